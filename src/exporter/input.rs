//! The raw incident CSV: its contract, streaming reader and aggregation.
//!
//! Contract (header row required, column order free, any other column
//! ignored and never stored):
//!
//! | column | content |
//! |---|---|
//! | `id` | the incident's identifier (non-empty, unique; never published) |
//! | `reported_at` | RFC 3339 date-time (`2026-02-03T14:05:00+02:00`) or date (`2026-02-03`) |
//! | `region` | the region as written by the reporter, in any language |
//! | `category` | a category code from `data/dimensions.json` |
//! | `status` | `reported`, `verified`, `referred` or `concluded`: how far along the funnel |
//! | `attribution` | for `concluded`: an outcome code; otherwise empty |
//!
//! The whole input is read in one pass whatever it holds: every problem is
//! collected with its line and column (see [`Problem`]) and the caller
//! decides whether the rows that have one stop the export or are left out.

use super::regions::RegionMatcher;
use super::Dimensions;
use crate::exporter::protect::Shape;
use crate::model::export::ExportRelease;
use crate::model::week::IsoWeek;
use chrono::{DateTime, NaiveDate};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, Read};

/// The only columns the exporter reads.
pub const COLUMNS: [&str; 6] = [
    "id",
    "reported_at",
    "region",
    "category",
    "status",
    "attribution",
];

/// The delimiters tried, in this order, when none is given.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Distinct region spellings remembered with their region; past this many
/// (a hostile or broken input), spellings are looked up each time, so memory
/// stays bounded.
const MAX_KNOWN_SPELLINGS: usize = 65_536;

/// Problems of one kind listed with their line; past this many only counted,
/// so that memory stays bounded on a file that is wrong throughout (a whole
/// history read for one week's release).
pub const MAX_LISTED: u64 = 10_000;

/// A date this many days or more outside the period is called a probable
/// typo (`2202-…`, a year off).
const TYPO_DAYS: i64 = 366;

/// Why the input cannot be read at all (a problem in a row is a
/// [`Problem`] instead, and reading goes on).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("the input is empty: expected a header row with {COLUMNS:?}")]
    Empty,
    #[error("line 1: the header lacks the column {column:?} (required: {COLUMNS:?}); read with the delimiter {delimiter:?}, it has the columns {found:?}{hint}", hint = if *.given { "" } else { "; no delimiter among \",\" \";\" tab \"|\" splits it into the required columns: if the file uses another, name it with --delimiter" })]
    MissingColumn {
        column: &'static str,
        delimiter: char,
        found: Vec<String>,
        /// Whether the delimiter was given with `--delimiter`.
        given: bool,
    },
    #[error("line 1: the header names the column {column:?} twice (columns {first} and {second}): which one holds the data is unclear")]
    RepeatedColumn {
        column: &'static str,
        first: usize,
        second: usize,
    },
    #[error("line {line}: {reason}")]
    Unreadable { line: u64, reason: String },
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

/// The kinds of problem a row can have, in the order the summary lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    Fields,
    Encoding,
    EmptyId,
    Date,
    Status,
    Category,
    Attribution,
    DuplicateId,
    RepeatedRow,
    BeforePeriod,
    AfterPeriod,
}

impl ProblemKind {
    /// The heading of the kind's group in the summary.
    pub fn heading(self) -> &'static str {
        match self {
            ProblemKind::Fields => "rows with another number of fields than the header",
            ProblemKind::Encoding => {
                "cells that are not valid UTF-8 (is the file in another encoding? see --encoding)"
            }
            ProblemKind::EmptyId => "rows without an id",
            ProblemKind::Date => "dates that cannot be read",
            ProblemKind::Status => "unknown statuses",
            ProblemKind::Category => "unknown categories",
            ProblemKind::Attribution => "attributions missing or out of place",
            ProblemKind::DuplicateId => "ids an earlier row already has, with other content",
            ProblemKind::RepeatedRow => "exact copies of an earlier row",
            ProblemKind::BeforePeriod => "dated before --first-week",
            ProblemKind::AfterPeriod => "dated after --last-week or --data-as-of",
        }
    }

    /// Whether the row is left out as outside the period rather than
    /// broken: such rows never stop an export.
    pub fn outside_period(self) -> bool {
        matches!(self, ProblemKind::BeforePeriod | ProblemKind::AfterPeriod)
    }
}

