"""Read one sheet of an .xlsx workbook as numbered rows of text, formulas kept as text.

Only what a table needs is read: the workbook's list of sheets, the one sheet asked for (the
first by default), the number formats of the styles (a date or a percent is shown as the
sheet shows it) and, last, only those entries of the shared-strings table that the sheet's
cells point to. Comments, drawings, images, other sheets and every other part stay unread.
Row and column numbers are checked against the limits as the sheet streams by, so a sheet
that declares row 20 000 000 or a value in column 5 000 is refused on reaching it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from userdata.bidi import strip_bidi
from userdata.read.archive import Archive, StopReading
from userdata.read.errors import UploadError
from userdata.read.limits import (
    HEADER_SEARCH_ROWS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHEET_ROW,
)
from userdata.read.records import Overlong, Record, cut

# Compound File Binary: the old .xls format, and also what Excel wraps an encrypted .xlsx in.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_MAX_ROW, EXCEL_MAX_COLUMN = 1_048_576, 16_384
# The header is among the first rows; this many non-empty rows are always enough to see
# that the data rows below it are more than MAX_ROWS.
_ENOUGH_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS + 10
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})$")
_KEEP = MAX_CELL_CHARS + 1  # characters of a text kept while reading; the rest are counted


@dataclass(frozen=True, slots=True)
class Sheet:
    """The sheet read, as records, with the workbook's sheet names."""

    name: str
    names: tuple[str, ...]
    records: list[Record]


def read_sheet(data: bytes, file_name: str, sheet: str | None = None) -> Sheet:
    """Read one worksheet (the first by default) of an .xlsx file.

    Raises
    ------
    UploadError
        As :class:`~userdata.read.archive.Archive`; ``empty_file`` for a workbook without
        worksheets; ``unknown_sheet`` (``sheet``, ``sheets``); ``too_many_columns``
        (``count``, ``limit``); ``too_many_rows`` (``limit``); ``sheet_too_long`` (``row``,
        ``limit``); ``xlsx_strings`` (``count``, ``limit``).
    """
    archive = Archive(data, file_name)
    try:
        book = _workbook(archive)
        names = tuple(name for name, _ in book.sheets)
        if not names:
            raise UploadError("empty_file")
        if sheet is None:
            name, part = book.sheets[0]
        elif sheet in names:
            name, part = book.sheets[names.index(sheet)]
        else:
            raise UploadError("unknown_sheet", sheet=sheet, sheets=list(names))
        formats = _styles(archive, book.styles)
        reader = _SheetReader(formats, book.epoch, archive.corrupt)
        archive.parse(part, reader)
        strings = _shared_strings(archive, book.strings, reader.shared)
        return Sheet(name, names, [reader.record(row, strings) for row in reader.rows])
    finally:
        archive.close()


# --- the workbook and its relationships ------------------------------------------------------


@dataclass
class _Book:
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, part)
    strings: str | None = None
    styles: str | None = None
    epoch: dt.datetime = dt.datetime(1899, 12, 30)


