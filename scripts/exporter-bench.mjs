// The exporter's cost and speed, in one run, on synthetic incidents:
// - the price of protecting the series: the latest release of the shipped
//   sample series protected against the eleven before it, against the same
//   release protected alone (withheld counts and incidents hidden, per
//   measure);
// - a year of 10 M rows released weekly, each release protected against
//   the archive of those before it (wall time, protection time, peak
//   memory), the 52nd (or the first whose protection passes a cap) against
//   DuckDB's plain aggregation of the same CSV, whose totals must agree,
//   and protected alone, for the price at that density;
// - five years in one release at 50 thousand, 1 M and 10 M rows: peak
//   memory against the rows read (the input streams), and the five-year
//   exports the size and decode benchmarks read.
// Files go to target/bench/.
// Usage: node scripts/exporter-bench.mjs EXPORTER PYTHON
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const [exporter, python] = process.argv.slice(2);
if (!exporter || !python) {
  console.error("usage: node scripts/exporter-bench.mjs EXPORTER PYTHON");
  process.exit(2);
}

// Runs a command to its end; null if `timeout(1)` stopped it (exit 124)
// and `timed` allows it. Any other failure stops the benchmark.
function run(cmd, args, timed = false) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (timed && r.status === 124) {
    return null;
  }
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")}\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return r;
}

const day = 86_400_000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
// The Monday of ISO week "YYYY-Www".
function monday(week) {
  const [year, w] = week.split("-W").map(Number);
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * day + (w - 1) * 7 * day;
}
// The ISO week of a Monday.
function weekOf(t) {
  const thursday = new Date(t + 3 * day);
  const year = thursday.getUTCFullYear();
  const w = 1 + Math.round((t - monday(`${year}-W01`)) / (7 * day));
  return `${year}-W${String(w).padStart(2, "0")}`;
}
// A weekly release: published on the Monday after its week, with what
// was reported by the Sunday.
function weekly(first, week, id) {
  const sunday = monday(week) + 6 * day;
  return {
    id, first, last: week, asOf: iso(sunday),
    generatedAt: `${iso(sunday + day)}T06:00:00Z`,
  };
}

const counted = (text) => text.match(/counted before protection: .*/)?.[0];
// The exporter's counts before protection, from its JSON summary, as the
// DuckDB script prints them.
const countedLine = ({ counted: c }) =>
  `counted before protection: reported ${c.reported}, verified ${c.verified}, referred ${c.referred}, concluded ${c.concluded}`;
const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

// One exporter run (read, aggregate, protect, write) under /usr/bin/time:
// wall seconds, protection seconds, peak resident memory and, per measure,
// the counts withheld and the incidents they hold (from the run's JSON
// summary). With `timeout` seconds, null if the run takes longer.
function exportRun(input, release, dir, extra = [], timeout = undefined) {
  const limit = timeout ? ["timeout", String(timeout)] : [];
  const summaryFile = `${dir}/summary.json`;
  const r = run("/usr/bin/time", [
    "-f", "TIME %e %M", ...limit, exporter, "export", "--input", input,
    "--out-dir", `${dir}/out`, "--state-dir", `${dir}/state`,
    "--release-id", release.id, "--generated-at", release.generatedAt,
    "--data-as-of", release.asOf, "--first-week", release.first, "--last-week", release.last,
    "--quiet", "--summary-json", summaryFile,
    ...extra,
  ], Boolean(timeout));
  if (!r) {
    return null;
  }
  const [, seconds, kb] = r.stderr.match(/TIME ([\d.]+) (\d+)/);
  const summary = readJson(summaryFile);
  return {
    rows: summary.rows.read,
    seconds: Number(seconds),
    protect: Number(summary.protection.seconds.toFixed(1)),
    mb: Number(kb) / 1024,
    counted: countedLine(summary),
    withheld: withheld(summary),
  };
}

// Per measure: counts withheld (all reasons) and the incidents they hold.
function withheld(summary) {
  const out = {};
  for (const [name, w] of Object.entries(summary.protection.withheld)) {
    out[name] = { counts: w.primary + w.secondary + w.earlier, incidents: w.hidden };
  }
  return out;
}

// The price of the series: what protecting against the archive withholds
// beyond protecting the release alone.
function price(label, series, alone) {
  console.log(`price of the series, ${label}: withheld counts and incidents hidden, against the archive / alone`);
  const signed = (n) => (n < 0 ? `${n}` : `+${n}`);
  for (const [name, s] of Object.entries(series)) {
    const a = alone[name];
    console.log(`  ${name.padEnd(22)} ${s.counts} / ${a.counts} counts (${signed(s.counts - a.counts)}), ${s.incidents} / ${a.incidents} incidents (${signed(s.incidents - a.incidents)})`);
  }
  console.log("  (a week the release does not revise yet keeps the earlier figures it was published with, so the two can differ either way)");
}

