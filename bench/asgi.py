"""Requests to an ASGI application in this process, without a socket or an HTTP client.

The benchmark times the public routes' own work with it (no network, no client library in
the figure), and the tests ask the routes many questions quickly. One event loop, in a
thread of its own, serves every request of a client, as a server's does (and whatever
loop the calling thread may be running, Playwright's for one, is left alone).
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Answer:
    """An HTTP answer: status, headers (lower-case names; the last of repeated ones) and
    every ``set-cookie`` header, the body, and the seconds the application took (the
    client's own work left out)."""

    status: int
    headers: dict[str, str]
    body: bytes = field(repr=False)
    cookies: list[str]
    seconds: float = 0.0


class AsgiClient:
    """GET (or HEAD) requests to ``app`` on one event loop of its own; close it after use."""

    def __init__(self, app) -> None:
        self.app = app
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def __enter__(self) -> AsgiClient:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def get(
        self,
        path: str,
        query: str | bytes = b"",
        headers: dict[str, str] | None = None,
        method: str = "GET",
    ) -> Answer:
        """The answer to ``method path?query`` with ``headers``."""
        done = asyncio.run_coroutine_threadsafe(
            self.request(path, query, headers, method), self._loop
        )
        return done.result(timeout=600)

    async def request(self, path, query=b"", headers=None, method="GET") -> Answer:
        raw_query = query.encode("latin-1") if isinstance(query, str) else query
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": raw_query,
            "root_path": "",
            "headers": [
                (k.lower().encode("latin-1"), v.encode("latin-1"))
                for k, v in (headers or {}).items()
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }
        started: dict = {}
        chunks: list[bytes] = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        t0 = time.perf_counter()
        await self.app(scope, receive, send)
        seconds = time.perf_counter() - t0
        raw = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in started["headers"]]
        return Answer(
            started["status"],
            {k: v for k, v in raw},
            b"".join(chunks),
            [v for k, v in raw if k == "set-cookie"],
            seconds,
        )
