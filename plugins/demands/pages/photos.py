"""Console photos of a demand: upload one from the demand's page, and show them there.

The same service as the API (``PhotoService``): JPEG, PNG or WebP by their bytes, at most
5 MB, six per demand; a refusal comes back as a flash naming ``file`` and writes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from core.context import RequestContext
from core.web.forms import submit
from plugins.demands.services import PhotoService
from plugins.demands.services.photos import MAX_BYTES

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


@post("/{demand_id:int}/photos", name="demands.photos.post")
async def photo_post(
    request: Request, ctx: RequestContext, org_id: int, demand_id: int, data: Upload
) -> Redirect:
    """Attach a photo to the demand."""
    upload = data.get("file")
    fields = {"_csrf": data.get("_csrf") if isinstance(data.get("_csrf"), str) else ""}

    async def work() -> None:
        await ctx.enter_org(org_id, "demands:demand", "update")
        content = await upload.read(MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
        await PhotoService(ctx.session).add(demand_id, content, ctx.user.id)

    return await submit(request, ctx, fields, f"/orgs/{org_id}/demands/{demand_id}", work)


@get("/{demand_id:int}/photos/{photo_id:int}", name="demands.photo")
async def photo(ctx: RequestContext, org_id: int, demand_id: int, photo_id: int) -> Response[bytes]:
    """The bytes of one photo (for the demand's page)."""
    await ctx.enter_org(org_id, "demands:demand", "read")
    found = await PhotoService(ctx.session).get(demand_id, photo_id)
    return Response(
        found.data,
        media_type=found.content_type,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"},
    )


PAGES = [photo_post, photo]
