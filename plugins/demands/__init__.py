"""民情流水线 — the resident-demand pipeline (DOMAIN.md §6), the seeds' central practice.

Every channel's demands are taken in, disposed of in one of five ways with working-day
deadlines, escalated up the territory tree when beyond the community, supervised when late,
and closed only when solved; the resident is told three times and rates the result, on a
public page that needs no account.
"""

from core.plugins import PluginManifest
from plugins.demands.vocab import DEFAULT_CATEGORIES

manifest = PluginManifest(
    id="demands",
    title_zh="民情流水线",
    title_en="Resident-demand pipeline",
    version="0.1.0",
    description="民情受理、五类限期办理、逐级上报、督办、三次告知与满意度评价、七公开与统计",
    requires_core=">=0.1,<1",
    depends_on=(),
    levels=("community", "street"),
    config_schema={
        "type": "object",
        "properties": {
            "promise_days": {"type": "integer", "minimum": 1, "maximum": 60},
            "reply_days": {"type": "integer", "minimum": 1, "maximum": 60},
            "supervision_days": {"type": "integer", "minimum": 1, "maximum": 60},
            "unit_days": {"type": "integer", "minimum": 1, "maximum": 60},
            "rating_days": {"type": "integer", "minimum": 1, "maximum": 365},
            "categories": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,31}$"},
                "minItems": 1,
                "uniqueItems": True,
            },
            "category_labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "public_submit_limit": {"type": "string", "pattern": "^[0-9]+/(minute|hour|day)$"},
            "public_lookup_limit": {"type": "string", "pattern": "^[0-9]+/(minute|hour|day)$"},
            "open311_limit": {"type": "string", "pattern": "^[0-9]+/(minute|hour|day)$"},
        },
        "additionalProperties": False,
    },
    default_config={
        # 承诺件: 3 working days unless the disposition says otherwise (seed 004).
        "promise_days": 3,
        # 上报件: reply to the resident within 3 working days of the superior's answer.
        "reply_days": 3,
        # 督办单: the new limit a supervision order sets, in working days.
        "supervision_days": 2,
        # 上报件 handed to a unit: the unit's limit for its answer, in working days.
        "unit_days": 5,
        # Closed demands the resident has not rated within this many days count as 未评价.
        "rating_days": 15,
        "categories": list(DEFAULT_CATEGORIES),
        "category_labels": {},
        "public_submit_limit": "5/hour",
        "public_lookup_limit": "20/hour",
        # Open311 GeoReport v2 reads (services.json, requests.json), per address.
        "open311_limit": "120/hour",
    },
)
