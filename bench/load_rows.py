"""The load test as rows of the benchmark table: 20 readers on one server, with and without
pauses between their changes (``python -m bench --only load``; ``make load`` prints the
same runs in full)."""

from __future__ import annotations

import contextlib
import io

from bench import Row
from bench.load import parse_summary, run_server_load

SESSIONS = 20
MODES = (("pause", (0.0, 4.0), "0–4 s pauses"), ("nopause", None, "no pauses"))


def measure(duration: float = 60.0) -> list[Row]:
    """p50 and p95 of a change, errors plus leaks, and the memory the run added, per mode."""
    rows = []
    for key, pause, words in MODES:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            line = run_server_load(SESSIONS, duration, pause)
        got = parse_summary(line)
        detail = next(x for x in printed.getvalue().splitlines() if x.startswith("runs_per_s="))
        note = f"{SESSIONS} readers × {duration:g} s, Streamlit's websocket protocol; {detail}"
        who = f"{SESSIONS} readers, {words}"
        p95_s = got["p95_ms"] / 1000
        rows += [
            Row(f"load.{key}_p50", f"change p50, {who}", got["p50_ms"] / 1000, "s", note=note),
            Row(
                f"load.{key}_p95",
                f"change p95, {who}",
                p95_s,
                "s",
                target="≤ 1 s",
                met=p95_s <= 1.0,
                note=note,
            ),
            Row(
                f"load.{key}_faults",
                f"errors + views leaked to another session, {who}",
                got["errors"] + got["leaked"],
                "runs",
                target="0",
                met=got["errors"] + got["leaked"] == 0,
                note=line,
            ),
            Row(
                f"load.{key}_memory",
                f"server memory added in the measured window, {who}",
                got["rss_mb_end"] - got["rss_mb_start"],
                "MB",
                note=(
                    f"VmRSS {got['rss_mb_start']:.0f} → {got['rss_mb_end']:.0f} MB; the per-view "
                    "caches fill up to their bound (python -m bench.load --all-views: ceiling)"
                ),
            ),
        ]
    return rows
