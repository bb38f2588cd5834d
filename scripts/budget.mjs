// Size budget: the wasm and JavaScript each prerendered page loads, measured
// brotli -q 11 as a browser downloads them from the precompressing server.
// Prints one line per distinct set of files, the heaviest page against the
// budget, and the largest contributors to the wasm by crate (twiggy on the
// un-stripped build). Exits non-zero when any page is over budget.
//
// The widget pages (/embed/…) have budgets of their own: each page with its
// CSS and script, and the host script /embed.js that news sites include.
//
// Usage: node scripts/budget.mjs DIST BUDGET_KB NAMED_WASM WIDGET_KB HOST_KB
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { execFileSync } from "node:child_process";

const [dist, budgetKb, namedWasm, widgetKb, hostKb] = process.argv.slice(2);
if (!dist || !budgetKb || !widgetKb || !hostKb) {
  console.error("usage: node scripts/budget.mjs DIST BUDGET_KB NAMED_WASM WIDGET_KB HOST_KB");
  process.exit(2);
}
const budget = Number(budgetKb) * 1024;

function* htmlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith(".html")) yield path;
  }
}

const brotliSize = new Map();
function sizeOf(url) {
  if (!brotliSize.has(url)) {
    const file = join(dist, url.replace(/^\//, ""));
    if (!existsSync(file)) throw new Error(`${url} is referenced but not in ${dist}`);
    const data = readFileSync(file);
    brotliSize.set(url, brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length);
  }
  return brotliSize.get(url);
}

// Code a page loads: script src, module and wasm preloads, and boot.js's
// data-js/data-wasm where the page has islands (boot.js loads them only then).
const CODE = [
  /<script\b[^>]*\bsrc="([^"]+)"/g,
  /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g,
  /<link\b[^>]*\bhref="([^"]+\.wasm)"/g,
];
const ISLAND_CODE = [/\bdata-js="([^"]+)"/g, /\bdata-wasm="([^"]+)"/g];

// A module's static imports load with it: wasm-bindgen's snippets, which
// the wasm's glue imports from ./snippets/.
function staticImports(url) {
  if (!url.endsWith(".js")) return [];
  const js = readFileSync(join(dist, url.replace(/^\//, "")), "utf8");
  return [...js.matchAll(/\bfrom\s*["'](\.\.?\/[^"']+)["']/g)].map((m) => new URL(m[1], `http://portal${url}`).pathname);
}

const pages = [];
for (const file of htmlFiles(dist)) {
  // Text areas show code (the embed builder's snippets); it does not load.
  const html = readFileSync(file, "utf8").replace(/<textarea\b[^>]*>[^<]*(?:<(?!\/textarea>)[^<]*)*<\/textarea>/g, "");
  const urls = new Set();
  const patterns = html.includes("<leptos-island") ? [...CODE, ...ISLAND_CODE] : CODE;
  for (const pattern of patterns) for (const m of html.matchAll(pattern)) urls.add(m[1]);
  for (const url of [...urls]) for (const imported of staticImports(url)) urls.add(imported);
  const total = [...urls].reduce((sum, url) => sum + sizeOf(url), 0);
  pages.push({ page: "/" + relative(dist, file), urls: [...urls].sort(), total });
}
if (pages.length === 0) throw new Error(`no HTML pages in ${dist}`);

const kb = (n) => (n / 1024).toFixed(1).padStart(6) + " KB";
const groups = new Map();
for (const p of pages) {
  const key = p.urls.join(" ");
  if (!groups.has(key)) groups.set(key, { ...p, count: 0 });
  groups.get(key).count += 1;
}
console.log("budget: wasm + JS per page (brotli -q 11)");
for (const g of groups.values()) {
  console.log(`  ${g.count} page(s) like ${g.page}: ${kb(g.total)}`);
  for (const url of g.urls) console.log(`      ${kb(sizeOf(url))}  ${url}`);
}

if (namedWasm && existsSync(namedWasm)) {
  const items = JSON.parse(execFileSync("twiggy", ["top", "-n", "100000", "--format", "json", namedWasm], {
    maxBuffer: 256 * 1024 * 1024,
  }).toString());
  const byCrate = new Map();
  // Names, wasm-bindgen descriptors and its custom section never ship.
  const code = items.filter((i) =>
    !i.name.startsWith("custom section") && !i.name.includes("subsection") && !i.name.includes("__wbindgen_describe"));
  for (const item of code) {
    const crate = item.name.startsWith("data segment")
      ? "(static data)"
      : (item.name.match(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/) || [null, "(unnamed)"])[1];
    byCrate.set(crate, (byCrate.get(crate) || 0) + item.shallow_size);
  }
  const total = [...byCrate.values()].reduce((a, b) => a + b, 0);
  console.log(`budget: largest contributors to the wasm code before wasm-opt (twiggy, ${(total / 1024).toFixed(0)} KB raw)`);
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${((100 * size) / total).toFixed(1).padStart(5)} %  ${crate}`);
  }
}

const heaviest = pages.reduce((a, b) => (b.total > a.total ? b : a));
const verdict = heaviest.total <= budget ? "ok" : "OVER BUDGET";
console.log(`budget: heaviest page ${heaviest.page} loads ${kb(heaviest.total).trim()} of wasm + JS; budget ${budgetKb} KB: ${verdict}`);

// Widgets: the page, its style sheets and its script; never any wasm.
const STYLES = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g;
const widgets = pages
  .filter((p) => p.page.startsWith("/embed/"))
  .map((p) => {
    const html = readFileSync(join(dist, p.page), "utf8");
    const styles = [...html.matchAll(STYLES)].map((m) => m[1]);
    const own = brotliCompressSync(Buffer.from(html), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    return { ...p, wasm: p.urls.some((u) => u.endsWith(".wasm")), own, total: own + p.total + styles.reduce((s, u) => s + sizeOf(u), 0) };
  })
  .sort((a, b) => b.total - a.total);
if (widgets.length === 0) throw new Error(`no widget pages under ${dist}/embed`);
console.log(`budget: ${widgets.length} widget pages, HTML + CSS + JS (brotli -q 11); the largest:`);
for (const w of widgets.slice(0, 3)) console.log(`  ${kb(w.total)}  ${w.page} (the page itself ${kb(w.own).trim()})`);
const widgetOk = widgets[0].total <= Number(widgetKb) * 1024 && !widgets.some((w) => w.wasm);
console.log(`budget: largest widget ${kb(widgets[0].total).trim()}; budget ${widgetKb} KB, no wasm: ${widgetOk ? "ok" : "OVER BUDGET"}`);
// The module that draws an explored view's SVG: loaded on a click only
// (boot.js), so in no page's total above.
const lazy = ["/figure-svg.js", "/figure-svg_bg.wasm"].reduce((sum, url) => sum + sizeOf(url), 0);
console.log(`budget: loaded on a click only, the explored views' SVG module /figure-svg.js and its wasm: ${kb(lazy).trim()}`);
const host = sizeOf("/embed.js");
const hostOk = host <= Number(hostKb) * 1024;
console.log(`budget: host script /embed.js ${host} bytes; budget ${hostKb} KB: ${hostOk ? "ok" : "OVER BUDGET"}`);
process.exit(heaviest.total <= budget && widgetOk && hostOk ? 0 : 1);
