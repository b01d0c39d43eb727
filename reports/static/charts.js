/* Draws every chart of a page from its <script type="application/json" class="chart-data">
   block (written by the template with Jinja's tojson, so no data is ever concatenated into
   code). The block's table stays in the page as the chart's text alternative. */
(function () {
  "use strict";
  var PALETTE = ["#0b5cab", "#e07a1f", "#2a9d5c", "#c0392b", "#7b4fb8", "#8c6d31", "#d6619e",
                 "#5f6b7a", "#1b9aaa", "#b5a000", "#3d5a80", "#9c6644"];

  function formatter(kind) {
    var count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
    var one = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    var usd2 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
    return function (v) {
      if (v === null || v === undefined || isNaN(v)) { return "—"; }
      switch (kind) {
        case "usd": {
          var a = Math.abs(v);
          if (a === 0 || a >= 1) { return usd2.format(v); }
          return (v < 0 ? "-$" : "$") + a.toFixed(a >= 0.01 ? 4 : 6);
        }
        case "pct": return one.format(v) + "%";
        case "rate": return one.format(v * 100) + "%";
        case "ms": return count.format(v) + " ms";
        case "seconds": return one.format(v) + " s";
        case "multiple": return one.format(v) + "×";
        default: return count.format(v);
      }
    };
  }

  function draw(block) {
    var spec = JSON.parse(block.textContent);
    var figure = block.closest("figure");
    var canvas = figure && figure.querySelector("canvas");
    if (!canvas || typeof Chart === "undefined") { return; }
    var round = spec.type === "pie" || spec.type === "doughnut";
    var fmt = formatter(spec.format);
    var datasets = spec.datasets.map(function (ds, i) {
      var colour = PALETTE[i % PALETTE.length];
      return Object.assign({}, ds, {
        backgroundColor: round ? spec.labels.map(function (_, j) { return PALETTE[j % PALETTE.length]; }) : colour,
        borderColor: round ? "#ffffff" : colour,
        borderWidth: round ? 2 : 1
      });
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: round || datasets.length > 1, position: round ? "right" : "top" },
        tooltip: { callbacks: { label: function (ctx) {
          var v = ctx.parsed && typeof ctx.parsed === "object" ? (spec.horizontal ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
          return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + fmt(v);
        } } }
      }
    };
    if (!round) {
      var valueAxis = spec.horizontal ? "x" : "y";
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = {};
      options.scales[valueAxis] = { beginAtZero: true, ticks: { callback: function (v) { return fmt(v); } } };
    }
    new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
  }

  function init() {
    document.querySelectorAll('script[type="application/json"].chart-data').forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
