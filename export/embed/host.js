(function () {
  // monoqala: an embed posts its height; its iframe (data-monoqala) takes it, within bounds.
  var MIN_HEIGHT = 200, MAX_HEIGHT = 20000;
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.monoqala !== "height" || typeof d.height !== "number" || !isFinite(d.height)) {
      return;
    }
    document.querySelectorAll("iframe[data-monoqala]").forEach(function (f) {
      // Only from the iframe's own window, and from the origin of its address ("null"
      // from a sandbox without allow-same-origin, as the snippet's).
      var opaque = f.hasAttribute("sandbox") && !f.sandbox.contains("allow-same-origin");
      var origin = opaque ? "null" : new URL(f.src, location.href).origin;
      if (f.contentWindow !== e.source || e.origin !== origin) {
        return;
      }
      f.style.height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.ceil(d.height))) + "px";
    });
  });
})();
