"""The public pages against the app, measured in the same run (``python -m bench --only public``).

* **Lighthouse 12.2.3** on ``/view`` and on the app (``/``), mobile and desktop: scores,
  FCP, LCP, TBT and CLS (:mod:`bench.public_lighthouse`).
* **A new reader**: from navigation to the map drawn (every unit in the map), fresh browser
  context, at 1400 × 1000 and 390 × 844, on a running server, by the page's own clock;
  the public page and the app on the same server.
* **Server time per view**, in this process without a socket (:mod:`bench.asgi`): a view
  nobody asked for yet (the cache off) and one asked for before (from the cache).
* **Throughput** of one server process with 50 concurrent readers (``wrk``), views from the
  cache and views made anew (the server's cache off), beside the app's script runs per
  second with 20 readers in the same run (:func:`bench.load.run_server_load`).

Targets are reported, never asserted; the machine's load is in the table's header.
"""

from __future__ import annotations

import contextlib
import io
import urllib.request
from statistics import median

from bench import Row, na_row, p95
from bench.harness import uvicorn_server
from geo.indicators import INDICATORS
from geo.view import View
from web.links import view_query

MOBILE_PERFORMANCE, MOBILE_ACCESSIBILITY, DESKTOP_PERFORMANCE = 90, 95, 98
MAX_FIRST_MAP_S = 0.5
MAX_UNCACHED_S, MAX_CACHED_S = 0.100, 0.005
SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}
READERS, APP_READERS = 50, 20


def views() -> list[View]:
    """Distinct views a reader can open: vintages × languages × indicators, and filters."""
    found = [
        View(vintage=v, lang=lang, indicator=ind)
        for v in ("2012", "2018", "2022")
        for lang in ("kk", "ru", "en")
        for ind in INDICATORS
    ]
    found += [
        View(lang=lang).with_filter("status", {"listed", "unknown"}) for lang in ("kk", "ru", "en")
    ]
    return found


def server_time(repeats: int) -> list[Row]:
    """Median and p95 seconds of the routes' own work for one view, uncached and cached."""
    from starlette.applications import Starlette

    from bench.asgi import AsgiClient
    from geo.atlas import load_atlas
    from web.answers import Answers
    from web.private import Datasets
    from web.renditions import Renditions
    from web.routes import Public, State, routes

    atlas = load_atlas()
    queries = [view_query(v) for v in views()]
    gzip = {"Accept-Encoding": "gzip, deflate, br"}
    times: dict[str, list[float]] = {}
    for key, bound in (("uncached", 0), ("cached", 64 * 1024 * 1024)):
        public = Public(atlas, Datasets(set()), Answers(atlas, Renditions(bound)))
        with AsgiClient(Starlette(routes=routes(State(lambda p=public: p)))) as client:
            client.get("/view", queries[-1], gzip)  # imports and first-use work: not timed
            if key == "cached":
                for q in queries:
                    client.get("/view", q, gzip)
            rounds = 1 if key == "uncached" else repeats
            samples = []
            for _ in range(rounds):
                for q in queries:
                    answer = client.get("/view", q, gzip)
                    assert answer.status == 200, answer.body[:200]
                    samples.append(answer.seconds)
            times[key] = samples
    rows = []
    for key, limit, words in (
        ("uncached", MAX_UNCACHED_S, "a view nobody opened yet"),
        ("cached", MAX_CACHED_S, "a view opened before (from the cache)"),
    ):
        samples = times[key]
        rows.append(
            Row(
                f"public.server_{key}",
                f"public page, server time per view: {words}, median",
                median(samples),
                "s",
                target=f"≤ {limit * 1000:g} ms",
                met=median(samples) <= limit,
                note=f"{len(samples)} requests of {len(queries)} views through the routes in "
                f"this process, gzip asked for; p95 {p95(samples) * 1000:.1f} ms",
                samples=samples,
            )
        )
    return rows


def _lighthouse_row(form: str, name: str, unit: str, page, app, limit=None) -> Row:
    """One Lighthouse figure of /view (median) beside the app's, with its target if any."""
    value = median(getattr(r, name) for r in page)
    base = median(getattr(r, name) for r in app)
    label = name.upper() if len(name) == 3 else name
    return Row(
        f"public.lh_{form}_{name}",
        f"Lighthouse {form}, /view: {label}",
        value,
        unit,
        base,
        target="" if limit is None else f"≥ {limit}",
        met=None if limit is None else value >= limit,
        note=f"median of {len(page)} runs on /view and {len(app)} on the app (the baseline); "
        "Lighthouse 12.2.3, simulated throttling",
        samples=[getattr(r, name) for r in page],
        baseline_samples=[getattr(r, name) for r in app],
    )


