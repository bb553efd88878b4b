"""The load benchmark: a short real run is correct, and its leak check catches a leak.

Timings and memory are reported by ``make load``, never asserted here: only the output's
format and correctness (no errors, no session seeing another's view) are.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from bench import ROOT
from bench.load import parse_summary
from bench.load_client import Page, Widget
from bench.load_views import Labels, filter_combinations, mismatches, query
from geo.i18n import LANGUAGES, t
from geo.indicators import INDICATORS
from geo.view import FILTER_PARAMS, View


@pytest.fixture(scope="module")
def labels() -> Labels:
    return Labels()


def page_of(view: View, labels: Labels, gen: int = 3) -> Page:
    """The page the app draws for ``view``, as a tab reads it (made by hand)."""
    lang = view.lang
    widgets = [Widget(f"lang::{gen}", "$$ID-0-lang", "radio", [], LANGUAGES[lang].name)]
    for name, key in (("vintage", view.vintage), ("indicator", view.indicator)):
        widgets.append(
            Widget(
                f"{name}:{lang}:{gen}",
                f"$$ID-0-{name}",
                "selectbox",
                [],
                labels.label(name, lang, key),
            )
        )
    chosen = view.selection()
    for attribute in FILTER_PARAMS:
        values = [
            labels.label(f"f_{attribute}", lang, v) for v in sorted(chosen.get(attribute) or ())
        ]
        key = f"f_{attribute}:{lang}:{gen}"
        widgets.append(Widget(key, f"$$ID-0-{key}", "multiselect", values, values))
    return Page(query(view), {w.key: w for w in widgets}, [t("title", lang)])


VIEW = View(vintage="2018", indicator=list(INDICATORS)[1], lang="ru").with_filter(
    "status", {"listed", "left"}
)


def test_the_view_asked_for_is_no_leak(labels):
    assert mismatches(VIEW, page_of(VIEW, labels), labels) == []


@pytest.mark.parametrize(
    "other",
    [
        replace(VIEW, lang="en"),  # another session's language
        VIEW.with_filter("status", {"listed"}),  # another session's filter value
        VIEW.with_filter("sector", {"coal"}),  # another session's filter
        replace(VIEW, vintage="2012"),
        replace(VIEW, data="A" * 22),  # another session's dataset
    ],
)
def test_another_sessions_view_is_a_leak(labels, other):
    assert mismatches(VIEW, page_of(other, labels), labels)


def test_a_single_wrong_part_is_a_leak(labels):
    page = page_of(VIEW, labels)
    page.headings = [t("title", "kk")]
    assert any("title" in m for m in mismatches(VIEW, page, labels))
    page = page_of(VIEW, labels)
    page.widgets.pop("f_status:ru:3")
    assert any("f_status" in m for m in mismatches(VIEW, page, labels))
    page = page_of(VIEW, labels)
    page.query_string = query(View(lang="ru"))
    assert any("address" in m for m in mismatches(VIEW, page, labels))


def test_filter_combinations_are_singles_and_pairs():
    combos = filter_combinations({"status": ["listed", "left", "unconfirmed"], "dc": ["yes", "no"]})
    # none + 5 singles + (3 + 1) pairs within a filter + 3 x 2 pairs across filters
    assert len(combos) == 1 + 5 + 4 + 6
    assert {"status": ["listed"], "dc": ["no"]} in combos


def test_a_short_real_run():
    """Two readers for 5 s against a real server: the last line, no errors, no leaks."""
    cmd = [sys.executable, "-m", "bench.load", "--sessions", "2", "--duration", "5"]
    done = subprocess.run(
        [*cmd, "--warmup", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = parse_summary(done.stdout.strip().splitlines()[-1])
    assert (got["sessions"], got["duration_s"]) == (2, 5.0)
    assert (got["errors"], got["leaked"]) == (0, 0), done.stderr[-3000:]
    assert got["p50_ms"] <= got["p95_ms"]


def test_a_summary_line_is_read_back_and_anything_else_refused():
    line = (
        "sessions=20 duration_s=60 errors=0 leaked=1 p50_ms=144 p95_ms=521 "
        "rss_mb_start=384.1 rss_mb_end=447.2"
    )
    assert parse_summary(line)["leaked"] == 1 and parse_summary(line)["rss_mb_end"] == 447.2
    with pytest.raises(ValueError):
        parse_summary(line.replace("leaked=1 ", ""))
