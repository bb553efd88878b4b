"""The access middleware: a request id, one JSON log line and the counters for every request,
and the app connections a stopping replica lets finish.

HTTP requests are logged when their response ends, with the route's template (``/view``,
``/_stcore/upload_file/{session_id}/{file_id}``) and never the path's values or the query
string, where dataset ids travel. The app's connections (``/_stcore/stream``, one per
browser tab) are followed message by message, cheaply: a ``rerun_script`` from the browser
starts a run, the server's final ``script_finished`` ends it. That is what counts the app's
views, and what lets :func:`drain` close each connection only between two runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from web.ops import metrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("monoqala.access")

STREAM = "/_stcore/stream"
UPLOAD = "/_stcore/upload_file"
MEDIA = "/media/"
# The public pages and files of the atlas, by route template.
VIEW_SURFACES = {"/view": "page", "/embed": "embed"}
EXPORT_FORMATS = {f"/view.{f}": f for f in ("png", "pdf", "csv", "geojson", "json")}
# A request id from the balancer (nginx's $request_id is 32 hex digits) is kept, so that its
# log and the replica's share it; anything else is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
# The server's messages that end a run are small; the large ones (the map) are never parsed.
_SMALL = 4096
_RUN_ENDS = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# 1012, "service restart": the browser reconnects, through the balancer, to another replica.
RESTART = 1012


@dataclass(eq=False)
class Connection:
    """One app connection (a browser tab): whether a run is going, and how to close it."""

    running: bool = False
    runs: int = 0
    close_requested: asyncio.Event = field(default_factory=asyncio.Event)
    closed: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class _Live:
    """The process's open app connections, and whether the process is stopping."""

    connections: set[Connection] = field(default_factory=set)
    draining: bool = False


LIVE = _Live()


