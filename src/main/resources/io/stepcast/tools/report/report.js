// Draws one key at a time (chosen by the picker, or by #key=NAME in the address so a view can be
// linked): the observed and predicted values with the flagged points, and the anomaly score, both
// with a dashed line where the model version changed. Once uPlot has drawn, each chart's container
// carries data-points, data-flagged and data-swaps, counted from what uPlot was given and drew, so a
// headless browser can check the page without looking at pixels.
(function () {
  "use strict";
  const report = JSON.parse(document.getElementById("report-data").textContent);
  const picker = document.getElementById("key");
  const charts = document.getElementById("charts");
  const summary = document.getElementById("summary");
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  const flagColour = "#d62728";
  const swapColour = "#9467bd";
  let drawn = [];

  // a series uPlot draws as points only: the flagged events
  function flaggedSeries() {
    return {
      label: "flagged",
      stroke: flagColour,
      fill: flagColour,
      paths: () => null,
      points: { show: true, size: 9, stroke: flagColour, fill: flagColour },
    };
  }

  // values at the flagged indices, null elsewhere (uPlot leaves nulls out)
  function atFlagged(k, values) {
    const out = new Array(values.length).fill(null);
    k.flagged.forEach((i) => (out[i] = values[i]));
    return out;
  }

  function swapMarkers(k, container) {
    return {
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            const left = u.bbox.left;
            const right = left + u.bbox.width;
            let marked = 0;
            ctx.save();
            ctx.strokeStyle = swapColour;
            ctx.fillStyle = swapColour;
            ctx.lineWidth = 2;
            ctx.setLineDash([6, 4]);
            ctx.font = Math.round(12 * devicePixelRatio) + "px sans-serif";
            for (const s of k.swaps) {
              const x = Math.round(u.valToPos(s.t, "x", true));
              if (x < left || x > right) {
                continue;
              }
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.fillText("v" + s.version, x + 4, u.bbox.top + 14 * devicePixelRatio);
              marked++;
            }
            ctx.restore();
            container.dataset.swaps = marked;
          },
        ],
      },
    };
  }

  function chart(k, name, height, series, data, yRange) {
    const container = document.createElement("div");
    container.className = "chart";
    container.dataset.chart = name;
    container.dataset.key = k.key;
    charts.appendChild(container);
    const flaggedIndex = series.length - 1;
    const opts = {
      width: Math.max(480, charts.clientWidth),
      height: height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
      cursor: { sync: { key: "stepcast" } },
      scales: { x: { time: true }, y: yRange ? { range: yRange } : {} },
      series: [{ label: "time (UTC)" }].concat(series),
      plugins: [swapMarkers(k, container)],
      hooks: {
        ready: [
          (u) => {
            container.dataset.points = u.data[0].length;
            container.dataset.flagged = u.data[flaggedIndex + 1].filter((v) => v != null).length;
          },
        ],
      },
    };
    return new uPlot(opts, data, container);
  }

  function show(index) {
    drawn.forEach((u) => u.destroy());
    charts.textContent = "";
    const k = report.keys[index];
    const versions = k.versions.join(", ");
    summary.textContent = k.key + ": " + k.t.length + " predictions, " + k.flagged.length + " flagged, model version"
        + (k.versions.length > 1 ? "s " : " ") + versions + " (" + k.swaps.length + " swap"
        + (k.swaps.length === 1 ? ")" : "s)");
    const valueSeries = [];
    // each feature a pair of colours, so a prediction close to its observation still stands apart
    report.features.forEach((f, i) => {
      valueSeries.push({ label: f + " observed", stroke: palette[(2 * i) % palette.length], width: 1.5 });
      valueSeries.push({ label: f + " predicted", stroke: palette[(2 * i + 1) % palette.length], width: 1, dash: [4, 3] });
    });
    const values = [k.t];
    report.features.forEach((f, i) => values.push(k.observed[i], k.predicted[i]));
    // flagged points sit on the first feature's observed value
    values.push(atFlagged(k, k.observed[0]));
    drawn = [
      chart(k, "values", 320, valueSeries.concat([flaggedSeries()]), values, null),
      chart(k, "score", 170, [{ label: "anomaly score", stroke: "#444", width: 1 }, flaggedSeries()],
          [k.t, k.score, atFlagged(k, k.score)], [0, 1]),
    ];
  }

  if (report.keys.length === 0) {
    summary.textContent = "No predictions.";
    return;
  }
  report.keys.forEach((k, i) => picker.add(new Option(k.key, String(i))));
  document.getElementById("picker-row").hidden = report.keys.length < 2;
  picker.addEventListener("change", () => {
    location.hash = "key=" + encodeURIComponent(report.keys[picker.selectedIndex].key);
  });
  function fromAddress() {
    const wanted = location.hash.startsWith("#key=") ? decodeURIComponent(location.hash.slice(5)) : null;
    const index = Math.max(0, report.keys.findIndex((k) => k.key === wanted));
    picker.selectedIndex = index;
    show(index);
  }
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
