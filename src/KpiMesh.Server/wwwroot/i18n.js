// Language of the console: Chinese first (zh-CN), English on request. Every label, level, status, number and date the
// page shows goes through here, and the API is asked for problem documents in the same language (Accept-Language).

const dictionaries = {
  "zh-CN": {
    title: "社会心理服务体系建设驾驶舱", search: "搜索单位名称或代码", switchTo: "English", print: "打印",
    live: "● 实时", reconnecting: "● 重新连接中", connecting: "● 连接中",
    childrenBelow: (n) => `下辖 ${n} 个单位`, lastChange: (t) => `最近更新 ${t}`, noData: "暂无数据",
    indicators: "指标完成情况", indicator: "指标", progress: "进度", value: "当前值", target: "目标（截止日期）", status: "状态",
    projection: "按当前速度预测", fraction: "分子 / 分母", reported: "上报完整度", noHierarchy: "尚未导入行政区划",
    statuses: { met: "达标", on_track: "进度正常", at_risk: "有风险", off_track: "滞后" },
    levels: { nation: "国家", province: "省", city: "市", county: "县（区）", town: "乡镇（街道）", village: "村（社区）", school: "学校",
      university: "高校", enterprise: "企业", agency: "机关事业单位", psychiatric_hospital: "精神专科医院", general_hospital: "综合医院", primary_care: "基层医疗机构" },
    options: { cadres: "干部", students: "学生", urban: "城镇居民", rural: "农村居民", red: "红色预警", yellow: "黄色预警", green: "绿色预警" },
    previous: (n) => `上期 ${n}`, rose: "▲ 上升",
    due: (d) => `截止 ${d}`, overdue: "已过期",
    willMiss: (v, gap) => `预计到期仅达 ${v}，差 ${gap}`, onTrackButMiss: "当前正常，但预计不能按期达标",
    willMake: (d) => `预计 ${d} 达标`, never: "按当前速度无法达标", pace: (p) => `近30天每日 ${p}`, points: "个百分点",
    map: "地图", mapOf: (name) => `${name}下级单位目标完成度`, noMap: "本级没有边界数据（地图仅覆盖河北省的市、县），请看下方表格。",
    unmatched: (names) => `无边界的单位（开发区等，仅在表格中）：${names}`, progressToTarget: "目标完成度",
    history: "历史趋势", actual: "实际值", trajectory: "目标轨迹", milestone: "里程碑", projected: "预测",
    noHistory: "暂无历史数据（仅保留乡镇及以上单位的每日数据）", range: "时间范围", days: (n) => `${n}天`,
    laggards: "落后单位", level: "层级", belowTarget: "距目标最远", leastComplete: "上报最不完整", projectedShortfall: "预计缺口最大",
    gap: "差距", completeness: "完整度", none: "无", alerts: "红色预警上升", alertsNone: "没有乡镇的红色预警数上升。", redCount: "红色预警数", sinceHeader: "上升时间",
    alertLine: (count, prev, rise) => `红色 ${count}（上期 ${prev}，增加 ${rise}）`, since: (t) => `自 ${t}`, towns: (n) => `共 ${n} 个乡镇`,
    alertsTop: (alerting, towns, shown) => `${towns} 个乡镇中 ${alerting} 个上升，列出增幅最大的 ${shown} 个`,
    children: "下级单位排名", rankBy: "排名指标", rank: "名次", unit: "单位", noChildren: "本单位没有下级单位。",
    platform: "平台建设标准", built: "建成率", toStandard: "达标率", minimum: "最低标准",
    standardText: (s) => `面积 ≥ ${s.minAreaSquareMetres} m²，功能室 ≥ ${s.minRooms} 间，管理人员 ≥ ${s.minManagers} 名，心理咨询师 ≥ ${s.minCounsellors} 名${s.needsServiceRules ? "，有服务制度" : ""}`,
    approval: (period) => `审核状态（${period}）`,
    approvals: { open: "未完成", completed: "已自查完成", approved: "上级已审核", accepted: "已验收" },
    csv: "导出 CSV", xlsx: "导出 Excel", apiKey: "API 密钥", useKey: "使用密钥", needKey: "此服务器需要 API 密钥（X-Api-Key）。",
    error: (m) => `出错：${m}`,
  },
  en: {
    title: "Social psychological service system cockpit", search: "Search a unit by name or code", switchTo: "中文", print: "Print",
    live: "● live", reconnecting: "● reconnecting", connecting: "● connecting",
    childrenBelow: (n) => `${n} units directly below`, lastChange: (t) => `last change ${t}`, noData: "no data yet",
    indicators: "Indicators", indicator: "Indicator", progress: "Progress", value: "Value", target: "Target (due)", status: "Status",
    projection: "At the current pace", fraction: "Numerator / denominator", reported: "Reported", noHierarchy: "No hierarchy loaded yet",
    statuses: { met: "Met", on_track: "On track", at_risk: "At risk", off_track: "Off track" },
    levels: { nation: "nation", province: "province", city: "city", county: "county", town: "town", village: "village", school: "school",
      university: "university", enterprise: "enterprise", agency: "agency", psychiatric_hospital: "psychiatric hospital", general_hospital: "general hospital", primary_care: "primary care" },
    options: { cadres: "cadres", students: "students", urban: "urban residents", rural: "rural residents", red: "red", yellow: "yellow", green: "green" },
    previous: (n) => `previous ${n}`, rose: "▲ rose",
    due: (d) => `due ${d}`, overdue: "overdue",
    willMiss: (v, gap) => `heading for ${v} on the day, ${gap} short`, onTrackButMiss: "on track today, projected to miss",
    willMake: (d) => `reaches the target on ${d}`, never: "never reaches the target at this pace", pace: (p) => `${p} a day over 30 days`, points: "points",
    map: "Map", mapOf: (name) => `Units of ${name} by progress to target`, noMap: "No boundaries for this level (the map covers Hebei's cities and counties); see the tables below.",
    unmatched: (names) => `Units without a boundary (development zones, tables only): ${names}`, progressToTarget: "progress to target",
    history: "History", actual: "value", trajectory: "target trajectory", milestone: "milestone", projected: "projection",
    noHistory: "No history yet (kept for units down to the town)", range: "Range", days: (n) => `${n} days`,
    laggards: "Laggards", level: "Level", belowTarget: "Furthest below target", leastComplete: "Least complete reporting", projectedShortfall: "Largest projected shortfall",
    gap: "Gap", completeness: "Completeness", none: "none", alerts: "Rising red warnings", alertsNone: "No town's red warning count rose.", redCount: "Red warnings", sinceHeader: "Since",
    alertLine: (count, prev, rise) => `red ${count} (previous ${prev}, +${rise})`, since: (t) => `since ${t}`, towns: (n) => `${n} towns`,
    alertsTop: (alerting, towns, shown) => `${alerting} of ${towns} towns rose; the ${shown} largest rises listed`,
    children: "Units below, ranked", rankBy: "Rank by", rank: "#", unit: "Unit", noChildren: "No units below this one.",
    platform: "Platform standards", built: "built", toStandard: "to standard", minimum: "Minimum",
    standardText: (s) => `≥ ${s.minAreaSquareMetres} m², ≥ ${s.minRooms} rooms, ≥ ${s.minManagers} managers, ≥ ${s.minCounsellors} counsellors${s.needsServiceRules ? ", service rules" : ""}`,
    approval: (period) => `Approval (${period})`,
    approvals: { open: "open", completed: "self-check completed", approved: "approved", accepted: "accepted" },
    csv: "CSV", xlsx: "Excel", apiKey: "API key", useKey: "Use key", needKey: "This server needs an API key (X-Api-Key).",
    error: (m) => `Error: ${m}`,
  },
};

