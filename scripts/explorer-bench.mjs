// How long a change of the statistics filter takes to reach the screen, on a
// phone-class CPU (Chromium's CPU throttling ×4): 20 changes through the
// filter form of /LANG/statistics/ (period presets, a category, a second
// region; one region stays chosen so every view is redrawn), each timed from
// the `change` dispatch until `[data-figures]` has changed (MutationObserver)
// and until the next frame's layout is done (requestAnimationFrame, then a
// forced layout). Run on the shipped sample and on each export named
// (served in place of /data/export.json). The baseline, on the same page and
// run: the same DOM updates as plain `innerHTML` of the finished HTML, i.e.
// what parsing and laying out the figures costs without the wasm's work. (The
// explorer's figure also includes setting the prerendered filter form to the
// new view.)
//
// First, the data the page fetches for its first view, before any
// interaction: each /data/ file requested, brotli -q 11, against the
// export's brotli size. Twice for each export named: with the page's own
// release in /data/release.json (the site rebuilt with the release, as it
// should be: the export waits until the reader starts exploring), and with
// the export's own release there (newer than the page: the export is
// fetched at once).
// Usage: node scripts/explorer-bench.mjs DIST LANG EXPORT...
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import puppeteer from "puppeteer-core";
import { serve, CHROME_FLAGS } from "./site-server.mjs";

const [dist, lang, ...exports] = process.argv.slice(2);
if (!dist || !lang || !exports.length) {
  console.error("usage: node scripts/explorer-bench.mjs DIST LANG EXPORT...");
  process.exit(2);
}
const CHANGES = 20;
const THROTTLE = 4;

/** The code with the most reported violations among `items`, by `totals`. */
function largest(items, totals) {
  let best = 0;
  totals.forEach((t, i) => { if ((t ?? 0) > (totals[best] ?? 0)) best = i; });
  return items[best].code;
}

/** The filter changes: each leaves a view that differs from the one before. */
function changes(exportJson) {
  const e = JSON.parse(exportJson);
  const m = e.margins;
  const region = largest(e.regions, m.by_region.reported);
  const other = largest(e.regions, m.by_region.reported.map((t, i) => (e.regions[i].code === region ? -1 : t)));
  const category = largest(e.categories, m.by_category.reported);
  const steps = [{ tick: ["region", region] }];
  // Never last-52 next to all: the sample has fewer than 52 weeks.
  const periods = ["last-12", "last-52", "last-4", "all"];
  for (let i = 0; steps.length < CHANGES; i++) {
    steps.push({ period: periods[i % periods.length] });
    if (steps.length < CHANGES) steps.push({ tick: i % 2 === 0 ? ["category", category] : ["region", other] });
  }
  return { steps, shape: `${e.regions.length} regions × ${e.categories.length} categories × ${m.by_week.reported.length} weeks` };
}

// In the page: applies one step to the real form control, or sets
// `[data-figures]` to a finished HTML string, and times it.
const MEASURE = `window.__measure = (step) => new Promise((resolve, reject) => {
  const figures = document.querySelector("[data-figures]");
  const timeout = setTimeout(() => reject(new Error("[data-figures] did not change after " + JSON.stringify(step))), 20000);
  let start;
  const observer = new MutationObserver(() => {
    observer.disconnect();
    const dom = performance.now() - start;
    requestAnimationFrame(() => {
      document.body.getBoundingClientRect();
      clearTimeout(timeout);
      resolve({ dom, frame: performance.now() - start, html: figures.innerHTML });
    });
  });
  observer.observe(figures, { childList: true, subtree: true, characterData: true, attributes: true });
  const form = document.querySelector("[data-testid=filters]");
  start = performance.now();
  if (step.html !== undefined) {
    figures.innerHTML = step.html;
  } else if (step.period) {
    const select = form.querySelector("select[name=period]");
    select.value = step.period;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  } else {
    form.querySelector(\`input[name=\${step.tick[0]}][value="\${step.tick[1]}"]\`).click();
  }
});`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const brotli = (data) =>
  brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
const bytes = (n) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

/** The release manifest that describes `exportJson`, as the exporter writes it. */
function manifestOf(exportJson) {
  const { release_id, generated_at, data_as_of, sample } = JSON.parse(exportJson).release;
  return JSON.stringify({ schema_version: 1, release_id, generated_at, data_as_of, sample }, null, 2) + "\n";
}

/**
 * The /data/ files the statistics page fetches before any interaction, with
 * `exportJson` and `releaseJson` served as the export and the manifest (the
 * others from `dist`): [path, brotli bytes] in order.
 */
