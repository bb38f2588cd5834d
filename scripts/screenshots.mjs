// Every route at phone (390x844) and desktop (1280x900) size, light and dark,
// JavaScript on and off, as full-page PNGs in one folder. Look at them.
// Usage: node scripts/screenshots.mjs DIST OUT_DIR [PATH_FILTER]
import { mkdirSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import puppeteer from "puppeteer-core";
import { serve, CHROME_FLAGS } from "./site-server.mjs";

const [dist, out, filter = ""] = process.argv.slice(2);
if (!dist || !out) {
  console.error("usage: node scripts/screenshots.mjs DIST OUT_DIR [PATH_FILTER]");
  process.exit(2);
}

function* routes(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* routes(path);
    else if (entry.name.endsWith(".html")) {
      const rel = "/" + relative(dist, path);
      yield rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel;
    }
  }
}

mkdirSync(out, { recursive: true });
const server = await serve(dist);
const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", args: CHROME_FLAGS });
let count = 0;
try {
  for (const path of [...routes(dist)].filter((p) => p.includes(filter)).sort()) {
    for (const [size, width, height] of [["phone", 390, 844], ["desktop", 1280, 900]]) {
      for (const scheme of ["light", "dark"]) {
        for (const js of [true, false]) {
          const page = await browser.newPage();
          await page.setJavaScriptEnabled(js);
          await page.setViewport({ width, height, deviceScaleFactor: 1 });
          await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
          await page.goto(server.base + path, { waitUntil: "load" });
          if (js) await page.waitForSelector("html[data-portal=ready]", { timeout: 10000 });
          const name = (path.replace(/^\/|\/$/g, "").replace(/[/.]/g, "_") || "root");
          await page.screenshot({ path: join(out, `${name}-${size}-${scheme}-${js ? "js" : "nojs"}.png`), fullPage: true });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) console.log(`horizontal scroll: ${path} ${size} ${scheme} by ${overflow}px`);
          await page.close();
          count += 1;
        }
      }
    }
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(`screenshots: ${count} PNGs in ${out}/`);
