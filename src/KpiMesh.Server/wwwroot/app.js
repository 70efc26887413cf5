// The leaders' console: a unit's indicators against their targets (status, due date, projection), its children on a
// map and in a ranking, laggards, rising red warnings, history and platform standards (assessments.js adds the assessments); every table
// exports to CSV and Excel, and the page prints on A4. Values change in place as submissions arrive (Server-Sent
// Events from /api/v1/units/{code}/stream). Modules: i18n (language), api, dom, exports, charts; this file wires them.
import { api, headers, thisMonth, unitPath, whenUnauthorized } from "./api.js";
import { drawHistory, drawMap, disposeCharts } from "./charts.js";
import { $, cell, element } from "./dom.js";
import { exportButtons } from "./exports.js";
import { approvalName, date, dateTime, indicatorName, lang, levelName, number, optionName, percent, percentPoints, setLanguage, statusName, t } from "./i18n.js";

const administrative = ["nation", "province", "city", "county", "town", "village"];
const state = { catalog: new Map(), code: null, unit: null, indicator: "village_room_rate", range: 90, laggardLevel: null,
  projections: new Map(), targets: new Map(), standards: [], source: null, timer: null, maps: new Map(), approvals: new Map(), childApprovals: null };
const key = (indicator, option) => `${indicator}/${option ?? ""}`;
const today = () => new Date().toISOString().slice(0, 10);

// ---- language -------------------------------------------------------------------------------------------------
function fillIndicatorChoice() {
  const select = $("#indicator");
  select.replaceChildren(...[...state.catalog.values()].filter((i) => i.kind !== "count")
    .map((i) => element("option", { value: i.id }, indicatorName(i))));
  select.value = state.indicator;
}

/**
 * The indicators follow the programme in force: when a unit shows one the console does not know (the programme
 * changed since it loaded), it reads them again once and names the rows and the indicator choice from the new list.
 */
let catalogReload = null;
function followProgramme(unit) {
  if (catalogReload || unit.indicators.every((r) => state.catalog.has(r.indicator))) return;
  catalogReload = api("/api/v1/indicators").then((indicators) => {
    state.catalog = new Map(indicators.map((i) => [i.id, i]));
    fillIndicatorChoice();
    if (state.unit) renderIndicators(state.unit);
  }).catch(showError).finally(() => { catalogReload = null; });
}

function applyLabels() {
  for (const node of document.querySelectorAll("[data-t]")) if (typeof t[node.dataset.t] === "string") node.textContent = t[node.dataset.t];
  for (const node of document.querySelectorAll("[data-t-placeholder]")) node.placeholder = t[node.dataset.tPlaceholder];
  for (const node of document.querySelectorAll("[data-t-period]")) node.textContent = t[node.dataset.tPeriod](thisMonth());
  for (const option of $("#range").options) option.textContent = t.days(Number(option.value));
  $("#range").value = String(state.range);
  fillIndicatorChoice();
  // Export buttons beside each table's heading; files are named by unit and table.
  for (const slot of document.querySelectorAll("[data-exports]")) {
    const table = $(`#${slot.dataset.exports}`);
    const heading = () => slot.closest("h3, h4").querySelector("span[data-t]").textContent;
    slot.replaceChildren(exportButtons(table, () => `${state.unit?.name ?? "KpiMesh"}-${heading()}`, showError));
  }
  document.title = `${state.unit?.name ?? "KpiMesh"} · ${t.title}`;
}

$("#language").addEventListener("click", () => {
  setLanguage(lang === "en" ? "zh-CN" : "en");
  disposeCharts();
  applyLabels();
  if (state.code) show(state.code).catch(showError);
});
$("#print").addEventListener("click", () => window.print());

// ---- formatting -----------------------------------------------------------------------------------------------
/** Per-population indicators are per head (professionals per 100,000 people), not shares. */
const perHead = (indicator) => state.catalog.get(indicator)?.kind === "per_population";
/** How a value of this indicator reads: per head with its unit of measure, everything else (rates, shares) in percent. */
const formatter = (indicator) => perHead(indicator)
  ? (v) => (v === null || v === undefined ? "—" : `${number(v, 1)} ${state.catalog.get(indicator)?.unit ?? ""}`.trim())
  : (v) => percent(v);
