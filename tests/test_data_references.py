"""References between the atlas's files are checked like each file's own content: a town
naming a unit no boundary file has, or a boundary unit no other file knows (its checksum
recomputed, so only the reference can tell), stops the atlas with one clear page."""

from __future__ import annotations

import csv
import io
import json

import pytest
import streamlit as st

from geo.atlas import load_atlas
from geo.errors import DataError
from tests.datacopy import copy_data, edit_csv_cell, reseal, use_data
from tests.test_app_state import ROOT, run


def town_row(path, town_id: str) -> int:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return next(i for i, r in enumerate(rows) if r and r[0] == town_id)


def rename_unit(folder, vintage: str, old: str, new: str) -> None:
    path = folder / "boundaries" / f"kz_adm1_{vintage}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["unit_id"] == old:
            feature["properties"]["unit_id"] = new
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    reseal(folder)  # the checksum agrees: only the reference is wrong


def broken(tmp_path, monkeypatch, edit) -> DataError:
    folder = copy_data(tmp_path)
    edit(folder)
    use_data(monkeypatch, folder)
    with pytest.raises(DataError) as caught:
        load_atlas()
    return caught.value


def test_a_town_in_an_oblast_no_boundary_file_has_is_named(tmp_path, monkeypatch):
    def edit(folder):
        towns = folder / "towns.csv"
        edit_csv_cell(towns, town_row(towns, "temirtau"), "oblast_2012", "KZ-99")

    error = broken(tmp_path, monkeypatch, edit)
    assert (error.file, error.column) == ("towns.csv", "oblast_2012")
    assert error.row == town_row(tmp_path / "data" / "towns.csv", "temirtau")
    assert "'KZ-99' is not a unit of the 2012 boundaries" in error.problem


def test_a_town_said_to_be_in_another_unit_than_it_lies_in_is_named(tmp_path, monkeypatch):
    def edit(folder):
        towns = folder / "towns.csv"
        edit_csv_cell(towns, town_row(towns, "zhezkazgan"), "oblast_now", "KZ-35")

    error = broken(tmp_path, monkeypatch, edit)
    assert (error.file, error.column) == ("towns.csv", "oblast_now")
    assert "lies in 'KZ-62' of the 2022 boundaries, not in 'KZ-35'" in error.problem


def test_a_boundary_unit_no_other_file_knows_is_named(tmp_path, monkeypatch):
    error = broken(tmp_path, monkeypatch, lambda f: rename_unit(f, "2022", "KZ-62", "KZ-99"))
    assert error.file == "kz_adm1_2022.geojson"
    assert "'KZ-99' is not in lineage.csv" in error.problem


def test_a_population_row_for_no_unit_is_named(tmp_path, monkeypatch):
    def edit(folder):
        path = folder / "unit_population_2023.csv"
        edit_csv_cell(path, 3, "unit_id", "KZ-99")

    error = broken(tmp_path, monkeypatch, edit)
    assert (error.file, error.row, error.column) == ("unit_population_2023.csv", 3, "unit_id")


@pytest.mark.parametrize("case", ["town", "unit"])
def test_the_app_shows_the_data_error_page(tmp_path, monkeypatch, case):
    folder = copy_data(tmp_path)
    if case == "town":
        towns = folder / "towns.csv"
        edit_csv_cell(towns, town_row(towns, "temirtau"), "oblast_2012", "KZ-99")
        where = "towns.csv"
    else:
        rename_unit(folder, "2022", "KZ-62", "KZ-99")
        where = "kz_adm1_2022.geojson"
    use_data(monkeypatch, folder)
    st.cache_resource.clear()
    try:
        at = run({"lang": "ru"})
        assert not at.exception
        message = at.error[0].value.replace("\\", "").replace("\u2060", "")
        assert "Данные атласа не удалось прочитать" in message
        assert where in message and "KZ-99" in message and str(ROOT) not in message
        assert not at.get("component_instance")  # no half-drawn map
    finally:
        st.cache_resource.clear()
