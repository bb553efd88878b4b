"""Read one sheet of an .xlsx workbook as numbered rows of text, formulas kept as text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from userdata.read.delimited import Record
from userdata.read.errors import UploadError
from userdata.read.limits import MAX_COLUMNS

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Compound File Binary: the old .xls format, and also what Excel wraps an encrypted .xlsx in.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_zip(data: bytes) -> bool:
    """Return whether the bytes start like a zip archive (as every .xlsx does)."""
    return data[:4] in ZIP_MAGIC


def open_workbook(data: bytes, file_name: str) -> Any:
    """Open the bytes as a read-only workbook whose formulas stay text.

    Raises
    ------
    UploadError
        ``not_xlsx`` (``file_name``, ``reason``: ``"not_zip"``, ``"zip_not_xlsx"``,
        ``"corrupt"``).
    """
    # openpyxl is imported here so reading a CSV never pays for it.
    import openpyxl

    if not is_zip(data):
        raise UploadError("not_xlsx", file_name=file_name, reason="not_zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadError("not_xlsx", file_name=file_name, reason="corrupt") from None
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        # A .docx, .ods or plain zip: a zip, but not a workbook.
        raise UploadError("not_xlsx", file_name=file_name, reason="zip_not_xlsx")
    try:
        # data_only=False: a formula cell's value is its text ("=SUM(A1:A3)"), and nothing is
        # ever evaluated or taken from a cached result the planner cannot see.
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # openpyxl raises KeyError, ValueError, lxml errors... for broken parts
        raise UploadError("not_xlsx", file_name=file_name, reason="corrupt") from None


def worksheet_names(workbook: Any) -> tuple[str, ...]:
    """Return the names of the workbook's worksheets (chart sheets hold no table)."""
    return tuple(ws.title for ws in workbook.worksheets)


def pick_sheet(workbook: Any, sheet: str | None) -> Any:
    """Return the named worksheet, or the first one.

    Raises
    ------
    UploadError
        ``unknown_sheet`` (``sheet``, ``sheets``).
    """
    names = worksheet_names(workbook)
    if sheet is None:
        return workbook.worksheets[0]
    if sheet not in names:
        raise UploadError("unknown_sheet", sheet=sheet, sheets=list(names))
    return workbook[sheet]


def iter_sheet_records(worksheet: Any) -> Iterator[Record]:
    """Yield the sheet's rows as ``(row number, cells as text, formula column indices)``.

    Rows are read lazily, so a caller that stops early does not parse the rest.

    Raises
    ------
    UploadError
        ``too_many_columns`` (``count``, ``limit``) for a row with a value past column
        :data:`~userdata.read.limits.MAX_COLUMNS`.
    """
    # The stored dimension can be wrong (some writers put "A1"); ignore it and read all rows.
    # Without a dimension rows are not padded to a common width, which keeps wide, mostly
    # empty sheets cheap.
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(min_row=1), start=1):
        last = len(row) - 1
        while last >= 0 and row[last].value is None:
            last -= 1
        if last >= MAX_COLUMNS:
            raise UploadError("too_many_columns", count=last + 1, limit=MAX_COLUMNS)
        cells: list[str] = []
        formulas: list[int] = []
        for i in range(last + 1):
            cell = row[i]
            value = cell.value
            if value is None:
                cells.append("")
            elif cell.data_type == "f":
                formulas.append(i)
                cells.append(_formula_text(value))
            else:
                cells.append(cell_text(value, cell.number_format))
        while cells and not cells[-1]:  # a cell of spaces is empty too
            cells.pop()
        yield number, cells, tuple(f for f in formulas if f < len(cells))


def _formula_text(value: Any) -> str:
    # Array and data-table formulas come as objects that carry their text.
    text = getattr(value, "text", None) or str(value)
    text = text.strip()
    return text if text.startswith("=") else "=" + text


def cell_text(value: Any, number_format: str = "General") -> str:
    """Render a cell's stored value as the text a planner sees in the sheet.

    Integral numbers lose their ``.0``; a number shown in a percent format becomes
    ``"12.5%"`` (the sheet stores 0.125); dates become ISO dates.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if "%" in (number_format or ""):
            # Decimal arithmetic: 0.07 * 100 in floats is 7.000000000000001.
            shifted = Decimal(repr(value)).scaleb(2).normalize()
            return f"{_plain_decimal(shifted)}%"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


def _plain_decimal(d: Decimal) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
