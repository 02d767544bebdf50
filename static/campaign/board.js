/* The campaign board's charts (ECharts), drawn from the page's JSON data island:
   the CSP keeps every script out of the templates. */
(function () {
  "use strict";

  function bars(id, data, labels) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#dc3545", "#198754"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 60 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: labels.found, type: "bar", data: data.found },
        { name: labels.rectified, type: "bar", data: data.rectified }
      ]
    });
    return chart;
  }

  function draw() {
    var island = document.getElementById("cp-data");
    var names = document.getElementById("cp-labels");
    if (!island || !names || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(island.textContent);
    var labels = names.dataset;
    var charts = [bars("cp-areas", data.areas, labels), bars("cp-units", data.units, labels)];
    var attendance = document.getElementById("cp-attendance");
    if (attendance) {
      var rateChart = window.echarts.init(attendance, null, { renderer: "svg" });
      rateChart.setOption({
        animation: false,
        color: ["#0d6efd"],
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
        grid: { left: 40, right: 16, top: 16, bottom: 60 },
        xAxis: { type: "category", data: data.attendance.labels, axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", max: 100 },
        series: [{ name: labels.rate, type: "bar", data: data.attendance.rates }]
      });
      charts.push(rateChart);
    }
    var findings = document.getElementById("cp-findings");
    if (findings) {
      var pie = window.echarts.init(findings, null, { renderer: "svg" });
      pie.setOption({
        animation: false,
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: data.findings }]
      });
      charts.push(pie);
    }
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        if (chart) {
          chart.resize();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
