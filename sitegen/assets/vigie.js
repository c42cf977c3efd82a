/* Vigie Santé: filters of the "À vérifier" page. Local, no library; without it every claim
   stays visible. Selections are kept in the address (?incident=…&media=…&verdict=…). */
(function () {
  "use strict";

  function matches(item, name, value) {
    if (!value) return true;
    if (name === "incident") return item.getAttribute("data-incident") === value;
    if (name === "media") {
      return (item.getAttribute("data-outlet") || "").split(" ").indexOf(value) !== -1;
    }
    if (value.indexOf("flag:") === 0) {
      var flags = (item.getAttribute("data-flags") || "").split(" ");
      return flags.indexOf(value.slice(5)) !== -1;
    }
    return item.getAttribute("data-verdict") === value;
  }

  function setup() {
    var form = document.querySelector("form[data-vs-filters]");
    var lists = document.querySelectorAll("[data-vs-list]");
    if (!form || !lists.length || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    var items = [];
    Array.prototype.forEach.call(lists, function (list) {
      items = items.concat(Array.prototype.slice.call(list.children));
    });
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-vs-group]"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var count = document.querySelector("[data-vs-count]");
    var params = new URLSearchParams(window.location.search);

    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      Array.prototype.forEach.call(select.options, function (option) {
        if (wanted && option.value === wanted) select.value = wanted;
      });
    });

    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      selects.forEach(function (select) {
        if (select.value) query.set(select.name, select.value);
      });
      items.forEach(function (item) {
        var ok = selects.every(function (select) {
          return matches(item, select.name, select.value);
        });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-vs-list] > li:not([hidden])");
      });
      if (count) {
        count.textContent = (shown === 0 ? "Aucune affirmation" : shown === 1
          ? "1 affirmation" : shown + " affirmations") + " sur " + items.length;
      }
      var search = query.toString();
      var url = window.location.pathname + (search ? "?" + search : "");
      window.history.replaceState(null, "", url);
    }

    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
