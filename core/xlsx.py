"""Reading uploaded XLSX workbooks safely, off the event loop.

An XLSX file is a zip archive: 80 KB can unpack to gigabytes (a zip bomb), and openpyxl
parses on whatever thread calls it. Every reader here first checks the archive's declared
sizes and its shared-string count, then streams the first sheet under :class:`XlsxLimits`
(rows, cells, columns, time), and the ``*_async`` forms run all of it in a worker thread so
the event loop keeps serving (``/health/live`` included) while a big sheet is read::

    from core.xlsx import XlsxLimits, read_rows_async

    rows = await read_rows_async(data, XlsxLimits(max_rows=10_000))
    for row in rows:            # {"姓名": "张三", "电话": "138…", "_row": 2}
        ...

A workbook over a limit raises :class:`XlsxError`, an ``Invalid`` (422) naming the field
``file``, with a translatable message saying which limit.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
import zipfile
from dataclasses import dataclass
from typing import Any

from core.errors import N_, Invalid

__all__ = [
    "XlsxError",
    "XlsxLimits",
    "read_rows",
    "read_rows_async",
    "read_values",
    "read_values_async",
]


@dataclass(frozen=True)
class XlsxLimits:
    """How much work one workbook may cause; the defaults suit a register of tens of thousands."""

    max_rows: int = 100_000
    """Rows of the sheet, blank ones included (they cost parsing too)."""
    max_cells: int = 2_000_000
    """Cells over all rows, empty ones included."""
    max_columns: int = 200
    """Cells in one row."""
    max_shared_strings: int = 500_000
    """Entries of the shared-string table, which openpyxl loads whole before the first row."""
    max_uncompressed_bytes: int = 64 * 1024 * 1024
    """Declared unpacked size of all parts together (zipfile refuses parts larger than declared)."""
    max_parts: int = 1_000
    """Files inside the archive."""
    max_seconds: float = 30.0
    """Wall time for the whole read."""


class XlsxError(Invalid):
    """The upload is not a workbook this reader accepts (422 naming ``file``)."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid, field="file", params=params)


_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
_CHUNK = 1 << 20


