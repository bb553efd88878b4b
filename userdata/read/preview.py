"""The preview of an upload: what would be saved, and everything that would not, and why."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from userdata.read.cells import cell_length, checker, read_cells, read_numbers
from userdata.read.content import ContentColumn, DatasetContent, TownRecord
from userdata.read.errors import CellError, UploadError
from userdata.read.guess import Profile, guess_roles, numeric_role, profile_column
from userdata.read.limits import MAX_CELL_CHARS
from userdata.read.malformed import MalformedNote, propose
from userdata.read.matching import AMBIGUOUS, EMPTY, UNMATCHED, Match, TownMatcher
from userdata.read.numeric import parse_number
from userdata.read.problems import csv_bytes
from userdata.read.roles import CRITERION, NUMERIC, ROLES, TIER, TOWN_KEY, ColumnRole
from userdata.read.table import RawTable
from userdata.read.translit import slug
from userdata.read.values import parse_criteria, parse_tier

if TYPE_CHECKING:  # the worker that builds previews never imports pandas
    import pandas as pd

DISPLAY_CHARS = 100  # a rejected value is shown trimmed to this many characters
# Nearest-name suggestions cost a fuzzy search each; past this many distinct unmatched
# texts (a file that is not about these towns at all) rows are listed without them.
MAX_SUGGESTED = 5_000
_SINGLE_ROLES = (TOWN_KEY, TIER, CRITERION)

RoleSpec = ColumnRole | str


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """A column of the preview.

    Attributes
    ----------
    index : int
        0-based position in the file.
    key : str
        A safe, unique slug (``a-z0-9_``) for storage, from the header.
    header : str
        The header as written.
    role : str
        ``town_key``, ``tier``, ``criterion``, ``numeric`` or ``ignored``.
    unit, aggregation : str or None
        Numeric columns only.
    guessed : bool
        False if the role was set by hand.
    decimal : str or None
        Numeric columns: the decimal mark used for cells like ``"1,234"`` (None: such cells
        are rejected as ambiguous).
    """

    index: int
    key: str
    header: str
    role: str
    unit: str | None = None
    aggregation: str | None = None
    guessed: bool = True
    decimal: str | None = None


@dataclass(frozen=True, slots=True)
class RowResult:
    """A data row: its line in the file and the town its key cell matched (or not).

    ``refused`` is set when the town cell was not matched at all: ``"formula"`` (a formula
    is never taken for a town, whatever its text) or ``"too_long"``.
    """

    index: int
    line: int
    match: Match
    refused: str | None = None

    @property
    def town_id(self) -> str | None:
        """The matched town, or None."""
        return self.match.town_id

    @property
    def reason(self) -> str | None:
        """None if matched, else ``"empty_key"``, ``"ambiguous"``, ``"unmatched"``,
        ``"formula"`` or ``"too_long"``."""
        if self.match.ok:
            return None
        if self.refused:
            return self.refused
        return "empty_key" if self.match.status == EMPTY else self.match.status


@dataclass(frozen=True, slots=True)
class RejectedCell:
    """A cell that cannot be used, with the reason code and its parameters."""

    line: int
    column: int
    header: str
    value: str
    reason: str
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DuplicateNote:
    """A town given on more than one row: merged, or in conflict on ``columns``."""

    town_id: str
    lines: tuple[int, ...]
    conflict: bool
    columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TownValues:
    """A town's values after merging its rows; ``values`` by numeric column key."""

    town_id: str
    lines: tuple[int, ...]
    tier: str | None
    criteria: frozenset[str] | None
    values: Mapping[str, float | None]


