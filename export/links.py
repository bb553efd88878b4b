"""The link that reproduces a view in the app, printed on briefings and embeds.

A link is printed only when the app's public address is known: given (``--app-url``, the
app's own address) or configured (``$MONOQALA_APP_URL``). Without one a briefing carries no
link: ``http://localhost:8501/`` would open nothing for its readers.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlencode, urlparse

from geo.i18n import t
from geo.view import View, to_params

# The address `make run` serves at: never printed, only named in the command line's help.
DEFAULT_APP_URL = "http://localhost:8501/"
APP_URL_ENV = "MONOQALA_APP_URL"


def is_public(url: str | None) -> bool:
    """Whether readers elsewhere could open ``url``: http(s), and not this machine's own
    address (``localhost``, ``127.0.0.1``, ``::1``, ``0.0.0.0``)."""
    if not url:
        return False
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return not (address.is_loopback or address.is_unspecified)


def app_base_url(app_url: str | None = None) -> str | None:
    """The app's address: the argument, else ``$MONOQALA_APP_URL``; ``None`` when neither
    is set (no link is printed then)."""
    return app_url or os.environ.get(APP_URL_ENV) or None


def view_link(view: View, app_url: str | None = None, with_data: bool = False) -> str | None:
    """The app's address with the URL parameters of ``view``, or ``None`` without an address.

    Vintage and language are always written, though the app has defaults for them: a
    printed briefing outlives any change of the app's defaults. A planner's dataset is
    private and its id opens it: the link carries it only ``with_data``.
    """
    base = app_base_url(app_url)
    if base is None:
        return None
    params = {"v": view.vintage, "lang": view.lang, **to_params(view)}
    if not with_data:
        params.pop("data", None)
    query = urlencode(params, safe=",")  # commas stay readable in a briefing
    if not query:
        return base
    return f"{base}{'&' if '?' in base else '?'}{query}"


def link_label(view: View, with_data: bool = False) -> str:
    """The words printed with a view's link: a link to a view of private data says that
    it opens the view without them (see :func:`view_link`)."""
    private = view.data is not None and not with_data
    return t("view_link_private" if private else "view_link", view.lang)
