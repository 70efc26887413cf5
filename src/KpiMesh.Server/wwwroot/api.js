// Calls to /api/v1 with the tab's API key (if the server needs one) and the console's language, so refusals come back
// as problem documents the reader can read.
import { lang, t } from "./i18n.js";

export function headers(accept = "application/json") {
  const key = sessionStorage.getItem("kpimesh-key");
  const common = { Accept: accept, "Accept-Language": lang === "en" ? "en" : "zh-CN,zh;q=0.9" };
  return key ? { ...common, "X-Api-Key": key } : common;
}

let onUnauthorized = () => {};
export const whenUnauthorized = (handler) => { onUnauthorized = handler; };

async function check(response) {
  if (response.status === 401) onUnauthorized(t.needKey);
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `${response.status} ${response.statusText}`);
  }
  return response;
}

export async function api(path) {
  return (await check(await fetch(path, { headers: headers() }))).json();
}

export async function post(path, body, accept = "application/json") {
  return check(await fetch(path, { method: "POST", headers: { ...headers(accept), "Content-Type": "application/json" }, body: JSON.stringify(body) }));
}

export const unitPath = (code, rest = "") => `/api/v1/units/${encodeURIComponent(code)}${rest}`;

/** The reporting month under way in Beijing time (the programme's default zone), as the approvals name it: `2026-11`. */
export const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
