/*
 * How the map behaves under a reader's hands, the same in the app and in every embed
 * (layers/interaction.py lists the behaviours). mqBehave(map, o) sets them up once per
 * map; o: narrow (px below which a map is narrow), full (px of map width the circle sizes
 * are made for), noData (the no-data class's colour, hatched).
 */

window.mqBehave = window.mqBehave || function (map, o) {
  var box = map.getContainer();
  window.mqMap = map;  // the page's map, for the page's own script (an embed's town list)
  window.mqTownScale = window.mqTownScale || function (m) {
    return Math.max(0.5, Math.min(1, m.getSize().x / o.full));
  };
  // Whether Leaflet's stylesheet applies yet (the app loads it after the map's script):
  // sizes and places measured before it are wrong.
  window.mqStyled = window.mqStyled || function (m) {
    return window.getComputedStyle(m.getPane("mapPane")).position === "absolute";
  };
  window.mqWhenStyled = window.mqWhenStyled || function (m, fn, tries) {
    if (window.mqStyled(m) || (tries || 0) > 600) {
      fn();
      return;
    }
    L.Util.requestAnimFrame(function () { window.mqWhenStyled(m, fn, (tries || 0) + 1); });
  };
  L.control.scale({imperial: false, maxWidth: 110}).addTo(map);  // kilometres only
  // Leaflet focuses the map on a press (for its keys) and restores the frame's own scroll,
  // not the page's: a map partly below the fold jumped into view between press and release,
  // and the click landed on another unit. A press now focuses without scrolling; a reader
  // who tabs to the map is still scrolled to it by the browser.
  var focus = box.focus;
  box.focus = function (options) {
    focus.call(box, L.Util.extend({preventScroll: true}, options));
  };
  if (!document.getElementById("mq-hatch")) {
    var svg = "http://www.w3.org/2000/svg", defs = document.createElementNS(svg, "svg");
    defs.setAttribute("width", "0");
    defs.setAttribute("height", "0");
    defs.setAttribute("aria-hidden", "true");
    defs.style.position = "absolute";
    var pattern = document.createElementNS(svg, "pattern");
    [["id", "mq-hatch"], ["patternUnits", "userSpaceOnUse"], ["width", "6"], ["height", "6"],
      ["patternTransform", "rotate(45)"]].forEach(function (a) {
      pattern.setAttribute(a[0], a[1]);
    });
    [[6, o.noData], [2.2, "#ffffff"]].forEach(function (stripe) {
      var rect = document.createElementNS(svg, "rect");
      rect.setAttribute("width", String(stripe[0]));
      rect.setAttribute("height", "6");
      rect.setAttribute("fill", stripe[1]);
      pattern.appendChild(rect);
    });
    defs.appendChild(document.createElementNS(svg, "defs")).appendChild(pattern);
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
  // On a phone it is narrower than the map, so that panning can bring all of it into view.
  map.on("popupopen", function (e) {
    var room = Math.max(140, Math.round(map.getSize().y * 0.55));
    var wide = Math.max(160, Math.min(320, map.getSize().x - 64));
    if (e.popup.options.maxHeight !== room || e.popup.options.maxWidth !== wide) {
      e.popup.options.maxHeight = room;
      e.popup.options.maxWidth = wide;
      // Panned clear of the folded legend's button and the credit at the bottom.
      e.popup.options.autoPanPaddingBottomRight = L.point(5, 44);
      e.popup.update();
    }
  });

  // Narrow maps: the attribution folds behind an "i" button that opens it. The button is
  // a control of its own: Leaflet rewrites the attribution's content whenever a layer adds
  // to it, and a button holding the credit's links would nest them in it.
  var attribution = map.attributionControl && map.attributionControl.getContainer();
  var credit = null;
  function open(on) {
    L.DomUtil[on ? "addClass" : "removeClass"](attribution, "mq-open");
    credit.button.setAttribute("aria-expanded", String(on));
  }
  function fold(on) {
    if (!attribution) { return; }
    if (on && !credit) {
      credit = L.control({position: "bottomright"});
      credit.onAdd = function () {
        var div = L.DomUtil.create("div", "mq-credit");
        var button = L.DomUtil.create("button", "mq-credit-toggle", div);
        button.type = "button";
        button.addEventListener("click", function () {
          open(!L.DomUtil.hasClass(attribution, "mq-open"));
        });
        L.DomEvent.disableClickPropagation(div);
        credit.button = button;
        return div;
      };
      credit.addTo(map);
      // At the very bottom, where the credit was (Leaflet stacks a corner's later controls
      // above the earlier ones); the credit opens above it.
      credit.getContainer().parentNode.appendChild(credit.getContainer());
      open(false);
    } else if (!on && credit) {
      credit.remove();
      credit = null;
    }
    if (credit) {
      // Named by its words, not its "i" (drawn by the stylesheet, not text).
      credit.button.setAttribute("aria-label", text("attribution"));
      credit.button.title = text("attribution");
    }
    L.DomUtil[on ? "addClass" : "removeClass"](attribution, "mq-compact");
  }
  function measure() {
    var width = map.getSize().x, narrow = width < o.narrow;
    L.DomUtil[narrow ? "addClass" : "removeClass"](box, "mq-narrow");
    fold(narrow);
    // The credit wraps beside the scale bar (bottom left), never over it.
    if (attribution) { attribution.style.maxWidth = Math.max(120, width - 150) + "px"; }
    map.fire("mqmeasured", {narrow: narrow});
  }
  map.on("resize mqtext", measure);
  window.mqWhenStyled(map, measure);
};
