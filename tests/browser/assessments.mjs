// Drives the console's 示范点与健康驿站评审 section in Debian's headless Chromium: sign in with a key, open a city,
// and read the applications by stage, the pass rate and the named sites as a person sees them.
// Usage: node assessments.mjs <base-url> <screenshot.png> <api-key> <unit> <stage=count,...> <named unit> <rectify unit>
import { openPage, run } from "./browser.mjs";

const [base, screenshot, key, unit, expected, namedUnit, rectifyUnit] = process.argv.slice(2);
const opened = await openPage();
const { page } = opened;

await run(screenshot, opened, async () => {
  // The key the console would ask for, set before the page's own scripts run.
  await page.addInitScript((k) => sessionStorage.setItem("kpimesh-key", k), key);
  await page.goto(`${base}/#/unit/${unit}`);
  await page.waitForSelector(`#unit-name[data-unit="${unit}"]`, { timeout: 15000 });
  const hebei = `#assessments[data-unit="${unit}"] [data-rubric="hebei_demo_site"]`;
  await page.waitForSelector(hebei, { timeout: 15000 });

  for (const pair of expected.split(",")) {
    const [stage, count] = pair.split("=");
    const shown = await page.textContent(`${hebei} .stages td[data-stage="${stage}"]`);
    if (shown !== count) throw new Error(`stage ${stage}: the page shows ${shown}, expected ${count}`);
  }
  const headings = await page.$$eval(`${hebei} .stages th`, (cells) => cells.map((c) => c.textContent));
  if (!headings.includes("已命名") || !headings.includes("限期整改")) throw new Error(`stage headings are not in Chinese: ${headings}`);
  const facts = await page.textContent(`${hebei} .facts`);
  if (!facts.includes("达标率 50.0%")) throw new Error(`pass rate not shown as 50.0%: ${facts}`);

  const named = page.locator(`${hebei} tr[data-application="${namedUnit}"][data-stage="named"]`);
  const namedOn = (await named.locator("td").nth(6).textContent()).trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(namedOn)) throw new Error(`named site ${namedUnit} shows no naming date: "${namedOn}"`);
  const rectify = page.locator(`${hebei} tr[data-application="${rectifyUnit}"][data-stage="rectify"]`);
  const due = (await rectify.locator("td").nth(5).textContent()).trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new Error(`rectifying unit ${rectifyUnit} shows no deadline: "${due}"`);
  const stageCells = await rectify.locator("td").nth(2).textContent();
  if (stageCells !== "限期整改") throw new Error(`stage shown as ${stageCells}`);

  await page.locator("#assessments").scrollIntoViewIfNeeded();
  return `unit ${unit}: ${expected}; ${namedUnit} named on ${namedOn}; ${rectifyUnit} to rectify by ${due}`;
});
