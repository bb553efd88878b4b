"""The legend, built from the same classes as the fills, drawn as a Leaflet control.

It is wrapped in a layer so that it comes and goes with the view's layers: the app
swaps those layers on a filter change without rebuilding the map.
"""

from __future__ import annotations

from jinja2 import Template

from geo.classify import Classification
from geo.describe import class_label
from geo.indicators import Indicator
from layers.escape import esc
from layers.vector import DataMacro, safe_json


def legend_html(
    classification: Classification,
    indicator: Indicator,
    lang: str,
    town_title: str = "",
    town_entries: list[tuple[str, str]] = (),
    note: str = "",
) -> str:
    """Legend markup: indicator classes, then the town colours; every text escaped."""
    rows = "".join(
        f'<div class="mq-row"><i class="mq-swatch mq-{c.kind}" style="background:{esc(c.colour)}">'
        f"</i>{esc(class_label(c, indicator, lang))}</div>"
        for c in classification.classes
    )
    html = f'<div class="mq-legend-title">{esc(indicator.label(lang))}</div>{rows}'
    if town_entries:
        html += f'<div class="mq-legend-title">{esc(town_title)}</div>'
        html += "".join(
            f'<div class="mq-row"><i class="mq-dot" style="background:{esc(colour)}"></i>'
            f"{esc(text)}</div>"
            for text, colour in town_entries
        )
    if note:
        html += f'<div class="mq-note">{esc(note)}</div>'
    return html


class Legend(DataMacro):
    """A bottom-right control holding ``html`` (already escaped), and the data's attribution."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
{{ this.get_name() }}.control = L.control({position: "{{ this.position }}"});
{{ this.get_name() }}.control.onAdd = function () {
  var div = L.DomUtil.create("div", "mq-legend");
  div.innerHTML = {{ this.html }};
  L.DomEvent.disableClickPropagation(div);
  return div;
};
{{ this.get_name() }}.onAdd = function (map) {
  this.control.addTo(map);
  if (map.attributionControl) { map.attributionControl.addAttribution({{ this.attribution }}); }
};
{{ this.get_name() }}.onRemove = function (map) {
  this.control.remove();
  if (map.attributionControl) { map.attributionControl.removeAttribution({{ this.attribution }}); }
};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, html: str, attribution: str = "", position: str = "bottomright") -> None:
        super().__init__()
        self._name = "legend"
        self.html = safe_json(html)
        self.attribution = safe_json(esc(attribution))
        self.position = position
