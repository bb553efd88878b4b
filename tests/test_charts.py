"""Programme charts: the seeds' figures, labelled in the reader's language."""

import pytest

from geo import io
from layers.charts import anchor_chart, funding_chart, population_chart


@pytest.fixture(scope="module")
def programme():
    return io.read_programme()


def rows(chart) -> list[dict]:
    spec = chart.to_dict()
    return next(iter(spec["datasets"].values()))


def test_population_series_2014_to_2020(programme):
    data = rows(population_chart(programme, "ru"))
    assert [r["year"] for r in data] == [str(y) for y in range(2014, 2021)]
    assert data[0]["value"] == pytest.approx(1412.3)
    assert data[0]["shown"] == "1\u00a0412,3"  # Russian number format in the tooltip
    assert population_chart(programme, "kk").to_dict()["title"] == "Моноқалалар халқы, мың адам"


def test_anchor_projects_add_up_to_48(programme):
    data = rows(anchor_chart(programme, "en"))
    assert sum(r["value"] for r in data) == 48
    assert {r["status"] for r in data} == {"stable", "stopped", "idle", "intermittent"}


def test_funding_figures(programme):
    data = rows(funding_chart(programme, "en"))
    assert [r["value"] for r in data] == [10, 8.7, 10.4]
    assert all(r["source"] for r in data)


def test_doubtful_figures_say_so_where_they_are_shown(programme):
    data = {r["year"]: r for r in rows(population_chart(programme, "en"))}
    assert data["2016"]["doubt"] and "likely a misprint" in data["2016"]["note"]
    assert data["2017"]["doubt"] and data["2018"]["doubt"]
    assert not data["2015"]["doubt"] and data["2015"]["note"] == ""
