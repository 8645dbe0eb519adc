"""The register as a spreadsheet: XLSX import with Chinese headers (atomic) and masked export.

Import checks every row before writing any: a file with one bad row writes nothing and the
answer names every bad row and its field, as provisioning does. Parsing runs in a thread
through :mod:`core.xlsx`, within its limits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, DomainError, Invalid, localize
from core.people.models import Person
from core.people.services import PersonService, vocabulary
from core.people.services._validate import (
    check_birth_date,
    check_choice,
    check_id_number,
    check_phone,
    check_tag,
    GENDERS,
    RELATIONS,
)
from core.people.services.persons import id_index
from core.privacy import is_minor
from core.people.schemas import person_out
from tenants.models import OrgUnit

MAX_ROWS = 20_000
HEADERS = {
    "姓名": "name",
    "性别": "gender",
    "出生日期": "birth_date",
    "证件类型": "id_type",
    "证件号码": "id_number",
    "身份证号": "id_number",
    "联系电话": "phone",
    "手机号码": "phone",
    "楼栋": "building",
    "单元": "unit_no",
    "房号": "room",
    "网格编码": "grid_code",
    "与户主关系": "relation_to_head",
    "标签": "tags",
    "备注": "notes",
}
"""Chinese column headers (the English field names are accepted too)."""
FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_type",
    "id_number",
    "phone",
    "building",
    "unit_no",
    "room",
    "grid_code",
    "relation_to_head",
    "tags",
    "notes",
)
GENDER_WORDS = {"男": "male", "女": "female"}
ID_TYPE_WORDS = {
    "居民身份证": "resident",
    "身份证": "resident",
    "港澳居民": "hk_macao",
    "台湾居民": "taiwan",
    "护照": "passport",
    "外国人永久居留身份证": "foreign_permanent",
    "其他": "other",
}
RELATION_WORDS = {
    "户主": "head",
    "配偶": "spouse",
    "子女": "child",
    "父母": "parent",
    "祖父母": "grandparent",
    "孙子女": "grandchild",
    "兄弟姐妹": "sibling",
    "其他": "other",
}
EXPORT_HEADERS = (
    "编号",
    "姓名",
    "性别",
    "出生日期",
    "证件类型",
    "证件号码",
    "联系电话",
    "楼栋",
    "单元",
    "房号",
    "所属组织",
    "与户主关系",
    "标签",
    "状态",
)


@dataclass
class RowError:
    """One bad cell of an import: the sheet row, the field and why (a message id and its params)."""

    row: int
    field: str
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The reason in English (the console shows it through ``core.web.i18n.localized``)."""
        return localize(self)


