// 月度填报与审核: the entry form of the unit on screen for a period, the template download and upload (dry run first,
// then commit) and the period's approval. A module of its own beside app.js: it follows the unit the console shows.
import { thisMonth } from "./api.js";
import { approvalName } from "./i18n.js";
import { element as el } from "./dom.js";
import { followUnit } from "./follow.js";

function headers(extra = {}) {
  const key = sessionStorage.getItem("kpimesh-key");
  return { Accept: "application/json", ...(key ? { "X-Api-Key": key } : {}), ...extra };
}

async function call(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers(options.headers) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || `${response.status}`);
  return body;
}

const section = el("section", { id: "reporting", "aria-live": "polite" });
document.querySelector("main").append(section);

// The rules a clerk sees as they type; the server judges again and its reasons replace these.
function check(row) {
  const n = row.querySelector("[data-part=numerator]"), d = row.querySelector("[data-part=denominator]");
  const whole = (v) => v === "" || /^\d+$/.test(v);
  let problem = "";
  if (!whole(n.value) || (d && !whole(d.value))) problem = "须为非负整数";
  else if (row.dataset.kind === "coverage" && n.value !== "" && !["0", "1"].includes(n.value)) problem = "是=1，否=0";
  else if (d && n.value !== "" && d.value !== "" && Number(n.value) > Number(d.value)) problem = "分子不能大于分母";
  row.querySelector(".reason").textContent = problem;
  row.classList.toggle("refused", problem !== "");
  return problem === "";
}

function formRows(indicators, unit) {
  const due = indicators.filter((i) => i.submittedAt.includes(unit.level) && !i.computedFrom);
  const current = new Map(unit.indicators.map((r) => [`${r.indicator}/${r.option ?? ""}`, r]));
  const rows = [];
  for (const indicator of due) {
    if (indicator.options.length) rows.push(el("tr", { class: "group" }, el("td", { colspan: "4" }, indicator.title)));
    for (const option of indicator.options.length ? indicator.options : [null]) {
    const held = current.get(`${indicator.id}/${option ?? ""}`);
    const value = (v) => (held && held.reportedUnits > 0 ? String(v) : "");
    const coverage = indicator.kind === "coverage", count = indicator.kind === "count";
    const tr = el("tr", { "data-indicator": indicator.id, "data-option": option ?? "", "data-kind": indicator.kind },
      el("td", {}, option ? el("span", { class: "option" }, `· ${option}`) : indicator.title),
      el("td", {}, el("input", { "data-part": "numerator", inputmode: "numeric", value: value(held?.numerator), "aria-label": `${indicator.id} ${option ?? ""} 分子` })),
      el("td", {}, coverage || count ? "" : el("input", { "data-part": "denominator", inputmode: "numeric", value: value(held?.denominator), "aria-label": `${indicator.id} ${option ?? ""} 分母` })),
      el("td", { class: "reason" }));
    tr.addEventListener("input", () => check(tr));
    rows.push(tr);
    }
  }
  return rows;
}

async function submitForm(code, period, body) {
  const rows = [...body.querySelectorAll("tr[data-indicator]")];
  if (!rows.map(check).every(Boolean)) return "请先改正标出的错误";
  const items = [], itemRows = [];
  for (const row of rows) {
    const n = row.querySelector("[data-part=numerator]").value, d = row.querySelector("[data-part=denominator]")?.value ?? "";
    if (n === "" && d === "") continue; // blank = not reported
    items.push({ unit: code, indicator: row.dataset.indicator, option: row.dataset.option || null, period,
      numerator: n === "" ? null : Number(n), denominator: d === "" ? null : Number(d) });
    itemRows.push(row);
  }
  const answer = await call("/api/v1/submissions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ submissions: items }) });
  for (const rejected of answer.rejected) {
    const row = itemRows[rejected.index];
    row.querySelector(".reason").textContent = rejected.error;
    row.classList.add("refused");
  }
  return `已接收 ${answer.accepted} 项，退回 ${answer.rejected.length} 项`;
}

async function download(code, period, format) {
  const response = await fetch(`/api/v1/units/${code}/template?period=${period}&format=${format}`, { headers: headers() });
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).detail ?? response.status);
  const link = el("a", { href: URL.createObjectURL(await response.blob()), download: `kpimesh-${code}-${period}.${format}` });
  document.body.append(link); link.click(); link.remove();
}

function summaryBlock(summary) {
  const block = el("div", { class: "summary", "data-dry-run": String(summary.dryRun), "data-committed": String(summary.committed) },
    el("p", {}, `${summary.dryRun ? "试导入（未写入）" : summary.committed ? "已导入" : "未导入（有错误，未写入任何数据）"}：新增 ${summary.new}，更新 ${summary.updated}，未变 ${summary.unchanged}，退回 ${summary.refused.length}`));
  if (summary.refused.length) block.append(el("table", { class: "refused-cells" },
    el("thead", {}, el("tr", {}, el("th", {}, "工作表"), el("th", {}, "行"), el("th", {}, "列"), el("th", {}, "原因"))),
    el("tbody", {}, ...summary.refused.map((r) => el("tr", { "data-row": String(r.row), "data-column": r.column },
      el("td", {}, r.sheet), el("td", { class: "num" }, String(r.row)), el("td", {}, r.column), el("td", {}, r.error))))));
  return block;
}

