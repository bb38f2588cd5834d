// What a year of weekly releases does to the site's build: the time of the
// steps that depend on the archive (the prerender, which writes the pages,
// the widgets and the widgets pinned to every archived release, and the
// precompression of every text file) and the size of dist/, for the shipped
// sample series and for a series of 52 weekly releases at the sample's
// density exported by the real exporter as the sample is: the whole site
// from nothing after 51 releases, then the weekly rebuild after the 52nd
// with the twins of the build before (as `make build` keeps them).
//
// Usage: node scripts/releases-bench.mjs DIST EXPORTER PRERENDER TEMPLATE
// (DIST: a site built by `make local`, whose assets are reused; TEMPLATE:
// the page template Trunk wrote, target/index.template.html). Trunk's own
// step compiles the wasm and copies public/, whatever the archive holds.

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dist, exporter, prerender, template] = process.argv.slice(2);
if (!template) {
  console.error("usage: releases-bench.mjs DIST EXPORTER PRERENDER TEMPLATE");
  process.exit(2);
}
const bench = "target/bench/releases";

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
  return r.stdout;
}

function timed(cmd, args, env) {
  const start = process.hrtime.bigint();
  run(cmd, args, env);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

// Bytes and files under a folder.
function usage(dir) {
  let bytes = 0, files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const u = usage(path);
      bytes += u.bytes;
      files += u.files;
    } else {
      bytes += statSync(path).size;
      files += 1;
    }
  }
  return { bytes, files };
}

// Whatever was generated from the archive goes, so that the site is
// written again from Trunk's files and the archive in `data`: the
// prerendered pages and documents, the twins, the data.
function freshSite(data, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(dist, to, {
    recursive: true,
    filter: (src) => !/\.(br|gz)$/.test(src),
  });
  rmSync(join(to, "data"), { recursive: true, force: true });
  for (const lang of ["uk", "en", "de", "fr"]) rmSync(join(to, "embed", lang), { recursive: true, force: true });
  cpSync(data, join(to, "data"), { recursive: true });
}

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

// One build of the steps that depend on the archive, with the twins kept
// in `cache` as `make build` keeps them (emptied first when `cold`).
function measure(label, data, content, cache, cold) {
  const site = join(bench, `site-${label}`);
  freshSite(data, site);
  if (cold) rmSync(cache, { recursive: true, force: true });
  const env = { SITE_URL: "http://127.0.0.1:8080" };
  const render = timed(prerender, [site, "--template", template, "--content", content, "--local"], env);
  const compress = timed("node", ["scripts/precompress.mjs", site, cache]);
  const all = usage(site);
  const archive = usage(join(site, "data", "releases"));
  let pinned = { bytes: 0, files: 0 };
  for (const lang of ["uk", "en", "de", "fr"]) {
    const u = usage(join(site, "embed", lang, "releases"));
    pinned = { bytes: pinned.bytes + u.bytes, files: pinned.files + u.files };
  }
  const releases = readdirSync(join(site, "data", "releases")).length;
  console.log(
    `releases: ${label}: ${releases} releases, ${cold ? "no twins kept" : "the twins of the build before kept"}: ` +
      `prerender ${render.toFixed(1)} s, precompress ${compress.toFixed(1)} s; ` +
      `dist/ ${mb(all.bytes)} in ${all.files} files, of which the archived data ${mb(archive.bytes)} ` +
      `and the pinned widgets ${mb(pinned.bytes)} in ${pinned.files} files (pages, oEmbed documents and their .br/.gz)`,
  );
  rmSync(site, { recursive: true, force: true });
}

// The shipped sample series, as `make local` builds it.
measure("sample", "public/data", "content", join(bench, "cache-sample"), true);

// 52 weekly releases at the sample's density (the bench's five-year export
// of sample density has 50,000 incidents over 260 weeks: 10,000 over 52),
// each exported from the incidents as they stood that week, protected
// against the releases before it, as `exporter sample` makes the sample.
const weeks = 52;
const rows = 10_000;
const year = join(bench, "year");
rmSync(year, { recursive: true, force: true });
mkdirSync(year, { recursive: true });
const day = 86_400_000;
// Mondays of the 52 weeks up to the sample's last week, 2026-W47.
const lastMonday = Date.UTC(2026, 10, 16);
const isoWeek = (t) => {
  const d = new Date(t + 3 * day); // the week's Thursday names its year
  const jan4 = Date.UTC(d.getUTCFullYear(), 0, 4);
  const firstMonday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * day;
  const n = Math.floor((t - firstMonday) / (7 * day)) + 1;
  return `${d.getUTCFullYear()}-W${String(n).padStart(2, "0")}`;
};
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const mondays = Array.from({ length: weeks }, (_, n) => lastMonday - (weeks - 1 - n) * 7 * day);
const first = isoWeek(mondays[0]);
// The shipped corrections log concerns the sample's releases: the year is
// built with an empty one.
const content = join(year, "content");
cpSync("content", content, { recursive: true });
for (const lang of ["uk", "en", "de", "fr"]) writeFileSync(join(content, "corrections", `${lang}.toml`), "");
const cache = join(bench, "cache-year");
let exporting = 0;
for (const [n, monday] of mondays.entries()) {
  // The week before the last release: the whole site from nothing, as a
  // first build on a new machine makes it.
  if (n === weeks - 1) measure("year-51", join(year, "data"), content, cache, true);
  const week = isoWeek(monday);
  const input = join(year, "incidents.csv");
  run(exporter, ["synthesize", "--weeks", String(weeks), "--rows", String(rows), "--as-of", week, "--out", input]);
  exporting += timed(exporter, [
    "export", "--input", input, "--out-dir", join(year, "data"), "--state-dir", join(year, "state"),
    "--release-id", `year-${week}`, "--generated-at", `${iso(monday + 7 * day)}T06:00:00Z`,
    "--data-as-of", iso(monday + 6 * day), "--first-week", first, "--last-week", week, "--sample", "--quiet",
  ]);
  if (n === 0) cpSync("public/data/schema", join(year, "data", "schema"), { recursive: true });
}
console.log(`releases: the year's ${weeks} releases (${first} to ${isoWeek(mondays.at(-1))}, about ${rows} incidents) exported in ${exporting.toFixed(1)} s`);
// The weekly build after the 52nd release, with the twins of the build
// before it: what a data team's rebuild costs once the archive holds a year.
measure("year", join(year, "data"), content, cache, false);
