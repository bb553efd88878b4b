"""``python -m bench.load --all-views``: open every view a reader can make, measure the memory.

The per-view caches (``ui/cache.py``) hold at most ``MAX_VIEWS`` entries each, so the server's
memory should stop growing once they are full, whatever readers ask for. This opens every
view of :func:`bench.load_views.all_views` (each vintage x indicator x language x the filter
selections of :func:`bench.load_views.filter_combinations`), spread over ``--sessions``
tabs that go from view to view as Back and Forward do, and reports the server's peak and
final VmRSS: the ceiling the README can state, and the worst case.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import deque
from urllib.parse import urlparse

from bench import median, p95
from bench.load import FAILURES, Tally, summary_line
from bench.load_client import Tab
from bench.load_server import rss_mb, server_pid
from bench.load_views import Labels, all_views, filter_combinations, query, view_widgets
from geo.view import View
from geo.vintages import VINTAGES

SAMPLE_S = 0.5  # memory is sampled this often, for the peak
SETTLE_S = 3.0  # after the last view, before the final memory is read


async def offered_filters(url: str, labels: Labels, timeout: float) -> dict:
    """Each vintage's filter values (keys), read from the page as a reader sees them."""
    offered = {}
    for vintage in VINTAGES:
        tab = Tab(url, timeout)
        _, page = await tab.open(query(View(vintage=vintage, lang="en")))
        await tab.close()
        offered[vintage] = {
            name[2:]: [labels.key(name, "en", label) for label in widget.options]
            for name, widget in view_widgets(page).items()
            if name.startswith("f_")
        }
    return offered


async def worker(
    url: str, todo: deque, tally: Tally, labels: Labels, timeout: float, per_tab: int
) -> None:
    """Tabs going through views until none are left, a new tab after ``per_tab`` views
    (0: one tab for all); a failed tab is replaced."""
    tab, shown = None, 0
    try:
        while todo:
            view = todo.popleft()
            try:
                sent = time.perf_counter()
                if tab is not None and per_tab and shown >= per_tab:
                    await tab.close()
                    tab = None
                if tab is None:
                    tab, shown = Tab(url, timeout), 0
                    seconds, page = await tab.open(query(view))
                else:
                    seconds, page = await tab.navigate(query(view))
                shown += 1
                tally.record("view", sent, seconds, view)
                tally.check(view, page, labels)
            except FAILURES as exc:
                tally.error(f"{query(view)}: {type(exc).__name__}: {exc}")
                if tab is not None:
                    await asyncio.gather(tab.close(), return_exceptions=True)
                tab = None
    finally:
        if tab is not None:
            await asyncio.gather(tab.close(), return_exceptions=True)


async def run_all_views(url: str, sessions: int, timeout: float, per_tab: int) -> str:
    """Open every view, ``per_tab`` in each tab; prints the count and memory, returns the
    summary line."""
    labels, pid = Labels(), server_pid(urlparse(url).port)
    offered = await offered_filters(url, labels, timeout)  # also the server's warm-up
    views = list(all_views(offered))
    combos = {v: len(filter_combinations(o)) for v, o in offered.items()}
    print(
        f"views={len(views)}: {len(VINTAGES)} vintages x 3 indicators x 3 languages x filter "
        f"selections per vintage {combos} (none; one value; two values of one filter; "
        f"one value each of two filters); a new tab every {per_tab or len(views)} views",
        flush=True,
    )
    tally, todo = Tally(), deque(views)
    rss0 = peak = rss_mb(pid)
    start = time.perf_counter()
    tasks = [
        asyncio.create_task(worker(url, todo, tally, labels, timeout, per_tab))
        for _ in range(sessions)
    ]
    step = max(len(views) // 10, 1)
    reported = 0
    while not all(t.done() for t in tasks):
        await asyncio.sleep(SAMPLE_S)
        now = rss_mb(pid)
        peak = max(peak, now)
        if tally.runs >= reported + step:
            reported = tally.runs - tally.runs % step
            print(f"[load] {tally.runs}/{len(views)} views, rss_mb={now:.1f}", file=sys.stderr)
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    await asyncio.sleep(SETTLE_S)
    final = rss_mb(pid)
    times = tally.times.get("view", [])
    if times:
        print(
            f"view: n={len(times)} p50_ms={median(times) * 1000:.0f} p95_ms={p95(times) * 1000:.0f}"
        )
    print(
        f"views={len(views)} rss_mb_start={rss0:.1f} rss_mb_peak={peak:.1f} "
        f"rss_mb_final={final:.1f}"
    )
    return summary_line(sessions, round(elapsed), tally, times, (rss0, final))
