// The page's one way of building elements (no framework): attributes, then children as nodes or text.
export const $ = (selector, root = document) => root.querySelector(selector);

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** A table cell whose exported value (CSV, XLSX) is `raw` (a number stays a number) while the page shows `shown`. */
export const cell = (shown, raw, attributes = {}) => element("td", { ...attributes, "data-raw": raw === undefined || raw === null ? undefined : JSON.stringify(raw) }, shown);
