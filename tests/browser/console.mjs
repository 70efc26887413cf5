// Drives the KpiMesh leaders' console in Debian's headless Chromium against a server loaded with the Hebei demo:
// Chinese by default and the English switch, status and due dates, drilling down by search, children, laggards and
// the map, a submission arriving live, an alert after a rising red count, Excel and CSV export, the A4 print layout
// and a phone's width. Screenshots and downloads go to <out-folder>; the C# test opens the XLSX with MiniExcel.
// Usage: node console.mjs <base-url> <out-folder> <province,city,county,town,village codes> <province search text>
import { chromium } from "playwright-core";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";

const [base, out, pathCodes, provinceQuery] = process.argv.slice(2);
const codes = pathCodes.split(",");
const [province, city, county, town, village] = codes;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true, locale: "zh-CN" });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (error) => errors.push(error.message));
let loads = 0;
page.on("load", () => loads++);
const showing = (code) => page.waitForSelector(`#unit-name[data-unit="${code}"]`, { timeout: 30000 });
const shot = (name) => page.screenshot({ path: join(out, name), fullPage: true });
const check = (ok, message) => { if (!ok) throw new Error(message); };
const step = (text) => console.log(`ok: ${text}`);
const api = async (path, init) => {
  const response = await fetch(`${base}${path}`, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
};
const submit = (items) => api("/api/v1/submissions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ submissions: items }) });
const settled = () => page.waitForFunction(() => document.querySelectorAll("#children tbody tr").length > 0 || !document.querySelector("#no-children").hidden, null, { timeout: 30000 });

// The month under way in Beijing time, as the console names it.
const period = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const act = (code, action) => api(`/api/v1/units/${code}/approvals/${period}`, { method: "POST", headers: { "content-type": "application/json" },
  body: JSON.stringify({ action, reason: "浏览器测试：部分单位未报齐" }) });
const approvalOf = async (code) => (await api(`/api/v1/units/${code}/approvals/${period}`)).state;

try {
  // 0. Two counties of the city (not the one the later steps submit to: approval locks a subtree's month) sign off
  //    through the API: one completes its self-check, the other completes and its city approves it.
  const [completedCounty, approvedCounty] = (await api(`/api/v1/units/${city}/approvals/${period}`)).children
    .filter((c) => c.level === "county" && c.code !== county && c.state === "open").map((c) => c.code);
  await act(completedCounty, "complete");
  await act(approvedCounty, "complete");
  await act(approvedCounty, "approve");

  // 1. Chinese by default: labels, level and status names, dates.
  await page.goto(`${base}/#/unit/${province}`);
  await showing(province);
  await settled();
  check(await page.getAttribute("html", "lang") === "zh-CN", "the page is not zh-CN by default");
  check((await page.textContent("#indicators-section h3")).includes("指标完成情况"), "the indicators heading is not Chinese");
  check((await page.textContent("#unit-name")).includes("省"), "the level is not named 省");
  await page.waitForFunction(() => document.querySelectorAll("#indicators .status[data-status]:not([data-status=''])").length > 0, null, { timeout: 30000 });
  const statuses = await page.$$eval("#indicators .status[data-status]:not([data-status=''])", (nodes) => nodes.map((n) => n.textContent));
  check(statuses.length > 0 && statuses.every((s) => ["达标", "进度正常", "有风险", "滞后"].includes(s)), `statuses not in Chinese: ${statuses}`);
  step(`zh-CN by default, statuses ${[...new Set(statuses)].join(" ")}`);

  // 2. Status and the milestone's due date on each row, as the API computes them.
  const unit = await api(`/api/v1/units/${province}`);
  const rooms = unit.indicators.find((r) => r.indicator === "village_room_rate" && !r.option);
  const row = page.locator('#indicators tr[data-key="village_room_rate/"]');
  check(await row.locator(`.status[data-status="${rooms.status}"]`).count() === 1, `status ${rooms.status} not shown`);
  check(await row.locator(`.due[data-due="${rooms.targetDue}"]`).count() === 1, `due date ${rooms.targetDue} not shown`);
  const due = await row.locator(".due").textContent();
  check(/\d{4}年\d{1,2}月\d{1,2}日/.test(due), `the due date is not a Chinese date: ${due}`);
  step(`village rooms: ${await row.locator(".status").textContent()}, ${due.trim()}`);

  // 3. The map: every city of the province coloured by progress to target, and a click drills down.
  await page.waitForFunction(() => document.querySelector("#map")?.dataset.coloured === "11", null, { timeout: 30000 });
  const fills = await page.evaluate(() => {
    const chart = echarts.getInstanceByDom(document.querySelector("#map"));
    const data = chart.getModel().getSeriesByIndex(0).getData();
    return Array.from({ length: data.count() }, (_, i) => [data.getName(i), data.getItemVisual(i, "style")?.fill]);
  });
  check(fills.length === 11 && fills.every(([, fill]) => fill && fill !== "#d5dbe2"), `not every city is coloured: ${JSON.stringify(fills)}`);
  await shot("console-zh.png");
  // A real click at the centre of the city's polygon, as ECharts lays it out.
  await page.locator("#map").scrollIntoViewIfNeeded();
  const target = await page.evaluate((code) => {
    const chart = echarts.getInstanceByDom(document.querySelector("#map"));
    const series = chart.getModel().getSeriesByIndex(0);
    const data = series.getData();
    const index = Array.from({ length: data.count() }, (_, i) => i).find((i) => data.getRawDataItem(i).code === code);
    const name = data.getName(index);
    const point = chart.convertToPixel({ seriesIndex: 0 }, series.coordinateSystem.getRegion(name).getCenter());
    const box = document.querySelector("#map").getBoundingClientRect();
    return { x: box.left + point[0], y: box.top + point[1], name };
  }, city);
  await page.mouse.click(target.x, target.y);
  await showing(city);
  await page.waitForFunction((code) => { const m = document.querySelector(`#map[data-unit="${code}"]`); return m && Number(m.dataset.areas) > 0 && m.dataset.areas === m.dataset.coloured; }, city, { timeout: 30000 });
  step(`map: 11 cities coloured; a click on ${target.name} opened ${city}, whose ${await page.getAttribute("#map", "data-areas")} counties are coloured`);
  await shot("console-city-map.png");

  // 3b. Each child's approval state for the month in its row, in Chinese; every laggard row has its own unit's state.
  const approvalText = (code) => page.textContent(`#children tr[data-child="${code}"] [data-approval]`);
  await page.waitForSelector(`#children tr[data-child="${approvedCounty}"] [data-approval="approved"]`, { timeout: 30000 });
  check(await approvalText(approvedCounty) === "上级已审核", `the approved county reads ${await approvalText(approvedCounty)}`);
  check(await approvalText(completedCounty) === "已自查完成", `the self-checked county reads ${await approvalText(completedCounty)}`);
  check(await approvalText(county) === "未完成", `the untouched county reads ${await approvalText(county)}`);
  check((await page.textContent("#children thead")).includes(`审核状态（${period}）`), "the approval column does not name the month");
  await page.selectOption("#laggard-level", "town");
  await page.waitForSelector("#below tbody tr[data-unit] [data-approval]", { timeout: 30000 });
  const laggardStates = await page.$$eval("#below tbody tr[data-unit]", (rows) => rows.map((r) => [r.dataset.unit, r.querySelector("[data-approval]")?.dataset.approval]));
  for (const [code, shown] of laggardStates) check(shown === await approvalOf(code), `laggard ${code} shows ${shown}, the API says ${await approvalOf(code)}`);
  await page.locator("#children-section").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, "console-approvals.png"), clip: await page.locator("#children-section").boundingBox() });
  step(`approval states: ${approvedCounty} 上级已审核, ${completedCounty} 已自查完成, ${county} 未完成; ${laggardStates.length} town laggards match the API`);

  // 4. English switch, and back.
  await page.click("#language");
  await page.waitForFunction(() => document.documentElement.lang === "en" && document.querySelector("#indicators-section h3").textContent.includes("Indicators"));
  await showing(city);
  // The rows are rebuilt in the new language once the unit is read again.
  await page.waitForFunction(() => document.querySelectorAll("#indicators .status[data-status]:not([data-status=''])").length > 0, null, { timeout: 30000 });
  const english = await page.$$eval("#indicators .status[data-status]:not([data-status=''])", (nodes) => nodes.map((n) => n.textContent));
  check(english.length > 0 && english.every((s) => ["Met", "On track", "At risk", "Off track"].includes(s)), `statuses not in English: ${english}`);
  await page.waitForFunction((code) => document.querySelector(`#children tr[data-child="${code}"] [data-approval]`)?.textContent === "approved", approvedCounty, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector("#map")?.dataset.coloured !== undefined);
  await shot("console-en.png");
  await page.click("#language");
  await page.waitForFunction(() => document.documentElement.lang === "zh-CN" && document.querySelector("#indicators-section h3").textContent.includes("指标"));
  step("English switch and back");

  // 5. A laggard click drills down (the city's counties furthest below target).
  await page.goto(`${base}/#/unit/${province}`);
  await showing(province);
  await page.selectOption("#laggard-level", "county");
  await page.waitForSelector("#below tbody tr[data-unit]", { timeout: 30000 });
  // The list is re-read as live values move the ranking, so the row is read and clicked in one step in the page.
  const laggard = await page.evaluate(() => {
    const row = document.querySelector("#below tbody tr[data-unit]");
    row.querySelector("td").click();
    return row.dataset.unit;
  });
  await showing(laggard);
  step(`laggard ${laggard} opened from the province's county laggards`);

  // 6. An alert appears at every level above a town once its red count rises (first report is a baseline).
  const redBefore = Date.now();
  await submit([{ unit: town, indicator: "warning_cases", option: "red", numerator: 2, period: "2026-10", id: `red-base-${redBefore}` }]);
  await page.goto(`${base}/#/unit/${county}`);
  await showing(county);
  await page.waitForFunction(() => document.querySelector("#alerts-note").textContent.length > 0, null, { timeout: 30000 });
  check(await page.locator(`#alerts tr[data-alert="${town}"]`).count() === 0, "an alert before any rise");
  await submit([{ unit: town, indicator: "warning_cases", option: "red", numerator: 5, period: "2026-11", id: `red-rise-${redBefore}` }]);
  // Live (the unit's red count changed) or, at the latest, at the page's 30-second refresh; never by reloading.
  await page.waitForSelector(`#alerts tr[data-alert="${town}"]`, { timeout: 60000 });
  const alertText = await page.textContent(`#alerts tr[data-alert="${town}"]`);
  check(alertText.includes("5") && alertText.includes("增加 3"), `the alert does not say how much: ${alertText}`);
  await page.goto(`${base}/#/unit/${province}`);
  await showing(province);
  await page.waitForSelector(`#alerts tr[data-alert="${town}"]`, { timeout: 30000 });
  step(`alert for ${town} live at the county, and at the province: ${alertText.trim()}`);

  // 7. Drill down by search and children to a village, and see a submission arrive without reloading.
  await page.fill("#search", provinceQuery);
  await page.click(`[data-result="${province}"]`);
  await showing(province);
  for (const code of codes.slice(1)) {
    await page.click(`#children tr[data-child="${code}"]`);
    await showing(code);
  }
  await page.waitForSelector("#live.on", { timeout: 15000 });
  const loadsBefore = loads;
  // This month's period, as the demo feed writes it: a value for an earlier month would be superseded by the demo's
  // value for this one (it was "2026-11" until December 2026 came and the test failed).
  const thisMonth = new Date().toISOString().slice(0, 7);
  await submit([{ unit: village, indicator: "village_room_rate", numerator: 1, period: thisMonth, id: `browser-${Date.now()}` }]);
  await page.waitForFunction(() => document.querySelector('#indicators tr[data-key="village_room_rate/"] [data-col="fraction"]')?.textContent === "1 / 1", null, { timeout: 10000 });
  check(loads === loadsBefore, "the page reloaded instead of updating in place");
  step(`village ${village} shows 1 / 1 in place`);

  // 8. Export: the indicators table of the province as Excel and CSV.
  await page.goto(`${base}/#/unit/${province}`);
  await showing(province);
  await settled();
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click('[data-exports="indicators"] [data-export="xlsx"]')]);
  await xlsx.saveAs(join(out, "indicators.xlsx"));
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click('[data-exports="indicators"] [data-export="csv"]')]);
  await csv.saveAs(join(out, "indicators.csv"));
  const csvText = readFileSync(join(out, "indicators.csv"), "utf8");
  check(csvText.charCodeAt(0) === 0xfeff && csvText.includes("村（社区）心理咨询室"), "the CSV has no BOM or lacks the village rooms row");
  writeFileSync(join(out, "indicators.expected.json"), JSON.stringify({ file: xlsx.suggestedFilename(), rows: await page.locator("#indicators tbody tr").count() }));
  step(`exported ${xlsx.suggestedFilename()} and ${csv.suggestedFilename()}`);

  // 9. Print: the province's summary on one A4 page.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.waitForTimeout(500);
  await shot("console-print.png");
  // What the summary holds: every indicator row, the map, the alerts, at most five worst places per list; no controls.
  const printed = await page.evaluate(() => {
    const shown = (selector) => [...document.querySelectorAll(selector)].filter((n) => n.getClientRects().length > 0); // none when it or a parent is display: none
    return { rows: shown("#indicators tbody tr").length, allRows: document.querySelectorAll("#indicators tbody tr").length,
      map: shown("#map canvas, #map svg").length, alerts: shown("#alerts-section").length, below: shown("#below tbody tr").length,
      history: shown("#history-section").length, children: shown("#children-section").length, search: shown("#search").length };
  });
  check(printed.rows === printed.allRows && printed.rows > 0 && printed.map > 0 && printed.alerts === 1 && printed.below > 0 && printed.below <= 5
    && printed.history === 0 && printed.children === 0 && printed.search === 0, `the print layout holds ${JSON.stringify(printed)}`);
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  writeFileSync(join(out, "console-print.pdf"), pdf);
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  check(pages === 1, `the printed summary takes ${pages} A4 pages`);
  await page.emulateMedia({ media: "screen" });
  step("print layout: one A4 page");

  // 10. A phone's width: no sideways scrolling of the page itself.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/#/unit/${city}`);
  await showing(city);
  await settled();
  await page.waitForTimeout(500);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await shot("console-phone.png");
  await page.screenshot({ path: join(out, "console-phone-top.png") });
  // One column: the map and the alerts each take the phone's width rather than sitting side by side.
  const columns = await page.evaluate(() => [document.querySelector("#map-section"), document.querySelector("#alerts-section")].map((n) => n.getBoundingClientRect()));
  check(columns[1].top >= columns[0].bottom - 1 && columns[0].width > 300, `not one column on a phone: ${JSON.stringify(columns)}`);
  check(overflow <= 1, `the page is ${overflow}px wider than a phone`);
  step("phone width: no horizontal overflow");

  if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
} catch (error) {
  await page.screenshot({ path: join(out, "console-failed.png"), fullPage: true }).catch(() => {});
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
}
