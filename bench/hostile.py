"""Hostile uploads: each file of :mod:`bench.hostile_files` uploaded through the real app
while other readers change filters on the same server.

Per file: the wall time from choosing the file in the panel to the page's answer (its error
or its preview), the peak resident memory of the worker that read it (its ``VmHWM``, looked
at every 50 ms), the serving process's growth in resident memory during the upload (its
peak over the value just before), and the other readers' p95 while the file was read, next
to their p95 with no upload in the same run. Targets: done in ≤ 15 s within ≤ 500 MB, the
server within 50 MB. The readers speak Streamlit's protocol (:class:`bench.load_client.Tab`)
and change filters, the vintage or the language without pause; their time is from sending
a change to the run's end.

Also here, moved from tests that asserted them: the time to trim hostile links (thousands of
keys, thousands of repeats, one 200 000-character value).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from bench import Row, median, p95
from bench.load_server import rss_mb, server_pid

MAX_WALL_S, MAX_WORKER_MB, MAX_SERVER_MB = 15.0, 500.0, 50.0
READERS = 2
WARMUP_S, QUIET_S = 8.0, 10.0
SAMPLE_S = 0.05
ANSWER_TIMEOUT_MS = 120_000
MAX_LINK_S = 0.5
HUGE_LINKS = {
    "5 000 keys": {f"k{i}": "1" for i in range(5000)},
    "10 000 repeats of a key": {"unit": ["KZ-35"] * 10_000},
    "one 200 000-character value": {"v": "9" * 200_000},
}


class Readers:
    """Readers changing the view in a thread of their own, every change timed and kept."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.samples: list[tuple[float, float]] = []  # (sent, seconds)
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def __enter__(self) -> Readers:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def p95_between(self, start: float, end: float) -> tuple[float | None, int]:
        """p95 (seconds) of the changes sent in [start, end), and how many there were."""
        times = [s for sent, s in self.samples if start <= sent < end]
        return (p95(times) if times else None), len(times)

    async def _run(self) -> None:
        from bench.load_views import Labels

        labels = Labels()
        await asyncio.gather(*(self._reader(i, labels) for i in range(READERS)))

    async def _reader(self, seed: int, labels) -> None:
        from bench.load import FAILURES
        from bench.load_client import Tab
        from bench.load_views import query, random_change, random_view

        rng = random.Random(seed)
        while not self._stop.is_set():
            tab, view = Tab(self.url, 60.0), random_view(rng)
            try:
                _, page = await tab.open(query(view))
                for _ in range(30):
                    if self._stop.is_set() or page.errors:
                        break
                    change = random_change(rng, view, page, labels)
                    sent = time.perf_counter()
                    seconds, page = await tab.change(change.key, change.value)
                    view = change.view
                    self.samples.append((sent, seconds))
            except FAILURES:
                self.errors += 1
            finally:
                with contextlib.suppress(*FAILURES):
                    await tab.close()


class Watch:
    """The server's resident memory and its workers' peaks, looked at every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.before = rss_mb(pid)
        self.server_peak = self.before
        self.worker_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        from userdata.read.worker import peak_mb

        while not self._stop.is_set():
            with contextlib.suppress(LookupError, OSError):
                self.server_peak = max(self.server_peak, rss_mb(self.pid))
            for child in _children(self.pid):
                self.worker_peak = max(self.worker_peak, peak_mb(child))
            self._stop.wait(SAMPLE_S)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def upload(page, url: str, path: Path) -> tuple[float, str]:
    """Choose ``path`` in the panel of a fresh page; seconds to the answer, and the answer."""
    from geo.i18n import t

    page.goto(f"{url}/?lang=en")
    page.get_by_text(t("data_panel", "en")).click()
    chooser = page.locator("input[type=file]")
    chooser.wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    refused = page.get_by_text("could not be read")
    read = page.get_by_text("matched to towns")
    start = time.perf_counter()
    chooser.set_input_files(str(path))
    answer = refused.or_(read).first
    answer.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return time.perf_counter() - start, answer.inner_text()


def link_rows() -> list[Row]:
    from geo.view import from_params

    rows = []
    for name, params in HUGE_LINKS.items():
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            from_params(params, None, None)
            times.append(time.perf_counter() - t0)
        rows.append(
            Row(
                f"hostile.link_{len(rows) + 1}",
                f"a link with {name}: trimmed, with notices, median",
                median(times),
                "s",
                target=f"≤ {MAX_LINK_S:g} s",
                met=median(times) <= MAX_LINK_S,
                note="geo.view.from_params, 5 runs",
                samples=times,
            )
        )
    return rows


def measure(runs: int = 1) -> list[Row]:
    """Every hostile file once through a real server under two readers' load."""
    from bench.browser import chromium, offline_page
    from bench.hostile_files import FILES
    from bench.load import own_server

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="mq-hostile-") as tmp, own_server() as url:
        paths = {}
        for hostile in FILES:  # made before the readers start: making them is not measured
            paths[hostile.key] = Path(tmp) / hostile.file_name
            paths[hostile.key].write_bytes(hostile.data)
        pid = server_pid(urlparse(url).port)
        with Readers(url) as readers, chromium() as browser:
            time.sleep(WARMUP_S)
            quiet_start = time.perf_counter()
            time.sleep(QUIET_S)
            quiet, n_quiet = readers.p95_between(quiet_start, time.perf_counter())
            with offline_page(browser) as (page, _):
                for hostile in FILES:
                    rows += _one(hostile, paths[hostile.key], page, url, pid, readers, quiet)
            errors = readers.errors
    for row in rows:
        if row.key.endswith("readers_p95"):
            row.note += f" ({READERS} readers, {n_quiet} changes); {errors} reader errors"
    return rows + link_rows()


def _one(hostile, path: Path, page, url: str, pid: int, readers: Readers, quiet) -> list[Row]:
    with Watch(pid) as watch:
        start = time.perf_counter()
        seconds, answer = upload(page, url, path)
        end = time.perf_counter()
    during, n = readers.p95_between(start, end)
    grown = watch.server_peak - watch.before
    expected = "refused" if hostile.code else "read"
    got = "refused" if "could not be read" in answer else "read"
    what = f"{hostile.what} ({path.stat().st_size / 1e6:.1f} MB): {got}"
    if got != expected:
        what += f", expected {expected}"
    key = f"hostile.{hostile.key}"
    return [
        Row(f"{key}.wall", f"{what}; from choosing it to the answer", seconds, "s",
            target=f"≤ {MAX_WALL_S:g} s", met=seconds <= MAX_WALL_S,
            note="in the browser, upload included"),
        Row(f"{key}.worker_mb", f"{hostile.key}: the worker's peak memory", watch.worker_peak,
            "MB", target=f"≤ {MAX_WORKER_MB:g} MB", met=watch.worker_peak <= MAX_WORKER_MB,
            note="VmHWM of the server's child, every 50 ms (0: too quick to be seen)"),
        Row(f"{key}.server_mb", f"{hostile.key}: the server's memory growth", grown, "MB",
            target=f"≤ {MAX_SERVER_MB:g} MB", met=grown <= MAX_SERVER_MB,
            note=f"VmRSS peak during the upload over {watch.before:.0f} MB before"),
        Row(f"{key}.readers_p95", f"{hostile.key}: other readers' p95 meanwhile", during, "s",
            baseline=quiet, note=f"{n} changes during the upload; baseline: with no upload"),
    ]  # fmt: skip
