//! The anonymising exporter (native only): raw incident CSV in, export v1 and
//! release manifest out. `src/bin/exporter.rs` is its command line.
//!
//! Only six columns of the input are ever read (see [`input::COLUMNS`]); every
//! other column is skipped by the CSV reader and never stored, so it cannot
//! reach any output.

pub mod archive;
pub mod input;
pub mod regions;
pub mod sample;
pub mod series;
pub mod state;

use crate::model::age::{week_bands, AGE_BANDS};
use crate::model::count::Count;
use crate::model::export::{measure_name, Measure};
use crate::model::export::{
    Category, Cells, Export, ExportRelease, Margins, OpenByAge, Outcome, Region, Series,
    EXPORT_SCHEMA_VERSION,
};
use crate::model::protect::{protect_referrals, Protected, Referrals, Report, Shape};
use crate::model::DataError;
use serde::Deserialize;
use series::{protect_series, Past, Table};
use std::collections::BTreeMap;
use std::path::Path;

/// The dimension labels the export carries (`data/dimensions.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimensions {
    pub regions: Vec<Region>,
    pub categories: Vec<Category>,
    pub outcomes: Vec<Outcome>,
}

impl Dimensions {
    pub fn load(path: &Path) -> Result<Dimensions, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// What protection did, per measure; `special commission` covers referred
/// and concluded cases, outcomes and open cases by age, protected together.
pub type Protection = BTreeMap<String, Report>;

/// An archived release as the exporter needs it: what it published, and
/// the true counts behind it (from the private state).
#[derive(Debug, Clone)]
pub struct History {
    pub export: Export,
    pub counts: input::Counts,
}

/// Why a release was not built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Invalid(#[from] DataError),
    #[error("protection across releases, {measure}: {message}")]
    Blocked { measure: String, message: String },
    #[error("archived release {0:?} has other regions or categories than this one: protection across releases needs the same table")]
    OtherTable(String),
    #[error("archived release {release:?} was protected with k = {then}, this one with k = {now}: a lower threshold would loosen the protection of the counts it withheld; use k = {then} or more")]
    LowerK {
        release: String,
        then: u32,
        now: u32,
    },
}

