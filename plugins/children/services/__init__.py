"""The children's home logic, one service per concern; no HTTP here."""

from plugins.children.services._common import CARE, CUSTODY
from plugins.children.services.children import NOTE_COLUMNS, ChildService
from plugins.children.services.home import ActivityService, CustodyService
from plugins.children.services.consents import ConsentService
from plugins.children.services.pairings import PairingService, notes_of
from plugins.children.services.record import RECORD_FIELDS, build_record, open_record
from plugins.children.services.stats import StatsService, hide_breakdown, hide_small

from plugins.children.services._common import persons_by_id  # noqa: E402

__all__ = [
    "persons_by_id",
    "CARE",
    "CUSTODY",
    "NOTE_COLUMNS",
    "RECORD_FIELDS",
    "ActivityService",
    "ConsentService",
    "build_record",
    "open_record",
    "ChildService",
    "CustodyService",
    "PairingService",
    "StatsService",
    "hide_breakdown",
    "hide_small",
    "notes_of",
]
