"""Read an uploaded CSV, TSV or XLSX file into a :class:`RawTable` of text cells."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from userdata.read import spreadsheet
from userdata.read.delimited import Record, iter_records, sep_directive, sniff_separator
from userdata.read.encoding import decode_text
from userdata.read.errors import UploadError
from userdata.read.limits import HEADER_SEARCH_ROWS, MAX_BYTES, MAX_COLUMNS, MAX_ROWS, check_size
from userdata.read.roles import CRITERION, TIER, TOWN_KEY, header_role

XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab", "")
# Formats a planner may try that are recognisably not readable here.
REFUSED_EXTENSIONS = (".ods", ".numbers", ".pdf", ".doc", ".docx", ".json", ".xml", ".dbf")
_LOOKAHEAD = 5  # rows after a header candidate that must fit under it


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row above the header (a title), with its line number and its cells joined."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class RawTable:
    """An uploaded table as text, before any interpretation.

    Attributes
    ----------
    file_name : str
    format : str
        ``"csv"`` or ``"xlsx"``.
    header : tuple of str
        The header row, padded to the table's width.
    rows : tuple of tuple of str
        Data rows (blank rows left out), each as wide as the header; cells are stripped.
    lines : tuple of int
        For each data row, its 1-based line (CSV) or row (XLSX) number in the file as the
        user sees it, counting title rows, blank lines and the header.
    header_line : int
        Line/row number of the header.
    title_rows : tuple of SkippedRow
        Non-blank rows above the header, skipped as titles.
    formulas : frozenset of (int, int)
        ``(row index, column index)`` of formula cells: XLSX formulas and CSV cells starting
        with ``=``; their text is kept and never evaluated.
    encoding : str or None
        Text files: ``"utf-8"``, ``"utf-8-sig"``, ``"cp1251"`` or ``"kz1048"``.
    separator : str or None
        Text files: ``","``, ``";"`` or tab.
    sheet : str or None
        XLSX: the sheet read.
    sheets : tuple of str
        XLSX: every worksheet, in workbook order.
    """

    file_name: str
    format: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    header_line: int
    title_rows: tuple[SkippedRow, ...] = ()
    formulas: frozenset[tuple[int, int]] = frozenset()
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()

    @property
    def other_sheets(self) -> tuple[str, ...]:
        """Worksheets other than the one read, for a UI to offer."""
        return tuple(s for s in self.sheets if s != self.sheet)

    @property
    def n_columns(self) -> int:
        """Number of columns."""
        return len(self.header)

    def column(self, index: int) -> list[str]:
        """Return one column's cells, top to bottom."""
        return [row[index] for row in self.rows]


def read_upload(data: bytes, file_name: str, sheet: str | None = None) -> RawTable:
    """Read an uploaded file into a table of text cells.

    Parameters
    ----------
    data : bytes
        The whole file (at most :data:`~userdata.read.limits.MAX_BYTES`).
    file_name : str
        Its name as uploaded; the extension is a hint, the content decides.
    sheet : str, optional
        XLSX: the sheet to read (default: the first worksheet).

    Returns
    -------
    RawTable

    Raises
    ------
    UploadError
        ``too_large``, ``empty_file``, ``binary_file``, ``bad_encoding``, ``xls_format``,
        ``not_xlsx``, ``unsupported_format``, ``unknown_sheet``, ``empty_sheet``,
        ``no_header``, ``no_data``, ``too_many_rows``, ``too_many_columns``.
    """
    check_size(len(data))
    extension = os.path.splitext(file_name)[1].casefold()
    if data.startswith(spreadsheet.CFB_MAGIC):
        raise UploadError("xls_format", file_name=file_name)
    if spreadsheet.is_zip(data) or extension in XLSX_EXTENSIONS:
        return _read_xlsx(data, file_name, sheet)
    if extension == ".xls":
        raise UploadError("xls_format", file_name=file_name)
    if extension in REFUSED_EXTENSIONS:
        raise UploadError("unsupported_format", extension=extension)
    return _read_text(data, file_name, extension)


def read_path(path: str | os.PathLike[str], sheet: str | None = None) -> RawTable:
    """Read a file from disk, refusing one over the size limit before reading it.

    The size is checked with ``stat`` and at most ``MAX_BYTES + 1`` bytes are read, so a
    50 MB file (or one that grows while being read) is never loaded whole.

    Raises
    ------
    UploadError
        As :func:`read_upload`, and ``cannot_read`` (``reason``) if the file cannot be opened.
    """
    path = Path(path)
    try:
        check_size(path.stat().st_size)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UploadError("cannot_read", reason=exc.strerror or type(exc).__name__) from None
    return read_upload(data, path.name, sheet)


