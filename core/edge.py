"""Input checks at the edge, for every route of core and of every plugin.

One ASGI middleware runs after routing and before guards, authentication and handlers, so a
plugin merged later inherits it without doing anything. It answers 4xx naming the field for
input the database or the parsers would otherwise turn into a 500:

- integers outside the 32-bit ``INTEGER`` range: in the path (404, there is no such id), in
  the query and anywhere in a JSON body (422);
- NUL characters (PostgreSQL refuses them in text) and lone surrogates in any string (422);
- bodies and query strings that are not UTF-8 (400), JSON nested deeper than
  :data:`MAX_DEPTH` (400);
- multipart bodies that do not parse, have more than :data:`MAX_PARTS` parts, or lack the
  file part a handler taking an ``UploadFile`` needs (400).

The body is read once here (within the route's body size limit) and left in Litestar's
connection state, so handlers decode nothing twice.
"""

from __future__ import annotations

import re
import types
import weakref
import typing
from collections.abc import AsyncGenerator
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from litestar import Request
from litestar._multipart import parse_multipart_form
from litestar.datastructures import UploadFile
from litestar.exceptions import ClientException, NotFoundException
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from core.errors import N_, Invalid

__all__ = ["MAX_DEPTH", "MAX_INT", "MAX_PARTS", "InputGuardMiddleware", "check_value"]

MAX_INT = 2**31 - 1  # every integer column is a 32-bit INTEGER
MAX_DEPTH = 32  # no request of shequ nests deeper (msgspec itself stops at RecursionError)
MAX_PARTS = 64  # parts of one multipart body (a console form has a dozen)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_INT_STRING = re.compile(r"^[+-]?\d+$")


class BadInput(ClientException):
    """Input no route can use (400): not UTF-8, nested too deep, an unreadable multipart body."""


