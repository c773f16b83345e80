// The intake forms (desk, field): lists that open under a field and are worked with the keyboard,
// the category's extra questions, the phone's position, the receipt's Print button.
// Everything here improves a form that already works without JavaScript.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // A text field with a <datalist> becomes a combobox (WAI-ARIA pattern): the list opens under
  // the field, ↓/↑ move in it, Enter picks, Escape closes. The <datalist> stays the source: the
  // server fills it through htmx (streets) or it holds every choice and is filtered here
  // (categories, data-filter).
  var comboCount = 0;
  function Combobox(input) {
    var datalist = document.getElementById(input.getAttribute("list"));
    if (!datalist) return;
    var filterHere = input.hasAttribute("data-filter");
    var listbox = document.createElement("ul");
    var active = -1;
    var items = [];
    comboCount += 1;
    listbox.id = input.id + "-listbox";
    listbox.className = "combo-list";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    input.parentNode.appendChild(listbox);
    input.removeAttribute("list");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function options() {
      var all = Array.prototype.slice.call(datalist.options).map(function (option) {
        return { value: option.value, label: option.label !== option.value ? option.label : "", id: option.dataset.id || "" };
      });
      if (!filterHere) return all;
      var words = fold(input.value).split(" ").filter(Boolean);
      if (!words.length) return [];
      return all.filter(function (option) {
        var text = fold(option.value + " " + option.label);
        return words.every(function (word) { return text.indexOf(word) !== -1; });
      }).slice(0, 12);
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(value) {
      input.value = value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(open) {
      var found = options();
      listbox.innerHTML = "";
      items = found.map(function (option, i) {
        var item = document.createElement("li");
        item.id = listbox.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = option.value;
        if (option.label) {
          var other = document.createElement("span");
          other.className = "combo-other";
          other.textContent = option.label;
          item.appendChild(other);
        }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { pick(option.value); });
        listbox.appendChild(item);
        return item;
      });
      active = -1;
      if (open && items.length && document.activeElement === input) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    input.addEventListener("input", function () { if (filterHere) render(true); });
    // htmx swapped fresh suggestions into the datalist.
    datalist.addEventListener("htmx:afterSwap", function () { render(true); });
    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { render(true); if (listbox.hidden) return; }
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        pick(items[active].firstChild.textContent);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  // Extra questions: shown for the categories that ask them; hidden ones are not sent.
  function Questions(control) {
    var box = document.getElementById(control.dataset.questions);
    if (!box) return;
    var datalist = control.getAttribute("list") ? document.getElementById(control.getAttribute("list")) : null;
    if (!datalist && control.getAttribute("aria-controls")) datalist = document.getElementById(control.id + "-options");
    function chosenId() {
      if (control.tagName === "SELECT") return control.value;
      var options = datalist ? datalist.options : [];
      for (var i = 0; i < options.length; i++) {
        if (options[i].value === control.value) return options[i].dataset.id;
      }
      return "";
    }
    function update() {
      var id = chosenId();
      box.querySelectorAll(".question").forEach(function (question) {
        var shown = !!id && question.dataset.categories.split(" ").indexOf(id) !== -1;
        question.hidden = !shown;
        question.querySelectorAll("input, select, textarea").forEach(function (field) { field.disabled = !shown; });
      });
    }
    control.addEventListener("change", update);
    control.addEventListener("input", update);
    update();
  }

  // The phone's position: hidden fields, and the street it is near, in words.
  function Locate(box) {
    var button = box.querySelector(".locate-button");
    var clear = box.querySelector(".locate-clear");
    var status = box.querySelector(".position-status");
    var form = box.closest("form");
    var lat = form.querySelector("input[name=lat]");
    var lon = form.querySelector("input[name=lon]");
    if (!("geolocation" in navigator) || !button) return;
    button.hidden = false;
    clear.hidden = !lat.value;
    button.addEventListener("click", function () {
      status.textContent = box.dataset.textLocating;
      navigator.geolocation.getCurrentPosition(function (position) {
        var c = position.coords;
        lat.value = c.latitude.toFixed(6);
        lon.value = c.longitude.toFixed(6);
        clear.hidden = false;
        var accuracy = Math.round(c.accuracy || 0);
        var url = box.dataset.nearestUrl + "?lat=" + lat.value + "&lon=" + lon.value;
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (street) {
            status.textContent = street
              ? box.dataset.textFound.replace("{accuracy}", accuracy).replace("{street}", street.label)
              : box.dataset.textFoundNoStreet.replace("{accuracy}", accuracy);
          })
          .catch(function () { status.textContent = box.dataset.textFoundNoStreet.replace("{accuracy}", accuracy); });
      }, function () {
        status.textContent = box.dataset.textFailed;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
    });
    clear.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      clear.hidden = true;
      status.textContent = box.dataset.textCleared;
    });
  }

  document.querySelectorAll("input[data-combobox]").forEach(Combobox);
  document.querySelectorAll("[data-questions]").forEach(Questions);
  document.querySelectorAll("[data-locate]").forEach(Locate);
  document.documentElement.classList.add("js");

  // Ctrl+Enter (⌘+Enter) sends the form from any field, the description included.
  document.querySelectorAll("form[data-submit-shortcut]").forEach(function (form) {
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var error = document.getElementById("error");
  var done = document.getElementById("done-title");
  if (error) error.focus();
  else if (done) done.focus();
})();
