"""CSV downloads of what a preview could not use, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is run as a formula by Excel/LibreOffice when the CSV is
# opened ("CSV injection"); a leading apostrophe makes it text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Return a cell as text that a spreadsheet will not run as a formula.

    Examples
    --------
    >>> safe_cell("=SUM(A1:A3)"), safe_cell("-5"), safe_cell("Темиртау"), safe_cell(None)
    ("'=SUM(A1:A3)", "'-5", 'Темиртау', '')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], sep: str = ";") -> bytes:
    """Write a formula-safe CSV as UTF-8 with BOM (so Excel reads Cyrillic correctly).

    The default separator is ``;``: a Russian- or Kazakh-locale Excel opens a semicolon
    CSV into columns and a comma CSV into one column.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue().encode("utf-8-sig")