const bench = "target/bench";

// The shipped sample series, made again; its latest release, alone.
rmSync(`${bench}/sample`, { recursive: true, force: true });
run(exporter, [
  "sample", "--csv", `${bench}/sample/incidents.csv`,
  "--out-dir", `${bench}/sample/series/out`, "--state-dir", `${bench}/sample/series/state`,
  "--summary-json", `${bench}/sample/series/summaries.json`,
]);
const made = readJson(`${bench}/sample/series/summaries.json`).at(-1);
const latest = weekly("2026-W03", "2026-W47", "sample-2026-W47");
const sampleAlone = exportRun(`${bench}/sample/weekly/incidents-2026-W47.csv`, latest, `${bench}/sample/alone`, ["--sample"]);
price("sample release 2026-W47 (12th)", withheld(made), sampleAlone.withheld);

// A year of 10 M rows, one release a week: each release protected
// against all before it. The series stops early, and says so, when a
// release does not finish within the cap: the last release that did is
// then the one measured against DuckDB.
const yearRows = 10_000_000;
const cap = Number(process.env.BENCH_RELEASE_CAP ?? 900);
const first = "2025-W48";
const weeks = Array.from({ length: 52 }, (_, n) => weekOf(monday(first) + n * 7 * day));
const input = `${bench}/year/incidents.csv`;
const synthesize = (week) =>
  run(exporter, ["synthesize", "--weeks", "52", "--rows", String(yearRows), "--as-of", week, "--out", input]);
rmSync(`${bench}/year`, { recursive: true, force: true });
let archiveSeconds = 0;
let big;
let release;
for (const [n, week] of weeks.entries()) {
  synthesize(week);
  const next = weekly(first, week, `year-${week}`);
  const r = exportRun(input, next, `${bench}/year/series`, [], cap);
  if (!r) {
    console.log(`year: stopped at release ${n + 1} of 52 (${week}): not done within the cap of ${cap} s (BENCH_RELEASE_CAP)`);
    synthesize(release.last);
    break;
  }
  [big, release] = [r, next];
  console.log(`year: release ${n + 1} (${week}, ${big.rows} rows, ${archiveSeconds.toFixed(1)} s of exporter time before it): ${big.seconds} s, protection ${big.protect} s, peak memory ${big.mb.toFixed(1)} MB`);
  archiveSeconds += big.seconds;
}
const alone = exportRun(input, release, `${bench}/year/alone`);
const duck = run(python, ["scripts/duckdb_aggregate.py", input, "data/region-spellings.json", first, release.last, release.asOf]).stdout;
process.stdout.write(duck);
const duckSeconds = Number(duck.match(/aggregated in ([\d.]+) s/)[1]);
if (counted(duck) !== big.counted) {
  console.error(`totals differ:\n  exporter ${big.counted}\n  duckdb   ${counted(duck)}`);
  process.exit(1);
}
console.log(`year: totals agree with duckdb (${big.counted.replace("counted before protection: ", "")})`);
console.log(`year: release ${release.id} of ${big.rows} rows against the archive before it: ${big.seconds} s in all, of which protection ${big.protect} s; duckdb's aggregation ${duckSeconds} s: the exporter took ${(big.seconds / duckSeconds).toFixed(1)}x duckdb's time (goal: at most 10x)`);
console.log(`year: the same release protected alone: ${alone.seconds} s, protection ${alone.protect} s, peak memory ${alone.mb.toFixed(1)} MB`);
price(`year release ${release.last} (${big.rows} rows)`, big.withheld, alone.withheld);

// Five years in one release: memory against rows.
function fiveYears(rows, name) {
  const file = `${bench}/incidents-${name}.csv`;
  run(exporter, ["synthesize", "--weeks", "260", "--rows", String(rows), "--out", file]);
  // A day after the shipped sample's release: the explorer bench serves
  // these exports to the sample's pages, which show only a newer release.
  const release = { id: `bench-${name}`, generatedAt: "2026-11-24T06:00:00Z", asOf: "2026-11-22", first: "2021-W48", last: "2026-W47" };
  rmSync(`${bench}/${name}`, { recursive: true, force: true });
  return exportRun(file, release, `${bench}/${name}`);
}
const sparse = fiveYears(50_000, "5y");
console.log(`five-year export of sample density: ${sparse.rows} incidents`);
const million = fiveYears(1_000_000, "1m");
const dense = fiveYears(10_000_000, "10m");
for (const r of [sparse, million, dense]) {
  console.log(`five years, ${r.rows} rows: ${r.seconds} s in all, protection ${r.protect} s, peak memory ${r.mb.toFixed(1)} MB`);
}
console.log("(memory follows the table and what protection withholds, not the rows read: the input streams)");
