"""The love supermarket's logic, one service per concern; no HTTP here.

Import services from this package; the modules behind it are private to the plugin.
"""

from plugins.supermarket.services.community import SkillServices, WishBoard
from plugins.supermarket.services.expiry import ExpiryRun, ExpiryService, refuse_if_expired
from plugins.supermarket.services.ledger import LedgerService
from plugins.supermarket.services.notice import masked_names, notice, unit_names, workbook
from plugins.supermarket.services.points import AwardService, VolunteerCredits
from plugins.supermarket.services.reconcile import (
    Reconciliation,
    ReconciliationService,
    Stats,
    StatsService,
    month_bounds,
)
from plugins.supermarket.services.redemptions import Quota, RedemptionService
from plugins.supermarket.services.stock import StockService

__all__ = [
    "AwardService",
    "ExpiryRun",
    "ExpiryService",
    "LedgerService",
    "Quota",
    "Reconciliation",
    "ReconciliationService",
    "RedemptionService",
    "SkillServices",
    "Stats",
    "StatsService",
    "StockService",
    "VolunteerCredits",
    "WishBoard",
    "masked_names",
    "month_bounds",
    "notice",
    "refuse_if_expired",
    "unit_names",
    "workbook",
]
