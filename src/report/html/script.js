// lidex report: optional comforts. Without this script the page is whole; with it,
// ticked checkboxes are remembered in this browser and long tables can be filtered and sorted.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Storage may be blocked (private windows, file:// rules, settings): the boxes then
  // still tick, they are just not remembered.
  var store = null;
  try {
    store = window.localStorage;
    store.getItem("lidex:probe");
  } catch (e) {
    store = null;
  }
  var boxes = document.querySelectorAll("input[type=checkbox][data-key]");
  Array.prototype.forEach.call(boxes, function (box) {
    var key = "lidex:" + box.getAttribute("data-key");
    try {
      if (store && store.getItem(key) === "1") box.checked = true;
    } catch (e) {}
    box.addEventListener("change", function () {
      try {
        if (!store) return;
        if (box.checked) store.setItem(key, "1");
        else store.removeItem(key);
      } catch (e) {}
    });
  });
  function cellText(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 15) return;
    var rows = Array.prototype.slice.call(body.rows);
    var box = document.createElement("p");
    box.className = "filter";
    var label = document.createElement("label");
    label.textContent = "Filter this table: ";
    var input = document.createElement("input");
    input.type = "search";
    label.appendChild(input);
    box.appendChild(label);
    table.parentNode.insertBefore(box, table);
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      rows.forEach(function (row) {
        row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      var ascending = true;
      button.addEventListener("click", function () {
        rows.sort(function (a, b) {
          var x = cellText(a, i), y = cellText(b, i);
          var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
          var c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
          return ascending ? c : -c;
        });
        ascending = !ascending;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "descending" : "ascending");
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