class _Collect:
    """Attributes of every element named ``tag`` (relationships, sheets, number formats)."""

    def __init__(self, *tags: str) -> None:
        self.found: dict[str, list[dict[str, str]]] = {tag: [] for tag in tags}
        self.root: str | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.root is None:
            self.root = name
        if name in self.found:
            self.found[name].append(attrs)

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _relationships(archive: Archive, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, part name) of ``part``."""
    folder, base = posixpath.split(part)
    rels = archive.find(posixpath.join(folder, "_rels", base + ".rels"))
    if rels is None:
        return {}
    collect = _Collect("Relationship")
    archive.parse(rels, collect)
    out = {}
    for attrs in collect.found["Relationship"]:
        target = attrs.get("Target", "")
        if attrs.get("TargetMode") == "External":
            continue  # a link out of the file: never followed
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[attrs.get("Id", "")] = (attrs.get("Type", "").rsplit("/", 1)[-1], path)
    return out


def _workbook(archive: Archive) -> _Book:
    main = next(
        (path for kind, path in _relationships(archive, "").values() if kind == "officeDocument"),
        "xl/workbook.xml",
    )
    part = archive.find(main)
    if part is None:
        raise archive.corrupt("zip_not_xlsx")  # a .docx, .ods or plain zip
    collect = _Collect("sheet", "workbookPr")
    archive.parse(part, collect)
    if collect.root != "workbook":  # a .docx's document, say
        raise archive.corrupt("zip_not_xlsx")
    rels = _relationships(archive, part)
    book = _Book()
    for attrs in collect.found["workbookPr"]:
        if attrs.get("date1904") in ("1", "true"):
            book.epoch = dt.datetime(1904, 1, 1)
    for attrs in collect.found["sheet"]:
        rid = next((v for k, v in attrs.items() if k.endswith("}id")), "")
        kind, path = rels.get(rid, ("", ""))
        found = archive.find(path) if kind == "worksheet" else None
        if found is not None:  # chart sheets and dialogs hold no table
            book.sheets.append((strip_bidi(attrs.get("name", "")).strip(), found))
    for kind, path in rels.values():
        if kind in ("sharedStrings", "styles"):
            setattr(book, "strings" if kind == "sharedStrings" else "styles", archive.find(path))
    return book


def _styles(archive: Archive, part: str | None) -> list[str]:
    """The number format of each cell style, by the index cells give in ``s``."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    if part is None:
        return []
    reader = _StylesReader()
    archive.parse(part, reader)
    return [reader.codes.get(i) or BUILTIN_FORMATS.get(i, "General") for i in reader.xf_formats]


class _StylesReader(_Collect):
    def __init__(self) -> None:
        super().__init__()
        self.codes: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self._in_cell_xfs = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "numFmt":
            self.codes[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            self._in_cell_xfs = True
        elif name == "xf" and self._in_cell_xfs:
            self.xf_formats.append(_int(attrs.get("numFmtId")))

    def end(self, name: str) -> None:
        if name == "cellXfs":
            self._in_cell_xfs = False


# --- the sheet ---------------------------------------------------------------------------------


class _Text:
    """Text gathered from character data, kept up to the cell limit and counted beyond."""

    __slots__ = ("parts", "length")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, data: str) -> None:
        if self.length < _KEEP:
            self.parts.append(data)
        self.length += len(data)

    def value(self) -> tuple[str, int]:
        return "".join(self.parts)[:_KEEP], self.length


class _Cell:
    """A cell before shared strings are known: ``shared`` is an index into their table."""

    __slots__ = ("text", "length", "formula", "shared")

    def __init__(self, text: str, length: int, formula: bool, shared: int | None = None):
        self.text, self.length, self.formula, self.shared = text, length, formula, shared


