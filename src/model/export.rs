//! Export format v1: the aggregated, anonymised verification statistics.
//!
//! The same types are written by the exporter, read by the prerender step and
//! decoded in the browser. [`Export::parse`] is the one validating entry point
//! for all of them; every error names the JSON path and the reason.
//!
//! Layout: counts are columnar. Each [`Series`] holds one array per measure;
//! for the cells the arrays run over week × region × category (see
//! [`Export::cell_index`]), for the margins over weeks, regions or categories,
//! and for the grand total they have one element. A suppressed count is
//! `null` (see [`Count`]).

use super::age::{week_bands, AgeBand, AGE_BANDS};
use super::count::{Count, Total, MAX_CELL_COUNT};
use super::export_read::read_json;
use super::json_writer::JsonWriter;
use super::query::Selection;
use super::region::is_region_code;
use super::release::{
    check_data_as_of, check_release_id, check_sha256, DataError, Release, RELEASE_SCHEMA_VERSION,
};
use super::sorted_map::SortedMap;
use super::text::{check_code, check_text, check_translations, invalid, Translations};
use super::week::IsoWeek;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The export format version this build reads and writes.
pub const EXPORT_SCHEMA_VERSION: u32 = 1;

/// Largest export accepted, in bytes (five years of weekly data is about 1 MB).
pub const MAX_EXPORT_BYTES: usize = 16 * 1024 * 1024;

/// Longest period an export may cover: ten years of weeks.
pub const MAX_WEEKS: u32 = 530;

/// Most categories an export may have: a view's work grows with their
/// square (sorting, the table), and no monitoring mission uses more than a
/// few dozen types of violation.
pub const MAX_CATEGORIES: usize = 100;

/// Most attribution outcomes an export may have.
pub const MAX_OUTCOMES: usize = 20;

/// The code of the attribution outcome "responsibility could not be determined".
pub const UNDETERMINED: &str = "undetermined";

/// The JSON Schema of the export format, as published at
/// `public/data/schema/v1.json` for data producers.
#[cfg(feature = "ssr")]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Export);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The whole export.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub schema_version: u32,
    pub release: ExportRelease,
    /// ISO 3166-2:UA units, in the order the cell arrays use.
    pub regions: Vec<Region>,
    /// Categories of violation, in the order the cell arrays use.
    pub categories: Vec<Category>,
    /// Attribution outcomes of concluded cases: parties, and `undetermined`.
    pub outcomes: Vec<Outcome>,
    /// Week × region × category counts of each measure.
    pub cells: Cells,
    pub margins: Margins,
    /// Open Special Commission cases by age band. Optional: v1 exports
    /// written before it was added lack it, and still parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_by_age: Option<OpenByAge>,
}

/// Release metadata of an export.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRelease {
    pub release_id: String,
    pub generated_at: DateTime<Utc>,
    pub data_as_of: NaiveDate,
    /// First and last ISO week covered, both included.
    pub first_week: IsoWeek,
    pub last_week: IsoWeek,
    pub methodology_version: String,
    /// Counts from 1 to k − 1 are suppressed.
    pub k: u32,
    pub sample: bool,
    /// The licence the data is published under, as its users should cite it
    /// (for example "CC BY 4.0").
    pub licence: String,
    /// SHA-256, lowercase hex, of the canonical content (see [`Export::fingerprint`]).
    pub sha256: String,
}

impl From<&ExportRelease> for Release {
    /// The release manifest (`release.json`) that describes this export.
    fn from(r: &ExportRelease) -> Release {
        Release {
            schema_version: RELEASE_SCHEMA_VERSION,
            release_id: r.release_id.clone(),
            generated_at: r.generated_at,
            data_as_of: r.data_as_of,
            sample: r.sample,
        }
    }
}

#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    pub name: Translations,
}

#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub code: String,
    pub label: Translations,
    pub description: Translations,
}

#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub code: String,
    pub label: Translations,
}

/// The stages of the verification funnel.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Reported,
    Verified,
    /// Referred to the Special Commission.
    Referred,
    Concluded,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Reported,
        Measure::Verified,
        Measure::Referred,
        Measure::Concluded,
    ];
}

/// One count array per measure over week × region × category. Attribution
/// outcomes are published in the margins only: per cell nearly every one
/// would be withheld, and the rest could be recovered from the concluded
/// count.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cells {
    pub reported: Vec<Count>,
    pub verified: Vec<Count>,
    pub referred: Vec<Count>,
    pub concluded: Vec<Count>,
}

impl Cells {
    pub fn measure(&self, measure: Measure) -> &[Count] {
        match measure {
            Measure::Reported => &self.reported,
            Measure::Verified => &self.verified,
            Measure::Referred => &self.referred,
            Measure::Concluded => &self.concluded,
        }
    }
}

/// Margin counts: one array per measure, plus the concluded cases split by
/// attribution outcome.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub reported: Vec<Count>,
    pub verified: Vec<Count>,
    pub referred: Vec<Count>,
    pub concluded: Vec<Count>,
    /// Outcome code → concluded cases with that outcome.
    pub attributed: SortedMap<String, Vec<Count>>,
}

impl Series {
    pub fn measure(&self, measure: Measure) -> &[Count] {
        match measure {
            Measure::Reported => &self.reported,
            Measure::Verified => &self.verified,
            Measure::Referred => &self.referred,
            Measure::Concluded => &self.concluded,
        }
    }

    /// Every array with its name as it appears in the JSON.
    fn arrays(&self) -> impl Iterator<Item = (String, &[Count])> {
        let measures = Measure::ALL
            .into_iter()
            .map(|m| (measure_name(m), self.measure(m)));
        let outcomes = self
            .attributed
            .iter()
            .map(|(code, counts)| (format!("attributed.{code}"), counts.as_slice()));
        measures.chain(outcomes)
    }
}

