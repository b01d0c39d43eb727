/* Draws every chart of a page from its <script type="application/json" class="chart-data">
   block (written by the template with Jinja's tojson, so no data is ever concatenated into
   code). The block's table stays in the page as the chart's text alternative. Strings from the
   data are only ever given to Chart.js as labels, which it draws on the canvas as text. */
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
        case "score": return one.format(v);
        case "ratio": return v.toFixed(2);
        default: return count.format(v);
      }
    };
  }

  /* Category labels on an axis: ISO hours as "MM-DD HH:MM" (UTC), long names cut at 28 chars. */
  function shortLabel(value) {
    var s = String(value);
    var hour = /^\d{4}-(\d{2}-\d{2})T(\d{2}:\d{2})/.exec(s);
    if (hour) { return hour[1] + " " + hour[2]; }
    return s.length > 28 ? s.slice(0, 27) + "…" : s;
  }

  function colour(i) { return PALETTE[i % PALETTE.length]; }

  function tint(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  /* Names next to scatter points, so a labelled scatter reads without hovering. With many
     points only the extremes are named (the 4 highest and the 3 furthest right); the table
     below the chart names them all. */
  var MAX_LABELLED = 12;
  function extremes(data) {
    if (data.length <= MAX_LABELLED) { return data.map(function () { return true; }); }
    var byY = data.map(function (p, i) { return i; }).sort(function (a, b) { return data[b].y - data[a].y; });
    var byX = data.map(function (p, i) { return i; }).sort(function (a, b) { return data[b].x - data[a].x; });
    var keep = data.map(function () { return false; });
    byY.slice(0, 4).concat(byX.slice(0, 3)).forEach(function (i) { keep[i] = true; });
    return keep;
  }
  var pointLabels = {
    id: "finopsPointLabels",
    afterDatasetsDraw: function (chart) {
      if (chart.config.type !== "scatter") { return; }
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillStyle = "#1b1f24";
      chart.data.datasets.forEach(function (ds, i) {
        var keep = extremes(ds.data);
        chart.getDatasetMeta(i).data.forEach(function (point, j) {
          var name = ds.data[j] && ds.data[j].name;
          if (!name || !keep[j]) { return; }
          var text = String(name).slice(0, 24);
          var right = point.x + 6 + ctx.measureText(text).width > chart.chartArea.right;
          ctx.textAlign = right ? "right" : "left";
          ctx.fillText(text, right ? point.x - 6 : point.x + 6, point.y - 6);
        });
      });
      ctx.restore();
    }
  };

  function scatter(spec) {
    var xs = spec.datasets[0].data, ys = spec.datasets[1].data;
    var points = spec.labels.map(function (name, i) { return { x: xs[i], y: ys[i], name: name }; })
      .filter(function (p) { return p.x !== null && p.y !== null; });
    return [{ label: spec.datasets[1].label + " vs " + spec.datasets[0].label, data: points,
              backgroundColor: colour(0), borderColor: colour(0), pointRadius: 5 }];
  }

  function draw(block) {
    var spec = JSON.parse(block.textContent);
    var opts = spec.options || {};
    var figure = block.closest("figure");
    var canvas = figure && figure.querySelector("canvas");
    if (!canvas || typeof Chart === "undefined") { return; }
    var round = spec.type === "pie" || spec.type === "doughnut";
    var fmt = formatter(spec.format);
    var fmt2 = formatter(opts.format2 || spec.format);
    var xfmt = formatter(opts.xformat || "count");
    var datasets = spec.type === "scatter" ? scatter(spec) : spec.datasets.map(function (ds, i) {
      var c = colour(ds.color === undefined ? i : ds.color);
      var line = (ds.type || spec.type) === "line";
      return {
        label: ds.label, data: ds.data, type: ds.type, yAxisID: ds.axis === "y2" ? "y2" : undefined,
        backgroundColor: round ? spec.labels.map(function (_, j) { return colour(j); })
          : (ds.fill ? tint(c, 0.15) : c),
        borderColor: round ? "#ffffff" : c,
        borderWidth: round ? 2 : (line ? 2 : 1),
        borderDash: ds.dash ? [6, 4] : undefined,
        fill: ds.fill || false,
        pointRadius: line ? (ds.points === false ? 0 : (ds.points_only ? 5 : 2)) : undefined,
        showLine: ds.points_only ? false : undefined,
        spanGaps: false,
        order: line ? 0 : 1
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: round || datasets.length > 1, position: round ? "right" : "top" },
        tooltip: { callbacks: { label: function (ctx) {
          if (spec.type === "scatter") {
            var p = ctx.raw;
            return p.name + ": " + xfmt(p.x) + ", " + fmt(p.y);
          }
          var v = ctx.parsed && typeof ctx.parsed === "object" ? (spec.horizontal ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
          var f = ctx.dataset.yAxisID === "y2" ? fmt2 : fmt;
          return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + f(v);
        } } }
      }
    };
    if (!round) {
      var valueAxis = spec.horizontal ? "x" : "y";
      var labelAxis = spec.horizontal ? "y" : "x";
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = {};
      options.scales[valueAxis] = { beginAtZero: true, stacked: !!opts.stacked, max: opts.max,
        ticks: { callback: function (v) { return fmt(v); } } };
      if (spec.type === "scatter") {
        options.scales.x = { ticks: { callback: function (v) { return xfmt(v); } }, title: { display: true, text: spec.datasets[0].label } };
        options.scales.y.title = { display: true, text: spec.datasets[1].label };
      } else {
        options.scales[labelAxis] = { stacked: !!opts.stacked, ticks: { autoSkip: true, maxRotation: 60,
          callback: function (v) { return shortLabel(this.getLabelForValue(v)); } } };
      }
      if (spec.datasets.some(function (ds) { return ds.axis === "y2"; })) {
        options.scales.y2 = { position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
          ticks: { callback: function (v) { return fmt2(v); } } };
      }
    }
    new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options,
                        plugins: [pointLabels] });
  }

  function init() {
    document.querySelectorAll('script[type="application/json"].chart-data').forEach(draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
