"""Console pages of the love supermarket, mounted by core under /orgs/{org_id:int}/supermarket.

One module per area; pages call the same services as the API. A refused form comes back to
its page with the reason (naming the field) and writes nothing; every form posts and
redirects (303), so the pages work without JavaScript.
"""

from plugins.supermarket.pages import board, counter, figures, points, stock

PAGES = [*figures.PAGES, *stock.PAGES, *counter.PAGES, *points.PAGES, *board.PAGES]

__all__ = ["PAGES"]
