// 示范点与健康驿站评审: the applications of the unit on screen, by stage (seed 001 自查申报 → 复核命名, seed 002 限期整改).
// A module of its own beside app.js: it follows the unit the console shows and draws one section below it.
import { element as el } from "./dom.js";
import { followUnit } from "./follow.js";

const stages = [
  ["self_check", "自查"], ["applied", "已申报"], ["under_review", "材料审核中"], ["assessed", "已实地评分"],
  ["named", "已命名"], ["not_named", "未予命名"], ["rectify", "限期整改"],
];
const stageName = new Map(stages);
const rubricName = { hebei_demo_site: "河北省人文关怀心理疏导示范点", changzhou_health_station: "常州市教职工“健康驿站”" };

function headers() {
  const key = sessionStorage.getItem("kpimesh-key");
  return key ? { Accept: "application/json", "X-Api-Key": key } : { Accept: "application/json" };
}

async function api(path) {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `${response.status}`);
  }
  return response.json();
}

const section = el("section", { id: "assessments", "aria-live": "polite" });
document.querySelector("main").append(section);

function percent(rate) { return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`; }

function rubricBlock(summary, lines) {
  const block = el("div", { class: "rubric", "data-rubric": summary.scorecard });
  block.append(el("h4", {}, `${rubricName[summary.scorecard] ?? summary.scorecard}（${summary.year}年，${summary.passMark}分达标）`));
  block.append(el("table", { class: "stages" },
    el("thead", {}, el("tr", {}, ...stages.map(([, name]) => el("th", {}, name)))),
    el("tbody", {}, el("tr", {}, ...stages.map(([id]) => el("td", { class: "num", "data-stage": id }, String(summary.stages[id] ?? 0)))))));
  block.append(el("p", { class: "facts" },
    `申报 ${summary.applications} 家；实地评分 ${summary.assessed} 家，达标 ${summary.qualified} 家，达标率 ${percent(summary.passRate)}`,
    summary.vetoed ? `（泄密一票否决 ${summary.vetoed} 家）` : "",
    `；本年命名 ${summary.namedThisYear} 家，累计命名 ${summary.namedTotal} 家。自评分不计入达标。`));
  const most = Math.max(1, ...summary.distribution.map((b) => b.units));
  block.append(el("div", { class: "bands", "aria-label": "实地评分分布" }, el("span", { class: "label" }, "实地评分分布："),
    ...summary.distribution.map((b) => el("span", { class: "band", "data-band": b.name, title: `${b.units} 家` },
      el("i", { style: `height:${(b.units / most) * 100}%` }), el("b", {}, `${b.from}–${b.below - 1}`), el("em", {}, String(b.units))))));
  const rows = lines.filter((l) => l.year === summary.year || l.namedOn);
  const table = el("table", { class: "applications" },
    el("thead", {}, el("tr", {}, el("th", {}, "单位"), el("th", {}, "年度"), el("th", {}, "阶段"), el("th", {}, "自评分"), el("th", {}, "实地评分"),
      el("th", {}, "整改期限"), el("th", {}, "命名日期"))));
  const body = el("tbody");
  for (const [id] of stages) for (const line of rows.filter((l) => l.stage === id)) {
    body.append(el("tr", { "data-application": line.unit, "data-stage": line.stage },
      el("td", {}, line.name ?? line.unit, el("span", { class: "code" }, line.unit)), el("td", { class: "num" }, String(line.year)),
      el("td", {}, stageName.get(line.stage) ?? line.stage), el("td", { class: "num" }, line.selfTotal ?? "未完成"),
      el("td", { class: "num" }, line.onSiteTotal ?? "—"), el("td", {}, line.rectifyBy ?? ""), el("td", {}, line.namedOn ?? "")));
  }
  table.append(body);
  block.append(rows.length ? table : el("p", { class: "none" }, "暂无申报。"));
  return block;
}

async function draw(code) {
  const [summaries, lines] = await Promise.all([
    api(`/api/v1/units/${encodeURIComponent(code)}/assessments`),
    api(`/api/v1/units/${encodeURIComponent(code)}/applications`),
  ]);
  section.replaceChildren(el("h3", {}, "示范点与健康驿站评审 · 各阶段申报"),
    ...summaries.map((s) => rubricBlock(s, lines.filter((l) => l.scorecard === s.scorecard))));
}

// Refreshed now and then too: applications move on while the page is open.
followUnit(section, "示范点与健康驿站评审", draw, 10000);