@dataclass(frozen=True)
class Preview:
    """Everything an upload would save, and everything it would not.

    Built by :func:`build_preview`. Nothing in the file is silently dropped: every row is in
    ``rows`` (matched or not) or, when its fields do not fit the header, in ``malformed``;
    every unusable cell is in ``rejected``, every repeated town in ``duplicates``, every
    title row in ``table.title_rows``.
    """

    table: RawTable
    columns: tuple[ColumnInfo, ...]
    rows: tuple[RowResult, ...]
    rejected: tuple[RejectedCell, ...]
    duplicates: tuple[DuplicateNote, ...]
    towns: tuple[TownValues, ...]
    missing_towns: tuple[str, ...]
    errors: tuple[UploadError, ...]
    malformed: tuple[MalformedNote, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the preview can be saved (no errors; warnings do not count)."""
        return not self.errors

    @property
    def unmatched_rows(self) -> tuple[RowResult, ...]:
        """Rows whose town was not found, was ambiguous, or was left empty."""
        return tuple(r for r in self.rows if not r.match.ok)

    def column(self, role: str) -> ColumnInfo | None:
        """Return the first column with ``role``, or None."""
        return next((c for c in self.columns if c.role == role), None)

    def counts(self) -> dict[str, int]:
        """Return the summary counts (keys as in :data:`userdata.read.content.COUNT_KEYS`)."""
        statuses = [r.match.status for r in self.rows]
        matched = sum(r.match.ok for r in self.rows)
        merged = sum(len(d.lines) - 1 for d in self.duplicates if not d.conflict)
        return {
            "rows": len(self.rows),
            "rows_matched": matched,
            "rows_unmatched": len(self.rows) - matched - statuses.count(AMBIGUOUS),
            "rows_ambiguous": statuses.count(AMBIGUOUS),
            "towns": len(self.towns),
            "towns_missing": len(self.missing_towns),
            "rows_merged": merged,
            "cells_rejected": len(self.rejected),
            "title_rows": len(self.table.title_rows),
            "rows_malformed": sum(not m.accepted for m in self.malformed),
        }

    def dataset(self) -> DatasetContent:
        """Return the dataset to save.

        Raises
        ------
        UploadError
            ``preview_has_errors`` (``count``, ``codes``) if the preview is not :attr:`ok`.
        """
        if not self.ok:
            codes = sorted({e.code for e in self.errors})
            raise UploadError("preview_has_errors", count=len(self.errors), codes=codes)
        t = self.table
        return DatasetContent(
            columns=tuple(
                ContentColumn(c.key, c.header, c.role, c.unit, c.aggregation) for c in self.columns
            ),
            towns=MappingProxyType(
                {v.town_id: TownRecord(v.tier, v.criteria, v.values) for v in self.towns}
            ),
            missing_towns=self.missing_towns,
            counts=MappingProxyType(self.counts()),
            source=MappingProxyType(
                {
                    "file_name": t.file_name,
                    "format": t.format,
                    "sheet": t.sheet,
                    "encoding": t.encoding,
                    "separator": t.separator,
                    "header_line": t.header_line,
                }
            ),
        )

    def content(self) -> dict[str, Any]:
        """Return the dataset to save as a JSON-serialisable dict (see :meth:`dataset`)."""
        return self.dataset().to_json()

    def unmatched_rows_csv(self, sep: str = ";", labels: Mapping[str, str] | None = None) -> bytes:
        """Return the rows not matched to a town as CSV bytes (UTF-8 with BOM, formula-safe).

        Columns: ``line``, ``reason`` (a code), ``suggestions`` (town names, comma-separated),
        then the row's original cells under the original headers. ``labels`` renames the
        first three column titles (for a translated download).
        """
        names = {"line": "line", "reason": "reason", "suggestions": "suggestions", **(labels or {})}
        header = [names["line"], names["reason"], names["suggestions"], *self.table.header]
        rows = (
            [
                r.line,
                r.reason,
                ", ".join(s.name for s in r.match.candidates),
                *self.table.rows[r.index],
            ]
            for r in self.unmatched_rows
        )
        return csv_bytes(header, rows, sep)

    def rejected_cells_csv(self, sep: str = ";", labels: Mapping[str, str] | None = None) -> bytes:
        """Return the rejected cells as CSV bytes (UTF-8 with BOM, formula-safe).

        Columns: ``line``, ``column`` (its header), ``value`` (trimmed), ``reason`` (a code).
        """
        keys = ("line", "column", "value", "reason")
        names = {k: k for k in keys} | dict(labels or {})
        rows = ([c.line, c.header or f"#{c.column + 1}", c.value, c.reason] for c in self.rejected)
        return csv_bytes([names[k] for k in keys], rows, sep)


def build_preview(
    table: RawTable,
    towns: pd.DataFrame | TownMatcher,
    roles: Mapping[int | str, RoleSpec] | None = None,
    accept: Collection[int] = (),
) -> Preview:
    """Interpret a raw table: match towns, give columns roles, read and check every cell.

    Parameters
    ----------
    table : RawTable
        From :func:`userdata.read.read_upload`.
    towns : pandas.DataFrame or TownMatcher
        The atlas's towns (``geo.io.read_towns()``), or a matcher built from them once.
    roles : mapping, optional
        Roles set by hand, by column (0-based index, header text or key) to a
        :class:`~userdata.read.roles.ColumnRole` or a role name; other columns are guessed.
    accept : collection of int
        Lines of ``table.malformed`` whose proposed reading the planner accepted; they are
        read as proposed. Lines without a proposal stay aside.

    Returns
    -------
    Preview

    Raises
    ------
    UploadError
        Only for bad ``roles``: ``unknown_column``, ``bad_role``, ``bad_aggregation``,
        ``duplicate_role``. Problems of the file itself are in ``Preview.errors``.
    """
    matcher = towns if isinstance(towns, TownMatcher) else TownMatcher(towns)
    headers = table.header
    keys = _column_keys(headers)
    fixed = _resolve_roles(roles or {}, headers, keys)
    chosen, profiles = _guess(table, matcher, fixed)
    notes = _malformed_notes(table, chosen, set(accept))
    table = table.with_rows({n.line: n.reading for n in notes if n.accepted})
    hint = "," if table.separator == ";" else None  # ru/kk-locale files use decimal commas
    columns: list[ColumnInfo] = []
    cells: dict[int, list[Any]] = {}  # column -> parsed value per row
    rejects: list[tuple[int, int, str, dict[str, Any]]] = []
    by_column = list(zip(*table.rows, strict=True)) or [() for _ in headers]
    for i, role in enumerate(chosen):
        if role.role == NUMERIC:
            role = numeric_role(headers[i], profiles[i], role)
        check = checker(table, i)
        decimal = None
        if role.role == NUMERIC:
            cells[i], decimal = read_numbers(i, by_column[i], check, role, hint, rejects)
        elif role.role in (TIER, CRITERION):
            parse = parse_tier if role.role == TIER else parse_criteria
            cells[i] = read_cells(i, by_column[i], check, parse, rejects)[0]
        numeric = role.role == NUMERIC  # unit and aggregation mean nothing for other roles
        columns.append(
            ColumnInfo(
                i, keys[i], headers[i], role.role,
                unit=role.unit if numeric else None,
                aggregation=role.aggregation if numeric else None,
                guessed=i not in fixed,
                decimal=decimal,
            )
        )  # fmt: skip
    key_column = next((c.index for c in columns if c.role == TOWN_KEY), None)
    rows = _match_rows(table, key_column, matcher, rejects)
    merged, duplicates = _merge(rows, columns, cells)
    rejected = _rejected(table, rejects)
    return Preview(
        table=table,
        columns=tuple(columns),
        rows=rows,
        rejected=rejected,
        duplicates=duplicates,
        towns=tuple(merged[t] for t in matcher.town_ids if t in merged),
        missing_towns=tuple(t for t in matcher.town_ids if t not in merged),
        errors=_errors(table, key_column, cells, rows, merged, duplicates, notes, rejected),
        malformed=notes,
    )


def _guess(
    table: RawTable, matcher: TownMatcher, fixed: dict[int, ColumnRole]
) -> tuple[list[ColumnRole], list[Profile]]:
    """Each column's role (those set by hand kept), from its header and a sample of cells."""
    formula_rows: list[set[int]] = [set() for _ in table.header]
    for r, c in table.formulas:
        formula_rows[c].add(r)
    by_column = list(zip(*table.rows, strict=True)) or [() for _ in table.header]
    profiles = [
        profile_column(h, by_column[i], formula_rows[i], matcher)
        for i, h in enumerate(table.header)
    ]
    return guess_roles(table.header, profiles, fixed), profiles


def _malformed_notes(
    table: RawTable, chosen: list[ColumnRole], accept: set[int]
) -> tuple[MalformedNote, ...]:
    roles = [r.role for r in chosen]
    parsers = {TIER: parse_tier, CRITERION: parse_criteria, NUMERIC: parse_number}

    def fits(column: int, text: str) -> bool:
        parse = parsers.get(roles[column]) if column < len(roles) else None
        if not text or parse is None:
            return True
        try:
            parse(text)
        except CellError as exc:
            return exc.code == "ambiguous_number"  # the column's own numbers settle it
        return True

    notes = []
    for row in table.malformed:
        note = propose(row, table.separator or ",", roles, fits)
        if note.reading is not None and row.line in accept:
            note = MalformedNote(note.row, note.reading, note.joined, accepted=True)
        notes.append(note)
    return tuple(notes)


def _errors(
    table, key_column, cells, rows, merged, duplicates, notes, rejected
) -> tuple[UploadError, ...]:
    """What keeps the preview from being saved."""
    errors = [
        UploadError("header_too_long", column=i + 1, length=cell_length(table, -1, i, h),
                    limit=MAX_CELL_CHARS)
        for i, h in enumerate(table.header)
        if len(h) > MAX_CELL_CHARS
    ]  # fmt: skip
    if not table.rows and notes:
        first = notes[0].row
        errors.append(
            UploadError(
                "all_rows_malformed", rows=len(notes), line=first.line,
                expected=first.expected, found=first.found,
            )
        )  # fmt: skip
    # A quote never closed swallowed the lines after it: what was read is not the file.
    errors += [
        UploadError("quote_left_open", line=c.line, lines=c.params["lines"])
        for c in rejected
        if c.reason == "open_quote"
    ][:1]
    if key_column is None:
        errors.append(UploadError("no_town_column", headers=list(table.header)))
    if not cells:
        errors.append(UploadError("no_value_columns"))
    if key_column is not None and table.rows and not merged:
        errors.append(UploadError("no_towns_matched", rows=len(rows)))
    errors += [
        UploadError(
            "duplicate_conflict", town_id=d.town_id, lines=list(d.lines), columns=list(d.columns)
        )
        for d in duplicates
        if d.conflict
    ]
    return tuple(errors)


def _rejected(table: RawTable, rejects: list) -> tuple[RejectedCell, ...]:
    rejects.sort(key=lambda x: (x[0], x[1]))
    return tuple(
        RejectedCell(
            table.lines[r],
            c,
            table.header[c],
            _display(table.rows[r][c]),
            reason,
            MappingProxyType(params),
        )
        for r, c, reason, params in rejects
    )


def _column_keys(headers: tuple[str, ...]) -> list[str]:
    keys: list[str] = []
    for i, header in enumerate(headers):
        base = slug(header) or f"column_{i + 1}"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}_{n}", n + 1
        keys.append(key)
    return keys


