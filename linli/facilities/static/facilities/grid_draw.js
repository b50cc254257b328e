// Drawing a grid's boundary: each tap (click) on the map adds a corner; the polygon closes itself
// and is written as GeoJSON ([longitude, latitude] pairs) into the form's polygon field, which the
// server checks and saves through its audited action. A boundary already in the field (the form
// shown again after a refusal) is drawn and can be extended or undone. Uses only the vendored
// Leaflet; tiles only from the deployment's own server (data-tiles), else a plain background.
(function () {
  var el = document.getElementById("fac-map");
  if (!el || !window.L) return;
  var field = document.getElementById(el.dataset.target);
  var count = document.getElementById("fac-draw-count");
  var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.tiles, tap: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var corners = [];  // [lat, lng]
  var shape = L.polygon([], { color: "#c62828", weight: 3, fillOpacity: 0.1 }).addTo(map);
  var dots = L.layerGroup().addTo(map);

  function round6(x) { return Math.round(x * 1e6) / 1e6; }

  function redraw() {
    shape.setLatLngs(corners);
    dots.clearLayers();
    corners.forEach(function (c) { L.circleMarker(c, { radius: 6, color: "#c62828" }).addTo(dots); });
    if (count) count.textContent = corners.length + " " + (count.dataset.label || "");
    if (!field) return;
    if (corners.length < 3) { field.value = ""; return; }
    var ring = corners.map(function (c) { return [round6(c[1]), round6(c[0])]; });
    ring.push(ring[0].slice());
    field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
  }

  function fromField() {
    try {
      var g = JSON.parse(field.value);
      if (g && g.type === "Feature") g = g.geometry;
      if (!g || g.type !== "Polygon") return;
      var ring = g.coordinates[0].slice(0, -1);
      corners = ring.map(function (p) { return [p[1], p[0]]; });
    } catch (e) { corners = []; }
  }

  map.on("click", function (e) {
    corners.push([e.latlng.lat, e.latlng.lng]);
    redraw();
  });
  document.querySelectorAll("[data-draw]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.dataset.draw === "undo") corners.pop(); else corners = [];
      redraw();
    });
  });
  if (field && field.value) { fromField(); redraw(); }

  fetch(el.dataset.src, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        interactive: false,
        style: function () { return { color: "#1565c0", weight: 2, fillOpacity: 0.05 }; },
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 4, color: "#555" }); }
      }).addTo(map);
      var b = corners.length ? shape.getBounds() : layer.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [10, 10] }); else map.setView([39.9, 116.4], 12);
    })
    .catch(function () { map.setView([39.9, 116.4], 12); });
})();
