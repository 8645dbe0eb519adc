"""The party plugin's services (no HTTP here)."""

from plugins.party.services.clearances import ClearanceService
from plugins.party.services.community import CommunityService
from plugins.party.services.evaluations import EvaluationService, Tally
from plugins.party.services.feedback import FeedbackService, feedback_xlsx
from plugins.party.services.ledger import LedgerService, QuotaLine
from plugins.party.services.members import MemberService
from plugins.party.services.stats import FIGURES, PartyStats
from plugins.party.services.unit_side import UnitPartyService

__all__ = [
    "FIGURES",
    "PartyStats",
    "ClearanceService",
    "CommunityService",
    "EvaluationService",
    "FeedbackService",
    "LedgerService",
    "MemberService",
    "QuotaLine",
    "Tally",
    "UnitPartyService",
    "feedback_xlsx",
]