async function firstView(browser, base, exportJson, releaseJson) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  const fetched = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    const body = { "/data/export.json": exportJson, "/data/release.json": releaseJson }[path];
    if (path.startsWith("/data/")) fetched.push([path, brotli(Buffer.from(body ?? readFileSync(join(dist, path))))]);
    if (body === undefined) request.continue();
    else request.respond({ status: 200, contentType: "application/json", body });
  });
  await page.goto(`${base}/${lang}/statistics/`, { waitUntil: "load" });
  // The explorer's verdict, then a moment for any request still to come.
  await page.waitForFunction(() => {
    const status = document.querySelector("[data-status]");
    return status?.firstElementChild && !status.querySelector("[data-testid=release-loading]");
  }, { timeout: 60000 });
  const verdict = await page.evaluate(() => document.querySelector("[data-status] [data-testid]")?.dataset.testid);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await page.close();
  return { fetched, verdict };
}

/** One line of the first view's data: what was fetched, and the export's size beside it. */
function firstViewLine(name, release, { fetched, verdict }, exportJson) {
  const files = fetched.map(([path, n]) => `${path} ${bytes(n)}`).join(" + ") || "nothing";
  const total = fetched.reduce((sum, [, n]) => sum + n, 0);
  const exportBr = bytes(brotli(Buffer.from(exportJson)));
  const later = fetched.some(([path]) => path === "/data/export.json")
    ? "the export is part of it"
    : `the export (${exportBr} brotli) is fetched only when the reader starts exploring`;
  return `first view: ${name}, ${release} (${verdict}): ${files} brotli, ${bytes(total)} in all; ${later}`;
}

const summary = (runs, key) => `${median(runs.map((r) => r[key])).toFixed(1)} / ${Math.max(...runs.map((r) => r[key])).toFixed(1)}`;

async function measure(browser, base, exportJson) {
  const page = await browser.newPage();
  await page.setViewport({ width: 412, height: 915, deviceScaleFactor: 1, isMobile: true });
  const cdp = await page.createCDPSession();
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/data/export.json") {
      request.respond({ status: 200, contentType: "application/json", body: exportJson });
    } else {
      request.continue();
    }
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${base}/${lang}/statistics/`, { waitUntil: "load" });
  // The export is fetched when the reader starts exploring; ready once it
  // is in and the figures are drawn from it (`data-view`): a change before
  // that would time the fetch and the decoding.
  await page.waitForSelector("[data-testid=release-current]", { timeout: 60000 });
  await page.hover("[data-testid=filters]");
  await page.waitForFunction(
    () => document.querySelector("[data-figures]").hasAttribute("data-view")
      && !document.querySelector("[data-testid=filters] fieldset").disabled && !document.querySelector(".sort[disabled]"),
    { timeout: 120000 },
  );
  const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);
  await page.evaluate(MEASURE);
  const { steps, shape } = changes(exportJson);
  const explorer = [];
  for (const step of steps) explorer.push(await page.evaluate((s) => window.__measure(s), step));
  // The same HTML again, written directly: in order, each differs from the one before.
  const baseline = [];
  for (const { html } of explorer) baseline.push(await page.evaluate((s) => window.__measure(s), { html }));
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
  return { shape, paint, explorer, baseline, kb: exportJson.length / 1024 };
}

const server = await serve(dist);
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: CHROME_FLAGS.filter((f) => !f.startsWith("--headless")),
});
try {
  const tables = [
    ["sample", readFileSync(join(dist, "data", "export.json"), "utf8")],
    ...exports.map((path) => [path, readFileSync(path, "utf8")]),
  ];
  const own = readFileSync(join(dist, "data", "release.json"), "utf8");
  for (const [name, json] of tables) {
    console.log(firstViewLine(name, "the page's own release", await firstView(browser, server.base, json, own), json));
    if (name !== "sample") {
      console.log(firstViewLine(name, "a release newer than the page", await firstView(browser, server.base, json, manifestOf(json)), json));
    }
  }
  console.log(`explorer: filter change to figures on screen, CPU ×${THROTTLE}, ${CHANGES} changes, median / worst in ms`);
  for (const [name, json] of tables) {
    const r = await measure(browser, server.base, json);
    console.log(`explorer: ${name} (${r.shape}, ${Math.round(r.kb)} KB):`);
    console.log(`  wasm explorer     figures in DOM ${summary(r.explorer, "dom")}, laid out in next frame ${summary(r.explorer, "frame")}`);
    console.log(`  baseline          innerHTML of the same HTML ${summary(r.baseline, "dom")}, laid out in next frame ${summary(r.baseline, "frame")}`);
    console.log(`  for reference     the prerendered page's first contentful paint ${Math.round(r.paint)} ms; p90 of the explorer to layout ${percentile(r.explorer.map((x) => x.frame), 0.9).toFixed(1)} ms`);
  }
} finally {
  await browser.close();
  server.stop();
}
