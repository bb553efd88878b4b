"""A row whose fields do not fit the header is named, not read as its fields fell.

The akimat's line ``Экибастуз;высокий;1; 2;64,0`` has one field more than its header: read
as it fell, the criterion would be 1, the share 2, and a nameless column would hold 64,0.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cli import main as cli
from geo.i18n import t
from tests import test_datasets
from tests.test_app_state import APP
from userdata.read import build_preview, read_upload

# The dataset tests' fixtures: a store of the test's own, the atlas loaded once.
store_file = test_datasets.store_file
shared_atlas = test_datasets.shared_atlas

AKIMAT_FILE = (
    "Город;Уровень потенциала;Критерий;Доля занятых, %\n"
    "Темиртау;высокий;1;71,5\n"
    "Экибастуз;высокий;1; 2;64,0\n"
    "Аксу;низкий;2;55,0\n"
    "Рудный;средний;1;60,2\n"
    "Кентау;низкий;3;48,9\n"
    "Сатпаев;средний;1;58,1\n"
).encode("cp1251")
LINES = [2, 4, 5, 6, 7]  # the lines read as they are


@pytest.fixture(scope="module")
def towns():
    from geo.io import read_towns

    return read_towns()


def preview_of(data: bytes, towns, accept=()):
    return build_preview(read_upload(data, "akimat.csv"), towns, accept=accept)


def test_the_line_is_named_with_its_text_and_both_field_counts(towns):
    preview = preview_of(AKIMAT_FILE, towns)
    assert preview.table.separator == ";"  # the stray one does not make it a comma file
    [note] = preview.malformed
    assert note.line == 3
    assert note.row.text == "Экибастуз;высокий;1; 2;64,0"
    assert (note.row.expected, note.row.found) == (4, 5)
    assert preview.counts()["rows_malformed"] == 1


def test_its_values_are_not_taken_and_no_column_is_invented(towns):
    preview = preview_of(AKIMAT_FILE, towns)
    assert [c.header for c in preview.columns] == [
        "Город", "Уровень потенциала", "Критерий", "Доля занятых, %",
    ]  # fmt: skip
    assert "ekibastuz" not in {v.town_id for v in preview.towns}
    assert [r.line for r in preview.rows] == LINES
    content = preview.content()
    assert [c["header"] for c in content["columns"]] == [c.header for c in preview.columns]
    assert content["towns"]["temirtau"]["values"] == {"dolya_zanyatykh_pct": 71.5}


def test_the_list_that_was_meant_is_proposed_and_read_only_when_accepted(towns):
    [note] = preview_of(AKIMAT_FILE, towns).malformed
    assert note.reading == ("Экибастуз", "высокий", "1; 2", "64,0") and note.joined == 2
    assert not note.accepted
    preview = preview_of(AKIMAT_FILE, towns, accept=[3])
    assert preview.malformed[0].accepted and preview.counts()["rows_malformed"] == 0
    ekibastuz = next(v for v in preview.towns if v.town_id == "ekibastuz")
    assert ekibastuz.criteria == frozenset({"1", "2"})
    assert dict(ekibastuz.values) == {"dolya_zanyatykh_pct": 64.0}
    assert [r.line for r in preview.rows] == [2, 3, *LINES[1:]]


@pytest.mark.parametrize(
    "line",
    [
        "Экибастуз;высокий;1;64,0;лишнее",  # the extra field is not part of a list
        "Экибастуз;высокий;один; два;64,0",  # joined, the two are no criteria
        "Экибастуз;высокий;1;2;3;64,0",  # two fields too many
        "Экибастуз;высокий;1",  # too few
    ],
)
def test_no_reading_is_proposed_where_the_intent_is_not_clear(line, towns):
    data = AKIMAT_FILE.decode("cp1251").replace("Экибастуз;высокий;1; 2;64,0", line)
    preview = preview_of(data.encode("cp1251"), towns, accept=[3])
    [note] = preview.malformed
    assert note.reading is None and not note.accepted
    assert "ekibastuz" not in {v.town_id for v in preview.towns}


def test_a_file_whose_every_line_is_malformed_cannot_be_saved(towns):
    data = "Город;Уровень\nТемиртау;высокий;1\nАксу;низкий;2\n".encode()
    preview = preview_of(data, towns)
    assert [e.code for e in preview.errors][:1] == ["all_rows_malformed"]
    assert "line 2 has 3, the header 2" in str(preview.errors[0])


def test_the_command_line_names_the_line_and_reads_it_only_when_told(
    store_file, shared_atlas, tmp_path, capsys
):
    from userdata.store import DatasetStore

    path = tmp_path / "akimat.csv"
    path.write_bytes(AKIMAT_FILE)
    assert cli.main(["data", "import", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "1 lines not read" in out
    assert (
        "line 3: 'Экибастуз;высокий;1; 2;64,0' has 5 fields, the header 4; the line is not "
        "read (to read it as 'Экибастуз | высокий | 1; 2 | 64,0', add --accept-line 3)"
    ) in err
    assert cli.main(["data", "import", str(path), "--accept-line", "3"]) == 0
    out, err = capsys.readouterr()
    assert "0 lines not read" in out and "line 3" not in err
    with DatasetStore() as store:
        towns = store.get(out.strip().splitlines()[-1]).content["towns"]
    assert towns["ekibastuz"]["criteria"] == ["1", "2"]


def test_the_app_lists_the_line_and_reads_it_when_the_planner_accepts(store_file):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "ru"
    at.run()
    at.session_state["data_open"] = True
    at.run()
    at.file_uploader(key="data_file").upload("akimat.csv", AKIMAT_FILE, "text/csv").run()
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert "Непрочитанные строки" in warning and "(1)" in warning.replace("\\", "")
    listing = next(d.value for d in at.dataframe if "Как в файле" in d.value.columns)
    assert listing.iloc[0].to_dict() == {
        "Строка": 3,
        "Как в файле": "Экибастуз;высокий;1; 2;64,0",
        "Полей в заголовке": 4,
        "Полей в строке": 5,
        "Предлагаемое прочтение": "Экибастуз | высокий | 1; 2 | 64,0",
    }
    summary = t("data_summary", "ru", rows=5, matched=5, unmatched=0, rejected=0, towns=5)
    assert any(m.value.replace("\\", "") == summary for m in at.markdown)
    accept = next(m for m in at.multiselect if m.key == "data_accept")
    assert accept.value == []  # nothing is read as proposed unless the planner says so
    accept.set_value([3]).run()
    assert not at.warning
    summary = t("data_summary", "ru", rows=6, matched=6, unmatched=0, rejected=0, towns=6)
    assert any(m.value.replace("\\", "") == summary for m in at.markdown)