def _read_text(data: bytes, file_name: str, extension: str) -> RawTable:
    text, encoding = decode_text(data)
    directive = sep_directive(text)
    preferred = "\t" if extension in (".tsv", ".tab") else None
    sep = directive or sniff_separator(text, preferred)
    records = iter_records(text, sep, skip_first_line=directive is not None)
    skipped = [SkippedRow(1, text.split("\n", 1)[0].strip())] if directive else []
    return _assemble(records, file_name, "csv", skipped, encoding=encoding, separator=sep)


def _read_xlsx(data: bytes, file_name: str, sheet: str | None) -> RawTable:
    workbook = spreadsheet.open_workbook(data, file_name)
    try:
        sheets = spreadsheet.worksheet_names(workbook)
        if not sheets:
            raise UploadError("empty_file")
        worksheet = spreadsheet.pick_sheet(workbook, sheet)
        records = spreadsheet.iter_sheet_records(worksheet)
        try:
            return _assemble(records, file_name, "xlsx", [], sheet=worksheet.title, sheets=sheets)
        except UploadError as exc:
            if exc.code == "empty_file":
                raise UploadError("empty_sheet", sheet=worksheet.title) from None
            raise
    finally:
        workbook.close()  # read-only workbooks keep the zip open until closed


def _assemble(
    records: Iterator[Record], file_name: str, kind: str, skipped: list[SkippedRow], **meta: Any
) -> RawTable:
    """Find the header among the first rows, then collect the data rows under it."""
    head: list[Record] = []
    for record in records:
        if record[1]:
            _check_width(record[1])
            head.append(record)
            if len(head) >= HEADER_SEARCH_ROWS + _LOOKAHEAD:
                break
    if not head:
        raise UploadError("empty_file")
    at = find_header([cells for _, cells, _ in head])
    header_line, header_cells, _ = head[at]
    skipped += [SkippedRow(line, " ".join(c for c in cells if c)) for line, cells, _ in head[:at]]
    rows: list[list[str]] = []
    lines: list[int] = []
    formulas: list[tuple[int, int]] = []

    def take(record: Record) -> None:
        line, cells, formula_columns = record
        formulas.extend((len(rows), c) for c in formula_columns)
        rows.append(cells)
        lines.append(line)

    for record in head[at + 1 :]:
        take(record)
    for record in records:  # the same iterator: reading resumes where the header search stopped
        if not record[1]:
            continue
        if len(rows) >= MAX_ROWS:
            # Stop at the first row over the limit: a bigger file is not parsed to its end.
            raise UploadError("too_many_rows", limit=MAX_ROWS)
        _check_width(record[1])
        take(record)
    if not rows:
        raise UploadError("no_data", header_line=header_line)
    width = max(len(header_cells), max(len(r) for r in rows))
    return RawTable(
        file_name=file_name,
        format=kind,
        header=tuple(_pad(header_cells, width)),
        rows=tuple(tuple(_pad(r, width)) for r in rows),
        lines=tuple(lines),
        header_line=header_line,
        title_rows=tuple(skipped),
        formulas=frozenset(formulas),
        **meta,
    )


def _check_width(cells: list[str]) -> None:
    if len(cells) > MAX_COLUMNS:
        raise UploadError("too_many_columns", count=len(cells), limit=MAX_COLUMNS)


def _pad(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells)) if len(cells) < width else cells


def find_header(rows: list[list[str]]) -> int:
    """Return the index of the header among the first non-blank rows.

    The header is the first row with at least two non-empty cells under which the next rows
    are no wider. Header words settle doubtful cases: a row naming the town column
    ("Город", "town_id"...) is preferred even if a row below it is wider (an unheaded notes
    column), and a row with any recognised header word is preferred to one without, so a
    two-cell title ("Потенциал; 2013") above a two-column table is not taken for the header.

    Parameters
    ----------
    rows : list of list of str
        The first non-blank rows, trailing empty cells removed.

    Raises
    ------
    UploadError
        ``no_header`` (``rows_checked``) if no row has two non-empty cells.
    """
    window = rows[:HEADER_SEARCH_ROWS]
    filled = [sum(1 for c in cells if c) >= 2 for cells in window]
    fitting = [
        filled[i] and all(len(r) <= len(window[i]) for r in rows[i + 1 : i + 1 + _LOOKAHEAD])
        for i in range(len(window))
    ]
    suggested = [{header_role(c) for c in cells if c} for cells in window]
    town = [TOWN_KEY in s for s in suggested]
    known = [bool(s & {TOWN_KEY, TIER, CRITERION}) for s in suggested]
    for ok in (
        [f and k for f, k in zip(fitting, town, strict=True)],
        [f and k for f, k in zip(filled, town, strict=True)],
        [f and k for f, k in zip(fitting, known, strict=True)],
        fitting,
        filled,
    ):
        if any(ok):
            return ok.index(True)
    raise UploadError("no_header", rows_checked=len(window))
