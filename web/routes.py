"""The public routes: every view as a light page, an embed and files, stateless and cacheable.

==================  ================================================================
``/view?<query>``   the view as one page (:mod:`web.viewpage`)
``/embed?<query>``  the embed page, its Content-Security-Policy also as a header
``/view.png`` …     the view as the command line exports it: ``.png``, ``.pdf``,
                    ``.csv`` (towns), ``.units.csv``, ``.geojson``, ``.json``
==================  ================================================================

A route reads the address (:mod:`web.reading`), finds the view's dataset under the app's
rules (:mod:`web.private`, :mod:`web.signin`), takes the answer from the cache or has it
made off the event loop (:mod:`web.answers`), and answers with explicit headers: an ETag
(``If-None-Match`` gets 304), ``Cache-Control: public, max-age=…`` for a published view and
``private, no-store`` for one that names a dataset, its gzip encoding when the reader takes
it, ``Referrer-Policy: no-referrer`` (dataset ids travel in addresses). A form's answer
(or any other way of writing a view) is redirected to the view's one address. Nothing is
logged with a query: a dataset id never reaches a log line.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import anyio
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from export.formats import FORMATS
from geo.atlas import Atlas, load_atlas
from geo.view import View
from userdata.store import StoreError
from web import problems
from web.answers import Answers
from web.links import PAGE, file_path, view_query
from web.private import Datasets
from web.reading import Reading, lenient_view, read_query, reader_language, strict_view
from web.renditions import Rendition, Renditions, cache_bytes
from web.signin import signed_in_user

log = logging.getLogger("monoqala.web")

# The data change only with a new release: an hour in any cache, then a cheap revalidation.
PUBLIC = "public, max-age=3600"
PRIVATE = "private, no-store"
ERROR = "no-store"
COMMON = {"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}
# Answers made at once: more would only queue behind the interpreter's lock, and keep
# threads from the app's own file serving.
MAKERS = 4


@dataclass
class Public:
    """What the routes share in one process: the atlas, the datasets and the answers."""

    atlas: Atlas
    datasets: Datasets
    answers: Answers

    @classmethod
    def load(cls, cache: Renditions | None = None) -> Public:
        atlas = load_atlas()
        cache = cache if cache is not None else Renditions(cache_bytes())
        return cls(atlas, Datasets(set(atlas.towns["town_id"])), Answers(atlas, cache))


class State:
    """The process's :class:`Public`, loaded once (at start-up, or by the first request)."""

    def __init__(self, loader: Callable[[], Public] = Public.load) -> None:
        self._loader, self._public = loader, None
        self._lock = threading.Lock()
        self.limiter: anyio.CapacityLimiter | None = None

    def get(self) -> Public:
        """Blocking: loads the atlas on first use."""
        with self._lock:
            if self._public is None:
                self._public = self._loader()
            return self._public

    async def run(self, fn: Callable, *args):
        """``fn(*args)`` in a worker thread, at most :data:`MAKERS` at once."""
        if self.limiter is None:
            self.limiter = anyio.CapacityLimiter(MAKERS)
        return await anyio.to_thread.run_sync(partial(fn, *args), limiter=self.limiter)

    async def ready(self) -> Public:
        return self._public if self._public is not None else await self.run(self.get)

    async def warm(self) -> None:
        """Load the atlas and make the default view's page: the first reader waits for
        neither the data nor the imports of the map's code."""
        public = await self.ready()
        await self.run(public.answers.answer, "page", View(), None)


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, q = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            return q.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` in any encoding (weak comparison)."""
    tag = etag.strip('"')
    for candidate in if_none_match.split(","):
        candidate = candidate.strip().removeprefix("W/").strip('"')
        if candidate == "*" or candidate.removesuffix("-gzip") == tag:
            return True
    return False


def respond(request: Request, answer: Rendition, private: bool) -> Response:
    """``answer`` with its headers; 304 when the reader holds it already."""
    gzipped = answer.gzipped is not None and _accepts_gzip(
        request.headers.get("accept-encoding", "")
    )
    etag = answer.etag[:-1] + '-gzip"' if gzipped else answer.etag
    headers = {**COMMON, "ETag": etag, "Cache-Control": PRIVATE if private else PUBLIC}
    if answer.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
    if not private:  # a site may fetch a published view's data from its own pages
        headers["Access-Control-Allow-Origin"] = "*"
    if _matches(request.headers.get("if-none-match", ""), answer.etag):
        return Response(status_code=304, headers=headers)
    headers.update(answer.headers)
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    body = answer.gzipped if gzipped else answer.body
    return Response(body, media_type=answer.media_type, headers=headers)


def _page(status: int, html: str, policy: str = problems.POLICY) -> Response:
    headers = {**COMMON, "Cache-Control": ERROR, "Content-Security-Policy": policy}
    return Response(
        html, status_code=status, media_type="text/html; charset=utf-8", headers=headers
    )


async def _answer(state: State, kind: str, request: Request) -> Response:
    raw: bytes = request.scope.get("query_string", b"")
    reading: Reading = read_query(raw)
    lang = reader_language(reading.params, request.headers.get("accept-language", ""))
    if reading.problems:
        texts = [p.text(lang) for p in reading.problems]
        return _page(400, problems.bad_query(lang, texts, None))
    public = await state.ready()
    atlas = public.atlas
    dataset = None
    if reading.wanted:
        user = signed_in_user(request.cookies)
        try:
            dataset = await state.run(public.datasets.find, reading.wanted, user)
        except StoreError as exc:
            log.error("the dataset store is unavailable: %s", exc.code)
            return _page(503, problems.unavailable(lang, exc.text(lang)))
        if dataset is None:
            published = view_query(lenient_view(reading, atlas))
            return _page(404, problems.no_dataset(lang, published))
    found = strict_view(reading, atlas, dataset)
    if isinstance(found, list):
        fixed = view_query(lenient_view(reading, atlas, dataset))
        return _page(400, problems.bad_query(lang, [p.text(lang) for p in found], fixed))
    view, private = found, dataset is not None
    query = view_query(view)
    if kind == "page" and raw.decode("latin-1") != query:
        # One address per view: a form's answer, defaults written out, values in another
        # order all lead to the address the app's links write.
        target = f"{PAGE}?{query}" if query else PAGE
        headers = {**COMMON, "Cache-Control": PRIVATE if private else PUBLIC}
        return RedirectResponse(target, status_code=303, headers=headers)
    answer = public.answers.cached(kind, view, dataset)
    if answer is None:
        answer = await state.run(public.answers.answer, kind, view, dataset)
    return respond(request, answer, private)


def _route(state: State, kind: str) -> Callable:
    async def endpoint(request: Request) -> Response:
        try:
            return await _answer(state, kind, request)
        except Exception:  # the reader gets a page; the log gets the route, never the query
            log.exception("the public route for %s failed", kind)
            params = read_query(request.scope.get("query_string", b"")).params
            lang = reader_language(params, request.headers.get("accept-language", ""))
            return _page(500, problems.failed(lang))

    endpoint.__name__ = f"public_{kind.replace('-', '_')}"
    return endpoint


def routes(state: State | None = None) -> list[Route]:
    """The public routes, for ``st.App(routes=[...])`` or any Starlette application."""
    state = state or STATE
    found = [Route(f"/{PAGE}", _route(state, "page"), methods=["GET", "HEAD"])]
    found += [
        Route(f"/{file_path(fmt)}", _route(state, key), methods=["GET", "HEAD"])
        for key, fmt in FORMATS.items()
    ]
    return found


STATE = State()  # the server's; tests make their own
