"""The pipeline's logic, one service per concern; no HTTP here."""

from plugins.demands.services.handling import HandlingService
from plugins.demands.services.intake import DemandService
from plugins.demands.services.photos import PhotoService
from plugins.demands.services.public import PublicService, check_rate
from plugins.demands.services.registers import DiaryService, DisclosureService, TopicService
from plugins.demands.services.stats import DemandStats, StatsService, stats_workbook
from plugins.demands.services.supervision import SupervisionService

__all__ = [
    "DemandService",
    "DemandStats",
    "DiaryService",
    "DisclosureService",
    "HandlingService",
    "PhotoService",
    "PublicService",
    "StatsService",
    "SupervisionService",
    "TopicService",
    "check_rate",
    "stats_workbook",
]
