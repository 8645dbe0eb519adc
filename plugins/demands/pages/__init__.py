"""Pages of the pipeline, mounted by core under /orgs/{org_id:int}/demands.

``public`` needs no account (submit, track, rate, 七公开); the others are the console's.
Every form posts and comes back, so the pages work without JavaScript and at 360 px.
"""

from plugins.demands.pages import console, figures, public

PAGES = [*public.PAGES, *console.PAGES, *figures.PAGES]

__all__ = ["PAGES"]
