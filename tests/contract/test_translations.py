"""The catalogues keep up with the code: every message id is extracted, translated and compiled.

A string marked with ``N_``/``_`` that nobody extracted, a zh_CN entry left empty or fuzzy,
a translation that drops a placeholder, or a .po edited without recompiling its .mo would
each show English (or an error) to a Chinese user; these tests fail instead. A domain error
raised with a ready-made English sentence (an f-string) cannot be translated at all, so that
is refused too. The commands that fix each failure are in docs/translating.md.
"""

from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "core" / "web" / "translations"
LOCALES = ("zh_CN", "en")
SOURCE_DIRS = ("core", "tenants", "plugins")
ERROR_TYPES = {"DomainError", "Invalid", "NotFound", "Conflict", "Forbidden", "RunFailed"}
# The message id's position in each constructor: ProvisionError(ref, field, msgid, params).
MSGID_POSITION = {**dict.fromkeys(ERROR_TYPES, 0), "ProvisionError": 2}


def _po(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def _ids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def _placeholders(text: str) -> tuple[set[str], set[str]]:
    """``{name}`` (str.format, error messages) and ``%(name)s`` (templates) placeholders."""
    braces = set()
    try:
        braces = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # a lone brace: not a format string
        pass
    return braces, set(re.findall(r"%\((\w+)\)", text))


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    """Every message id in the code and templates, extracted as pybabel would with babel.cfg."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    return {
        msgid
        for _file, _line, msgid, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords
        )
        if isinstance(msgid, str) and msgid
    }


def test_every_message_id_in_the_code_is_in_the_catalogues(extracted):
    for locale in LOCALES:
        missing = sorted(extracted - _ids(_po(locale)))
        assert not missing, f"{locale}: extract and update the catalogues; missing {missing[:10]}"


def test_every_chinese_message_is_translated_and_not_fuzzy():
    catalog = _po("zh_CN")
    assert not catalog.fuzzy, "the zh_CN header is marked fuzzy: compile would skip it"
    bad = sorted(m.id for m in catalog if m.id and (not m.string or m.fuzzy))
    assert not bad, f"zh_CN: translate these (and drop any fuzzy flag): {bad[:10]}"


def test_chinese_translations_keep_every_placeholder():
    wrong = [
        (m.id, m.string)
        for m in _po("zh_CN")
        if m.id and m.string and _placeholders(m.id) != _placeholders(m.string)
    ]
    assert not wrong, f"placeholders differ between msgid and msgstr: {wrong[:5]}"


def test_english_falls_back_to_the_message_id():
    catalog = _po("en")
    assert not catalog.fuzzy, "the en header is marked fuzzy: compile would skip it"
    translated = sorted(m.id for m in catalog if m.id and m.string and m.string != m.id)
    assert not translated, f"en: message ids are English; leave msgstr empty: {translated[:10]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_its_po(locale):
    """The committed .mo says what compiling the .po now would (compared by content)."""
    compiled = io.BytesIO()
    write_mo(compiled, _po(locale))
    compiled.seek(0)
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo", "rb") as f:
        committed = read_mo(f)

    def content(catalog) -> dict:
        return {m.id: m.string for m in catalog if m.id}

    assert content(committed) == content(read_mo(compiled)), (
        f"{locale}: the .mo is stale; run pybabel compile -d core/web/translations"
    )


def _raise_sites():
    for top in SOURCE_DIRS:
        for path in sorted((ROOT / top).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                position = MSGID_POSITION.get(name)
                if position is None or len(node.args) <= position:
                    continue
                yield path.relative_to(ROOT), node.lineno, node.args[position]


def _translatable(arg: ast.expr) -> bool:
    """A marked id (``N_("…")``) or a name/attribute holding one; never text built at the raise."""
    if isinstance(arg, ast.Call):
        func = getattr(arg.func, "id", None)
        return func == "N_" or (func == "str" and _str_of_exc(arg))
    return isinstance(arg, ast.Name | ast.Attribute)


def _str_of_exc(call: ast.Call) -> bool:
    # RunFailed(str(exc), rows): the summary of a refused document; the rows carry msgids.
    return len(call.args) == 1 and isinstance(call.args[0], ast.Name) and call.args[0].id == "exc"


def test_domain_errors_are_raised_with_message_ids():
    wrong = [f"{path}:{line}" for path, line, arg in _raise_sites() if not _translatable(arg)]
    assert not wrong, (
        "raise errors as Invalid(N_('… {name} …'), field=…, params={…}), not with built text: "
        + ", ".join(wrong)
    )