def request_id(scope: Scope) -> str:
    """The request's id: the balancer's ``X-Request-Id`` when well-formed, else a new one."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _REQUEST_ID.fullmatch(text):
                return text
    return secrets.token_hex(16)


def route_of(scope: Scope) -> str:
    """The route template a request matched, or a fixed name: never a value from the path."""
    path = scope.get("path", "")
    if path.startswith(MEDIA):
        return "/media"
    if path.startswith(UPLOAD):
        return UPLOAD
    route = scope.get("route")
    template = getattr(route, "path", None)
    if isinstance(template, str) and template and "{path" not in template:
        return template
    if path == "/" or path == "":
        return "/"
    # Streamlit's static files (its frontend, Leaflet) and anything unknown.
    return "static"


class AccessMiddleware:
    """ASGI middleware: request ids, JSON access lines, counters, drainable app connections.

    Parameters
    ----------
    app : ASGI application
        The application it wraps (Streamlit's, with the public pages' routes).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket" and scope.get("path") == STREAM:
            await self._stream(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = request_id(scope)
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", rid.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            status = 500
            raise
        finally:
            seconds = time.perf_counter() - start
            route = route_of(scope)
            count_http(scope.get("method", ""), route, status, seconds)
            log.info(
                "%s %s %d",
                scope.get("method", ""),
                route,
                status,
                extra={
                    "request_id": rid,
                    "method": scope.get("method", ""),
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                    "kind": "http",
                },
            )

    async def _stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = request_id(scope)
        start = time.perf_counter()
        conn = Connection()
        LIVE.connections.add(conn)
        metrics.SESSIONS.inc()
        pending: asyncio.Task | None = None
        closed_by_us = False

        async def close() -> None:
            nonlocal closed_by_us
            if not closed_by_us:
                closed_by_us = True
                with contextlib.suppress(Exception):
                    await send({"type": "websocket.close", "code": RESTART})

        async def tracked_receive() -> Message:
            nonlocal pending
            while True:
                if conn.close_requested.is_set():
                    await close()
                    return {"type": "websocket.disconnect", "code": RESTART}
                if pending is None:
                    pending = asyncio.ensure_future(receive())
                stop = asyncio.ensure_future(conn.close_requested.wait())
                done, _ = await asyncio.wait({pending, stop}, return_when=asyncio.FIRST_COMPLETED)
                stop.cancel()
                if pending not in done:
                    continue  # a close was requested: answered at the top of the loop
                message, pending = pending.result(), None
                if message["type"] == "websocket.receive" and _starts_run(message):
                    if LIVE.draining and not conn.running:
                        # Stopping: this run would be cut short; the browser sends it again
                        # to the replica it reconnects to.
                        conn.close_requested.set()
                        continue
                    _run_started(conn)
                return message

        async def tracked_send(message: Message) -> None:
            if closed_by_us:
                return  # the connection is gone; the app learns it from receive
            await send(message)
            if message["type"] == "websocket.send" and conn.running and _ends_run(message):
                _run_ended(conn)
                if LIVE.draining:
                    conn.close_requested.set()

        try:
            await self.app(scope, tracked_receive, tracked_send)
        finally:
            if pending is not None:
                pending.cancel()
            if conn.running:
                _run_ended(conn)
            LIVE.connections.discard(conn)
            conn.closed.set()
            metrics.SESSIONS.dec()
            log.info(
                "websocket %s closed",
                STREAM,
                extra={
                    "request_id": rid,
                    "method": "GET",
                    "route": STREAM,
                    "status": 101,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                    "kind": "websocket",
                },
            )


def count_http(method: str, route: str, status: int, seconds: float) -> None:
    """The counters of one HTTP request."""
    metrics.REQUESTS.labels(route, f"{status // 100}xx").observe(seconds)
    ok = status < 400
    if status >= 500:
        metrics.ERRORS.labels("http").inc()
    if route in VIEW_SURFACES and ok:
        metrics.VIEWS.labels(VIEW_SURFACES[route]).inc()
    elif route in EXPORT_FORMATS and ok:
        metrics.EXPORTS.labels(EXPORT_FORMATS[route]).inc()
    elif route == "/media" and ok and method == "GET":
        metrics.EXPORTS.labels("app").inc()
    elif route == UPLOAD and method in ("PUT", "POST"):
        metrics.UPLOADS.labels("ok" if ok else "refused").inc()


def _starts_run(message: Message) -> bool:
    data = message.get("bytes")
    if not data:
        return False
    back = BackMsg()
    try:
        back.ParseFromString(data)
    except Exception:  # not ours to judge: the app answers a malformed message itself
        return False
    return back.WhichOneof("type") == "rerun_script"


def _ends_run(message: Message) -> bool:
    data = message.get("bytes")
    if not data or len(data) > _SMALL:
        return False
    forward = ForwardMsg()
    try:
        forward.ParseFromString(data)
    except Exception:
        return False
    return forward.WhichOneof("type") == "script_finished" and forward.script_finished in _RUN_ENDS


def _run_started(conn: Connection) -> None:
    metrics.VIEWS.labels("app").inc()
    conn.runs += 1
    if not conn.running:
        conn.running = True
        metrics.RUNS_IN_PROGRESS.inc()


def _run_ended(conn: Connection) -> None:
    conn.running = False
    metrics.RUNS_IN_PROGRESS.dec()


async def drain(timeout: float) -> int:
    """Close every app connection between two runs; returns how many had to be cut short.

    Idle connections close at once; a connection whose run is going closes when the run
    has sent its last message. Runs asked for meanwhile are not started here (the browser
    asks again on the replica it reconnects to). After ``timeout`` seconds what is left is
    closed anyway.
    """
    LIVE.draining = True
    for conn in list(LIVE.connections):
        if not conn.running:
            conn.close_requested.set()
    waiting = [asyncio.ensure_future(c.closed.wait()) for c in list(LIVE.connections)]
    if not waiting:
        return 0
    _, late = await asyncio.wait(waiting, timeout=timeout)
    for task in late:
        task.cancel()
    cut = [c for c in list(LIVE.connections) if c.running]
    for conn in list(LIVE.connections):
        conn.close_requested.set()
    if cut:
        log.warning("stopping with %d app runs unfinished after %.0f s", len(cut), timeout)
    return len(cut)
