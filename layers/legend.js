/*
 * The legend as a Leaflet control, in a layer that comes and goes with the view's layers
 * (layers/legend.py). mqLegend(o) with o: html (the legend's markup, escaped by the
 * server), texts (the controls' words: legend, scroll, attribution), hidden (what the
 * filter hides, or ""), attribution (escaped HTML), position.
 *
 * On a narrow map the legend is a button. Opened, it overlays the map only while it is
 * read: it fits above its button (scrolling inside when long), and it closes on a tap in
 * the map, on Escape, or on its button again.
 */

window.mqLegend = window.mqLegend || function (o) {
  var group = L.layerGroup(), control = L.control({position: o.position});
  control.onAdd = function (map) {
    var div = L.DomUtil.create("div", "mq-legend");
    var button = L.DomUtil.create("button", "mq-legend-toggle", div);
    button.type = "button";
    button.textContent = o.texts.legend || "";
    var body = L.DomUtil.create("div", "mq-legend-body", div);
    body.innerHTML = o.html;
    // The swatches' colours are classes (mq-c-rrggbb); an embed's stylesheet defines them,
    // the app's map frame does not: paint them here, through the CSSOM, which a
    // Content-Security-Policy allows where it refuses style attributes.
    body.querySelectorAll("[class*='mq-c-']").forEach(function (el) {
      var found = /(?:^| )mq-c-([0-9a-f]{6})(?: |$)/.exec(el.className);
      if (found) { el.style.backgroundColor = "#" + found[1]; }
    });
    // The legend ends at the map's top margin: what does not fit scrolls inside it.
    function fit() {
      var top = map.getContainer().getBoundingClientRect().top;
      var room = div.getBoundingClientRect().bottom - top - 10;
      div.style.maxHeight = Math.max(80, Math.floor(room)) + "px";
      div.style.maxWidth = Math.max(160, map.getSize().x - 70) + "px";  // clear of the zoom buttons
    }
    function show(open) {
      L.DomUtil[open ? "addClass" : "removeClass"](div, "mq-open");
      button.setAttribute("aria-expanded", String(open));
      map._mqLegendOpen = open;
      fit();
    }
    function narrow() { return L.DomUtil.hasClass(map.getContainer(), "mq-narrow"); }
    function close() {
      if (narrow() && L.DomUtil.hasClass(div, "mq-open")) {
        show(false);
        map.fire("mqlayout");
      }
    }
    show(!!map._mqLegendOpen);
    button.addEventListener("click", function () {
      show(!L.DomUtil.hasClass(div, "mq-open"));
      map.fire("mqlayout");
    });
    div.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && narrow() && L.DomUtil.hasClass(div, "mq-open")) {
        close();
        button.focus();
      }
    });
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    control._fit = fit;
    control._close = close;
    return div;
  };
  group.onAdd = function (map) {
    map._mqText = o.texts;
    control.addTo(map);
    map.on("resize mqmeasured", control._fit);
    map.on("click movestart", control._close);
    if (o.hidden) {
      this.noteControl = L.control({position: "topright"});
      this.noteControl.onAdd = function () {
        var div = L.DomUtil.create("div", "mq-filter-note");
        div.setAttribute("role", "status");
        div.textContent = o.hidden;
        return div;
      };
      this.noteControl.addTo(map);
    }
    if (map.attributionControl) { map.attributionControl.addAttribution(o.attribution); }
    map.fire("mqtext");
  };
  group.onRemove = function (map) {
    map.off("resize mqmeasured", control._fit);
    map.off("click movestart", control._close);
    control.remove();
    if (this.noteControl) {
      this.noteControl.remove();
      this.noteControl = null;
    }
    if (map.attributionControl) { map.attributionControl.removeAttribution(o.attribution); }
  };
  return group;
};
