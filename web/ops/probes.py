"""``/healthz``, ``/readyz`` and ``/metrics``: what a balancer, an orchestrator and a scraper ask.

``/healthz`` answers as soon as the process does. ``/readyz`` answers 200 only when the
atlas's data is loaded (the same cached load the page uses, so a ready replica draws its
first map without reading files) and the dataset store answers a query; otherwise 503,
naming which of the two is missing, never a database address or password.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from web.ops import metrics
from web.ops.logs import ENV_REPLICA

log = logging.getLogger("monoqala.ops")

# A readiness probe must answer within the balancer's or orchestrator's timeout (often 1-5 s)
# even when the database hangs; the store's own connect timeout is longer.
STORE_SECONDS = 3.0
NO_CACHE = {"Cache-Control": "no-store"}

_atlas_lock = threading.Lock()
_atlas_loaded = threading.Event()


def replica() -> str:
    """The replica's name for logs and probes (``MONOQALA_REPLICA``), else its host name."""
    return os.environ.get(ENV_REPLICA) or os.uname().nodename


def load_atlas() -> None:
    """Load the atlas as the page does (its cached loader), once; raises what the load raises."""
    with _atlas_lock:
        if _atlas_loaded.is_set():
            return
        from ui.cache import atlas

        atlas()
        _atlas_loaded.set()


def _store_answers() -> bool:
    """Whether the dataset store answers one query (for an id that cannot exist)."""
    from userdata.store import DatasetStore, StoreError
    from userdata.store.tokens import new_dataset_id

    try:
        with DatasetStore() as store:
            store.summary(new_dataset_id())
    except StoreError as exc:
        log.warning("readiness: the dataset store does not answer (%s)", exc.code)
        return False
    return True


async def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "ok", "replica": replica()}, headers=NO_CACHE)


async def readyz(_request: Request) -> Response:
    checks = {"data": _atlas_loaded.is_set(), "store": False}
    if not checks["data"]:
        try:
            await asyncio.to_thread(load_atlas)
            checks["data"] = True
        except Exception:
            log.exception("readiness: the atlas's data cannot be loaded")
    try:
        checks["store"] = await asyncio.wait_for(asyncio.to_thread(_store_answers), STORE_SECONDS)
    except TimeoutError:
        log.warning("readiness: the dataset store did not answer within %.0f s", STORE_SECONDS)
    ready = all(checks.values())
    body = {"status": "ready" if ready else "unready", "replica": replica(), **checks}
    return JSONResponse(body, status_code=200 if ready else 503, headers=NO_CACHE)


async def prometheus(_request: Request) -> Response:
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE, headers=NO_CACHE)


def routes() -> list[Route]:
    """The operations routes, for ``st.App(..., routes=[...])``."""
    return [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/readyz", readyz, methods=["GET", "HEAD"]),
        Route("/metrics", prometheus, methods=["GET"]),
    ]