class ImportRefused(Exception):
    """The file was refused; ``errors`` names every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


async def read_rows(data: bytes, max_rows: int = MAX_ROWS) -> list[tuple[int, dict[str, Any]]]:
    """The sheet's data rows as ``(row number, {field: value})``, read off the event loop by
    :mod:`core.xlsx` within its limits (zip bombs, rows, cells, time)."""
    from core.xlsx import XlsxError, XlsxLimits, read_values_async

    try:
        values = await read_values_async(data, XlsxLimits(max_rows=max_rows + 1))
    except XlsxError as exc:
        raise ImportRefused([RowError(0, "file", exc.msgid, exc.params)]) from exc
    header = values[0][1] if values else []
    columns = [HEADERS.get(str(h).strip(), str(h).strip()) if h is not None else "" for h in header]
    if "name" not in columns:
        raise ImportRefused(
            [RowError(1, "姓名", N_("The first row must hold the headers, 姓名 among them."))]
        )
    return [
        (number, {c: v for c, v in zip(columns, row, strict=False) if c in FIELDS})
        for number, row in values[1:]
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value).replace("/", "-").replace(".", "-"))
    except ValueError:
        raise Invalid(
            N_("{field} must be a date like 2026-01-31, got {value}"),
            field=field,
            params={"value": _text(value)},
        ) from None


def _row_fields(
    raw: dict[str, Any], grids: dict[str, int], vocab, titles: dict[str, str]
) -> dict[str, Any]:
    name = _text(raw.get("name"))
    if not name:
        raise Invalid(N_("{field} must not be empty"), field="name")
    gender = _text(raw.get("gender"))
    id_type = _text(raw.get("id_type")) or "resident"
    relation = _text(raw.get("relation_to_head"))
    fields: dict[str, Any] = {
        "name": name[:100],
        "gender": check_choice(GENDER_WORDS.get(gender, gender), GENDERS, "gender"),
        "id_type": ID_TYPE_WORDS.get(id_type, id_type),
        "relation_to_head": check_choice(
            RELATION_WORDS.get(relation, relation), RELATIONS, "relation_to_head"
        ),
        "building": _text(raw.get("building"))[:32],
        "unit_no": _text(raw.get("unit_no"))[:32],
        "room": _text(raw.get("room"))[:32],
        "notes": _text(raw.get("notes"))[:5000] or None,
    }
    birth = check_birth_date(_date(raw.get("birth_date"), "birth_date"))
    fields["id_number"], fields["birth_date"] = check_id_number(
        fields["id_type"], _text(raw.get("id_number")) or None, birth
    )
    fields["phone"] = check_phone(_text(raw.get("phone")) or None)
    code = _text(raw.get("grid_code"))
    if code:
        if code not in grids:
            raise Invalid(
                N_("{field}: no grid with code {code} in this org"),
                field="grid_code",
                params={"code": code},
            )
        fields["grid_id"] = grids[code]
    tags = []
    for word in _text(raw.get("tags")).replace("，", ",").replace("、", ",").split(","):
        if word.strip():
            tag = check_tag(titles.get(word.strip(), word.strip()), vocab, "tags")
            tags.append({"tag": tag.code, "since": None, "until": None, "sensitive": tag.sensitive})
    if any(t["sensitive"] for t in tags) and is_minor(fields["birth_date"]):
        raise Invalid(
            N_("{field}: record a guardian's consent before adding sensitive tags to a minor"),
            field="tags",
        )
    fields["tags"] = [{k: v for k, v in t.items() if k != "sensitive"} for t in tags]
    return fields


async def import_people(
    session: AsyncSession, org: OrgUnit, rows: list[tuple[int, dict[str, Any]]], plugins=None
) -> int:
    """Register every row at ``org`` or raise ImportRefused naming every bad row (nothing written)."""
    org_rows = (
        await session.execute(
            select(OrgUnit.code, OrgUnit.id).where(
                OrgUnit.path.startswith(org.path), OrgUnit.level == "grid"
            )
        )
    ).all()
    grids = {code: oid for code, oid in org_rows}
    vocab = vocabulary(plugins)
    titles = {t.title_zh: t.code for t in vocab.values()}
    errors: list[RowError] = []
    checked: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in rows:
        try:
            fields = _row_fields(raw, grids, vocab, titles)
        except DomainError as exc:
            errors.append(RowError(number, exc.field or "", exc.msgid, exc.params))
            continue
        bidx = id_index(fields["id_number"])
        if bidx is not None and bidx in seen:
            errors.append(
                RowError(
                    number,
                    "id_number",
                    N_("The same document number as row {other}."),
                    {"other": seen[bidx]},
                )
            )
            continue
        if bidx is not None:
            seen[bidx] = number
        checked.append(fields)
    if seen:
        taken = set(
            (
                await session.execute(
                    select(Person.id_number_bidx).where(Person.id_number_bidx.in_(list(seen)))
                )
            ).scalars()
        )
        errors.extend(
            RowError(seen[b], "id_number", N_("This document number is already registered."))
            for b in taken
        )
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    service = PersonService(session, plugins)
    for fields in checked:
        await service.create(org, fields)
    return len(checked)


async def export_people(
    session: AsyncSession,
    org: OrgUnit,
    persons: list[Person],
    tags: dict[int, list[str]],
    plugins=None,
) -> bytes:
    """A masked XLSX of ``persons`` with Chinese headers."""
    from openpyxl import Workbook

    vocab = vocabulary(plugins)
    names = dict(
        (
            await session.execute(
                select(OrgUnit.id, OrgUnit.name).where(OrgUnit.path.startswith(org.path))
            )
        ).all()
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("人员")
    sheet.append(list(EXPORT_HEADERS))
    gender = {v: k for k, v in GENDER_WORDS.items()}
    id_types = {v: k for k, v in ID_TYPE_WORDS.items()}
    relations = {v: k for k, v in RELATION_WORDS.items()}
    for p in persons:
        out = person_out(p)
        sheet.append(
            [
                p.id,
                out["name"],
                gender.get(p.gender, ""),
                out["birth_date"],
                id_types.get(p.id_type, p.id_type),
                out["id_number"],
                out["phone"],
                p.building,
                p.unit_no,
                p.room,
                names.get(p.org_id, ""),
                relations.get(p.relation_to_head, ""),
                "、".join(vocab[t].title_zh if t in vocab else t for t in tags.get(p.id, [])),
                p.status,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