/// A problem in one row: its physical line (as an editor shows it: a quoted
/// field with line breaks moves the rows after it down), the column, the
/// value as written, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub line: u64,
    pub kind: ProblemKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<&'static str>,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(column) => write!(f, "line {}, column {column}: {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// How reading treats rows with a problem.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// The field delimiter; `None` detects it from the header.
    pub delimiter: Option<u8>,
    /// Keep every row left out of the counts (for the quarantine file).
    pub keep_left_out: bool,
    /// Exact copies of an earlier row are dropped instead of being a problem.
    pub collapse_repeats: bool,
    /// The input's size in bytes, if known: the ids are then given room
    /// once, from the rows in the first batch, instead of growing (which
    /// costs time and, while it grows, half as much memory again).
    pub input_bytes: Option<u64>,
    /// Look for repeated ids only once the whole input is read, by sorting
    /// the hashes of the ids (8 bytes an id, written in order), instead of
    /// row by row in a table (16 bytes an id and the table's slack, written
    /// at random: on ten million rows about twice the memory, and the
    /// reading time nearly doubled). A row whose id repeats is then read as
    /// any other, and the result only says that there are such rows
    /// ([`ReadStats::repeated_ids`]): the caller reads the input again
    /// without this option to have them listed and left out. Only for an
    /// input that can be read again, and without
    /// [`ReadOptions::keep_left_out`] or [`ReadOptions::collapse_repeats`],
    /// which decide on each row as it is read.
    pub sort_ids: bool,
}

/// What reading the input found, for the summary.
#[derive(Debug, Clone, Default)]
pub struct ReadStats {
    /// Data rows read (the header not included).
    pub rows: u64,
    /// The delimiter the input was read with, and whether it was detected
    /// rather than the default or given.
    pub delimiter: u8,
    pub delimiter_detected: bool,
    /// Rows with a problem other than their date (see [`Problem`]).
    pub bad_rows: u64,
    /// Well-formed rows dated outside the period.
    pub outside_period: u64,
    /// Well-formed rows inside the period: the counted and the unmapped.
    pub in_period: u64,
    pub unmapped_rows: u64,
    /// Spellings that matched no region, with how often each occurred.
    pub unmapped: BTreeMap<String, u64>,
    /// Exact copies of an earlier row dropped under
    /// [`ReadOptions::collapse_repeats`]; they are listed among the problems.
    pub collapsed: u64,
    /// With [`ReadOptions::sort_ids`]: some ids repeat, and the rows that
    /// have them were read as any other (neither listed nor left out).
    pub repeated_ids: bool,
    /// How many problems of each kind were found.
    pub problem_counts: BTreeMap<ProblemKind, u64>,
    /// The first [`MAX_LISTED`] problems of each kind, in the order of the
    /// input.
    pub problems: Vec<Problem>,
    /// The header, and with [`ReadOptions::keep_left_out`] every row not
    /// counted (bad, outside the period, unmapped), as read.
    pub header: csv::ByteRecord,
    pub left_out: Vec<csv::ByteRecord>,
}

impl ReadStats {
    /// Counts a problem, and lists it unless [`MAX_LISTED`] of its kind are.
    fn note(&mut self, problem: Problem) {
        let count = self.problem_counts.entry(problem.kind).or_default();
        *count += 1;
        if *count <= MAX_LISTED {
            self.problems.push(problem);
        }
    }

    /// The problems grouped by kind, in the order of [`ProblemKind`], each
    /// with how many there are and those listed.
    pub fn by_kind(&self) -> Vec<(ProblemKind, u64, Vec<&Problem>)> {
        self.problem_counts
            .iter()
            .map(|(&kind, &count)| {
                let listed = self.problems.iter().filter(|p| p.kind == kind).collect();
                (kind, count, listed)
            })
            .collect()
    }
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

/// The delimiter that splits `header` (the first line) into every required
/// column, trying the [`DELIMITERS`] in order; `None` if none does.
pub fn detect_delimiter(header: &[u8]) -> Option<u8> {
    let header = header.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(header);
    DELIMITERS.into_iter().find(|&d| {
        let names: Vec<&[u8]> = header
            .split(|&b| b == d)
            .map(|n| {
                let n = n.trim_ascii();
                n.strip_prefix(b"\"")
                    .and_then(|n| n.strip_suffix(b"\""))
                    .unwrap_or(n)
            })
            .collect();
        COLUMNS.iter().all(|c| names.contains(&c.as_bytes()))
    })
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

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Counted,
    /// An exact copy of a counted row, dropped.
    Collapsed,
    LeftOut,
}

/// An id already read, in 8 bytes: the first line it was on (40 bits: a
/// trillion lines) and 24 bits of a hash of that row. The row hash only
/// tells apart rows that share an id, so 24 bits are plenty: a different
/// row taken for an exact copy is a chance in 16 million per repeated id.
#[derive(Debug, Clone, Copy)]
struct Seen(u64);

impl Seen {
    /// The bits of the line; the others hold the row hash's upper bits.
    const LINE: u64 = (1 << 40) - 1;

