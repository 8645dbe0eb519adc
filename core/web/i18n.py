"""Languages of the console: zh-CN by default, English by the user's choice, then Accept-Language.

Messages live in Babel catalogues under ``core/web/translations``; Python code marks
English message ids with :func:`gettext` and the zh_CN catalogue translates them.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from core.messages import N_ as N_  # re-exported: pages and jobs mark message ids with it
from core.messages import localize

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"
LANG_COOKIE = "shequ_lang"
# The HTML lang attribute of each locale.
HTML_LANG = {"zh_CN": "zh-CN", "en": "en"}

_current: ContextVar[str] = ContextVar("shequ_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of ``locale`` (message ids are English, so ``en`` may be empty):
    core's, plus the ``translations/`` catalogue each installed plugin ships for the ids core
    does not have (core's wording wins, so a plugin cannot reword the console)."""
    catalogue = Translations.load(str(TRANSLATIONS_DIR), [locale], domain="messages")
    if not isinstance(catalogue, Translations):
        return catalogue
    for folder in plugin_translation_dirs():
        extra = Translations.load(str(folder), [locale], domain="messages")
        if isinstance(extra, Translations):
            for msgid, text in extra._catalog.items():  # gettext's message table
                if msgid:  # the empty id is the catalogue's header
                    catalogue._catalog.setdefault(msgid, text)
    return catalogue


def plugin_translation_dirs() -> list[Path]:
    """The ``translations/`` folder of every installed plugin that ships one."""
    try:
        from core.plugins import get_plugin_manager

        plugins = get_plugin_manager().plugins.values()
    except Exception:  # noqa: BLE001 - a broken plugin set must not take the language away
        return []
    return [p.folder / "translations" for p in plugins if p.folder is not None and (p.folder / "translations").is_dir()]


def normalize(value: str | None) -> str | None:
    """Map a language tag like ``zh-cn`` or ``en-GB`` to a supported locale, else None."""
    if not value:
        return None
    tag = value.strip().replace("-", "_").lower()
    if tag.startswith("zh"):
        return "zh_CN"
    if tag.startswith("en"):
        return "en"
    return None


def negotiate(choice: str | None, accept_language: str | None) -> str:
    """The user's explicit choice if supported, else the best Accept-Language match, else zh_CN."""
    chosen = normalize(choice)
    if chosen:
        return chosen
    weighted = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag:
            weighted.append((-q, i, tag))
    for _q, _i, tag in sorted(weighted):
        found = normalize(tag)
        if found:
            return found
    return DEFAULT_LOCALE


def set_locale(locale: str) -> None:
    """Make ``locale`` the language of the current request."""
    _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)


def get_locale() -> str:
    """The language of the current request."""
    return _current.get()


def gettext(message: str) -> str:
    """Translate ``message`` into the current request's language."""
    return translations(get_locale()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a plural form."""
    return translations(get_locale()).ungettext(singular, plural, n)


def pick(zh: str, en: str) -> str:
    """Choose between a plugin's Chinese and English label (labels are data, not messages)."""
    return en if get_locale() == "en" and en else zh


def localized(item: object) -> str:
    """An error's (or run row's) message in the current request's language; see core.messages."""
    return localize(item, gettext)


_ = gettext
