"""The app with the operations routes and middleware only, as web/server.py plugs them in:
the operations tests serve it without the public pages."""

from __future__ import annotations

import streamlit as st

import web.ops as ops
from bench.harness import ROOT

app = st.App(ROOT / "app.py", routes=ops.routes(), middleware=ops.middleware())
