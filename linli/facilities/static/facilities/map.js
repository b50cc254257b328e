// The facilities map: grids, components and open problems from the page's GeoJSON. Tiles come only
// from the deployment's own tile server (data-tiles); without one the layers draw on a plain
// background. Nothing is loaded from outside the site.
(function () {
  var el = document.getElementById("fac-map");
  if (!el || !window.L) return;
  var map = L.map(el, { zoomControl: true, zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var componentUrl = el.dataset.componentUrl.replace(/0\/$/, "");
  var colours = { intact: "#1b6b1b", damaged: "#c62828", lost: "#c62828", removed: "#777" };
  fetch(el.dataset.src, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          var p = f.properties;
          if (p.kind === "grid") return { color: "#1565c0", weight: 2, fillOpacity: 0.05 };
          return { color: colours[p.state] || "#333", weight: 4 };
        },
        pointToLayer: function (f, latlng) {
          var p = f.properties;
          if (p.kind === "problem") {
            return L.marker(latlng, { icon: L.divIcon({ className: "", html: "▲", iconSize: [24, 24] }) });
          }
          return L.circleMarker(latlng, { radius: 8, color: colours[p.state] || "#333", fillOpacity: 0.8 });
        },
        onEachFeature: function (f, l) {
          var p = f.properties, a = document.createElement("a");
          if (p.kind === "grid") { l.bindPopup(document.createTextNode(p.name + " " + p.code)); return; }
          var code = p.kind === "problem" ? p.component : p.code;
          a.href = componentUrl + encodeURIComponent(code) + "/";
          a.textContent = (p["class"] || "") + " " + code;
          l.bindPopup(a);
        }
      }).addTo(map);
      var b = layer.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [10, 10] }); else map.setView([39.9, 116.4], 11);
    });
})();
