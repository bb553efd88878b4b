"""The embed page's own style and script (the map's are in :mod:`layers.style`)."""

from __future__ import annotations

# folium sizes html and body to the window for a full-screen map; an embed is a page
# that scrolls, with the map one block among others.
PAGE_CSS = """
html, body { height: auto; }
body { margin: 0; background: #fff; color: #1d1d1d;
  font: 15px/1.45 "DejaVu Sans", system-ui, sans-serif; }
.mq-page { max-width: 1120px; margin: 0 auto; padding: 10px 14px 14px; box-sizing: border-box; }
.mq-page h1 { font-size: 1.25rem; line-height: 1.25; margin: 0 0 4px; }
.mq-page h2 { font-size: 1rem; margin: 14px 0 4px; }
.mq-sub { margin: 0 0 8px; color: #4a4a4a; font-size: .85rem; }
/* Sized by the page's width, not the window's height: in an iframe that takes the page's
   height (the responsive snippet) a height in vh would grow with the iframe, and on. */
.mq-map { position: relative; height: clamp(300px, 60vw, 620px); border: 1px solid #c8c8c8;
  border-radius: 4px; overflow: hidden; }
.mq-summary { font-size: .85rem; margin: 6px 0 0; color: #333; }
.mq-help { font-size: .8rem; margin: 0 0 6px; color: #4a4a4a; }
.mq-towns ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 5px; }
.mq-towns button { font: inherit; font-size: .85rem; display: inline-flex; align-items: center;
  gap: 5px; padding: 4px 10px; min-height: 32px; border: 1px solid #8a8a8a;
  border-radius: 16px; background: #fff; color: #1d1d1d; cursor: pointer; }
.mq-towns button:hover { background: #eef3f8; }
.mq-towns button:focus-visible, .mq-page a:focus-visible, .mq-table summary:focus-visible {
  outline: 3px solid #1a5fb4; outline-offset: 2px; }
.mq-towns button[aria-pressed="true"] { background: #dbe7f5; border-color: #1a5fb4; }
.mq-picked { font-size: .85rem; min-height: 1em; margin: 6px 0 0; }
.mq-table { margin: 12px 0 0; }
.mq-table summary { cursor: pointer; font-weight: bold; }
.mq-table-wrap { overflow-x: auto; }
.mq-table table { border-collapse: collapse; font-size: .85rem; margin-top: 6px; }
.mq-table caption { text-align: left; color: #4a4a4a; padding-bottom: 4px; }
.mq-table th, .mq-table td { text-align: left; padding: 3px 10px 3px 0;
  border-bottom: 1px solid #e2e2e2; vertical-align: top; }
.mq-table th[scope="row"] { font-weight: normal; }
.mq-table .mq-num { text-align: right; white-space: nowrap; }
.mq-foot { margin-top: 12px; font-size: .75rem; color: #4a4a4a; }
.mq-foot p { margin: 2px 0; }
.mq-foot a { color: #1a5fb4; }
.mq-skip { position: absolute; left: 8px; top: -60px; z-index: 2000; padding: 6px 10px;
  background: #fff; color: #1a5fb4; border: 2px solid #1a5fb4; border-radius: 4px; }
.mq-skip:focus { top: 8px; }
.mq-towns:focus { outline: none; }
.mq-legend-below { display: none; font-size: .8rem; margin-top: 8px; column-width: 200px;
  column-gap: 16px; }
.mq-legend-below .mq-row { break-inside: avoid; }
/* Narrow columns and phones: the legend would cover a third of the map or more, so it
   moves under the map (the app's narrow map folds it into a button instead). */
@media (max-width: 720px) {
  .leaflet-container .mq-legend { display: none; }
  .mq-legend-below { display: block; }
}
@media (max-width: 540px) {
  .mq-page { padding: 8px; }
  .mq-page h1 { font-size: 1.1rem; }
  .mq-map { height: clamp(280px, 90vw, 420px); }
}
"""

# __MAP__ and __TOWNS__ are replaced by the map's and the towns layer's JavaScript names.
# Circles shrink on a narrow map in the towns layer itself (layers.vector), as in the app.
PAGE_JS = """
(function () {
  var map = __MAP__, towns = __TOWNS__, picked = document.getElementById("mq-picked");
  var byId = {};
  if (towns) {
    towns.eachLayer(function (l) { byId[l.feature.properties.id] = l; });
  }
  var buttons = document.querySelectorAll("button[data-town]");
  buttons.forEach(function (b) {
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", function () {
      var layer = byId[b.getAttribute("data-town")];
      if (!layer) { return; }
      buttons.forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 6), {animate: false});
      layer.openPopup();
      var el = layer.getPopup() && layer.getPopup().getElement();
      // The popup's facts, read out by screen readers through the live region.
      picked.textContent = el ? el.textContent : "";
    });
  });
  // In an iframe, tell the host page this page's height (the responsive snippet's script
  // sizes the iframe to it): on load, and whenever it changes (the table opens, the
  // window turns).
  if (window.parent !== window && window.ResizeObserver) {
    var last = 0;
    new ResizeObserver(function () {
      var h = Math.ceil(document.body.getBoundingClientRect().height);
      if (h !== last) {
        last = h;
        window.parent.postMessage({monoqala: "height", height: h}, "*");
      }
    }).observe(document.body);
  }
})();
"""
