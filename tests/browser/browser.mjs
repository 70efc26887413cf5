// One way every console script opens its page: Debian's headless Chromium (or $CHROMIUM), with what a test does not
// need turned off, and the page's script errors collected so the script can fail on them.
import { chromium } from "playwright-core";

export async function openPage() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { browser, page, errors };
}

// Runs a script's steps, then saves a full-page screenshot and fails on any page error; on failure it keeps a
// -failed.png beside the screenshot and exits with 1. The steps answer one line saying what they saw.
export async function run(screenshot, { browser, page, errors }, steps) {
  try {
    const seen = await steps();
    await page.screenshot({ path: screenshot, fullPage: true });
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
    console.log(`${seen}; screenshot ${screenshot}`);
  } catch (error) {
    await page.screenshot({ path: screenshot.replace(/\.png$/, "-failed.png"), fullPage: true }).catch(() => {});
    console.error(error);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
