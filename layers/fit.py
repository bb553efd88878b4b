"""Fit the map to a view in the browser, where the map's real size is known.

The server cannot know how wide the reader's map is (the page stretches it), so a zoom
chosen there is too small on a wide screen and too large on a narrow one. This element
fits the bounds once per ``key`` (vintage, unit, town): a filter or language change keeps
whatever the reader has panned to, a new unit or vintage fits again.
"""

from __future__ import annotations

from jinja2 import Template

from layers.vector import DataMacro, safe_json

PADDING_PX = 16


class FitView(DataMacro):
    """Fit the parent group's map to ``bounds`` ([[south, west], [north, east]]), beside the
    legend; or centre it on ``point`` ([lat, lon]) at ``zoom``."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.once("add", function (e) {
  var map = e.target._map;
  if (!map || map._mqFitKey === {{ this.key }}) { return; }
  map._mqFitKey = {{ this.key }};
  {%- if this.point %}
  map.setView({{ this.point }}, {{ this.zoom }}, {animate: false});
  {%- else %}
  var legend = map.getContainer().querySelector(".mq-legend");
  var pad = {{ this.pad }};
  var right = legend && legend.offsetWidth ? legend.offsetWidth + 2 * pad : pad;
  map.fitBounds({{ this.bounds }}, {paddingTopLeft: [pad, pad], paddingBottomRight: [right, pad],
                animate: false});
  {%- endif %}
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
