"""A lean Leaflet layer over inline GeoJSON: only the properties the view needs.

folium's GeoJson embeds per-feature style tables and unescaped tooltips; this layer
carries pre-escaped HTML for tooltips and popups and a colour per feature, nothing else.
"""

from __future__ import annotations

import json
import re

from branca.element import Element, Figure, MacroElement
from jinja2 import Template

# branca's MacroElement.render compiles each element's script output as a Jinja template
# once more, so "{{", "{%" and "{#" in data would be read as template syntax (and
# evaluated). The layers here add their script as RawScript, which is never compiled; the
# escape stays as a second guard. In JSON these can only occur inside strings, where
# "\u007b" is the same character.
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def safe_json(data) -> str:
    """JSON that can sit inside a <script> element and pass through branca's templates."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _JINJA_OPEN.sub(r"\\u007b", text)


# Polygons may come as ``g``: polygons of rings encoded by geo.display (delta-encoded
# integers of 1e-4 degrees, the polyline algorithm); this turns them back into GeoJSON.
DECODER = """
var mqDecode = window.mqDecode || (window.mqDecode = function (fc) {
  function ring(s) {
    var out = [], vals = [], shift = 0, res = 0, i, b, x = 0, y = 0;
    for (i = 0; i < s.length; i++) {
      b = s.charCodeAt(i) - 63; res |= (b & 31) << shift; shift += 5;
      if (b < 32) { vals.push(res & 1 ? ~(res >> 1) : res >> 1); shift = 0; res = 0; }
    }
    for (i = 0; i < vals.length; i += 2) {
      x += vals[i]; y += vals[i + 1]; out.push([x / 1e4, y / 1e4]);
    }
    return out;
  }
  fc.features.forEach(function (f) {
    if (f.g) {
      f.geometry = {type: "MultiPolygon", coordinates: f.g.map(function (p) {
        return p.map(ring); })};
      delete f.g;
    }
  });
  return fc;
});
"""


class RawScript(Element):
    """Script text already rendered: written out as it is, never parsed as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class DataMacro(MacroElement):
    """A MacroElement whose script joins the page as :class:`RawScript`.

    branca would compile the rendered script as a Jinja template: for a layer carrying
    tens of kilobytes of features that is most of the time a map takes to render.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("a map layer can only be rendered inside a Figure")
        script = self._template.module.__dict__["script"]
        figure.script.add_child(RawScript(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


def feature_collection(features: list[dict]) -> str:
    """Features as the script-safe JSON a :class:`VectorLayer` draws."""
    return safe_json({"type": "FeatureCollection", "features": features})


class VectorLayer(DataMacro):
    """Features drawn by Leaflet; ``kind`` is ``"polygon"``, ``"circle"`` or ``"label"``.

    Each feature's properties: ``c`` fill colour, ``t`` tooltip HTML, ``p`` popup HTML
    (optional), ``r`` radius for circles, ``id`` the unit or town id, ``f`` set on the
    feature in focus.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.decoder }}
var {{ this.get_name() }} = L.geoJson(mqDecode({{ this.data }}), {
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
        features: list[dict] | str,
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
        self.decoder = DECODER
        self.css_class = css_class
        self.stroke, self.weight, self.opacity = stroke, weight, opacity
        # Already serialised features (from feature_collection) are taken as they are.
        self.data = features if isinstance(features, str) else feature_collection(features)
