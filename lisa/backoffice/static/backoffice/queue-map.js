// The queue's map tab: the reports of the current filters as points, late ones in red.
(function () {
  var element = document.getElementById("queue-map");
  if (!element || !window.L) return;
  var data = element.dataset;
  var map = L.map(element).setView([50.8466, 4.3528], 12);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  if (data.outlines) {
    fetch(data.outlines).then(function (r) { return r.ok ? r.json() : null; }).then(function (outlines) {
      if (outlines) L.geoJSON(outlines, { style: { color: "#0a5cad", weight: 1, fillOpacity: 0.03 } }).addTo(map).bringToBack();
    });
  }
  var colours = { 0: "#0a5cad", 1: "#a15c00", 3: "#a4262c" };
  fetch(data.points, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (points) {
    var bounds = [];
    points.features.forEach(function (feature) {
      var p = feature.properties;
      var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      var marker = L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 1, fillColor: colours[p.late] || colours[0], fillOpacity: 0.9 });
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.reference;
      var box = document.createElement("div");
      box.appendChild(link);
      box.appendChild(document.createTextNode(" · " + p.category + " · " + p.status));
      marker.bindPopup(box).addTo(map);
      bounds.push(latlng);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  });
})();
