/* The key-project board's chart (ECharts): land approved vs planned per project,
   drawn from the page's JSON data island (the CSP keeps scripts out of templates). */
(function () {
  "use strict";

  function drawLand() {
    var element = document.getElementById("kp-land");
    var island = document.getElementById("kp-land-data");
    if (!element || !island || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(island.textContent);
    if (!data.names.length) {
      element.hidden = true;
      return;
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#adb5bd", "#198754"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 28, containLabel: true },
      xAxis: { type: "value", name: data.labels.unit, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "category", data: data.names, inverse: true },
      series: [
        { name: data.labels.planned, type: "bar", data: data.planned },
        { name: data.labels.approved, type: "bar", data: data.approved }
      ]
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawLand);
  } else {
    drawLand();
  }
})();
