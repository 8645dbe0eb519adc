"""The patrol line's logic, one service per concern; no HTTP here.

Import services from this package; the modules behind it are private to the plugin.
"""

# Imported for its flush listener: every session that writes patrol rows keeps the daily
# roll-up in step (the services, routes, pages, jobs and demo all come through here).
import plugins.patrol.figures  # noqa: F401
from plugins.patrol.services.checkins import CheckInService
from plugins.patrol.services.export import stats_workbook
from plugins.patrol.services.notifications import NotificationService
from plugins.patrol.services.registers import ActivityService, MeetingService, MerchantService
from plugins.patrol.services.reports import PhotoStore, ReportService, sniff_image
from plugins.patrol.services.shifts import ShiftService
from plugins.patrol.services.stats import PatrolStats, StatsService
from plugins.patrol.services.teams import MemberService, TeamService

__all__ = [
    "ActivityService",
    "CheckInService",
    "MeetingService",
    "MemberService",
    "MerchantService",
    "NotificationService",
    "PatrolStats",
    "PhotoStore",
    "ReportService",
    "ShiftService",
    "StatsService",
    "TeamService",
    "sniff_image",
    "stats_workbook",
]
