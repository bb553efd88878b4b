"""Load: N readers on one server at once, each a tab speaking Streamlit's websocket protocol.

``python -m bench.load --sessions 20 --duration 60 [--pause 0-4] [--all-views]``

Each reader opens a random view from a link (vintage, indicator, language), then changes a
filter, the vintage or the language, again and again (after a random pause when ``--pause``
is given); after 10-30 changes it closes the tab and opens another link. A change is timed
from sending its BackMsg to the run's ``script_finished``. After every run the page is
checked against the view the reader asked for (:func:`bench.load_views.mismatches`).

``--all-views`` opens every view a reader can make in reasonable size instead (see
:func:`bench.load_views.all_views`), going from view to view as Back and Forward do, in a
new tab every ``--views-per-tab`` views (0: one tab for all, the worst case for a session's
own memory), and reports how many views and the server's peak and final memory.

The last line printed is always
``sessions=N duration_s=T errors=E leaked=L p50_ms=A p95_ms=B rss_mb_start=R0 rss_mb_end=R1``:
errors are exceptions or error boxes the app showed, websocket failures and runs that did
not finish within ``--timeout``; leaked counts runs whose page did not show the reader's own
view; p50 and p95 are of the changes (of the view openings with ``--all-views``); memory is
the server's VmRSS after the warm-up and at the end. The lines before it break the times
down by kind of change and give the server's CPU time per run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from websockets.exceptions import ConnectionClosed, WebSocketException

from bench import median, p95
from bench.load_client import ProtocolError, Tab
from bench.load_server import cpu_seconds, rss_mb, server_pid
from bench.load_views import Labels, mismatches, query, random_change, random_view
from geo.view import View

FAILURES = (ProtocolError, WebSocketException, OSError, TimeoutError)
CHANGES_PER_TAB = (10, 30)
SHOWN = 5  # problems quoted on stderr; the rest are only counted


@dataclass
class Tally:
    """What the readers measured; latencies only inside the measured window."""

    window: tuple[float, float] = (0.0, float("inf"))
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    leaked: int = 0
    runs: int = 0
    seen: set[str] = field(default_factory=set)  # views asked for so far (any reader)
    new_views: int = 0  # measured runs of a view nobody had asked for: the caches miss
    reconnects: int = 0  # tabs whose server went away and that came back from their URL

    def measured(self, sent: float) -> bool:
        return self.window[0] <= sent < self.window[1]

    def record(self, kind: str, sent: float, seconds: float, view: View) -> None:
        self.runs += 1
        new = query(view) not in self.seen
        self.seen.add(query(view))
        if self.measured(sent):
            self.times.setdefault(kind, []).append(seconds)
            self.new_views += new and kind != "open"

    def error(self, what: str) -> None:
        self.errors += 1
        if self.errors <= SHOWN:
            print(f"[load] error: {what}", file=sys.stderr)

    def check(self, view: View, page, labels: Labels) -> None:
        """Count the page's errors, and a leak when it shows another view than ``view``."""
        for what in page.errors:
            self.error(what)
        if page.errors:
            return  # an error page has no widgets: one error, not a leak as well
        found = mismatches(view, page, labels)
        if found:
            self.leaked += 1
            if self.leaked <= SHOWN:
                print(f"[load] leak: {'; '.join(found)}", file=sys.stderr)


def summary_line(
    sessions: int, duration: float, tally: Tally, latencies: list[float], rss: tuple[float, float]
) -> str:
    """The last line of the output (its format is fixed: scripts and the README read it)."""
    p50 = median(latencies) * 1000 if latencies else float("nan")
    top = p95(latencies) * 1000 if latencies else float("nan")
    return (
        f"sessions={sessions} duration_s={duration:g} errors={tally.errors} "
        f"leaked={tally.leaked} p50_ms={p50:.0f} p95_ms={top:.0f} "
        f"rss_mb_start={rss[0]:.1f} rss_mb_end={rss[1]:.1f}"
    )


