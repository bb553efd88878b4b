/*
 * Label placement in the browser, where the labels' real sizes, the map's size and its
 * zoom are known (layers/placement.py describes the rules; the briefings place theirs in
 * export.page.placement).
 *
 * Labels are placed in order of priority (o, lowest first), each at its first free spot.
 * A spot is free when it is inside the map, clear of the labels placed before it and of
 * the map's controls, and clear of every town circle but the label's own: a label never
 * sits on another feature. A unit label also lies inside its own unit; it tries its spots
 * (the deepest points inside the unit, best first) with its name, then with its value
 * alone. A town or city label tries the spots around its point, nearest first; a town's
 * label may then stand a little further off, tied to its circle by a leader line that
 * crosses no other circle or label (a cluster of towns). A label with no free spot is hidden: on a small map the labels thin out by priority, never pile up or
 * stray onto a neighbour.
 *
 * Each label's element carries data-id (the feature's id). The placement runs after every
 * zoom, pan and resize; map._mqLayouts counts the runs and map._mqLayoutPending is true
 * while one is due, for tests to wait on.
 */

// Geometry of boxes {x0, y0, x1, y1} and circles {x, y, r} in container pixels.
window.mqGeometry = window.mqGeometry || {
  area: function (a, b) {
    var w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
    var h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
    return w > 0 && h > 0 ? w * h : 0;
  },
  // Whether a box and a circle share any pixel (the box's nearest point to the centre).
  touches: function (b, c) {
    var dx = Math.max(b.x0 - c.x, 0, c.x - b.x1), dy = Math.max(b.y0 - c.y, 0, c.y - b.y1);
    return dx * dx + dy * dy < c.r * c.r;
  },
  // Even-odd rule over every ring: holes and several parts need nothing more.
  inside: function (rings, x, y) {
    var hit = false;
    for (var r = 0; r < rings.length; r++) {
      var ring = rings[r];
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a.y > y) !== (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) {
          hit = !hit;
        }
      }
    }
    return hit;
  },
  // Points of a box a unit label must keep inside its unit: along its middle line, from
  // end to end (a corner may cut a border's bend; the text's run may not cross it).
  samples: function (b) {
    var ym = (b.y0 + b.y1) / 2, out = [];
    for (var i = 0; i <= 4; i++) { out.push([b.x0 + (b.x1 - b.x0) * i / 4, ym]); }
    return out;
  }
};

