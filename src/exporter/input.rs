//! The raw incident CSV: its contract, streaming reader and aggregation.
//!
//! Contract (header row required, column order free, any other column
//! ignored and never stored):
//!
//! | column | content |
//! |---|---|
//! | `id` | the incident's identifier (checked non-empty, then dropped) |
//! | `reported_at` | RFC 3339 date-time (`2026-02-03T14:05:00+02:00`) or date (`2026-02-03`) |
//! | `region` | the region as written by the reporter, in any language |
//! | `category` | a category code from `data/dimensions.json` |
//! | `status` | `reported`, `verified`, `referred` or `concluded`: how far along the funnel |
//! | `attribution` | for `concluded`: an outcome code; otherwise empty |

use super::regions::RegionMatcher;
use super::Dimensions;
use crate::model::export::ExportRelease;
use crate::model::protect::Shape;
use crate::model::week::IsoWeek;
use chrono::{DateTime, NaiveDate};
use std::collections::BTreeMap;
use std::io::Read;

/// The only columns the exporter reads.
pub const COLUMNS: [&str; 6] = [
    "id",
    "reported_at",
    "region",
    "category",
    "status",
    "attribution",
];

/// A problem with the input that stops the export, naming row and column.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("the input is empty: expected a header row with {COLUMNS:?}")]
    Empty,
    #[error("the header lacks the column {0:?} (required: {COLUMNS:?})")]
    MissingColumn(&'static str),
    #[error("row {row}, column {column}: {reason}")]
    Cell {
        row: u64,
        column: &'static str,
        reason: String,
    },
    #[error("row {row}: {reason}")]
    Row { row: u64, reason: String },
}

/// Aggregated raw counts, before protection.
#[derive(Debug, Clone)]
pub struct Counts {
    pub shape: Shape,
    /// reported, verified, referred, concluded: each over the cells.
    pub measures: [Vec<u32>; 4],
    /// Concluded cases per outcome, in the order of the dimensions' outcomes.
    pub attributed: Vec<Vec<u32>>,
}

/// What reading the input found, for the summary.
#[derive(Debug, Clone, Default)]
pub struct ReadStats {
    pub rows: u64,
    pub outside_period: u64,
    pub unmapped_rows: u64,
    /// Spellings that matched no region, with how often each occurred.
    pub unmapped: BTreeMap<String, u64>,
}

fn funnel_depth(status: &str) -> Option<usize> {
    match status {
        "reported" => Some(0),
        "verified" => Some(1),
        "referred" => Some(2),
        "concluded" => Some(3),
        _ => None,
    }
}

fn parse_time(text: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.date_naive())
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
}

/// Streams the CSV once, binning each incident to its ISO week and cell.
/// Memory holds the counts only, whatever the number of rows. `progress` is
/// called with the number of rows read so far, every 100,000 rows.
pub fn aggregate(
    input: impl Read,
    settings: &ExportRelease,
    dims: &Dimensions,
    regions: &RegionMatcher,
    mut progress: impl FnMut(u64),
) -> Result<(Counts, ReadStats), InputError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| InputError::Row {
            row: 1,
            reason: e.to_string(),
        })?
        .clone();
    if headers.is_empty() {
        return Err(InputError::Empty);
    }
    let mut position = [0usize; 6];
    for (slot, name) in position.iter_mut().zip(COLUMNS) {
        *slot = headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or(InputError::MissingColumn(name))?;
    }
    let shape = super::shape_of(settings, dims);
    let region_index: BTreeMap<&str, usize> = dims
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();
    let category_index: BTreeMap<&str, usize> = dims
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    let outcome_index: BTreeMap<&str, usize> = dims
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (o.code.as_str(), i))
        .collect();
    let mut measures: [Vec<u32>; 4] = std::array::from_fn(|_| vec![0; shape.len()]);
    let mut attributed = vec![vec![0; shape.len()]; dims.outcomes.len()];
    let mut stats = ReadStats::default();
    let mut record = csv::StringRecord::new();
    loop {
        let row = stats.rows + 2;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(InputError::Row {
                    row,
                    reason: e.to_string(),
                })
            }
        }
        stats.rows += 1;
        if stats.rows % 100_000 == 0 {
            progress(stats.rows);
        }
        let field = |i: usize| record.get(position[i]).unwrap_or("").trim();
        let cell_error = |column: &'static str, reason: String| InputError::Cell {
            row,
            column,
            reason,
        };
        if field(0).is_empty() {
            return Err(cell_error("id", "is empty".into()));
        }
        let date = parse_time(field(1)).ok_or_else(|| {
            cell_error(
                "reported_at",
                format!(
                    "{:?} is not an RFC 3339 date-time or a YYYY-MM-DD date",
                    field(1)
                ),
            )
        })?;
        let week = IsoWeek::of(date);
        let depth = funnel_depth(field(4)).ok_or_else(|| {
            cell_error(
                "status",
                format!(
                    "{:?} is not one of reported, verified, referred, concluded",
                    field(4)
                ),
            )
        })?;
        let category = *category_index.get(field(3)).ok_or_else(|| {
            cell_error("category", format!("{:?} is not a category code", field(3)))
        })?;
        let outcome = match (depth, field(5)) {
            (3, code) => Some(*outcome_index.get(code).ok_or_else(|| {
                cell_error(
                    "attribution",
                    format!("{code:?} is not an outcome code (a concluded case needs one)"),
                )
            })?),
            (_, "") => None,
            (_, other) => {
                return Err(cell_error(
                    "attribution",
                    format!("{other:?} given for a case that is not concluded"),
                ))
            }
        };
        if week < settings.first_week || week > settings.last_week || date > settings.data_as_of {
            stats.outside_period += 1;
            continue;
        }
        let Some(region) = regions
            .code(field(2))
            .and_then(|code| region_index.get(code))
        else {
            stats.unmapped_rows += 1;
            *stats.unmapped.entry(field(2).to_owned()).or_default() += 1;
            continue;
        };
        let w = settings.first_week.count_to(week) as usize - 1;
        let i = shape.index(w, *region, category);
        for m in measures.iter_mut().take(depth + 1) {
            m[i] += 1;
        }
        if let Some(o) = outcome {
            attributed[o][i] += 1;
        }
    }
    if stats.rows == 0 {
        return Err(InputError::Empty);
    }
    Ok((
        Counts {
            shape,
            measures,
            attributed,
        },
        stats,
    ))
}
