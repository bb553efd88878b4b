"""How the map behaves under a reader's hands, the same in the app and in every embed.

- The page scrolls over the map: the wheel zooms only after a click in the map (and until
  the pointer leaves it); until then a hint says so. Buttons, pinch, the keyboard and a
  trackpad's pinch (ctrl + wheel) always zoom.
- Maps narrower than :data:`NARROW_PX` get the class ``mq-narrow``: the legend folds into
  a button, the attribution into an "i" that opens it, so neither covers the map.
- The scale bar is metric only.
- A press in the map focuses it without scrolling the page: a map partly below the fold
  stays where it is, and the click lands on the unit that was pressed.
- On a narrow map the opened legend fits above its button and closes on a tap in the map
  (:mod:`layers.legend`).
- Units with no data are hatched, as on the briefings (an SVG pattern, one per page).
- Town circles shrink with a narrow map (to half at most), so on a phone they do not bury
  the units; :func:`mqTownScale` gives the factor to the label placement too.

The texts these controls show come with the view's legend (``map._mqText``), so they follow
the language while the map itself, which the app keeps across views, stays the same. The
code is ``interaction.js`` beside this module.
"""

from __future__ import annotations

from jinja2 import Template

from geo.classify import NO_DATA_COLOUR
from layers.browser import script
from layers.vector import DataMacro, safe_json

NARROW_PX = 720
# Circle sizes are made for a map about this wide; narrower maps scale them down.
FULL_SIZE_PX = 900

# The map's scripts, each beside the module that describes it; the base map carries them
# once (the app keeps the map across views and sends only the view's layers, which call
# these), in the order they build on each other.
LIBRARY = ("vector.js", "placement.js", "legend.js", "fit.js", "interaction.js")


class MapBehaviour(DataMacro):
    """The behaviours of the module's notes, and the code every layer of the map calls."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.library }}
mqBehave({{ this._parent.get_name() }}, {{ this.options }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "behaviour"
        self.library = script("layers", *LIBRARY)
        self.options = safe_json(
            {"narrow": NARROW_PX, "full": FULL_SIZE_PX, "noData": NO_DATA_COLOUR}
        )