def _bad_text(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    if "\x00" in text:
        return N_("{field} contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return N_("{field} contains a lone surrogate character")
    return None


def _check_text(text: str, where: str) -> None:
    if (msgid := _bad_text(text)) is not None:
        raise Invalid(msgid, field=where)


def _check_int(value: int, where: str) -> None:
    if not -MAX_INT - 1 <= value <= MAX_INT:
        raise Invalid(
            N_("{field} is out of range: {value}"), field=where, params={"value": str(value)[:24]}
        )


def check_value(value: Any, root: str = "data") -> None:
    """Refuse (422 naming the field) NUL, lone surrogates and out-of-range integers in decoded input."""
    stack: list[tuple[Any, str, int]] = [(value, root, 0)]
    while stack:
        item, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadInput(f"JSON is nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, str):
            _check_text(item, where)
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int):
            _check_int(item, where)
        elif isinstance(item, dict):
            for key, inner in item.items():
                name = str(key) if where == root else f"{where}.{key}"
                _check_text(str(key), name)
                stack.append((inner, name, depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((inner, f"{where}[{i}]", depth + 1) for i, inner in enumerate(item))


def decode_json_body(body: bytes) -> Any:
    """Decode a JSON body strictly: UTF-8, bounded nesting, then :func:`check_value`."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"the request body is not valid UTF-8 (byte {exc.start})") from None
    try:
        value = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise BadInput(str(exc)) from None
    except RecursionError:
        raise BadInput(f"JSON is nested deeper than {MAX_DEPTH} levels") from None
    check_value(value)
    return value


def _query_pairs(scope: Scope) -> list[tuple[str, str]]:
    raw = scope.get("query_string", b"")
    if not raw:
        return []
    try:
        return parse_qsl(
            raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError:
        raise BadInput("the query string is not valid UTF-8") from None


def _plain(annotation: Any) -> Any:
    """``int`` for ``int``, ``int | None`` and ``Annotated[int, ...]``; the annotation otherwise."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(inner) == 1:
            return _plain(inner[0])
    return annotation


# Per route handler object. Keyed weakly, not by ``id()``: a handler of an app that is gone
# (tests build hundreds) may be collected and its id reused by another app's handler.
_INT_QUERY: weakref.WeakKeyDictionary[Any, frozenset[str]] = weakref.WeakKeyDictionary()


def _int_query_names(handler: Any) -> frozenset[str]:
    """Query parameters the handler declares as integers, by the name the client sends."""
    try:
        cached = _INT_QUERY.get(handler)
    except TypeError:  # Litestar's own OPTIONS handlers take no weak reference; they have no query
        return _read_int_query_names(handler)
    if cached is None:
        cached = _INT_QUERY[handler] = _read_int_query_names(handler)
    return cached


def _read_int_query_names(handler: Any) -> frozenset[str]:
    names = set()
    for name, field in handler.parsed_fn_signature.parameters.items():
        if _plain(field.annotation) is int:
            kwarg = field.kwarg_definition
            names.add(getattr(kwarg, "query", None) or name)
    return frozenset(names)


def _wants_upload(handler: Any) -> bool:
    field = handler.parsed_fn_signature.parameters.get("data")
    return field is not None and _plain(field.annotation) is UploadFile


async def _one_chunk(body: bytes) -> AsyncGenerator[bytes, None]:
    yield body


class InputGuardMiddleware:
    """Check path, query and body of every routed request before guards and handlers see them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse bad input with 4xx; hand the checked body on in the connection state."""
        if scope["type"] == "http":
            self._check_path(scope)
            handler = scope.get("route_handler")
            int_names = _int_query_names(handler) if handler is not None else frozenset()
            for name, value in _query_pairs(scope):
                _check_text(value, name)
                if name in int_names and _INT_STRING.match(value.strip()):
                    _check_int(int(value), name)
            if scope.get("method") in _BODY_METHODS and handler is not None:
                await self._check_body(scope, receive, handler)
        await self.app(scope, receive, send)

    @staticmethod
    def _check_path(scope: Scope) -> None:
        for name, value in (scope.get("path_params") or {}).items():
            if (
                isinstance(value, int)
                and not isinstance(value, bool)
                and not -MAX_INT - 1 <= value <= MAX_INT
            ):
                raise NotFoundException(detail=f"{name}: {value} not found")
            if isinstance(value, str):
                _check_text(value, name)

    @staticmethod
    async def _check_body(scope: Scope, receive: Receive, handler: Any) -> None:
        request: Request = Request(scope, receive)
        content_type, options = request.content_type
        body = await request.body()  # honours the route's body size limit (413)
        if not body:
            return
        state = ScopeState.from_scope(scope)
        if content_type == "application/json" or content_type.endswith("+json"):
            state.json = decode_json_body(body)
        elif content_type == "application/x-www-form-urlencoded":
            try:
                pairs = parse_qsl(
                    body.decode("latin-1"),
                    keep_blank_values=True,
                    encoding="utf-8",
                    errors="strict",
                )
            except UnicodeDecodeError:
                raise BadInput("the form is not valid UTF-8") from None
            for name, value in pairs:
                _check_text(name, "data")
                _check_text(value, name)
        elif content_type == "multipart/form-data":
            state.form = await _parse_multipart(
                body, options.get("boundary"), _wants_upload(handler)
            )


async def _parse_multipart(body: bytes, boundary: str | None, wants_upload: bool) -> dict[str, Any]:
    if not boundary:
        raise BadInput("data: multipart boundary missing in Content-Type")
    try:
        form = await parse_multipart_form(_one_chunk(body), boundary.encode("latin-1"), MAX_PARTS)
    except UnicodeDecodeError:
        raise BadInput("data: a form field is not valid UTF-8") from None
    except ClientException as exc:
        if "Entity Too Large" in str(exc.detail):
            raise BadInput(f"data: more than {MAX_PARTS} parts in the multipart body") from None
        raise BadInput(f"data: {exc.detail}") from None
    files = 0
    for name, value in form.items():
        _check_text(name, "data")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                _check_text(item, name)
            elif isinstance(item, UploadFile):
                files += 1
                if item.filename:
                    _check_text(item.filename, f"{name}.filename")
    if wants_upload and not files:
        raise BadInput("data: the multipart body has no file part")
    return form
