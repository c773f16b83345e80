// The report page: the place on a map, and response templates filled in as they are chosen.
(function () {
  var element = document.getElementById("report-map");
  if (element && window.L) {
    var data = element.dataset;
    var point = [parseFloat(data.lat), parseFloat(data.lon)];
    var map = L.map(element, { scrollWheelZoom: false }).setView(point, data.precise === "1" ? 17 : 14);
    if (data.tiles) L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
    if (data.precise === "1") {
      // The pin only shows the place: one tab stop fewer on the way to the actions.
      L.marker(point, { keyboard: false, alt: "" }).addTo(map);
    } else {
      L.circle(point, { radius: parseFloat(data.radius) || 150, color: "#0a5cad" }).addTo(map);
    }
  }
  document.querySelectorAll(".template-picker").forEach(function (picker) {
    var select = picker.querySelector("select");
    var target = document.getElementById(picker.dataset.target);
    var button = picker.querySelector("button");
    if (!select || !target) return;
    if (button) button.hidden = true;
    function fill() {
      if (!select.value) return;
      var url = picker.dataset.preview.replace(/\/0\/$/, "/" + select.value + "/");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
        if (body) { target.value = body.text; target.focus(); }
      });
    }
    select.addEventListener("change", fill);
    // A template chosen while the page was still loading is filled in now.
    if (select.value && !target.value) fill();
  });
  // One click, one message: a second click while the page loads would send it twice.
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      if (event.submitter) event.submitter.setAttribute("aria-disabled", "true");
    });
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll("[aria-disabled]").forEach(function (b) { b.removeAttribute("aria-disabled"); });
    });
  });
  var error = document.getElementById("error");
  if (error) error.focus();
})();
