//! What an export run did, as one value: the exporter prints it as text and
//! writes it as JSON (`--summary-json`), so the two always say the same.

use super::input::{Problem, ProblemKind, ReadStats, MAX_LISTED};
use super::regions::{NonRegion, RegionMatcher};
use crate::exporter::protect::Report;
use crate::model::archive::LeftOut;
use crate::model::week::IsoWeek;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Problems of one kind listed in the text summary; the JSON lists all.
pub const TEXT_LIST: usize = 50;

/// Unmapped spellings listed in the message of a run stopped for too many
/// of them; the summary lists all.
pub const MESSAGE_LIST: usize = 20;

/// One export run, as far as it got (`error` says where it stopped).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub release_id: String,
    pub input: Input,
    /// How long reading took and what it found (`None` if the input could
    /// not be read).
    pub read_seconds: f64,
    pub rows: Option<Rows>,
    /// Every problem, grouped by kind in the order of [`ProblemKind`].
    pub problems: Vec<Group>,
    /// Region spellings the table lacks, most frequent first.
    pub unmapped: Vec<Unmapped>,
    /// Unmapped rows as a share of the well-formed rows in the period, and
    /// the limit (`--max-unmapped`).
    pub unmapped_share: f64,
    pub max_unmapped: f64,
    /// Incidents counted before protection, per measure.
    pub counted: Option<Funnel>,
    pub protection: Option<ProtectionSummary>,
    pub quarantine: Option<Quarantine>,
    /// What the release's entry in the archive index says it leaves out
    /// (`left_out` in `releases.json`).
    pub left_out: Option<LeftOut>,
    /// Files written: the public ones, in the output folder.
    pub files: Vec<Written>,
    /// The archive index and how many releases it holds.
    pub archive: Option<Archive>,
    /// The exit code, and the message of the error that stopped the run.
    pub exit_code: u8,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Input {
    /// The input file, or `-` for standard input.
    pub path: String,
    pub encoding: String,
    /// The delimiter read with (`None` before the header was read).
    pub delimiter: Option<String>,
    /// Whether the delimiter was detected (the header did not split at commas).
    pub delimiter_detected: bool,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Rows {
    /// Data rows read, the header not included.
    pub read: u64,
    pub counted: u64,
    /// Rows with a problem other than their date (each listed).
    pub bad: u64,
    /// Well-formed rows dated outside the period (each listed).
    pub outside_period: u64,
    /// Well-formed rows in the period whose region is not recognised.
    pub unmapped: u64,
    /// Exact copies of an earlier row counted once (`--collapse-repeats`).
    pub collapsed: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub kind: ProblemKind,
    pub heading: &'static str,
    pub count: u64,
    /// The first [`MAX_LISTED`] of them.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unmapped {
    pub spelling: String,
    pub rows: u64,
    /// What the spelling looks like if it names no region (see
    /// [`RegionMatcher::non_region`]): such a name belongs in no table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub looks_like: Option<NonRegion>,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>8}  {:?}", self.rows, self.spelling)?;
        match self.looks_like {
            Some(kind) => write!(f, ": looks like {kind}, no region; leave it unmapped"),
            None => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Funnel {
    pub reported: u64,
    pub verified: u64,
    pub referred: u64,
    pub concluded: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ProtectionSummary {
    pub seconds: f64,
    pub k: u32,
    pub cells_per_measure: usize,
    pub archived_releases: usize,
    /// Per measure and per attribution outcome (`outcome russia`, …).
    pub withheld: BTreeMap<String, Report>,
    /// Older weeks that keep the last release's figures until their
    /// monthly revision.
    pub revisions_held: usize,
    /// Weeks whose revision was deferred (publishing it would narrow a
    /// withheld count).
    pub revisions_deferred: Vec<IsoWeek>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quarantine {
    pub file: String,
    pub rows: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// At the stable name, and in the archive.
    pub path: String,
    pub archived: String,
    pub bytes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Archive {
    pub index: String,
    pub releases: usize,
}

impl Summary {
    /// Takes what reading found: the rows, every problem and the unmapped
    /// spellings (with what `matcher` says they look like).
    pub fn read(&mut self, stats: &ReadStats, counted: u64, seconds: f64, matcher: &RegionMatcher) {
        self.read_seconds = seconds;
        self.input.delimiter = Some(match stats.delimiter {
            b'\t' => "tab".into(),
            d => char::from(d).to_string(),
        });
        self.input.delimiter_detected = stats.delimiter_detected;
        self.rows = Some(Rows {
            read: stats.rows,
            counted,
            bad: stats.bad_rows,
            outside_period: stats.outside_period,
            unmapped: stats.unmapped_rows,
            collapsed: stats.collapsed,
        });
        self.problems = stats
            .by_kind()
            .into_iter()
            .map(|(kind, count, listed)| Group {
                kind,
                heading: kind.heading(),
                count,
                problems: listed.into_iter().cloned().collect(),
            })
            .collect();
        let mut unmapped: Vec<Unmapped> = stats
            .unmapped
            .iter()
            .map(|(spelling, &rows)| Unmapped {
                spelling: spelling.clone(),
                rows,
                looks_like: matcher.non_region(spelling),
            })
            .collect();
        unmapped.sort_by_key(|u| std::cmp::Reverse(u.rows));
        self.unmapped = unmapped;
        self.unmapped_share = if stats.in_period == 0 {
            0.0
        } else {
            stats.unmapped_rows as f64 / stats.in_period as f64
        };
    }

    /// Why a run stops when more than `--max-unmapped` of the rows in the
    /// period name a region the spelling table (`table`) lacks: the most
    /// frequent spellings with their rows, which of them look like no
    /// region (never to be added to a table), and what to do.
    pub fn too_many_unmapped(&self, table: &str) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_too_many_unmapped(&mut out, table);
        out
    }

    fn write_too_many_unmapped(&self, out: &mut String, table: &str) -> std::fmt::Result {
        write!(
            out,
            "{:.2} % of the rows in the period name a region the spelling table lacks (limit {:.2} %):",
            self.unmapped_share * 100.0,
            self.max_unmapped * 100.0
        )?;
        for u in self.unmapped.iter().take(MESSAGE_LIST) {
            write!(out, "\n  {u}")?;
        }
        let rest = &self.unmapped[self.unmapped.len().min(MESSAGE_LIST)..];
        if !rest.is_empty() {
            let rows: u64 = rest.iter().map(|u| u.rows).sum();
            write!(
                out,
                "\n  … and {} more spellings in {rows} rows (the summary lists every one)",
                rest.len()
            )?;
        }
        if self.unmapped.iter().any(|u| u.looks_like.is_none()) {
            write!(
                out,
                "\nAdd the spellings that name a region to {table} and run again."
            )?;
        }
        write!(out, "\nA name that is no region (the country, a sea, a city other than Kyiv and Sevastopol, a place abroad, an empty cell) belongs in no table: correct those rows, or leave them out with a higher --max-unmapped.")
    }

    /// The summary as the exporter prints it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) -> std::fmt::Result {
        let Some(r) = &self.rows else {
            return Ok(());
        };
        writeln!(
            out,
            "exporter: read {} rows in {:.2} s from {} ({}, delimiter {:?}{})",
            r.read,
            self.read_seconds,
            self.input.path,
            self.input.encoding,
            self.input.delimiter.as_deref().unwrap_or_default(),
            if self.input.delimiter_detected {
                ", detected"
            } else {
                ""
            }
        )?;
        writeln!(
            out,
            "  counted {}; left out: {} with problems, {} outside the period, {} with an unknown region; {} exact copies collapsed",
            r.counted, r.bad, r.outside_period, r.unmapped, r.collapsed
        )?;
        for group in &self.problems {
            writeln!(out, "  {}: {}", group.heading, group.count)?;
            for p in group.problems.iter().take(TEXT_LIST) {
                writeln!(out, "    {p}")?;
            }
            let listed = group.problems.len();
            if group.count > TEXT_LIST as u64 {
                writeln!(
                    out,
                    "    … and {} more (--summary-json lists {})",
                    group.count - TEXT_LIST as u64,
                    if group.count > MAX_LISTED {
                        format!("the first {listed}")
                    } else {
                        "every one".to_owned()
                    }
                )?;
            }
        }
        writeln!(
            out,
            "  region not recognised: {} rows ({:.2} % of the rows in the period, limit {:.2} %)",
            r.unmapped,
            self.unmapped_share * 100.0,
            self.max_unmapped * 100.0
        )?;
        for u in &self.unmapped {
            writeln!(out, "    {u}")?;
        }
        if let Some(c) = self.counted {
            writeln!(
                out,
                "  counted before protection: reported {}, verified {}, referred {}, concluded {}",
                c.reported, c.verified, c.referred, c.concluded
            )?;
        }
        if let Some(p) = &self.protection {
            writeln!(
                out,
                "  cells per measure: {}, k = {}; protected against {} archived release(s) in {:.1} s",
                p.cells_per_measure, p.k, p.archived_releases, p.seconds
            )?;
            for (name, report) in &p.withheld {
                writeln!(
                    out,
                    "    {name:<24} withheld {:>6} small (primary), {:>6} more (secondary), {:>6} as an earlier release withheld them: {} incidents hidden",
                    report.primary, report.secondary, report.earlier, report.hidden
                )?;
            }
            if p.revisions_held > 0 {
                writeln!(
                    out,
                    "  revisions held: {} older weeks keep the figures of the last release until their monthly revision (the latest {} weeks are revised every week, older ones when their age in weeks is a multiple of {})",
                    p.revisions_held,
                    super::series::FRESH_WEEKS,
                    super::series::REVISION_CYCLE
                )?;
            }
            if !p.revisions_deferred.is_empty() {
                let weeks: Vec<String> = p
                    .revisions_deferred
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                writeln!(
                    out,
                    "  revisions deferred: {} keep the figures of the last release (publishing their revision now would narrow a withheld count; a later release publishes it)",
                    weeks.join(", ")
                )?;
            }
        }
        if let Some(q) = &self.quarantine {
            writeln!(
                out,
                "  quarantined: {} rows left out of the release written unchanged to {} (keep it private: it holds raw rows)",
                q.rows, q.file
            )?;
        }
        if let Some(l) = &self.left_out {
            writeln!(
                out,
                "  the release says it leaves out {} rows with problems and {} with an unknown region (how many, never which: left_out in its entry of releases.json)",
                l.with_problems, l.unknown_region
            )?;
        }
        for w in &self.files {
            writeln!(
                out,
                "  wrote {} and {} ({} bytes)",
                w.path, w.archived, w.bytes
            )?;
        }
        if let Some(a) = &self.archive {
            writeln!(out, "  archive: {} releases in {}", a.releases, a.index)?;
        }
        Ok(())
    }
}
