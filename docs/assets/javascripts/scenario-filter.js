// Filters for the scenario table. Without JavaScript the full table stays visible.
// Builds one <select> per filterable column from the table's own cells.
(function () {
  "use strict";
  var FILTERS = ["Domain", "Task", "Data", "Volume", "Start with"];

  function setup(container) {
    var table = container.querySelector("table");
    if (!table || container.querySelector(".pof-filter__controls")) return;
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return cell.textContent.trim();
    });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var form = document.createElement("form");
    form.className = "pof-filter__controls";
    form.setAttribute("aria-label", "Filter scenarios");
    var selects = [];
    FILTERS.forEach(function (name) {
      var column = headers.indexOf(name);
      if (column < 0) return;
      var values = {};
      rows.forEach(function (row) { values[row.cells[column].textContent.trim()] = true; });
      var label = document.createElement("label");
      label.textContent = name + " ";
      var select = document.createElement("select");
      select.dataset.column = String(column);
      select.add(new Option("Any", ""));
      Object.keys(values).sort().forEach(function (value) { select.add(new Option(value, value)); });
      select.addEventListener("change", apply);
      label.appendChild(select);
      form.appendChild(label);
      selects.push(select);
    });
    var status = document.createElement("p");
    status.className = "pof-filter__status";
    status.setAttribute("role", "status");
    form.appendChild(status);
    container.insertBefore(form, container.firstChild);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = selects.every(function (select) {
          return !select.value || row.cells[Number(select.dataset.column)].textContent.trim() === select.value;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " scenarios shown";
    }
    apply();
  }

  function init() {
    document.querySelectorAll("[data-filter-table]").forEach(setup);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
