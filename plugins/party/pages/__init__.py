"""Console pages of the party plugin: the community's under /orgs/{org_id}/party, the unit's under
/units/{unit_id}/party. Every form posts and redirects (303) and works without JavaScript."""

from plugins.party.pages.community import PAGES
from plugins.party.pages.unit import UNIT_PAGES

__all__ = ["PAGES", "UNIT_PAGES"]
