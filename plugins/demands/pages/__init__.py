"""Pages of the pipeline, mounted by core under /orgs/{org_id:int}/demands.

``public`` and ``open311`` (GeoReport v2, read-only JSON) need no account (submit, track,
rate, 七公开); the others are the console's.
``unit`` is mounted under /units/{unit_id:int}/demands for the units demands are handed to.
Every form posts and comes back, so the pages work without JavaScript and at 360 px.
"""

from plugins.demands.pages import console, figures, open311, photos, public, registers, unit

PAGES = [
    *public.PAGES,
    *open311.PAGES,
    *console.PAGES,
    *photos.PAGES,
    *registers.PAGES,
    *figures.PAGES,
]
UNIT_PAGES = list(unit.UNIT_PAGES)

__all__ = ["PAGES", "UNIT_PAGES"]
