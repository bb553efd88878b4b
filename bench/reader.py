"""What a reader waits for on a running server: the first map, and a filter change.

*First map*: a new reader (fresh browser context, empty cache) on a server that is already
running and has drawn the page once; from navigation to the map drawn (the units in the
map's frame), by the page's own clock, on a desktop (1400 × 1000) and a phone (390 × 844).

*Filter change*: on a page that is drawn and idle, the reader picks "left the list" in the
list-status filter; from the pointer pressing the option to the map holding the two towns
that left, by the page's clock. The atlas swaps its layers in the map it keeps; the naive
app renders and reloads its whole map.

The naive baseline (:mod:`bench.naive_filter_app`) is measured in the same run, on its own
running server. Targets are reported, never asserted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import APP, Row, median
from bench.browser import IN_FRAME, MAP_FRAME, TIMEOUT_S, chromium, offline_page, serve_streamlit

NAIVE_FILTER_APP = Path(__file__).resolve().parent / "naive_filter_app.py"
MAX_FIRST_S = 1.5
MAX_FILTER_S = 0.5
SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}
LEFT_TOWNS = 2  # towns named as having left the list (Saran, Tekeli)

# Milliseconds since navigation, once the map's frame holds every unit.
DRAWN_AT = f"() => ({IN_FRAME})() && performance.now()"
# Milliseconds since the option was pressed, once the map shows only the towns that left
# (the frame is looked up each time: the naive app replaces it).
REDRAWN_AFTER = f"""() => {{
  const f = document.querySelector("{MAP_FRAME}");
  const d = f && f.contentDocument;
  const n = d ? d.querySelectorAll("path.mq-town").length : -1;
  return window.__mqPressed != null && n === {LEFT_TOWNS}
    && d.querySelectorAll("path.mq-unit").length > 0
    && performance.now() - window.__mqPressed;
}}"""
ARM = """() => {
  window.__mqPressed = null;
  document.addEventListener("pointerdown", () => {
    if (window.__mqPressed === null) { window.__mqPressed = performance.now(); }
  }, {capture: true, once: true});
}"""
IDLE = "() => document.querySelector('.stApp')?.getAttribute('data-test-script-state')"


def first_map(browser, url: str, size: tuple[int, int]) -> float:
    """Seconds from navigation to the map drawn, by the page's clock."""
    with offline_page(browser, size) as (page, blocked):
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        ms = page.wait_for_function(DRAWN_AT, polling="raf", timeout=TIMEOUT_S * 1000)
        if blocked:
            raise RuntimeError(f"the page asked for the network: {blocked[:3]}")
        return ms.json_value() / 1000.0


def choose_option(page, box: str, option: str) -> None:
    """Open the multiselect ``box`` (its list can need a second click while the page
    settles) and press ``option``, with the clock armed on the press."""
    combo = page.get_by_role("combobox", name=box)
    item = page.get_by_role("option", name=option, exact=True)
    for _ in range(10):
        combo.click()
        try:
            item.wait_for(timeout=2000)
            break
        except Exception:  # the list closed as the page settled: open it again
            continue
    page.evaluate(ARM)
    item.click()


def filter_change(browser, url: str) -> float:
    """Seconds from pressing "left the list" to the map redrawn with those towns."""
    with offline_page(browser, SIZES["desktop"]) as (page, _):
        page.goto(url, timeout=TIMEOUT_S * 1000)
        page.wait_for_function(IN_FRAME, polling="raf", timeout=TIMEOUT_S * 1000)
        page.wait_for_function(f"() => ({IDLE})() === 'notRunning'", timeout=TIMEOUT_S * 1000)
        choose_option(page, "List status", "left the list")
        ms = page.wait_for_function(REDRAWN_AFTER, polling="raf", timeout=TIMEOUT_S * 1000)
        return ms.json_value() / 1000.0


def measure(runs: int = 5) -> list[Row]:
    """First map (desktop, phone) and filter change, for the atlas and the naive app."""
    from bench.naive import write_full_resolution

    out: dict[str, dict[str, list[float]]] = {"app": {}, "naive": {}}
    with chromium() as browser, tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        env = {"MONOQALA_BENCH_FULL_DIR": str(write_full_resolution(Path(tmp), ("2012",)))}
        for name, script, script_env in (
            ("app", APP, None),
            ("naive", NAIVE_FILTER_APP, env),
        ):
            with serve_streamlit(script, script_env) as url:
                first_map(browser, f"{url}/?lang=en", SIZES["desktop"])  # warm: not timed
                query = f"{url}/?lang=en"
                for key, size in SIZES.items():
                    out[name][key] = [first_map(browser, query, size) for _ in range(runs)]
                out[name]["filter"] = [filter_change(browser, query) for _ in range(runs)]
    rows = []
    for key, figure in (
        ("desktop", "new reader on a running server: navigation → map drawn, desktop"),
        ("phone", "new reader on a running server: navigation → map drawn, 390 px phone"),
        ("filter", "filter change in the browser: click → map redrawn"),
    ):
        value, baseline = median(out["app"][key]), median(out["naive"][key])
        limit = MAX_FILTER_S if key == "filter" else MAX_FIRST_S
        rows.append(
            Row(
                f"reader.{key}",
                figure,
                value,
                "s",
                baseline,
                target=f"≤ {limit:g} s and ≤ baseline",
                met=value <= limit and value <= baseline,
                note=f"median of {runs}, fresh context each, page's own clock, server warm; "
                "baseline: naive app with a list-status filter (full-res folium.GeoJson, "
                "whole map rendered on every rerun)",
                samples=out["app"][key],
                baseline_samples=out["naive"][key],
            )
        )
    return rows
