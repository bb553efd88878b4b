"""Fit the map to a view in the browser, where the map's real size is known.

The server cannot know how wide the reader's map is (the page stretches it), so a zoom
chosen there is too small on a wide screen and too large on a narrow one. This element
fits the bounds once per ``key`` (vintage, unit, town): a filter or language change keeps
whatever the reader has panned to, a new unit or vintage fits again.
"""

from __future__ import annotations

from jinja2 import Template

from layers.interaction import NARROW_PX
from layers.vector import DataMacro, safe_json

PADDING_PX = 16


class FitView(DataMacro):
    """Fit the parent group's map to ``bounds`` ([[south, west], [north, east]]), beside the
    legend; or centre it on ``point`` ([lat, lon]) at ``zoom``, open the popup of the town
    in focus there and scroll the app's page to the map."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.once("add", function (e) {
  var group = e.target, map = group._map;
  if (!map || map._mqFitKey === {{ this.key }}) { return; }
  map._mqFitKey = {{ this.key }};
  // Sizes are read once Leaflet's stylesheet applies (the app loads it after the map).
  (window.mqWhenStyled || function (m, fn) { fn(); })(map, function () {
    map.invalidateSize(false);
    {%- if this.point %}
    map.setView({{ this.point }}, {{ this.zoom }}, {animate: false});
    // The town picked in the table: its popup opens, and the page brings the map into view.
    group.eachLayer(function (layer) {
      if (!layer.eachLayer) { return; }
      layer.eachLayer(function (l) {
        if (l.feature && l.feature.properties.f && l.getLatLng && l.getPopup()) {
          l.openPopup();
        }
      });
    });
    try {
      // Centred: the page's own header covers the top of the screen.
      if (window.frameElement) { window.frameElement.scrollIntoView({block: "center"}); }
    } catch (err) { /* a host page of another origin: nothing to scroll */ }
    {%- else %}
    // Beside the legend on a wide map; on a narrow one the legend is a button under the
    // country, and the country fills the map's width.
    var box = map.getContainer(), pad = {{ this.pad }};
    var narrow = map.getSize().x < {{ this.narrow }};
    var legend = box.querySelector(".mq-legend");
    var right = !narrow && legend && legend.offsetWidth ? legend.offsetWidth + 2 * pad : pad;
    var toggle = legend && legend.querySelector(".mq-legend-toggle");
    var bottom = narrow && toggle ? toggle.offsetHeight + 2 * pad : pad;
    map.fitBounds({{ this.bounds }}, {paddingTopLeft: [pad, pad],
                  paddingBottomRight: [right, bottom], animate: false});
    {%- endif %}
  });
});
{% endmacro %}
"""
    )

    def __init__(
        self,
        key: str,
        bounds: list[list[float]] | None = None,
        point: list[float] | None = None,
        zoom: float = 8.0,
    ) -> None:
        super().__init__()
        self._name = "fit_view"
        if (bounds is None) == (point is None):
            raise ValueError("give either bounds or a point")
        self.key = safe_json(key)
        self.bounds = safe_json(bounds) if bounds is not None else ""
        self.point = safe_json(point) if point is not None else ""
        self.zoom = float(zoom)
        self.pad = PADDING_PX
        self.narrow = NARROW_PX
