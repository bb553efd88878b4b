"""How the map behaves under a reader's hands, the same in the app and in every embed.

- The page scrolls over the map: the wheel zooms only after a click in the map (and until
  the pointer leaves it); until then a hint says so. Buttons, pinch, the keyboard and a
  trackpad's pinch (ctrl + wheel) always zoom.
- Maps narrower than :data:`NARROW_PX` get the class ``mq-narrow``: the legend folds into
  a button, the attribution into an "i" that opens it, so neither covers the map.
- The scale bar is metric only.
- Units with no data are hatched, as on the briefings (an SVG pattern, one per page).
- Town circles shrink with a narrow map (to half at most), so on a phone they do not bury
  the units; :func:`mqTownScale` gives the factor to the label placement too.

The texts these controls show come with the view's legend (``map._mqText``), so they follow
the language while the map itself, which the app keeps across views, stays the same.
"""

from __future__ import annotations

from jinja2 import Template

from geo.classify import NO_DATA_COLOUR
from layers.placement import PLACEMENT_JS
from layers.vector import DataMacro

NARROW_PX = 720
# Circle sizes are made for a map about this wide; narrower maps scale them down.
FULL_SIZE_PX = 900

BEHAVIOUR_JS = """
(function (map) {
  var box = map.getContainer(), NARROW = __NARROW__;
  window.mqTownScale = window.mqTownScale || function (m) {
    return Math.max(0.5, Math.min(1, m.getSize().x / __FULL__));
  };
  // Whether Leaflet's stylesheet applies yet (the app loads it after the map's script):
  // sizes and places measured before it are wrong.
  window.mqStyled = window.mqStyled || function (m) {
    return window.getComputedStyle(m.getPane("mapPane")).position === "absolute";
  };
  window.mqWhenStyled = window.mqWhenStyled || function (m, fn, tries) {
    if (window.mqStyled(m) || (tries || 0) > 600) { fn(); return; }
    L.Util.requestAnimFrame(function () { window.mqWhenStyled(m, fn, (tries || 0) + 1); });
  };
  if (!document.getElementById("mq-hatch")) {
    var defs = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    defs.setAttribute("width", "0"); defs.setAttribute("height", "0");
    defs.setAttribute("aria-hidden", "true");
    defs.style.position = "absolute";
    defs.innerHTML = '<defs><pattern id="mq-hatch" patternUnits="userSpaceOnUse" width="6"'
      + ' height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="__NODATA__"/>'
      + '<rect width="2.2" height="6" fill="#ffffff"/></pattern></defs>';
    document.body.appendChild(defs);
  }
  function text(key) { return (map._mqText && map._mqText[key]) || ""; }

  // The wheel: asleep until a click in the map, asleep again when the pointer leaves.
  map.scrollWheelZoom.disable();
  var hint = L.DomUtil.create("div", "mq-scroll-hint", box), hintTimer = null;
  hint.setAttribute("aria-hidden", "true");
  map.on("click", function () {
    map.scrollWheelZoom.enable();
    L.DomUtil.removeClass(hint, "mq-show");
  });
  box.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
  box.addEventListener("wheel", function (e) {
    if (map.scrollWheelZoom.enabled()) { return; }
    if (e.ctrlKey) {  // a trackpad's pinch: zoom the map, not the page
      e.preventDefault();
      map.setZoomAround(map.mouseEventToContainerPoint(e), map.getZoom() - e.deltaY / 100);
      return;
    }
    hint.textContent = text("scroll");
    if (!hint.textContent) { return; }
    L.DomUtil.addClass(hint, "mq-show");
    clearTimeout(hintTimer);
    hintTimer = setTimeout(function () { L.DomUtil.removeClass(hint, "mq-show"); }, 1600);
  }, {passive: false});

  // A popup takes at most about half the map: its facts and sources scroll inside it, so
  // opening one does not pan the town (and its neighbours) away.
  map.on("popupopen", function (e) {
    var room = Math.max(140, Math.round(map.getSize().y * 0.55));
    if (e.popup.options.maxHeight !== room) {
      e.popup.options.maxHeight = room;
      e.popup.update();
    }
  });

  // Narrow maps: the attribution folds into an "i" that opens it.
  var attribution = map.attributionControl && map.attributionControl.getContainer();
  function fold(on) {
    if (!attribution) { return; }
    L.DomUtil[on ? "addClass" : "removeClass"](attribution, "mq-compact");
    if (on) {
      attribution.setAttribute("tabindex", "0");
      attribution.setAttribute("role", "button");
      attribution.setAttribute("aria-label", text("attribution"));
      attribution.setAttribute("aria-expanded",
        String(L.DomUtil.hasClass(attribution, "mq-open")));
    } else {
      ["tabindex", "role", "aria-label", "aria-expanded"].forEach(function (a) {
        attribution.removeAttribute(a);
      });
    }
  }
  function toggle(e) {
    if (!L.DomUtil.hasClass(attribution, "mq-compact")) { return; }
    if (e.target && e.target.closest && e.target.closest("a")
        && L.DomUtil.hasClass(attribution, "mq-open")) { return; }  // a link is followed
    var open = !L.DomUtil.hasClass(attribution, "mq-open");
    L.DomUtil[open ? "addClass" : "removeClass"](attribution, "mq-open");
    attribution.setAttribute("aria-expanded", String(open));
    e.preventDefault();
  }
  if (attribution) {
    attribution.addEventListener("click", toggle);
    attribution.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { toggle(e); }
    });
  }
  function measure() {
    var width = map.getSize().x, narrow = width < NARROW;
    L.DomUtil[narrow ? "addClass" : "removeClass"](box, "mq-narrow");
    fold(narrow);
    // The credit wraps beside the scale bar (bottom left), never over it; the legend
    // scrolls inside the map rather than run off its top.
    if (attribution) { attribution.style.maxWidth = Math.max(120, width - 150) + "px"; }
    var legend = box.querySelector(".mq-legend");
    if (legend) { legend.style.maxHeight = Math.max(120, map.getSize().y - 70) + "px"; }
  }
  map.on("resize mqtext", measure);
  window.mqWhenStyled(map, measure);
})(__MAP__);
"""


class MapBehaviour(DataMacro):
    """The behaviours of the module's notes, and the label placement's code, on one map."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.library }}
{{ this.behaviour }}
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "behaviour"
        self.library = PLACEMENT_JS

    @property
    def behaviour(self) -> str:
        return (
            BEHAVIOUR_JS.replace("__NARROW__", str(NARROW_PX))
            .replace("__FULL__", str(FULL_SIZE_PX))
            .replace("__NODATA__", NO_DATA_COLOUR)
            .replace("__MAP__", self._parent.get_name())
        )


class MetricScale(DataMacro):
    """A scale bar in kilometres only (Leaflet's default adds miles)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
L.control.scale({imperial: false, maxWidth: 110}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "scale"
