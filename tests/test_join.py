import pandas as pd
import pytest

from geo.indicators import Indicator
from geo.io import UNIT_COLUMNS
from geo.join import (
    INDICATOR_INPUTS,
    assign_units,
    consistency_report,
    unit_population,
    unit_summary,
    unmatched,
)


def test_assign_units_counts_points_per_square(five_towns, two_squares):
    joined = assign_units(five_towns, two_squares)
    assert joined["unit_id"].value_counts().to_dict() == {"A": 3, "B": 2}
    assert unmatched(joined) == []
    assert "unit_id" not in five_towns.columns  # input untouched


def test_town_outside_every_unit_is_reported_not_dropped(five_towns, two_squares):
    towns = five_towns.copy()
    towns.loc[0, "geometry"] = towns.geometry.iloc[0].__class__(80.0, 45.0)
    joined = assign_units(towns, two_squares)
    assert len(joined) == 5
    assert unmatched(joined) == ["t1"]


def test_different_crs_is_refused(five_towns, two_squares):
    with pytest.raises(ValueError, match="CRS"):
        assign_units(five_towns, two_squares.to_crs(3857))


def test_summary_keeps_units_without_towns_as_zero(five_towns, two_squares):
    joined = assign_units(five_towns, two_squares)
    pop = pd.DataFrame({"unit_id": ["A", "B", "C"], "pop_total_2023": [60000, 90000, 5000]})
    s = unit_summary(joined, two_squares, pop).set_index("unit_id")
    assert s["n_towns"].to_dict() == {"A": 3, "B": 2, "C": 0}
    assert s.loc["A", "pop_towns_2023"] == 1000 + 2000 + 3000
    assert s.loc["A", "pop_share_2023"] == pytest.approx(10.0)
    assert s.loc["C", "pop_share_2023"] == 0
    assert s.loc["B", "towns_per_million"] == pytest.approx(2 / 0.09)
    assert s.loc["A", "town_ids"] == "t1;t2;t3"


def test_summary_of_no_towns_has_every_unit(five_towns, two_squares):
    joined = assign_units(five_towns, two_squares).iloc[0:0]
    s = unit_summary(joined, two_squares)
    assert list(s["unit_id"]) == ["A", "B", "C"]
    assert list(s["n_towns"]) == [0, 0, 0]


def test_unknown_town_population_makes_share_unknown(five_towns, two_squares):
    towns = five_towns.copy()
    towns.loc[towns["town_id"] == "t4", "pop_2023_city"] = pd.NA
    pop = pd.DataFrame({"unit_id": ["A", "B", "C"], "pop_total_2023": [1e5, 1e5, 1e5]})
    s = unit_summary(assign_units(towns, two_squares), two_squares, pop).set_index("unit_id")
    assert pd.isna(s.loc["B", "pop_share_2023"])
    assert not pd.isna(s.loc["A", "pop_share_2023"])


def test_unit_population_adds_parts_and_keeps_unknown_unknown():
    lineage = pd.DataFrame(
        {"unit_2022": ["X1", "X2", "Y"], "unit_2018": ["X", "X", "Y"], "unit_2012": ["X", "X", "Y"]}
    )
    pop = pd.DataFrame(
        {"unit_id": ["X1", "X2", "Y"], "pop_total": [10, 5, None], "pop_urban": [4, 1, None]}
    )
    pop["pop_total"] = pop["pop_total"].astype("Int64")
    out = unit_population(pop, lineage, "2012").set_index("unit_id")
    assert out.loc["X", "pop_total_2023"] == 15
    assert pd.isna(out.loc["Y", "pop_total_2023"])


def test_consistency_report_lists_mismatch(five_towns, two_squares):
    joined = assign_units(five_towns, two_squares)
    joined.loc[joined["town_id"] == "t5", "oblast_2012"] = "A"
    report = consistency_report(joined)
    assert report["town_id"].tolist() == ["t5"]


def _per_area(units: pd.DataFrame, towns: pd.DataFrame) -> pd.Series:
    return 1e5 * units["n_towns"] / units["area_km2"]


# Monotowns per 100 000 km²: an indicator that needs the units' area (declared here only).
PER_AREA = Indicator("towns_per_100k_km2", "rate", _per_area, "FisherJenks", decimals=2)


def test_an_indicator_sees_every_boundary_column(atlas):
    units = atlas.units["2012"]
    assert set(UNIT_COLUMNS) <= set(units.columns)
    s = unit_summary(atlas.joined["2012"], units, None, (PER_AREA,)).set_index("unit_id")
    assert set(INDICATOR_INPUTS) <= {*s.columns, "unit_id"}
    # Karaganda (2012): 8 monotowns on about 428 000 km², as the boundary file measures it.
    karaganda = s.loc["KZ-35"]
    assert karaganda["area_km2"] == units.set_index("unit_id").loc["KZ-35", "area_km2"]
    assert karaganda["towns_per_100k_km2"] == pytest.approx(8e5 / karaganda["area_km2"])
    assert 1.8 < karaganda["towns_per_100k_km2"] < 1.95


def test_units_without_an_area_column_get_it_from_their_geometry(five_towns, two_squares):
    assert "area_km2" not in two_squares.columns
    s = unit_summary(assign_units(five_towns, two_squares), two_squares, None, (PER_AREA,))
    s = s.set_index("unit_id")
    # A 1° × 1° square at 50–51° N: about 111 km × 71 km.
    assert s.loc["A", "area_km2"] == pytest.approx(7_860, rel=0.01)
    assert s.loc["A", "towns_per_100k_km2"] == pytest.approx(3e5 / s.loc["A", "area_km2"])
    assert s.loc["C", "towns_per_100k_km2"] == 0
    assert "area_km2" not in two_squares.columns  # input untouched


def test_a_view_is_coloured_by_an_indicator_of_area(atlas, monkeypatch):
    from geo.atlas import compute_view
    from geo.indicators import INDICATORS
    from geo.view import View

    monkeypatch.setitem(INDICATORS, PER_AREA.key, PER_AREA)
    data = compute_view(atlas, View(vintage="2022", indicator=PER_AREA.key))
    values = data.units.set_index("unit_id")[PER_AREA.key]
    assert values.notna().all() and (values >= 0).all()
    assert values["KZ-62"] == pytest.approx(
        3e5 / data.units.set_index("unit_id").loc["KZ-62", "area_km2"]
    )
