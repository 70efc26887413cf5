// The KpiMesh console: pick a unit, see every indicator against its target, drill into children, and watch values
// change in place as submissions arrive (Server-Sent Events from /api/v1/units/{code}/stream). No dependencies.

const $ = (selector) => document.querySelector(selector);
const state = { catalog: new Map(), code: null, source: null, childIndicator: "village_room_rate", childTimer: null };

// A server with keys configured needs one (X-Api-Key); it is kept for this tab only. The open loopback default needs none.
function headers(accept = "application/json") {
  const key = sessionStorage.getItem("kpimesh-key");
  return key ? { Accept: accept, "X-Api-Key": key } : { Accept: accept };
}

function askForKey(message) {
  const form = $("#key-form");
  form.hidden = false;
  $("#key-message").textContent = message;
  $("#api-key").focus();
}

$("#key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("kpimesh-key", $("#api-key").value.trim());
  $("#key-form").hidden = true;
  route();
});

async function api(path) {
  const response = await fetch(path, { headers: headers() });
  if (response.status === 401) askForKey("This server needs an API key (X-Api-Key).");
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `${response.status} ${response.statusText}`);
  }
  return response.json();
}

const text = (value) => document.createTextNode(value);
function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : text(String(child)));
  return node;
}

function formatValue(row) {
  // Counts (warning cases) have no rate: the count itself, and an arrow when red rose since the last period.
  if (row.previous !== null && row.previous !== undefined) return `${row.numerator.toLocaleString()}${row.alert ? " ▲ alert" : ""}`;
  if (row.value === null) return "—";
  // Per-population values are per head (professionals per 100,000 people), not shares.
  const indicator = state.catalog.get(row.indicator);
  if (indicator?.kind === "per_population") return `${row.value.toFixed(1)} ${indicator.unit ?? ""}`.trim();
  return `${(row.value * 100).toFixed(1)}%`;
}

function bar(row) {
  const value = row.value ?? 0;
  const target = row.target ?? null;
  const perHead = state.catalog.get(row.indicator)?.kind === "per_population";
  // A per-head value is drawn against its target (full bar = target reached); shares against 100%.
  const width = perHead ? (target ? Math.min(1, value / target) : 0) : Math.min(1, value);
  const low = target !== null && value < target;
  const node = element("div", { class: low ? "bar low" : "bar", role: "img", "aria-label": formatValue(row) }, element("span", { style: `width:${(width * 100).toFixed(1)}%` }));
  if (target !== null && !perHead) node.append(element("i", { style: `left:${(Math.min(1, target) * 100).toFixed(1)}%`, title: `target ${(target * 100).toFixed(0)}%` }));
  return node;
}

const completeness = (row) => row.expectedUnits > 0 ? `${row.reportedUnits.toLocaleString()} / ${row.expectedUnits.toLocaleString()}` : `${row.reportedUnits.toLocaleString()}`;

function renderUnit(unit) {
  $("#unit-name").replaceChildren(text(unit.name), element("span", { class: "code" }, unit.code));
  $("#unit-name").setAttribute("data-unit", unit.code);
  $("#unit-meta").textContent = `${unit.level} · ${unit.childCount.toLocaleString()} direct units below · ${unit.asOf ? "last change " + new Date(unit.asOf).toLocaleString() : "no data yet"}`;
  const crumbs = [...unit.ancestors, { code: unit.code, name: unit.name }];
  $("#breadcrumbs").replaceChildren(...crumbs.flatMap((c, i) => [
    ...(i > 0 ? [element("span", { class: "sep" }, "›")] : []),
    i === crumbs.length - 1 ? element("strong", {}, c.name) : element("a", { href: `#/unit/${c.code}`, "data-crumb": c.code }, c.name),
  ]));
  document.title = `${unit.name} · KpiMesh`;
  renderIndicators(unit);
}

function renderIndicators(unit) {
  const body = $("#indicators tbody");
  for (const row of unit.indicators) {
    const key = `${row.indicator}/${row.option ?? ""}`;
    let tr = body.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
    const title = row.option ? row.option : (state.catalog.get(row.indicator)?.title ?? row.indicator);
    const isCount = row.previous !== null && row.previous !== undefined;
    const cells = [title, isCount ? "" : bar(row), formatValue(row),
      isCount ? `previous ${row.previous.toLocaleString()}` : `${row.numerator.toLocaleString()} / ${row.denominator.toLocaleString()}`, completeness(row)];
    if (!tr) {
      tr = element("tr", { "data-key": key, class: row.option ? "option" : "" });
      cells.forEach((cell, i) => tr.append(element("td", { class: i >= 2 ? "num" : "" }, cell)));
      body.append(tr);
      continue;
    }
    const before = tr.children[2].textContent + tr.children[3].textContent + tr.children[4].textContent;
    cells.forEach((cell, i) => tr.children[i].replaceChildren(cell instanceof Node ? cell : text(cell)));
    if (before !== tr.children[2].textContent + tr.children[3].textContent + tr.children[4].textContent) {
      tr.classList.remove("changed"); void tr.offsetWidth; tr.classList.add("changed");
    }
  }
}

