// The dashboard's map: each neighbourhood shaded by its number of reports, read from the
// table beside it, so the map and the table always show the same numbers. Classes differ in
// shade and in outline width, and the legend names their ranges.
(function () {
  var element = document.getElementById("choropleth");
  if (!element || !window.L) return;
  var data = element.dataset;
  var values = {};
  var numbers = [];
  document.querySelectorAll("#" + data.table + " tr[data-code]").forEach(function (row) {
    var value = Number(row.dataset.value);
    values[row.dataset.code] = value;
    numbers.push(value);
  });
  numbers.sort(function (a, b) { return a - b; });
  // Up to five classes with about as many neighbourhoods each (quantiles of the values).
  var breaks = [];
  for (var i = 1; i <= 5 && numbers.length; i++) {
    var edge = numbers[Math.min(numbers.length - 1, Math.ceil(i * numbers.length / 5) - 1)];
    if (breaks.indexOf(edge) < 0) breaks.push(edge);
  }
  var shades = ["#deebf7", "#9ecae1", "#4292c6", "#2166ac", "#08306b"];
  function classOf(value) {
    for (var i = 0; i < breaks.length; i++) if (value <= breaks[i]) return i;
    return breaks.length - 1;
  }
  var map = L.map(element, { scrollWheelZoom: false }).setView([50.8466, 4.3528], 11);
  if (data.tiles) L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution }).addTo(map);
  fetch(data.outlines).then(function (r) { return r.ok ? r.json() : null; }).then(function (outlines) {
    if (!outlines) return;
    var layer = L.geoJSON(outlines, {
      style: function (feature) {
        var value = values[feature.properties.code];
        if (value === undefined) return { color: "#5b6472", weight: 0.5, fillColor: "#ffffff", fillOpacity: 0.4, dashArray: "2 3" };
        var index = classOf(value);
        return { color: "#1d2433", weight: 0.5 + index * 0.6, fillColor: shades[index], fillOpacity: 0.8 };
      },
      onEachFeature: function (feature, shape) {
        var value = values[feature.properties.code];
        shape.bindTooltip(feature.properties.name + ": " + (value === undefined ? data.none : value));
      }
    }).addTo(map);
    // An office's or a zone's figures fill a few neighbourhoods: show those, else the region.
    var counted = L.featureGroup();
    layer.eachLayer(function (shape) {
      if (values[shape.feature.properties.code] !== undefined) counted.addLayer(L.geoJSON(shape.feature));
    });
    map.fitBounds(counted.getLayers().length && numbers.length < 60 ? counted.getBounds() : layer.getBounds());
  });
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "choropleth-legend");
    var title = document.createElement("strong");
    title.textContent = data.legendTitle;
    box.appendChild(title);
    var low = numbers.length ? numbers[0] : 0;
    breaks.forEach(function (edge, index) {
      var line = document.createElement("div");
      var swatch = document.createElement("span");
      swatch.className = "swatch swatch-" + index;
      line.appendChild(swatch);
      line.appendChild(document.createTextNode(low === edge ? String(edge) : low + "–" + edge));
      box.appendChild(line);
      low = edge + 1;
    });
    return box;
  };
  legend.addTo(map);
})();
