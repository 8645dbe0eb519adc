"""Console error answers: login redirects and 403/404 pages in the user's language."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.middleware._internal.exceptions.middleware import create_exception_response
from litestar.response import Redirect, Template

from core.context import PasswordChangeRequired
from core.errors import DomainError, domain_error_handler
from core.web import i18n
from core.web.csrf import request_token
from core.web.middleware import SECURITY_HEADERS
from core.web.render import LoginRequired


def _error_page(request: Request, status: int) -> Template:
    locale = i18n.get_locale()
    return Template(
        template_name="error.html",
        context={
            "status": status,
            "user": None,
            "org": None,
            "nav": [],
            "csrf_token": request_token(request),
            "locale": locale,
            "html_lang": i18n.HTML_LANG[locale],
            "flash": None,
            "request_path": request.url.path,
        },
        status_code=status,
    )


def login_redirect(request: Request, _exc: Exception) -> Redirect:
    """Send an anonymous visitor to the login form, coming back here afterwards."""
    return Redirect(f"/login?next={quote(request.url.path)}", status_code=303)


def password_change_redirect(_request: Request, _exc: Exception) -> Redirect:
    """An account whose password an administrator set goes to the password form first."""
    return Redirect("/account/password", status_code=303)


def forbidden_page(request: Request, _exc: Exception) -> Template:
    """The 403 page."""
    return _error_page(request, 403)


def not_found_page(request: Request, _exc: Exception) -> Template:
    """The 404 page."""
    return _error_page(request, 404)


def unavailable_page(request: Request, _exc: Exception) -> Template:
    """The 503 page: the database is unreachable for a moment (core.unavailable adds Retry-After)."""
    return _error_page(request, 503)


def domain_error_page(request: Request, exc: DomainError) -> Response:
    """A service refused: 403/404 pages for those, the plain JSON shape for anything else."""
    if exc.status == 403:
        return forbidden_page(request, exc)
    if exc.status == 404:
        return not_found_page(request, exc)
    return domain_error_handler(request, exc)


def app_not_found(request: Request, exc: HTTPException) -> Response:
    """App-wide 404: the HTML page outside the JSON API, Litestar's JSON answer inside it."""
    if request.url.path.startswith("/api/") or request.url.path.startswith("/schema"):
        return create_exception_response(request, exc)
    # An unmatched path never reaches route middleware, so pick the language and headers here.
    i18n.set_locale(
        i18n.negotiate(
            request.cookies.get(i18n.LANG_COOKIE), request.headers.get("accept-language")
        )
    )
    response = not_found_page(request, exc)
    response.headers.update({k.decode(): v.decode() for k, v in SECURITY_HEADERS})
    return response


PAGE_EXCEPTION_HANDLERS = {
    LoginRequired: login_redirect,
    NotAuthorizedException: login_redirect,
    PasswordChangeRequired: password_change_redirect,
    PermissionDeniedException: forbidden_page,
    NotFoundException: not_found_page,
    DomainError: domain_error_page,
}
