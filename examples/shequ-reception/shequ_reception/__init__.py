"""接待日 reception-day log: who the secretary received, about what, and with what outcome."""

from core.plugins import PluginManifest

manifest = PluginManifest(
    id="reception",
    title_zh="接待日",
    title_en="Reception day",
    version="0.1.0",
    description="Log of the secretary's weekly reception half day: date, receiver, visitor, matter, outcome.",
    requires_core=">=0.1,<1",
    levels=("street", "community"),
    config_schema={
        "type": "object",
        "properties": {
            "min_days_per_week": {"type": "integer", "minimum": 1, "maximum": 5},
            "weekday": {"type": "integer", "minimum": 1, "maximum": 7},
        },
        "additionalProperties": False,
    },
    default_config={"min_days_per_week": 1, "weekday": 3},
)
