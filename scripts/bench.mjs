// Lighthouse 12, mobile and desktop, on every route of one language and on a
// plain-HTML copy of that language's home page (no scripts, no preloads),
// measured in the same run against the same server. Prints a table and the
// LCP ratio of each route to the baseline. Reports go to target/bench/.
// Usage: node scripts/bench.mjs DIST LANG
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { serve, CHROME_FLAGS } from "./site-server.mjs";

const [dist, lang] = process.argv.slice(2);
if (!dist || !lang) {
  console.error("usage: node scripts/bench.mjs DIST LANG");
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), "portal-bench-"));
cpSync(dist, root, { recursive: true });
const plain = readFileSync(join(dist, lang, "index.html"), "utf8")
  .replace(/<script\b[^>]*>[^<]*<\/script>/g, "")
  .replace(/<link\b[^>]*rel="(modulepreload|preload)"[^>]*>/g, "");
mkdirSync(join(root, "baseline"), { recursive: true });
writeFileSync(join(root, "baseline", "index.html"), plain);
// The server would otherwise send the precompressed twins of the real page.
rmSync(join(root, lang, "index.html.br"));

const routes = ["/", "/declaration/", "/pillars/", "/statistics/", "/methodology/", "/404.html"]
  .map((r) => (r === "/" ? `/${lang}/` : `/${lang}${r}`));
const out = "target/bench";
mkdirSync(out, { recursive: true });
const server = await serve(root);

function lighthouse(path, preset) {
  const file = join(out, `${preset}${path.replace(/\//g, "_")}.json`);
  const args = [
    server.base + path, "--quiet", "--output=json", `--output-path=${file}`,
    `--chrome-flags=${CHROME_FLAGS.join(" ")}`,
    "--only-categories=performance,accessibility,best-practices,seo",
  ];
  if (preset === "desktop") args.push("--preset=desktop");
  // Lighthouse now and then fails to record a trace (NO_NAVSTART): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync("node_modules/.bin/lighthouse", args, { env: { ...process.env, CHROME_PATH: "/usr/bin/chromium" }, stdio: "inherit" });
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
try {
  for (const preset of ["mobile", "desktop"]) {
    const baseline = lighthouse("/baseline/", preset);
    rows.push({ ...baseline, path: `baseline (plain ${lang} home)`, ratio: 1 });
    for (const path of routes) {
      const r = lighthouse(path, preset);
      rows.push({ ...r, ratio: r.lcp / baseline.lcp });
    }
  }
} finally {
  server.stop();
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
