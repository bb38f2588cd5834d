// The exporter against DuckDB on the same synthetic raw incidents, in one
// run: ten million rows over five years, aggregated by both; the totals must
// agree. Prints rows per second for both and their ratio, and the exporter's
// peak memory on 50 thousand, one million and ten million rows over the same
// table (the input streams: memory does not grow with the rows). Also writes the five-year export of sample density that the size
// and decode benchmarks read. Files go to target/bench/.
// Usage: node scripts/exporter-bench.mjs EXPORTER PYTHON
import { spawnSync } from "node:child_process";

const [exporter, python] = process.argv.slice(2);
if (!exporter || !python) {
  console.error("usage: node scripts/exporter-bench.mjs EXPORTER PYTHON");
  process.exit(2);
}
const period = { first: "2021-W48", last: "2026-W47", asOf: "2026-11-22" };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")}\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return r;
}

function synthesize(rows, name) {
  const file = `target/bench/incidents-${name}.csv`;
  process.stdout.write(run(exporter, ["synthesize", "--weeks", "260", "--rows", String(rows), "--out", file]).stdout);
  return file;
}

const counted = (text) => text.match(/counted before protection: .*/)?.[0];

// The whole exporter run (read, aggregate, protect, write) under
// /usr/bin/time: wall seconds and peak resident memory.
function exportRun(input, name) {
  const r = run("/usr/bin/time", [
    "-f", "TIME %e %M", exporter, "export", "--input", input,
    "--out-dir", `target/bench/${name}`, "--release-id", `bench-${name}`,
    "--generated-at", "2026-11-23T06:00:00Z", "--data-as-of", period.asOf,
    "--first-week", period.first, "--last-week", period.last,
  ]);
  const [, seconds, kb] = r.stderr.match(/TIME ([\d.]+) (\d+)/);
  const rows = Number(r.stdout.match(/read (\d+) rows/)[1]);
  const protect = Number(r.stdout.match(/protected against \d+ archived release\(s\) in ([\d.]+) s/)?.[1]);
  return { rows, seconds: Number(seconds), protect, mb: Number(kb) / 1024, counted: counted(r.stdout), log: r.stdout };
}

synthesize(50_000, "5y");
const sparse = exportRun("target/bench/incidents-5y.csv", "5y");
console.log(`five-year export of sample density: ${sparse.rows} incidents`);
console.log(sparse.log.split("\n").filter((l) => /withheld|cells per measure/.test(l)).join("\n"));

const small = exportRun(synthesize(1_000_000, "1m"), "1m");
const input = synthesize(10_000_000, "10m");
const big = exportRun(input, "10m");
const duck = run(python, ["scripts/duckdb_aggregate.py", input, "data/region-spellings.json", period.first, period.last, period.asOf]).stdout;
process.stdout.write(duck);
const duckSeconds = Number(duck.match(/aggregated in ([\d.]+) s/)[1]);

if (counted(duck) !== big.counted) {
  console.error(`totals differ:\n  exporter ${big.counted}\n  duckdb   ${counted(duck)}`);
  process.exit(1);
}
const perSecond = (rows, s) => `${(rows / s / 1e6).toFixed(2)} M rows/s`;
console.log(`aggregate: totals agree (${big.counted.replace("counted before protection: ", "")})`);
console.log(`aggregate: exporter ${perSecond(big.rows, big.seconds)} (${big.seconds} s, whole run), duckdb ${perSecond(big.rows, duckSeconds)} (${duckSeconds} s, query only): exporter ${(duckSeconds / big.seconds).toFixed(2)}x duckdb's speed`);
console.log(`protection: ${sparse.protect} s of ${sparse.seconds} s on ${sparse.rows} rows, ${small.protect} s of ${small.seconds} s on ${small.rows}, ${big.protect} s of ${big.seconds} s on ${big.rows} (the rest reads, aggregates and writes)`);
console.log(`aggregate: exporter peak memory ${sparse.mb.toFixed(1)} MB on ${sparse.rows} rows, ${small.mb.toFixed(1)} MB on ${small.rows}, ${big.mb.toFixed(1)} MB on ${big.rows} (it follows the table and how much of it protection withholds, not the rows read)`);