const isCount = (row) => row.previous !== null && row.previous !== undefined;
const progressOf = (row) => (row.value !== null && row.target ? row.value / row.target : null);
const completeness = (row) => (row.expectedUnits > 0 ? `${number(row.reportedUnits)} / ${number(row.expectedUnits)}` : number(row.reportedUnits));
/** A unit's approval state for the month under way (`state.approvals`, read with the children); a unit not yet read shows nothing. */
const approvalCell = (code) => {
  const entry = state.approvals.get(code);
  if (!entry) return cell("—", undefined, { class: "muted" });
  const title = entry.by ? `${entry.by} · ${dateTime(entry.at)}` : undefined;
  return cell(element("span", { class: `approval ${entry.state}`, "data-approval": entry.state, title }, approvalName(entry.state)), approvalName(entry.state));
};
const statusBadge = (status) => element("span", { class: `status ${status ?? "none"}`, "data-status": status ?? "" }, statusName(status));

function bar(row) {
  const progress = progressOf(row);
  // A per-head value is drawn against its target (full bar = target reached); shares against 100%.
  const width = perHead(row.indicator) ? (row.target ? Math.min(1, (row.value ?? 0) / row.target) : 0) : Math.min(1, row.value ?? 0);
  const node = element("div", { class: `bar ${row.status ?? "none"}`, role: "img", "aria-label": formatter(row.indicator)(row.value) },
    element("span", { style: `width:${(width * 100).toFixed(1)}%` }));
  if (row.target !== null && row.target !== undefined && !perHead(row.indicator))
    node.append(element("i", { style: `left:${(Math.min(1, row.target) * 100).toFixed(1)}%`, title: `${t.target} ${percent(row.target, 0)}` }));
  return cell(node, progress === null ? null : Number(progress.toFixed(4)));
}

/** The projection of a row in words: heading for a miss (and whether it looks fine today), or the day it makes it. */
function projectionText(row, projection) {
  if (!projection || row.status === "met") return element("span", { class: "muted" }, "—");
  const format = formatter(row.indicator);
  const parts = [];
  let warn = false;
  if (projection.willMiss) {
    warn = true;
    if (row.status === "on_track" || row.status === "at_risk") parts.push(element("strong", { "data-projection": "miss-on-track" }, t.onTrackButMiss), "：");
    parts.push(t.willMiss(format(projection.valueAtDue), perHead(row.indicator) ? format(projection.shortfall) : percentPoints(projection.shortfall)));
  } else if (projection.reachesTargetOn) parts.push(t.willMake(date(projection.reachesTargetOn)));
  else { parts.push(t.never); warn = true; }
  return element("span", { class: warn ? "projection warn" : "projection", title: t.pace(perHead(row.indicator) ? format(projection.pacePerDay) : percentPoints(projection.pacePerDay)) }, ...parts);
}

// ---- the unit -------------------------------------------------------------------------------------------------
function renderUnit(unit) {
  state.unit = unit;
  $("#unit-name").replaceChildren(unit.name, element("span", { class: "code" }, `${levelName(unit.level)} · ${unit.code}`));
  $("#unit-name").setAttribute("data-unit", unit.code);
  $("#unit-meta").textContent = `${t.childrenBelow(number(unit.childCount))} · ${unit.asOf ? t.lastChange(dateTime(unit.asOf)) : t.noData}`;
  const crumbs = [...unit.ancestors, { code: unit.code, name: unit.name }];
  $("#breadcrumbs").replaceChildren(...crumbs.flatMap((c, i) => [
    ...(i > 0 ? [element("span", { class: "sep" }, "›")] : []),
    i === crumbs.length - 1 ? element("strong", {}, c.name) : element("a", { href: `#/unit/${c.code}`, "data-crumb": c.code }, c.name),
  ]));
  document.title = `${unit.name} · ${t.title}`;
  renderIndicators(unit);
  renderPlatform(unit);
  followProgramme(unit);
}

function indicatorCells(row) {
  const indicator = state.catalog.get(row.indicator);
  const format = formatter(row.indicator);
  const name = row.option ? optionName(row.option) : indicatorName(indicator);
  if (isCount(row)) {
    return [cell(name), cell(""), cell(`${number(row.numerator)}${row.alert ? ` ${t.rose}` : ""}`, row.numerator, { class: row.alert ? "num alert" : "num" }),
      cell("—"), cell(row.alert ? element("span", { class: "status off_track" }, t.rose) : "—"), cell(""),
      cell(t.previous(number(row.previous)), row.previous, { class: "num secondary", "data-col": "fraction" }), cell(completeness(row), undefined, { class: "num" })];
  }
  const projection = state.projections.get(key(row.indicator, row.option));
  const target = row.target === null || row.target === undefined ? "—"
    : element("span", {}, format(row.target), element("small", { class: "due", "data-due": row.targetDue }, ` ${t.due(date(row.targetDue))}`));
  return [cell(name, undefined, { title: indicator?.source ?? "" }), bar(row), cell(format(row.value), row.value, { class: `num value ${row.status ?? ""}` }),
    cell(target, row.target), cell(statusBadge(row.status), statusName(row.status)), cell(projectionText(row, projection)),
    cell(`${number(row.numerator)} / ${number(row.denominator)}`, undefined, { class: "num secondary", "data-col": "fraction" }),
    cell(completeness(row), undefined, { class: "num", "data-col": "reported" })];
}