    fn new(line: u64, row: u64) -> Seen {
        Seen(line.min(Seen::LINE) | row & !Seen::LINE)
    }

    fn line(self) -> u64 {
        self.0 & Seen::LINE
    }

    fn same_row(self, row: u64) -> bool {
        self.0 & !Seen::LINE == row & !Seen::LINE
    }
}

/// The ids read, remembered by a seeded 64-bit hash, not by their text.
/// Two different ids sharing a hash (about one chance in a million for ten
/// million ids) would be reported as a repeat, never counted. foldhash, not
/// the standard SipHash: hashing every row is then a few per cent of the
/// reading time instead of a third.
enum Ids {
    /// Each id with the first row that has it: a repeat is found, listed
    /// and left out as it is read.
    Table(HashMap<u64, Seen, foldhash::fast::RandomState>),
    /// Only the hashes, in the order read, sorted after the pass (see
    /// [`ReadOptions::sort_ids`]).
    Sorted(Vec<u64>),
}

impl Ids {
    fn reserve(&mut self, ids: usize) {
        // Too large a guess is no error: the ids then grow.
        let _ = match self {
            Ids::Table(table) => table.try_reserve(ids).is_ok(),
            Ids::Sorted(hashes) => hashes.try_reserve_exact(ids).is_ok(),
        };
    }
}

/// A well-formed row, read.
struct Row<'r> {
    line: u64,
    time: &'r str,
    date: NaiveDate,
    spelling: &'r str,
    depth: usize,
    category: usize,
    outcome: Option<usize>,
}

/// Everything needed to bin one record into its cell.
struct Binner<'a> {
    settings: &'a ExportRelease,
    regions: &'a RegionMatcher,
    options: ReadOptions,
    // The csv crate counts the line break of a CRLF when it reads the next
    // record, so in a file whose lines end in CRLF (as spreadsheets write
    // them) every record's line is one short: 1 adds it back.
    crlf: u64,
    position: [usize; 6],
    fields: usize,
    first_day: NaiveDate,
    last_day: NaiveDate,
    region_index: HashMap<&'a str, usize>,
    categories: Vec<&'a [u8]>,
    outcomes: Vec<&'a [u8]>,
    // Real inputs repeat a few hundred spellings millions of times: each is
    // folded and looked up once.
    known: HashMap<Vec<u8>, Option<usize>>,
    ids: Ids,
    hasher: foldhash::quality::RandomState,
    counts: Counts,
    stats: ReadStats,
}

