"""Label placement in the browser, where the labels' real sizes, the map's size and its zoom
are known (the briefings place theirs in :mod:`export.page.placement`, with the same rules).

Labels are placed in order of priority (``o``, lowest first), each at its first free spot:
inside the map, clear of the labels placed before it and of the map's controls (zoom
buttons, legend, scale, attribution), and preferably clear of the town circles. A unit label
tries its spots (the deepest points inside the unit, best first), first with its name, then
with its value alone; a town or city label tries the eight spots around its point. A label
with no free spot is hidden: on a small map the labels thin out by priority, never pile up.
Town labels beyond the largest towns appear once the map is zoomed in (or in a unit's view).

The placement runs after every zoom, pan and resize; ``map._mqLayouts`` counts the runs and
``map._mqLayoutPending`` is true while one is due, for tests to wait on.
"""

from __future__ import annotations

PLACEMENT_JS = """
window.MqLabels = window.MqLabels || L.Layer.extend({
  options: {allTowns: false, country: null, zoomIn: 1.25},
  initialize: function (fc, options) {
    L.setOptions(this, options);
    this._features = fc.features;
  },
  onAdd: function (map) {
    if (!map.getPane("mqLabels")) {
      var pane = map.createPane("mqLabels");
      pane.style.zIndex = 450;
      pane.style.pointerEvents = "none";
    }
    this._box = L.DomUtil.create("div", "mq-labels", map.getPane("mqLabels"));
    this._items = this._features.map(function (f) {
      var p = f.properties, el = L.DomUtil.create("div", "mq-label mq-" + p.k, this._box);
      el.innerHTML = p.t;
      var spots = (p.a || [f.geometry.coordinates]).map(function (c) {
        return L.latLng(c[1], c[0]);
      });
      return {p: p, el: el, spots: spots, size: null};
    }, this);
    this._items.sort(function (a, b) { return a.p.o - b.p.o; });
    map.on("zoomend moveend resize mqlayout", this._schedule, this);
    map.on("zoomstart", this._zooming, this);
    this._schedule();
  },
  onRemove: function (map) {
    map.off("zoomend moveend resize mqlayout", this._schedule, this);
    map.off("zoomstart", this._zooming, this);
    if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
    map._mqLayoutPending = false;
    L.DomUtil.remove(this._box);
  },
  _zooming: function () { L.DomUtil.addClass(this._box, "mq-zooming"); },
  _schedule: function () {
    if (!this._map || this._frame) { return; }
    this._map._mqLayoutPending = true;
    this._frame = L.Util.requestAnimFrame(function () {
      this._frame = null;
      this.layout();
    }, this);
  },
  _measure: function (it) {
    if (it.size && it.size.full[0]) { return; }
    var el = it.el;
    L.DomUtil.removeClass(el, "mq-hidden");
    L.DomUtil.removeClass(el, "mq-short");
    var full = [el.offsetWidth, el.offsetHeight], short = null;
    if (it.p.k === "unit") {
      L.DomUtil.addClass(el, "mq-short");
      short = [el.offsetWidth, el.offsetHeight];
      L.DomUtil.removeClass(el, "mq-short");
    }
    it.size = {full: full, short: short};
  },
  layout: function () {
    var map = this._map;
    if (!map) { return; }
    // In the app Leaflet's stylesheet arrives after the layers: until it applies, controls
    // and panes sit in the page's flow and nothing measured is where it will be drawn.
    if (window.mqStyled && !window.mqStyled(map) && (this._waits = (this._waits || 0) + 1) < 600) {
      this._schedule();
      return;
    }
    L.DomUtil.removeClass(this._box, "mq-zooming");
    var size = map.getSize(), container = map.getContainer(), PAD = 3, EDGE = 2;
    var origin = container.getBoundingClientRect();
    function rel(r, pad) {
      return {x0: r.left - origin.left - pad, y0: r.top - origin.top - pad,
              x1: r.right - origin.left + pad, y1: r.bottom - origin.top + pad};
    }
    function area(a, b) {
      var w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      var h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      return w > 0 && h > 0 ? w * h : 0;
    }
    var hard = [], circles = [];
    container.querySelectorAll(".leaflet-control, .mq-scroll-hint.mq-show").forEach(
      function (c) {
        var r = c.getBoundingClientRect();
        if (r.width && r.height) { hard.push(rel(r, PAD)); }
      });
    container.querySelectorAll("path.mq-town").forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width) { circles.push(rel(r, 1)); }
    });
    var k = window.mqTownScale ? window.mqTownScale(map) : 1;
    var country = this.options.country;
    var closer = this.options.allTowns
      || (country && map.getZoom() >= map.getBoundsZoom(country) + this.options.zoomIn);
    function free(b) {
      if (b.x0 < EDGE || b.y0 < EDGE || b.x1 > size.x - EDGE || b.y1 > size.y - EDGE) {
        return -1;
      }
      for (var i = 0; i < hard.length; i++) { if (area(b, hard[i]) > 0) { return -1; } }
      var cost = 0;
      for (var j = 0; j < circles.length; j++) { cost += area(b, circles[j]); }
      return cost;
    }
    function around(c, r, w, h) {  // the eight spots around a point, right first
      var g = r + 3, d = g * 0.72, out = [];
      [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]].forEach(
        function (s) {
          var gx = s[1] ? d : g, gy = s[0] ? d : g;
          var x0 = s[0] > 0 ? c.x + gx : s[0] < 0 ? c.x - gx - w : c.x - w / 2;
          var y0 = s[1] > 0 ? c.y + gy : s[1] < 0 ? c.y - gy - h : c.y - h / 2;
          out.push({x0: x0, y0: y0, x1: x0 + w, y1: y0 + h});
        });
      return out;
    }
    var placed = 0;
    this._items.forEach(function (it) { this._measure(it); }, this);
    this._items.forEach(function (it) {
      var p = it.p, el = it.el, best = null, form = null;
      var wanted = p.k !== "town" || p.w || p.f || closer;
      var forms = p.k === "unit" ? ["full", "short"] : ["full"];
      for (var f = 0; wanted && f < forms.length && !best; f++) {
        var wh = it.size[forms[f]];
        if (!wh || !wh[0]) { continue; }
        var boxes = [];
        if (p.k === "unit") {
          it.spots.forEach(function (s) {
            var c = map.latLngToContainerPoint(s);
            boxes.push({x0: c.x - wh[0] / 2, y0: c.y - wh[1] / 2,
                        x1: c.x + wh[0] / 2, y1: c.y + wh[1] / 2});
          });
        } else {
          var c = map.latLngToContainerPoint(it.spots[0]);
          boxes = around(c, (p.r || 2) * (p.k === "town" ? k : 1), wh[0], wh[1]);
        }
        for (var b = 0; b < boxes.length; b++) {
          var own = p.k === "town" ? boxes[b] : null, cost = free(boxes[b]);
          if (cost < 0) { continue; }
          if (own) {  // the town's own circle does not count against its label
            var ring = map.latLngToContainerPoint(it.spots[0]), rr = (p.r || 2) * k + 1;
            cost -= area(boxes[b], {x0: ring.x - rr, y0: ring.y - rr,
                                    x1: ring.x + rr, y1: ring.y + rr});
          }
          if (!best || cost < best.cost) { best = {box: boxes[b], cost: cost}; form = forms[f]; }
          if (cost <= 0) { break; }
        }
      }
      if (!best) {
        L.DomUtil.addClass(el, "mq-hidden");
        return;
      }
      L.DomUtil.removeClass(el, "mq-hidden");
      L.DomUtil[form === "short" ? "addClass" : "removeClass"](el, "mq-short");
      L.DomUtil.setPosition(el, map.containerPointToLayerPoint([best.box.x0, best.box.y0]));
      hard.push({x0: best.box.x0 - PAD, y0: best.box.y0 - PAD,
                 x1: best.box.x1 + PAD, y1: best.box.y1 + PAD});
      placed += 1;
    }, this);
    map._mqLayouts = (map._mqLayouts || 0) + 1;
    map._mqLayoutPending = false;
    map.fire("mqlabelled", {placed: placed});
  }
});
"""
