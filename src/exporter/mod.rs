//! The anonymising exporter (native only): raw incident CSV in, export v1 and
//! release manifest out. `src/bin/exporter.rs` is its command line.
//!
//! Only six columns of the input are ever read (see [`input::COLUMNS`]); every
//! other column is skipped by the CSV reader and never stored, so it cannot
//! reach any output.

pub mod archive;
pub mod input;
pub mod protect;
pub mod regions;
pub mod sample;
pub mod series;
pub mod signing;
pub mod state;
pub mod summary;

use crate::model::age::{week_bands, AGE_BANDS};
use crate::model::count::Count;
use crate::model::export::{measure_name, Measure};
use crate::model::export::{
    Category, Export, ExportRelease, Margins, OpenByAge, Outcome, Region, Series,
    EXPORT_SCHEMA_VERSION,
};
use crate::model::sorted_map::SortedMap;
use crate::model::text::Translations;
use crate::model::typography;
use crate::model::week::IsoWeek;
use crate::model::DataError;
use protect::{Protected, Report, Shape};
use serde::Deserialize;
use series::{as_published, protect_series, Names, Past, Published, Release};
use std::collections::BTreeMap;
use std::path::Path;

/// The tables of `data/`, compiled in: the exporter's defaults when no file
/// is named, so that it runs from any folder.
pub mod builtin {
    pub const DIMENSIONS: &str = include_str!("../../data/dimensions.json");
    pub const SPELLINGS: &str = include_str!("../../data/region-spellings.json");
    pub const SAMPLE_NAMES: &str = include_str!("../../data/sample-region-names.json");
    /// The throw-away key that signs the sample series, published on
    /// purpose: a signature made with it proves nothing.
    pub const SAMPLE_SIGNING_KEY: &str = include_str!("../../data/sample-signing-key.txt");
}

/// The dimension labels the export carries (`data/dimensions.json`), each
/// set in the typography of its language as it is read.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "DimensionsFile")]
pub struct Dimensions {
    pub regions: Vec<Region>,
    pub categories: Vec<Category>,
    pub outcomes: Vec<Outcome>,
}

/// `data/dimensions.json` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DimensionsFile {
    regions: Vec<Region>,
    categories: Vec<Category>,
    outcomes: Vec<Outcome>,
}

impl From<DimensionsFile> for Dimensions {
    fn from(file: DimensionsFile) -> Dimensions {
        let typeset = |texts: &Translations| -> Translations {
            texts
                .iter()
                .map(|(lang, text)| (*lang, typography::typeset(lang.code(), text)))
                .collect()
        };
        let mut dims = Dimensions {
            regions: file.regions,
            categories: file.categories,
            outcomes: file.outcomes,
        };
        for region in &mut dims.regions {
            region.name = typeset(&region.name);
        }
        for category in &mut dims.categories {
            category.label = typeset(&category.label);
            category.description = typeset(&category.description);
        }
        for outcome in &mut dims.outcomes {
            outcome.label = typeset(&outcome.label);
        }
        dims
    }
}

impl Dimensions {
    pub fn load(path: &Path) -> Result<Dimensions, TableFileError> {
        read_table(path)
    }
}

/// Why a table file (dimension labels, region spellings) cannot be used,
/// with its path.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct TableFileError {
    pub path: std::path::PathBuf,
    pub reason: TableReason,
}

#[derive(Debug, thiserror::Error)]
pub enum TableReason {
    #[error(transparent)]
    Read(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Spellings(#[from] regions::SpellingError),
}

impl TableFileError {
    pub fn new(path: &Path, reason: impl Into<TableReason>) -> TableFileError {
        TableFileError {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }
}

/// A JSON table read from `path`.
fn read_table<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, TableFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| TableFileError::new(path, e))?;
    serde_json::from_str(&text).map_err(|e| TableFileError::new(path, e))
}

/// What protection did, per measure and per attribution outcome (open cases
/// by age are sums of referred and concluded cases: they withhold no count
/// of their own).
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
    #[error("protection across releases: {0}")]
    Blocked(String),
    #[error("archived release {0:?} has other regions, categories or attribution outcomes than this one: protection across releases needs the same table")]
    OtherTable(String),
    #[error("archived release {release:?} was protected with k = {then}, this one with k = {now}: a lower threshold would loosen the protection of the counts it withheld; use k = {then} or more")]
    LowerK {
        release: String,
        then: u32,
        now: u32,
    },
}

/// A release as built: the export, what protection did, and the true counts
/// behind the published figures (the private state keeps these: they are
/// the aggregated input, except in weeks whose revision was deferred).
#[derive(Debug, Clone)]
pub struct Built {
    pub export: Export,
    pub protection: Protection,
    pub counts: input::Counts,
    /// Past weeks that keep the figures of the last release (see
    /// [`series::protect_series`]).
    pub deferred: Vec<IsoWeek>,
}

