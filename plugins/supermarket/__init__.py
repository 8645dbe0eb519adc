"""爱心超市 — the love supermarket (DOMAIN.md §3) on an auditable points ledger.

Residents and units donate goods; needy households take them free within a quota, or anyone
pays in points earned by volunteering; party members offer skills; residents' small wishes
are posted and taken up. Stock and points are movements, never edits, and reconcile monthly.
"""

from core.plugins import PluginManifest

DEFAULT_CONFIG = {
    "points_per_hour": 10,
    "award_approval_threshold": 100,
    "free_tags": ["dibao", "kunnan"],
    "free_quota_per_month": 5,
    "points_expire_months": 12,
}

manifest = PluginManifest(
    id="supermarket",
    title_zh="爱心超市",
    title_en="Love supermarket",
    version="0.1.0",
    description="爱心超市：捐赠登记、库存、积分账本（志愿服务积分）、兑换与免费领取、技能服务、微心愿、公示与对账",
    requires_core=">=0.1,<1",
    depends_on=(),
    levels=("community", "street"),
    config_schema={
        "type": "object",
        "properties": {
            "points_per_hour": {"type": "integer", "minimum": 0, "maximum": 1000},
            "award_approval_threshold": {"type": "integer", "minimum": 0, "maximum": 100000},
            "free_tags": {"type": "array", "items": {"type": "string", "maxLength": 32}},
            "free_quota_per_month": {"type": "integer", "minimum": 0, "maximum": 1000},
            # Points expire this many months after they were credited; 0: never.
            "points_expire_months": {"type": "integer", "minimum": 0, "maximum": 120},
        },
        "additionalProperties": False,
    },
    default_config=DEFAULT_CONFIG,
)
