// The public map of reports: asks /map/reports.geojson for the viewport at each move and
// draws its clusters (a number: choose it to zoom in) and single reports (a popup).
// It reads the filters the page was asked for (its query string), as the tables below do.
(function () {
  var element = document.getElementById("reports-map");
  if (!element || !window.L) return;
  var data = element.dataset;
  var status = document.getElementById("map-status");
  var map = L.map(element).setView([parseFloat(data.lat), parseFloat(data.lon)], parseInt(data.zoom, 10));
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  if (data.outlines) {
    fetch(data.outlines)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (outlines) {
        if (!outlines) return;
        L.geoJSON(outlines, { interactive: false, style: { color: "#0a5cad", weight: 1, fillOpacity: 0.03 } })
          .addTo(map).bringToBack();
      });
  }
  var layer = L.layerGroup().addTo(map);
  var pending = null;
  var dateFormat = new Intl.DateTimeFormat(data.lang, { dateStyle: "long" });

  function say(text) { status.textContent = text; }

  // Leaflet writes a string popup as HTML: every value goes in as text, never as markup.
  function line(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(line("strong", properties.category));
    box.appendChild(line("span", properties.status_label, "report-status report-status-" + properties.status));
    box.appendChild(line("span", properties.place, "map-popup-place"));
    var day = new Date(properties.date + "T12:00:00");
    box.appendChild(line("time", dateFormat.format(day)));
    box.lastChild.setAttribute("datetime", properties.date);
    return box;
  }

  // A marker is a button to screen readers (Leaflet gives it the role and a tab stop): Enter
  // and Space press it as a click does.
  function pressable(marker, label) {
    marker.on("add", function () {
      var icon = marker.getElement();
      icon.setAttribute("aria-label", label);
      icon.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          marker.fire("click");
        }
      });
    });
  }

  function size(count) { return count < 10 ? "s" : count < 100 ? "m" : count < 1000 ? "l" : "xl"; }

  function draw(answer) {
    layer.clearLayers();
    answer.features.forEach(function (feature) {
      var p = feature.properties;
      var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      if (p.kind === "cluster") {
        var count = p.count.toLocaleString(data.lang);
        var marker = L.marker(latlng, {
          icon: L.divIcon({ className: "map-cluster map-cluster-" + size(p.count), html: "", iconSize: null }),
          title: count + " " + data.reportsLabel,
        });
        marker.on("add", function () { marker.getElement().textContent = count; });
        pressable(marker, count + " " + data.reportsLabel);
        marker.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 19)); });
        layer.addLayer(marker);
      } else {
        var point = L.marker(latlng, {
          icon: L.divIcon({ className: "map-report map-report-" + p.status, html: "", iconSize: [18, 18] }),
          title: p.category + " · " + p.status_label,
        });
        pressable(point, p.category + " · " + p.status_label + " · " + p.place);
        point.bindPopup(popup(p));
        layer.addLayer(point);
      }
    });
    say(data.totalLabel.replace("{count}", answer.total.toLocaleString(data.lang)));
  }

  function load() {
    if (pending) pending.abort();
    pending = new AbortController();
    var bounds = map.getBounds();
    var query = new URLSearchParams();
    var asked = new URLSearchParams(location.search);
    ["category", "status", "since", "municipality"].forEach(function (name) {
      if (asked.get(name)) query.set(name, asked.get(name));
    });
    query.set("bbox", [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (value) { return value.toFixed(5); }).join(","));
    query.set("zoom", map.getZoom());
    query.set("lang", data.lang);
    element.dataset.shownZoom = map.getZoom();
    say(data.loadingLabel);
    fetch(data.endpoint + "?" + query.toString(), { signal: pending.signal })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) draw(result.body);
        else say(result.body.message || data.failedLabel);
      })
      .catch(function (error) { if (error.name !== "AbortError") say(data.failedLabel); });
  }

  map.on("moveend", load);
  load();
})();
