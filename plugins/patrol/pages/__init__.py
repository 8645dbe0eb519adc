"""Console pages of the patrol line, mounted by core under /orgs/{org_id:int}/patrol.

One module per area; pages call the same services as the API. A refused form comes back
to its page with the reason (naming the field) as a flash message, and nothing of it is
written; every form posts and redirects (303), so the pages work without JavaScript.
"""

from plugins.patrol.pages import checkin, figures, registers, reports, shifts, teams

PAGES = [
    *figures.PAGES,
    *teams.PAGES,
    *shifts.PAGES,
    *checkin.PAGES,
    *reports.PAGES,
    *registers.PAGES,
]

__all__ = ["PAGES"]
