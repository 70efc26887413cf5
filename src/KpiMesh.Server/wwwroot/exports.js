// Every table can leave the page: CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese) built here, and XLSX
// written by the server (POST /api/v1/exports/xlsx, MiniExcel). Both take exactly what the table shows, except that a
// cell with data-raw exports its number rather than its formatted text.
import { post } from "./api.js";
import { element } from "./dom.js";
import { t } from "./i18n.js";

function read(table) {
  const columns = [...table.querySelectorAll("thead th")].map((th) => th.dataset.export ?? th.textContent.trim());
  const rows = [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((td) =>
    td.dataset.raw !== undefined ? JSON.parse(td.dataset.raw) : td.textContent.trim()));
  return { columns, rows };
}

function save(blob, name) {
  const link = element("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

const quote = (value) => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function exportCsv(table, title) {
  const { columns, rows } = read(table);
  const text = [columns, ...rows].map((row) => row.map(quote).join(",")).join("\r\n");
  save(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }), `${title}.csv`);
}

export async function exportXlsx(table, title) {
  const { columns, rows } = read(table);
  const response = await post("/api/v1/exports/xlsx", { title, columns, rows }, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  save(await response.blob(), `${title}.xlsx`);
}

/** The two export buttons of a table; `title()` names the file (unit and table) when clicked. */
export function exportButtons(table, title, onError) {
  return element("span", { class: "exports no-print" },
    element("button", { type: "button", "data-export": "csv", onclick: () => { try { exportCsv(table, title()); } catch (e) { onError(e); } } }, t.csv),
    element("button", { type: "button", "data-export": "xlsx", onclick: () => exportXlsx(table, title()).catch(onError) }, t.xlsx));
}
