"""core.xlsx reads uploaded workbooks within limits: bombs are refused before openpyxl parses them."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from core.xlsx import XlsxError, XlsxLimits, read_rows, read_rows_async, read_values


def _book(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook ``data`` with the part ``name`` swapped for ``content`` (deflated)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        names = src.namelist()
        for item in names:
            dst.writestr(item, content if item == name else src.read(item), compresslevel=9)
        if name not in names:
            dst.writestr(name, content, compresslevel=9)
    return out.getvalue()


def _sheet(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>"
    )


def test_read_rows_keys_rows_by_their_header_and_keeps_row_numbers():
    data = _book(
        [
            ["姓名", "电话", None],
            [" 张三 ", "13800000000", None],
            [None, None, None],
            ["李四", " ", 5],
        ]
    )
    assert read_rows(data) == [
        {"姓名": " 张三 ", "电话": "13800000000", "_row": 2},
        {"姓名": "李四", "电话": None, "_row": 4},
    ]


def test_a_header_named_twice_is_refused_naming_it():
    with pytest.raises(XlsxError) as err:
        read_rows(_book([["姓名", "姓名"], ["a", "b"]]))
    assert err.value.field == "file" and '"姓名"' in err.value.detail


def test_a_small_zip_bomb_is_refused_from_its_declared_size_before_parsing():
    bomb = _replace_part(
        _book([["a"]]),
        "xl/worksheets/sheet1.xml",
        _sheet(b"<row>" + b"<c/>" * 20_000_000 + b"</row>"),
    )
    assert len(bomb) < 0.08 * 1024 * 1024  # 0.08 MB on disk, 80 MB unpacked
    started = time.monotonic()
    with pytest.raises(XlsxError) as err:
        read_values(bomb)
    assert "unpacks to" in err.value.detail and err.value.status == 422
    assert time.monotonic() - started < 5  # refused from the central directory, not by parsing


def test_a_bomb_within_the_size_limit_stops_at_the_cell_limit():
    row = b"<row>" + b"<c/>" * 50 + b"</row>"
    bomb = _replace_part(
        _book([["a"]]), "xl/worksheets/sheet1.xml", _sheet(row * 100_000)
    )  # 20 MB unpacked, and no <dimension>: openpyxl's read-only loader would scan it all first
    started = time.monotonic()
    with pytest.raises(XlsxError) as err:
        read_values(bomb, XlsxLimits(max_cells=50_000))
    assert "more than 50,000 cells" in err.value.detail
    assert time.monotonic() - started < 10  # stopped at the limit, not after reading 20 MB (~45 s here)


def test_too_many_rows_columns_and_shared_strings_are_refused():
    data = _book([[i] for i in range(50)])
    with pytest.raises(XlsxError, match="more than 10 rows"):
        read_values(data, XlsxLimits(max_rows=10))
    with pytest.raises(XlsxError, match="row 1 has more than 3 columns"):
        read_values(_book([[1, 2, 3, 4]]), XlsxLimits(max_columns=3))
    table = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>s</t></si>" * 300_000
        + b"</sst>"
    )
    bomb = _replace_part(data, "xl/sharedStrings.xml", table)
    with pytest.raises(XlsxError, match="more than 200,000 shared strings"):
        read_values(bomb, XlsxLimits(max_shared_strings=200_000))


def test_junk_and_time_limits_answer_with_a_message():
    with pytest.raises(XlsxError, match="not a readable XLSX workbook"):
        read_values(b"PK\x03\x04 not really a zip")
    rows = b"".join(
        b'<row><c t="inlineStr"><is><t>%d</t></is></c></row>' % i for i in range(50_000)
    )
    slow = _replace_part(_book([["a"]]), "xl/worksheets/sheet1.xml", _sheet(rows))
    with pytest.raises(XlsxError, match="longer than 0.05 seconds"):
        read_values(slow, XlsxLimits(max_seconds=0.05))


async def test_the_async_reader_runs_in_a_thread_and_keeps_the_loop_free():
    import asyncio

    data = _book([["n"], *[[i] for i in range(20_000)]])
    ticks = 0

    async def tick():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    try:
        rows = await read_rows_async(data)
    finally:
        ticker.cancel()
    assert len(rows) == 20_000 and rows[-1] == {"n": 19_999, "_row": 20_001}
    assert ticks >= 3  # the loop ran other work while the sheet was read