async function draw(code, period = section.querySelector("#report-period")?.value || thisMonth()) {
  const [indicators, unit, approval] = await Promise.all([
    call(`/api/v1/indicators?unit=${code}`), call(`/api/v1/units/${code}`), call(`/api/v1/units/${code}/approvals/${period}`)]);
  const periodInput = el("input", { id: "report-period", value: period, size: "7", "aria-label": "报告期" });
  periodInput.addEventListener("change", () => show(code, periodInput.value));
  const message = el("p", { class: "message", role: "status" });
  const say = (text) => { message.textContent = text; };
  const body = el("tbody", {}, ...formRows(indicators, unit));
  const form = el("form", { id: "entry-form" }, el("table", { class: "entry" },
    el("thead", {}, el("tr", {}, el("th", {}, "指标"), el("th", {}, "分子（是否）"), el("th", {}, "分母"), el("th", {}, "提示"))), body),
    el("button", { type: "submit" }, "提交本期数据"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try { say(await submitForm(code, period, body)); } catch (error) { say(`提交失败：${error.message}`); }
  });

  const file = el("input", { type: "file", id: "upload-file", accept: ".xlsx,.csv", "aria-label": "填好的模板" });
  const summary = el("div", { id: "upload-summary" });
  // A month-end file can take a minute: the upload runs in the background (async=true) and the bar follows it.
  const upload = async (dryRun) => {
    if (!file.files[0]) return say("请先选择文件");
    const bar = el("progress", { id: "upload-progress", max: "1", value: "0", "aria-label": "导入进度" });
    const label = el("span", { id: "upload-progress-text" }, "正在上传文件…");
    summary.replaceChildren(el("div", { class: "progress" }, bar, " ", label));
    try {
      let job = await call(`/api/v1/units/${code}/uploads?period=${period}&dryRun=${dryRun}&async=true`, {
        // The console is Chinese first: the reasons come back in Chinese whatever the browser's language.
        method: "POST", body: file.files[0], headers: { "Accept-Language": "zh-CN", "Content-Type": file.files[0].name.endsWith(".csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
      while (job.phase === "judging" || job.phase === "committing") {
        bar.value = job.totalBytes ? job.bytesRead / job.totalBytes : 0;
        bar.setAttribute("data-phase", job.phase);
        label.textContent = `${job.phase === "judging" ? "正在校验" : "正在写入"}：已读 ${job.rowsRead} 行（${Math.round(bar.value * 100)}%）`;
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = await call(`/api/v1/units/${code}/uploads/${job.id}`);
      }
      if (job.phase === "failed") throw new Error(job.error.detail);
      summary.replaceChildren(summaryBlock(job.summary));
    } catch (error) { summary.replaceChildren(el("p", { class: "refused" }, `文件被拒绝：${error.message}`)); }
  };
  const button = (label, id, action) => { const b = el("button", { type: "button", id }, label); b.addEventListener("click", action); return b; };

  const reason = el("input", { id: "approval-reason", placeholder: "说明（未报齐时必填）", "aria-label": "说明" });
  const act = async (action) => {
    try {
      await call(`/api/v1/units/${code}/approvals/${period}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action, reason: reason.value || null }) });
      await show(code, period);
    } catch (error) { say(`操作未完成：${error.message}`); }
  };
  const completeness = approval.completeness === null ? "—" : `${(approval.completeness * 100).toFixed(1)}%`;
  section.replaceChildren(
    el("h3", {}, "月度填报与审核 · 报告期 ", periodInput),
    el("p", { id: "approval-state", "data-state": approval.state },
      `审核状态：${approvalName(approval.state)}${approval.by ? `（${approval.by}，${new Date(approval.at).toLocaleString("zh-CN")}）` : ""}；上报完整率 ${completeness}`),
    // The programme says where approval stops (approval.final): no button for a step above it.
    el("div", { class: "approval-actions" }, reason, button("自查完成", "act-complete", () => act("complete")),
      ...(approval.final !== "completed" ? [button("审核通过", "act-approve", () => act("approve"))] : []),
      ...(approval.final === "accepted" ? [button("验收", "act-accept", () => act("accept"))] : []), button("退回重报", "act-reopen", () => act("reopen"))),
    message, form,
    el("div", { class: "upload" }, button("下载模板（Excel）", "template-xlsx", () => download(code, period, "xlsx").catch((e) => say(e.message))),
      button("下载模板（CSV）", "template-csv", () => download(code, period, "csv").catch((e) => say(e.message))),
      file, button("试导入", "upload-dry-run", () => upload(true)), button("确认导入", "upload-commit", () => upload(false)), summary));
}

const show = followUnit(section, "月度填报与审核", draw);
