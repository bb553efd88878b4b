"""The server: the planners' atlas (Streamlit's ``app.py``) and the public pages, one process.

``make run`` serves it (``streamlit run web/server.py``); a deployment may run
``uvicorn web.server:app`` as well. Streamlit's own routes (``/``, ``/_stcore/…``) and the
public routes (:mod:`web.routes`) share the port, the atlas's data stays in memory once per
process for each, and the public routes hold no session: any replica answers any request.
"""

from __future__ import annotations

import importlib
import importlib.util
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from web import redact, routes

# Absolute: `streamlit run web/server.py` resolves a relative script against this folder.
APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"


def operations() -> tuple[list, list]:
    """Operations' routes and middleware (health, readiness, metrics, access logs): the one
    place they plug in. ``web.ops`` provides ``routes()`` and ``middleware()``; its
    middleware comes first, so it sees every request the process answers."""
    if importlib.util.find_spec("web.ops") is None:
        return [], []
    ops = importlib.import_module("web.ops")
    return list(ops.routes()), list(ops.middleware())


@asynccontextmanager
async def lifespan(_app):
    """Load the atlas for the public routes before the first reader asks."""
    await routes.STATE.warm()
    yield


redact.install()
ops_routes, ops_middleware = operations()
app = st.App(
    APP_SCRIPT,
    routes=[*ops_routes, *routes.routes()],
    middleware=ops_middleware,
    lifespan=lifespan,
)
