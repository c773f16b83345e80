// Show the offices listed on the page on a Leaflet map; the list stays usable without it.
// Municipality outlines give the map its bearings when no tile server is reachable.
// On the directory, a click on the map or "use my location" asks which office covers
// that point, through the same form that works without JavaScript.
(function () {
  var script = document.currentScript;
  // Leaflet writes a string popup or tooltip as HTML: names go in as text, never as markup.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  function link(name, url) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = name;
    return a;
  }
  var element = document.getElementById("offices-map");
  if (!element || !window.L) return;
  // Leaflet finds its marker images through its stylesheet, by a file name that the hashed
  // names of collected static files (production) no longer match: give it their addresses.
  if (script.dataset.markerIcon) {
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: script.dataset.markerIcon,
      iconRetinaUrl: script.dataset.markerRetina,
      shadowUrl: script.dataset.markerShadow,
    });
  }
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
            layer.bindTooltip(text(feature.properties.name), { sticky: true });
          },
        }).addTo(map).bringToBack();
      });
  }
  var bounds = [];
  document.querySelectorAll(".office-list li[data-lat]").forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    var popup = item.dataset.url ? link(item.dataset.name, item.dataset.url) : text(item.dataset.name);
    L.marker(point, { title: item.dataset.name }).addTo(map).bindPopup(popup);
    bounds.push(point);
  });
  if (element.dataset.officeLat) {
    var office = [parseFloat(element.dataset.officeLat), parseFloat(element.dataset.officeLon)];
    L.marker(office, { title: element.dataset.officeName }).addTo(map).bindPopup(text(element.dataset.officeName));
    map.setView(office, parseInt(script.dataset.zoom || "16", 10));
  } else if (element.dataset.placeLat) {
    var place = [parseFloat(element.dataset.placeLat), parseFloat(element.dataset.placeLon)];
    L.circleMarker(place, { radius: 9, color: "#a4262c", weight: 3 }).addTo(map)
      .bindTooltip(text(element.dataset.pinLabel || ""), { permanent: true });
    map.setView(place, 14);
  } else if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  }

  var pinForm = document.getElementById("pin-form");
  if (!pinForm) return;
  function ask(lat, lon) {
    pinForm.elements.lat.value = lat.toFixed(6);
    pinForm.elements.lon.value = lon.toFixed(6);
    pinForm.submit();
  }
  map.on("click", function (event) { ask(event.latlng.lat, event.latlng.lng); });
  document.getElementById("pin-hint").hidden = false;
  var locate = document.getElementById("use-my-location");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (position) { ask(position.coords.latitude, position.coords.longitude); },
        function () {
          document.getElementById("pin-hint").textContent = locate.dataset.unavailable;
          var street = document.getElementById("street");
          if (street) street.focus();
        },
        { timeout: 15000 }
      );
    });
  }
  var answer = document.getElementById("coverage-answer");
  if (answer) answer.focus();
})();
