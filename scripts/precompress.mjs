// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) beside every
// text asset under the given directory, for the static server to send as is.
// Usage: node scripts/precompress.mjs DIR [CACHE]
//
// With CACHE, the twins are kept there by the SHA-256 of the file's bytes
// and copied from there when a file's bytes were compressed before: every
// build writes dist/ anew, but the archived releases never change, nor do
// most pages from one build to the next, and brotli at quality 11 is most
// of the build's time once the archive holds a year of releases (README,
// "Pinned to a release"). Entries no file of this run used are removed.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, extname } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const TEXT = new Set([".html", ".css", ".js", ".mjs", ".wasm", ".json", ".svg", ".xml", ".atom", ".txt", ".csv"]);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.has(extname(entry.name))) yield path;
  }
}

const [root, cache] = process.argv.slice(2);
if (!root) {
  console.error("usage: node scripts/precompress.mjs DIR [CACHE]");
  process.exit(2);
}
if (cache) mkdirSync(cache, { recursive: true });
const used = new Set();
let count = 0;
let reused = 0;
for (const path of files(root)) {
  const data = readFileSync(path);
  const key = cache && createHash("sha256").update(data).digest("hex");
  const twins = key && [".br", ".gz"].map((ext) => join(cache, `${key}${ext}`));
  count += 1;
  if (twins) used.add(key);
  if (twins && twins.every((twin) => existsSync(twin))) {
    copyFileSync(twins[0], `${path}.br`);
    copyFileSync(twins[1], `${path}.gz`);
    reused += 1;
    continue;
  }
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  // Renamed into place, so that an interrupted run leaves no half twin.
  if (twins) {
    for (const [twin, bytes] of [[twins[0], br], [twins[1], gz]]) {
      writeFileSync(`${twin}.part`, bytes);
      renameSync(`${twin}.part`, twin);
    }
  }
}
if (cache) {
  for (const name of readdirSync(cache)) {
    if (!/\.(br|gz)$/.test(name) || !used.has(name.slice(0, -3))) rmSync(join(cache, name));
  }
}
console.log(`precompress: ${count} files, each with .br and .gz${cache ? ` (${reused} from ${cache})` : ""}`);
