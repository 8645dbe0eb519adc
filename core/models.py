"""One place that imports every model, so metadata is complete for Alembic and tests."""

from __future__ import annotations

from sqlalchemy import MetaData


def load_all_models() -> MetaData:
    """Import core, tenancy and installed plugin models; return the shared metadata."""
    import core.audit.models  # noqa: F401
    import core.jobs.outbox  # noqa: F401
    import core.jobs.runs  # noqa: F401
    import core.people.models  # noqa: F401
    import core.privacy.models  # noqa: F401
    import core.users.models  # noqa: F401
    import tenants.models  # noqa: F401
    from core.db import Base

    try:
        from core.plugins import import_plugin_models
    except ImportError:  # the plugin framework is optional at this layer
        pass
    else:
        import_plugin_models()
    return Base.metadata
