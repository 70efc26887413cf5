// Drives the console's 月度填报与审核 section in Debian's headless Chromium as a town clerk and a city approver do:
// download the template, fill it, try it (dry run), see the refused cell named, fix it and commit, complete the
// period; the approver approves it; a late value typed into the form is refused beside the field with the reason.
// Usage: node reporting.mjs <base-url> <screenshot.png> <clerk key> <approver key> <unit> <period>
import { chromium } from "playwright-core";
import { readFile } from "node:fs/promises";

const [base, screenshot, clerkKey, approverKey, unit, period] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const errors = [];

async function open(key) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  await page.addInitScript((k) => sessionStorage.setItem("kpimesh-key", k), key);
  await page.goto(`${base}/#/unit/${unit}`);
  await page.waitForSelector(`#reporting[data-unit="${unit}"] #entry-form`, { timeout: 20000 });
  await page.fill("#report-period", period);
  await page.dispatchEvent("#report-period", "change");
  await page.waitForSelector(`#reporting[data-unit="${unit}"] #report-period[value="${period}"]`, { timeout: 20000 });
  return page;
}

function fill(csv, values) {
  const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
  const header = lines[0].split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    if (cells[0] !== unit) return line;
    for (const [column, value] of Object.entries(values)) {
      const at = header.indexOf(column);
      if (at < 0) throw new Error(`the template has no column ${column}: ${header}`);
      cells[at] = value;
    }
    return cells.join(",");
  }).join("\r\n");
}

async function upload(page, csv, button) {
  await page.setInputFiles("#upload-file", { name: "filled.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.click(button);
}

try {
  const clerk = await open(clerkKey);
  const [download] = await Promise.all([clerk.waitForEvent("download"), clerk.click("#template-csv")]);
  const template = await readFile(await download.path(), "utf8");
  if (!template.includes(unit)) throw new Error("the downloaded template has no row for the unit");

  // A numerator above its denominator: the dry run names the cell and writes nothing.
  await upload(clerk, fill(template, { "special_pop_counselling_rate.numerator": "5", "special_pop_counselling_rate.denominator": "4",
    "patient_management_rate.numerator": "8", "patient_management_rate.denominator": "10" }), "#upload-dry-run");
  const refusedCell = '#upload-summary .summary[data-dry-run="true"] tr[data-column="special_pop_counselling_rate.numerator"]';
  await clerk.waitForSelector(refusedCell, { timeout: 20000 });
  const reason = await clerk.textContent(refusedCell);
  if (!reason.includes("分子大于分母")) throw new Error(`the refused cell does not say why in Chinese: ${reason}`);

  await upload(clerk, fill(template, { "special_pop_counselling_rate.numerator": "3", "special_pop_counselling_rate.denominator": "4",
    "patient_management_rate.numerator": "8", "patient_management_rate.denominator": "10" }), "#upload-commit");
  await clerk.waitForSelector('#upload-summary .summary[data-committed="true"]', { timeout: 20000 });

  await clerk.fill("#approval-reason", "部分村未建室，已说明");
  await clerk.click("#act-complete");
  await clerk.waitForSelector('#approval-state[data-state="completed"]', { timeout: 20000 });

  const approver = await open(approverKey);
  await approver.click("#act-approve");
  await approver.waitForSelector('#approval-state[data-state="approved"]', { timeout: 20000 });

  // Back at the clerk's form: a late value is refused beside its field, naming who approved the period.
  await clerk.reload();
  await clerk.waitForSelector(`#reporting[data-unit="${unit}"] #entry-form`, { timeout: 20000 });
  await clerk.fill("#report-period", period);
  await clerk.dispatchEvent("#report-period", "change");
  await clerk.waitForSelector('#approval-state[data-state="approved"]', { timeout: 20000 });
  const row = '#entry-form tr[data-indicator="special_pop_counselling_rate"]';
  await clerk.fill(`${row} [data-part=numerator]`, "4");
  await clerk.click('#entry-form button[type="submit"]');
  await clerk.waitForFunction((r) => document.querySelector(`${r} .reason`)?.textContent.includes("approved"), row, { timeout: 20000 });
  console.log(`late value refused: ${await clerk.textContent(`${row} .reason`)}`);
  await clerk.locator("#reporting").screenshot({ path: screenshot });
  if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
  console.log("reporting: ok");
} finally {
  await browser.close();
}
