from geo.filters import UNKNOWN, apply_filters, normalised, options


def test_not_published_and_empty_are_unknown(five_towns):
    towns = five_towns.copy()
    towns.loc[0, "tier_2012"] = "high"
    assert normalised(towns, "tier").tolist() == ["high"] + [UNKNOWN] * 4
    assert options(towns, "tier") == ["high", "average", "low", UNKNOWN]


def test_unknown_is_selectable(five_towns):
    towns = five_towns.copy()
    towns.loc[0, "tier_2012"] = "high"
    assert apply_filters(towns, {"tier": {UNKNOWN}})["town_id"].tolist() == ["t2", "t3", "t4", "t5"]
    assert apply_filters(towns, {"tier": {"high"}})["town_id"].tolist() == ["t1"]


def test_filters_combine_and_none_means_all(five_towns):
    towns = five_towns.copy()
    towns.loc[[1, 3], "status_2025"] = "left"
    towns.loc[3, "district_centre_2012"] = "no"
    out = apply_filters(towns, {"status": {"left"}, "district_centre": {"no"}, "tier": None})
    assert out["town_id"].tolist() == ["t4"]
    assert len(apply_filters(towns, {})) == 5


def test_empty_selection_gives_empty_frame_with_columns(five_towns):
    out = apply_filters(five_towns, {"sector": set()})
    assert out.empty and list(out.columns) == list(five_towns.columns)
