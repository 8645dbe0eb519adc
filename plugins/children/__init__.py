"""留守儿童之家 — the left-behind and migrant children's home (DOMAIN.md §4), safe by design.

Children are persons of the register (under 18). Helpers are paired with them and record
contacts whose notes are encrypted at rest; the migrant children's home keeps 24-hour custody
and activities. Only the child's paired helpers, the home's director and the community
secretary open a child's record, every opening is logged, lists are masked, and a street or
city reads counts only (small counts shown as "<5").
"""

from core.plugins import PluginManifest

DEFAULT_CONTACT_DAYS = 30
DEFAULT_RETENTION_YEARS = 3

manifest = PluginManifest(
    id="children",
    title_zh="留守儿童之家",
    title_en="Children's home",
    version="0.1.0",
    description="留守儿童与流动儿童之家：结对帮扶、联系记录（加密）、托管签到签退、活动与分级统计",
    requires_core=">=0.1,<1",
    depends_on=(),
    levels=("community", "street"),
    config_schema={
        "type": "object",
        "properties": {
            "contact_days": {"type": "integer", "minimum": 1, "maximum": 365},
            "retention_years": {"type": "integer", "minimum": 1, "maximum": 30},
        },
        "additionalProperties": False,
    },
    default_config={
        "contact_days": DEFAULT_CONTACT_DAYS,
        "retention_years": DEFAULT_RETENTION_YEARS,
    },
)
