"""Leaflet from an installed package, so maps draw with no network at all.

folium's defaults point at CDNs, and streamlit-folium loads exactly the links a map
declares; both are replaced here by the Leaflet 1.9.3 build shipped in the
``django-leaflet`` package (installed without its dependencies: only the files are used).

Exports inline it, so a file stands alone: a map's HTML as data: URIs, an embed as
``<script>`` and ``<style>`` blocks that its Content-Security-Policy allows by hash
(:mod:`export.embed.csp`). The app serves it from its own static folder instead:
streamlit-folium re-sends its links with every view change, and inlined that is 214 KB per
click.
"""

from __future__ import annotations

import base64
import importlib.util
import os
import re
import tempfile
from functools import cache
from pathlib import Path

LEAFLET_PACKAGE = "leaflet"  # the import name of django-leaflet
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
# Streamlit serves the folder "static" beside the app at <base URL>/app/static/.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


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


def _inline(text: str, tag: str) -> str:
    """``text`` as the content of a ``<tag>`` block: line ends as a browser reads them
    (a hash is taken over those), no source map to fetch, nothing that ends the block."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n?/[/*]# sourceMappingURL=[^\n]*\s*$", "\n", text)
    if re.search(rf"</{tag}", text, re.I):
        raise RuntimeError(f"Leaflet's file holds </{tag}: it cannot be inlined")
    return text


@cache
def leaflet_js_inline() -> str:
    """leaflet.js for an inline ``<script>`` block."""
    return _inline(leaflet_js(), "script")


@cache
def leaflet_css_inline() -> str:
    """leaflet.css for an inline ``<style>`` block."""
    return _inline(leaflet_css(), "style")


def publish_leaflet(static_dir: Path = STATIC_DIR) -> None:
    """Put Leaflet's files into the app's static folder, if they are not there already."""
    static_dir.mkdir(exist_ok=True)
    for name in LEAFLET_FILES:
        source, target = (leaflet_dir() / name).read_bytes(), static_dir / name
        if target.is_file() and target.read_bytes() == source:
            continue
        # Written beside the target and renamed: a browser never reads half a file.
        fd, tmp = tempfile.mkstemp(dir=static_dir, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as out:
            out.write(source)
        os.chmod(tmp, 0o644)  # readable by a front web server too, like any static file
        os.replace(tmp, target)


def served_links(base_url_path: str = "") -> tuple[str, str]:
    """Addresses of Leaflet's script and style as the app serves them (``server.baseUrlPath``)."""
    base = base_url_path.strip("/")
    prefix = f"/{base}/app/static/" if base else "/app/static/"
    return prefix + "leaflet.js", prefix + "leaflet.css"


if __name__ == "__main__":
    # Run at install time (make): the app's static folder is filled before anything runs.
    publish_leaflet()
    print(f"Leaflet published to {STATIC_DIR}")