def _resolve_roles(
    roles: Mapping[int | str, RoleSpec], headers: tuple[str, ...], keys: list[str]
) -> dict[int, ColumnRole]:
    fixed: dict[int, ColumnRole] = {}
    for column, spec in roles.items():
        if isinstance(column, int) and not isinstance(column, bool):
            index = column if 0 <= column < len(headers) else None
        else:
            index = next((i for i, h in enumerate(headers) if h == column), None)
            if index is None and column in keys:
                index = keys.index(column)
        if index is None:
            raise UploadError("unknown_column", column=str(column), columns=list(headers))
        if isinstance(spec, str):
            if spec not in ROLES:
                raise UploadError("bad_role", column=headers[index], role=spec, allowed=list(ROLES))
            spec = ColumnRole(spec)
        elif not isinstance(spec, ColumnRole):
            raise UploadError(
                "bad_role", column=headers[index], role=repr(spec), allowed=list(ROLES)
            )
        fixed[index] = spec
    for role in _SINGLE_ROLES:
        given = [headers[i] for i, r in fixed.items() if r.role == role]
        if len(given) > 1:
            raise UploadError("duplicate_role", role=role, columns=given)
    return fixed


def _display(text: str) -> str:
    return text if len(text) <= DISPLAY_CHARS else text[:DISPLAY_CHARS] + "…"


