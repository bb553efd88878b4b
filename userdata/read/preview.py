"""The preview of an upload: what would be saved, and everything that would not, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd

from userdata.read.content import ContentColumn, DatasetContent, TownRecord
from userdata.read.errors import CellError, UploadError
from userdata.read.guess import guess_roles, numeric_role, profile_column
from userdata.read.limits import MAX_CELL_CHARS
from userdata.read.matching import AMBIGUOUS, EMPTY, Match, TownMatcher
from userdata.read.numeric import ParsedNumber, parse_number
from userdata.read.problems import csv_bytes
from userdata.read.roles import CRITERION, NUMERIC, ROLES, TIER, TOWN_KEY, ColumnRole
from userdata.read.table import RawTable
from userdata.read.translit import slug
from userdata.read.values import parse_criteria, parse_tier

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
    """A data row: its line in the file and the town its key cell matched (or not)."""

    index: int
    line: int
    match: Match

    @property
    def town_id(self) -> str | None:
        """The matched town, or None."""
        return self.match.town_id

    @property
    def reason(self) -> str | None:
        """None if matched, else ``"empty_key"``, ``"ambiguous"`` or ``"unmatched"``."""
        if self.match.ok:
            return None
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
    ``rows`` (matched or not), every unusable cell in ``rejected``, every repeated town in
    ``duplicates``, every title row in ``table.title_rows``.
    """

    table: RawTable
    columns: tuple[ColumnInfo, ...]
    rows: tuple[RowResult, ...]
    rejected: tuple[RejectedCell, ...]
    duplicates: tuple[DuplicateNote, ...]
    towns: tuple[TownValues, ...]
    missing_towns: tuple[str, ...]
    errors: tuple[UploadError, ...]

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
    errors = [
        UploadError("header_too_long", column=i + 1, length=len(h), limit=MAX_CELL_CHARS)
        for i, h in enumerate(headers)
        if len(h) > MAX_CELL_CHARS
    ]
    fixed = _resolve_roles(roles or {}, headers, keys)
    formula_rows: list[set[int]] = [set() for _ in headers]
    for r, c in table.formulas:
        formula_rows[c].add(r)
    by_column = list(zip(*table.rows, strict=True)) or [() for _ in headers]
    profiles = [
        profile_column(h, by_column[i], formula_rows[i], matcher) for i, h in enumerate(headers)
    ]
    chosen = guess_roles(headers, profiles, fixed)
    hint = "," if table.separator == ";" else None  # ru/kk-locale files use decimal commas
    columns: list[ColumnInfo] = []
    cells: dict[int, list[Any]] = {}  # column -> parsed value per row
    rejects: list[tuple[int, int, str, dict[str, Any]]] = []
    for i, role in enumerate(chosen):
        if role.role == NUMERIC:
            role = numeric_role(headers[i], profiles[i], role)
        decimal = None
        if role.role == NUMERIC:
            cells[i], decimal = _read_numbers(i, by_column[i], formula_rows[i], role, hint, rejects)
        elif role.role in (TIER, CRITERION):
            parse = parse_tier if role.role == TIER else parse_criteria
            cells[i] = _read_cells(i, by_column[i], formula_rows[i], parse, rejects)
        numeric = role.role == NUMERIC  # unit and aggregation mean nothing for other roles
        columns.append(
            ColumnInfo(
                index=i,
                key=keys[i],
                header=headers[i],
                role=role.role,
                unit=role.unit if numeric else None,
                aggregation=role.aggregation if numeric else None,
                guessed=i not in fixed,
                decimal=decimal,
            )
        )
    key_column = next((c.index for c in columns if c.role == TOWN_KEY), None)
    rows = _match_rows(table, key_column, matcher)
    if key_column is None:
        errors.append(UploadError("no_town_column", headers=list(headers)))
    if not cells:
        errors.append(UploadError("no_value_columns"))
    merged, duplicates = _merge(rows, columns, cells)
    if key_column is not None and not merged:
        errors.append(UploadError("no_towns_matched", rows=len(rows)))
    for d in duplicates:
        if d.conflict:
            errors.append(
                UploadError(
                    "duplicate_conflict",
                    town_id=d.town_id,
                    lines=list(d.lines),
                    columns=list(d.columns),
                )
            )
    rejects.sort(key=lambda x: (x[0], x[1]))
    rejected = tuple(
        RejectedCell(
            table.lines[r],
            c,
            headers[c],
            _display(table.rows[r][c]),
            reason,
            MappingProxyType(params),
        )
        for r, c, reason, params in rejects
    )
    return Preview(
        table=table,
        columns=tuple(columns),
        rows=rows,
        rejected=rejected,
        duplicates=duplicates,
        towns=tuple(merged[t] for t in matcher.town_ids if t in merged),
        missing_towns=tuple(t for t in matcher.town_ids if t not in merged),
        errors=tuple(errors),
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


def _check_cell(text: str, is_formula: bool) -> tuple[str, dict[str, Any]] | None:
    """The reasons any value cell is rejected before it is read: formula, too long."""
    if is_formula:
        return "formula", {"value": _display(text)}
    if len(text) > MAX_CELL_CHARS:
        return "too_long", {"length": len(text), "limit": MAX_CELL_CHARS}
    return None


def _read_cells(column, texts, formula_rows, parse, rejects) -> list[Any]:
    """Read a tier or criterion column; one parse per distinct text."""
    out: list[Any] = [None] * len(texts)
    seen: dict[str, Any] = {}
    for r, text in enumerate(texts):
        if not text:
            continue
        problem = _check_cell(text, r in formula_rows)
        if problem:
            rejects.append((r, column, *problem))
            continue
        result = seen.get(text)
        if result is None:
            try:
                result = parse(text)
            except CellError as exc:
                result = exc
            seen[text] = result
        if isinstance(result, CellError):
            rejects.append((r, column, result.code, dict(result.params)))
        else:
            out[r] = result
    return out


def _read_numbers(column, texts, formula_rows, role, hint, rejects) -> tuple[list[Any], str | None]:
    """Read a numeric column; cells like "1,234" wait for the column's decimal mark."""
    out: list[Any] = [None] * len(texts)
    pending: list[int] = []
    evidence = {",": 0, ".": 0}
    seen: dict[str, ParsedNumber | CellError] = {}  # columns repeat values: parse each once
    for r, text in enumerate(texts):
        if not text:
            continue
        problem = _check_cell(text, r in formula_rows)
        if problem:
            rejects.append((r, column, *problem))
            continue
        number = seen.get(text)
        if number is None:
            try:
                number = parse_number(text)
            except CellError as exc:
                number = exc
            seen[text] = number
        if isinstance(number, CellError):
            if number.code == "ambiguous_number":
                pending.append(r)
            else:
                rejects.append((r, column, number.code, dict(number.params)))
            continue
        if number.decimal:
            evidence[number.decimal] += 1
        out[r] = _with_unit(number, role.unit, r, column, text, rejects)
    # The column's own unambiguous cells decide; mixed or no evidence falls back to the
    # file's locale hint only when the column shows no contrary evidence.
    if evidence[","] and not evidence["."]:
        decimal = ","
    elif evidence["."] and not evidence[","]:
        decimal = "."
    else:
        decimal = None if evidence[","] else hint
    for r in pending:
        text = texts[r]
        try:
            number = parse_number(text, decimal)
        except CellError as exc:
            rejects.append((r, column, exc.code, dict(exc.params)))
            continue
        out[r] = _with_unit(number, role.unit, r, column, text, rejects)
    return out, decimal


def _with_unit(number, unit, r, column, text, rejects) -> float | None:
    # A percent sign in a column of another unit is a mistake to show, not to convert.
    if number.unit == "%" and unit not in (None, "%"):
        rejects.append((r, column, "unit_mismatch", {"value": text, "unit": "%", "expected": unit}))
        return None
    return number.value


def _match_rows(
    table: RawTable, key_column: int | None, matcher: TownMatcher
) -> tuple[RowResult, ...]:
    if key_column is None:
        return tuple(RowResult(i, line, Match("", EMPTY)) for i, line in enumerate(table.lines))
    suggested: set[str] = set()
    out = []
    for i, (line, row) in enumerate(zip(table.lines, table.rows, strict=True)):
        text = row[key_column]
        match = matcher.match(text, suggest=False)
        if match.status == "unmatched" and (text in suggested or len(suggested) < MAX_SUGGESTED):
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
