"""The map's own CSS: legend, labels, popups and controls, sized for screens and screenshots.

Type sizes rank: unit values 15 px, names 11 px, the attribution 9.5 px (the credit is
read when wanted; it never outshouts the map). ``.mq-narrow`` is set on maps narrower than
:data:`layers.interaction.NARROW_PX`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from branca.element import Element

from geo.symbols import HALO

HALO_SHADOW = "0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff"

MAP_CSS = f"""
/* div.: ahead of Leaflet's own stylesheet, which an embed loads after this one. */
div.leaflet-container {{ background: #ffffff;
  font: 13px/1.35 "DejaVu Sans", system-ui, sans-serif; }}
.leaflet-container .mq-legend {{ background: rgba(255,255,255,.95); padding: 6px 8px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 210px; color: #222;
  font-size: 11.5px; line-height: 1.3; overflow-y: auto; }}
.mq-legend-toggle {{ display: none; font: inherit; font-weight: bold; cursor: pointer;
  background: none; border: 0; padding: 2px 4px; color: #1d1d1d; }}
.mq-legend-toggle::after {{ content: " ▴"; }}
.mq-legend.mq-open .mq-legend-toggle::after {{ content: " ▾"; }}
.mq-legend-title {{ font-weight: bold; margin: 2px 0 4px; }}
.mq-legend-title + .mq-row {{ margin-top: 0; }}
.mq-row {{ display: flex; align-items: center; gap: 6px; margin: 1px 0; }}
.mq-swatch {{ display: inline-block; width: 16px; height: 12px; border: 1px solid #3a3b45; }}
.mq-swatch.mq-nodata {{ background-image: repeating-linear-gradient(45deg, transparent 0 3px,
  rgba(255,255,255,.85) 3px 5px) !important; }}
.mq-dot {{ display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 1px solid #1d1d1d; box-shadow: 0 0 0 1px {HALO}; }}
.mq-note {{ margin-top: 4px; color: #555; font-size: 10.5px; }}
.mq-swatch, .mq-dot {{ flex: none; }}
.leaflet-container .mq-filter-note {{ background: rgba(255,255,255,.95); padding: 3px 7px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.25); font-size: 11.5px; color: #1d1d1d;
  max-width: 260px; }}
/* A dark outline inside a white halo: every circle stands apart from every fill. */
path.mq-town {{ filter: drop-shadow(0 0 0.6px {HALO}) drop-shadow(0 0 0.6px {HALO}); }}
path.mq-town.mq-focus {{ stroke-width: 3px; }}
.mq-labels .mq-label {{ position: absolute; left: 0; top: 0; white-space: nowrap;
  text-align: center; line-height: 1.15; color: #1d1d1d; text-shadow: {HALO_SHADOW};
  pointer-events: none; }}
.mq-labels.mq-zooming, .mq-label.mq-hidden {{ display: none; }}
.mq-label .mq-name {{ display: block; font-size: 11px; }}
.mq-label .mq-count {{ display: block; font-weight: bold; font-size: 15px; }}
.mq-label.mq-short .mq-name {{ display: none; }}
.mq-label.mq-city .mq-name, .mq-label.mq-city .mq-count {{ display: inline; }}
.mq-label.mq-city .mq-count {{ font-size: 12.5px; }}
.mq-label.mq-town {{ font-size: 11px; font-style: italic; color: #111; }}
.leaflet-container .mq-popup {{ font-size: 12px; line-height: 1.3; }}
.leaflet-container .leaflet-tooltip {{ font-size: 12px; }}
.mq-popup table {{ border-collapse: collapse; margin-top: 4px; }}
.mq-popup th {{ text-align: left; font-weight: normal; color: #555; padding: 1px 6px 1px 0;
  vertical-align: top; width: 42%; }}
.mq-popup td {{ padding: 1px 0; }}
.mq-ref {{ color: #666; font-size: 9px; margin-left: 2px; }}
.mq-src {{ color: #555; font-size: 10.5px; margin-top: 6px; border-top: 1px solid #ddd;
  padding-top: 4px; }}
.mq-src ol {{ margin: 2px 0 0; padding-left: 16px; }}
.mq-src a {{ color: #1a5fb4; }}
.mq-caveats {{ margin-top: 4px; font-size: 11px; color: #5a4300; }}
.mq-caveats summary {{ cursor: pointer; font-weight: bold; }}
.mq-caveats ul {{ margin: 2px 0 0; padding-left: 16px; }}
.leaflet-container .leaflet-control-attribution {{ font-size: 9.5px; line-height: 1.3;
  white-space: normal; }}
.leaflet-container .leaflet-control-scale-line {{ font-size: 10px; }}
.mq-scroll-hint {{ position: absolute; left: 50%; top: 50%; z-index: 1000;
  transform: translate(-50%, -50%); background: rgba(29,29,29,.82); color: #fff;
  padding: 8px 12px; border-radius: 4px; font-size: 13px; pointer-events: none;
  opacity: 0; transition: opacity .2s; max-width: 80%; text-align: center; }}
.mq-scroll-hint.mq-show {{ opacity: 1; }}
/* Narrow maps: the legend is a button that opens it, the attribution an "i". */
.mq-narrow .mq-legend-toggle {{ display: block; }}
.mq-narrow .mq-legend:not(.mq-open) .mq-legend-body {{ display: none; }}
.mq-narrow .mq-legend:not(.mq-open) {{ padding: 3px 5px; }}
.mq-narrow .mq-filter-note {{ max-width: 190px; font-size: 10.5px; }}
.leaflet-control-attribution.mq-compact:not(.mq-open) {{ font-size: 0; padding: 0;
  width: 18px; height: 18px; cursor: pointer; border-radius: 50%; background: #fff; }}
.leaflet-control-attribution.mq-compact:not(.mq-open)::before {{ content: "i";
  display: block; width: 16px; height: 16px; border: 1px solid #555; border-radius: 50%;
  font: italic bold 11px/16px Georgia, serif; text-align: center; color: #333; }}
.leaflet-control-attribution.mq-compact.mq-open {{ cursor: pointer; }}
"""

# In the app's frame the map fills the frame, whose height the page sets to the screen's
# (see ui.mapview): st_folium gives the map a fixed height of its own.
APP_FRAME_CSS = """
html, body { margin: 0; overflow: hidden; }
#map_div { height: 100vh !important; }
"""


# Colours travel as classes, never as style="" attributes: a page under a strict
# Content-Security-Policy (an embed) refuses those. ``mq-c-1a5fb4`` paints #1a5fb4.
_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
COLOUR_CLASS = re.compile(r"\bmq-c-([0-9a-f]{6})\b")


def colour_class(colour: str) -> str:
    """The class that paints an element's background ``colour`` (``#rrggbb`` or ``#rgb``);
    "" for anything else (colours are checked when read: this is a second guard)."""
    found = _HEX.fullmatch(str(colour).strip())
    if not found:
        return ""
    digits = found.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"mq-c-{digits}"


def colour_css(html: str | Iterable[str]) -> str:
    """CSS rules for every colour class used in ``html`` (sorted: the same page gives the
    same rules, byte for byte)."""
    text = html if isinstance(html, str) else " ".join(html)
    return "".join(
        f".mq-c-{d} {{ background-color: #{d}; }}\n"
        for d in sorted(set(COLOUR_CLASS.findall(text)))
    )


def map_style() -> Element:
    """The CSS as an element for a map's header."""
    return Element(f"<style>{MAP_CSS}</style>")


def app_frame_style() -> Element:
    """The CSS of the app's map frame (for the app's map only, never an embed)."""
    return Element(f"<style>{APP_FRAME_CSS}</style>")