window.MqLabels = window.MqLabels || L.Layer.extend({
  // allTowns: label every town (a unit's view); country: the bounds against which "zoomed
  // in" is measured; zoomIn: how much closer than the country's fit that is.
  options: {allTowns: false, country: null, zoomIn: 1.25},
  PAD: 3,  // px kept between a label and another label or a control
  EDGE: 2,  // px kept from the map's edge
  GAP: 3,  // px between a circle and its label
  CLEAR: 1.5,  // px a label keeps from another town's circle (its halo)
  LEAD: 12,  // px further out a town's label may stand, tied to its circle by a leader

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
      el.innerHTML = p.t;  // escaped by the server (layers.labels)
      el.setAttribute("data-id", p.id);
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
    if (this._frame) {
      L.Util.cancelAnimFrame(this._frame);
      this._frame = null;
    }
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

  // The town circles (container pixels, halo included) and the units' outlines by id.
  _obstacles: function (map) {
    var circles = [], rings = {}, offset = map.layerPointToContainerPoint([0, 0]);
    map.eachLayer(function (l) {
      var f = l.feature;
      if (!f || !f.properties) { return; }
      if (l.getRadius) {
        var c = map.latLngToContainerPoint(l.getLatLng());
        var stroke = (l.options.weight || 0) / 2;
        circles.push({x: c.x, y: c.y, r: l.getRadius() + stroke, id: f.properties.id});
      } else if (l._parts) {  // the rings as drawn (projected, clipped), in layer pixels
        rings[f.properties.id] = l._parts.map(function (ring) {
          return ring.map(function (p) { return {x: p.x + offset.x, y: p.y + offset.y}; });
        });
      }
    });
    return {circles: circles, rings: rings};
  },

  // Boxes of a w x h label around a circle of radius r at c, nearest first: right, left,
  // above, below, then the diagonals.
  _around: function (c, r, w, h) {
    var g = r + this.GAP, d = g * 0.72, out = [];
    [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]].forEach(
      function (s) {
        var gx = s[1] ? d : g, gy = s[0] ? d : g;
        var x0 = s[0] > 0 ? c.x + gx : s[0] < 0 ? c.x - gx - w : c.x - w / 2;
        var y0 = s[1] > 0 ? c.y + gy : s[1] < 0 ? c.y - gy - h : c.y - h / 2;
        out.push({x0: x0, y0: y0, x1: x0 + w, y1: y0 + h});
      });
    return out;
  },

  // Draw (or hide) the leader of a label placed off its circle: a line in the labels'
  // pane, from the circle's edge to the label.
  _leader: function (it, line) {
    if (!line) {
      if (it.line) { L.DomUtil.addClass(it.line, "mq-hidden"); }
      return;
    }
    if (!it.line) {
      it.line = L.DomUtil.create("div", "mq-leader", this._box);
      it.line.setAttribute("data-id", it.p.id);
    }
    var from = this._map.containerPointToLayerPoint([line.from.x, line.from.y]);
    var dx = line.to.x - line.from.x, dy = line.to.y - line.from.y;
    it.line.style.width = Math.sqrt(dx * dx + dy * dy).toFixed(1) + "px";
    it.line.style.transform = "translate(" + from.x.toFixed(1) + "px," + from.y.toFixed(1)
      + "px) rotate(" + Math.atan2(dy, dx).toFixed(4) + "rad)";
    L.DomUtil.removeClass(it.line, "mq-hidden");
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
    var geo = window.mqGeometry, self = this;
    var size = map.getSize(), origin = map.getContainer().getBoundingClientRect();
    var hard = [];
    map.getContainer().querySelectorAll(".leaflet-control, .mq-scroll-hint.mq-show").forEach(
      function (c) {
        var r = c.getBoundingClientRect();
        if (r.width && r.height) {
          hard.push({x0: r.left - origin.left - self.PAD, y0: r.top - origin.top - self.PAD,
            x1: r.right - origin.left + self.PAD, y1: r.bottom - origin.top + self.PAD});
        }
      });
    var found = this._obstacles(map), circles = found.circles;
    var k = window.mqTownScale ? window.mqTownScale(map) : 1;
    var country = this.options.country;
    var closer = this.options.allTowns
      || (country && map.getZoom() >= map.getBoundsZoom(country) + this.options.zoomIn);

    function free(b, id, rings) {
      if (b.x0 < self.EDGE || b.y0 < self.EDGE || b.x1 > size.x - self.EDGE
          || b.y1 > size.y - self.EDGE) {
        return false;
      }
      for (var i = 0; i < hard.length; i++) { if (geo.area(b, hard[i]) > 0) { return false; } }
      for (var j = 0; j < circles.length; j++) {
        var c = circles[j];
        if (c.id !== id && geo.touches(b, {x: c.x, y: c.y, r: c.r + self.CLEAR})) {
          return false;
        }
      }
      if (rings) {
        var points = geo.samples(b);
        for (var s = 0; s < points.length; s++) {
          if (!geo.inside(rings, points[s][0], points[s][1])) { return false; }
        }
      }
      return true;
    }

    // A leader's points, every 2 px from the circle's edge to the label's nearest point;
    // it may cross no other circle and no label or control. A circle buried under others
    // (overlap: the circles overlapping it) is reached at its centre, across those.
    function leader(c, b, id, overlap) {
      var qx = Math.max(b.x0, Math.min(c.x, b.x1)), qy = Math.max(b.y0, Math.min(c.y, b.y1));
      var dx = qx - c.x, dy = qy - c.y, d = Math.sqrt(dx * dx + dy * dy);
      if (d <= c.r) { return null; }
      var start = overlap ? 0 : c.r + 1;
      var from = {x: c.x + dx / d * start, y: c.y + dy / d * start};
      var to = {x: qx - dx / d, y: qy - dy / d}, points = [];
      var n = Math.max(1, Math.ceil((d - start - 1) / 2));
      for (var i = 0; i <= n; i++) {
        var pt = {x: from.x + (to.x - from.x) * i / n, y: from.y + (to.y - from.y) * i / n};
        var dot = {x0: pt.x - 0.5, y0: pt.y - 0.5, x1: pt.x + 0.5, y1: pt.y + 0.5};
        for (var h = 0; h < hard.length; h++) { if (geo.area(dot, hard[h]) > 0) { return null; } }
        for (var j = 0; j < circles.length; j++) {
          var o = circles[j];
          if (o.id !== id && !(overlap && overlap[o.id]) && geo.touches(dot, o)) { return null; }
        }
        points.push(pt);
      }
      return {from: from, to: to, points: points};
    }

    var placed = 0;
    this._items.forEach(function (it) { this._measure(it); }, this);
    this._items.forEach(function (it) {
      var p = it.p, el = it.el, best = null, form = null, line = null;
      var wanted = p.k !== "town" || p.w || p.f || closer;
      var forms = p.k === "unit" ? ["full", "short"] : ["full"];
      // A unit keeps its label inside its outline (when it is drawn: not off screen).
      var rings = p.k === "unit" ? found.rings[p.id] : null;
      for (var f = 0; wanted && f < forms.length && !best; f++) {
        var wh = it.size[forms[f]];
        if (!wh || !wh[0]) { continue; }
        if (p.k === "unit") {
          for (var u = 0; u < it.spots.length && !best; u++) {
            var s = map.latLngToContainerPoint(it.spots[u]);
            var box = {x0: s.x - wh[0] / 2, y0: s.y - wh[1] / 2,
              x1: s.x + wh[0] / 2, y1: s.y + wh[1] / 2};
            if (free(box, p.id, rings)) {
              best = box;
              form = forms[f];
            }
          }
          continue;
        }
        var own = null;
        for (var i = 0; i < circles.length && p.k === "town"; i++) {
          if (circles[i].id === p.id) { own = circles[i]; }
        }
        var at = map.latLngToContainerPoint(it.spots[0]);
        var c = {x: at.x, y: at.y, r: own ? own.r : (p.r || 2) * (p.k === "town" ? k : 1)};
        var near = self._around(at, c.r, wh[0], wh[1]);
        for (var b = 0; b < near.length && !best; b++) {
          if (free(near[b], p.id, null)) {
            best = near[b];
            form = forms[f];
          }
        }
        // A town among others (a cluster of circles): its label stands a little off, tied
        // to its circle by a leader that crosses nothing.
        var far = [];
        for (var ring = 1; p.k === "town" && ring <= 3; ring++) {
          far = far.concat(self._around(at, c.r + ring * self.LEAD, wh[0], wh[1]));
        }
        var overlap = {};
        circles.forEach(function (o) {
          var ox = o.x - c.x, oy = o.y - c.y;
          if (o.id !== p.id && Math.sqrt(ox * ox + oy * oy) < o.r + c.r) { overlap[o.id] = 1; }
        });
        [null, overlap].forEach(function (across) {
          for (var q = 0; q < far.length && !best; q++) {
            var tie = free(far[q], p.id, null) && leader(c, far[q], p.id, across);
            if (tie) {
              best = far[q];
              form = forms[f];
              line = tie;
            }
          }
        });
      }
      this._leader(it, line);
      if (!best) {
        L.DomUtil.addClass(el, "mq-hidden");
        return;
      }
      L.DomUtil.removeClass(el, "mq-hidden");
      L.DomUtil[form === "short" ? "addClass" : "removeClass"](el, "mq-short");
      L.DomUtil.setPosition(el, map.containerPointToLayerPoint([best.x0, best.y0]));
      hard.push({x0: best.x0 - self.PAD, y0: best.y0 - self.PAD,
        x1: best.x1 + self.PAD, y1: best.y1 + self.PAD});
      if (line) {
        line.points.forEach(function (pt) {
          hard.push({x0: pt.x - 1, y0: pt.y - 1, x1: pt.x + 1, y1: pt.y + 1});
        });
      }
      placed += 1;
    }, this);
    map._mqLayouts = (map._mqLayouts || 0) + 1;
    map._mqLayoutPending = false;
    map.fire("mqlabelled", {placed: placed});
  }
});
