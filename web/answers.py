"""The bytes of the public routes, made from the same registry as the command line's.

``/view.png``, ``/view.csv``… are :data:`export.formats.FORMATS` rendered with the options
``monoqala export`` takes, so a file served and a file exported are the same bytes:

* the app's address printed on briefings and embeds is ``$MONOQALA_APP_URL`` (as on the
  command line), never the request's host: every replica, behind any balancer, prints the
  same link (and none without a configured address);
* the date printed on PNG and PDF and written to the JSON is the **atlas data's date**
  (:func:`data_date`): the day the boundary files were retrieved, or a view's dataset's
  upload day if later. A view's file changes when its data does, not with the calendar,
  so ``monoqala export --date <that day>`` gives the same bytes, and so does every replica
  on every day.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from export.embed.csp import meta_policy
from export.formats import FORMATS, Options, export_file_name
from export.links import app_base_url
from geo.atlas import Atlas, ViewData, compute_view
from geo.supplied import Supplied
from geo.view import View
from web.links import view_query
from web.renditions import Rendition, Renditions, make_rendition
from web.viewpage import page_policy, view_page

# matplotlib's text and font machinery is not thread-safe: one briefing drawn at a time.
_DRAWING = threading.Lock()
DRAWN = ("png", "pdf")


def data_date(atlas: Atlas, dataset: Supplied | None = None) -> date:
    """The date a view's files carry: when its data were last fixed (see the module's notes)."""
    days = [
        date.fromisoformat(str(f["retrieved"])[:10])
        for f in atlas.manifest.get("files", [])
        if f.get("retrieved")
    ]
    uploaded = getattr(dataset, "uploaded_at", None)
    if uploaded is not None:
        days.append(uploaded.date())
    return max(days) if days else date(2012, 1, 1)


@dataclass
class Answers:
    """Makes and keeps each view's page, embed and files.

    Parameters
    ----------
    atlas : Atlas
        The loaded atlas.
    cache : Renditions
        Where answers are kept (a dataset's too: the routes ask the store who may read it
        before every lookup).
    app_url : str, optional
        The app's public address printed on files (default: ``$MONOQALA_APP_URL``).
    """

    atlas: Atlas
    cache: Renditions
    app_url: str | None = None

    def __post_init__(self) -> None:
        self.app_url = app_base_url(self.app_url)

    def options(self, dataset: Supplied | None) -> Options:
        """The command line's options for a view's files (``--date`` the data's date)."""
        return Options(
            app_url=self.app_url, generated=data_date(self.atlas, dataset), dataset=dataset
        )

    @staticmethod
    def key(kind: str, view: View, dataset: Supplied | None) -> tuple:
        """The cache key: the kind of answer, the view's one query, and for a dataset what
        its words and values depend on (a rename or a new upload is another answer)."""
        version = None
        if dataset is not None:
            version = (dataset.dataset_id, dataset.sha256, dataset.name, str(dataset.uploaded_at))
        return (kind, view_query(view), version)

    def cached(self, kind: str, view: View, dataset: Supplied | None) -> Rendition | None:
        """The answer if it is kept, without making it (cheap: for the event loop)."""
        return self.cache.get(self.key(kind, view, dataset))

    def answer(self, kind: str, view: View, dataset: Supplied | None) -> Rendition:
        """The answer of kind ``page``, ``html`` (the embed) or a format key. Blocking."""
        make = self._page if kind == "page" else (lambda v, d: self._file(kind, v, d))
        return self.cache.get_or_make(self.key(kind, view, dataset), lambda: make(view, dataset))

    def _embed_body(self, view: View, dataset: Supplied | None) -> bytes:
        return FORMATS["html"].render(self.atlas, view, self.options(dataset))

    def _page(self, view: View, dataset: Supplied | None) -> Rendition:
        # The embed's page if it is kept; else made for this page alone (neither compressed
        # nor kept: most readers of a page never ask for its embed).
        kept = self.cached("html", view, dataset)
        embed = (kept.body if kept else self._embed_body(view, dataset)).decode("utf-8")
        data: ViewData = compute_view(self.atlas, view, dataset)
        page = view_page(self.atlas, data, embed, view_query(view))
        return make_rendition(
            page.encode("utf-8"),
            "text/html; charset=utf-8",
            (("Content-Security-Policy", page_policy(meta_policy(embed))),),
        )

    def _file(self, key: str, view: View, dataset: Supplied | None) -> Rendition:
        """A format's file (the embed is the ``html`` format), with the header the format
        declares a server sends with it (the embed's Content-Security-Policy)."""
        fmt = FORMATS[key]
        if key in DRAWN:
            with _DRAWING:
                body = fmt.render(self.atlas, view, self.options(dataset))
        else:
            body = fmt.render(self.atlas, view, self.options(dataset))
        media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
        headers = [("Content-Disposition", f'inline; filename="{export_file_name(view, fmt)}"')]
        if fmt.policy is not None:
            name, _, value = fmt.policy(body).partition(": ")
            headers.append((name, value))
        return make_rendition(body, media, tuple(headers))
