/* The console's statistics charts: each <canvas data-chart='...'> becomes a Chart.js chart
   (values on hover and keyboard focus), Danish number format; the same numbers are in the
   table below each chart. No inline script: the page's CSP allows scripts from this server. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  // colours with at least 3:1 contrast against white (WCAG 1.4.11)
  var COLOURS = ["#1d4f91", "#b35900", "#00703c", "#6f2c91", "#b10e1e", "#505a5f"];
  var number = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 2 });
  Chart.defaults.font.family = "system-ui, sans-serif";
  Chart.defaults.color = "#1b1b1b";
  Chart.defaults.animation = false;

  function show(value, percent) {
    if (value === null || value === undefined) { return "-"; }
    return number.format(value) + (percent ? " %" : "");
  }

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var line = spec.kind === "line";
    var datasets = spec.series.map(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: s.label, data: s.values, borderColor: colour,
        backgroundColor: line ? colour : colour + "E6", borderWidth: line ? 2 : 0,
        pointRadius: line ? 2 : 0, spanGaps: true
      };
    });
    var valueAxis = {
      beginAtZero: true,
      ticks: { precision: spec.percent ? 1 : 0, callback: function (v) { return show(v, spec.percent); } },
      grid: { color: "#d8d8d8" }
    };
    if (spec.percent) { valueAxis.suggestedMax = 100; }
    var scales = spec.horizontal ? { x: valueAxis, y: { grid: { display: false } } }
                                 : { y: valueAxis, x: { grid: { display: false } } };
    var chart = new Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true, maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                var raw = spec.horizontal ? item.parsed.x : item.parsed.y;
                return item.dataset.label + ": " + show(raw, spec.percent);
              }
            }
          }
        },
        scales: scales
      }
    });
    // keyboard: focus the chart, then the arrow keys move the tooltip from point to point
    var index = -1;
    canvas.tabIndex = 0;
    canvas.addEventListener("keydown", function (event) {
      var n = spec.labels.length;
      if (!n || (event.key !== "ArrowRight" && event.key !== "ArrowLeft" &&
                 event.key !== "ArrowDown" && event.key !== "ArrowUp")) { return; }
      event.preventDefault();
      var forward = event.key === "ArrowRight" || event.key === "ArrowDown";
      index = (index + (forward ? 1 : n - 1)) % n;
      var active = datasets.map(function (_d, i) { return { datasetIndex: i, index: index }; });
      chart.setActiveElements(active);
      chart.tooltip.setActiveElements(active, { x: 0, y: 0 });
      chart.update();
    });
    canvas.addEventListener("blur", function () {
      chart.setActiveElements([]);
      chart.tooltip.setActiveElements([], { x: 0, y: 0 });
      chart.update();
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
}());
