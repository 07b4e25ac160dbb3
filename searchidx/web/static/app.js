// searchidx: small enhancements over pages that work without this script.
// - sort, per, split and story controls submit their form when changed;
// - "/" moves the focus to the search box;
// - on the date chart, dragging across bars narrows the search to that range of periods, as the bars
//   count them (month=2019-06..2019-09; a click on one bar already narrows to its period, as a plain link).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-autosubmit]").forEach(function (control) {
    control.addEventListener("change", function () {
      if (control.form) control.form.requestSubmit();
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    var box = document.getElementById("q");
    if (event.key === "/" && !typing && box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  document.querySelectorAll("svg.histogram").forEach(rangeSelect);
});

function rangeSelect(svg) {
  var bars = Array.prototype.slice.call(svg.querySelectorAll("a.bar-link"));
  var start = null, end = null, dragged = false;

  function indexOf(node) {
    var link = node && node.closest ? node.closest("a.bar-link") : null;
    return link ? bars.indexOf(link) : -1;
  }
  function paint() {
    var lo = Math.min(start, end), hi = Math.max(start, end);
    bars.forEach(function (bar, i) {
      bar.classList.toggle("selected", start !== null && i >= lo && i <= hi);
    });
  }
  svg.addEventListener("pointerdown", function (event) {
    var i = indexOf(event.target);
    if (i < 0) return;
    start = end = i;
    dragged = false;
    paint();
    event.preventDefault();
  });
  svg.addEventListener("pointermove", function (event) {
    if (start === null) return;
    var hit = document.elementFromPoint(event.clientX, event.clientY);
    var i = indexOf(hit);
    if (i >= 0 && i !== end) {
      end = i;
      dragged = dragged || end !== start;
      paint();
    }
  });
  document.addEventListener("pointerup", function () {
    if (start === null) return;
    var lo = Math.min(start, end), hi = Math.max(start, end);
    var wasDrag = dragged;
    start = end = null;
    if (!wasDrag) {
      paint();
      return; // a click: the bar's own link narrows to its period
    }
    var url = new URL(window.location.href);
    var by = svg.getAttribute("data-by");
    url.searchParams.set(by, bars[lo].getAttribute("data-period") + ".." + bars[hi].getAttribute("data-period"));
    url.searchParams.delete("page");
    window.location.assign(url.toString());
  });
  svg.addEventListener("click", function (event) {
    if (dragged) {
      event.preventDefault();
      dragged = false;
    }
  });
}
