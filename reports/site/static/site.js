/* ofsted-watch site: sortable tables, the table's filters and the map's label. Every page works without it:
   the tables are whole and in name order, and the map's hexagons are plain links. */
(function () {
  "use strict";

  // --- Sortable tables: each heading becomes a button; cells sort by data-sort-value, else their text. ---
  function sortValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort-value");
    return value === null ? cell.textContent.trim().toLowerCase() : value;
  }

  function compare(a, b) {
    var numberA = parseFloat(a), numberB = parseFloat(b);
    if (a !== "" && b !== "" && !isNaN(numberA) && !isNaN(numberB) && String(numberA) === a && String(numberB) === b) {
      return numberA - numberB;
    }
    if (a === "" && b !== "") return 1; // empty cells last whichever the direction
    if (b === "" && a !== "") return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function sortTable(table, heading, index) {
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var valueA = sortValue(a, index), valueB = sortValue(b, index);
      if (valueA === "" || valueB === "") return compare(valueA, valueB);
      var order = compare(valueA, valueB) || compare(sortValue(a, 0), sortValue(b, 0));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (cell !== heading) cell.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
      if (!heading.hasAttribute("data-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = heading.textContent;
      heading.textContent = "";
      heading.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, heading, index); });
    });
  });

  // --- Filters of the LA table: by region and by overall grade; the count is announced. ---
  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), function (form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) return;
    var status = form.querySelector(".filter-status");
    var rows = table.tBodies[0].rows;

    function apply() {
      var region = form.elements.region.value, rank = form.elements.rank.value, shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var show = (!region || row.getAttribute("data-region") === region) &&
          (!rank || row.getAttribute("data-rank") === rank);
        row.hidden = !show;
        if (show) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " local authorities";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  });

  // --- The map: the hexagon's name and grade beside it, on hover and on keyboard focus. ---
  Array.prototype.forEach.call(document.querySelectorAll("[data-hexmap]"), function (figure) {
    var tip = figure.querySelector(".hexmap-tip");
    if (!tip) return;

    function show(event) {
      var hex = event.target.closest ? event.target.closest("a.hex") : null;
      if (!hex) return;
      var box = hex.getBoundingClientRect(), frame = figure.getBoundingClientRect();
      tip.textContent = hex.getAttribute("data-label");
      tip.style.left = (box.left + box.width / 2 - frame.left) + "px";
      tip.style.top = (box.top - frame.top - 6) + "px";
      tip.hidden = false;
    }

    function hide() { tip.hidden = true; }

    figure.addEventListener("mouseover", show);
    figure.addEventListener("focusin", show);
    figure.addEventListener("mouseleave", hide);
    figure.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  });
})();