class _SheetReader(_Collect):
    def __init__(self, formats: list[str], epoch: dt.datetime, corrupt: Callable) -> None:
        from openpyxl.styles.numbers import is_date_format, is_timedelta_format
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        super().__init__()
        self.epoch, self.corrupt = epoch, corrupt
        self.from_excel, self.from_iso = from_excel, from_ISO8601
        # Per cell style: its number format, whether it shows a date, whether a duration.
        self.styles = [(c, is_date_format(c), is_timedelta_format(c)) for c in formats]
        self.rows: list[tuple[int, dict[int, _Cell]]] = []
        self.shared: set[int] = set()
        self.row, self.column = 0, 0
        self.cells: dict[int, _Cell] = {}
        self.kind, self.style = "n", 0
        self.value: _Text | None = None
        self.formula: _Text | None = None
        self.formula_attrs: dict[str, str] = {}
        self.inline: _Text | None = None
        self.collect: _Text | None = None  # where character data goes now
        self.phonetic = False
        self.masters: dict[str, tuple[str, str]] = {}  # shared formula id -> (text, cell)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            ref = attrs.get("r")
            self.column = self._column(ref) if ref else self.column + 1
            self.kind, self.style = attrs.get("t", "n"), _int(attrs.get("s"))
            self.value = self.formula = self.inline = None
        elif name == "v":
            self.value = self.collect = _Text()
        elif name == "f":
            self.formula, self.formula_attrs = _Text(), attrs
            self.collect = self.formula
        elif name == "is":
            self.inline = _Text()
        elif name == "t" and self.inline is not None and not self.phonetic:
            self.collect = self.inline
        elif name == "rPh":
            self.phonetic = True
        elif name == "row":
            number = attrs.get("r")
            self.row = _int(number) if number else self.row + 1
            if self.row > EXCEL_MAX_ROW:  # no sheet has it: a bomb, not a table
                raise UploadError("sheet_too_long", row=self.row, limit=MAX_SHEET_ROW)
            if self.row <= 0:
                raise self.corrupt("corrupt")
            self.column, self.cells = 0, {}
        elif name == "dimension":
            last = attrs.get("ref", "").rpartition(":")[2]
            match = _REF.match(last)
            if match and int(match.group(2)) > MAX_SHEET_ROW:
                raise UploadError("sheet_too_long", row=int(match.group(2)), limit=MAX_SHEET_ROW)

    def text(self, data: str) -> None:
        if self.collect is not None:
            self.collect.add(data)

    def end(self, name: str) -> None:
        if name in ("v", "f", "t"):
            self.collect = None
        elif name == "rPh":
            self.phonetic = False
        elif name == "c":
            cell = self._cell()
            if cell is not None:
                if self.column > MAX_COLUMNS:
                    raise UploadError("too_many_columns", count=self.column, limit=MAX_COLUMNS)
                if self.row > MAX_SHEET_ROW:
                    raise UploadError("sheet_too_long", row=self.row, limit=MAX_SHEET_ROW)
                self.cells[self.column - 1] = cell
        elif name == "row" and self.cells:
            self.rows.append((self.row, self.cells))
            if len(self.rows) > _ENOUGH_ROWS:
                raise UploadError("too_many_rows", limit=MAX_ROWS)

    def _column(self, ref: str) -> int:
        match = _REF.match(ref)
        if match is None:
            raise self.corrupt("corrupt")
        number = 0
        for letter in match.group(1).upper():
            number = number * 26 + ord(letter) - 64
        if number > EXCEL_MAX_COLUMN:
            raise self.corrupt("corrupt")
        return number

    def _cell(self) -> _Cell | None:
        if self.formula is not None:
            text, length = self._formula_text()
            return _Cell(text, length, True)
        if self.kind == "inlineStr":
            text, length = self.inline.value() if self.inline else ("", 0)
            return _Cell(text, length, False) if text.strip() else None
        if self.value is None:
            return None
        raw, length = self.value.value()
        if not raw:
            return None
        if self.kind == "s":
            index = _int(raw, -1)
            if index < 0:
                raise self.corrupt("corrupt")
            self.shared.add(index)
            return _Cell("", 0, False, index)
        if self.kind in ("str", "e"):
            return _Cell(raw, length, False)
        text = self._typed_text(raw)
        return _Cell(text, len(text), False) if text else None

    def _typed_text(self, raw: str) -> str:
        """A number, boolean or date cell as the sheet shows it."""
        try:
            if self.kind == "b":
                return cell_text(bool(int(raw)))
            if self.kind == "d":
                return cell_text(self.from_iso(raw))
            value: Any = float(raw) if any(c in raw for c in ".Ee") else int(raw)
        except (ValueError, OverflowError, TypeError):
            return raw.strip()
        styles = self.styles
        code, is_date, is_duration = (
            styles[self.style] if 0 <= self.style < len(styles) else ("General", False, False)
        )
        if is_date:
            try:
                value = self.from_excel(value, self.epoch, timedelta=is_duration)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return cell_text(value, code)

    def _formula_text(self) -> tuple[str, int]:
        text, length = self.formula.value()
        attrs = self.formula_attrs
        coordinate = _coordinate(self.row, self.column)
        if attrs.get("t") == "shared" and "si" in attrs:
            if text:
                self.masters[attrs["si"]] = (text, coordinate)
            elif attrs["si"] in self.masters:
                text, length = _translated(*self.masters[attrs["si"]], coordinate)
        text = text.strip()
        return (text, length) if text.startswith("=") else ("=" + text, length + 1)

    def record(self, row: tuple[int, dict[int, _Cell]], strings: dict[int, tuple[str, int]]):
        """The row as a :class:`Record`, its shared-string cells filled in."""
        number, found = row
        width = max(found) + 1
        cells, formulas, overlong = [""] * width, [], {}
        for column, cell in found.items():
            text, length = (cell.text, cell.length)
            if cell.shared is not None:
                text, length = strings[cell.shared]
            value, cut_at = cut(strip_bidi(text))
            if length > _KEEP and cut_at is None:
                value, cut_at = value[:_KEEP], Overlong(length, value.count("\n") + 1)
            cells[column] = value
            if cut_at is not None:
                overlong[column] = cut_at
            if cell.formula:
                formulas.append(column)
        while cells and not cells[-1]:  # a cell of spaces is empty too
            cells.pop()
        keep = tuple(f for f in formulas if f < len(cells))
        return Record(number, cells, keep, {k: v for k, v in overlong.items() if k < len(cells)})


