// Drives the KpiMesh console in Debian's headless Chromium: find the province by name, drill down to a village by
// clicking children, submit a value through the API, and see the page change without a reload.
// Usage: node console.mjs <base-url> <screenshot.png> <province,city,county,town,village codes> <province search text>
import { openPage, run } from "./browser.mjs";

const [base, screenshot, pathCodes, provinceQuery] = process.argv.slice(2);
const codes = pathCodes.split(",");
const village = codes.at(-1);
const opened = await openPage();
const { page } = opened;
let loads = 0;
page.on("load", () => loads++);
const showing = (code) => page.waitForSelector(`#unit-name[data-unit="${code}"]`, { timeout: 15000 });
const cell = (key, column) => page.locator(`#indicators tr[data-key="${key}"] td:nth-child(${column})`);

await run(screenshot, opened, async () => {
  await page.goto(`${base}/`);
  await page.waitForSelector("#unit-name[data-unit]");

  await page.fill("#search", provinceQuery);
  await page.click(`[data-result="${codes[0]}"]`);
  await showing(codes[0]);
  for (const code of codes.slice(1)) {
    await page.click(`#children tr[data-child="${code}"]`);
    await showing(code);
  }
  await page.waitForSelector("#live.on", { timeout: 15000 });
  const before = await cell("village_room_rate/", 4).textContent();
  const loadsBefore = loads;

  const response = await fetch(`${base}/api/v1/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ submissions: [{ unit: village, indicator: "village_room_rate", numerator: 1, period: "2026-11", id: `browser-${Date.now()}` }] }),
  });
  if (!response.ok) throw new Error(`submission failed: ${response.status} ${await response.text()}`);
  await page.waitForFunction(() => document.querySelector('#indicators tr[data-key="village_room_rate/"] td:nth-child(4)')?.textContent === "1 / 1", null, { timeout: 10000 });
  if (loads !== loadsBefore) throw new Error("the page reloaded instead of updating in place");
  console.log(`village ${village}: "${before}" became "1 / 1" in place`);

  // Breadcrumbs lead back up, and the province shows the new value too.
  await page.click(`#breadcrumbs [data-crumb="${codes[0]}"]`);
  await showing(codes[0]);
  // The change reaches the province within the staleness bound: it must arrive live, without a reload.
  await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('#indicators tr[data-key="village_room_rate/"] td:nth-child(4)')?.textContent ?? ""),
    null, { timeout: 10000 });
  const province = await cell("village_room_rate/", 4).textContent();
  // The 30-day trend of the ranked indicator (village rooms) is drawn from the history endpoint, with today's value.
  await page.waitForFunction(() => {
    const line = document.querySelector("#trend polyline");
    return line && line.getAttribute("points").split(" ").length >= 30;
  }, null, { timeout: 10000 });
  const name = await page.textContent("#unit-name");
  return `province ${name}: village rooms ${province}`;
});