function renderIndicators(unit) {
  const body = $("#indicators tbody");
  for (const row of unit.indicators) {
    const rowKey = key(row.indicator, row.option);
    let tr = body.querySelector(`tr[data-key="${CSS.escape(rowKey)}"]`);
    const cells = indicatorCells(row);
    if (!tr) {
      body.append(element("tr", { "data-key": rowKey, class: row.option ? "option" : "" }, ...cells));
      continue;
    }
    const before = tr.textContent;
    tr.replaceChildren(...cells);
    if (before !== tr.textContent) { tr.classList.remove("changed"); void tr.offsetWidth; tr.classList.add("changed"); }
  }
}

// ---- children, map, history -----------------------------------------------------------------------------------
async function renderChildren() {
  const code = state.code;
  const indicator = state.indicator;
  state.childApprovals = api(unitPath(code, `/approvals/${thisMonth()}`)).catch(() => ({ children: [] }));
  const [result, approvals] = await Promise.all([api(unitPath(code, `/children?indicator=${indicator}&sort=-value&limit=500`)), state.childApprovals]);
  if (code !== state.code) return;
  for (const child of approvals.children) state.approvals.set(child.code, child);
  const format = formatter(indicator);
  const rows = result.children.map((child, i) => element("tr", { "data-child": child.code },
    cell(i + 1, i + 1, { class: "num" }),
    cell(element("span", {}, child.name, element("span", { class: "code" }, child.code)), child.name),
    cell(levelName(child.level), undefined, { class: "secondary" }),
    bar(child.indicator),
    cell(format(child.indicator.value), child.indicator.value, { class: "num" }),
    cell(statusBadge(child.indicator.status), statusName(child.indicator.status)),
    cell(completeness(child.indicator), undefined, { class: "num" }),
    approvalCell(child.code)));
  $("#children tbody").replaceChildren(...rows);
  $("#no-children").hidden = rows.length > 0;
  await renderMap(result.children).catch(showError);
}

async function renderMap(children) {
  const code = state.code;
  const map = await api(unitPath(code, "/map"));
  if (code !== state.code) return;
  const section = $("#map-section");
  if (!map.map || !children.length) {
    $("#map").hidden = true;
    $("#map-note").textContent = children.length ? t.noMap : "";
    section.classList.toggle("empty", !children.length);
    return;
  }
  section.classList.remove("empty");
  $("#map").hidden = false;
  if (!state.maps.has(map.map)) {
    const response = await fetch(map.map);
    if (!response.ok) throw new Error(`${map.map}: ${response.status}`);
    state.maps.set(map.map, await response.json());
  }
  if (code !== state.code) return;
  drawMap($("#map"), state.maps.get(map.map), map.map, map.areas, children,
    `${t.mapOf(state.unit.name)}\n${indicatorName(state.catalog.get(state.indicator))}`, formatter(state.indicator), open);
  $("#map").dataset.unit = code;
  $("#map-note").textContent = map.unmatched.length ? t.unmatched(map.unmatched.map((u) => u.name).join("、")) : "";
}

async function renderHistory() {
  const code = state.code;
  const indicator = state.indicator;
  const from = new Date(Date.now() - state.range * 86400000).toISOString().slice(0, 10);
  const history = await api(unitPath(code, `/history?indicator=${indicator}&from=${from}&to=${today()}`));
  if (code !== state.code || indicator !== state.indicator) return;
  drawHistory($("#history"), history, state.targets.get(key(indicator, null)) ?? null, state.projections.get(key(indicator, null)) ?? null, formatter(indicator));
}

// ---- laggards and alerts --------------------------------------------------------------------------------------
function laggardLevels(unit) {
  const below = administrative.slice(administrative.indexOf(unit.level) + 1);
  const select = $("#laggard-level");
  if (!below.includes(state.laggardLevel)) state.laggardLevel = below[0] ?? null;
  select.replaceChildren(...below.map((level) => element("option", { value: level }, levelName(level))));
  select.value = state.laggardLevel ?? "";
  $("#laggards-section").hidden = below.length === 0;
}

const unitCell = (item) => cell(element("span", {}, item.name, element("span", { class: "code" }, item.code)), item.name);

