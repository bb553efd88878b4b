"""Property: a table of known towns and numbers, written in any encoding, separator and number
notation a planner's spreadsheet produces, reads back to the values that were written."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from functools import cache

from hypothesis import HealthCheck, configuration, given, settings
from hypothesis import strategies as st

from geo.io import read_towns
from userdata.read import TownMatcher, build_preview, read_upload, to_kk_latin

# Hypothesis keeps caches in ./.hypothesis; these tests must not write into the repository.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="monoqala-hypothesis-"))

ENCODINGS = ["utf-8", "utf-8-sig", "cp1251"]
SEPARATORS = [",", ";", "\t"]
STYLES = ["ru", "ru_plain", "en", "plain"]
# "1,234": a decimal comma or a thousands comma; only this shape may be refused as ambiguous.
AMBIGUOUS = re.compile(r"^[+\-]?[1-9]\d{0,2},\d{3}(?: ?%)?$")


@cache
def towns():
    return read_towns()


@cache
def matcher() -> TownMatcher:
    return TownMatcher(towns())


def format_number(value: float, decimals: int, style: str, percent: bool, space: str) -> str:
    digits = f"{abs(value):,.{decimals}f}"  # en: "1,234.5"
    if style == "ru":
        digits = digits.replace(",", space).replace(".", ",")
    elif style == "ru_plain":
        digits = digits.replace(",", "").replace(".", ",")
    elif style == "plain":
        digits = digits.replace(",", "")
    suffix = ("%" if style in ("en", "plain") else " %") if percent else ""
    return ("-" if value < 0 else "") + digits + suffix


@st.composite
def planner_tables(draw):
    encoding = draw(st.sampled_from(ENCODINGS))
    sep = draw(st.sampled_from(SEPARATORS))
    # A semicolon file comes from a ru/kk-locale spreadsheet, whose numbers use decimal
    # commas: it never carries en-notation numbers (and a lone "1,234" in it reads 1.234).
    styles = [s for s in STYLES if not (sep == ";" and s == "en")]
    # Windows-1251 has no Kazakh letters and no narrow no-break space.
    languages = ["ru", "en"] if encoding == "cp1251" else ["ru", "en", "kk", "kk_latin"]
    spaces = [" ", "\u00a0"] if encoding == "cp1251" else [" ", "\u00a0", "\u202f"]
    n_rows = draw(st.integers(1, 8))
    picked = draw(st.lists(st.integers(0, 26), min_size=n_rows, max_size=n_rows, unique=True))
    columns = []
    for j in range(draw(st.integers(1, 3))):
        style = draw(st.sampled_from(styles))
        percent = draw(st.booleans())
        decimals = draw(st.integers(0, 3))
        space = draw(st.sampled_from(spaces))
        values = draw(
            st.lists(
                st.none() | st.floats(-1e7, 1e7, allow_nan=False),
                min_size=n_rows,
                max_size=n_rows,
            ).filter(lambda vs: any(v is not None for v in vs))
        )
        header = f"Показатель {j + 1}, {'%' if percent else 'тенге'}"
        cells = [
            "" if v is None else format_number(v, decimals, style, percent, space) for v in values
        ]
        expected = [None if v is None else float(f"{v:.{decimals}f}") for v in values]
        columns.append((header, cells, expected))
    rows = []
    for i, index in enumerate(picked):
        town = towns().iloc[index]
        language = draw(st.sampled_from(languages))
        latin = language == "kk_latin"
        name = to_kk_latin(town["name_kk"]) if latin else town[f"name_{language}"]
        prefix = draw(st.sampled_from(["", "г. "]))
        rows.append((town["town_id"], prefix + name, [c[1][i] for c in columns]))
    title = draw(st.booleans())
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return encoding, sep, title, eol, columns, rows


def write(encoding, sep, title, eol, columns, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=eol)
    if title:
        writer.writerow(["Показатели моногородов, 2023"])
        writer.writerow([])
    writer.writerow(["Город", *(c[0] for c in columns)])
    for _, name, cells in rows:
        writer.writerow([name, *cells])
    return buffer.getvalue().encode(encoding)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(planner_tables())
def test_property_written_values_read_back(case):
    encoding, sep, title, eol, columns, rows = case
    data = write(*case)
    table = read_upload(data, "plan.csv")
    assert table.encoding == encoding
    assert table.separator == sep
    assert table.header_line == (3 if title else 1)
    preview = build_preview(table, matcher())
    assert preview.ok, preview.errors
    assert [r.match.town_id for r in preview.rows] == [town for town, _, _ in rows]
    assert [c.role for c in preview.columns] == ["town_key"] + ["numeric"] * len(columns)
    content = preview.content()
    rejected = {(c.line, c.column): c.reason for c in preview.rejected}
    first_line = table.lines[0]
    for j, (_, cells, expected) in enumerate(columns, start=1):
        key = preview.columns[j].key
        unit = preview.columns[j].unit
        assert unit == ("%" if "%" in columns[j - 1][0] else "тенге")
        for i, (town, _, _) in enumerate(rows):
            got = content["towns"][town]["values"][key]
            where = (first_line + i, j)
            if got is None and expected[i] is not None:
                # Never misread; refused only when the shape cannot be told apart.
                assert rejected.get(where) == "ambiguous_number", (cells[i], rejected)
                assert AMBIGUOUS.match(cells[i]) and sep != ";"
            else:
                assert got == expected[i], (cells[i], got, expected[i])
                assert where not in rejected
