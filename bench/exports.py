"""Exports: time to produce a briefing PNG and a self-contained embed of the default view.

``export/`` is written alongside this benchmark; its functions are looked up when the
benchmark runs, and a missing one gives an *n/a* row, not a failure. Baselines: the PNG
as geopandas + matplotlib draw the full-resolution units; the embed as a plain folium map
over them (:func:`bench.naive.naive_map`) rendered to HTML.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable

from bench import Row, median, timed
from bench.naive import full_resolution, naive_map
from geo.atlas import Atlas, ViewData, compute_view, load_atlas
from geo.view import View

# Where each function may live: its own module first, then re-exported by the package.
LOCATIONS = {
    "embed_html": ("export.embed", "export"),
    "png_bytes": ("export.page.static_map", "export"),
}
APP_URL = "http://127.0.0.1:8501"
MAX_PNG_S = 2.0


def find_exports() -> dict[str, Callable]:
    """The export functions that exist now, by name (absent ones are left out)."""
    found = {}
    for name, modules in LOCATIONS.items():
        for module in modules:
            try:
                fn = getattr(importlib.import_module(module), name, None)
            except Exception:  # a module being written may not import yet: treat as absent
                continue
            if callable(fn):
                found[name] = fn
                break
    return found


def default_embed(embed_html: Callable, atlas: Atlas | None = None) -> str:
    """The embed of the default view as text."""
    out = embed_html(atlas or load_atlas(), View(), app_url=APP_URL)
    return out.decode("utf-8") if isinstance(out, bytes) else out


def naive_png(data: ViewData, atlas: Atlas) -> bytes:
    """A 2400 × 1350 PNG (the briefing's size) drawn by geopandas over full-resolution units.

    Units and towns only: no legend, labels or text, so it is a floor for a naive PNG.
    """
    from matplotlib.figure import Figure

    units = full_resolution(data.view.vintage)[["unit_id", "geometry"]].merge(
        data.units[["unit_id", "fill"]], on="unit_id"
    )
    colours = dict(zip(atlas.sectors["sector"], atlas.sectors["color"], strict=True))
    fig = Figure(figsize=(12, 6.75), dpi=200)  # no pyplot: no global state, no GUI backend
    ax = fig.subplots()
    units.plot(ax=ax, color=units["fill"], edgecolor="white", linewidth=0.8)
    towns = data.towns
    ax.scatter(
        towns["lon"],
        towns["lat"],
        s=40,
        c=[colours.get(s, "#777777") for s in towns["sector"]],
        edgecolors="#222222",
    )
    ax.set_axis_off()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def measure(runs: int = 3, warmup: int = 1, atlas: Atlas | None = None) -> list[Row]:
    """Rows for the briefing PNG and the embed: median of ``runs`` after ``warmup`` calls."""
    atlas = atlas or load_atlas()
    data = compute_view(atlas, View())
    found = find_exports()
    how = f"median of {runs} after {warmup} warm-up call(s), default view"
    png_base = timed(lambda: naive_png(data, atlas), runs, warmup)
    embed_base = timed(
        lambda: naive_map(full_resolution("2012"), data, atlas).get_root().render(), runs, warmup
    )
    rows = []
    png = found.get("png_bytes")
    if png is None:
        rows.append(
            Row(
                "exports.png",
                "briefing PNG (16:9)",
                None,
                "s",
                median(png_base),
                target=f"≤ {MAX_PNG_S:g} s",
                note="n/a (export not available)",
                baseline_samples=png_base,
            )
        )
    else:
        times = timed(lambda: png(atlas, View(), layout="16:9"), runs, warmup)
        size = len(png(atlas, View(), layout="16:9"))
        rows.append(
            Row(
                "exports.png",
                "briefing PNG (16:9)",
                median(times),
                "s",
                median(png_base),
                target=f"≤ {MAX_PNG_S:g} s",
                met=median(times) <= MAX_PNG_S,
                note=f"{how}; {size / 1000:.0f} KB; baseline: geopandas.plot of full-res "
                "units and towns, 2400×1350, no legend or text",
                samples=times,
                baseline_samples=png_base,
            )
        )
    embed = found.get("embed_html")
    if embed is None:
        rows.append(
            Row(
                "exports.embed",
                "embed HTML",
                None,
                "s",
                median(embed_base),
                note="n/a (export not available)",
                baseline_samples=embed_base,
            )
        )
    else:
        times = timed(lambda: default_embed(embed, atlas), runs, warmup)
        size = len(default_embed(embed, atlas).encode("utf-8"))
        rows.append(
            Row(
                "exports.embed",
                "embed HTML",
                median(times),
                "s",
                median(embed_base),
                note=f"{how}; {size / 1000:.0f} KB file; baseline: naive folium map rendered",
                samples=times,
                baseline_samples=embed_base,
            )
        )
    return rows
