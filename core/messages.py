"""Translatable messages: an English message id with named params, rendered where it is shown.

A message id is an English sentence with ``{name}`` placeholders, marked with :func:`N_` so
``pybabel extract`` finds it. Whoever shows the message picks the language: the JSON API
renders it in English (:func:`localize` without ``gettext``), the console with the request's
``gettext``. A param may itself be a message (``{"msgid": …, "params": …}``, see
:func:`message_of`); it is rendered in the same language. Params are otherwise shown as they
are: user data is never translated.

This module imports nothing of the app, so services, jobs and the web layer can all use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a message id for extraction; it is translated later, where it is shown."""
    return message


def json_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Params as JSON-safe values (runs store them): text, numbers, nested messages, else str()."""
    safe: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if value is None or isinstance(value, str | int | float | bool):
            safe[key] = value
        elif isinstance(value, Mapping) and "msgid" in value:
            safe[key] = {"msgid": str(value["msgid"]), "params": json_params(value.get("params"))}
        else:
            safe[key] = str(value)
    return safe


def message_of(item: Any) -> dict[str, Any] | str:
    """``item`` (an error carrying ``msgid``/``params``) as a param that renders in any language."""
    msgid = getattr(item, "msgid", None)
    if msgid:
        return {"msgid": msgid, "params": json_params(getattr(item, "params", None))}
    return str(getattr(item, "detail", None) or item)


def _parts(item: Any) -> tuple[str | None, Mapping[str, Any]]:
    if isinstance(item, Mapping):
        return item.get("msgid"), item.get("params") or {}
    return getattr(item, "msgid", None), getattr(item, "params", None) or {}


def _fallback(item: Any) -> str:
    """What to show for an item without a usable message id."""
    if isinstance(item, Mapping):
        return str(item.get("message") or item.get("detail") or item.get("msgid") or "")
    return str(getattr(item, "detail", None) or item)


def _format(template: str, params: Mapping[str, Any]) -> str | None:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None


def localize(item: Any, gettext: Gettext | None = None) -> str:
    """The message of an error, run row or param in the language of ``gettext`` (None: English).

    ``item`` is anything with ``msgid``/``params`` attributes (``DomainError``,
    ``ProvisionError``), a mapping with those keys (a stored run row), or anything else, whose
    ``detail`` or ``str()`` (a row's ``message``) is returned as it is. A translation whose placeholders
    do not fit the params falls back to English rather than failing the page.
    """
    msgid, params = _parts(item)
    if not msgid:
        return _fallback(item)
    shown = {
        key: localize(value, gettext) if isinstance(value, Mapping) and "msgid" in value else value
        for key, value in params.items()
    }
    if gettext is not None:
        translated = _format(gettext(msgid), shown)
        if translated is not None:
            return translated
    english = _format(msgid, shown)
    return english if english is not None else msgid
