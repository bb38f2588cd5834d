// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) beside every
// text asset under the given directory, for the static server to send as is.
// Usage: node scripts/precompress.mjs dist
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
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

const root = process.argv[2];
if (!root) {
  console.error("usage: node scripts/precompress.mjs DIR");
  process.exit(2);
}
let count = 0;
for (const path of files(root)) {
  const data = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
  count += 1;
}
console.log(`precompress: ${count} files, each with .br and .gz`);
