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

use crate::model::age::{week_bands, AGE_BANDS};
use crate::model::count::Count;
use crate::model::export::{
    Category, Cells, Export, ExportRelease, Margins, OpenByAge, Outcome, Region, Series,
    EXPORT_SCHEMA_VERSION,
};
use crate::model::protect::{protect, protect_referrals, Protected, Referrals, Report, Shape};
use crate::model::DataError;
use serde::Deserialize;
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

/// Protects the aggregated counts and assembles the export, validated with
/// the same [`Export::parse`] the portal uses. `settings` is the release
/// metadata as the data team chose it; its `sha256` is computed here.
pub fn build_export(
    settings: &ExportRelease,
    dims: &Dimensions,
    counts: &input::Counts,
) -> Result<(Export, Protection), DataError> {
    let shape = counts.shape;
    let [reported, verified, referred, concluded] = &counts.measures;
    let mut protection = Protection::new();
    let mut plain = |name: &str, raw: &[u32]| {
        let p = protect(shape, raw, settings.k);
        protection.insert(name.to_owned(), p.report);
        p
    };
    let (reported, verified) = (plain("reported", reported), plain("verified", verified));
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
