/*
 * The embed page's own script (export/embed/html.py): the keyboard list of towns opens
 * their popups on the map, and in an iframe the page tells the host its height.
 * It runs after the map's scripts, which leave the map in window.mqMap.
 */
(function () {
  var map = window.mqMap, picked = document.getElementById("mq-picked");
  var byId = {};
  if (map) {
    map.eachLayer(function (l) {
      if (l.feature && l.getRadius) { byId[l.feature.properties.id] = l; }
    });
  }
  var buttons = document.querySelectorAll("button[data-town]");
  buttons.forEach(function (b) {
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", function () {
      var layer = byId[b.getAttribute("data-town")];
      if (!layer) { return; }
      buttons.forEach(function (other) {
        other.setAttribute("aria-pressed", String(other === b));
      });
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
