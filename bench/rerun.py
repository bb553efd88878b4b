"""Rerun: server time from a filter change to the map ready, the real app vs a naive rerun.

The app runs under :class:`streamlit.testing.v1.AppTest`, the same script a server runs;
a run is timed from ``.run()`` to its return, after the script (and ``st_folium``) has
finished. Two series are timed on one warm process:

* *alternating*: the list-status filter flips between two values, so every run is a change
  but, after the first two, both views are in the app's per-view caches;
* *new view*: every run is a filter combination not seen before (sector × status), so the
  per-view caches miss and the view is computed and serialised afresh.

The baseline (:func:`bench.naive.naive_rerun`) has no cache, so one series serves both.

AppTest gives every run a new ``ScriptCache``, so it recompiles ``app.py`` (with
Streamlit's "magic" AST pass) on every rerun; a server compiles it once. The alternating
series is therefore timed twice: as AppTest runs it, and with one shared cache as a
server has (:func:`server_like_script_cache`).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from bench import APP, NAIVE_APP, Row, median, p95, timed
from bench.naive import naive_rerun, write_full_resolution
from geo.view import View

TIMEOUT = 120.0  # first run imports and loads everything; later runs take well under 1 s
STATUS_PAIR = (["left"], ["listed"])
MAX_MEDIAN_S = 0.050
MIN_SPEEDUP = 15.0


def app_test(path: Path = APP):
    """An AppTest of ``path`` after its first (cold) run; fails if the script raised."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    at.run()
    if at.exception:
        raise RuntimeError(f"{path.name} raised: {at.exception[0].message}")
    return at


@contextmanager
def server_like_script_cache():
    """Let every AppTest run share one ``ScriptCache``, as a server's ``Runtime`` does."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import local_script_runner

    shared = ScriptCache()
    with mock.patch.object(local_script_runner, "ScriptCache", lambda: shared):
        yield


def compile_seconds(repeat: int = 5) -> float:
    """Median time to compile ``app.py`` as Streamlit does (AppTest pays it every run)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    return median(timed(lambda: ScriptCache().get_bytecode(str(APP)), repeat))


def widget(at, name: str):
    """The sidebar multiselect of filter ``name`` (its key carries language and generation)."""
    from ui.state import widget_name

    return next(w for w in at.sidebar.multiselect if widget_name(w.key) == name)


def _run(at) -> float:
    t0 = time.perf_counter()
    at.run()
    dt = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"app raised: {at.exception[0].message}")
    return dt


def alternating(at, runs: int, warmup: int = 2) -> list[float]:
    """Seconds per run while the status filter alternates between two values."""
    out = []
    for i in range(warmup + runs):
        widget(at, "f_status").set_value(STATUS_PAIR[i % 2])
        dt = _run(at)
        if i >= warmup:
            out.append(dt)
    return out


def fresh_combinations(n: int, start: int = 0) -> list[tuple[list[str], list[str]]]:
    """``n`` (sector, status) filter choices from ``start`` on, none shown by :func:`alternating`.

    Different ``start`` values give disjoint sets, so a second series in the same process
    (the profile) still misses the per-view caches, which live as long as the process.
    """
    from geo.atlas import load_atlas
    from geo.filters import options

    towns = load_atlas().joined["2012"]
    # What the app offers: the values some town has.
    sectors = options(towns, "sector", present_only=True)
    statuses = options(towns, "status", present_only=True)
    combos = [([s], st) for st in ([], *([x] for x in statuses)) for s in sectors]
    if len(combos) < start + n:
        raise ValueError(f"only {len(combos)} new filter combinations, {start + n} asked for")
    return combos[start : start + n]


def new_views(at, runs: int, start: int = 0) -> list[float]:
    """Seconds per run when every run shows a filter combination not seen before."""
    out = []
    for sector, status in fresh_combinations(runs, start):
        widget(at, "f_sector").set_value(sector)
        widget(at, "f_status").set_value(status)
        out.append(_run(at))
    widget(at, "f_sector").set_value([])
    return out


