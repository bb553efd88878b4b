/*
 * The map's vector layers over inline GeoJSON (layers/vector.py): units as polygons, towns
 * as circles. Each feature's properties: c fill colour, t tooltip HTML, p popup HTML, r a
 * circle's radius, id, f the feature in focus, n a unit with no data (hatched). The HTML
 * was made and escaped by the server.
 */

// Polygons may come as "g": polygons of rings encoded by geo.display (delta-encoded
// integers of 1e-4 degrees, the polyline algorithm); this turns them back into GeoJSON.
window.mqDecode = window.mqDecode || function (fc) {
  function ring(s) {
    var out = [], vals = [], shift = 0, res = 0, i, b, x = 0, y = 0;
    for (i = 0; i < s.length; i++) {
      b = s.charCodeAt(i) - 63;
      res |= (b & 31) << shift;
      shift += 5;
      if (b < 32) {
        vals.push(res & 1 ? ~(res >> 1) : res >> 1);
        shift = 0;
        res = 0;
      }
    }
    for (i = 0; i < vals.length; i += 2) {
      x += vals[i];
      y += vals[i + 1];
      out.push([x / 1e4, y / 1e4]);
    }
    return out;
  }
  fc.features.forEach(function (f) {
    if (fc.cites) { f.cites = fc.cites; }  // the popups' shared sources (a reference)
    if (f.g) {
      f.geometry = {type: "MultiPolygon", coordinates: f.g.map(function (p) {
        return p.map(ring);
      })};
      delete f.g;
    }
  });
  return fc;
};

// A popup whose sources are listed by place in the layer's shared list (layers.towns) gets
// them when it opens; the items are escaped HTML made by the server.
window.mqPopup = window.mqPopup || function (f) {
  var html = f.properties.p, cites = f.cites;
  if (!cites || html.indexOf("class=\"mq-cite\"") < 0) { return html; }
  return function () {
    return html.replace(/<ol class="mq-cite" data-cite="([0-9 ]*)"><\/ol>/, function (m, places) {
      return "<ol>" + places.split(" ").map(function (i) { return cites[+i] || ""; }).join("")
        + "</ol>";
    });
  };
};

// Circles shrink on a narrow map (window.mqTownScale), now and whenever the map is
// resized; a click opens the town whose centre is nearest, not the small circle drawn on
// top of a large town's centre.
window.mqCircles = window.mqCircles || function (group) {
  var map = null;
  function scale() {
    var k = map && window.mqTownScale ? window.mqTownScale(map) : 1;
    group.eachLayer(function (l) { l.setRadius(l.feature.properties.r * k); });
  }
  group.on("add", function () {
    map = group._map;
    scale();
    map.on("resize", scale);
  });
  group.on("remove", function () {
    if (map) { map.off("resize", scale); }
    map = null;
  });
  function nearest(e) {
    // Not e.containerPoint: Leaflet gives a small circle's centre there, not the pointer.
    var best = e.target, bestD = Infinity;
    if (!map || !e.originalEvent || e.originalEvent.clientX === undefined) { return best; }
    var at = map.mouseEventToContainerPoint(e.originalEvent);
    group.eachLayer(function (l) {
      var d = map.latLngToContainerPoint(l.getLatLng()).distanceTo(at);
      if (d <= l.getRadius() + 2 && d < bestD) {
        best = l;
        bestD = d;
      }
    });
    return best;
  }
  group.eachLayer(function (l) {
    if (!l.getPopup()) { return; }
    l.off("click", l._openPopup, l);
    l.on("click", function (e) { nearest(e).openPopup(); });
  });
};

// o: kind ("polygon" or "circle"), className, stroke, weight, opacity; fc: the features.
window.mqVector = window.mqVector || function (o, fc) {
  var layer = L.geoJson(window.mqDecode(fc), {
    pointToLayer: function (f, ll) {
      return L.circleMarker(ll, {radius: f.properties.r});
    },
    style: function (f) {
      // A focused feature (f) gets a dark outline, so the chosen unit stands out; a unit
      // with no data (n) is hatched.
      return {fillColor: f.properties.n ? "url(#mq-hatch)" : f.properties.c,
        fillOpacity: o.opacity,
        color: f.properties.f ? "#1d1d1d" : o.stroke,
        weight: f.properties.f ? o.weight * 2.5 : o.weight,
        className: o.className + (f.properties.f ? " mq-focus" : "")};
    },
    onEachFeature: function (f, l) {
      // Areas: the tooltip follows the pointer.
      l.bindTooltip(f.properties.t, {sticky: o.kind === "polygon"});
      if (f.properties.p) { l.bindPopup(window.mqPopup(f), {maxWidth: 320}); }
    }
  });
  if (o.kind === "circle") { window.mqCircles(layer); }
  return layer;
};
