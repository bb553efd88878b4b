/*
 * Fit the map to a view in the browser, where the map's real size is known
 * (layers/fit.py). mqFit(group, o) fits once per o.key, when the group is added: to
 * o.bounds beside the legend, or centred on o.point at o.zoom with the popup of the town
 * in focus open. o.pad: px around the bounds; o.narrow: px below which a map is narrow.
 */

window.mqFit = window.mqFit || function (group, o) {
  group.once("add", function (e) {
    var map = e.target._map;
    if (!map || map._mqFitKey === o.key) { return; }
    map._mqFitKey = o.key;
    // Sizes are read once Leaflet's stylesheet applies (the app loads it after the map).
    (window.mqWhenStyled || function (m, fn) { fn(); })(map, function () {
      map.invalidateSize(false);
      if (o.point) {
        map.setView(o.point, o.zoom, {animate: false});
        // The town picked in the table: its popup opens, and the page brings the map into
        // view.
        group.eachLayer(function (layer) {
          if (!layer.eachLayer) { return; }
          layer.eachLayer(function (l) {
            if (l.feature && l.feature.properties.f && l.getLatLng && l.getPopup()) {
              l.openPopup();
            }
          });
        });
        try {
          // Centred: the page's own header covers the top of the screen.
          if (window.frameElement) { window.frameElement.scrollIntoView({block: "center"}); }
        } catch (err) { /* a host page of another origin: nothing to scroll */ }
        return;
      }
      // Beside the legend on a wide map; on a narrow one the legend is a button under the
      // country, and the country fills the map's width.
      var box = map.getContainer(), pad = o.pad;
      var narrow = map.getSize().x < o.narrow;
      var legend = box.querySelector(".mq-legend");
      var right = !narrow && legend && legend.offsetWidth ? legend.offsetWidth + 2 * pad : pad;
      var toggle = legend && legend.querySelector(".mq-legend-toggle");
      var bottom = narrow && toggle ? toggle.offsetHeight + 2 * pad : pad;
      map.fitBounds(o.bounds, {paddingTopLeft: [pad, pad],
        paddingBottomRight: [right, bottom], animate: false});
    });
  });
  return group;
};
