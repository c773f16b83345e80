// The resident's report form: only the chosen category's sub-categories and questions, a map
// to put a pin on, "use my location", street suggestions. The form works without any of it.
(function () {
  "use strict";
  var script = document.currentScript;
  var data = script.dataset;
  var form = document.querySelector(".report-form");
  if (!form) return;
  document.documentElement.classList.add("js");

  // --- Category → its sub-categories and extra questions --------------------------------
  function chosen(name) {
    var input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : "";
  }
  function updateCategory() {
    var top = chosen("category");
    form.querySelectorAll(".subcategories").forEach(function (group) {
      var shown = group.dataset.parent === top;
      group.hidden = !shown;
      group.querySelectorAll("input").forEach(function (input) { input.disabled = !shown; });
    });
    var sub = chosen("subcategory");
    form.querySelectorAll(".question").forEach(function (question) {
      var ids = question.dataset.categories.split(" ");
      var shown = (!!top && ids.indexOf(top) !== -1) || (!!sub && ids.indexOf(sub) !== -1);
      question.hidden = !shown;
      question.querySelectorAll("input, select, textarea").forEach(function (field) { field.disabled = !shown; });
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "category" || event.target.name === "subcategory") updateCategory();
  });
  updateCategory();

  // --- The place ------------------------------------------------------------------------
  var lat = document.getElementById("report-lat");
  var lon = document.getElementById("report-lon");
  var status = document.getElementById("report-position");
  var tools = form.querySelector(".map-tools");
  var clear = form.querySelector(".clear-position");
  var locateButton = form.querySelector(".locate-button");
  var map = null;
  var marker = null;
  var outlines = null;  // the municipalities' GeoJSON, once loaded: is a pin in the region?

  function say(text, refused) {
    status.textContent = text;
    status.classList.toggle("refused", !!refused);
  }
  function describe(note) {
    function tell(text) { say(note ? text + " " + note : text); }
    if (!data.nearest) { tell(data.textMarked); return; }
    fetch(data.nearest + "?lat=" + lat.value + "&lon=" + lon.value, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (street) { tell(street && street.label ? data.textNear.replace("{street}", street.label) : data.textMarked); })
      .catch(function () { tell(data.textMarked); });
  }
  // Ray casting over the outlines' rings; null while they are not loaded (the server checks
  // all the same).
  function inRing(ring, x, y) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  function inRegion(latitude, longitude) {
    if (!outlines || !outlines.features) return null;
    return outlines.features.some(function (feature) {
      var geometry = feature.geometry || {};
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
      return polygons.some(function (rings) {
        return inRing(rings[0], longitude, latitude) && !rings.slice(1).some(function (hole) { return inRing(hole, longitude, latitude); });
      });
    });
  }
  function pin(latitude, longitude, options) {
    if (!map) return;
    var point = [latitude, longitude];
    if (marker) marker.setLatLng(point);
    else {
      marker = L.marker(point, { draggable: true, keyboard: false }).addTo(map);
      marker.on("dragend", function () {
        var p = marker.getLatLng();
        place(p.lat, p.lng, { keepView: true });
      });
    }
    if (!(options && options.keepView)) map.setView(point, Math.max(map.getZoom(), 17));
  }
  function place(latitude, longitude, options) {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    clear.hidden = false;
    pin(latitude, longitude, options);
    if (options && options.quiet) return;
    if (inRegion(latitude, longitude) === false && data.textOutside) { say(data.textOutside, true); return; }
    describe(options && options.note);
  }

  if (window.L && tools) {
    tools.hidden = false;
    if (data.markerIcon) {
      L.Icon.Default.imagePath = "";
      L.Icon.Default.mergeOptions({ iconUrl: data.markerIcon, iconRetinaUrl: data.markerRetina, shadowUrl: data.markerShadow });
    }
    map = L.map("report-map", { keyboard: false }).setView([50.8466, 4.3528], 12);
    if (data.tiles) L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
    if (data.outlines) {
      fetch(data.outlines).then(function (r) { return r.ok ? r.json() : null; }).then(function (found) {
        outlines = found;
        if (outlines) L.geoJSON(outlines, { interactive: false, style: { color: "#0a5cad", weight: 1, fillOpacity: 0.03 } }).addTo(map).bringToBack();
      });
    }
    map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng, { keepView: true }); });
    if (lat.value && lon.value) {
      var kept = [parseFloat(lat.value), parseFloat(lon.value)];
      place(kept[0], kept[1], { quiet: status.hasAttribute("data-refused") });
    }
  }
  if (locateButton) {
    if (!("geolocation" in navigator)) locateButton.hidden = true;
    locateButton.addEventListener("click", function () {
      say(data.textLocating);
      navigator.geolocation.getCurrentPosition(function (position) {
        place(position.coords.latitude, position.coords.longitude);
      }, function () { say(data.textFailed); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
    });
  }
  if (clear) {
    clear.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      clear.hidden = true;
      if (marker) { map.removeLayer(marker); marker = null; }
      say(data.textCleared);
    });
  }

  // --- A geotagged photo places the pin (the server reads the same position if this cannot) --
  // The GPS block of a JPEG's EXIF data (APP1), read in the browser before the photo is sent;
  // the server removes it from the stored photo.
  function jpegPosition(buffer) {
    var view = new DataView(buffer);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
    var offset = 2;
    while (offset + 4 < view.byteLength) {
      var marker = view.getUint16(offset);
      var size = view.getUint16(offset + 2);
      if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) return exifPosition(view, offset + 10);
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;
      offset += 2 + size;
    }
    return null;
  }
  function exifPosition(view, tiff) {
    var little = view.getUint16(tiff) === 0x4949;
    function u16(at) { return view.getUint16(at, little); }
    function u32(at) { return view.getUint32(at, little); }
    function entries(ifd) {
      var found = {};
      var count = u16(ifd);
      for (var i = 0; i < count; i++) {
        var entry = ifd + 2 + i * 12;
        found[u16(entry)] = { type: u16(entry + 2), count: u32(entry + 4), at: entry + 8 };
      }
      return found;
    }
    function degrees(entry, ref) {
      if (!entry || entry.type !== 5 || entry.count !== 3) return null;
      var at = tiff + u32(entry.at);
      var parts = [0, 1, 2].map(function (i) { return u32(at + i * 8) / u32(at + i * 8 + 4); });
      var value = parts[0] + parts[1] / 60 + parts[2] / 3600;
      var letter = ref ? String.fromCharCode(view.getUint8(ref.at)) : "";
      return letter === "S" || letter === "W" ? -value : value;
    }
    try {
      var first = entries(tiff + u32(tiff + 4));
      if (!first[0x8825]) return null;
      var gps = entries(tiff + u32(first[0x8825].at));
      var latitude = degrees(gps[2], gps[1]);
      var longitude = degrees(gps[4], gps[3]);
      if (latitude === null || longitude === null || !isFinite(latitude) || !isFinite(longitude)) return null;
      return [latitude, longitude];
    } catch (error) {
      return null;  // a truncated or odd EXIF block: no position
    }
  }
  // A phone's 12-megapixel photo is sent at the size LISA keeps (2048 px at most), as a JPEG:
  // a tenth of the bytes over a mobile connection, and less work for the server. The server
  // checks and cleans what it receives all the same; HEIC and anything the browser cannot
  // draw go as they are.
  var MAX_SIDE = 2048;
  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap || file.size < 600 * 1024) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) { resolve(file); return; }
          resolve(new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }));
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }
  // Chosen photos are sent at once, while the resident goes on typing: the server checks and
  // keeps them for this form (lisa/front/uploads.py) and the report takes them when it is
  // sent. If that fails, they stay in the field and go with the form, as without JavaScript.
  var photos = document.getElementById("report-photos");
  var kept = document.getElementById("report-kept-photos");
  var photoErrors = document.getElementById("report-photo-errors");
  var sending = null;
  function showKept(list) {
    kept.innerHTML = "";
    list.forEach(function (photo) {
      var item = document.createElement("li");
      var image = document.createElement("img");
      image.src = photo.thumbnail;
      image.alt = "";
      image.width = 80;
      image.height = 80;
      var name = document.createElement("span");
      name.textContent = photo.name;
      var label = document.createElement("label");
      label.className = "check";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "remove_photo";
      box.value = photo.key;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + data.textRemove));
      item.appendChild(image);
      item.appendChild(name);
      item.appendChild(label);
      kept.appendChild(item);
    });
    kept.hidden = !list.length;
  }
  function send(files) {
    var body = new FormData();
    body.append("photo_token", form.querySelector("input[name=photo_token]").value);
    body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    files.forEach(function (file) { body.append("photos", file); });
    return fetch(data.photosUrl, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status !== 200 && response.status !== 400) throw new Error("not kept");
        return response.json();
      })
      .then(function (answer) {
        showKept(answer.photos || []);
        photoErrors.innerHTML = "";
        (answer.errors || []).forEach(function (message) {
          var line = document.createElement("p");
          line.className = "field-error";
          line.textContent = message;
          photoErrors.appendChild(line);
        });
        photos.value = "";
      });
  }
  if (photos && kept && photoErrors && data.photosUrl && window.FormData && window.DataTransfer && window.Promise) {
    photos.addEventListener("change", function () {
      var chosen = Array.prototype.slice.call(photos.files || []);
      if (!chosen.length) return;
      sending = Promise.all(chosen.map(shrink)).then(function (files) {
        if (files.some(function (file, i) { return file !== chosen[i]; })) {
          var transfer = new DataTransfer();
          files.forEach(function (file) { transfer.items.add(file); });
          photos.files = transfer.files;
        }
        return send(files);
      }).catch(function () {}).then(function () { sending = null; });
    });
    // A form sent while photos are on their way waits for them.
    form.addEventListener("submit", function (event) {
      if (!sending) return;
      event.preventDefault();
      var submitter = event.submitter;
      sending.then(function () {
        if (submitter && submitter.name) {
          var extra = document.createElement("input");
          extra.type = "hidden";
          extra.name = submitter.name;
          extra.value = submitter.value;
          form.appendChild(extra);
        }
        form.submit();
      });
    });
  }
  if (photos && window.FileReader) {
    photos.addEventListener("change", function () {
      if (lat.value && lon.value) return;  // a pin the resident put stays
      Array.prototype.slice.call(photos.files || []).some(function (file) {
        if (!/jpe?g$/i.test(file.type || file.name)) return false;
        var reader = new FileReader();
        reader.onload = function () {
          var found = jpegPosition(reader.result);
          if (found && !(lat.value && lon.value)) place(found[0], found[1], { note: data.textPhoto });
        };
        // The EXIF block is at the start of the file.
        reader.readAsArrayBuffer(file.slice(0, 256 * 1024));
        return true;
      });
    });
  }

  // --- A street picked from the suggestions (street-suggest.js) shows on the map -----------
  var street = document.getElementById("report-street");
  if (street) {
    var suggested = {};  // label → the street's point, for the suggestions shown
    // The pin is only shown: the hidden lat/lon stay empty so that the server places the
    // report by the street and its number (a pin the resident puts or drags still wins, as
    // without JavaScript).
    function showStreet() {
      var match = suggested[street.value.trim()];
      if (!match || !map || (lat.value && lon.value)) return;
      pin(match.lat, match.lon);
      say(data.textStreet.replace("{street}", match.label));
    }
    street.addEventListener("streets", function (event) {
      suggested = {};
      event.detail.forEach(function (match) { suggested[match.label] = match; });
    });
    street.addEventListener("change", showStreet);
    street.addEventListener("input", showStreet);
  }

  var focus = document.getElementById("error") || document.getElementById("similar-title");
  if (focus) focus.focus();
})();
