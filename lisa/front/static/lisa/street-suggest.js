// Suggest streets as the resident types, from the public street search; the forms work
// without it (the server resolves what was typed). Suggestions go in the field's <datalist>,
// which browsers and screen readers offer as the field's own list. Each answer is also sent
// to the page as a "streets" event on the field (detail: the streets, with their points), so
// that a map can show the street picked.
(function () {
  document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !input.dataset.suggestUrl) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      timer = setTimeout(function () {
        asked = text;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (answer) {
            if (input.value.trim() !== text) return;
            var streets = answer.results || [];
            list.replaceChildren.apply(list, streets.map(function (street) {
              var option = document.createElement("option");
              option.value = street.label;
              return option;
            }));
            input.dispatchEvent(new CustomEvent("streets", { detail: streets }));
          })
          .catch(function () { /* no suggestions: the form still works */ });
      }, 200);
    });
  });
})();
