"""Leaflet from an installed package, so maps draw with no network at all.

folium's defaults point at CDNs, and streamlit-folium loads exactly the links a map
declares; both are replaced here by data: URIs of the Leaflet 1.9.3 build shipped in
the ``django-leaflet`` package (installed without its dependencies: only the files
are used).
"""

from __future__ import annotations

import base64
import importlib.util
from functools import cache
from pathlib import Path

LEAFLET_PACKAGE = "leaflet"  # the import name of django-leaflet


@cache
def leaflet_dir() -> Path:
    """Folder holding ``leaflet.js`` and ``leaflet.css`` (found without importing Django)."""
    spec = importlib.util.find_spec(LEAFLET_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "Leaflet is missing: install it with 'pip install --no-deps -r requirements-assets.txt'"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "leaflet"
    if not (folder / "leaflet.js").is_file():
        raise RuntimeError(f"no leaflet.js in {folder}")
    return folder


@cache
def leaflet_js() -> str:
    return (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    return (leaflet_dir() / "leaflet.css").read_text(encoding="utf-8")


def _data_uri(mime: str, text: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"


@cache
def leaflet_js_uri() -> str:
    return _data_uri("text/javascript", leaflet_js())


@cache
def leaflet_css_uri() -> str:
    return _data_uri("text/css", leaflet_css())
