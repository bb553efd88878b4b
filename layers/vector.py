"""A lean Leaflet layer over inline GeoJSON: only the properties the view needs.

folium's GeoJson embeds per-feature style tables and unescaped tooltips; this layer
carries pre-escaped HTML for tooltips and popups and a colour per feature, nothing else.
The browser draws it with ``mqVector`` (``vector.js`` beside this module), which the map
carries once (:class:`layers.interaction.MapBehaviour`).
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
var {{ this.get_name() }} = mqVector({{ this.options }}, {{ this.data }})
  .addTo({{ this._parent.get_name() }});
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
        self.css_class = css_class
        self.stroke, self.weight, self.opacity = stroke, weight, opacity
        self.options = safe_json(
            {
                "kind": kind,
                "className": css_class,
                "stroke": stroke,
                "weight": weight,
                "opacity": opacity,
            }
        )
        # Already serialised features (from feature_collection) are taken as they are.
        self.data = features if isinstance(features, str) else feature_collection(features)
