"""Numbers as planners type them, including hypothesis properties per notation."""

from __future__ import annotations

import os
import re
import tempfile

import pytest
from hypothesis import configuration, given, settings
from hypothesis import strategies as st

from userdata.read import CellError, ParsedNumber, parse_number

# Hypothesis keeps caches in ./.hypothesis; these tests must not write into the repository.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="monoqala-hypothesis-"))


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12,5", 12.5, None),
        ("12.5", 12.5, None),
        ("1234", 1234.0, None),
        ("1 234 567", 1234567.0, None),
        ("1\u00a0234,5", 1234.5, None),
        ("1\u202f234\u202f567,25", 1234567.25, None),
        ("1,234.5", 1234.5, None),
        ("1,234,567", 1234567.0, None),
        ("1.234.567,5", 1234567.5, None),
        ("1.234,5", 1234.5, None),
        ("0,125", 0.125, None),  # a thousands group never starts with 0
        ("12,5 %", 12.5, "%"),
        ("12.5%", 12.5, "%"),
        ("+12,5", 12.5, None),
        ("-3", -3.0, None),
        ("\u22123,5", -3.5, None),  # the minus sign
        ("\u2013 4", -4.0, None),  # an autocorrected dash
        ("  7  ", 7.0, None),
        (",5", 0.5, None),
        ("1.5e3", 1500.0, None),
        ("1.234", 1.234, None),  # one dot is a decimal point
    ],
)
def test_accepted_notations(text, value, unit):
    assert parse_number(text) == ParsedNumber(value, unit, parse_number(text).decimal)
    assert parse_number(text).value == value and parse_number(text).unit == unit


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_empty_is_missing(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "not_a_number"),
        ("12 5", "not_a_number"),
        ("1 2345", "not_a_number"),
        ("1,23,456", "not_a_number"),
        ("12,5,5", "not_a_number"),
        ("inf", "not_a_number"),
        ("12 тг", "not_a_number"),
        ("%", "not_a_number"),
        ("+", "not_a_number"),
        ("1e400", "out_of_range"),
        ("9" * 400, "out_of_range"),
        ("—", "no_data_mark"),
        ("-", "no_data_mark"),
        ("н/д", "no_data_mark"),
        ("NaN", "no_data_mark"),
        ("#DIV/0!", "spreadsheet_error"),
        ("#Н/Д", "spreadsheet_error"),
        ("1,234", "ambiguous_number"),
        ("-12,345 %", "ambiguous_number"),
    ],
)
def test_rejected_with_reason(text, reason):
    with pytest.raises(CellError) as info:
        parse_number(text)
    assert info.value.code == reason
    assert info.value.params["value"] == text.strip()


def test_column_decimal_mark_decides_the_ambiguous_shape():
    assert parse_number("1,234", ",").value == 1.234
    assert parse_number("1,234", ".").value == 1234.0
    assert parse_number("-12,345 %", ",") == ParsedNumber(-12.345, "%", None)


def test_evidence_of_convention():
    assert parse_number("12,5").decimal == ","
    assert parse_number("1 234,5").decimal == ","
    assert parse_number("1,234.5").decimal == "."
    assert parse_number("1,234,567").decimal == "."
    assert parse_number("12.5").decimal is None
    assert parse_number("1 234").decimal is None


# --- properties --------------------------------------------------------------------------

SPACES = ["\u0020", "\u00a0", "\u202f"]
AMBIGUOUS = re.compile(r"^[+\-\u2212]?[1-9]\d{0,2},\d{3}(?: ?%)?$")


def format_number(value: float, decimals: int, style: str, percent: bool, space: str) -> str:
    """Write a number the way a ru/kk, en or plain spreadsheet user would."""
    digits = f"{abs(value):,.{decimals}f}"  # "1,234.5"
    if style == "ru":
        digits = digits.replace(",", space).replace(".", ",")
    elif style == "ru_plain":
        digits = digits.replace(",", "").replace(".", ",")
    elif style == "plain":
        digits = digits.replace(",", "")
    sign = "-" if value < 0 else ""
    suffix = "" if not percent else ("%" if style in ("en", "plain") else " %")
    return sign + digits + suffix


def written_value(value: float, decimals: int) -> float:
    return float(f"{value:.{decimals}f}")


numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
styles = st.sampled_from(["ru", "ru_plain", "en", "plain"])
DECIMAL_MARK = {"ru": ",", "ru_plain": ",", "en": ".", "plain": "."}


@settings(database=None)
@given(numbers, st.integers(0, 4), styles, st.booleans(), st.sampled_from(SPACES))
def test_property_each_notation_reads_back(value, decimals, style, percent, space):
    text = format_number(value, decimals, style, percent, space)
    parsed = parse_number(text, DECIMAL_MARK[style])
    assert parsed.value == written_value(value, decimals)
    assert parsed.unit == ("%" if percent else None)


@settings(database=None)
@given(numbers, st.integers(0, 4), styles, st.booleans(), st.sampled_from(SPACES))
def test_property_without_a_hint_never_misreads(value, decimals, style, percent, space):
    text = format_number(value, decimals, style, percent, space)
    try:
        parsed = parse_number(text)
    except CellError as exc:
        # Only "1,234"-shaped text is refused, and only because it cannot be told apart.
        assert exc.code == "ambiguous_number"
        assert AMBIGUOUS.match(text), text
    else:
        assert parsed.value == written_value(value, decimals)


@settings(database=None)
@given(st.text(max_size=30))
def test_property_any_text_is_a_number_none_or_a_reason(text):
    try:
        result = parse_number(text)
    except CellError as exc:
        assert exc.code in {
            "not_a_number", "ambiguous_number", "no_data_mark", "spreadsheet_error",
            "out_of_range",
        }  # fmt: skip
    else:
        assert result is None or result.value == result.value  # never NaN
