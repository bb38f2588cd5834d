// Prints each file's size raw, gzip -9 and brotli -q 11.
// Usage: node scripts/size.mjs FILE...
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

for (const file of process.argv.slice(2)) {
  const data = readFileSync(file);
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`size: ${file}: ${kb(data.length)} raw, ${kb(gzipSync(data, { level: 9 }).length)} gzip, ${kb(br.length)} brotli`);
}
