"""Form parsing and the post-redirect step every console page shares (core and plugins).

A form field that cannot be read is refused the way a service refuses a rule (``Invalid``
naming the field), so a page shows one kind of message for both and writes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from typing import Annotated

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from core.context import RequestContext
from core.errors import N_, DomainError, Invalid
from core.web import csrf
from core.web.i18n import gettext, localized
from core.web.render import back
from core.localtime import LOCAL_TZ, local_today

Form = Body(media_type=RequestEncodingType.URL_ENCODED)
FormData = Annotated[dict[str, str], Form]


def today() -> date:
    """Today in China, where the forms' dates and the roster's days are."""
    return local_today()


def text(data: dict[str, str], name: str, limit: int, *, required: bool = False) -> str:
    """A trimmed text field, at most ``limit`` characters."""
    value = (data.get(name) or "").strip()
    if required and not value:
        raise Invalid(N_("{field} is required"), field=name)
    if len(value) > limit:
        raise Invalid(
            N_("{field} is longer than {limit} characters"), field=name, params={"limit": limit}
        )
    return value


def integer(
    data: dict[str, str],
    name: str,
    *,
    required: bool = True,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """A whole-number field (None when optional and empty)."""
    raw = (data.get(name) or "").strip()
    if not raw:
        if required:
            raise Invalid(N_("{field} is required"), field=name)
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(N_("{field} must be a whole number"), field=name) from None
    if minimum is not None and value < minimum:
        raise Invalid(
            N_("{field} must be at least {minimum}"), field=name, params={"minimum": minimum}
        )
    if maximum is not None and value > maximum:
        raise Invalid(
            N_("{field} must be at most {maximum}"), field=name, params={"maximum": maximum}
        )
    return value


def day(data: dict[str, str], name: str, *, required: bool = True) -> date | None:
    """A date field (YYYY-MM-DD)."""
    raw = (data.get(name) or "").strip()
    if not raw and not required:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(N_("{field} must be a date like 2026-01-31"), field=name) from None


def clock(data: dict[str, str], name: str) -> time:
    """A time-of-day field (HH:MM)."""
    try:
        return time.fromisoformat((data.get(name) or "").strip())
    except ValueError:
        raise Invalid(N_("{field} must be a time like 08:30"), field=name) from None


def local_datetime(data: dict[str, str], name: str) -> datetime:
    """A ``datetime-local`` field, read as Beijing time."""
    try:
        value = datetime.fromisoformat((data.get(name) or "").strip())
    except ValueError:
        raise Invalid(
            N_("{field} must be a date and time like 2026-01-31T08:30"), field=name
        ) from None
    return value.replace(tzinfo=LOCAL_TZ)


def reason(exc: DomainError) -> str:
    """A refusal as a flash text in the reader's language that names the field at fault."""
    text = localized(exc)
    if exc.field and exc.field not in text:
        return f"{exc.field}: {text}"
    return text


async def submit(
    request: Request,
    ctx: RequestContext,
    data: dict[str, str],
    url: str,
    work: Callable[[], Awaitable[str | None]],
    saved: str | None = None,
) -> Redirect:
    """Check the CSRF token, run ``work`` and go back to ``url`` with its message.

    A refusal rolls everything back and comes back as an error flash; a missing right
    (the guard's or a service's ``Forbidden``) is not turned into a flash and stays a 403.
    """
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    try:
        message = await work()
    except DomainError as exc:
        if exc.status == 403:
            raise
        await ctx.session.rollback()
        return back(url, "error", reason(exc))
    return back(url, "ok", message or saved or gettext("Saved"))