async function renderLaggards() {
  const code = state.code;
  const indicator = state.indicator;
  laggardLevels(state.unit);
  const level = state.laggardLevel;
  if (!level) return;
  const format = formatter(indicator);
  const query = `?indicator=${indicator}&level=${level}&limit=10`;
  $("#laggards-note").textContent = "";
  const [lists, projected] = await Promise.all([
    api(unitPath(code, `/laggards${query}`)).catch((e) => ({ error: e.message })),
    api(unitPath(code, `/laggards/projected${query}`)).catch((e) => ({ error: e.message }))]);
  // An answer for a level or indicator the reader has since left must not overwrite the newer one.
  if (code !== state.code || indicator !== state.indicator || level !== state.laggardLevel) return;
  await approvalsOf([...(lists.belowTarget ?? []), ...(lists.leastComplete ?? []), ...(projected.laggards ?? [])].map((l) => l.code));
  if (code !== state.code || indicator !== state.indicator || level !== state.laggardLevel) return;
  const empty = (columns) => element("tr", {}, element("td", { colspan: columns, class: "muted" }, t.none));
  const row = (item, ...cells) => element("tr", { "data-unit": item.code, class: "link" }, unitCell(item), ...cells, approvalCell(item.code));
  if (lists.error) $("#laggards-note").textContent = t.error(lists.error);
  $("#below tbody").replaceChildren(...(lists.belowTarget ?? []).map((l) =>
    row(l, cell(format(l.indicator.value), l.indicator.value, { class: "num" }), cell(format(l.gap), l.gap, { class: "num" }))));
  $("#incomplete tbody").replaceChildren(...(lists.leastComplete ?? []).map((l) =>
    row(l, cell(percent(l.indicator.completeness), l.indicator.completeness, { class: "num" }), cell(completeness(l.indicator), undefined, { class: "num" }))));
  $("#projected tbody").replaceChildren(...(projected.laggards ?? []).map((l) =>
    row(l, cell(format(l.indicator.value), l.indicator.value, { class: "num" }), cell(projectionText(l.indicator, l.projection)))));
  for (const [id, columns] of [["#below", 4], ["#incomplete", 4], ["#projected", 4]])
    if (!$(`${id} tbody`).children.length) $(`${id} tbody`).append(empty(columns));
}

/**
 * The approval states of laggards below the children's level: each unit's own answer (the children's come with the
 * children's table). At most the three lists' 30 units, and only those not read yet for this page.
 */
async function approvalsOf(codes) {
  await state.childApprovals; // the children's states, read once for the whole level
  const missing = [...new Set(codes)].filter((c) => !state.approvals.has(c));
  const period = thisMonth();
  const found = await Promise.all(missing.map((c) => api(unitPath(c, `/approvals/${period}`)).catch(() => null)));
  for (const entry of found) if (entry) state.approvals.set(entry.unit, { code: entry.unit, state: entry.state, by: entry.by, at: entry.at });
}

async function renderAlerts() {
  const code = state.code;
  const found = await api(unitPath(code, "/alerts")).catch((e) => ({ error: e.message, alerts: [], alerting: 0 }));
  if (code !== state.code) return;
  $("#alert-count").textContent = found.alerting ? number(found.alerting) : "";
  $("#alerts-section").classList.toggle("raised", found.alerting > 0);
  $("#alerts-note").textContent = found.error ? t.error(found.error) : !found.alerting ? t.alertsNone
    : found.alerting > found.alerts.length ? t.alertsTop(number(found.alerting), number(found.towns), number(found.alerts.length)) : t.towns(number(found.towns));
  $("#alerts tbody").replaceChildren(...found.alerts.map((a) => element("tr", { "data-unit": a.code, "data-alert": a.code, class: "link" },
    cell(element("span", {}, a.name, element("span", { class: "code" }, [...a.path, a.code].join(" · "))), a.name),
    cell(t.alertLine(number(a.count), number(a.previous), number(a.rise)), a.count, { class: "num alert" }),
    cell(dateTime(a.since), a.since))));
}

// ---- platform standards (assessments are assessments.js's own section) -----------------------------------------------------------------------
function renderPlatform(unit) {
  const rows = state.standards.map((s) => {
    const built = unit.indicators.find((r) => r.indicator === s.builtIndicator && !r.option);
    const standard = unit.indicators.find((r) => r.indicator === s.standardIndicator && !r.option);
    if (!built?.expectedUnits) return null;
    return element("tr", {}, cell(levelName(s.level)), cell(`${percent(built.value)} (${completeness(built)})`, built.value, { class: "num" }),
      cell(percent(standard?.value), standard?.value, { class: "num" }), cell(t.standardText(s)));
  }).filter(Boolean);
  $("#platform tbody").replaceChildren(...rows);
  $("#platform-section").hidden = rows.length === 0;
}

