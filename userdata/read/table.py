"""Read an uploaded CSV, TSV or XLSX file into a :class:`RawTable` of text cells."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from userdata.bidi import strip_bidi
from userdata.read import spreadsheet
from userdata.read.archive import is_zip
from userdata.read.delimited import iter_records, sep_directive, sniff_separator
from userdata.read.encoding import decode_text
from userdata.read.errors import UploadError
from userdata.read.limits import (
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    check_size,
)
from userdata.read.records import Overlong, Record
from userdata.read.roles import CRITERION, TIER, TOWN_KEY, header_role

XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab", "")
# Formats a planner may try that are recognisably not readable here.
REFUSED_EXTENSIONS = (".ods", ".numbers", ".pdf", ".doc", ".docx", ".json", ".xml", ".dbf")
_LOOKAHEAD = 5  # rows after a header candidate that must fit under it
LINE_TEXT_CHARS = 200  # of a malformed line, quoted in the preview


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row above the header (a title), with its line number and its cells joined."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class MalformedRow:
    """A line of delimited text whose number of fields differs from the header's.

    Its values are not taken as they fell (a stray separator would shift them into the
    wrong columns), and no column is made from its extra fields.

    Attributes
    ----------
    line : int
        Where the line starts in the file.
    text : str
        The line as written (its first :data:`LINE_TEXT_CHARS` characters).
    expected, found : int
        The header's number of fields and the line's.
    fields : tuple of str
        The line's fields as written, each cut to the cell limit.
    """

    line: int
    text: str
    expected: int
    found: int
    fields: tuple[str, ...]


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
        Text files: ``"utf-8"``, ``"utf-8-sig"`` or a code page (``"cp1251"``, ``"kz1048"``,
        ``"koi8_r"``, ``"cp866"``, ``"cp1252"``).
    separator : str or None
        Text files: ``","``, ``";"`` or tab.
    sheet : str or None
        XLSX: the sheet read.
    sheets : tuple of str
        XLSX: every worksheet, in workbook order.
    malformed : tuple of MalformedRow
        Text files: lines whose field count differs from the header's, not among ``rows``.
    overlong : mapping of (int, int) to Overlong
        ``(row index, column index)`` of cells cut to the cell limit while reading, with
        their real length; the header's cut cells are under row index -1.
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
    malformed: tuple[MalformedRow, ...] = ()
    overlong: Mapping[tuple[int, int], Overlong] = field(default_factory=dict)

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

    def with_rows(self, taken: Mapping[int, tuple[str, ...]]) -> RawTable:
        """This table with malformed lines read as ``taken`` gives them (line -> cells),
        each in its place among the rows; cells beyond the header's width are dropped."""
        if not taken:
            return self
        width = self.n_columns
        extra = [(line, tuple(_pad(list(cells[:width]), width))) for line, cells in taken.items()]
        merged = sorted([*zip(self.lines, self.rows, strict=True), *extra], key=lambda r: r[0])
        old_index = {line: i for i, line in enumerate(self.lines)}
        new_index = {line: i for i, (line, _) in enumerate(merged)}
        moved = {old: new_index[line] for line, old in old_index.items()}
        return replace(
            self,
            rows=tuple(cells for _, cells in merged),
            lines=tuple(line for line, _ in merged),
            malformed=tuple(m for m in self.malformed if m.line not in taken),
            formulas=frozenset((moved[r], c) for r, c in self.formulas),
            overlong={(moved.get(r, r), c): v for (r, c), v in self.overlong.items()},
        )


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
    file_name = strip_bidi(file_name)
    extension = os.path.splitext(file_name)[1].casefold()
    if data.startswith(spreadsheet.CFB_MAGIC):
        raise UploadError("xls_format", file_name=file_name)
    if is_zip(data) or extension in XLSX_EXTENSIONS:
        return _read_xlsx(data, file_name, sheet)
    if extension == ".xls":
        raise UploadError("xls_format", file_name=file_name)
    if extension in REFUSED_EXTENSIONS:
        raise UploadError("unsupported_format", extension=extension)
    return _read_text(data, file_name, extension)


def read_path(path: str | os.PathLike[str], sheet: str | None = None) -> RawTable:
    """Read a file from disk, refusing one over the size limit before reading it.

    Raises
    ------
    UploadError
        As :func:`read_upload` and :func:`load_bytes`.
    """
    return read_upload(load_bytes(path), Path(path).name, sheet)