def _match_rows(
    table: RawTable, key_column: int | None, matcher: TownMatcher, rejects: list
) -> tuple[RowResult, ...]:
    if key_column is None:
        return tuple(RowResult(i, line, Match("", EMPTY)) for i, line in enumerate(table.lines))
    check = checker(table, key_column)
    suggested: set[str] = set()
    out = []
    for i, (line, row) in enumerate(zip(table.lines, table.rows, strict=True)):
        text = row[key_column]
        problem = check(i, text) if text else None
        if problem:  # a formula is never a town, whatever it evaluates to
            rejects.append((i, key_column, *problem))
            out.append(RowResult(i, line, Match(text, UNMATCHED), refused=problem[0]))
            continue
        match = matcher.match(text, suggest=False)
        if match.status == UNMATCHED and (text in suggested or len(suggested) < MAX_SUGGESTED):
            suggested.add(text)
            match = matcher.match(text)
        out.append(RowResult(i, line, match))
    return tuple(out)


def _merge(
    rows: tuple[RowResult, ...], columns: list[ColumnInfo], cells: dict[int, list[Any]]
) -> tuple[dict[str, TownValues], tuple[DuplicateNote, ...]]:
    """Merge each town's rows: identical or complementary values merge, different ones clash."""
    value_columns = [c.index for c in columns if c.index in cells]
    records: dict[str, dict[int, Any]] = {}
    lines: dict[str, list[int]] = {}
    clashes: dict[str, set[int]] = {}
    for row in rows:
        town = row.match.town_id
        if town is None:
            continue
        record = {c: cells[c][row.index] for c in value_columns}
        if town not in records:
            records[town], lines[town] = record, [row.line]
            continue
        lines[town].append(row.line)
        existing = records[town]
        for c, value in record.items():
            if value is None:
                continue
            if existing[c] is None:
                existing[c] = value
            elif existing[c] != value:
                clashes.setdefault(town, set()).add(c)
    by_index = {c.index: c for c in columns}
    merged = {}
    for town, record in records.items():
        tier = next((record[c] for c in value_columns if by_index[c].role == TIER), None)
        criteria = next((record[c] for c in value_columns if by_index[c].role == CRITERION), None)
        values = {by_index[c].key: record[c] for c in value_columns if by_index[c].role == NUMERIC}
        merged[town] = TownValues(
            town, tuple(lines[town]), tier, criteria, MappingProxyType(values)
        )
    duplicates = tuple(
        DuplicateNote(
            town,
            tuple(lines[town]),
            town in clashes,
            tuple(by_index[c].header for c in sorted(clashes.get(town, ()))),
        )
        for town in records
        if len(lines[town]) > 1
    )
    return merged, duplicates
