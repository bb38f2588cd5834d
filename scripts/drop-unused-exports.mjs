// Trunk post_build hook: removes from the islands wasm the JavaScript stream
// classes that every Leptos build exports and the portal never uses.
//
// Leptos always enables server_fn's browser client, which links
// wasm-streams; its #[wasm_bindgen] classes (IntoUnderlyingSource,
// IntoUnderlyingByteSource, IntoUnderlyingSink) are exports, so neither the
// linker nor wasm-opt may drop them or the futures and I/O code behind them.
// The portal has no server functions and never creates a stream. This hook
// runs binaryen's wasm-metadce with every other export as a root, then
// wasm-opt again with the flags index.html gives Trunk. The glue keeps the
// unused classes' JavaScript, which touches the removed exports only when a
// class is used.
//
// Usage (Trunk sets TRUNK_STAGING_DIR): node scripts/drop-unused-exports.mjs
// or, for another wasm-bindgen output (the explorer's SVG module, which the
// Makefile builds): node scripts/drop-unused-exports.mjs FILE_bg.wasm
import { readdirSync, readFileSync, writeFileSync, statSync, mkdtempSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";

const UNUSED = /intounderlying/i;
const given = process.argv[2];
const staging = given ? dirname(given) : process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("drop-unused-exports: TRUNK_STAGING_DIR is not set (run as Trunk's post_build hook)");
  process.exit(2);
}
const wasm = given ? [basename(given)] : readdirSync(staging).filter((f) => f.endsWith("_bg.wasm"));
if (wasm.length !== 1) {
  console.error(`drop-unused-exports: expected one *_bg.wasm in ${staging}, found ${wasm.length}`);
  process.exit(1);
}
const file = join(staging, wasm[0]);
const bytes = readFileSync(file);
const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
const dropped = exports.filter((name) => UNUSED.test(name));
if (dropped.length === 0) {
  console.error("drop-unused-exports: no wasm-streams exports found; remove this hook if Leptos no longer links them");
  process.exit(1);
}
const params = readFileSync("index.html", "utf8").match(/data-wasm-opt-params="([^"]+)"/);
if (!params) {
  console.error("drop-unused-exports: index.html has no data-wasm-opt-params");
  process.exit(1);
}
const flags = params[1].split(/\s+/);
const features = flags.filter((f) => f.startsWith("--enable-"));
const work = mkdtempSync(join(tmpdir(), "portal-wasm-"));
try {
  const graph = join(work, "graph.json");
  const roots = exports.filter((name) => !UNUSED.test(name));
  writeFileSync(graph, JSON.stringify(roots.map((name, i) => ({ name: `e${i}`, root: true, export: name }))));
  const pruned = join(work, "pruned.wasm");
  // wasm-metadce lists what it removed on stdout: not worth printing.
  execFileSync("node_modules/.bin/wasm-metadce", [...features, file, "--graph-file", graph, "-o", pruned], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  execFileSync("node_modules/.bin/wasm-opt", [...flags, pruned, "-o", file], { stdio: "inherit" });
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `drop-unused-exports: ${dropped.length} exports of wasm-streams dropped, ${wasm[0]} ${bytes.length} -> ${statSync(file).size} bytes`,
);