/// Refuses a published count of `counts` (the array at `path`) from 1 to
/// k − 1: the figures a release exists to withhold. Zero is always
/// published, so every other count is at least k.
fn below_k(path: &dyn Fn() -> String, counts: &[Count], k: u32) -> Result<(), DataError> {
    for (i, &count) in counts.iter().enumerate() {
        if let Count::Value(n @ 1..) = count {
            if n < k {
                return Err(invalid(
                    format!("{}[{i}]", path()),
                    format!(
                        "{n} is published, but a count from 1 to {} must be withheld (k = {k})",
                        k - 1
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// An array with one object per item, whose members `members` writes.
fn write_objects<T>(j: &mut JsonWriter, items: &[T], members: impl Fn(&mut JsonWriter, &T)) {
    j.open('[');
    for item in items {
        j.item();
        j.open('{');
        members(j, item);
        j.close('}');
    }
    j.close(']');
}

/// A count array per measure, by the measure's name.
fn write_measures<'a>(j: &mut JsonWriter, counts: impl Fn(Measure) -> &'a [Count]) {
    for measure in Measure::ALL {
        write_counts(j, &measure_name(measure), counts(measure));
    }
}

fn write_translations(j: &mut JsonWriter, key: &str, texts: &Translations) {
    j.key(key);
    j.open('{');
    for (lang, text) in texts {
        j.field(lang.code(), text);
    }
    j.close('}');
}

fn write_counts(j: &mut JsonWriter, key: &str, counts: &[Count]) {
    j.key(key);
    j.open('[');
    for count in counts {
        j.item();
        match count {
            Count::Value(n) => j.count(*n),
            Count::Suppressed => j.raw("null"),
        }
    }
    j.close(']');
}

fn write_count_lists(j: &mut JsonWriter, key: &str, lists: &SortedMap<String, Vec<Count>>) {
    j.key(key);
    j.open('{');
    for (code, counts) in lists {
        write_counts(j, code, counts);
    }
    j.close('}');
}

pub(crate) fn measure_name(measure: Measure) -> String {
    match measure {
        Measure::Reported => "reported",
        Measure::Verified => "verified",
        Measure::Referred => "referred",
        Measure::Concluded => "concluded",
    }
    .to_owned()
}

/// The published sums over the cells.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Per week, over all regions and categories.
    pub by_week: Series,
    /// Per region, over all weeks and categories.
    pub by_region: Series,
    /// Per category, over all weeks and regions.
    pub by_category: Series,
    /// The grand totals along the funnel (arrays of one).
    pub total: Series,
}

/// Open cases, referred to the Special Commission and not concluded, by
/// how long ago their incident was: per region and in total, over all
/// weeks and categories. Like the outcomes, keyed by code.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpenByAge {
    /// The age bands, youngest first: `w0-4` (0 to 4 weeks old), `w5-12`,
    /// `w13-26` and `w27-plus` (27 weeks or more), counted from the
    /// incident's week to the week of `data_as_of`.
    pub bands: Vec<AgeBand>,
    /// Band code → open cases per region, in the order of `regions`.
    pub by_region: SortedMap<String, Vec<Count>>,
    /// Band code → open cases in the whole release (arrays of one).
    pub total: SortedMap<String, Vec<Count>>,
}

/// A release's grand totals along the verification funnel, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub first_week: IsoWeek,
    pub last_week: IsoWeek,
    pub data_as_of: NaiveDate,
    pub sample: bool,
    /// Reported, verified, referred, concluded.
    pub funnel: [Total; 4],
}

impl Export {
    /// The grand totals of this release.
    pub fn headline(&self) -> Headline {
        self.headline_of(&super::query::Query::default().resolve(self))
    }

    /// The headline figures of `selection`: its weeks and its funnel, as the
    /// statistics page gives them.
    pub fn headline_of(&self, selection: &Selection) -> Headline {
        let r = &self.release;
        Headline {
            first_week: r.first_week.plus(selection.weeks.start as u32),
            last_week: r
                .first_week
                .plus(selection.weeks.end.saturating_sub(1) as u32),
            data_as_of: r.data_as_of,
            sample: r.sample,
            funnel: self.report(selection).funnel,
        }
    }

    /// Parses and validates an export.
    pub fn parse(json: &str) -> Result<Export, DataError> {
        if json.len() > MAX_EXPORT_BYTES {
            return Err(DataError::TooLarge {
                size: json.len(),
                max: MAX_EXPORT_BYTES,
            });
        }
        let export = read_json::<Export>(json)?;
        export.validate()?;
        Ok(export)
    }

    /// Reads an export file as a browser reads it, for `exporter validate`
    /// and the prerender: at most [`MAX_EXPORT_BYTES`] + 1 bytes (a larger
    /// file is refused without reading the rest), a leading byte order mark
    /// dropped and invalid UTF-8 replaced by U+FFFD, which no label may
    /// hold. Both sides then give the same verdict on the same bytes.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn read_file(path: &std::path::Path) -> std::io::Result<String> {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::fs::File::open(path)?
            .take(MAX_EXPORT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        Ok(String::from_utf8_lossy(text).into_owned())
    }

    /// Number of weeks covered.
    /// The sample export the portal ships (`public/data/export.json`), for
    /// tests of the code that reads exports.
    #[cfg(test)]
    pub(crate) fn shipped_sample() -> Export {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data/export.json"
        ))
        .expect("the shipped sample export");
        Export::parse(&text).expect("the shipped sample export is valid")
    }

    /// The shipped sample with every report of one region withheld, the
    /// region's total of them too, while its verified violations stay
    /// published: its reports give only a bound, which the later stages
    /// raise. Gives the region's index too.
    #[cfg(test)]
    pub(crate) fn sample_with_reports_withheld() -> (Export, usize) {
        let mut e = Export::shipped_sample();
        let verified = |r: usize| {
            let region = Selection {
                weeks: 0..e.week_count(),
                regions: vec![r],
                categories: (0..e.categories.len()).collect(),
            };
            e.total(&region, Measure::Verified).floor()
        };
        let r = (0..e.regions.len())
            .find(|&r| verified(r) > 0)
            .expect("a region with verified violations published");
        e.margins.by_region.reported[r] = Count::Suppressed;
        for w in 0..e.week_count() {
            for c in 0..e.categories.len() {
                let i = e.cell_index(w, r, c);
                e.cells.reported[i] = Count::Suppressed;
            }
        }
        (e, r)
    }

    /// The weeks covered, in order.
    pub fn weeks(&self) -> impl Iterator<Item = IsoWeek> + '_ {
        (0..self.week_count() as u32).map(|w| self.release.first_week.plus(w))
    }

    pub fn week_count(&self) -> usize {
        self.release.first_week.count_to(self.release.last_week) as usize
    }

    /// Position of a cell in the cell arrays.
    pub fn cell_index(&self, week: usize, region: usize, category: usize) -> usize {
        (week * self.regions.len() + region) * self.categories.len() + category
    }

    /// The canonical content behind the fingerprint: everything but the
    /// release metadata, as compact JSON (no whitespace, UTF-8, keys in the
    /// order the export format lists them, the keys of outcomes and age
    /// bands sorted), in one array: `[regions, categories, outcomes, cells,
    /// margins]`, or `[[regions, …, margins], open_by_age]` when the export
    /// has open cases (so that older releases, written before they were
    /// added, keep their fingerprint). The README shows how to recompute it
    /// with standard tools.
    pub fn canonical_content(&self) -> String {
        let mut writer = JsonWriter::compact();
        let j = &mut writer;
        if self.open_by_age.is_some() {
            j.open('[');
            j.item();
        }
        j.open('[');
        j.item();
        write_objects(j, &self.regions, |j, region| {
            j.field("code", &region.code);
            write_translations(j, "name", &region.name);
        });
        j.item();
        write_objects(j, &self.categories, |j, category| {
            j.field("code", &category.code);
            write_translations(j, "label", &category.label);
            write_translations(j, "description", &category.description);
        });
        j.item();
        write_objects(j, &self.outcomes, |j, outcome| {
            j.field("code", &outcome.code);
            write_translations(j, "label", &outcome.label);
        });
        j.item();
        j.open('{');
        write_measures(j, |measure| self.cells.measure(measure));
        j.close('}');
        j.item();
        j.open('{');
        for (kind, series, _) in self.margin_kinds() {
            j.key(kind);
            j.open('{');
            write_measures(j, |measure| series.measure(measure));
            write_count_lists(j, "attributed", &series.attributed);
            j.close('}');
        }
        j.close('}');
        j.close(']');
        if let Some(open) = &self.open_by_age {
            j.item();
            j.open('{');
            j.key("bands");
            write_objects(j, &open.bands, |j, band| {
                j.field("code", &band.code);
                j.key("min_weeks");
                j.number(band.min_weeks);
                j.key("max_weeks");
                match band.max_weeks {
                    Some(weeks) => j.number(weeks),
                    None => j.raw("null"),
                }
            });
            write_count_lists(j, "by_region", &open.by_region);
            write_count_lists(j, "total", &open.total);
            j.close('}');
            j.close(']');
        }
        writer.finish()
    }

    /// SHA-256 of [`Export::canonical_content`]: what `release.sha256`
    /// must be. The browser computes it with its own `crypto.subtle`
    /// instead (see `api.rs`), which costs the wasm no hash function.
    pub fn fingerprint(&self) -> String {
        super::digest::sha256_hex(self.canonical_content().as_bytes())
    }

    /// The release's `sha256` must be `actual`, the fingerprint of what
    /// the file holds: a figure changed after the release was
    /// fingerprinted, or a fingerprint copied from another release, is
    /// refused.
    pub fn check_fingerprint(&self, actual: &str) -> Result<(), DataError> {
        if actual == self.release.sha256 {
            return Ok(());
        }
        Err(invalid(
            "$.release.sha256",
            format!(
                "is not the fingerprint of this file's content, which is {actual}: the figures were changed after the release was fingerprinted, or the fingerprint is another release's"
            ),
        ))
    }

    /// Open cases of `selection` by age band (in the order of the bands),
    /// where a published total covers it: every week and category, and all
    /// regions or some. `None` otherwise, and for an export without them.
    pub fn open_cases_by_age(&self, selection: &Selection) -> Option<Vec<Total>> {
        let open = self.open_by_age.as_ref()?;
        if selection.weeks.len() != self.week_count()
            || selection.categories.len() != self.categories.len()
        {
            return None;
        }
        let (series, indices) = if selection.regions.len() == self.regions.len() {
            (&open.total, vec![0])
        } else {
            (&open.by_region, selection.regions.clone())
        };
        Some(
            open.bands
                .iter()
                .map(|band| {
                    series
                        .get(band.code.as_ref())
                        .map_or(Total::AtLeast(0), |counts| {
                            Total::sum(indices.iter().map(|&i| counts[i]))
                        })
                })
                .collect(),
        )
    }

    fn validate(&self) -> Result<(), DataError> {
        self.validate_release()?;
        self.validate_dimensions()?;
        let (weeks, regions, categories) =
            (self.week_count(), self.regions.len(), self.categories.len());
        let k = self.release.k;
        for measure in Measure::ALL {
            let cells = self.cells.measure(measure);
            let path = || format!("$.cells.{}", measure_name(measure));
            if cells.len() != weeks * regions * categories {
                return Err(invalid(
                    path(),
                    format!(
                        "has {} counts, expected {}",
                        cells.len(),
                        weeks * regions * categories
                    ),
                ));
            }
            below_k(&path, cells, k)?;
        }
        let mut expected: Vec<&str> = self.outcomes.iter().map(|o| o.code.as_str()).collect();
        super::sort_small(&mut expected, &|a, b| a < b);
        for (kind, series, len) in self.margin_kinds() {
            let path = format!("$.margins.{kind}");
            let keys: Vec<&str> = series.attributed.keys().map(String::as_str).collect();
            if keys != expected {
                return Err(invalid(
                    format!("{path}.attributed"),
                    format!("has outcomes {keys:?}, expected {expected:?}"),
                ));
            }
            for (name, counts) in series.arrays() {
                if counts.len() != len {
                    return Err(invalid(
                        format!("{path}.{name}"),
                        format!("has {} counts, expected {len}", counts.len()),
                    ));
                }
                below_k(&|| format!("{path}.{name}"), counts, k)?;
            }
        }
        self.validate_open_by_age_shape()?;
        self.validate_cell_sums()?;
        self.validate_margin_sums()?;
        self.validate_open_by_age_sums()?;
        #[cfg(not(target_arch = "wasm32"))]
        self.check_fingerprint(&self.fingerprint())?;
        Ok(())
    }

    /// The margins with their names and expected lengths.
    fn margin_kinds(&self) -> [(&'static str, &Series, usize); 4] {
        let m = &self.margins;
        [
            ("by_week", &m.by_week, self.week_count()),
            ("by_region", &m.by_region, self.regions.len()),
            ("by_category", &m.by_category, self.categories.len()),
            ("total", &m.total, 1),
        ]
    }
    fn validate_release(&self) -> Result<(), DataError> {
        let r = &self.release;
        check_release_id("$.release.release_id", &r.release_id)?;
        check_data_as_of("$.release.data_as_of", r.data_as_of, r.generated_at)?;
        let weeks = r.first_week.count_to(r.last_week);
        if weeks == 0 {
            return Err(invalid(
                "$.release.last_week",
                format!("{} is before first_week {}", r.last_week, r.first_week),
            ));
        }
        if weeks > MAX_WEEKS {
            return Err(invalid(
                "$.release.last_week",
                format!("the period has {weeks} weeks, more than {MAX_WEEKS}"),
            ));
        }
        if r.last_week.monday() > r.data_as_of {
            return Err(invalid(
                "$.release.last_week",
                format!("{} starts after data_as_of {}", r.last_week, r.data_as_of),
            ));
        }
        if !(2..=100).contains(&r.k) {
            return Err(invalid(
                "$.release.k",
                format!("{} is outside 2 to 100", r.k),
            ));
        }
        check_text("$.release.methodology_version", &r.methodology_version)?;
        check_text("$.release.licence", &r.licence)?;
        check_sha256("$.release.sha256", &r.sha256)
    }

    fn validate_dimensions(&self) -> Result<(), DataError> {
        if self.regions.is_empty() || self.categories.is_empty() {
            return Err(invalid("$", "needs at least one region and one category"));
        }
        for (path, count, max) in [
            ("$.categories", self.categories.len(), MAX_CATEGORIES),
            ("$.outcomes", self.outcomes.len(), MAX_OUTCOMES),
        ] {
            if count > max {
                return Err(invalid(
                    path,
                    format!("has {count} entries, more than the {max} allowed"),
                ));
            }
        }
        let mut seen = Vec::new();
        for (i, region) in self.regions.iter().enumerate() {
            let path = format!("$.regions[{i}]");
            if !is_region_code(&region.code) {
                return Err(invalid(
                    format!("{path}.code"),
                    format!("{:?} is not an ISO 3166-2:UA code", region.code),
                ));
            }
            if seen.contains(&region.code) {
                return Err(invalid(
                    format!("{path}.code"),
                    format!("duplicate code {:?}", region.code),
                ));
            }
            seen.push(region.code.clone());
            check_translations(&format!("{path}.name"), &region.name)?;
        }
        let mut seen = Vec::new();
        for (i, category) in self.categories.iter().enumerate() {
            let path = format!("$.categories[{i}]");
            check_code(&format!("{path}.code"), &category.code, &mut seen)?;
            check_translations(&format!("{path}.label"), &category.label)?;
            check_translations(&format!("{path}.description"), &category.description)?;
        }
        let mut seen = Vec::new();
        for (i, outcome) in self.outcomes.iter().enumerate() {
            let path = format!("$.outcomes[{i}]");
            check_code(&format!("{path}.code"), &outcome.code, &mut seen)?;
            check_translations(&format!("{path}.label"), &outcome.label)?;
        }
        if !seen.iter().any(|c| c == UNDETERMINED) {
            return Err(invalid("$.outcomes", format!("lacks {UNDETERMINED:?}")));
        }
        Ok(())
    }

    /// Each published margin must agree with its cells: equal to their sum
    /// when all are published, at least the published part otherwise, and
    /// never published beside exactly one withheld cell (which it would
    /// reveal by subtraction).
    fn validate_cell_sums(&self) -> Result<(), DataError> {
        let (weeks, regions, categories) =
            (self.week_count(), self.regions.len(), self.categories.len());
        let m = &self.margins;
        for measure in Measure::ALL {
            let cells = self.cells.measure(measure);
            let too_large = cells.iter().enumerate().find_map(|(i, c)| match c {
                Count::Value(n) if *n > MAX_CELL_COUNT => Some((i, *n)),
                _ => None,
            });
            if let Some((i, n)) = too_large {
                return Err(invalid(
                    format!("$.cells.{}[{i}]", measure_name(measure)),
                    format!(
                        "count {n} is larger than {MAX_CELL_COUNT}, more than any week in one region"
                    ),
                ));
            }
            let mut week_sums = vec![Sum::default(); weeks];
            let mut region_sums = vec![Sum::default(); regions];
            let mut category_sums = vec![Sum::default(); categories];
            // In the cells' own order (see `cell_index`), one row of
            // categories at a time: no index to compute or check per cell.
            let week_len = (regions * categories).max(1);
            for (week, week_sum) in cells.chunks_exact(week_len).zip(&mut week_sums) {
                for (row, region_sum) in week.chunks_exact(categories.max(1)).zip(&mut region_sums)
                {
                    let mut row_sum = Sum::default();
                    for (&count, category_sum) in row.iter().zip(&mut category_sums) {
                        category_sum.add(count);
                        row_sum.add(count);
                    }
                    region_sum.merge(row_sum);
                    week_sum.merge(row_sum);
                }
            }
            let mut grand = Sum::default();
            week_sums.iter().for_each(|&sum| grand.merge(sum));
            let name = measure_name(measure);
            let checks = [
                ("by_week", m.by_week.measure(measure), week_sums),
                ("by_region", m.by_region.measure(measure), region_sums),
                ("by_category", m.by_category.measure(measure), category_sums),
                ("total", m.total.measure(measure), vec![grand]),
            ];
            for (margin, published, sums) in checks {
                for (i, (count, sum)) in published.iter().zip(sums).enumerate() {
                    sum.check(&|| format!("$.margins.{margin}.{name}[{i}]"), *count)?;
                }
            }
        }
        Ok(())
    }

    /// The margins among themselves: each kind of margin adds up to the
    /// total, and at every margin the outcomes add up to the concluded cases.
    fn validate_margin_sums(&self) -> Result<(), DataError> {
        let total = &self.margins.total;
        for (name, totals) in total.arrays() {
            for (kind, series, _) in &self.margin_kinds()[..3] {
                let entries = series
                    .arrays()
                    .find(|(n, _)| *n == name)
                    .map(|(_, c)| c)
                    .unwrap_or_default();
                let mut sum = Sum::default();
                entries.iter().for_each(|c| sum.add(*c));
                sum.check(
                    &|| format!("$.margins.total.{name}[0] (from {kind})"),
                    totals[0],
                )?;
            }
        }
        for (kind, series, len) in self.margin_kinds() {
            for j in 0..len {
                let mut sum = Sum::default();
                series
                    .attributed
                    .values()
                    .for_each(|counts| sum.add(counts[j]));
                sum.check(
                    &|| format!("$.margins.{kind}.concluded[{j}] (from attributed)"),
                    series.concluded[j],
                )?;
            }
        }
        Ok(())
    }
}

impl Export {
    /// The bands as the portal defines them, and arrays of the right length.
    fn validate_open_by_age_shape(&self) -> Result<(), DataError> {
        let Some(open) = &self.open_by_age else {
            return Ok(());
        };
        if open.bands.len() != AGE_BANDS.len() {
            return Err(invalid(
                "$.open_by_age.bands",
                format!(
                    "has {} bands, expected {}",
                    open.bands.len(),
                    AGE_BANDS.len()
                ),
            ));
        }
        if let Some(i) = (0..AGE_BANDS.len()).find(|&i| open.bands[i] != AGE_BANDS[i]) {
            return Err(invalid(
                format!("$.open_by_age.bands[{i}]"),
                format!("must be {}, as the portal defines its bands", AGE_BANDS[i]),
            ));
        }
        let mut expected: Vec<&str> = AGE_BANDS.iter().map(|b| b.code.as_ref()).collect();
        super::sort_small(&mut expected, &|a, b| a < b);
        let regions = self.regions.len();
        for (kind, series, len) in [
            ("by_region", &open.by_region, regions),
            ("total", &open.total, 1),
        ] {
            let keys: Vec<&str> = series.keys().map(String::as_str).collect();
            if keys != expected {
                return Err(invalid(
                    format!("$.open_by_age.{kind}"),
                    format!("has bands {keys:?}, expected {expected:?}"),
                ));
            }
            for (code, counts) in series {
                if counts.len() != len {
                    return Err(invalid(
                        format!("$.open_by_age.{kind}.{code}"),
                        format!("has {} counts, expected {len}", counts.len()),
                    ));
                }
                below_k(
                    &|| format!("$.open_by_age.{kind}.{code}"),
                    counts,
                    self.release.k,
                )?;
            }
        }
        Ok(())
    }

    /// The equations that tie open cases to referred and concluded ones
    /// (referred = open + concluded, over each band's weeks) and to each
    /// other (the regions of a band add up to its total): true where all
    /// terms are published, possible where some are not, and never with
    /// exactly one withheld term, which the others would reveal.
    fn validate_open_by_age_sums(&self) -> Result<(), DataError> {
        let Some(open) = &self.open_by_age else {
            return Ok(());
        };
        let (weeks, regions, categories) =
            (self.week_count(), self.regions.len(), self.categories.len());
        let bands = week_bands(self.release.first_week, weeks, self.release.data_as_of);
        let band_count = AGE_BANDS.len();
        let (cells, m) = (&self.cells, &self.margins);
        // Per band and region: its referred and concluded cells.
        let mut slabs = vec![Balance::default(); band_count * regions];
        for w in 0..weeks {
            for r in 0..regions {
                let slab = &mut slabs[bands[w] * regions + r];
                for c in 0..categories {
                    let i = self.cell_index(w, r, c);
                    slab.referred.add(cells.referred[i]);
                    slab.rest.add(cells.concluded[i]);
                }
            }
        }
        let mut across_regions = vec![Balance::default(); regions];
        let mut across_total = Balance::default();
        for (b, band) in AGE_BANDS.iter().enumerate() {
            let code = band.code.as_ref();
            // The shape check has found every band, with one total.
            let (Some(by_region), Some(&[total])) = (
                open.by_region.get(code),
                open.total.get(code).map(Vec::as_slice),
            ) else {
                continue;
            };
            let mut from_weeks = Balance::default();
            for w in (0..weeks).filter(|&w| bands[w] == b) {
                from_weeks.referred.add(m.by_week.referred[w]);
                from_weeks.rest.add(m.by_week.concluded[w]);
            }
            from_weeks.rest.add(total);
            from_weeks.check(&|| format!("$.open_by_age.total.{code}[0] (from by_week)"))?;
            let mut from_regions = Sum::default();
            for (r, &count) in by_region.iter().enumerate() {
                let mut slab = slabs[b * regions + r];
                slab.rest.add(count);
                slab.check(&|| format!("$.open_by_age.by_region.{code}[{r}] (from cells)"))?;
                from_regions.add(count);
                across_regions[r].rest.add(count);
            }
            from_regions.check(
                &|| format!("$.open_by_age.total.{code}[0] (from by_region)"),
                total,
            )?;
            across_total.rest.add(total);
        }
        for (r, mut balance) in across_regions.into_iter().enumerate() {
            balance.referred.add(m.by_region.referred[r]);
            balance.rest.add(m.by_region.concluded[r]);
            balance.check(&|| format!("$.open_by_age.by_region.*[{r}]"))?;
        }
        across_total.referred.add(m.total.referred[0]);
        across_total.rest.add(m.total.concluded[0]);
        across_total.check(&|| "$.open_by_age.total.*[0]".to_owned())
    }
}

/// The equation referred = open + concluded over some cells, as published.
#[derive(Debug, Clone, Copy, Default)]
struct Balance {
    referred: Sum,
    /// Open and concluded cases.
    rest: Sum,
}

impl Balance {
    /// `path` names the published figure checked, formatted only for an
    /// error.
    fn check(self, path: &dyn Fn() -> String) -> Result<(), DataError> {
        let (referred, rest) = (self.referred, self.rest);
        match (referred.suppressed, rest.suppressed) {
            (0, 0) if referred.known != rest.known => Err(invalid(
                path(),
                format!(
                    "open and concluded cases add up to {}, but {} were referred",
                    rest.known, referred.known
                ),
            )),
            (0, 1) | (1, 0) => Err(invalid(
                path(),
                "referred = open + concluded has exactly one withheld term here, which the others would reveal",
            )),
            (0, _) if rest.known > referred.known => Err(invalid(
                path(),
                format!(
                    "open and concluded cases add up to at least {}, but {} were referred",
                    rest.known, referred.known
                ),
            )),
            (_, 0) if referred.known > rest.known => Err(invalid(
                path(),
                format!(
                    "at least {} cases were referred, but open and concluded ones add up to {}",
                    referred.known, rest.known
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// The cells under one margin: the sum of the published ones and how many
/// are suppressed.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    known: u64,
    suppressed: usize,
}

impl Sum {
    fn add(&mut self, count: Count) {
        match count {
            Count::Value(n) => self.known += u64::from(n),
            Count::Suppressed => self.suppressed += 1,
        }
    }

    fn merge(&mut self, other: Sum) {
        self.known += other.known;
        self.suppressed += other.suppressed;
    }

    /// Whether `margin` agrees with the cells under it; `path` names it in
    /// the error (written only then: an export has thousands of margins).
    fn check(self, path: &dyn Fn() -> String, margin: Count) -> Result<(), DataError> {
        let Count::Value(published) = margin else {
            return Ok(());
        };
        let published = u64::from(published);
        match self.suppressed {
            0 if self.known != published => Err(invalid(
                path(),
                format!("is {published} but its cells add up to {}", self.known),
            )),
            1 => Err(invalid(
                path(),
                "is published beside exactly one withheld term, which it would reveal",
            )),
            _ if self.known > published => Err(invalid(
                path(),
                format!(
                    "is {published}, less than its published cells' {}",
                    self.known
                ),
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::export_read::FromNode;
    use super::*;
    use serde_json::{json, Value};

    fn texts(word: &str) -> Value {
        json!({ "uk": word, "en": word, "de": word, "fr": word })
    }

    /// Two weeks × two regions × two categories, every count published, the
    /// margins the exact sums: a valid export to break in each test.
    fn valid() -> Value {
        // week-major, then region, then category
        let reported = [15, 0, 25, 10, 5, 20, 0, 30];
        let referred = [10, 0, 15, 5, 0, 10, 0, 15];
        let concluded = [5, 0, 10, 0, 0, 5, 0, 10];
        let undetermined = [5, 0, 5, 0, 0, 0, 0, 5];
        let party = [0, 0, 5, 0, 0, 5, 0, 5];
        let series = |f: &dyn Fn(&[u32]) -> Vec<u32>| {
            json!({
                "reported": f(&reported), "verified": f(&reported), "referred": f(&referred),
                "concluded": f(&concluded),
                "attributed": { "party-a": f(&party), "undetermined": f(&undetermined) },
            })
        };
        let idx = |w: usize, r: usize, c: usize| (w * 2 + r) * 2 + c;
        let by = |key: fn(usize, usize, usize) -> usize, n: usize| {
            move |a: &[u32]| -> Vec<u32> {
                let mut out = vec![0; n];
                for w in 0..2 {
                    for r in 0..2 {
                        for c in 0..2 {
                            out[key(w, r, c)] += a[idx(w, r, c)];
                        }
                    }
                }
                out
            }
        };
        sealed(json!({
            "schema_version": 1,
            "release": {
                "release_id": "test-1", "generated_at": "2026-01-20T08:00:00Z",
                "data_as_of": "2026-01-18", "first_week": "2026-W02", "last_week": "2026-W03",
                "methodology_version": "1.0", "k": 5, "sample": true, "licence": "CC BY 4.0",
                "sha256": "0".repeat(64),
            },
            "regions": [ { "code": "UA-30", "name": texts("Kyiv") }, { "code": "UA-63", "name": texts("Kharkiv") } ],
            "categories": [
                { "code": "shelling", "label": texts("Shelling"), "description": texts("Impacts") },
                { "code": "small-arms", "label": texts("Small arms"), "description": texts("Fire") },
            ],
            "outcomes": [ { "code": "party-a", "label": texts("Party A") }, { "code": "undetermined", "label": texts("Undetermined") } ],
            "cells": { "reported": reported, "verified": reported, "referred": referred, "concluded": concluded },
            "margins": {
                "by_week": series(&by(|w, _, _| w, 2)),
                "by_region": series(&by(|_, r, _| r, 2)),
                "by_category": series(&by(|_, _, c| c, 2)),
                "total": series(&by(|_, _, _| 0, 1)),
            },
        }))
    }

    /// `export` with the fingerprint of its content, as the exporter
    /// writes it.
    fn sealed(mut export: Value) -> Value {
        let fingerprint = Export::read(&export).unwrap().fingerprint();
        export["release"]["sha256"] = json!(fingerprint);
        export
    }

    /// [`valid`] with open cases by age, its data running to 2026-W07: the
    /// cases of 2026-W02 are 5 weeks old (band w5-12), those of 2026-W03 4
    /// (w0-4). Open per cell: 5, 0, 5, 5 in the first week, 0, 5, 0, 5 in
    /// the second.
    fn with_open() -> Value {
        let mut e = valid();
        e["release"]["data_as_of"] = json!("2026-02-12");
        e["release"]["generated_at"] = json!("2026-02-13T08:00:00Z");
        e["open_by_age"] = json!({
            "bands": AGE_BANDS,
            "by_region": { "w0-4": [5, 5], "w5-12": [5, 10], "w13-26": [0, 0], "w27-plus": [0, 0] },
            "total": { "w0-4": [10], "w5-12": [15], "w13-26": [0], "w27-plus": [0] },
        });
        sealed(e)
    }

    fn error_of(export: &Value) -> String {
        Export::parse(&export.to_string()).unwrap_err().to_string()
    }

    #[test]
    fn a_consistent_export_parses() {
        let export = Export::parse(&valid().to_string()).unwrap();
        assert_eq!(export.week_count(), 2);
        assert_eq!(
            export.cells.reported[export.cell_index(1, 0, 1)],
            Count::Value(20)
        );
        assert_eq!(export.margins.total.reported, vec![Count::Value(105)]);
    }

    #[test]
    fn counts_are_checked_with_their_json_path() {
        let mut e = valid();
        e["cells"]["reported"][3] = json!(-2);
        // The JSON path and the reason.
        assert_eq!(error_of(&e), "$.cells.reported[3]: count is negative");
        e["cells"]["reported"][3] = json!(1.5);
        assert!(error_of(&e).starts_with("$.cells.reported[3]: count is not a whole number"));
        e["cells"]["reported"][3] = json!(5_000_000);
        assert!(
            error_of(&e).starts_with("$.cells.reported[3]: count 5000000 is larger than 1000000")
        );
        e["cells"]["reported"][3] = json!(5_000_000_000u64);
        assert!(error_of(&e).contains("larger than 1000000000"));
    }

    #[test]
    fn versions_codes_and_dates_are_checked() {
        let mut e = valid();
        e["schema_version"] = json!(2);
        assert!(error_of(&e).contains("schema_version 2 is not supported"));
        let mut e = valid();
        e["regions"][1]["code"] = json!("UA-99");
        assert_eq!(
            error_of(&e),
            "$.regions[1].code: \"UA-99\" is not an ISO 3166-2:UA code"
        );
        let mut e = valid();
        e["regions"][1]["code"] = json!("UA-30");
        assert!(error_of(&e).contains("duplicate code"));
        let mut e = valid();
        e["release"]["data_as_of"] = json!("2026-01-21");
        assert!(error_of(&e).starts_with("$.release.data_as_of: 2026-01-21 is after"));
        let mut e = valid();
        e["release"]["last_week"] = json!("2026-W54");
        assert!(
            error_of(&e).starts_with("$.release.last_week"),
            "{}",
            error_of(&e)
        );
    }

    #[test]
    fn labels_with_markup_control_bidi_or_invisible_characters_are_rejected() {
        for bad in [
            "<b>x</b>",
            "a\u{0007}b",
            "evil\u{202E}txt",
            "x\u{2066}y",
            "zero\u{200B}width",
            "line\u{2028}separator",
            "soft\u{AD}hyphen",
            "\u{FEFF}bom",
            "tag\u{E0041}",
        ] {
            let mut e = valid();
            e["categories"][0]["label"]["fr"] = json!(bad);
            assert!(
                error_of(&e)
                    .starts_with("$.categories[0].label.fr: contains the forbidden character"),
                "{bad}"
            );
        }
        // The joiners that scripts need are text.
        let mut e = valid();
        e["categories"][0]["label"]["fr"] = json!("क्\u{200D}ष \u{200C}x Обстріл");
        Export::parse(&sealed(e).to_string()).expect("joiners and Cyrillic are text");
        let mut e = valid();
        e["outcomes"][0]["label"]
            .as_object_mut()
            .unwrap()
            .remove("uk");
        assert_eq!(error_of(&e), "$.outcomes[0].label.uk: is missing");
    }

    #[test]
    fn a_published_count_below_k_is_refused_wherever_it_is() {
        let mut e = valid();
        e["cells"]["referred"][3] = json!(2);
        assert_eq!(
            error_of(&e),
            "$.cells.referred[3]: 2 is published, but a count from 1 to 4 must be withheld (k = 5)"
        );
        let mut e = valid();
        e["margins"]["by_region"]["attributed"]["party-a"][0] = json!(1);
        assert!(
            error_of(&e).starts_with("$.margins.by_region.attributed.party-a[0]: 1 is published")
        );
        let mut e = with_open();
        e["open_by_age"]["total"]["w13-26"] = json!([4]);
        assert!(error_of(&e).starts_with("$.open_by_age.total.w13-26[0]: 4 is published"));
        // Zero is always published; k itself is the smallest other count.
        let mut e = valid();
        e["release"]["k"] = json!(16);
        assert!(error_of(&e).starts_with("$.cells.reported[0]: 15 is published"));
        e["release"]["k"] = json!(6);
        assert!(error_of(&e).starts_with("$.cells.reported[4]: 5 is published"));
    }

    #[test]
    fn margins_must_agree_with_the_cells() {
        let mut e = valid();
        e["margins"]["by_week"]["reported"][0] = json!(55);
        assert_eq!(
            error_of(&e),
            "$.margins.by_week.reported[0]: is 55 but its cells add up to 50"
        );
    }

    #[test]
    fn a_margin_may_not_reveal_a_single_suppressed_cell() {
        let mut e = valid();
        e["cells"]["reported"][2] = Value::Null;
        assert_eq!(
            error_of(&e),
            "$.margins.by_week.reported[0]: is published beside exactly one withheld term, which it would reveal"
        );
        // The cell is week 0, region 1, category 0.
        for (margin, i) in [("by_week", 0), ("by_region", 1), ("by_category", 0)] {
            e["margins"][margin]["reported"][i] = Value::Null;
        }
        e["margins"]["total"]["reported"][0] = Value::Null;
        Export::parse(&sealed(e).to_string())
            .expect("suppressing every margin over the cell protects it");
    }

    #[test]
    fn array_lengths_and_outcomes_are_checked() {
        let mut e = valid();
        e["cells"]["verified"].as_array_mut().unwrap().pop();
        assert_eq!(error_of(&e), "$.cells.verified: has 7 counts, expected 8");
        let mut e = valid();
        e["margins"]["total"]["attributed"]
            .as_object_mut()
            .unwrap()
            .remove("party-a");
        assert!(error_of(&e).starts_with("$.margins.total.attributed: has outcomes"));
    }

    #[test]
    fn more_categories_or_outcomes_than_allowed_are_refused() {
        let mut e = valid();
        let category = e["categories"][0].clone();
        let many: Vec<Value> = (0..=MAX_CATEGORIES)
            .map(|i| {
                let mut c = category.clone();
                c["code"] = json!(format!("c{i}"));
                c
            })
            .collect();
        e["categories"] = json!(many);
        assert_eq!(
            error_of(&e),
            "$.categories: has 101 entries, more than the 100 allowed"
        );
        let mut e = valid();
        let outcome = e["outcomes"][0].clone();
        e["outcomes"] = json!(vec![outcome; MAX_OUTCOMES + 1]);
        assert_eq!(
            error_of(&e),
            "$.outcomes: has 21 entries, more than the 20 allowed"
        );
    }

    #[test]
    fn unknown_fields_and_oversized_files_are_rejected() {
        let mut e = valid();
        e["release"]["monitor_id"] = json!("m-17");
        assert!(error_of(&e).starts_with("$.release.monitor_id: unknown field `monitor_id`"));
        let big = " ".repeat(MAX_EXPORT_BYTES + 1);
        assert!(matches!(
            Export::parse(&big),
            Err(DataError::TooLarge { .. })
        ));
    }

    /// A file is read as a browser reads it: a byte order mark dropped,
    /// bytes that are not UTF-8 replaced by U+FFFD (refused in a label),
    /// and never more than the limit and one byte, even from a file
    /// without end.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn files_are_read_as_the_browser_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        let text = sealed(valid()).to_string();
        std::fs::write(
            &path,
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        )
        .unwrap();
        assert_eq!(Export::read_file(&path).unwrap(), text);
        // "Mörser" written in Latin-1: its ö is the byte F6, no UTF-8.
        let mut e = valid();
        e["categories"][0]["label"]["de"] = json!("M@rser");
        let mut raw = sealed(e).to_string().into_bytes();
        let at = raw.windows(6).position(|w| w == b"M@rser").unwrap();
        raw[at + 1] = 0xF6;
        std::fs::write(&path, raw).unwrap();
        let read = Export::read_file(&path).unwrap();
        assert_eq!(
            Export::parse(&read).unwrap_err().to_string(),
            "$.categories[0].label.de: contains the forbidden character U+FFFD"
        );
        let endless = Export::read_file(std::path::Path::new("/dev/zero")).unwrap();
        assert_eq!(endless.len(), MAX_EXPORT_BYTES + 1);
        assert!(matches!(
            Export::parse(&endless),
            Err(DataError::TooLarge { .. })
        ));
    }

    #[test]
    fn open_cases_by_age_are_optional_and_cover_the_release_or_its_regions() {
        let without = Export::parse(&valid().to_string()).unwrap();
        assert_eq!(without.open_by_age, None);
        assert!(!serde_json::to_string(&without)
            .unwrap()
            .contains("open_by_age"));
        let e = Export::parse(&with_open().to_string()).unwrap();
        let all = Selection {
            weeks: 0..2,
            regions: vec![0, 1],
            categories: vec![0, 1],
        };
        assert_eq!(without.open_cases_by_age(&all), None);
        let exact = |n: [u64; 4]| Some(n.map(Total::Exact).to_vec());
        assert_eq!(e.open_cases_by_age(&all), exact([10, 15, 0, 0]));
        let region = Selection {
            regions: vec![1],
            ..all.clone()
        };
        assert_eq!(e.open_cases_by_age(&region), exact([5, 10, 0, 0]));
        for narrower in [
            Selection {
                weeks: 1..2,
                ..all.clone()
            },
            Selection {
                categories: vec![0],
                ..all.clone()
            },
        ] {
            assert_eq!(e.open_cases_by_age(&narrower), None, "{narrower:?}");
        }
        let mut withheld = with_open();
        withheld["open_by_age"]["by_region"]["w5-12"] = json!([null, null]);
        withheld["cells"]["referred"][0] = Value::Null;
        withheld["cells"]["referred"][2] = Value::Null;
        withheld["margins"]["by_region"]["referred"] = json!([null, null]);
        let e = Export::read(&withheld).unwrap();
        assert_eq!(
            e.open_cases_by_age(&region),
            Some(vec![
                Total::Exact(5),
                Total::AtLeast(0),
                Total::Exact(0),
                Total::Exact(0)
            ])
        );
    }

    #[test]
    fn open_cases_must_use_the_portals_bands_and_the_right_lengths() {
        let mut e = with_open();
        e["open_by_age"]["bands"][1]["max_weeks"] = json!(13);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.bands[1]: must be w5-12 (5 to 12 weeks), as the portal defines its bands"
        );
        let mut e = with_open();
        e["open_by_age"]["bands"].as_array_mut().unwrap().pop();
        assert_eq!(error_of(&e), "$.open_by_age.bands: has 3 bands, expected 4");
        let mut e = with_open();
        e["open_by_age"]["total"]
            .as_object_mut()
            .unwrap()
            .remove("w27-plus");
        assert!(error_of(&e).starts_with("$.open_by_age.total: has bands [\"w0-4\""));
        let mut e = with_open();
        e["open_by_age"]["by_region"]["w0-4"] = json!([1, 1, 0]);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.by_region.w0-4: has 3 counts, expected 2"
        );
        let mut e = with_open();
        e["open_by_age"]["colour"] = json!("red");
        assert!(error_of(&e).starts_with("$.open_by_age.colour: unknown field"));
    }

    #[test]
    fn open_cases_must_be_referred_minus_concluded() {
        let mut e = with_open();
        e["open_by_age"]["total"]["w0-4"] = json!([15]);
        // 2026-W03: 25 referred, 15 concluded.
        assert_eq!(
            error_of(&e),
            "$.open_by_age.total.w0-4[0] (from by_week): open and concluded cases add up to 30, but 25 were referred"
        );
        let mut e = with_open();
        e["open_by_age"]["by_region"]["w5-12"] = json!([10, 5]);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.by_region.w5-12[0] (from cells): open and concluded cases add up to 15, but 10 were referred"
        );
    }

    #[test]
    fn open_cases_may_not_reveal_a_single_withheld_term() {
        let mut e = with_open();
        e["open_by_age"]["by_region"]["w0-4"][1] = Value::Null;
        assert_eq!(
            error_of(&e),
            "$.open_by_age.by_region.w0-4[1] (from cells): referred = open + concluded has exactly one withheld term here, which the others would reveal"
        );
        let mut e = with_open();
        e["open_by_age"]["total"]["w5-12"] = json!([null]);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.total.w5-12[0] (from by_week): referred = open + concluded has exactly one withheld term here, which the others would reveal"
        );
        // Region 1's referred cells of 2026-W02 withheld, and the category
        // margins that would give each away: its band w5-12 tells only their
        // sum, which the week's margin tells already.
        let mut e = with_open();
        e["cells"]["referred"][2] = Value::Null;
        e["cells"]["referred"][3] = Value::Null;
        e["margins"]["by_category"]["referred"] = json!([null, null]);
        Export::parse(&sealed(e).to_string()).expect("two withheld cells under one band");
    }

    #[test]
    fn a_balance_checks_what_its_published_terms_allow() {
        let balance = |referred: &[Count], rest: &[Count]| {
            let mut b = Balance::default();
            referred.iter().for_each(|&c| b.referred.add(c));
            rest.iter().for_each(|&c| b.rest.add(c));
            b.check(&|| "$.x".to_owned()).map_err(|e| e.to_string())
        };
        let (n, x) = (Count::Value, Count::Suppressed);
        assert_eq!(balance(&[n(9)], &[n(4), n(5)]), Ok(()));
        assert_eq!(balance(&[n(9), x], &[n(4), n(5), x]), Ok(()));
        assert_eq!(
            balance(&[n(9), x], &[n(4), n(5), x, x]),
            Ok(()),
            "withheld terms on both sides: no bound"
        );
        assert_eq!(
            balance(&[n(5)], &[n(4), n(3), x, x]),
            Err("$.x: open and concluded cases add up to at least 7, but 5 were referred".into())
        );
        assert_eq!(
            balance(&[n(8), x, x], &[n(4), n(3)]),
            Err(
                "$.x: at least 8 cases were referred, but open and concluded ones add up to 7"
                    .into()
            )
        );
    }

    #[test]
    fn a_file_changed_after_its_fingerprint_is_refused() {
        let mut e = valid();
        // Still a consistent file: a cell and its margins moved together.
        for (table, i) in [
            ("cells", 0),
            ("by_week", 0),
            ("by_region", 0),
            ("by_category", 0),
        ] {
            let counts = if table == "cells" {
                &mut e["cells"]["reported"]
            } else {
                &mut e["margins"][table]["reported"]
            };
            counts[i] = json!(counts[i].as_u64().unwrap() + 5);
        }
        e["margins"]["total"]["reported"][0] = json!(110);
        let error = error_of(&e);
        assert!(
            error.starts_with("$.release.sha256: is not the fingerprint of this file's content"),
            "{error}"
        );
        Export::parse(&sealed(e).to_string()).expect("the same file, fingerprinted again");
    }

    #[test]
    fn the_fingerprint_covers_the_counts() {
        let a = Export::read(&valid()).unwrap();
        let mut changed = valid();
        changed["cells"]["reported"][0] = json!(20);
        let b = Export::read(&changed).unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 64);
        let open = Export::read(&with_open()).unwrap();
        let mut changed = with_open();
        changed["open_by_age"]["total"]["w13-26"] = json!([null]);
        let closed = Export::read(&changed).unwrap();
        assert_ne!(open.fingerprint(), closed.fingerprint());
        assert_ne!(open.fingerprint(), a.fingerprint());
    }

    /// Releases were fingerprinted over serde_json's output of the export's
    /// types before the hand-written writer (which the wasm shares) took
    /// over: the content must stay byte for byte the same, labels with
    /// quotes, backslashes and Cyrillic included.
    #[test]
    fn the_canonical_content_is_what_serde_json_wrote() {
        let mut e = Export::shipped_sample();
        e.regions[0].name.insert(
            crate::model::Lang::En,
            "a \"quoted\" back\\slash – Київ".to_owned(),
        );
        let content = (&e.regions, &e.categories, &e.outcomes, &e.cells, &e.margins);
        let open = e.open_by_age.as_ref().expect("the sample has open cases");
        assert_eq!(
            e.canonical_content(),
            serde_json::to_string(&(content, open)).unwrap()
        );
        e.open_by_age = None;
        let content = (&e.regions, &e.categories, &e.outcomes, &e.cells, &e.margins);
        assert_eq!(
            e.canonical_content(),
            serde_json::to_string(&content).unwrap()
        );
    }
}
