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
use std::collections::{BTreeMap, HashMap};
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

/// Distinct region spellings remembered with their region; past this many
/// (a hostile or broken input), spellings are looked up each time, so memory
/// stays bounded.
const MAX_KNOWN_SPELLINGS: usize = 65_536;

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

/// Aggregated raw counts, before protection. The exporter keeps them for
/// every release it publishes, privately (see [`super::state`]): protecting
/// the next release needs the true counts behind the published ones.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Records handed from the parsing thread to the binning thread at a time.
const BATCH: usize = 4096;

/// Parsed records on their way to binning, with the input position after
/// the last of them; recycled so that records are allocated once.
struct Batch {
    records: Vec<csv::ByteRecord>,
    len: usize,
    bytes: u64,
}

/// Everything needed to bin one record into its cell.
struct Binner<'a> {
    settings: &'a ExportRelease,
    regions: &'a RegionMatcher,
    position: [usize; 6],
    region_index: HashMap<&'a str, usize>,
    categories: Vec<&'a [u8]>,
    outcomes: Vec<&'a [u8]>,
    // Real inputs repeat a few hundred spellings millions of times: each is
    // folded and looked up once.
    known: HashMap<Vec<u8>, Option<usize>>,
    counts: Counts,
    stats: ReadStats,
}

impl Binner<'_> {
    fn add(&mut self, row: u64, record: &csv::ByteRecord) -> Result<(), InputError> {
        let text = |i: usize| -> Result<&str, InputError> {
            let bytes = record.get(self.position[i]).unwrap_or_default();
            std::str::from_utf8(bytes)
                .map(str::trim)
                .map_err(|e| InputError::Cell {
                    row,
                    column: COLUMNS[i],
                    reason: format!("is not valid UTF-8 ({e})"),
                })
        };
        let cell_error = |column: &'static str, reason: String| InputError::Cell {
            row,
            column,
            reason,
        };
        if text(0)?.is_empty() {
            return Err(cell_error("id", "is empty".into()));
        }
        let time = text(1)?;
        let date = parse_time(time).ok_or_else(|| {
            cell_error(
                "reported_at",
                format!("{time:?} is not an RFC 3339 date-time or a YYYY-MM-DD date"),
            )
        })?;
        let status = text(4)?;
        let depth = funnel_depth(status).ok_or_else(|| {
            cell_error(
                "status",
                format!("{status:?} is not one of reported, verified, referred, concluded"),
            )
        })?;
        let category = text(3)?;
        let category = self
            .categories
            .iter()
            .position(|c| *c == category.as_bytes())
            .ok_or_else(|| {
                cell_error("category", format!("{category:?} is not a category code"))
            })?;
        let outcome = match (depth, text(5)?) {
            (3, code) => Some(
                self.outcomes
                    .iter()
                    .position(|o| *o == code.as_bytes())
                    .ok_or_else(|| {
                        cell_error(
                            "attribution",
                            format!("{code:?} is not an outcome code (a concluded case needs one)"),
                        )
                    })?,
            ),
            (_, "") => None,
            (_, other) => {
                return Err(cell_error(
                    "attribution",
                    format!("{other:?} given for a case that is not concluded"),
                ))
            }
        };
        let week = IsoWeek::of(date);
        let s = self.settings;
        if week < s.first_week || week > s.last_week || date > s.data_as_of {
            self.stats.outside_period += 1;
            return Ok(());
        }
        let spelling = text(2)?;
        let region = match self.known.get(spelling.as_bytes()) {
            Some(region) => *region,
            None => {
                let region = self
                    .regions
                    .code(spelling)
                    .and_then(|code| self.region_index.get(code).copied());
                if self.known.len() < MAX_KNOWN_SPELLINGS {
                    self.known.insert(spelling.as_bytes().to_vec(), region);
                }
                region
            }
        };
        let Some(region) = region else {
            self.stats.unmapped_rows += 1;
            *self.stats.unmapped.entry(spelling.to_owned()).or_default() += 1;
            return Ok(());
        };
        let w = s.first_week.count_to(week) as usize - 1;
        let i = self.counts.shape.index(w, region, category);
        for m in self.counts.measures.iter_mut().take(depth + 1) {
            m[i] += 1;
        }
        if let Some(o) = outcome {
            self.counts.attributed[o][i] += 1;
        }
        Ok(())
    }
}

/// Streams the CSV once, binning each incident to its ISO week and cell.
/// Memory holds the counts only, whatever the number of rows: one thread
/// parses the CSV into a few recycled batches of records while this one bins
/// them. `progress` is called with the number of rows and bytes read so far,
/// about every 65,536 rows.
pub fn aggregate(
    input: impl Read + Send,
    settings: &ExportRelease,
    dims: &Dimensions,
    regions: &RegionMatcher,
    mut progress: impl FnMut(u64, u64),
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
    let mut binner = Binner {
        settings,
        regions,
        position,
        region_index: dims
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.as_str(), i))
            .collect(),
        categories: dims.categories.iter().map(|c| c.code.as_bytes()).collect(),
        outcomes: dims.outcomes.iter().map(|o| o.code.as_bytes()).collect(),
        known: HashMap::new(),
        counts: Counts {
            shape,
            measures: std::array::from_fn(|_| vec![0; shape.len()]),
            attributed: vec![vec![0; shape.len()]; dims.outcomes.len()],
        },
        stats: ReadStats::default(),
    };
    std::thread::scope(|scope| {
        let (full, filled) = std::sync::mpsc::sync_channel::<Result<Batch, InputError>>(4);
        let (empty, recycled) = std::sync::mpsc::channel::<Batch>();
        scope.spawn(move || {
            let mut rows = 0u64;
            loop {
                let mut batch = recycled.try_recv().unwrap_or_else(|_| Batch {
                    records: Vec::new(),
                    len: 0,
                    bytes: 0,
                });
                batch.len = 0;
                while batch.len < BATCH {
                    if batch.records.len() == batch.len {
                        batch.records.push(csv::ByteRecord::new());
                    }
                    match reader.read_byte_record(&mut batch.records[batch.len]) {
                        Ok(true) => batch.len += 1,
                        Ok(false) => break,
                        Err(e) => {
                            let row = rows + batch.len as u64 + 2;
                            let reason = e.to_string();
                            let _ = full.send(Err(InputError::Row { row, reason }));
                            return;
                        }
                    }
                }
                rows += batch.len as u64;
                batch.bytes = reader.position().byte();
                // An empty batch ends the input; a failed send means the
                // binning side stopped at an error.
                if batch.len == 0 || full.send(Ok(batch)).is_err() {
                    return;
                }
            }
        });
        for batch in filled {
            let batch = batch?;
            for record in &batch.records[..batch.len] {
                binner.stats.rows += 1;
                binner.add(binner.stats.rows + 1, record)?;
            }
            if binner.stats.rows % 65_536 < BATCH as u64 {
                progress(binner.stats.rows, batch.bytes);
            }
            let _ = empty.send(batch);
        }
        Ok(())
    })?;
    if binner.stats.rows == 0 {
        return Err(InputError::Empty);
    }
    Ok((binner.counts, binner.stats))
}
