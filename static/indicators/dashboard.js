// Draws the indicators dashboard with Chart.js from the figures the page carries as JSON.
// The same figures are in the page's tables, which screen readers read instead of the canvases.
(function () {
  "use strict";
  // Progress bars take their width from data-share: the Content-Security-Policy allows no style attributes.
  document.querySelectorAll(".bar [data-share]").forEach(function (bar) {
    bar.style.width = bar.dataset.share + "%";
  });
  if (typeof Chart === "undefined") return;
  const data = JSON.parse(document.getElementById("indicators-data").textContent);
  const labels = document.getElementById("indicators-labels").dataset;
  const palette = ["#0b5cad", "#e07b00", "#1f7a3a", "#8e44ad", "#b3261e", "#00838f", "#6d4c41", "#546e7a"];
  Chart.defaults.font.family = '"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  draw("chart-targets", {
    type: "bar",
    data: {
      labels: data.targets.labels,
      datasets: [
        { label: labels.target, data: data.targets.target, backgroundColor: "#c9d6e6" },
        { label: labels.actual, data: data.targets.actual, backgroundColor: palette[0] },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });

  draw("chart-funnel", {
    type: "bar",
    data: {
      labels: data.funnel.labels,
      datasets: [{ label: labels.total, data: data.funnel.values, backgroundColor: palette[0] }],
    },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
  });

  draw("chart-monthly", {
    type: "line",
    data: {
      labels: data.months,
      datasets: data.monthly.map(function (series, i) {
        return { label: series.label, data: series.values, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], tension: 0.2 };
      }),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw("chart-amounts", {
    type: "bar",
    data: { labels: data.months, datasets: [{ label: data.amounts.label, data: data.amounts.values, backgroundColor: palette[1] }] },
    options: { scales: { y: { beginAtZero: true } } },
  });

  draw("chart-tracks", {
    type: "bar",
    data: {
      labels: data.tracks,
      datasets: data.by_track.map(function (series, i) {
        return { label: series.label, data: series.values, backgroundColor: palette[i % palette.length] };
      }),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