impl Binner<'_> {
    fn add(&mut self, record: &csv::ByteRecord) -> Fate {
        let line = record.position().map_or(0, csv::Position::line) + self.crlf;
        let problem = |kind, column, value: &[u8], reason: String| Problem {
            line,
            kind,
            column,
            value: String::from_utf8_lossy(value).into_owned(),
            reason,
        };
        if record.len() != self.fields {
            let row: Vec<&[u8]> = record.iter().collect();
            self.stats.note(problem(
                ProblemKind::Fields,
                None,
                &row.join(&self.stats.delimiter),
                format!(
                    "{} fields where the header has {} (a delimiter or quote too many or too few?)",
                    record.len(),
                    self.fields
                ),
            ));
            self.stats.bad_rows += 1;
            return Fate::LeftOut;
        }
        // The row's problems; a row without any allocates nothing.
        let mut found = Vec::new();
        // A cell that is not UTF-8 is `None`: reported once, as such.
        let mut cells = [None; 6];
        for (i, cell) in cells.iter_mut().enumerate() {
            let bytes = record.get(self.position[i]).unwrap_or_default();
            match std::str::from_utf8(bytes) {
                Ok(text) => *cell = Some(text.trim()),
                Err(e) => found.push(problem(
                    ProblemKind::Encoding,
                    Some(COLUMNS[i]),
                    bytes,
                    format!(
                        "{:?} is not valid UTF-8 ({e})",
                        String::from_utf8_lossy(bytes)
                    ),
                )),
            }
        }
        let [id, time, spelling, category, status, attribution] = cells;
        let mut bad = |kind, column, value: &str, reason: String| {
            found.push(problem(kind, Some(column), value.as_bytes(), reason));
        };
        if id == Some("") {
            bad(ProblemKind::EmptyId, "id", "", "is empty".into());
        }
        let date = time.and_then(parse_time);
        if let (Some(time), None) = (time, date) {
            bad(
                ProblemKind::Date,
                "reported_at",
                time,
                format!("{time:?} is not an RFC 3339 date-time or a YYYY-MM-DD date"),
            );
        }
        let depth = status.and_then(funnel_depth);
        if let (Some(status), None) = (status, depth) {
            bad(
                ProblemKind::Status,
                "status",
                status,
                format!("{status:?} is not one of reported, verified, referred, concluded"),
            );
        }
        let category_index =
            category.and_then(|code| self.categories.iter().position(|c| *c == code.as_bytes()));
        if let (Some(code), None) = (category, category_index) {
            bad(
                ProblemKind::Category,
                "category",
                code,
                format!("{code:?} is not a category code"),
            );
        }
        let outcome =
            attribution.and_then(|code| self.outcomes.iter().position(|o| *o == code.as_bytes()));
        match (depth, attribution) {
            (Some(3), Some(code)) if outcome.is_none() => bad(
                ProblemKind::Attribution,
                "attribution",
                code,
                format!("{code:?} is not an outcome code (a concluded case needs one)"),
            ),
            (Some(0..3), Some(code)) if !code.is_empty() => bad(
                ProblemKind::Attribution,
                "attribution",
                code,
                format!("{code:?} given for a case that is not concluded"),
            ),
            _ => {}
        }
        let (Some(id), Some(time), Some(spelling), Some(date), Some(depth), Some(category), true) = (
            id,
            time,
            spelling,
            date,
            depth,
            category_index,
            found.is_empty(),
        ) else {
            for p in found {
                self.stats.note(p);
            }
            self.stats.bad_rows += 1;
            return Fate::LeftOut;
        };
        let row = Row {
            line,
            time,
            date,
            spelling,
            depth,
            category,
            outcome,
        };
        // The id, then the whole row with the length of each field.
        let mut hash = self.hasher.build_hasher();
        hash.write(id.as_bytes());
        let id_hash = hash.finish();
        let ids = match &mut self.ids {
            Ids::Table(table) => table,
            Ids::Sorted(hashes) => {
                hashes.push(id_hash);
                return self.bin(row);
            }
        };
        hash.write(record.as_slice());
        for field in record {
            hash.write_usize(field.len());
        }
        let row_hash = hash.finish();
        match ids.get(&id_hash) {
            Some(&seen) if seen.same_row(row_hash) => {
                let collapse = self.options.collapse_repeats;
                self.stats.note(problem(
                    ProblemKind::RepeatedRow,
                    Some("id"),
                    id.as_bytes(),
                    format!(
                        "repeats line {} exactly{}",
                        seen.line(),
                        if collapse {
                            ": collapsed into it"
                        } else {
                            " (--collapse-repeats counts such copies once)"
                        }
                    ),
                ));
                if collapse {
                    self.stats.collapsed += 1;
                    return Fate::Collapsed;
                }
                self.stats.bad_rows += 1;
                return Fate::LeftOut;
            }
            Some(&seen) => {
                self.stats.note(problem(
                    ProblemKind::DuplicateId,
                    Some("id"),
                    id.as_bytes(),
                    format!(
                        "{id:?} is the id of line {} too, whose row differs",
                        seen.line()
                    ),
                ));
                self.stats.bad_rows += 1;
                return Fate::LeftOut;
            }
            None => {
                ids.insert(id_hash, Seen::new(line, row_hash));
            }
        }
        self.bin(row)
    }

    /// Bins a well-formed row whose id is new, or leaves it out as outside
    /// the period or with an unknown region.
    fn bin(&mut self, row: Row) -> Fate {
        let Row {
            line,
            time,
            date,
            spelling,
            depth,
            category,
            outcome,
        } = row;
        let problem = |kind, column, value: &[u8], reason: String| Problem {
            line,
            kind,
            column,
            value: String::from_utf8_lossy(value).into_owned(),
            reason,
        };
        let week = IsoWeek::of(date);
        let s = self.settings;
        if date < self.first_day || date > self.last_day {
            let (kind, limit, days) = if date < self.first_day {
                let limit = format!(
                    "before the period, which begins on {} ({})",
                    self.first_day, s.first_week
                );
                (
                    ProblemKind::BeforePeriod,
                    limit,
                    (self.first_day - date).num_days(),
                )
            } else {
                let limit = format!(
                    "after the period, which ends on {} (--last-week {}, --data-as-of {})",
                    self.last_day, s.last_week, s.data_as_of
                );
                (
                    ProblemKind::AfterPeriod,
                    limit,
                    (date - self.last_day).num_days(),
                )
            };
            let typo = if days >= TYPO_DAYS {
                ": more than a year away, a probable typo"
            } else {
                ""
            };
            self.stats.note(problem(
                kind,
                Some("reported_at"),
                time.as_bytes(),
                format!("{time:?} is {limit}{typo}"),
            ));
            self.stats.outside_period += 1;
            return Fate::LeftOut;
        }
        self.stats.in_period += 1;
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
            return Fate::LeftOut;
        };
        let w = s.first_week.count_to(week) as usize - 1;
        let i = self.counts.shape.index(w, region, category);
        for m in self.counts.measures.iter_mut().take(depth + 1) {
            m[i] += 1;
        }
        if let (3, Some(o)) = (depth, outcome) {
            self.counts.attributed[o][i] += 1;
        }
        Fate::Counted
    }
}