def lighthouse(url: str, app_url: str, runs: int) -> list[Row]:
    """Lighthouse on the public page and on the app, mobile and desktop (medians)."""
    from bench import public_lighthouse as lh

    why = lh.available()
    if why:
        return [na_row("public.lighthouse", "Lighthouse on /view", "score", why)]
    limits = {
        "mobile": {"performance": MOBILE_PERFORMANCE, "accessibility": MOBILE_ACCESSIBILITY},
        "desktop": {"performance": DESKTOP_PERFORMANCE},
    }
    rows = []
    for form in ("mobile", "desktop"):
        page = [lh.run(url, form) for _ in range(runs)]
        app = [lh.run(app_url, form) for _ in range(max(1, runs // 2))]
        for name, unit in (
            ("performance", "score"),
            ("accessibility", "score"),
            ("fcp", "s"),
            ("lcp", "s"),
            ("tbt", "s"),
            ("cls", "shift"),
        ):
            rows.append(_lighthouse_row(form, name, unit, page, app, limits[form].get(name)))
    return rows


def first_map(base: str, runs: int) -> list[Row]:
    """A new reader's wait for the map: the public page against the app, same server."""
    from bench.browser import chromium
    from bench.browser import page_drawn as page_first_map
    from bench.reader import first_map as app_first_map

    rows = []
    with chromium() as browser:
        page_url, app_url = f"{base}/view?lang=en", f"{base}/?lang=en"
        page_first_map(browser, page_url, SIZES["desktop"])  # warm: not timed
        app_first_map(browser, app_url, SIZES["desktop"])
        for key, size in SIZES.items():
            page = [page_first_map(browser, page_url, size) for _ in range(runs)]
            app = [app_first_map(browser, app_url, size) for _ in range(runs)]
            value = median(page)
            rows.append(
                Row(
                    f"public.first_map_{key}",
                    f"new reader: navigation → map drawn, /view, {key} ({size[0]} px)",
                    value,
                    "s",
                    median(app),
                    target=f"≤ {MAX_FIRST_MAP_S:g} s",
                    met=value <= MAX_FIRST_MAP_S,
                    note=f"median of {runs}, fresh context each, page's own clock, server warm; "
                    "baseline: the app on the same server",
                    samples=page,
                    baseline_samples=app,
                )
            )
    return rows


def app_runs_per_second(duration: float) -> float:
    """The app's script runs per second with 20 readers and no pauses (bench.load)."""
    from bench.load import run_server_load

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        run_server_load(APP_READERS, duration, None, warmup=5.0)
    line = next(x for x in printed.getvalue().splitlines() if x.startswith("runs_per_s="))
    return float(line.split()[0].split("=")[1])


def throughput(cached_url: str, uncached_url: str, duration: float) -> list[Row]:
    """wrk against the page from the cache and made anew, beside the app's runs per second."""
    from bench import public_load

    why = public_load.available()
    if why:
        return [na_row("public.throughput", "public page throughput", "req/s", why)]
    paths = [f"/view?{view_query(v)}" if view_query(v) else "/view" for v in views()]
    app_rate = app_runs_per_second(duration)
    for url in (cached_url, uncached_url):  # the cached server holds every view; the
        for path in paths if url == cached_url else paths[:1]:  # other has imported all
            with urllib.request.urlopen(url + path, timeout=300) as answer:
                answer.read()
    rows = []
    for key, url, words in (
        ("cached", cached_url, "views from the cache"),
        ("uncached", uncached_url, "every view made anew (cache off)"),
    ):
        load = public_load.run(url, paths, READERS, duration)
        note = (
            f"wrk, {READERS} connections × {duration:g} s, one server process, {len(paths)} views "
            f"cycled, gzip; {load.requests} requests, {load.errors} errors; baseline: the "
            f"app's script runs per second, {APP_READERS} readers, no pauses, same run"
        )
        rows += [
            Row(
                f"public.rps_{key}",
                f"public page throughput, {words}, {READERS} readers",
                load.per_second,
                "req/s",
                app_rate,
                note=note,
            ),
            Row(
                f"public.p95_{key}",
                f"public page p95 latency, {words}, {READERS} readers",
                load.p95_s,
                "s",
                note=note,
            ),
        ]
    return rows


def measure(runs: int = 3, duration: float = 20.0) -> list[Row]:
    """Every figure of the section (see the module's notes)."""
    rows = server_time(max(3, runs))
    # uvicorn's access log off, as a deployment runs it (its own logs are JSON lines).
    with uvicorn_server(env={"MONOQALA_PUBLIC_CACHE_MB": "64"}, access_log=False) as url:
        rows += lighthouse(f"{url}/view?lang=en", f"{url}/?lang=en", runs)
        rows += first_map(url, max(3, runs))
        off = {"MONOQALA_PUBLIC_CACHE_MB": "0"}
        with uvicorn_server(env=off, access_log=False) as uncached:
            rows += throughput(url, uncached, duration)
    return rows
