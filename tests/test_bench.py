"""Smoke test of the benchmark: the cheap measurements run and return well-formed rows.

Nothing here asserts a timing or a target: the benchmark reports those, the tests only
check that it can produce them (``python -m bench`` is the real run).
"""

from __future__ import annotations

import json
import math

import pytest
from shapely.geometry import box

from bench import UNITS, Row, median, p95
from geo.view import View


def check_rows(rows: list[Row], section: str) -> None:
    assert rows, f"{section} returned no rows"
    for row in rows:
        assert row.key.startswith(f"{section}."), row.key
        assert row.figure and row.unit in UNITS
        for x in (row.value, row.baseline):
            assert x is None or (math.isfinite(x) and x >= 0), (row.key, x)
        assert row.met in (True, False, None)
        if row.value is None:
            assert row.note, f"{row.key} is n/a without saying why"
        json.dumps(row.to_dict())  # the JSON report must be able to hold it


def test_statistics():
    xs = [0.5, 0.1, 0.3, 0.2, 0.4]
    assert median(xs) == 0.3
    assert p95(xs) == pytest.approx(0.48)
    assert p95([2.0]) == 2.0


def test_row_ratio_and_units():
    assert Row("a.b", "x", 5, "B", 100).ratio == 0.05
    assert Row("a.b", "x", None, "s", 1.0).ratio is None
    with pytest.raises(ValueError, match="valid"):
        Row("a.b", "x", 1, "furlongs")


def test_report_table_and_files(tmp_path):
    from bench import report

    rows = [
        Row("payload.x", "map | payload", 92_000, "B", 3_000_000, "≤ 150 KB", True, "how"),
        Row("rerun.x", "rerun", 0.04, "s", 1.0, "≤ 50 ms", False),
        Row("exports.x", "png", None, "s", 0.1, "≤ 2 s", note="n/a (export not available)"),
    ]
    env = report.environment()
    text = report.to_markdown(rows, env)
    assert "| figure | value | baseline | ratio | target | met |" in text
    assert "map \\| payload" in text and "92.0 KB" in text and "3.1% (33× smaller)" in text
    assert "40.0 ms" in text and "25.0× faster" in text and "**not met**" in text
    assert "| n/a |" in text and env["platform"] in text
    # A figure of zero (no blocking time) against a baseline that has some reads as such.
    none = Row("public.tbt", "blocking", 0.0, "s", 1.9, "≤ 0.2 s", True)
    assert "| 0 × baseline |" in report.to_markdown([none], env)
    js, md = report.write(rows, env, tmp_path)
    data = json.loads(js.read_text())
    assert [r["key"] for r in data["rows"]] == ["payload.x", "rerun.x", "exports.x"]
    assert data["cpu_count"] >= 1 and md.read_text().startswith("# monoqala benchmark")


def test_payload_rows_for_the_default_view(atlas):
    from bench import payload

    rows = payload.measure(atlas, views=[View()])
    check_rows(rows, "payload")
    by_key = {r.key: r for r in rows}
    assert by_key["payload.default"].value < by_key["payload.default"].baseline
    from layers.assets import leaflet_css_uri, leaflet_js_uri

    assert payload.strip_leaflet(f"<{leaflet_js_uri()}|{leaflet_css_uri()}>") == "<|>"


def test_rerun_rows_with_one_run():
    from bench import rerun

    rows = rerun.measure(runs=1, warmup=0)
    check_rows(rows, "rerun")
    assert {r.key for r in rows} >= {"rerun.median", "rerun.p95", "rerun.message"}


def test_exports_rows_with_one_run(atlas):
    from bench import exports

    rows = exports.measure(runs=1, warmup=0, atlas=atlas)
    check_rows(rows, "exports")
    assert [r.key for r in rows] == ["exports.png", "exports.embed"]


def test_fidelity_logic_on_squares(two_squares, five_towns):
    from bench.fidelity import area_change, changed_towns, naive_simplify, seams_km2

    half = two_squares.copy()
    half.loc[0, "geometry"] = box(70, 50, 70.5, 51)  # A loses its eastern half
    change = area_change(two_squares, half)
    assert change["A"] == pytest.approx(-0.5, abs=0.01) and change["B"] == pytest.approx(0)
    assert changed_towns(five_towns, two_squares, half) == {"t1", "t3"}  # now in no unit
    assert seams_km2(two_squares) == pytest.approx(0, abs=1e-3)
    assert naive_simplify(two_squares, 15).geometry.is_valid.all()


def test_fidelity_rows():
    from bench import fidelity

    rows = fidelity.measure()
    check_rows(rows, "fidelity")
    assert {r.key for r in rows} == {"fidelity.area", "fidelity.towns", "fidelity.seams"}


def test_readme_table_is_replaced_between_the_markers(tmp_path):
    from bench.report import README_END, README_START, update_readme

    readme = tmp_path / "README.md"
    readme.write_text(
        f"# x\n\n{README_START}\nold table\n{README_END}\n\nafter\n", encoding="utf-8"
    )
    md = (
        "# monoqala benchmark\n\n2026-11-23 · 2 CPUs\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNotes:\n"
    )
    update_readme(md, readme)
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and "Notes" not in text and "function" not in text
    assert "Last run: 2026-11-23 · 2 CPUs\n\n| a | b |\n|---|---|\n| 1 | 2 |\n" in text
    assert text.endswith(f"{README_END}\n\nafter\n")
    update_readme(md, readme)  # a second run replaces, never appends
    assert readme.read_text(encoding="utf-8") == text


def test_deployment_rows_come_from_the_last_deployment_check(tmp_path, monkeypatch):
    from bench import deployment

    monkeypatch.setattr(deployment, "RESULT", tmp_path / "deploy-check.json")
    (missing,) = deployment.measure()
    assert missing.value is None and "make deploy-check" in missing.note
    figures = {"errors": 0.0, "leaked": 0.0, "p95_ms": 2100.0}
    deployment.save(
        {
            "finished": "2026-12-05T10:00:00+00:00",
            "sessions": 20,
            "duration": 60.0,
            "load_average": 3.5,
            "one": {**figures, "runs_per_s": 10.0},
            "two": {**figures, "runs_per_s": 13.0, "p95_ms": 1500.0},
            "restart": {"errors": 2.0, "leaked": 0.0, "reconnects": 9.0},
            "restart_lost": 0,
        }
    )
    rows = {row.key: row for row in deployment.measure()}
    check_rows(list(rows.values()), "deployment")
    throughput = rows["deployment.runs_per_s"]
    assert (throughput.value, throughput.baseline) == (13.0, 10.0)
    assert throughput.met is False  # 1.3x: under the 1.4x target, and said so
    assert rows["deployment.faults"].met is True
    assert rows["deployment.restart_errors"].value == 2.0
