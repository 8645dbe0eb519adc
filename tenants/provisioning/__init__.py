"""Provisioning documents: a territory subtree (nodes, first admins, modules) in JSON, YAML or XLSX.

``parse_document`` reads a document into a flat, parent-first list of :class:`NodeSpec`;
``validate_plan`` checks it against the level of the org it will be created under;
``load_plan`` does both and reports every problem in one :class:`ProvisionDocumentError`.
Nothing here touches the database.
"""

from ._parse import parse_document
from ._spec import (
    DEFAULT_ADMIN_ROLES,
    LEVELS,
    MAX_DOCUMENT_BYTES,
    MAX_NODES,
    AdminSpec,
    NodeSpec,
    ProvisionDocumentError,
    ProvisionError,
)
from ._validate import BASE_ROLES, load_plan, validate_plan

__all__ = [
    "BASE_ROLES",
    "DEFAULT_ADMIN_ROLES",
    "LEVELS",
    "MAX_DOCUMENT_BYTES",
    "MAX_NODES",
    "AdminSpec",
    "NodeSpec",
    "ProvisionDocumentError",
    "ProvisionError",
    "load_plan",
    "parse_document",
    "validate_plan",
]
