// Lighthouse 12, mobile and desktop, on every route of one language and on a
// plain-HTML copy of that language's home page (no scripts, no preloads),
// measured in the same run against the same server. Prints a table and the
// LCP ratio of each route to the baseline. Then a plain news article with and
// without five embedded widgets (each with its oEmbed snippet), mobile: the
// bytes and blocking time the widgets add, in ROUNDS rounds (default 5) of
// the three pages one after the other, since a few milliseconds of blocking
// time are noise on a shared machine: each round's figures, then the median.
// Reports go to target/bench/.
// Usage: node scripts/bench.mjs DIST LANG [ROUNDS]
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createServer } from "node:http";
import { serve, CHROME_FLAGS } from "./site-server.mjs";

const [dist, lang, roundsArg = "5"] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!dist || !lang || !(rounds >= 1)) {
  console.error("usage: node scripts/bench.mjs DIST LANG [ROUNDS]");
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), "portal-bench-"));
cpSync(dist, root, { recursive: true });
const plain = readFileSync(join(dist, lang, "index.html"), "utf8")
  .replace(/<script\b[^>]*>[^<]*<\/script>/g, "")
  .replace(/<link\b[^>]*rel="(modulepreload|preload)"[^>]*>/g, "");
mkdirSync(join(root, "baseline"), { recursive: true });
writeFileSync(join(root, "baseline", "index.html"), plain);
// A plain article, and the same with five widgets between its paragraphs.
const WIDGETS = ["headline", "funnel", "trend", "map", "provision/c1"];
const paragraph = "<p>" + "The ceasefire has held in most regions this week, monitors say. ".repeat(8) + "</p>";
const article = (frames) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>A news article</title>
<meta name="description" content="A plain article page for the widget benchmark"></head>
<body><main><h1>A news article</h1>${paragraph}${frames.map((f) => f + paragraph).join("")}</main></body></html>`;
// Each widget with the snippet of its oEmbed document, pointing at `origin`.
const snippets = (origin) => WIDGETS.map((w) => {
  const oembed = JSON.parse(readFileSync(join(dist, "embed", lang, w, "oembed.json"), "utf8"));
  return oembed.html.replaceAll(oembed.provider_url.replace(/\/$/, ""), origin);
});
// The server would otherwise send the precompressed twins of the real page.
rmSync(join(root, lang, "index.html.br"));

const routes = ["/", "/declaration/", "/pillars/", "/statistics/", "/methodology/", "/404.html"]
  .map((r) => (r === "/" ? `/${lang}/` : `/${lang}${r}`));
const out = "target/bench";
mkdirSync(out, { recursive: true });
const server = await serve(root);
// The news site: another server without the portal's headers. Its pages
// embed the widgets from the same site (127.0.0.1: one renderer process, as
// on most phones) and from another site (localhost: the widgets run in their
// own process where the browser isolates sites, as desktop Chrome does).
const pages = {
  "/article/": article([]),
  "/article-widgets/": article(snippets(server.base)),
  "/article-widgets-other-site/": article(snippets(server.base.replace("127.0.0.1", "localhost"))),
};
const news = createServer((request, response) => {
  const page = pages[new URL(request.url, "http://x").pathname];
  response.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
  response.end(page ?? "not found");
}).listen(0, "127.0.0.1");
await new Promise((resolve) => news.on("listening", resolve));
const newsBase = `http://127.0.0.1:${news.address().port}`;

// Lighthouse runs as a child process while this one keeps serving the news site.
const run = promisify(execFile);
async function lighthouse(path, preset, base = server.base, round = "") {
  const file = join(out, `${preset}${path.replace(/\//g, "_")}${round}.json`);
  const args = [
    base + path, "--quiet", "--output=json", `--output-path=${file}`,
    `--chrome-flags=${CHROME_FLAGS.join(" ")}`,
    "--only-categories=performance,accessibility,best-practices,seo",
  ];
  if (preset === "desktop") args.push("--preset=desktop");
  // Lighthouse now and then fails to record a trace (NO_NAVSTART): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await run("node_modules/.bin/lighthouse", args, { env: { ...process.env, CHROME_PATH: "/usr/bin/chromium" } });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`bench: Lighthouse failed on ${path} (${preset}), attempt ${attempt}; trying again`);
    }
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  const score = (c) => Math.round(report.categories[c].score * 100);
  const audit = (a) => report.audits[a].numericValue;
  return {
    path, preset,
    perf: score("performance"), a11y: score("accessibility"),
    bp: score("best-practices"), seo: score("seo"),
    lcp: audit("largest-contentful-paint"), tbt: audit("total-blocking-time"),
    cls: audit("cumulative-layout-shift"), bytes: audit("total-byte-weight"),
  };
}

const rows = [];
const widgetCost = [];
try {
  for (const preset of ["mobile", "desktop"]) {
    const baseline = await lighthouse("/baseline/", preset);
    rows.push({ ...baseline, path: `baseline (plain ${lang} home)`, ratio: 1 });
    for (const path of routes) {
      const r = await lighthouse(path, preset);
      rows.push({ ...r, ratio: r.lcp / baseline.lcp });
    }
  }
  for (let round = 1; round <= rounds; round++) {
    const plainArticle = await lighthouse("/article/", "mobile", newsBase, `-${round}`);
    rows.push({ ...plainArticle, path: `/article/ #${round}`, ratio: 1 });
    for (const path of ["/article-widgets/", "/article-widgets-other-site/"]) {
      const withWidgets = await lighthouse(path, "mobile", newsBase, `-${round}`);
      rows.push({ ...withWidgets, path: `${path} #${round}`, ratio: withWidgets.lcp / plainArticle.lcp });
      widgetCost.push({
        path, round, bytes: withWidgets.bytes - plainArticle.bytes,
        tbt: withWidgets.tbt - plainArticle.tbt, cls: withWidgets.cls,
      });
    }
  }
} finally {
  server.stop();
  news.close();
  rmSync(root, { recursive: true, force: true });
}

const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`\n${pad("preset", 8)}${pad("route", 30)}${num("perf", 5)}${num("a11y", 5)}${num("bp", 5)}${num("seo", 5)}${num("LCP ms", 8)}${num("TBT ms", 8)}${num("CLS", 7)}${num("KB", 7)}${num("LCP/base", 10)}`);
for (const r of rows) {
  console.log(`${pad(r.preset, 8)}${pad(r.path, 30)}${num(r.perf, 5)}${num(r.a11y, 5)}${num(r.bp, 5)}${num(r.seo, 5)}` +
    `${num(Math.round(r.lcp), 8)}${num(Math.round(r.tbt), 8)}${num(r.cls.toFixed(3), 7)}${num((r.bytes / 1024).toFixed(1), 7)}${num(r.ratio.toFixed(2), 10)}`);
}
writeFileSync(join(out, "summary.json"), JSON.stringify(rows, null, 2));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
for (const path of ["/article-widgets/", "/article-widgets-other-site/"]) {
  const costs = widgetCost.filter((cost) => cost.path === path);
  const each = costs.map((cost) => Math.round(cost.tbt)).join(", ");
  console.log(`widgets: five on a plain article page (${path}, mobile, ${costs.length} rounds) add ` +
    `${(median(costs.map((cost) => cost.bytes)) / 1024).toFixed(1)} KB and a median ` +
    `${Math.round(median(costs.map((cost) => cost.tbt)))} ms of total blocking time (each round: ${each}; goal: at most 50 ms); ` +
    `CLS at most ${Math.max(...costs.map((cost) => cost.cls)).toFixed(3)}`);
}