// ---- live updates ---------------------------------------------------------------------------------------------
// The children and the alerts follow the unit's changes, at most twice a second. The alerts are the unit's rolled-up
// summary (a read of one grain even at the nation), so they are read with every change: a rise at one town and a
// fall at another can leave the unit's own red count as it was.
function scheduleRefresh() {
  if (state.timer) return;
  state.timer = setTimeout(() => { state.timer = null; renderChildren().catch(showError); renderAlerts().catch(showError); }, 500);
}

// Server-Sent Events read with fetch rather than EventSource, which cannot send the API key header.
function watch(code) {
  state.source?.abort();
  const controller = new AbortController();
  state.source = controller;
  const live = (on) => { $("#live").className = on ? "live on no-print" : "live off no-print"; $("#live").textContent = on ? t.live : t.reconnecting; };
  (async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(unitPath(code, "/stream"), { headers: headers("text/event-stream"), signal: controller.signal });
        if (!response.ok) throw new Error(`${response.status}`);
        live(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trimStart()).join("\n");
            if (!data) continue;
            const unit = JSON.parse(data);
            if (unit.code !== state.code) continue;
            renderUnit(unit);
            scheduleRefresh();
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      live(false);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
}

// ---- navigation -----------------------------------------------------------------------------------------------
function open(code) { location.hash = `#/unit/${code}`; }

async function show(code) {
  state.code = code;
  state.approvals = new Map();
  $("#error").hidden = true;
  $("#indicators tbody").replaceChildren();
  const [unit, projections, targets] = await Promise.all([
    api(unitPath(code)), api(unitPath(code, "/projections")).catch(() => ({ series: [] })), api(unitPath(code, "/targets")).catch(() => [])]);
  if (code !== state.code) return;
  state.projections = new Map(projections.series.map((p) => [key(p.indicator, p.option), p]));
  state.targets = new Map(targets.map((target) => [key(target.indicator, target.option), target]));
  renderUnit(unit);
  await Promise.all([renderChildren(), renderHistory(), renderLaggards(), renderAlerts()].map((p) => p.catch(showError)));
  watch(code);
}

function showError(error) {
  $("#error").hidden = false;
  $("#error").textContent = t.error(error.message);
}

async function route() {
  const match = location.hash.match(/^#\/unit\/([0-9A-Za-z._-]+)$/);
  const code = match ? match[1] : (await api("/api/v1/hierarchy")).root?.code;
  if (code) await show(code).catch(showError);
  else $("#unit-name").textContent = t.noHierarchy;
}

whenUnauthorized((message) => {
  $("#key-form").hidden = false;
  $("#key-message").textContent = message;
  $("#api-key").focus();
});
$("#key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("kpimesh-key", $("#api-key").value.trim());
  $("#key-form").hidden = true;
  route();
});

let searchTimer;
$("#search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  const query = $("#search").value.trim();
  if (!query) { $("#results").replaceChildren(); return; }
  searchTimer = setTimeout(async () => {
    const found = await api(`/api/v1/units?q=${encodeURIComponent(query)}&limit=12`).catch(() => []);
    $("#results").replaceChildren(...found.map((unit) => element("li", { "data-result": unit.code, tabindex: "0", role: "option" },
      unit.name, element("span", { class: "code" }, `${levelName(unit.level)} ${unit.code}`))));
  }, 150);
});
$("#results").addEventListener("click", (event) => {
  const item = event.target.closest("[data-result]");
  if (!item) return;
  $("#results").replaceChildren();
  $("#search").value = "";
  open(item.dataset.result);
});
for (const id of ["#children", "#laggards-section", "#alerts"])
  $(id).addEventListener("click", (event) => {
    const row = event.target.closest("[data-child], [data-unit]");
    if (row) open(row.dataset.child ?? row.dataset.unit);
  });
$("#indicator").addEventListener("change", () => {
  state.indicator = $("#indicator").value;
  for (const render of [renderChildren, renderHistory, renderLaggards]) render().catch(showError);
});
$("#range").addEventListener("change", () => { state.range = Number($("#range").value); renderHistory().catch(showError); });
$("#laggard-level").addEventListener("change", () => { state.laggardLevel = $("#laggard-level").value; renderLaggards().catch(showError); });
window.addEventListener("hashchange", route);

for (const indicator of await api("/api/v1/indicators")) state.catalog.set(indicator.id, indicator);
state.standards = await api("/api/v1/platform/standards").catch(() => []);
applyLabels();
await route();
