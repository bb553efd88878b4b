"""Operations: probes, metrics and access logs for the atlas's server, and a graceful stop.

``web/server.py`` plugs them in::

    st.App("app.py", routes=[*ops.routes(), ...], middleware=ops.middleware())

and ``python -m web.ops`` serves that app under uvicorn with JSON logs, a replica that
finishes its runs when stopped (:mod:`web.ops.serve`), and secrets read from files.
"""

from __future__ import annotations

from starlette.middleware import Middleware

from web.ops.access import AccessMiddleware
from web.ops.metrics import cache_hit, cache_miss
from web.ops.probes import routes


def middleware() -> list[Middleware]:
    """The operations middleware, for ``st.App(..., middleware=[...])``: it must come first,
    so that it times and counts everything the app answers."""
    return [Middleware(AccessMiddleware)]


__all__ = ["cache_hit", "cache_miss", "middleware", "routes"]