SUMMARY = re.compile(
    r"sessions=(?P<sessions>\d+) duration_s=(?P<duration_s>\d+(?:\.\d+)?) "
    r"errors=(?P<errors>\d+) leaked=(?P<leaked>\d+) p50_ms=(?P<p50_ms>\d+|nan) "
    r"p95_ms=(?P<p95_ms>\d+|nan) rss_mb_start=(?P<rss_mb_start>\d+\.\d) "
    r"rss_mb_end=(?P<rss_mb_end>\d+\.\d)"
)


def parse_summary(line: str) -> dict[str, float]:
    """The figures of a summary line (ValueError when the line is not one)."""
    found = SUMMARY.fullmatch(line.strip())
    if not found:
        raise ValueError(f"not a load summary line: {line!r}")
    return {k: float(v) for k, v in found.groupdict().items()}


def parse_pause(text: str | None) -> tuple[float, float] | None:
    """``"0-4"`` -> (0.0, 4.0); None or ``"0"`` -> no pause."""
    if not text or text == "0":
        return None
    low, _, high = text.partition("-")
    pause = (float(low), float(high or low))
    if not 0 <= pause[0] <= pause[1]:
        raise ValueError(f"pause {text!r}: give MIN-MAX seconds, MIN <= MAX")
    return pause


async def reader(
    url: str,
    seed: int,
    stop: float,
    pause,
    tally: Tally,
    labels: Labels,
    timeout: float,
    reconnect: bool = False,
) -> None:
    """One reader until ``stop``: open a link, change widgets, open another link…

    With ``reconnect``, a tab whose server closes the connection (a replica stopping behind a
    balancer) does what the browser does: it connects again and reruns its page from its
    address; the page must show the same view.
    """
    rng = random.Random(seed)
    while time.perf_counter() < stop:
        tab, view = Tab(url, timeout), random_view(rng)
        try:
            sent = time.perf_counter()
            seconds, page = await tab.open(query(view))
            tally.record("open", sent, seconds, view)
            tally.check(view, page, labels)
            for _ in range(rng.randint(*CHANGES_PER_TAB)):
                if pause:
                    await asyncio.sleep(rng.uniform(*pause))
                if time.perf_counter() >= stop or page.errors:
                    break
                change = random_change(rng, view, page, labels)
                sent = time.perf_counter()
                try:
                    seconds, page = await tab.change(change.key, change.value)
                except ConnectionClosed:
                    if not reconnect:
                        raise
                    tab, page = await reopen(url, tab, view, tally, labels, timeout)
                    continue
                view = change.view
                tally.record(change.kind, sent, seconds, view)
                tally.check(view, page, labels)
        except FAILURES as exc:
            tally.error(f"{type(exc).__name__}: {exc}")
        finally:
            with contextlib.suppress(*FAILURES):
                await tab.close()


async def reopen(url: str, old: Tab, view: View, tally: Tally, labels: Labels, timeout: float):
    """A new tab on the address ``old`` showed (its view's URL), checked against ``view``."""
    with contextlib.suppress(*FAILURES):
        await old.close()
    tab = Tab(url, timeout)
    _, page = await tab.open(old.query_string)
    tally.reconnects += 1
    tally.check(view, page, labels)
    return tab, page


