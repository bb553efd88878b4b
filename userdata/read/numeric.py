"""Numbers as planners type them: decimal commas, spaced thousands, percent signs."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from userdata.read.errors import CellError

# Every space a spreadsheet or a keyboard layout puts between thousands groups.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a\u2008]+")
_MINUS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash (autocorrected minus)
_SIGNED = re.compile(r"^([+\-\u2212\u2013]?) ?(.*?) ?(%?)$")

# Fast path: what a program (or an .xlsx number cell) writes.
_PLAIN_DOT = re.compile(r"^\d+(?:\.\d+)?$")
_PLAIN_COMMA = re.compile(r"^\d*,\d+$")
_LEADING_DOT = re.compile(r"^\.\d+$")
_EXPONENT = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
# "1,234": a decimal comma (1.234) or a thousands comma (1234); a leading zero ("0,125")
# cannot start a thousands group, so it is a decimal.
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?: \d{3})+(?:([.,])\d+)?$")
_COMMA_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DOT_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$|^\d{1,3}(?:\.\d{3})+,\d+$")

# Cells that say "no data" in Russian/Kazakh statistical tables; reported, not read as 0.
NO_DATA_MARKS = frozenset(
    ["-", "--", "—", "–", "−", "…", "...", "x", "х", "н/д", "н.д.", "нд", "n/a", "na", "nan"]
    + ["нет данных", "нет", "мәлімет жоқ", "жоқ", "no data", "none", "null", "?"]
)
SPREADSHEET_ERRORS = frozenset(
    ["#div/0!", "#n/a", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"]
    + ["#дел/0!", "#н/д", "#знач!", "#ссылка!", "#имя?", "#число!", "#пусто!"]
)


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number read from a cell.

    Attributes
    ----------
    value : float
        The number as written (``"12,5 %"`` gives 12.5, not 0.125).
    unit : str or None
        ``"%"`` if the cell had a percent sign, else None.
    decimal : str or None
        Evidence of the writer's convention: ``","`` if the text shows a decimal comma (or dots
        grouping thousands), ``"."`` if it shows commas grouping thousands, None if it shows
        neither (``"12.5"``, ``"1234"``). Used to read the column's ambiguous cells.
    """

    value: float
    unit: str | None = None
    decimal: str | None = None


def parse_number(text: str, decimal: str | None = None) -> ParsedNumber | None:
    """Read a number typed in ru/kk, en or plain notation.

    Parameters
    ----------
    text : str
        The cell text.
    decimal : {None, ",", "."}
        The decimal mark of the column, if known; it only decides ``"1,234"``-shaped text
        (1.234 with ``","``, 1234 with ``"."``).

    Returns
    -------
    ParsedNumber or None
        None for an empty cell.

    Raises
    ------
    CellError
        ``not_a_number``, ``ambiguous_number``, ``no_data_mark``, ``spreadsheet_error``,
        ``out_of_range`` (all with ``value``).
    """
    text = text.strip()
    if not text:
        return None
    if _PLAIN_DOT.match(text):
        return ParsedNumber(_finite(float(text), text))
    folded = text.casefold()
    if folded in NO_DATA_MARKS:
        raise CellError("no_data_mark", value=text)
    if folded in SPREADSHEET_ERRORS:
        raise CellError("spreadsheet_error", value=text)
    match = _SIGNED.match(_SPACES.sub(" ", text))
    sign, body, percent = match.groups()
    negative = sign in _MINUS
    unit = "%" if percent else None
    number, evidence = _body(body, decimal, text)
    value = _finite(-number if negative else number, text)
    return ParsedNumber(value, unit, evidence)


def _body(body: str, decimal: str | None, text: str) -> tuple[float, str | None]:
    """Return the unsigned value of the digits part, and the convention it shows."""
    if _PLAIN_DOT.match(body) or _LEADING_DOT.match(body) or _EXPONENT.match(body):
        return float(body), None
    if _AMBIGUOUS.match(body):
        if decimal == ",":
            return float(body.replace(",", ".")), None
        if decimal == ".":
            return float(body.replace(",", "")), None
        raise CellError("ambiguous_number", value=text)
    if _PLAIN_COMMA.match(body):
        return float(body.replace(",", ".")), ","
    match = _SPACE_GROUPED.match(body)
    if match:
        return float(body.replace(" ", "").replace(",", ".")), "," if match.group(
            1
        ) == "," else None
    if _COMMA_GROUPED.match(body):
        return float(body.replace(",", "")), "."
    if _DOT_GROUPED.match(body):
        return float(body.replace(".", "").replace(",", ".")), ","
    raise CellError("not_a_number", value=text)


def _finite(value: float, text: str) -> float:
    if not math.isfinite(value):
        raise CellError("out_of_range", value=text)
    return value
