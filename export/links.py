"""The link that reproduces a view in the app."""

from __future__ import annotations

import os
from urllib.parse import urlencode

from geo.view import View, to_params

DEFAULT_APP_URL = "http://localhost:8501/"
APP_URL_ENV = "MONOQALA_APP_URL"


def app_base_url(app_url: str | None = None) -> str:
    """The app's address: the argument, else ``$MONOQALA_APP_URL``, else the local default."""
    return app_url or os.environ.get(APP_URL_ENV) or DEFAULT_APP_URL


def view_link(view: View, app_url: str | None = None) -> str:
    """The app's address with the URL parameters of ``view``.

    Vintage and language are always written, though the app has defaults for them: a
    printed briefing outlives any change of the app's defaults.
    """
    base = app_base_url(app_url)
    params = {"v": view.vintage, "lang": view.lang, **to_params(view)}
    query = urlencode(params, safe=",")  # commas stay readable in a briefing
    if not query:
        return base
    return f"{base}{'&' if '?' in base else '?'}{query}"
