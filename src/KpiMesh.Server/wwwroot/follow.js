// The sections below the console (monthly reporting, assessments) follow the unit it shows: its heading carries
// data-unit, and before the heading is drawn the address says #/unit/CODE.
import { $, element } from "./dom.js";

/**
 * Draws `section` for the unit on screen now and whenever the console shows another (every `refreshMs` too, if given):
 * draw(code, ...more) fills it, and when that fails the section says why under `title`. Answers show(code, ...more),
 * for drawing again.
 */
export function followUnit(section, title, draw, refreshMs = 0) {
  const heading = $("#unit-name");
  const current = () => heading?.getAttribute("data-unit") ?? location.hash.match(/^#\/unit\/([0-9A-Za-z._-]+)$/)?.[1];
  async function show(code, ...more) {
    if (!code) return;
    try {
      await draw(code, ...more);
      section.setAttribute("data-unit", code);
    } catch (error) {
      section.replaceChildren(element("h3", {}, title), element("p", { class: "none" }, `无法读取：${error.message}`));
    }
  }
  if (heading) new MutationObserver(() => { if (current() !== section.getAttribute("data-unit")) show(current()); }).observe(heading, { attributes: true, attributeFilter: ["data-unit"] });
  if (refreshMs) {
    window.addEventListener("hashchange", () => show(current()));
    setInterval(() => show(current()), refreshMs);
  }
  show(current());
  return show;
}
