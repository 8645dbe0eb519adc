"""Console pages of the children's home, mounted by core under /orgs/{org_id:int}/children.

Pages call the same services and the same access rule as the API; every form posts and
redirects (303), so they work without JavaScript, and they are laid out for a 360 px phone.
"""

from plugins.children.pages import custody, home

PAGES = [*home.PAGES, *custody.PAGES]

__all__ = ["PAGES"]