def folium_message(at) -> tuple[int, int]:
    """Bytes of the ``st_folium`` element the last run sent, and of its Leaflet data: URIs.

    Streamlit re-sends an element whole when any of its arguments changed, so this is what
    goes over the websocket when the view changes.
    """
    for el in at.get("component_instance"):
        if el.proto.component_name.endswith("st_folium"):
            args = json.loads(el.proto.json_args)
            links = args.get("js_links", []) + args.get("css_links", [])
            inlined = sum(len(x.encode()) for x in links if x.startswith("data:"))
            return el.proto.ByteSize(), inlined
    raise LookupError("no st_folium element in the last run")


@contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def naive_message(full_dir: Path) -> int:
    """Bytes of the ``st_folium`` element of the naive app (folium's CDN links, no inlining)."""
    with _env(MONOQALA_BENCH_FULL_DIR=str(full_dir), MONOQALA_BENCH_OFFLINE="0"):
        return folium_message(app_test(NAIVE_APP))[0]


def naive_times(runs: int, full_dir: Path, warmup: int = 1) -> list[float]:
    """Seconds per naive rerun, alternating the same two status filters."""
    views = [View().with_filter("status", v) for v in STATUS_PAIR]
    state = {"i": 0}

    def once() -> None:
        naive_rerun(views[state["i"] % 2], full_dir)
        state["i"] += 1

    return timed(once, runs, warmup)


def measure(runs: int = 30, warmup: int = 2) -> list[Row]:
    """Rows for rerun median and p95 (alternating and new views) and the per-rerun message."""
    at = app_test()
    alt = alternating(at, runs, warmup)
    msg, inlined = folium_message(at)
    with server_like_script_cache():
        alt_server = alternating(at, runs, warmup)
    compile_s = compile_seconds()
    new = new_views(at, runs)
    with tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        full_dir = write_full_resolution(Path(tmp))
        naive = naive_times(runs, full_dir)
        naive_msg = naive_message(full_dir)
    base_med, base_p95 = median(naive), p95(naive)
    how = f"AppTest, {runs} warm runs, status filter alternating between 2 values"
    how_new = f"AppTest, {runs} runs, each a sector × status combination not seen before"
    naive_how = f"baseline: {runs} naive reruns (load_atlas uncached + full-res GeoJson + render)"
    target = f"≤ {MAX_MEDIAN_S * 1000:.0f} ms and ≥ {MIN_SPEEDUP:.0f}× faster"

    def met(value: float) -> bool:
        return value <= MAX_MEDIAN_S and base_med / value >= MIN_SPEEDUP

    rows = [
        ("rerun.median", "rerun, filter change, median", median(alt), base_med, True, how, alt),
        ("rerun.p95", "rerun, filter change, p95", p95(alt), base_p95, False, how, alt),
        (
            "rerun.server_median",
            "rerun, filter change, median, bytecode cached (as a server)",
            median(alt_server),
            base_med,
            True,
            f"as rerun.median, but app.py compiled once as a server does; AppTest alone "
            f"recompiles it every run ({compile_s * 1000:.0f} ms)",
            alt_server,
        ),
        (
            "rerun.new_median",
            "rerun to a new view (cache miss), median",
            median(new),
            base_med,
            True,
            how_new,
            new,
        ),
        (
            "rerun.new_p95",
            "rerun to a new view (cache miss), p95",
            p95(new),
            base_p95,
            False,
            how_new,
            new,
        ),
    ]
    out = [
        Row(
            key,
            figure,
            value,
            "s",
            base,
            target=target if has_target else "",
            met=met(value) if has_target else None,
            note=f"{note}; {naive_how}",
            samples=samples,
            baseline_samples=naive,
        )
        for key, figure, value, base, has_target, note, samples in rows
    ]
    leaflet = f"of which {inlined / 1000:.0f} KB is inlined Leaflet (data: URIs), re-sent"
    out.append(
        Row(
            "rerun.message",
            "st_folium message sent when the view changes",
            msg,
            "B",
            naive_msg,
            note=f"{leaflet} on every change; baseline: the naive app's message (CDN links)",
        )
    )
    return out
