"""在职党员双重管理 — in-service party members managed by their employer and their community (DOMAIN.md §5).

A party member who works for a unit reports (报到) to the community where they live; the
community keeps the ledger of their service against a yearly quota, consults them, records
their conduct, has representatives rate them once a year (民主评议), and sends the employer a
yearly feedback form (反馈单). The employer's party organisation — a unit account, scoped to
its unit through core.partners — sees its own members' records in every community, asks
before promoting or rewarding them, and nothing else.
"""

from core.plugins import PluginManifest

DEFAULT_POSTS = (
    "政策宣传岗",
    "环境卫生岗",
    "治安巡防岗",
    "矛盾调解岗",
    "扶贫帮困岗",
    "文明引导岗",
    "便民服务岗",
    "文体活动岗",
    "青少年教育岗",
    "社区议事岗",
)

manifest = PluginManifest(
    id="party",
    title_zh="在职党员双重管理",
    title_en="In-service party members",
    version="0.1.0",
    description="在职党员到社区报到、认领服务岗位、服务台账与年度任务、民主评议、反馈单、评先评优前征求意见",
    requires_core=">=0.1,<1",
    depends_on=(),
    levels=("community", "street"),
    config_schema={
        "type": "object",
        "properties": {
            "posts": {
                "type": "array",
                "items": {"type": "string", "minLength": 1, "maxLength": 50},
                "minItems": 1,
                "maxItems": 30,
            },
            "quota_min": {"type": "integer", "minimum": 0, "maximum": 50},
            "quota_target": {"type": "integer", "minimum": 0, "maximum": 50},
            "clearance_days": {"type": "integer", "minimum": 1, "maximum": 60},
            "remind_from_month": {"type": "integer", "minimum": 1, "maximum": 12},
        },
        "additionalProperties": False,
    },
    default_config={
        "posts": list(DEFAULT_POSTS),
        "quota_min": 1,
        "quota_target": 2,
        "clearance_days": 5,
        "remind_from_month": 10,
    },
)
