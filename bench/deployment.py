"""The ``deployment`` section: the load test through the balancer, 1 replica against 2.

The figures are those ``make deploy-check`` measured last (it writes them to
``$MONOQALA_ARTIFACTS/deploy-check.json``): running the stack needs root and a Docker
engine, which the benchmark does not start. The rows say when and where they were measured.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from bench import Row, na_row

RESULT = (
    Path(os.environ.get("MONOQALA_ARTIFACTS") or Path(tempfile.gettempdir()) / "monoqala")
    / "deploy-check.json"
)
RATIO_TARGET = 1.4


def save(figures: dict) -> Path:
    """Keep the deployment check's figures for the benchmark (called by the check)."""
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(figures, indent=1, sort_keys=True), encoding="utf-8")
    return RESULT


def measure(duration: float = 60.0) -> list[Row]:
    """Rows from the last deployment check (``duration`` is the check's own)."""
    if not RESULT.is_file():
        return [
            na_row(
                "deployment.runs_per_s",
                "app runs per second through the balancer, 2 replicas vs 1",
                "runs/s",
                "not measured: run `make deploy-check` (as root) first",
            )
        ]
    got = json.loads(RESULT.read_text(encoding="utf-8"))
    one, two, restart = got["one"], got["two"], got["restart"]
    ratio = two["runs_per_s"] / one["runs_per_s"] if one["runs_per_s"] else 0.0
    when = (
        f"make deploy-check, {got['finished']}; {got['sessions']} readers × "
        f"{got['duration']:g} s, no pauses, through nginx; the load generator shares the "
        f"machine's {os.cpu_count()} cores; load average {got['load_average']:.1f}"
    )
    return [
        Row(
            "deployment.runs_per_s",
            "app runs per second through the balancer, 2 replicas (baseline: 1)",
            two["runs_per_s"],
            "runs/s",
            baseline=one["runs_per_s"],
            target=f"≥ {RATIO_TARGET}× the 1-replica figure",
            met=ratio >= RATIO_TARGET,
            note=when,
        ),
        Row(
            "deployment.p95",
            "change p95 through the balancer, 2 replicas (baseline: 1)",
            two["p95_ms"] / 1000,
            "s",
            baseline=one["p95_ms"] / 1000,
            note=when,
        ),
        Row(
            "deployment.faults",
            "errors + views leaked, load through the balancer (1 and 2 replicas)",
            one["errors"] + one["leaked"] + two["errors"] + two["leaked"],
            "runs",
            target="0",
            met=one["errors"] + one["leaked"] + two["errors"] + two["leaked"] == 0,
            note=when,
        ),
        Row(
            "deployment.restart_errors",
            "errors a replica restarted under load caused (its readers reconnect)",
            restart["errors"],
            "runs",
            note=(
                f"{restart['reconnects']:.0f} tabs reconnected to their view; "
                f"{restart['leaked']:.0f} leaked; datasets lost: {got['restart_lost']}"
            ),
        ),
    ]