export const languages = Object.keys(dictionaries);
export let lang = languages.includes(localStorage.getItem("kpimesh-lang")) ? localStorage.getItem("kpimesh-lang") : "zh-CN";
export const t = new Proxy({}, { get: (_, key) => dictionaries[lang][key] ?? dictionaries.en[key] ?? key });

export function setLanguage(next) {
  lang = next;
  localStorage.setItem("kpimesh-lang", next);
  document.documentElement.lang = next;
}
document.documentElement.lang = lang;

export const levelName = (level) => t.levels[level] ?? level;
export const statusName = (status) => (status ? t.statuses[status] ?? status : "—");
/** A reporting period's approval state (seed 001: 自查 by the unit, 审核 by its parent, 验收 two levels up). */
export const approvalName = (state) => (state ? t.approvals[state] ?? state : "—");
export const optionName = (option) => t.options[option] ?? option;

/** An indicator's name in the current language: `names` when the programme gives them, else the catalog's "中文 English" title split. */
export function indicatorName(indicator) {
  if (!indicator) return "";
  if (indicator.names) return indicator.names[lang === "en" ? "en" : "zh"] ?? indicator.names.zh ?? indicator.id;
  const title = indicator.title ?? indicator.id;
  const split = title.search(/[A-Za-z]/);
  if (split <= 0) return title;
  return lang === "en" ? title.slice(split) : title.slice(0, split).trim();
}

export const number = (n, digits = 0) => (n === null || n === undefined ? "—" : Number(n).toLocaleString(lang, { maximumFractionDigits: digits }));
export const percent = (v, digits = 1) => (v === null || v === undefined ? "—" : Number(v).toLocaleString(lang, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }));
export const percentPoints = (v) => `${(v * 100).toLocaleString(lang, { maximumFractionDigits: 1 })} ${t.points}`;
export const date = (d) => (d ? new Date(typeof d === "string" && d.length === 10 ? `${d}T00:00:00` : d).toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" }) : "—");
export const dateTime = (d) => (d ? new Date(d).toLocaleString(lang, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) : "—");
