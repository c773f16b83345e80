// Show the offices listed on the page on a Leaflet map; the list stays usable without it.
(function () {
  var element = document.getElementById("offices-map");
  if (!element || !window.L) return;
  var tiles = document.currentScript && document.currentScript.dataset.tiles;
  var map = L.map(element).setView([50.8466, 4.3528], 11);
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  var bounds = [];
  document.querySelectorAll(".office-list li[data-lat]").forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    L.marker(point, { title: item.dataset.name }).addTo(map).bindPopup(item.dataset.name);
    bounds.push(point);
  });
  if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
})();
