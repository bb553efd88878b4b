"""The map's own CSS: legend, labels and popups, sized for screens and screenshots."""

from __future__ import annotations

from branca.element import Element

MAP_CSS = """
.leaflet-container { background: #f4f6f8; font: 13px/1.35 "DejaVu Sans", system-ui, sans-serif; }
.leaflet-container .mq-legend { background: rgba(255,255,255,.94); padding: 6px 8px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 210px; color: #222;
  font-size: 11.5px; line-height: 1.3; max-height: calc(100vh - 60px); overflow-y: auto; }
.mq-legend-title { font-weight: bold; margin: 2px 0 4px; }
.mq-legend-title + .mq-row { margin-top: 0; }
.mq-row { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.mq-swatch { display: inline-block; width: 16px; height: 12px; border: 1px solid #777; }
.mq-swatch.mq-nodata { background-image: repeating-linear-gradient(45deg, transparent 0 3px,
  rgba(255,255,255,.7) 3px 5px) !important; }
.mq-dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 1px solid #222; }
.mq-note { margin-top: 4px; color: #555; font-size: 10.5px; }
.mq-swatch, .mq-dot { flex: none; }
.mq-label { text-align: center; white-space: nowrap; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; color: #1d1d1d; }
.mq-label .mq-name { display: block; font-size: 11px; transform: translate(-50%, -100%);
  position: absolute; left: 0; top: -2px; }
.mq-label .mq-count { display: block; font-weight: bold; font-size: 15px;
  transform: translate(-50%, -50%); position: absolute; left: 0; top: 8px; }
.leaflet-container .mq-popup { font-size: 12px; line-height: 1.3; }
.leaflet-container .leaflet-tooltip { font-size: 12px; }
.mq-popup table { border-collapse: collapse; margin-top: 4px; }
.mq-popup th { text-align: left; font-weight: normal; color: #555; padding: 1px 6px 1px 0;
  vertical-align: top; width: 42%; }
.mq-popup td { padding: 1px 0; }
.mq-src { color: #777; font-size: 10px; }
"""


def map_style() -> Element:
    """The CSS as an element for a map's header."""
    return Element(f"<style>{MAP_CSS}</style>")
