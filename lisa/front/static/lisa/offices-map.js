// Show the offices listed on the page on a Leaflet map; the list stays usable without it.
// Municipality outlines give the map its bearings when no tile server is reachable.
(function () {
  var script = document.currentScript;
  var element = document.getElementById("offices-map");
  if (!element || !window.L) return;
  var map = L.map(element).setView([50.8466, 4.3528], 11);
  if (script.dataset.tiles) {
    L.tileLayer(script.dataset.tiles, { maxZoom: 19, attribution: script.dataset.attribution }).addTo(map);
  }
  if (script.dataset.outlines) {
    fetch(script.dataset.outlines)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (outlines) {
        if (!outlines) return;
        L.geoJSON(outlines, {
          style: { color: "#0a5cad", weight: 1, fillOpacity: 0.04 },
          onEachFeature: function (feature, layer) {
            layer.bindTooltip(feature.properties.name, { sticky: true });
          },
        }).addTo(map).bringToBack();
      });
  }
  var bounds = [];
  document.querySelectorAll(".office-list li[data-lat]").forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    L.marker(point, { title: item.dataset.name }).addTo(map).bindPopup(item.dataset.name);
    bounds.push(point);
  });
  if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
})();