def _check_archive(data: bytes, limits: XlsxLimits, deadline: float) -> None:
    """Refuse a bomb before openpyxl touches it: part count, unpacked size, shared strings."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise XlsxError(
            N_("not a readable XLSX workbook ({problem})"), problem=type(exc).__name__
        ) from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.max_parts:
            raise XlsxError(
                N_("the workbook holds more than {limit:,} parts"), limit=limits.max_parts
            )
        unpacked = sum(p.file_size for p in parts)
        if unpacked > limits.max_uncompressed_bytes:
            raise XlsxError(
                N_("the workbook unpacks to {size:,} bytes; the limit is {limit:,} bytes"),
                size=unpacked,
                limit=limits.max_uncompressed_bytes,
            )
        for part in parts:
            if part.filename.lower().endswith("sharedstrings.xml"):
                _count_shared_strings(archive, part, limits, deadline)


def _count_shared_strings(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: XlsxLimits, deadline: float
) -> None:
    count, tail = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            block = tail + chunk
            count += len(_SHARED_STRING.findall(block))
            # Keep a short tail so a tag split across chunks is seen once, in the next block.
            cut = max(0, len(block) - 64)
            count -= len(_SHARED_STRING.findall(block[cut:]))
            tail = block[cut:]
            if count > limits.max_shared_strings:
                raise XlsxError(
                    N_("the workbook has more than {limit:,} shared strings"),
                    limit=limits.max_shared_strings,
                )
            _check_time(deadline, limits)
    count += len(_SHARED_STRING.findall(tail))
    if count > limits.max_shared_strings:
        raise XlsxError(
            N_("the workbook has more than {limit:,} shared strings"),
            limit=limits.max_shared_strings,
        )


def _check_time(deadline: float, limits: XlsxLimits) -> None:
    if time.monotonic() > deadline:
        raise XlsxError(
            N_("reading the workbook took longer than {limit} seconds"), limit=limits.max_seconds
        )


def read_values(data: bytes, limits: XlsxLimits | None = None) -> list[tuple[int, list[Any]]]:
    """The non-blank rows of the first sheet as ``(row number, cell values)``; blank text is None."""
    limits = limits or XlsxLimits()
    deadline = time.monotonic() + limits.max_seconds
    _check_archive(data, limits, deadline)
    try:
        reader, sheet_path = _open_book(data)
    except XlsxError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on junk input
        raise XlsxError(N_("not a readable XLSX workbook ({problem})"), problem=type(exc).__name__) from exc
    try:
        return _stream(reader, sheet_path, limits, deadline)
    except XlsxError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt sheet fails while streaming rows
        raise XlsxError(N_("not a readable XLSX workbook ({problem})"), problem=type(exc).__name__) from exc
    finally:
        reader.archive.close()


def _open_book(data: bytes):
    """openpyxl's reader with strings, workbook and styles read, and the first sheet's part name.

    Not ``load_workbook(read_only=True)``: it scans a whole sheet for its size when the sheet
    has no ``<dimension>``, before any row is read and beyond any limit (an 80 KB bomb then
    holds a core for half a minute). The rows are streamed here instead, under the limits.
    """
    from openpyxl.reader.excel import ExcelReader  # heavy; only spreadsheet uploads pay for it
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)  # date formats: which numbers are dates
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return reader, rel.target
    reader.archive.close()
    raise XlsxError(N_("the workbook has no sheet"))


def _stream(reader, sheet_path: str, limits: XlsxLimits, deadline: float) -> list[tuple[int, list[Any]]]:
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = reader.wb
    out: list[tuple[int, list[Any]]] = []
    cells = 0
    with reader.archive.open(sheet_path) as source:
        parser = WorkSheetParser(source, reader.shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for seen, (number, row) in enumerate(parser.parse(), start=1):
            # Rows missing from the file are blank; they count like the rows that are there.
            if number > limits.max_rows or seen > limits.max_rows:
                raise XlsxError(N_("the sheet has more than {limit:,} rows"), limit=limits.max_rows)
            width = max((c["column"] for c in row), default=0)
            if width > limits.max_columns or len(row) > limits.max_columns:
                raise XlsxError(N_("row {row} has more than {limit:,} columns"), row=number,
                                limit=limits.max_columns)
            cells += max(width, len(row))
            if cells > limits.max_cells:
                raise XlsxError(N_("the sheet has more than {limit:,} cells"), limit=limits.max_cells)
            if seen % 256 == 0:
                _check_time(deadline, limits)
            values: list[Any] = [None] * width
            for cell in row:
                value = cell["value"]
                values[cell["column"] - 1] = None if isinstance(value, str) and not value.strip() else value
            if any(v is not None for v in values):
                out.append((number, values))
    return out


def read_rows(data: bytes, limits: XlsxLimits | None = None) -> list[dict[str, Any]]:
    """The first sheet as dicts keyed by its header (the first non-blank row), with ``_row``.

    Header cells are stripped text; blank header cells drop their column; a header that
    appears twice is refused.
    """
    values = read_values(data, limits)
    if not values:
        raise XlsxError(N_("the first sheet is empty"))
    header_row, header = values[0]
    columns: dict[int, str] = {}
    for index, cell in enumerate(header):
        if cell is None:
            continue
        name = str(cell).strip()
        if name in columns.values():
            raise XlsxError(N_('column "{column}" appears twice'), column=name)
        columns[index] = name
    rows = []
    for number, cells in values[1:]:
        row: dict[str, Any] = {
            name: cells[i] if i < len(cells) else None for i, name in columns.items()
        }
        row["_row"] = number
        rows.append(row)
    return rows


async def _in_thread(fn, data: bytes, limits: XlsxLimits | None):
    limits = limits or XlsxLimits()
    try:
        # The reader stops itself at max_seconds; the wait is a backstop for a stuck parser.
        return await asyncio.wait_for(asyncio.to_thread(fn, data, limits), limits.max_seconds + 5)
    except TimeoutError as exc:
        raise XlsxError(
            N_("reading the workbook took longer than {limit} seconds"), limit=limits.max_seconds
        ) from exc


async def read_values_async(
    data: bytes, limits: XlsxLimits | None = None
) -> list[tuple[int, list[Any]]]:
    """:func:`read_values` in a worker thread: the event loop keeps serving meanwhile."""
    return await _in_thread(read_values, data, limits)


async def read_rows_async(data: bytes, limits: XlsxLimits | None = None) -> list[dict[str, Any]]:
    """:func:`read_rows` in a worker thread: the event loop keeps serving meanwhile."""
    return await _in_thread(read_rows, data, limits)
