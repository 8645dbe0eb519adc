"""Authorization for shequ: role templates at domain '*', role links per org subtree."""

from .engine import (
    DESIGNS,
    MODEL_PATH,
    POLICIES_DIR,
    AncestorAuthorizer,
    Authorizer,
    CachedAuthorizer,
    DomainMatchAuthorizer,
    Grant,
    Link,
    RowsAdapter,
    ancestor_paths,
    check_path,
    load_base_grants,
    make_authorizer,
    plugin_grants,
)

__all__ = [
    "DESIGNS",
    "MODEL_PATH",
    "POLICIES_DIR",
    "AncestorAuthorizer",
    "Authorizer",
    "CachedAuthorizer",
    "DomainMatchAuthorizer",
    "Grant",
    "Link",
    "RowsAdapter",
    "ancestor_paths",
    "check_path",
    "load_base_grants",
    "make_authorizer",
    "plugin_grants",
]