async def run_load(
    url: str,
    sessions: int,
    duration: float,
    warmup: float,
    pause,
    timeout: float,
    seed: int,
    *,
    pids: list[int] | None = None,
    reconnect: bool = False,
    figures: dict[str, float] | None = None,
) -> str:
    """The reader load; prints the breakdown and returns the summary line.

    ``pids`` are the server processes to measure (by default the one listening on the URL's
    port; behind a balancer, the replicas); ``reconnect`` lets tabs reconnect as browsers do
    (see :func:`reader`); ``figures``, when given, receives ``runs_per_s`` and
    ``reconnects``.
    """
    labels = Labels()
    pids = pids or [server_pid(urlparse(url).port)]
    tally = Tally()
    # The first run of a fresh server imports and reads everything: not a reader's wait.
    first = Tab(url, timeout)
    _, page = await first.open("")
    tally.check(View(), page, labels)
    await first.close()
    start = time.perf_counter()
    tally.window = (start + warmup, start + warmup + duration)
    tasks = [
        asyncio.create_task(
            reader(url, seed + i, tally.window[1], pause, tally, labels, timeout, reconnect)
        )
        for i in range(sessions)
    ]
    await asyncio.sleep(warmup)
    rss0, cpu0, runs0, client0 = _rss(pids), _cpu(pids), tally.runs, time.process_time()
    samples = [rss0]
    while time.perf_counter() < tally.window[1]:
        await asyncio.sleep(min(1.0, max(0.0, tally.window[1] - time.perf_counter())))
        samples.append(_rss(pids))
    rss1, cpu1, runs1 = _rss(pids), _cpu(pids), tally.runs
    client = time.process_time() - client0
    await asyncio.gather(*tasks)
    changes = [x for kind, xs in tally.times.items() if kind != "open" for x in xs]
    for kind, xs in sorted(tally.times.items()):
        print(f"{kind}: n={len(xs)} p50_ms={median(xs) * 1000:.0f} p95_ms={p95(xs) * 1000:.0f}")
    runs = max(runs1 - runs0, 1)
    print(
        f"runs_per_s={runs / duration:.1f} server_cpu_ms_per_run={(cpu1 - cpu0) / runs * 1000:.0f} "
        f"server_cpu_share={(cpu1 - cpu0) / duration:.2f} client_cpu_s={client:.1f} "
        f"new_view_share={tally.new_views / max(len(changes), 1):.2f} "
        f"rss_mb_min={min(samples):.1f} rss_mb_max={max(samples):.1f} "
        # Other programs on the machine take the server's CPU: say how busy it was.
        f"load_average_1min={os.getloadavg()[0]:.2f}"
    )
    if reconnect:
        print(f"reconnects={tally.reconnects}")
    if figures is not None:
        figures.update(runs_per_s=runs / duration, reconnects=tally.reconnects)
    return summary_line(sessions, duration, tally, changes, (rss0, rss1))


def _rss(pids: list[int]) -> float:
    """Resident memory of the server processes, MB; a process that is gone counts 0 (a
    replica restarting behind a balancer)."""
    return sum(_or_zero(rss_mb, pid) for pid in pids)


def _cpu(pids: list[int]) -> float:
    return sum(_or_zero(cpu_seconds, pid) for pid in pids)


def _or_zero(read, pid: int) -> float:
    try:
        return read(pid)
    except (OSError, LookupError):
        return 0.0


@contextlib.contextmanager
def own_server():
    """A loopback server for the load, with a store of its own: readers bring no datasets,
    and the benchmark's must stay out of yours. Yields its base URL."""
    from bench.harness import streamlit_server

    with tempfile.TemporaryDirectory(prefix="mq-load-") as tmp:
        env = {"MONOQALA_DATABASE_URL": f"sqlite:///{os.path.join(tmp, 'store.sqlite3')}"}
        with streamlit_server(env=env) as url:
            yield url


def run_server_load(sessions: int, duration: float, pause, warmup: float = 10.0) -> str:
    """:func:`run_load` against a server of its own."""
    with own_server() as url:
        return asyncio.run(run_load(url, sessions, duration, warmup, pause, 30.0, 13))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sessions", type=int, default=20, help="concurrent readers")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--pause", help="random pause before each change, MIN-MAX seconds (0-4)")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds before measuring")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a run may take")
    parser.add_argument("--all-views", action="store_true", help="open every reachable view")
    parser.add_argument(
        "--views-per-tab",
        type=int,
        default=20,
        help="--all-views: views a tab goes through before a new one (0: one tab for all)",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--url", help="a running server (default: start one on loopback)")
    args = parser.parse_args(argv)
    try:
        pause = parse_pause(args.pause)
    except ValueError as exc:
        parser.error(str(exc))
    if args.sessions < 1 or args.duration <= 0:
        parser.error("--sessions must be >= 1 and --duration > 0")

    async def run(url: str) -> str:
        if args.all_views:
            from bench.load_all import run_all_views

            return await run_all_views(url, args.sessions, args.timeout, args.views_per_tab)
        return await run_load(
            url, args.sessions, args.duration, args.warmup, pause, args.timeout, args.seed
        )

    if args.url:
        line = asyncio.run(run(args.url))
    else:
        with own_server() as url:
            line = asyncio.run(run(url))
    print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
