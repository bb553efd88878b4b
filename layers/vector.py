"""A lean Leaflet layer over inline GeoJSON: only the properties the view needs.

folium's GeoJson embeds per-feature style tables and unescaped tooltips; this layer
carries pre-escaped HTML for tooltips and popups and a colour per feature, nothing else.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template


def safe_json(data) -> str:
    """JSON that can sit inside a <script> element (no '</' to close it early)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class VectorLayer(MacroElement):
    """Features drawn by Leaflet; ``kind`` is ``"polygon"``, ``"circle"`` or ``"label"``.

    Each feature's properties: ``c`` fill colour, ``t`` tooltip HTML, ``p`` popup HTML
    (optional), ``r`` radius for circles, ``id`` the unit or town id, ``f`` set on the
    feature in focus.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson({{ this.data }}, {
  {%- if this.kind == "circle" %}
  pointToLayer: function (f, ll) {
    return L.circleMarker(ll, {radius: f.properties.r});
  },
  {%- elif this.kind == "label" %}
  pointToLayer: function (f, ll) {
    return L.marker(ll, {interactive: false, keyboard: false,
      icon: L.divIcon({className: "mq-label", html: f.properties.t, iconSize: null})});
  },
  {%- endif %}
  style: function (f) {
    // A focused feature (f) gets a dark outline, so the chosen unit stands out.
    return {fillColor: f.properties.c, fillOpacity: {{ this.opacity }},
            color: f.properties.f ? "#1d1d1d" : "{{ this.stroke }}",
            weight: f.properties.f ? {{ this.weight }} * 2.5 : {{ this.weight }},
            className: "{{ this.css_class }}"};
  },
  {%- if this.kind != "label" %}
  onEachFeature: function (f, layer) {
    layer.bindTooltip(f.properties.t, {sticky: {{ this.sticky }}});
    if (f.properties.p) { layer.bindPopup(f.properties.p, {maxWidth: 320}); }
  }
  {%- endif %}
}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(
        self,
        features: list[dict],
        kind: str,
        css_class: str,
        stroke: str = "#ffffff",
        weight: float = 1.0,
        opacity: float = 0.85,
        name: str = "vector",
    ) -> None:
        super().__init__()
        self._name = name
        self.kind = kind
        self.sticky = "true" if kind == "polygon" else "false"  # follow the pointer on areas
        self.css_class = css_class
        self.stroke, self.weight, self.opacity = stroke, weight, opacity
        self.data = safe_json({"type": "FeatureCollection", "features": features})