def load_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, refusing one over the size limit before reading it.

    The size is checked with ``stat`` and at most ``MAX_BYTES + 1`` bytes are read, so a
    50 MB file (or one that grows while being read) is never loaded whole.

    Raises
    ------
    UploadError
        ``too_large``, ``empty_file``, and ``cannot_read`` (``reason``) if the file cannot be
        opened.
    """
    path = Path(path)
    try:
        check_size(path.stat().st_size)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UploadError("cannot_read", reason=exc.strerror or type(exc).__name__) from None
    check_size(len(data))
    return data


def _read_text(data: bytes, file_name: str, extension: str) -> RawTable:
    text, encoding = decode_text(data)
    text = strip_bidi(text)
    directive = sep_directive(text)
    preferred = "\t" if extension in (".tsv", ".tab") else None
    sep = directive or sniff_separator(text, preferred)
    records = iter_records(text, sep, skip_first_line=directive is not None)
    skipped = [SkippedRow(1, text.split("\n", 1)[0].strip()[:LINE_TEXT_CHARS])] if directive else []
    return _assemble(records, file_name, "csv", skipped, encoding=encoding, separator=sep)


def _read_xlsx(data: bytes, file_name: str, sheet: str | None) -> RawTable:
    found = spreadsheet.read_sheet(data, file_name, sheet)
    try:
        return _assemble(
            iter(found.records), file_name, "xlsx", [], sheet=found.name, sheets=found.names
        )
    except UploadError as exc:
        if exc.code == "empty_file":
            raise UploadError("empty_sheet", sheet=found.name) from None
        raise


def _assemble(
    records: Iterator[Record], file_name: str, kind: str, skipped: list[SkippedRow], **meta: Any
) -> RawTable:
    """Find the header among the first rows, then collect the data rows under it.

    In delimited text, a line whose number of fields differs from the header's is set aside
    as a :class:`MalformedRow` rather than read as its fields fell.
    """
    head: list[Record] = []
    for record in records:
        if record.cells:
            _check_width(record.cells)
            head.append(record)
            if len(head) >= HEADER_SEARCH_ROWS + _LOOKAHEAD:
                break
    if not head:
        raise UploadError("empty_file")
    at = find_header([r.cells for r in head])
    header = head[at]
    skipped += [
        SkippedRow(r.line, " ".join(c for c in r.cells if c)[:LINE_TEXT_CHARS]) for r in head[:at]
    ]
    expected = len(header.cells)
    sep = meta.get("separator") or ","
    rows: list[list[str]] = []
    lines: list[int] = []
    formulas: list[tuple[int, int]] = []
    overlong = {(-1, c): v for c, v in (header.overlong or {}).items()}
    malformed: list[MalformedRow] = []

    def take(record: Record) -> None:
        if record.fields is not None and (len(record.cells) > expected or record.fields < expected):
            found = len(record.cells) if len(record.cells) > expected else record.fields
            raw = tuple(f[: MAX_CELL_CHARS + 1] for f in record.raw or ())
            text = sep.join(raw)[:LINE_TEXT_CHARS]
            malformed.append(MalformedRow(record.line, text, expected, found, raw))
            return
        formulas.extend((len(rows), c) for c in record.formulas)
        overlong.update(((len(rows), c), v) for c, v in (record.overlong or {}).items())
        rows.append(record.cells)
        lines.append(record.line)

    for record in head[at + 1 :]:
        take(record)
    for record in records:  # the same iterator: reading resumes where the header search stopped
        if not record.cells:
            continue
        if len(rows) + len(malformed) >= MAX_ROWS:
            # Stop at the first row over the limit: a bigger file is not parsed to its end.
            raise UploadError("too_many_rows", limit=MAX_ROWS)
        _check_width(record.cells)
        take(record)
    if not rows and not malformed:
        raise UploadError("no_data", header_line=header.line)
    # Text files: every row fits under the header. Sheets: a column with values below an
    # empty header cell is a column of the sheet, shown with no header.
    width = max(expected, *(len(r) for r in rows)) if rows else expected
    return RawTable(
        file_name=file_name,
        format=kind,
        header=tuple(_pad(header.cells, width)),
        rows=tuple(tuple(_pad(r, width)) for r in rows),
        lines=tuple(lines),
        header_line=header.line,
        title_rows=tuple(skipped),
        formulas=frozenset(formulas),
        malformed=tuple(malformed),
        overlong=overlong,
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
