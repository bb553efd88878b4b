"""Text that becomes something else: direction controls never survive reading a planner's
text, and a dataset id or write key that starts with "-" is still an id on the command line."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from cli import main as cli
from tests.test_app_state import APP
from userdata.bidi import BIDI_CONTROLS
from userdata.read import build_preview, content_from_json, read_upload
from userdata.store import DatasetStore, tokens

# Every control the atlas drops: U+202A-U+202E, U+2066-U+2069, U+200E and U+200F.
CONTROLS = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
CONTROLS += "\u200e\u200f"
RTL_HEADER = "Aksu\u202egnp.exe %"  # shows as "Aksu% exe.png" where the override works


def test_the_set_is_every_direction_control():
    assert set(CONTROLS) == BIDI_CONTROLS and len(BIDI_CONTROLS) == 11


def rtl_csv() -> bytes:
    return (
        f"Город;{RTL_HEADER};Уровень\nТемир\u2067тау;5;выс\u202dокий\nАксу;{CONTROLS}7;низкий\n"
    ).encode()


def test_headers_cells_and_the_file_name_lose_every_control(atlas):
    table = read_upload(rtl_csv(), f"report{CONTROLS}.csv")
    assert table.header == ("Город", "Aksugnp.exe %", "Уровень")
    assert table.rows == (("Темиртау", "5", "высокий"), ("Аксу", "7", "низкий"))
    assert table.file_name == "report.csv"
    preview = build_preview(table, atlas.towns)
    content = preview.content()
    assert not BIDI_CONTROLS & set(repr(content))
    assert content["source"]["file_name"] == "report.csv"
    assert {v.town_id: v.tier for v in preview.towns} == {"temirtau": "high", "aksu": "low"}


def test_a_workbook_loses_them_in_sheet_names_strings_and_inline_text():
    book = openpyxl.Workbook()
    book.active.title = "Лист\u202e1"
    book.active.append(["Город", RTL_HEADER])
    book.active.append(["Темир\u2066тау", "5"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_upload(buffer.getvalue(), "a.xlsx")
    assert table.sheet == "Лист1" and table.sheets == ("Лист1",)
    assert table.header == ("Город", "Aksugnp.exe %")
    assert table.rows == (("Темиртау", "5"),)


def test_a_unit_typed_by_the_planner_loses_them(atlas):
    from userdata.read import ColumnRole

    table = read_upload(rtl_csv(), "a.csv")
    preview = build_preview(table, atlas.towns, {1: ColumnRole("numeric", unit="\u202eкм")})
    assert preview.columns[1].unit == "км"


def test_a_dataset_saved_before_loses_them_when_read_back(atlas):
    content = build_preview(read_upload(rtl_csv(), "a.csv"), atlas.towns).content()
    content["columns"][1]["header"] = RTL_HEADER  # as an older version saved it
    content["columns"][1]["unit"] = "\u202e%"
    column = content_from_json(content).columns[1]
    assert (column.header, column.unit) == ("Aksugnp.exe %", "%")


def test_the_role_editor_shows_the_header_without_them(tmp_path, monkeypatch):
    monkeypatch.setenv("MONOQALA_DATABASE_URL", f"sqlite:///{tmp_path / 'd.sqlite3'}")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.session_state["data_open"] = True
    at.run()
    at.file_uploader(key="data_file").upload(f"a{CONTROLS}.csv", rtl_csv(), "text/csv").run()
    assert not at.exception
    editor = next(d for d in at.dataframe if (d.key or "").startswith("data_roles"))
    assert list(editor.value["header"]) == ["Город", "Aksugnp.exe %", "Уровень"]
    [name] = at.text_input  # the dataset's name, offered from the file's
    assert name.value == "a"


# --- ids and keys that start with "-" ----------------------------------------------------


def test_new_ids_and_keys_never_start_with_a_dash():
    ids = {tokens.new_dataset_id() for _ in range(3000)}
    keys = {tokens.new_write_key() for _ in range(3000)}
    assert not any(i.startswith("-") for i in ids | keys)
    assert len(ids) == len(keys) == 3000 and all(tokens.is_dataset_id(i) for i in ids)


@pytest.fixture
def dashed(tmp_path, monkeypatch, atlas):
    """A dataset whose id and write key start with "-", as one in 64 did before."""
    monkeypatch.setenv("MONOQALA_DATABASE_URL", f"sqlite:///{tmp_path / 'd.sqlite3'}")
    monkeypatch.setattr(cli, "load", lambda: atlas)
    dataset_id, key = "-" + "h" * 31, "-" + "Kq7" * 14
    monkeypatch.setattr(tokens, "new_dataset_id", lambda: dataset_id)
    monkeypatch.setattr(tokens, "new_write_key", lambda: key)
    content = build_preview(read_upload(rtl_csv(), "a.csv"), atlas.towns).content()
    with DatasetStore() as store:
        store.create(name="Old", file_name="a.csv", original=b"x", content=content, roles={})
    return dataset_id, key


def test_the_command_line_takes_a_dashed_id_and_key_as_values(dashed, capsys, tmp_path):
    dataset_id, key = dashed
    assert cli.main(["data", "show", dataset_id]) == 0
    assert f"dataset_id: {dataset_id}" in capsys.readouterr().out
    assert cli.main(["data", "rename", dataset_id, "New", "--write-key", key]) == 0
    assert cli.main(["data", "rename", dataset_id, "Newer", f"--write-key={key}"]) == 0
    with DatasetStore() as store:
        assert store.get(dataset_id).name == "Newer"
    out = tmp_path / "view.json"
    # The file names the id only when asked to (the id opens the dataset).
    argv = ["export", "--data", dataset_id, "--lang", "en", "--link-data", "-o", str(out)]
    assert cli.main(argv) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["user_data"]["dataset_id"] == dataset_id
    assert cli.main(["data", "delete", dataset_id, "--write-key", key]) == 0
    assert f"deleted {dataset_id}" in capsys.readouterr().out
    with DatasetStore() as store:
        assert store.get(dataset_id) is None


def test_a_dash_that_is_no_id_is_still_an_unknown_option(dashed, capsys):
    assert cli.main(["data", "show", "-x"]) == 2
    assert "arguments are required: id" in capsys.readouterr().err
