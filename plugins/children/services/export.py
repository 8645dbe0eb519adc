"""The names export: one sheet of the community's children, masked unless revealed."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from core.people import person_ref
from core.privacy import age_on
from core.localtime import local_today
from plugins.children.vocab import label


def names_workbook(rows, reveal: bool) -> bytes:
    """An XLSX of (child, person) rows: name (masked unless ``reveal``), age, category, school."""
    book = Workbook()
    sheet = book.active
    sheet.title = "儿童名单"
    sheet.append(["姓名", "年龄", "类别", "学校", "班级"])
    today = local_today()
    for child, person in rows:
        name = person.name if reveal else person_ref(person).name
        sheet.append(
            [
                name,
                age_on(person.birth_date, today),
                label("categories", child.category),
                child.school,
                child.class_name,
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