def _shared_strings(
    archive: Archive, part: str | None, needed: set[int]
) -> dict[int, tuple[str, int]]:
    """The shared strings the sheet uses; the table is read only as far as the last of them."""
    if not needed:
        return {}
    last = max(needed)
    if last >= MAX_SHARED_STRINGS:
        raise UploadError("xlsx_strings", count=last + 1, limit=MAX_SHARED_STRINGS)
    if part is None:
        raise archive.corrupt("corrupt")
    reader = _StringsReader(needed, last)
    archive.parse(part, reader)
    if len(reader.found) < len(needed):  # a cell points past the table's end
        raise archive.corrupt("corrupt")
    return reader.found


class _StringsReader(_Collect):
    def __init__(self, needed: set[int], last: int) -> None:
        super().__init__()
        self.needed, self.last = needed, last
        self.found: dict[int, tuple[str, int]] = {}
        self.index = -1
        self.current: _Text | None = None
        self.collect: _Text | None = None
        self.phonetic = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            self.index += 1
            if self.index > self.last:
                raise StopReading
            self.current = _Text() if self.index in self.needed else None
        elif name == "t" and not self.phonetic:
            self.collect = self.current
        elif name == "rPh":
            self.phonetic = True

    def text(self, data: str) -> None:
        if self.collect is not None:
            self.collect.add(data)

    def end(self, name: str) -> None:
        if name == "t":
            self.collect = None
        elif name == "rPh":
            self.phonetic = False
        elif name == "si" and self.current is not None:
            self.found[self.index] = self.current.value()
            self.current = None


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _coordinate(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _translated(text: str, origin: str, target: str) -> tuple[str, int]:
    """A shared formula as it reads in ``target``, moved from its first cell ``origin``."""
    from openpyxl.formula.translate import Translator

    try:
        moved = Translator("=" + text.lstrip("="), origin=origin).translate_formula(target)
    except Exception:  # the tokenizer's errors: show the formula as written in its first cell
        moved = text
    return moved, len(moved)


def cell_text(value: Any, number_format: str = "General") -> str:
    """Render a cell's stored value as the text a planner sees in the sheet.

    Integral numbers lose their ``.0``; a number shown in a percent format becomes
    ``"12.5%"`` (the sheet stores 0.125); dates become ISO dates.

    Examples
    --------
    >>> cell_text(4.0), cell_text(0.125, "0.0%"), cell_text(0.07, "0%"), cell_text(True)
    ('4', '12.5%', '7%', 'TRUE')
    >>> cell_text(dt.datetime(2013, 5, 1)), cell_text(dt.datetime(2013, 5, 1, 9, 30))
    ('2013-05-01', '2013-05-01 09:30:00')
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
