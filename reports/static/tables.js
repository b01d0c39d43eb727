/* Sortable report tables, no framework. Every header of a table.sortable becomes a button;
   a click sorts the body rows by the cells' data-sort values (the raw mart values written by
   the template: numbers compare as numbers, other values as text, empty cells always last).
   aria-sort on the header tells assistive technology the current order. */
(function () {
  "use strict";

  function value(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-sort") || "") : "";
  }

  function compare(a, b, direction) {
    if (a === "" || b === "") { return a === b ? 0 : (a === "" ? 1 : -1); }
    var x = Number(a), y = Number(b);
    var result = (!isNaN(x) && !isNaN(y)) ? x - y : a.localeCompare(b);
    return direction === "ascending" ? result : -result;
  }

  function sortBy(table, index, header) {
    var direction = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", direction);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row.dataset.position = String(i); });
    rows.sort(function (r1, r2) {
      return compare(value(r1, index), value(r2, index), direction) ||
        Number(r1.dataset.position) - Number(r2.dataset.position);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function init() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (header, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (header.firstChild) { button.appendChild(header.firstChild); }
        header.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, header); });
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
