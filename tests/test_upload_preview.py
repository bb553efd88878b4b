"""The preview: towns matched, roles guessed or set, cells rejected, duplicates, content."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from geo.io import read_towns
from userdata.read import (
    ColumnRole,
    TownMatcher,
    UploadError,
    build_preview,
    content_from_json,
    read_upload,
)


@pytest.fixture(scope="module")
def towns():
    return read_towns()


@pytest.fixture(scope="module")
def matcher(towns):
    return TownMatcher(towns)


def preview_of(text: str, towns, encoding: str = "utf-8", roles=None, name: str = "a.csv"):
    return build_preview(read_upload(text.encode(encoding), name), towns, roles)


PLANNERS_FILE = (
    "Уровень потенциала моногородов, 2013\r\n"
    "\r\n"
    "Город;Уровень потенциала;Безработица, %;Выпуск, млрд тенге;Критерий;Примечание\r\n"
    "г. Темиртау;высокий;4,5;1 234,5;1 и 3;металлургия\r\n"
    "Жезказган;средний;6,25;800;2;\r\n"
    "Сатпаев;Средний;7;;1;\r\n"
)


def test_cp1251_semicolon_file_gives_exactly_those_tiers(towns):
    preview = preview_of(PLANNERS_FILE, towns, "cp1251")
    assert preview.ok, preview.errors
    assert preview.table.encoding == "cp1251"
    content = preview.content()
    assert {t: v["tier"] for t, v in content["towns"].items()} == {
        "temirtau": "high",
        "zhezkazgan": "average",
        "satpayev": "average",
    }
    assert content["towns"]["temirtau"]["criteria"] == ["1", "3"]
    assert content["towns"]["temirtau"]["values"] == {
        "bezrabotitsa_pct": 4.5,
        "vypusk_mlrd_tenge": 1234.5,
    }
    assert content["towns"]["satpayev"]["values"]["vypusk_mlrd_tenge"] is None
    assert len(content["missing_towns"]) == 24
    assert preview.rejected == ()


def test_columns_roles_units_and_aggregations(towns):
    preview = preview_of(PLANNERS_FILE, towns, "cp1251")
    roles = [(c.header, c.role, c.unit, c.aggregation) for c in preview.columns]
    assert roles == [
        ("Город", "town_key", None, None),
        ("Уровень потенциала", "tier", None, None),
        ("Безработица, %", "numeric", "%", "mean"),
        ("Выпуск, млрд тенге", "numeric", "млрд тенге", "sum"),
        ("Критерий", "criterion", None, None),
        ("Примечание", "ignored", None, None),
    ]
    assert all(c.guessed for c in preview.columns)


def test_row_numbers_are_the_lines_of_the_file(towns):
    preview = preview_of(PLANNERS_FILE, towns, "cp1251")
    assert [r.line for r in preview.rows] == [4, 5, 6]
    assert [s.line for s in preview.table.title_rows] == [1]
    assert preview.counts() == {
        "rows": 3,
        "rows_matched": 3,
        "rows_unmatched": 0,
        "rows_ambiguous": 0,
        "towns": 3,
        "towns_missing": 24,
        "rows_merged": 0,
        "cells_rejected": 0,
        "title_rows": 1,
        "rows_malformed": 0,
    }


def test_content_is_plain_json_and_reads_back(towns, matcher):
    content = preview_of(PLANNERS_FILE, towns, "cp1251").content()
    assert json.loads(json.dumps(content)) == content
    assert content["schema"] == "monoqala.upload/1"
    assert content["source"] == {
        "file_name": "a.csv",
        "format": "csv",
        "sheet": None,
        "encoding": "cp1251",
        "separator": ";",
        "header_line": 3,
    }
    dataset = content_from_json(json.loads(json.dumps(content)), matcher.town_ids)
    assert dataset.to_json() == content
    assert dataset.tiers()["zhezkazgan"] == "average"
    assert dataset.criteria()["temirtau"] == frozenset({"1", "3"})
    assert [c.key for c in dataset.numeric_columns] == ["bezrabotitsa_pct", "vypusk_mlrd_tenge"]
    assert dataset.values("bezrabotitsa_pct") == {
        "temirtau": 4.5,
        "zhezkazgan": 6.25,
        "satpayev": 7.0,
    }


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("schema",), "other/9", "unknown_schema"),
        (("towns", "temirtau", "tier"), "huge", "unknown_tier"),
        (("towns", "temirtau", "criteria"), ["4"], "unknown_criterion"),
        (("towns", "temirtau", "values", "bezrabotitsa_pct"), "4,5", "not_a_number"),
        (("towns", "temirtau", "values", "bezrabotitsa_pct"), float("nan"), "not_a_number"),
        (("towns", "temirtau", "values", "nope"), 1.0, "not_numeric"),
        (("columns",), "x", "not_list"),
        (("counts", "rows"), -1, "not_count"),
    ],
)
def test_stored_content_is_validated(towns, path, value, problem):
    content = preview_of(PLANNERS_FILE, towns, "cp1251").content()
    target = content
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(UploadError) as info:
        content_from_json(content)
    assert info.value.code == "bad_content"
    assert info.value.params["problem"] == problem
    assert info.value.params["field"].startswith(path[0])


def test_unknown_town_in_stored_content(towns):
    content = preview_of(PLANNERS_FILE, towns, "cp1251").content()
    with pytest.raises(UploadError) as info:
        content_from_json(content, town_ids=["temirtau"])
    assert info.value.params == {"field": "towns.zhezkazgan", "problem": "unknown_town"}


def test_stored_ints_read_as_floats(towns):
    content = preview_of(PLANNERS_FILE, towns, "cp1251").content()
    content["towns"]["satpayev"]["values"]["vypusk_mlrd_tenge"] = 5
    value = content_from_json(content).values("vypusk_mlrd_tenge")["satpayev"]
    assert value == 5.0 and isinstance(value, float)


# --- duplicates --------------------------------------------------------------------------


def test_identical_duplicates_merge_with_a_note(towns):
    text = "Город;Уровень\nТемиртау;высокий\nАксу;низкий\nг. Темиртау;Высокий\n"
    preview = preview_of(text, towns)
    assert preview.ok
    (note,) = preview.duplicates
    assert (note.town_id, note.lines, note.conflict) == ("temirtau", (2, 4), False)
    assert preview.counts()["rows_merged"] == 1
    assert preview.content()["towns"]["temirtau"]["tier"] == "high"


def test_complementary_duplicates_merge(towns):
    text = "Город;Уровень;Безработица, %\nТемиртау;высокий;\nТемиртау;;4,5\nАксу;низкий;3\n"
    preview = preview_of(text, towns)
    assert preview.ok
    assert preview.content()["towns"]["temirtau"] == {
        "tier": "high",
        "criteria": None,
        "values": {"bezrabotitsa_pct": 4.5},
    }


def test_conflicting_duplicates_block_saving(towns):
    text = "Город;Уровень;Безработица, %\nТемиртау;высокий;4\nАксу;низкий;3\nTemirtau;низкий;4\n"
    preview = preview_of(text, towns)
    assert not preview.ok
    (error,) = preview.errors
    assert error.code == "duplicate_conflict"
    assert error.params == {"town_id": "temirtau", "lines": [2, 4], "columns": ["Уровень"]}
    with pytest.raises(UploadError) as info:
        preview.content()
    assert info.value.code == "preview_has_errors"


# --- rejected cells and unmatched rows ---------------------------------------------------


def test_formulas_are_rejected_never_evaluated(towns):
    text = "Город;Уровень;Безработица, %\nТемиртау;=B3;=1+1\nАксу;низкий;3\n"
    preview = preview_of(text, towns)
    assert [(c.line, c.header, c.value, c.reason) for c in preview.rejected] == [
        (2, "Уровень", "=B3", "formula"),
        (2, "Безработица, %", "=1+1", "formula"),
    ]
    assert preview.content()["towns"]["temirtau"] == {
        "tier": None,
        "criteria": None,
        "values": {"bezrabotitsa_pct": None},
    }


def test_xlsx_formula_cell_is_rejected(towns):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Город", "Уровень", "Выпуск, млрд тенге"])
    ws.append(["Темиртау", "высокий", 10])
    ws.append(["Аксу", "низкий", "=C2*2"])
    wb.create_sheet("Второй").append(["x", "y"])
    buffer = io.BytesIO()
    wb.save(buffer)
    preview = build_preview(read_upload(buffer.getvalue(), "plan.xlsx"), towns)
    assert [(c.line, c.value, c.reason) for c in preview.rejected] == [(3, "=C2*2", "formula")]
    assert preview.content()["towns"]["aksu"]["values"] == {"vypusk_mlrd_tenge": None}
    assert preview.table.other_sheets == ("Второй",)


def test_bad_cells_are_rejected_with_reasons(towns):
    text = (
        "Город;Уровень;Критерий;Выпуск, млрд тенге\n"
        "Темиртау;очень высокий;4;много\n"
        "Аксу;низкий;1;5 %\n"
        "Кентау;средний;2;—\n"
        f"Рудный;низкий;3;{'1' * 1001}\n"
    )
    preview = preview_of(text, towns)
    got = [(c.line, c.column, c.reason) for c in preview.rejected]
    assert got == [
        (2, 1, "unknown_tier"),
        (2, 2, "unknown_criterion"),
        (2, 3, "not_a_number"),
        (3, 3, "unit_mismatch"),
        (4, 3, "no_data_mark"),
        (5, 3, "too_long"),
    ]
    too_long = preview.rejected[-1]
    assert too_long.params == {"length": 1001, "limit": 1000, "value": "1" * 40 + "…"}
    assert too_long.value.endswith("…") and len(too_long.value) == 101
    assert preview.ok  # rejected cells are warnings: the rest can be saved


def test_unmatched_rows_are_listed_with_suggestions(towns):
    text = "Город;Уровень\nТемиртай;высокий\nАксу / Аксай;низкий\n;средний\nКентау;средний\n"
    preview = preview_of(text, towns)
    unmatched = preview.unmatched_rows
    assert [(r.line, r.reason) for r in unmatched] == [
        (2, "unmatched"),
        (3, "ambiguous"),
        (4, "empty_key"),
    ]
    assert unmatched[0].match.candidates[0].name == "Темиртау"
    counts = preview.counts()
    assert (counts["rows_unmatched"], counts["rows_ambiguous"]) == (2, 1)
    assert list(preview.content()["towns"]) == ["kentau"]


def test_problem_downloads_are_bom_csv_and_formula_safe(towns):
    text = (
        "Город;Уровень;Выпуск, млрд тенге\n"
        '"=HYPERLINK(""http://x"")";высокий;1\n'
        "Аксу;низкий;-abc\n"
        "Темиртай;низкий;2\n"
    )
    preview = preview_of(text, towns)
    data = preview.unmatched_rows_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["line", "reason", "suggestions", "Город", "Уровень", "Выпуск, млрд тенге"]
    assert rows[1] == ["2", "formula", "", '\'=HYPERLINK("http://x")', "высокий", "1"]
    assert rows[2] == ["4", "unmatched", "Темиртау", "Темиртай", "низкий", "2"]
    rejected = preview.rejected_cells_csv(sep=",", labels={"line": "строка"})
    rows = list(csv.reader(io.StringIO(rejected.decode("utf-8-sig"))))
    assert rows == [
        ["строка", "column", "value", "reason"],
        ["2", "Город", '\'=HYPERLINK("http://x")', "formula"],
        ["3", "Выпуск, млрд тенге", "'-abc", "not_a_number"],
    ]


# --- numbers in context ------------------------------------------------------------------


def test_ambiguous_numbers_follow_the_column(towns):
    text = 'town,output\nTemirtau,"1,234"\nAksu,"1,234.5"\nKentau,"2,500"\n'
    preview = preview_of(text, towns)
    output = next(c for c in preview.columns if c.header == "output")
    assert output.decimal == "."
    assert preview.content()["towns"]["temirtau"]["values"]["output"] == 1234.0
    # With no evidence in a comma file the shape is refused, not guessed.
    text = 'town,output\nTemirtau,"1,234"\nAksu,"2,500"\nKentau,3\n'
    preview = preview_of(text, towns)
    assert [c.reason for c in preview.rejected] == ["ambiguous_number", "ambiguous_number"]
    # A semicolon file comes from a ru/kk-locale spreadsheet: the comma is a decimal mark.
    text = "Город;Выпуск\nТемиртау;1,234\nАксу;2,500\nКентау;3\n"
    assert preview_of(text, towns).content()["towns"]["temirtau"]["values"]["vypusk"] == 1.234


def test_percent_cells_give_the_unit(towns):
    text = "town,unemployment\nTemirtau,4.5%\nAksu,3%\nKentau,\n"
    preview = preview_of(text, towns)
    column = preview.columns[1]
    assert (column.role, column.unit, column.aggregation) == ("numeric", "%", "mean")
    assert preview.content()["towns"]["aksu"]["values"]["unemployment"] == 3.0


def test_potential_header_with_numbers_is_numeric(towns):
    text = "town,Potential output (bn tenge)\nTemirtau,12.5\nAksu,3\n"
    column = preview_of(text, towns).columns[1]
    assert (column.role, column.unit, column.aggregation) == ("numeric", "bn tenge", "sum")


def test_tiers_recognised_by_content_alone(towns):
    text = "Город;Статус\nТемиртау;высокий\nАксу;низкий\nКентау;средний\n"
    assert preview_of(text, towns).columns[1].role == "tier"


def test_row_number_and_year_columns_are_not_indicators(towns):
    text = "№;Город;Год;Уровень\n1;Темиртау;2013;высокий\n2;Аксу;2013;низкий\n"
    roles = [c.role for c in preview_of(text, towns).columns]
    assert roles == ["ignored", "town_key", "ignored", "tier"]


def test_town_key_by_geonames_id(towns):
    text = "geonames_id;Уровень\n1518262;высокий\n1524298;низкий\n"
    preview = preview_of(text, towns)
    assert list(preview.content()["towns"]) == ["temirtau", "aksu"]  # in atlas order


def test_town_key_found_without_a_header_word(towns):
    text = "Объект;Уровень\nТемиртау;высокий\nАксу;низкий\n"
    assert preview_of(text, towns).columns[0].role == "town_key"


# --- roles set by hand -------------------------------------------------------------------


def test_roles_set_by_hand(towns):
    roles = {
        "Примечание": "ignored",
        2: ColumnRole("numeric", aggregation="max"),
        "vypusk_mlrd_tenge": ColumnRole("numeric", unit="bn tenge", aggregation="sum"),
        "Уровень потенциала": "ignored",
        "Критерий": ColumnRole("criterion", unit="x", aggregation="sum"),
    }
    preview = preview_of(PLANNERS_FILE, towns, "cp1251", roles=roles)
    columns = {c.header: c for c in preview.columns}
    assert columns["Безработица, %"].aggregation == "max"
    assert columns["Безработица, %"].unit == "%"  # from the header: not given by hand
    assert columns["Выпуск, млрд тенге"].unit == "bn tenge"
    assert columns["Уровень потенциала"].role == "ignored"
    assert not columns["Уровень потенциала"].guessed
    assert columns["Город"].guessed
    assert (columns["Критерий"].unit, columns["Критерий"].aggregation) == (None, None)
    content = preview.content()
    assert content["towns"]["temirtau"]["tier"] is None
    assert content_from_json(content).to_json() == content


def test_town_key_set_by_hand_replaces_the_guess(towns):
    text = "Город;Уровень;Старое название\nТемиртау;высокий;Джезказган\n"
    preview = preview_of(text, towns, roles={"Старое название": "town_key"})
    assert [c.role for c in preview.columns] == ["ignored", "tier", "town_key"]
    assert list(preview.content()["towns"]) == ["zhezkazgan"]


@pytest.mark.parametrize(
    ("roles", "code"),
    [
        ({"Нет такой": "tier"}, "unknown_column"),
        ({9: "tier"}, "unknown_column"),
        ({0: "colour"}, "bad_role"),
        ({0: 5}, "bad_role"),
        ({1: "tier", 2: "tier"}, "duplicate_role"),
    ],
)
def test_bad_roles(towns, roles, code):
    with pytest.raises(UploadError) as info:
        preview_of(PLANNERS_FILE, towns, "cp1251", roles=roles)
    assert info.value.code == code


# --- whole-file errors -------------------------------------------------------------------


def test_no_town_column(towns):
    preview = preview_of("Уровень;Безработица, %\nвысокий;4\nнизкий;5\n", towns)
    assert [e.code for e in preview.errors] == ["no_town_column"]
    assert [r.reason for r in preview.rows] == ["empty_key", "empty_key"]


def test_no_value_columns(towns):
    preview = preview_of("Город;Примечание\nТемиртау;хорошо\nАксу;плохо\n", towns)
    assert [e.code for e in preview.errors] == ["no_value_columns"]


def test_no_towns_matched(towns):
    preview = preview_of("Город;Уровень\nАстана;высокий\nАлматы;низкий\n", towns)
    assert [e.code for e in preview.errors] == ["no_towns_matched"]
    assert preview.errors[0].params == {"rows": 2}


def test_header_too_long(towns):
    preview = preview_of(f"Город;{'x' * 1001}\nТемиртау;1\n", towns)
    assert "header_too_long" in [e.code for e in preview.errors]


# --- size (how long it takes is the benchmark's: python -m bench --only datasets) ---------


def test_a_file_naming_every_town_gives_every_town_its_values(towns):
    rows = "".join(f"{name};высокий;{i},5\n" for i, name in enumerate(towns["name_ru"]))
    data = ("Город;Уровень;Безработица, %\n" + rows).encode("cp1251")
    preview = build_preview(read_upload(data, "a.csv"), towns)
    content = preview.content()
    assert len(preview.towns) == 27 and preview.ok
    for i, town in enumerate(towns["town_id"]):
        record = content["towns"][town]
        assert record["tier"] == "high"
        assert record["values"] == {"bezrabotitsa_pct": i + 0.5}


def test_100k_rows_are_all_read_and_every_clash_named(matcher):
    names = [matcher.names[t]["ru"] for t in matcher.town_ids]
    lines = [f"г. {names[i % 27]};высокий;{i % 97},{i % 10};{i};примечание" for i in range(100_000)]
    data = ("Город;Уровень;Безработица, %;Выпуск;Примечание\n" + "\n".join(lines)).encode("cp1251")
    preview = build_preview(read_upload(data, "big.csv"), matcher)
    assert len(preview.rows) == 100_000 and preview.rows[-1].line == 100_001
    assert all(r.town_id == matcher.town_ids[i % 27] for i, r in enumerate(preview.rows))
    # Every town's rows give it different numbers: 27 clashes, each naming all its lines.
    assert [e.code for e in preview.errors] == ["duplicate_conflict"] * 27
    lines_of = {e.params["town_id"]: e.params["lines"] for e in preview.errors}
    assert sum(len(v) for v in lines_of.values()) == 100_000
