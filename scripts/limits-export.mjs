// Writes the largest export the portal accepts in shape: the most weeks
// (530), every region (27), the most categories (100) and outcomes (20),
// with every count published (k in each cell, so that a filter change
// changes the figures), fingerprinted as the README says anyone can: the
// canonical content is `JSON.stringify` of the content with its keys in the
// format's order, hashed with SHA-256. `make bench` times validation and the
// explorer on it.
// Usage: node scripts/limits-export.mjs OUT
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createHash } from "node:crypto";

const [out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node scripts/limits-export.mjs OUT");
  process.exit(2);
}
const WEEKS = 530;
const CATEGORIES = 100;
const OUTCOMES = 20;
const sample = JSON.parse(readFileSync("public/data/export.json", "utf8"));
const k = sample.release.k;

// ISO week of a UTC date, as "2026-W05": the week of its Thursday.
function isoWeek(date) {
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / 864e5 / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
const lastMonday = new Date(`${sample.release.data_as_of}T00:00:00Z`);
lastMonday.setUTCDate(lastMonday.getUTCDate() - ((lastMonday.getUTCDay() + 6) % 7));
const firstMonday = new Date(lastMonday);
firstMonday.setUTCDate(firstMonday.getUTCDate() - 7 * (WEEKS - 1));

const texts = (text) => ({ uk: text, en: text, de: text, fr: text });
const regions = sample.regions;
// The sample's types and outcomes first, so that the page's filter form
// (prerendered from the sample) can choose them, then made-up ones.
const categories = [
  ...sample.categories,
  ...Array.from({ length: CATEGORIES - sample.categories.length }, (_, i) => ({
    code: `type-${i}`,
    label: texts(`Type ${i}`),
    description: texts(`Violations of type ${i}.`),
  })),
];
const outcomes = [
  ...sample.outcomes,
  ...Array.from({ length: OUTCOMES - sample.outcomes.length }, (_, i) => ({ code: `party-${i}`, label: texts(`Party ${i}`) })),
];
// Keys of outcomes and bands in sorted order, as the canonical form wants.
const byCode = (codes, value) => Object.fromEntries([...codes].sort().map((c) => [c, value(c)]));

const [R, C] = [regions.length, CATEGORIES];
const cells = { reported: null, verified: null, referred: null, concluded: null };
for (const measure of Object.keys(cells)) cells[measure] = new Array(WEEKS * R * C).fill(k);
// Every concluded case is "undetermined"; nothing stays open.
const series = (len, cellsEach) => ({
  reported: new Array(len).fill(k * cellsEach),
  verified: new Array(len).fill(k * cellsEach),
  referred: new Array(len).fill(k * cellsEach),
  concluded: new Array(len).fill(k * cellsEach),
  attributed: byCode(outcomes.map((o) => o.code), (c) => new Array(len).fill(c === "undetermined" ? k * cellsEach : 0)),
});
const margins = {
  by_week: series(WEEKS, R * C),
  by_region: series(R, WEEKS * C),
  by_category: series(C, WEEKS * R),
  total: series(1, WEEKS * R * C),
};
const bands = sample.open_by_age.bands;
const openByAge = {
  bands,
  by_region: byCode(bands.map((b) => b.code), () => new Array(R).fill(0)),
  total: byCode(bands.map((b) => b.code), () => [0]),
};
const canonical = JSON.stringify([[regions, categories, outcomes, cells, margins], openByAge]);
const release = {
  ...sample.release,
  release_id: "limits",
  // A day after the sample, so that the explorer takes it for a newer release.
  generated_at: new Date(Date.parse(sample.release.generated_at) + 864e5).toISOString().replace(".000Z", "Z"),
  first_week: isoWeek(firstMonday),
  last_week: isoWeek(lastMonday),
  sha256: createHash("sha256").update(canonical).digest("hex"),
};
const text = JSON.stringify({
  schema_version: 1,
  release,
  regions,
  categories,
  outcomes,
  cells,
  margins,
  open_by_age: openByAge,
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`limits export: ${out}: ${WEEKS} weeks × ${R} regions × ${C} categories, ${OUTCOMES} outcomes, ${Buffer.byteLength(text)} bytes`);
