import pandas as pd
import pytest

from geo.join import assign_units, consistency_report, unit_population, unit_summary, unmatched


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
