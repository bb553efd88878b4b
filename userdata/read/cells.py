"""Reading one column's cells: refused before they are read (a formula, an overlong cell), or
parsed once per distinct text, every problem kept as a rejection of that cell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from userdata.read.errors import CellError
from userdata.read.limits import MAX_CELL_CHARS
from userdata.read.numeric import parse_number
from userdata.read.records import Overlong, excerpt
from userdata.read.table import RawTable


def cell_length(table: RawTable, row: int, column: int, text: str) -> int:
    """A cell's real length: cells cut while reading keep theirs in ``table.overlong``."""
    found = table.overlong.get((row, column))
    return found.length if found else len(text)


Check = Callable[[int, str], "tuple[str, dict[str, Any]] | None"]


def checker(table: RawTable, column: int) -> Check:
    """The reasons any cell of ``column`` is refused before it is read: formula, too long."""
    formulas = {r for r, c in table.formulas if c == column}
    overlong = {r: v for (r, c), v in table.overlong.items() if c == column}

    def check(row: int, text: str) -> tuple[str, dict[str, Any]] | None:
        if row in formulas:
            return "formula", {"value": excerpt(text)}
        if len(text) > MAX_CELL_CHARS:
            found = overlong.get(row, Overlong(len(text), text.count("\n") + 1))
            params = {"length": found.length, "limit": MAX_CELL_CHARS, "value": excerpt(text)}
            if found.lines > 2:  # a quote opened and never closed swallows the lines after it
                return "open_quote", {**params, "lines": found.lines}
            return "too_long", params
        return None

    return check


_UNSET = object()  # not parsed yet (a parse may give None)


def read_cells(column, texts, check, parse, rejects, defer=()) -> tuple[list[Any], list[int]]:
    """Read a column: refused cells and parse errors go to ``rejects``, one parse per
    distinct text; rows whose error code is in ``defer`` are returned to decide later."""
    out: list[Any] = [None] * len(texts)
    deferred: list[int] = []
    seen: dict[str, Any] = {}  # columns repeat values: parse each once
    for r, text in enumerate(texts):
        if not text:
            continue
        problem = check(r, text)
        if problem:
            rejects.append((r, column, *problem))
            continue
        result = seen.get(text, _UNSET)
        if result is _UNSET:
            try:
                result = parse(text)
            except CellError as exc:
                result = exc
            seen[text] = result
        if not isinstance(result, CellError):
            out[r] = result
        elif result.code in defer:
            deferred.append(r)
        else:
            rejects.append((r, column, result.code, dict(result.params)))
    return out, deferred


def read_numbers(column, texts, check, role, hint, rejects) -> tuple[list[Any], str | None]:
    """Read a numeric column; cells like "1,234" wait for the column's decimal mark."""
    parsed, pending = read_cells(
        column, texts, check, parse_number, rejects, defer=("ambiguous_number",)
    )
    evidence = {",": 0, ".": 0}
    for number in parsed:
        if number is not None and number.decimal:
            evidence[number.decimal] += 1
    # The column's own unambiguous cells decide; mixed or no evidence falls back to the
    # file's locale hint only when the column shows no contrary evidence.
    if evidence[","] and not evidence["."]:
        decimal = ","
    elif evidence["."] and not evidence[","]:
        decimal = "."
    else:
        decimal = None if evidence[","] else hint
    out: list[Any] = [None] * len(texts)
    for r, number in enumerate(parsed):
        if number is not None:
            out[r] = with_unit(number, role.unit, r, column, texts[r], rejects)
    for r in pending:
        try:
            number = parse_number(texts[r], decimal)
        except CellError as exc:
            rejects.append((r, column, exc.code, dict(exc.params)))
            continue
        out[r] = with_unit(number, role.unit, r, column, texts[r], rejects)
    return out, decimal


def with_unit(number, unit, r, column, text, rejects) -> float | None:
    # A percent sign in a column of another unit is a mistake to show, not to convert.
    if number.unit == "%" and unit not in (None, "%"):
        rejects.append((r, column, "unit_mismatch", {"value": text, "unit": "%", "expected": unit}))
        return None
    return number.value
