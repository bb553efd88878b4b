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
    # "<!--" inside a script changes where the HTML parser ends it (the end tag is then
    # skipped past a later "<script"): a block must end where its hash was taken.
    text = text.replace("<!--", "\\u003c!--")
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
    if (fc.cites) { f.cites = fc.cites; }  // the popups' shared sources (a reference)
    if (f.g) {
      f.geometry = {type: "MultiPolygon", coordinates: f.g.map(function (p) {
        return p.map(ring); })};
      delete f.g;
    }
  });
  return fc;
});
"""


# A popup whose sources are listed by place in the layer's shared list (layers.towns) gets
# them when it opens; the items are escaped HTML made by the server.
POPUP = """
var mqPopup = window.mqPopup || (window.mqPopup = function (f) {
  var html = f.properties.p, cites = f.cites;
  if (!cites || html.indexOf('class="mq-cite"') < 0) { return html; }
  return function () {
    return html.replace(/<ol class="mq-cite" data-cite="([0-9 ]*)"><\\/ol>/, function (m, places) {
      return "<ol>" + places.split(" ").map(function (i) { return cites[+i] || ""; }).join("")
        + "</ol>";
    });
  };
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
    """Features drawn by Leaflet; ``kind`` is ``"polygon"`` or ``"circle"`` (labels are
    :class:`layers.labels.LabelLayer`).

    Each feature's properties: ``c`` fill colour, ``t`` tooltip HTML, ``p`` popup HTML
    (optional), ``r`` radius for circles, ``id`` the unit or town id, ``f`` set on the
    feature in focus, ``n`` on a unit with no data (hatched).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.decoder }}
{{ this.popup }}
var {{ this.get_name() }} = L.geoJson(mqDecode({{ this.data }}), {
  {%- if this.kind == "circle" %}
  pointToLayer: function (f, ll) {
    return L.circleMarker(ll, {radius: f.properties.r});
  },
  {%- endif %}
  style: function (f) {
    // A focused feature (f) gets a dark outline, so the chosen unit stands out; a unit
    // with no data (n) is hatched.
    return {fillColor: f.properties.n ? "url(#mq-hatch)" : f.properties.c,
            fillOpacity: {{ this.opacity }},
            color: f.properties.f ? "#1d1d1d" : "{{ this.stroke }}",
            weight: f.properties.f ? {{ this.weight }} * 2.5 : {{ this.weight }},
            className: "{{ this.css_class }}" + (f.properties.f ? " mq-focus" : "")};
  },
  onEachFeature: function (f, layer) {
    layer.bindTooltip(f.properties.t, {sticky: {{ this.sticky }}});
    if (f.properties.p) { layer.bindPopup(mqPopup(f), {maxWidth: 320}); }
  }
}).addTo({{ this._parent.get_name() }});
{%- if this.kind == "circle" %}
(function (group) {
  // Circles shrink on a narrow map (window.mqTownScale); a click opens the town whose
  // centre is nearest, not the small circle drawn on top of a large town's centre.
  group.on("add", function () {
    var map = group._map, k = window.mqTownScale ? window.mqTownScale(map) : 1;
    group.eachLayer(function (l) { l.setRadius(l.feature.properties.r * k); });
  });
  function nearest(e) {
    // Not e.containerPoint: Leaflet gives a small circle's centre there, not the pointer.
    var map = group._map, best = e.target, bestD = Infinity;
    if (!map || !e.originalEvent || e.originalEvent.clientX === undefined) { return best; }
    var at = map.mouseEventToContainerPoint(e.originalEvent);
    group.eachLayer(function (l) {
      var d = map.latLngToContainerPoint(l.getLatLng()).distanceTo(at);
      if (d <= l.getRadius() + 2 && d < bestD) { best = l; bestD = d; }
    });
    return best;
  }
  group.eachLayer(function (l) {
    if (!l.getPopup()) { return; }
    l.off("click", l._openPopup, l);
    l.on("click", function (e) { nearest(e).openPopup(); });
  });
})({{ this.get_name() }});
{%- endif %}
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
        self.popup = POPUP
        self.css_class = css_class
        self.stroke, self.weight, self.opacity = stroke, weight, opacity
        # Already serialised features (from feature_collection) are taken as they are.
        self.data = features if isinstance(features, str) else feature_collection(features)
