"""The 2012 definition computed per town: tiny fixtures for the logic, the published facts
for what a planner sees first."""

from __future__ import annotations

import pandas as pd

from geo import io
from geo.criteria import Thresholds, assess


def towns(pops, shares=None):
    frame = pd.DataFrame({"town_id": [f"t{i}" for i in range(len(pops))], "pop_2023_city": pops})
    if shares is not None:
        frame["ds_share"] = shares
    return frame


def test_thresholds_come_from_the_programme_table():
    t = Thresholds.from_programme(io.read_programme())
    assert (t.pop_min, t.pop_max, t.output_share, t.employment_share) == (20_000, 200_000, 20, 20)


def test_the_band_and_any_criterion_decide():
    out = assess(
        towns([10_000, 50_000, 50_000, 50_000, 300_000], [90.0, 90.0, 10.0, None, 90.0]),
        {"1": "ds_share", "2": None, "3": None},
        Thresholds(),
    )
    assert list(out["in_band"]) == ["no", "yes", "yes", "yes", "no"]
    assert list(out["c1"]) == ["yes", "yes", "no", "unknown", "yes"]
    # Below the band: leaves whatever its shares; a share under 20 % with the others unknown
    # cannot be told, nor can a missing share.
    assert list(out["meets"]) == ["no", "yes", "unknown", "unknown", "no"]
    assert list(out["change"]) == ["leaves", "stays", "unknown", "unknown", "leaves"]


def test_thresholds_are_the_readers_to_change():
    data = towns([50_000], [15.0])
    strict = assess(data, {"1": "ds_share", "2": "ds_share", "3": None}, Thresholds())
    lax = assess(data, {"1": "ds_share", "2": None, "3": None}, Thresholds(output_share=10))
    assert strict["c1"][0] == "no" and lax["c1"][0] == "yes" and lax["meets"][0] == "yes"


def test_with_published_figures_three_towns_fall_under_the_floor(atlas):
    out = assess(atlas.towns, {}, Thresholds.from_programme(io.read_programme()))
    leaving = set(out.loc[out["change"] == "leaves", "town_id"])
    assert leaving == {"serebryansk", "karazhal", "kurchatov"}
    # Nothing else can be told without the shares: no town is said to stay.
    assert set(out["change"]) == {"leaves", "unknown"}
    flagged = set(atlas.towns.loc[atlas.towns["below_pop_floor_2023"] == "yes", "town_id"])
    assert flagged == leaving
