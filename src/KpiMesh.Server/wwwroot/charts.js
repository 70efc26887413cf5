// The two ECharts views: the history of one series (value, target trajectory, milestones, projection) and the map of
// the current unit's children coloured by progress to target. ECharts comes from npm at build time (lib/echarts.min.js).
import { date, lang, percent, t } from "./i18n.js";

const echarts = globalThis.echarts;
const charts = new Map();
function chartOf(node) {
  let chart = charts.get(node);
  if (!chart) {
    chart = echarts.init(node, null, { locale: lang === "en" ? "EN" : "ZH" });
    charts.set(node, chart);
    new ResizeObserver(() => chart.resize()).observe(node);
  }
  return chart;
}
/** Charts are rebuilt in the new language (ECharts' locale is fixed at init). */
export function disposeCharts() {
  for (const chart of charts.values()) chart.dispose();
  charts.clear();
}

const day = (text) => new Date(`${text}T00:00:00`).getTime();
const addDays = (text, n) => { const d = new Date(`${text}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); };

/** The target on a day: the straight line from the baseline through each milestone, flat after the last. */
function trajectoryAt(target, text) {
  let start = { due: target.baselineDate, value: target.baselineValue };
  for (const m of target.milestones) {
    if (text <= m.due) {
      const span = day(m.due) - day(start.due);
      return span <= 0 ? m.value : start.value + (m.value - start.value) * Math.max(0, day(text) - day(start.due)) / span;
    }
    start = m;
  }
  return start.value;
}

/**
 * @param history the /history answer; @param target the series' schedule from /targets (or null);
 * @param projection the series' projection (or null); @param format formats a value for axis and tooltip.
 */
export function drawHistory(node, history, target, projection, format) {
  const chart = chartOf(node);
  const points = history.points.filter((p) => p.indicator.value !== null);
  if (!points.length) {
    chart.clear();
    chart.setOption({ title: { text: t.noHistory, left: "center", top: "middle", textStyle: { fontSize: 13, color: "#5b6878", fontWeight: "normal" } } });
    node.dataset.points = "0";
    return;
  }
  const first = history.points[0].day;
  const last = history.points.at(-1).day;
  // Forward to the projection's horizon: the milestone's day if still ahead, else the day the target would be reached
  // (within a year), so the reader sees where the line is heading.
  let end = last;
  if (projection?.valueAtDue !== null && projection?.valueAtDue !== undefined) end = projection.targetDue;
  else if (projection?.reachesTargetOn && projection.reachesTargetOn <= addDays(last, 365)) end = projection.reachesTargetOn;

  const series = [{
    name: t.actual, type: "line", showSymbol: points.length < 40, symbolSize: 5, lineStyle: { width: 2.5, color: "#2f7d5b" }, itemStyle: { color: "#2f7d5b" },
    data: history.points.map((p) => [day(p.day), p.indicator.value]),
  }];
  if (target) {
    const days = [];
    for (let d = first; d <= end; d = addDays(d, Math.max(1, Math.floor((day(end) - day(first)) / 86400000 / 60)))) days.push(d);
    if (days.at(-1) !== end) days.push(end);
    const inRange = target.milestones.filter((m) => m.due >= first && m.due <= end);
    series.push({
      name: t.trajectory, type: "line", showSymbol: false, lineStyle: { type: "dashed", color: "#16324f", width: 1.5 }, itemStyle: { color: "#16324f" },
      data: days.map((d) => [day(d), trajectoryAt(target, d)]),
      markLine: inRange.length ? { symbol: "none", lineStyle: { color: "#c2622d" }, label: { formatter: (p) => p.name, position: "insideEndTop", color: "#c2622d" },
        data: inRange.map((m) => ({ xAxis: day(m.due), name: `${t.milestone} ${format(m.value)} · ${date(m.due)}` })) } : undefined,
    });
  }
  if (projection && end > last) {
    const to = end === projection.targetDue ? projection.valueAtDue : projection.target;
    series.push({ name: t.projected, type: "line", showSymbol: true, symbolSize: 6, lineStyle: { type: "dotted", width: 2, color: "#c23a2b" }, itemStyle: { color: "#c23a2b" },
      data: [[day(last), projection.current], [day(end), to]] });
  }
  const milestone = target?.milestones.find((m) => m.due >= last) ?? target?.milestones.at(-1);
  chart.setOption({
    animation: false,
    title: milestone ? { text: `${t.milestone}: ${format(milestone.value)} · ${date(milestone.due)}`, right: 8, top: 0, textStyle: { fontSize: 12, fontWeight: "normal", color: "#5b6878" } } : undefined,
    legend: { top: 0, left: 0, textStyle: { fontSize: 12 } },
    grid: { left: 56, right: 24, top: 36, bottom: 36 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (typeof v === "number" ? format(v) : v) },
    xAxis: { type: "time", min: day(first), max: day(end), axisLabel: { hideOverlap: true, formatter: (v) => new Date(v).toLocaleDateString(lang, { month: "numeric", day: "numeric", ...(end.slice(0, 4) !== first.slice(0, 4) ? { year: "2-digit" } : {}) }) } },
    yAxis: { type: "value", min: 0, axisLabel: { formatter: (v) => format(v) } },
    series,
  }, true);
  node.dataset.points = String(points.length);
}

const pieces = () => [
  { gte: 1, label: lang === "en" ? "≥ 100% of target" : "≥ 100% 达标", color: "#2f7d5b" },
  { gte: 0.8, lt: 1, label: "80% – 100%", color: "#8cc084" },
  { gte: 0.5, lt: 0.8, label: "50% – 80%", color: "#f2c14e" },
  { gte: 0, lt: 0.5, label: "< 50%", color: "#d9534f" },
];

/**
 * Colours each child by its value as a share of its target. `areas` pairs polygons with units (from /map);
 * `children` are the ranked children rows; a click on a polygon calls `open(code)`.
 */
export function drawMap(node, geoJson, mapName, areas, children, title, format, open) {
  if (!echarts.getMap(mapName)) echarts.registerMap(mapName, geoJson);
  const chart = chartOf(node);
  const byCode = new Map(children.map((c) => [c.code, c]));
  const data = areas.map((a) => {
    const row = byCode.get(a.code)?.indicator;
    const progress = row && row.value !== null && row.target ? row.value / row.target : null;
    return { name: a.boundary, code: a.code, unitName: a.name, value: progress, shown: row ? format(row.value) : "—", target: row?.target };
  });
  chart.setOption({
    animation: false,
    title: { text: title, left: 0, top: 0, textStyle: { fontSize: 12, fontWeight: "normal", lineHeight: 16 } },
    tooltip: { trigger: "item", formatter: (p) => p.data ? `${p.data.unitName}<br>${p.data.shown}${p.data.target ? ` / ${format(p.data.target)}` : ""}<br>${t.progressToTarget} ${percent(p.data.value, 0)}` : p.name },
    visualMap: { type: "piecewise", pieces: pieces(), left: 0, bottom: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
    series: [{ type: "map", map: mapName, roam: false, selectedMode: false, data, nameProperty: "name", layoutCenter: ["55%", "56%"], layoutSize: "84%",
      label: { show: areas.length <= 30, fontSize: 10, formatter: (p) => p.data?.unitName ?? p.name },
      itemStyle: { borderColor: "#fff", borderWidth: 1, areaColor: "#d5dbe2" }, emphasis: { label: { show: true }, itemStyle: { areaColor: "#7fb3e0" } } }],
  }, true);
  chart.off("click");
  chart.on("click", (p) => p.data?.code && open(p.data.code));
  node.dataset.areas = String(data.length);
  node.dataset.coloured = String(data.filter((d) => d.value !== null).length);
  return chart;
}