/// Streams the CSV once, binning each incident to its ISO week and cell,
/// and collecting every problem on the way. Memory holds the counts, the
/// ids' hashes (to find repeated ones: 8 bytes a row with
/// [`ReadOptions::sort_ids`], 16 bytes a distinct id and the table's slack
/// without) and the problems found:
/// one thread parses the CSV into a few recycled batches of records while
/// this one bins them. `progress` is called with the number of rows and
/// bytes read so far, about every 65,536 rows.
pub fn aggregate(
    mut input: impl BufRead + Send,
    settings: &ExportRelease,
    dims: &Dimensions,
    regions: &RegionMatcher,
    options: ReadOptions,
    mut progress: impl FnMut(u64, u64),
) -> Result<(Counts, ReadStats), InputError> {
    let unreadable = |line: u64| {
        move |e: std::io::Error| InputError::Unreadable {
            line,
            reason: e.to_string(),
        }
    };
    // The header line is read first to find the delimiter, then given back
    // to the CSV reader.
    let mut first_line = Vec::new();
    input
        .read_until(b'\n', &mut first_line)
        .map_err(unreadable(1))?;
    let detected = options
        .delimiter
        .is_none()
        .then(|| detect_delimiter(&first_line))
        .flatten();
    let delimiter = options.delimiter.or(detected).unwrap_or(b',');
    let crlf = u64::from(first_line.ends_with(b"\r\n"));
    let input = std::io::Cursor::new(first_line).chain(input);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(input);
    let headers = reader
        .byte_headers()
        .map_err(|e| InputError::Unreadable {
            line: 1,
            reason: e.to_string(),
        })?
        .clone();
    if headers.is_empty() {
        return Err(InputError::Empty);
    }
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_owned())
        .collect();
    let mut position = [0usize; 6];
    for (slot, column) in position.iter_mut().zip(COLUMNS) {
        let mut at = names
            .iter()
            .enumerate()
            .filter(|(_, n)| *n == column)
            .map(|(i, _)| i);
        *slot = at.next().ok_or_else(|| InputError::MissingColumn {
            column,
            delimiter: char::from(delimiter),
            found: names.clone(),
            given: options.delimiter.is_some(),
        })?;
        if let Some(second) = at.next() {
            return Err(InputError::RepeatedColumn {
                column,
                first: *slot + 1,
                second: second + 1,
            });
        }
    }
    let shape = super::shape_of(settings, dims);
    let last_sunday = settings.last_week.monday() + chrono::Duration::days(6);
    let mut binner = Binner {
        settings,
        regions,
        options,
        crlf,
        position,
        fields: headers.len(),
        first_day: settings.first_week.monday(),
        last_day: last_sunday.min(settings.data_as_of),
        region_index: dims
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.as_str(), i))
            .collect(),
        categories: dims.categories.iter().map(|c| c.code.as_bytes()).collect(),
        outcomes: dims.outcomes.iter().map(|o| o.code.as_bytes()).collect(),
        known: HashMap::new(),
        ids: if options.sort_ids {
            Ids::Sorted(Vec::new())
        } else {
            Ids::Table(HashMap::default())
        },
        hasher: foldhash::quality::RandomState::default(),
        counts: Counts {
            shape,
            measures: std::array::from_fn(|_| vec![0; shape.len()]),
            attributed: vec![vec![0; shape.len()]; dims.outcomes.len()],
        },
        stats: ReadStats {
            delimiter,
            delimiter_detected: detected.is_some_and(|d| d != b','),
            header: headers,
            ..ReadStats::default()
        },
    };
    std::thread::scope(|scope| {
        let (full, filled) = std::sync::mpsc::sync_channel::<Result<Batch, InputError>>(4);
        let (empty, recycled) = std::sync::mpsc::channel::<Batch>();
        scope.spawn(move || loop {
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
                        let line = e.position().map_or(0, csv::Position::line) + crlf;
                        let reason = e.to_string();
                        let _ = full.send(Err(InputError::Unreadable { line, reason }));
                        return;
                    }
                }
            }
            batch.bytes = reader.position().byte();
            // An empty batch ends the input; a failed send means the
            // binning side stopped at an error.
            if batch.len == 0 || full.send(Ok(batch)).is_err() {
                return;
            }
        });
        for batch in filled {
            let batch = batch?;
            if let (0, Some(size)) = (binner.stats.rows, options.input_bytes) {
                let rows = size.saturating_mul(batch.len as u64) / batch.bytes.max(1);
                binner
                    .ids
                    .reserve(usize::try_from(rows).unwrap_or(usize::MAX));
            }
            for record in &batch.records[..batch.len] {
                binner.stats.rows += 1;
                if binner.add(record) == Fate::LeftOut && options.keep_left_out {
                    binner.stats.left_out.push(record.clone());
                }
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
    if let Ids::Sorted(mut hashes) = binner.ids {
        hashes.sort_unstable();
        binner.stats.repeated_ids = hashes.windows(2).any(|pair| pair[0] == pair[1]);
    }
    Ok((binner.counts, binner.stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> ReadStats {
        read_with(csv, ReadOptions::default())
    }

    fn read_with(csv: &str, options: ReadOptions) -> ReadStats {
        let dims: Dimensions = serde_json::from_str(super::super::builtin::DIMENSIONS).unwrap();
        let table = serde_json::from_str(super::super::builtin::SPELLINGS).unwrap();
        let matcher = RegionMatcher::new(&table).unwrap();
        let settings = ExportRelease {
            release_id: "t".into(),
            generated_at: "2026-02-10T00:00:00Z".parse().unwrap(),
            data_as_of: "2026-02-08".parse().unwrap(),
            first_week: "2026-W05".parse().unwrap(),
            last_week: "2026-W06".parse().unwrap(),
            methodology_version: "1.0".into(),
            k: 5,
            sample: false,
            licence: "CC BY 4.0".into(),
            sha256: String::new(),
        };
        aggregate(
            csv.as_bytes(),
            &settings,
            &dims,
            &matcher,
            options,
            |_, _| {},
        )
        .unwrap()
        .1
    }

    #[test]
    fn the_delimiter_is_the_one_that_yields_every_column() {
        assert_eq!(
            detect_delimiter(b"id,reported_at,region,category,status,attribution"),
            Some(b',')
        );
        assert_eq!(
            detect_delimiter(
                b"\xEF\xBB\xBF\"id\";reported_at ;region;category;status;attribution;notes\r"
            ),
            Some(b';')
        );
        assert_eq!(
            detect_delimiter(b"notes\tid\treported_at\tregion\tcategory\tstatus\tattribution"),
            Some(b'\t')
        );
        // A comma inside a column name of a semicolon file is not a delimiter.
        assert_eq!(
            detect_delimiter(b"id;reported_at;region;category;status;attribution;a,b"),
            Some(b';')
        );
        assert_eq!(
            detect_delimiter(b"id;reported_at;regoin;category;status;attribution"),
            None
        );
    }

    #[test]
    fn lines_are_physical_lines() {
        let stats = read(
            "id,reported_at,region,category,status,attribution,notes\r\n\
             a,2026-02-02,Kyiv,mortar,reported,,\"one\r\ntwo\r\nthree\"\r\n\
             b,2026-02-02,Kyiv,mortar,sunk,,\r\n",
        );
        assert_eq!(stats.problems.len(), 1);
        assert_eq!(stats.problems[0].line, 5);
        assert_eq!(
            stats.problems[0].to_string(),
            "line 5, column status: \"sunk\" is not one of reported, verified, referred, concluded"
        );
    }

    /// The period is 2026-01-26 to 2026-02-08: a date a year or more
    /// outside it, either way, is called a probable typo, and each is
    /// listed with its line.
    #[test]
    fn dates_a_year_outside_the_period_are_called_probable_typos() {
        let stats = read(
            "id,reported_at,region,category,status,attribution\n\
             a,2025-01-25,Kyiv,mortar,reported,\n\
             b,2025-01-26,Kyiv,mortar,reported,\n\
             c,2027-02-09,Kyiv,mortar,reported,\n\
             d,2027-02-08T23:00:00+00:00,Kyiv,mortar,reported,\n",
        );
        let typo = ": more than a year away, a probable typo";
        let reasons: Vec<(u64, bool)> = stats
            .problems
            .iter()
            .map(|p| (p.line, p.reason.ends_with(typo)))
            .collect();
        assert_eq!(reasons, [(2, true), (3, false), (4, true), (5, false)]);
        assert_eq!(
            stats.problems[0].to_string(),
            format!("line 2, column reported_at: \"2025-01-25\" is before the period, which begins on 2026-01-26 (2026-W05){typo}")
        );
        assert_eq!(stats.outside_period, 4);
    }

    #[test]
    fn problems_past_the_limit_are_counted_not_listed() {
        let mut csv = String::from("id,reported_at,region,category,status,attribution\n");
        for i in 0..MAX_LISTED + 3 {
            csv += &format!("{i},2025-02-02,Kyiv,mortar,reported,\n");
        }
        csv += "x,2026-02-02,Kyiv,mortar,reported,\n";
        let stats = read(&csv);
        assert_eq!(stats.outside_period, MAX_LISTED + 3);
        assert_eq!(stats.in_period, 1);
        let groups = stats.by_kind();
        assert_eq!(groups.len(), 1);
        let (kind, count, listed) = &groups[0];
        assert_eq!(*kind, ProblemKind::BeforePeriod);
        assert_eq!(*count, MAX_LISTED + 3);
        assert_eq!(listed.len() as u64, MAX_LISTED);
        assert_eq!(listed.last().unwrap().line, MAX_LISTED + 1);
    }

    #[test]
    fn sorted_ids_only_say_that_some_repeat() {
        let csv = "id,reported_at,region,category,status,attribution\n\
                   a,2026-02-02,Kyiv,mortar,reported,\n\
                   b,2026-02-02,Kyiv,mortar,reported,\n\
                   a,2026-02-03,Kyiv,mortar,reported,\n";
        let sorted = ReadOptions {
            sort_ids: true,
            ..ReadOptions::default()
        };
        let stats = read_with(csv, sorted);
        assert!(stats.repeated_ids);
        assert_eq!((stats.bad_rows, stats.in_period), (0, 3));
        assert!(stats.problems.is_empty());
        let stats = read(csv);
        assert!(!stats.repeated_ids);
        assert_eq!((stats.bad_rows, stats.in_period), (1, 2));
        assert_eq!(
            stats.problems[0].to_string(),
            "line 4, column id: \"a\" is the id of line 2 too, whose row differs"
        );
        let csv = &csv[..csv.rfind("a,").unwrap()];
        assert!(!read_with(csv, sorted).repeated_ids);
    }

    #[test]
    fn a_seen_id_keeps_its_line_and_tells_rows_apart() {
        let row = 0xDEAD_BEEF_0123_4567;
        let seen = Seen::new(123_456_789, row);
        assert_eq!(seen.line(), 123_456_789);
        assert!(seen.same_row(row));
        assert!(!seen.same_row(row ^ 1 << 63));
    }
}
