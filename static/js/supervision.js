/* The supervision centre's trend chart (ECharts), drawn from the page's JSON data island:
   the CSP keeps every script out of the templates. */
(function () {
  "use strict";

  function drawTrend() {
    var element = document.getElementById("sv-trend");
    var island = document.getElementById("sv-trend-data");
    if (!element || !island || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(island.textContent);
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#0d6efd", "#198754", "#dc3545"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: data.labels.received, type: "bar", data: data.received },
        { name: data.labels.closed, type: "bar", data: data.closed },
        { name: data.labels.late, type: "line", data: data.late, smooth: false }
      ]
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawTrend);
  } else {
    drawTrend();
  }
})();
