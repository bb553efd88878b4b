"""The counters an operator's scraper reads on ``/metrics`` (Prometheus text format).

One registry per process, apart from ``prometheus_client``'s global one, so that importing
this module twice (tests, reloads) never registers a metric twice. Labels take a handful of
fixed values (route templates, formats, kinds), never anything from a request: a dataset id
or a query string can never become a label.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

VIEWS = Counter(
    "monoqala_views",
    "Views served: public pages (page), embeds (embed) and app runs a reader asked for (app).",
    ["surface"],
    registry=REGISTRY,
)
EXPORTS = Counter(
    "monoqala_exports",
    "Files served: public files by format, and the app's downloads (app).",
    ["format"],
    registry=REGISTRY,
)
UPLOADS = Counter(
    "monoqala_uploads",
    "Planners' files received by the app, by outcome (ok, refused).",
    ["outcome"],
    registry=REGISTRY,
)
ERRORS = Counter(
    "monoqala_errors",
    "Failures: server errors answered (http), failures the app logged (app).",
    ["kind"],
    registry=REGISTRY,
)
CACHE_HITS = Counter(
    "monoqala_cache_hits",
    "Answers served from a cache in the process, by cache.",
    ["cache"],
    registry=REGISTRY,
)
CACHE_MISSES = Counter(
    "monoqala_cache_misses",
    "Answers that had to be built, by cache.",
    ["cache"],
    registry=REGISTRY,
)
REQUESTS = Histogram(
    "monoqala_request_seconds",
    "HTTP requests by route template and status class, with their duration.",
    ["route", "status"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RUNS_IN_PROGRESS = Gauge(
    "monoqala_app_runs_in_progress",
    "App script runs started and not yet finished.",
    registry=REGISTRY,
)
SESSIONS = Gauge(
    "monoqala_app_connections",
    "Open app connections (browser tabs).",
    registry=REGISTRY,
)


def cache_hit(cache: str) -> None:
    """Count an answer served from the in-process cache named ``cache``."""
    CACHE_HITS.labels(cache).inc()


def cache_miss(cache: str) -> None:
    """Count an answer that the cache named ``cache`` did not hold."""
    CACHE_MISSES.labels(cache).inc()


def exposition() -> bytes:
    """Every metric, in Prometheus text format."""
    return generate_latest(REGISTRY)
