"""Cold start and embed: time until the map is drawn in headless Chromium, network cut off.

*Drawn* means the map holds as many ``path.mq-unit`` elements as the view has units (16
for the default 2012 view); the naive baseline sets the same class, so one check serves
both. The check runs in the page on every animation frame, so the figure is not rounded
to a polling interval.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench import APP, NAIVE_APP, ROOT, Row, median
from bench.harness import (
    CHROMIUM_ARGS,
    block_non_loopback,
    chromium_path,
    serve_folder,
    streamlit_server,
)

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
N_UNITS = 16  # the default view: 2012 boundaries
TIMEOUT_S = 90.0
MAX_COLD_S = 4.0
MAX_EMBED_S = 0.5

# Count the units inside the st_folium iframe (same origin, so its document is readable).
IN_FRAME = f"""() => {{
  const f = document.querySelector("{MAP_FRAME}");
  const d = f && f.contentDocument;
  return !!d && d.querySelectorAll("path.mq-unit").length === {N_UNITS};
}}"""
# In a top-level map page: the time since navigation started, once drawn.
IN_PAGE = f"""() => document.querySelectorAll("path.mq-unit").length === {N_UNITS}
  && performance.now()"""


def serve_streamlit(script: Path, env: dict[str, str] | None = None):
    """``streamlit run script`` as the browser tests start it, polled every 20 ms: a cold
    start is timed in seconds, so 0.2 s polls would show in the figure."""
    return streamlit_server(script, env, timeout=TIMEOUT_S, poll=0.02)


@contextmanager
def chromium():
    """Headless Debian Chromium through Playwright; raises if Chromium is missing."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Debian's chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_page(browser, size: tuple[int, int] = (1400, 1000)):
    """A fresh context (empty cache) at ``size``, whose requests may reach only this machine."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    blocked: list[str] = []
    block_non_loopback(context, blocked)
    try:
        yield context.new_page(), blocked
    finally:
        context.close()


def cold_start(browser, script: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds from launching a fresh server to the map drawn, and to the server healthy."""
    t0 = time.perf_counter()
    with serve_streamlit(script, env) as url, offline_page(browser) as (page, _):
        healthy = time.perf_counter() - t0
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        page.wait_for_function(IN_FRAME, polling="raf", timeout=TIMEOUT_S * 1000)
        return time.perf_counter() - t0, healthy


HEAVY_IMPORTS = ("streamlit", "geopandas", "altair", "folium", "streamlit_folium", "mapclassify")


def import_seconds(module: str = "app", parts: tuple[str, ...] = HEAVY_IMPORTS) -> dict:
    """Cumulative import time of ``module`` and of some of its imports, in a fresh interpreter.

    The first run of a fresh server pays the app's imports before it can draw anything, so
    they bound the cold start from below; ``-X importtime`` names the heavy ones.
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = {}
    for line in done.stderr.splitlines():  # "import time: self [us] | cumulative | name"
        cells = line.split("|")
        name = cells[-1].strip() if len(cells) == 3 else ""
        if name in (module, *parts) and name not in found:
            found[name] = int(cells[1]) / 1e6
    return found


def page_drawn(browser, url: str, size: tuple[int, int] = (1400, 1000)) -> float:
    """Seconds from navigation start to the map drawn, measured by the page's own clock."""
    with offline_page(browser, size) as (page, blocked):
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        ms = page.wait_for_function(IN_PAGE, polling="raf", timeout=TIMEOUT_S * 1000)
        if blocked:
            raise RuntimeError(f"the page asked for the network: {blocked[:3]}")
        return ms.json_value() / 1000.0


def naive_html(offline: bool = True) -> str:
    """The naive baseline's map of the default view, as a self-contained HTML page."""
    from bench.naive import full_resolution, naive_map
    from geo.atlas import compute_view, load_atlas
    from geo.view import View

    atlas = load_atlas()
    data = compute_view(atlas, View())
    return naive_map(full_resolution("2012"), data, atlas, offline).get_root().render()


def measure_cold(runs: int = 5) -> list[Row]:
    """Median cold start of the app and of the naive app (each start a new server)."""
    from bench.naive import write_full_resolution

    app, naive = [], []
    with chromium() as browser, tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        env = {"MONOQALA_BENCH_FULL_DIR": str(write_full_resolution(Path(tmp), ("2012",)))}
        for _ in range(runs):  # interleaved, so drift in the machine hits both alike
            app.append(cold_start(browser, APP))
            naive.append(cold_start(browser, NAIVE_APP, env))
    value = median([t for t, _ in app])
    imports = import_seconds()
    parts = ", ".join(f"{k} {v:.2f} s" for k, v in imports.items() if k != "app") or "none named"
    return [
        Row(
            "cold.start",
            "cold start: streamlit run → map drawn",
            value,
            "s",
            median([t for t, _ in naive]),
            target=f"≤ {MAX_COLD_S:g} s",
            met=value <= MAX_COLD_S,
            note=f"median of {runs}; server healthy after {median([h for _, h in app]):.2f} s; "
            f"`import app` takes {imports.get('app', float('nan')):.2f} s in a fresh interpreter "
            f"(of which {parts}); baseline: naive app (full-res folium.GeoJson, Leaflet "
            "inlined so it can draw)",
            samples=[t for t, _ in app],
            baseline_samples=[t for t, _ in naive],
        )
    ]


def measure_embed(runs: int = 5) -> list[Row]:
    """Median time from navigation to the map drawn, for the embed and the naive page."""
    from bench.exports import find_exports

    embed_html = find_exports().get("embed_html")
    figure = "embed: navigation → map drawn"
    with chromium() as browser, tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        folder = Path(tmp)
        (folder / "naive.html").write_text(naive_html(), encoding="utf-8")
        with serve_folder(folder) as url:
            naive = [page_drawn(browser, f"{url}/naive.html") for _ in range(runs)]
            if embed_html is None:
                return [
                    Row(
                        "embed.drawn",
                        figure,
                        None,
                        "s",
                        median(naive),
                        target=f"≤ {MAX_EMBED_S:g} s",
                        note="n/a (export not available)",
                        baseline_samples=naive,
                    )
                ]
            from bench.exports import default_embed

            (folder / "embed.html").write_text(default_embed(embed_html), encoding="utf-8")
            embed = [page_drawn(browser, f"{url}/embed.html") for _ in range(runs)]
    value = median(embed)
    return [
        Row(
            "embed.drawn",
            figure,
            value,
            "s",
            median(naive),
            target=f"≤ {MAX_EMBED_S:g} s",
            met=value <= MAX_EMBED_S,
            note=f"median of {runs}, fresh context each, page's own clock; served on loopback; "
            "baseline: naive full-res folium page, Leaflet inlined",
            samples=embed,
            baseline_samples=naive,
        )
    ]
