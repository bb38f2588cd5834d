// Size budget: the wasm and JavaScript each prerendered page loads, measured
// brotli -q 11 as a browser downloads them from the precompressing server.
// Prints one line per distinct set of files, the heaviest page against the
// budget, and the largest contributors to the wasm by crate (twiggy on the
// un-stripped build). Exits non-zero when any page is over budget.
//
// Usage: node scripts/budget.mjs DIST BUDGET_KB [NAMED_WASM]
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { execFileSync } from "node:child_process";

const [dist, budgetKb, namedWasm] = process.argv.slice(2);
if (!dist || !budgetKb) {
  console.error("usage: node scripts/budget.mjs DIST BUDGET_KB [NAMED_WASM]");
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

// Code a page loads: script src, boot.js's data-js/data-wasm, module and wasm preloads.
const CODE = [
  /<script\b[^>]*\bsrc="([^"]+)"/g,
  /\bdata-js="([^"]+)"/g,
  /\bdata-wasm="([^"]+)"/g,
  /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g,
  /<link\b[^>]*\bhref="([^"]+\.wasm)"/g,
];

const pages = [];
for (const file of htmlFiles(dist)) {
  const html = readFileSync(file, "utf8");
  const urls = new Set();
  for (const pattern of CODE) for (const m of html.matchAll(pattern)) urls.add(m[1]);
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
process.exit(heaviest.total <= budget ? 0 : 1);
