/* Statistics charts (issue 6): draws every <canvas data-chart="id"> from the JSON in
 * <script id="stats-charts">, with the locally served Chart.js (static/vendor/chartjs/).
 * The charts repeat the tables next to them; without JavaScript the tables are the page. */
(function () {
  "use strict";
  var source = document.getElementById("stats-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var palette = ["#1f5f8b", "#2e8540", "#d4a017", "#b3261e", "#6b4c9a", "#00798c", "#8a5a2b",
    "#5c6b73", "#c2185b", "#4e7d1e"];
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function colours(chart, index, count) {
    if (chart.type === "doughnut") {
      return palette.slice(0, count);
    }
    return palette[index % palette.length];
  }

  function config(chart) {
    var datasets = chart.datasets.map(function (dataset, index) {
      var colour = colours(chart, index, dataset.data.length);
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: chart.type === "line" ? colour : undefined,
        fill: false,
        tension: 0.2
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : undefined,
      plugins: { legend: { display: chart.type !== "bar" || datasets.length > 1 } }
    };
    if (chart.type !== "doughnut") {
      options.scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
    }
    if (chart.type === "bar" && chart.labels.length > 6) {
      options.indexAxis = "y";
      options.scales = { x: { beginAtZero: true, ticks: { precision: 0 } } };
    }
    return { type: chart.type, data: { labels: chart.labels, datasets: datasets }, options: options };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var chart = charts[canvas.getAttribute("data-chart")];
    if (chart) {
      new window.Chart(canvas, config(chart));
    }
  });
})();
