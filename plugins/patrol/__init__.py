"""七色防线 — the seven-colour patrol defence line (DOMAIN.md §2), shequ's reference plugin.

Seven volunteer teams patrol a community's grids on a roster, check in and out from a phone,
run activities, file incident reports through a status flow, keep the merchant register and
the joint meetings, and the community, its street and its city read the figures.
"""

from core.plugins import PluginManifest

DEFAULT_PHOTO_MAX_BYTES = 5 * 1024 * 1024

manifest = PluginManifest(
    id="patrol",
    title_zh="七色防线",
    title_en="Seven-colour patrol line",
    version="0.1.0",
    description="七支志愿巡防队：排班、签到、活动、案件线索、商户登记、联席会议与统计",
    requires_core=">=0.1,<1",
    depends_on=(),
    # A street may switch the patrol line on for all its communities (and then reads their
    # figures through its own routes); a community may switch it on for itself.
    levels=("community", "street"),
    config_schema={
        "type": "object",
        "properties": {
            "photo_max_bytes": {"type": "integer", "minimum": 1024, "maximum": 20 * 1024 * 1024},
            "remind_members": {"type": "boolean"},
        },
        "additionalProperties": False,
    },
    default_config={"photo_max_bytes": DEFAULT_PHOTO_MAX_BYTES, "remind_members": True},
)