/// Protects the aggregated counts against every archived release in
/// `history` (oldest first) and assembles the export, validated with the
/// same [`Export::parse`] the portal uses. `settings` is the release
/// metadata as the data team chose it; its `sha256` is computed here.
///
/// Every measure, the outcomes and the open cases are protected together
/// across releases (see [`series`]).
pub fn build_export(
    settings: &ExportRelease,
    dims: &Dimensions,
    counts: &input::Counts,
    history: &[History],
) -> Result<Built, BuildError> {
    let shape = counts.shape;
    for h in history {
        let same = h.counts.shape.regions == shape.regions
            && h.counts.shape.categories == shape.categories
            && h.export.regions == dims.regions
            && h.export.categories == dims.categories
            && h.export.outcomes == dims.outcomes
            && h.counts.attributed.len() == dims.outcomes.len();
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
    let bands: Vec<Vec<usize>> = history
        .iter()
        .map(|h| {
            let r = &h.export.release;
            week_bands(r.first_week, h.counts.shape.weeks, r.data_as_of)
        })
        .collect();
    let published: Vec<Published> = history.iter().map(|h| published(&h.export)).collect();
    let past: Vec<Past> = history
        .iter()
        .zip(&bands)
        .zip(&published)
        .map(|((h, bands), published)| Past {
            release: release(&h.counts, h.export.release.first_week, bands),
            published,
        })
        .collect();
    let weeks = week_bands(settings.first_week, shape.weeks, settings.data_as_of);
    let measures: Vec<String> = Measure::ALL.into_iter().map(measure_name).collect();
    let regions: Vec<String> = dims.regions.iter().map(|r| r.code.clone()).collect();
    let categories: Vec<String> = dims.categories.iter().map(|c| c.code.clone()).collect();
    let outcome_codes: Vec<String> = dims.outcomes.iter().map(|o| o.code.clone()).collect();
    let band_codes: Vec<String> = AGE_BANDS.iter().map(|b| b.code.to_string()).collect();
    let ids: Vec<String> = history
        .iter()
        .map(|h| h.export.release.release_id.clone())
        .collect();
    let current = release(counts, settings.first_week, &weeks);
    let protected = protect_series(&past, current, settings.k).map_err(|b| {
        BuildError::Blocked(b.explain(&Names {
            measures: &measures,
            regions: &regions,
            categories: &categories,
            outcomes: &outcome_codes,
            bands: &band_codes,
            releases: &ids,
        }))
    })?;
    let mut protection = Protection::new();
    for (name, p) in measures.iter().zip(&protected.measures) {
        protection.insert(name.clone(), p.report);
    }
    for (code, p) in outcome_codes.iter().zip(&protected.outcomes) {
        protection.insert(format!("outcome {code}"), p.report);
    }
    let outcomes = &protected.outcomes;
    let series = |pick: &dyn Fn(&Protected) -> Vec<Count>| Series {
        measures: protected.measures.each_ref().map(pick).into(),
        attributed: outcome_codes
            .iter()
            .zip(outcomes)
            .map(|(code, p)| (code.clone(), pick(p)))
            .collect(),
    };
    let mut export = Export {
        schema_version: EXPORT_SCHEMA_VERSION,
        release: settings.clone(),
        regions: dims.regions.clone(),
        categories: dims.categories.clone(),
        outcomes: dims.outcomes.clone(),
        cells: protected
            .measures
            .each_ref()
            .map(|p| p.cells.clone())
            .into(),
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
                .zip(&protected.open_by_region)
                .map(|(band, counts)| (band.code.to_string(), counts.clone()))
                .collect(),
            total: AGE_BANDS
                .iter()
                .zip(&protected.open_total)
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
    let (measures, attributed) = as_published(&past, current, &protected.deferred);
    Ok(Built {
        export,
        protection,
        counts: input::Counts {
            shape,
            measures,
            attributed,
        },
        deferred: protected.deferred,
    })
}

/// A release's true counts, in the protection's terms.
fn release<'a>(
    counts: &'a input::Counts,
    first_week: IsoWeek,
    week_bands: &'a [usize],
) -> Release<'a> {
    Release {
        first_week,
        shape: counts.shape,
        measures: counts.measures.each_ref().map(Vec::as_slice),
        outcomes: &counts.attributed,
        week_bands,
        bands: AGE_BANDS.len(),
    }
}

/// What `export` published, in the protection's terms (outcomes in the
/// order of its own list): how the exporter reads its archive, and how the
/// tests read a release.
pub fn published(export: &Export) -> Published {
    let m = &export.margins;
    let table = |cells: Vec<Count>, pick: &dyn Fn(&Series) -> Vec<Count>| Protected {
        cells,
        by_week: pick(&m.by_week),
        by_region: pick(&m.by_region),
        by_category: pick(&m.by_category),
        total: pick(&m.total).first().copied().unwrap_or(Count::Suppressed),
        report: Report::default(),
    };
    let outcome = |code: &str, s: &Series| s.attributed.get(code).cloned().unwrap_or_default();
    let open = export.open_by_age.as_ref();
    let band = |code: &str, of: &dyn Fn(&OpenByAge) -> &SortedMap<String, Vec<Count>>| {
        open.and_then(|open| of(open).get(code).cloned())
            .unwrap_or_default()
    };
    Published {
        measures: Measure::ALL.map(|measure| {
            table(export.cells.measure(measure).to_vec(), &|s| {
                s.measure(measure).to_vec()
            })
        }),
        outcomes: export
            .outcomes
            .iter()
            .map(|o| table(Vec::new(), &|s| outcome(&o.code, s)))
            .collect(),
        open_by_region: AGE_BANDS
            .iter()
            .map(|b| band(&b.code, &|open| &open.by_region))
            .collect(),
        open_total: AGE_BANDS
            .iter()
            .map(|b| {
                band(&b.code, &|open| &open.total)
                    .first()
                    .copied()
                    .unwrap_or(Count::Suppressed)
            })
            .collect(),
        deferred: Vec::new(),
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
