/* The statistics page's charts (ECharts), drawn from the page's JSON data islands. */
(function () {
  "use strict";

  function draw(elementId, islandId) {
    var element = document.getElementById(elementId);
    var island = document.getElementById(islandId);
    if (!element || !island || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(island.textContent);
    if (!data.names.length) {
      element.classList.add("d-none");
      return;
    }
    // Horizontal bars: long unit and item names stay readable, one row per name.
    element.style.height = Math.max(200, 80 + data.names.length * 34) + "px";
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#a4161a", "#e8c15a"],
      tooltip: { trigger: "axis", valueFormatter: function (value) { return value === null ? "—" : value + "%"; } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
      yAxis: { type: "category", data: data.names, inverse: true, axisLabel: { interval: 0, width: 180, overflow: "truncate" } },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: data.labels.promised, type: "bar", data: data.promised },
        { name: data.labels.statutory, type: "bar", data: data.statutory }
      ]
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  function drawAll() {
    draw("st-unit-chart", "st-unit-data");
    draw("st-item-chart", "st-item-data");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
