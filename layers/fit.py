"""Fit the map to a view in the browser, where the map's real size is known.

The server cannot know how wide the reader's map is (the page stretches it), so a zoom
chosen there is too small on a wide screen and too large on a narrow one. This element
fits the bounds once per ``key`` (vintage, unit, town): a filter or language change keeps
whatever the reader has panned to, a new unit or vintage fits again. The code is
``fit.js`` beside this module.
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
mqFit({{ this._parent.get_name() }}, {{ this.options }});
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
        self.options = safe_json(
            {
                "key": key,
                "bounds": bounds,
                "point": point,
                "zoom": float(zoom),
                "pad": PADDING_PX,
                "narrow": NARROW_PX,
            }
        )