async function renderChildren() {
  const code = state.code;
  const result = await api(`/api/v1/units/${encodeURIComponent(code)}/children?indicator=${state.childIndicator}&sort=-value&limit=500`);
  if (code !== state.code) return;
  const rows = result.children.map((child, i) => element("tr", { "data-child": child.code },
    element("td", { class: "num" }, i + 1),
    element("td", {}, child.name, element("span", { class: "code" }, child.code)),
    element("td", {}, child.level),
    element("td", {}, bar(child.indicator)),
    element("td", { class: "num" }, formatValue(child.indicator)),
    element("td", { class: "num" }, completeness(child.indicator))));
  $("#children tbody").replaceChildren(...rows);
  $("#no-children").hidden = rows.length > 0;
}

// A 30-day line of the selected indicator's value (from /history), with its target as a dashed line.
async function renderTrend() {
  const code = state.code;
  const history = await api(`/api/v1/units/${encodeURIComponent(code)}/history?indicator=${state.childIndicator}`);
  if (code !== state.code) return;
  const svg = $("#trend");
  const ns = "http://www.w3.org/2000/svg";
  const points = history.points.filter((p) => p.indicator.value !== null);
  const top = Math.max(0.0001, ...history.points.map((p) => Math.max(p.indicator.value ?? 0, p.indicator.target ?? 0))) * 1.1;
  const x = (i) => (i / Math.max(1, history.points.length - 1)) * 600;
  const y = (v) => 115 - (v / top) * 110;
  const children = [];
  const target = history.points.at(-1)?.indicator.target;
  if (target != null) {
    const line = document.createElementNS(ns, "line");
    Object.entries({ x1: 0, x2: 600, y1: y(target), y2: y(target) }).forEach(([k, v]) => line.setAttribute(k, v));
    children.push(line);
  }
  if (points.length) {
    const polyline = document.createElementNS(ns, "polyline");
    polyline.setAttribute("points", history.points.map((p, i) => `${x(i)},${y(p.indicator.value ?? 0)}`).join(" "));
    children.push(polyline);
  } else {
    const empty = document.createElementNS(ns, "text");
    empty.setAttribute("x", 8); empty.setAttribute("y", 60); empty.textContent = "no history yet (kept for units down to the town)";
    children.push(empty);
  }
  svg.replaceChildren(...children);
}

function scheduleChildren() {
  if (state.childTimer) return;
  state.childTimer = setTimeout(() => { state.childTimer = null; renderChildren().catch(showError); renderTrend().catch(showError); }, 500);
}

// Server-Sent Events read with fetch rather than EventSource, which cannot send the API key header.
function watch(code) {
  state.source?.abort();
  const controller = new AbortController();
  state.source = controller;
  const live = (on) => { $("#live").className = on ? "live on" : "live off"; $("#live").textContent = on ? "● live" : "● reconnecting"; };
  (async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(`/api/v1/units/${encodeURIComponent(code)}/stream`, { headers: headers("text/event-stream"), signal: controller.signal });
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
            scheduleChildren();
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
      }
      live(false);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
}

async function show(code) {
  state.code = code;
  $("#indicators tbody").replaceChildren();
  renderUnit(await api(`/api/v1/units/${encodeURIComponent(code)}`));
  await renderChildren();
  await renderTrend().catch(showError);
  watch(code);
}

function showError(error) {
  $("#unit-meta").textContent = `Error: ${error.message}`;
}

async function route() {
  const match = location.hash.match(/^#\/unit\/([0-9A-Za-z._-]+)$/);
  const code = match ? match[1] : (await api("/api/v1/hierarchy")).root?.code;
  if (code) await show(code).catch(showError);
  else $("#unit-name").textContent = "No hierarchy loaded yet";
}

let searchTimer;
$("#search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  const query = $("#search").value.trim();
  if (!query) { $("#results").replaceChildren(); return; }
  searchTimer = setTimeout(async () => {
    const found = await api(`/api/v1/units?q=${encodeURIComponent(query)}&limit=12`).catch(() => []);
    $("#results").replaceChildren(...found.map((unit) => element("li", { "data-result": unit.code, tabindex: "0", role: "option" },
      unit.name, element("span", { class: "code" }, `${unit.level} ${unit.code}`))));
  }, 150);
});
$("#results").addEventListener("click", (event) => {
  const item = event.target.closest("[data-result]");
  if (!item) return;
  $("#results").replaceChildren();
  $("#search").value = "";
  location.hash = `#/unit/${item.dataset.result}`;
});
$("#children").addEventListener("click", (event) => {
  const row = event.target.closest("[data-child]");
  if (row) location.hash = `#/unit/${row.dataset.child}`;
});
$("#child-indicator").addEventListener("change", () => {
  state.childIndicator = $("#child-indicator").value;
  renderChildren().catch(showError);
  renderTrend().catch(showError);
});
window.addEventListener("hashchange", route);

const catalog = await api("/api/v1/indicators");
for (const indicator of catalog) {
  state.catalog.set(indicator.id, indicator);
  $("#child-indicator").append(element("option", { value: indicator.id }, indicator.title));
}
$("#child-indicator").value = state.childIndicator;
await route();