/// Protects the aggregated counts against every archived release in
/// `history` (oldest first) and assembles the export, validated with the
/// same [`Export::parse`] the portal uses. `settings` is the release
/// metadata as the data team chose it; its `sha256` is computed here.
///
/// Reported and verified incidents are protected across releases (see
/// [`series`]); the Special Commission's counts, one release at a time.
pub fn build_export(
    settings: &ExportRelease,
    dims: &Dimensions,
    counts: &input::Counts,
    history: &[History],
) -> Result<(Export, Protection), BuildError> {
    let shape = counts.shape;
    for h in history {
        let same = h.counts.shape.regions == shape.regions
            && h.counts.shape.categories == shape.categories
            && h.export.regions == dims.regions
            && h.export.categories == dims.categories;
        if !same {
            return Err(BuildError::OtherTable(h.export.release.release_id.clone()));
        }
    }
    if let Some(h) = history.iter().find(|h| h.export.release.k > settings.k) {
        return Err(BuildError::LowerK {
            release: h.export.release.release_id.clone(),
            then: h.export.release.k,
            now: settings.k,
        });
    }
    let [reported, verified, referred, concluded] = &counts.measures;
    let mut protection = Protection::new();
    let regions: Vec<String> = dims.regions.iter().map(|r| r.code.clone()).collect();
    let categories: Vec<String> = dims.categories.iter().map(|c| c.code.clone()).collect();
    let ids: Vec<String> = history
        .iter()
        .map(|h| h.export.release.release_id.clone())
        .collect();
    let mut across = |measure: Measure, raw: &[u32]| -> Result<Protected, BuildError> {
        let published: Vec<Protected> = history
            .iter()
            .map(|h| published_table(&h.export, measure))
            .collect();
        let past: Vec<Past> = history
            .iter()
            .zip(&published)
            .map(|(h, published)| Past {
                table: Table {
                    first_week: h.export.release.first_week,
                    shape: h.counts.shape,
                    raw: &h.counts.measures[measure as usize],
                },
                published,
            })
            .collect();
        let current = Table {
            first_week: settings.first_week,
            shape,
            raw,
        };
        let p = protect_series(&past, current, settings.k).map_err(|b| BuildError::Blocked {
            measure: measure_name(measure),
            message: b.explain(&regions, &categories, &ids),
        })?;
        protection.insert(measure_name(measure), p.report);
        Ok(p)
    };
    let (reported, verified) = (
        across(Measure::Reported, reported)?,
        across(Measure::Verified, verified)?,
    );
    let weeks = week_bands(settings.first_week, shape.weeks, settings.data_as_of);
    let commission = protect_referrals(
        shape,
        &Referrals {
            referred,
            concluded,
            outcomes: &counts.attributed,
            week_bands: &weeks,
            bands: AGE_BANDS.len(),
        },
        settings.k,
    );
    protection.insert("special commission".to_owned(), commission.report);
    let (referred, concluded, outcomes) = (
        &commission.referred,
        &commission.concluded,
        &commission.outcomes,
    );
    let codes: Vec<&String> = dims.outcomes.iter().map(|o| &o.code).collect();
    let series = |pick: &dyn Fn(&Protected) -> Vec<Count>| Series {
        reported: pick(&reported),
        verified: pick(&verified),
        referred: pick(referred),
        concluded: pick(concluded),
        attributed: codes
            .iter()
            .zip(outcomes)
            .map(|(code, p)| ((*code).clone(), pick(p)))
            .collect(),
    };
    let mut export = Export {
        schema_version: EXPORT_SCHEMA_VERSION,
        release: settings.clone(),
        regions: dims.regions.clone(),
        categories: dims.categories.clone(),
        outcomes: dims.outcomes.clone(),
        cells: Cells {
            reported: reported.cells.clone(),
            verified: verified.cells.clone(),
            referred: referred.cells.clone(),
            concluded: concluded.cells.clone(),
        },
        margins: Margins {
            by_week: series(&|p| p.by_week.clone()),
            by_region: series(&|p| p.by_region.clone()),
            by_category: series(&|p| p.by_category.clone()),
            total: series(&|p| vec![p.total]),
        },
        open_by_age: Some(OpenByAge {
            bands: AGE_BANDS.to_vec(),
            by_region: AGE_BANDS
                .iter()
                .zip(&commission.open_by_region)
                .map(|(band, counts)| (band.code.to_string(), counts.clone()))
                .collect(),
            total: AGE_BANDS
                .iter()
                .zip(&commission.open_total)
                .map(|(band, &count)| (band.code.to_string(), vec![count]))
                .collect(),
        }),
    };
    export.release.sha256 = export.fingerprint();
    let json = serde_json::to_string(&export).map_err(|e| DataError::Invalid {
        path: "$".into(),
        reason: e.to_string(),
    })?;
    Export::parse(&json)?;
    Ok((export, protection))
}

/// What `export` published of one measure's table.
fn published_table(export: &Export, measure: Measure) -> Protected {
    let m = &export.margins;
    Protected {
        cells: export.cells.measure(measure).to_vec(),
        by_week: m.by_week.measure(measure).to_vec(),
        by_region: m.by_region.measure(measure).to_vec(),
        by_category: m.by_category.measure(measure).to_vec(),
        total: m.total.measure(measure)[0],
        report: Report::default(),
    }
}

/// Writes a file through `write` into a temporary file in the same
/// directory, then renames it into place, so that a failed run never leaves
/// a partial file. The writer is buffered: large files stream to disk.
pub fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<T>,
) -> std::io::Result<T> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("export"),
        std::process::id()
    ));
    let result = std::fs::File::create(&tmp)
        .map(std::io::BufWriter::new)
        .and_then(|mut out| {
            let value = write(&mut out)?;
            out.flush()?;
            Ok(value)
        })
        .and_then(|value| std::fs::rename(&tmp, path).map(|()| value));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The counts a shape holds, for callers that only need the dimensions.
pub fn shape_of(settings: &ExportRelease, dims: &Dimensions) -> Shape {
    Shape {
        weeks: settings.first_week.count_to(settings.last_week) as usize,
        regions: dims.regions.len(),
        categories: dims.categories.len(),
    }
}
