/* The assessment charts (ECharts), drawn from the pages' JSON data islands:
   the CSP keeps every script out of the templates. */
(function () {
  "use strict";

  function data(id) {
    var island = document.getElementById(id);
    return island ? JSON.parse(island.textContent) : null;
  }

  function ranking(charts) {
    var element = document.getElementById("as-ranking");
    var values = data("as-ranking-data");
    if (!element || !values) {
      return;
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 44, right: 16, top: 16, bottom: 80 },
      xAxis: { type: "category", data: values.labels, axisLabel: { interval: 0, rotate: 40 } },
      yAxis: { type: "value", max: 100 },
      series: [{
        type: "bar",
        barMaxWidth: 28,
        data: values.totals.map(function (total, index) {
          return { value: total, itemStyle: { color: values.colors[index] } };
        })
      }]
    });
    charts.push(chart);
  }

  function trend(charts) {
    var element = document.getElementById("as-trend");
    var values = data("as-trend-data");
    if (!element || !values) {
      return;
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    var series = values.series || [{ name: "", data: values.totals }];
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: series.length > 1 ? { type: "scroll", top: 0 } : undefined,
      grid: { left: 44, right: 16, top: series.length > 1 ? 36 : 16, bottom: 28 },
      xAxis: { type: "category", data: values.labels },
      yAxis: { type: "value", min: 0, max: 100 },
      series: series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 7 };
      })
    });
    charts.push(chart);
  }

  function draw() {
    if (typeof window.echarts === "undefined") {
      return;
    }
    var charts = [];
    ranking(charts);
    trend(charts);
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
