//! Protection of one measure's table against everything ever published:
//! the new release and every archived one, held together by a reader who
//! keeps them all, knows k, and knows that zero is always published (so
//! that every withheld count is at least 1).
//!
//! # Design: no published figure adds up more than one week, unless it is
//! # already determined by published ones
//!
//! A release re-publishes every week since monitoring began, so the
//! difference of a region's total between two releases is that region's
//! count in the new week (plus revisions): totals over many weeks turn into
//! weekly figures by subtraction. Instead of chasing those differences, the
//! exporter publishes:
//!
//! - each cell (week × region × category) and each week's total, withholding
//!   counts from 1 to k − 1 and whatever more this module finds necessary;
//! - a total over weeks (per region, per category, and the grand total) only
//!   when the published figures already determine it, that is when none of
//!   its terms is withheld. Otherwise it is withheld, and the portal shows
//!   the sum of the published terms as "at least".
//!
//! Then every published equation lies within one week, in every release,
//! and weeks are independent: the reader's whole system falls apart into
//! one small system per week (the week's cells and total, as each release
//! published them). A cell whose value did not change between releases is
//! one unknown in all of them (the reader may assume so, and would be
//! right); a changed one is a new unknown.
//!
//! Each week's system is audited exactly by linear programming (integer
//! counts; every withheld count at least 1): every withheld count must have
//! more than one possible value, and one that is small (1 to k − 1) at
//! least k − 1 values, the range the symbol itself admits. A withheld total
//! over weeks is the sum of independent weekly parts: its range is the sum
//! of theirs. Where a week falls short, one more of the new release's
//! published counts in that week is withheld (the smallest whose value was
//! never published before: a value already public hides nothing), and the
//! week is audited again. A count withheld in an earlier release stays
//! withheld while its value is unchanged. Weeks that the new release does
//! not change are not audited again: their system is the same.
//!
//! What it costs: exact totals over weeks wherever one of their cells is
//! withheld (they become lower bounds), and a few more withheld cells in
//! weeks that are sparse or revised. What it buys: protection that holds for
//! any number of releases, checked exactly, in time that grows with the
//! number of weeks revised, not with the length of the series.

use crate::model::count::Count;
use crate::model::protect::{Layout, Protected, Report, Shape};
use crate::model::week::IsoWeek;
use good_lp::{
    default_solver, variable, Expression, ProblemVariables, Solution, SolverModel, Variable,
};
use std::collections::{BTreeMap, BTreeSet};

/// One release's true counts of one measure.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    pub first_week: IsoWeek,
    pub shape: Shape,
    /// `raw[shape.index(w, r, c)]`.
    pub raw: &'a [u32],
}

/// An archived release: its true counts (from the exporter's private
/// state) and what it published.
#[derive(Debug, Clone, Copy)]
pub struct Past<'a> {
    pub table: Table<'a>,
    pub published: &'a Protected,
}

/// Why a release cannot be made safe; it is not published. It names places,
/// never true counts: the message ends up in logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// Archived release `release` (by position, oldest 0) publishes a total
    /// over weeks that its weekly figures do not determine.
    NotWeekly { release: usize, place: Place },
    /// In week `week`, the count at `place` could be narrowed to `values`
    /// possible values, and no count of the new release there could be
    /// withheld to prevent it.
    Exposed {
        week: IsoWeek,
        place: Place,
        values: u64,
    },
}

/// A count of a table, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Cell { region: usize, category: usize },
    WeekTotal,
    Total(Span),
}

impl Blocked {
    /// The refusal for a data team, with region and category codes and the
    /// archived releases' ids.
    pub fn explain(&self, regions: &[String], categories: &[String], ids: &[String]) -> String {
        let code =
            |list: &[String], i: usize| list.get(i).cloned().unwrap_or_else(|| i.to_string());
        let place = |p: Place| match p {
            Place::Cell { region, category } => format!(
                "the count of {} in {}",
                code(categories, category),
                code(regions, region)
            ),
            Place::WeekTotal => "the week's total".into(),
            Place::Total(Span::Region(r)) => {
                format!("the total over weeks of {}", code(regions, r))
            }
            Place::Total(Span::Category(c)) => {
                format!("the total over weeks of {}", code(categories, c))
            }
            Place::Total(Span::All) => "the grand total".into(),
        };
        match *self {
            Blocked::NotWeekly { release, place: p } => format!(
                "archived release {} publishes {}, which its weekly figures do not determine: it was protected one release at a time, and protection across releases cannot vouch for an archive that holds it; start a new archive (a new --out-dir and --state-dir)",
                code(ids, release),
                place(p)
            ),
            Blocked::Exposed { week, place: p, values } => format!(
                "in week {week}, {} could be narrowed to {values} possible value(s) by combining the published releases, and none of this release's counts in that week could be withheld to prevent it (each is zero or already public); nothing was published: look at this week's revisions since the last release",
                place(p)
            ),
        }
    }
}

/// What is known of one week in one release.
#[derive(Debug, Clone)]
struct Week {
    /// True counts: `cells[r * categories + c]`, and the week's total.
    cells: Vec<u64>,
    total: u64,
    hidden_cells: Vec<bool>,
    hidden_total: bool,
}

/// An unknown of a week's system: a position (a cell, or the total as
/// `TOTAL`) with the value it had. Equal positions and values in two
/// releases are one unknown.
type Key = (usize, u64);

const TOTAL: usize = usize::MAX;

/// A sum of a week's counts in one release: the constant part (published
/// terms) and the unknowns.
#[derive(Debug, Clone, Default, PartialEq)]
struct Sum {
    known: u64,
    unknowns: Vec<usize>,
}

/// One week's system over every release that covers it.
#[derive(Debug, Clone)]
struct System {
    keys: Vec<Key>,
    /// Each release's equation: Σ cell unknowns − total unknown = rhs.
    rows: Vec<(Vec<(usize, f64)>, f64)>,
}

impl System {
    fn new(weeks: &[&Week]) -> System {
        let published = published_in(weeks);
        let mut index: BTreeMap<Key, usize> = BTreeMap::new();
        let mut keys = Vec::new();
        let mut unknown = |key: Key| -> usize {
            *index.entry(key).or_insert_with(|| {
                keys.push(key);
                keys.len() - 1
            })
        };
        let mut rows: Vec<(Vec<(usize, f64)>, f64)> = Vec::new();
        for week in weeks {
            let mut terms = Vec::new();
            let mut rhs = 0.0;
            for (p, &v) in week.cells.iter().enumerate() {
                if v > 0 && week.hidden_cells[p] && !published.contains(&(p, v)) {
                    terms.push((unknown((p, v)), 1.0));
                } else {
                    rhs -= v as f64;
                }
            }
            if week.hidden_total && !published.contains(&(TOTAL, week.total)) {
                terms.push((unknown((TOTAL, week.total)), -1.0));
            } else {
                rhs += week.total as f64;
            }
            terms.sort_by_key(|t| t.0);
            if !terms.is_empty() && !rows.iter().any(|r| r.0 == terms && r.1 == rhs) {
                rows.push((terms, rhs));
            }
        }
        System { keys, rows }
    }

    /// The range of `sum`: its smallest and largest possible values (the
    /// largest may be infinite); `None` if the solver failed, which callers
    /// take for no protection at all.
    fn range(&self, sum: &Sum) -> Option<(f64, f64)> {
        let known = sum.known as f64;
        if sum.unknowns.is_empty() {
            return Some((known, known));
        }
        if let [(terms, rhs)] = self.rows.as_slice() {
            if terms.iter().all(|&(_, a)| a > 0.0) {
                // One equation over unknowns of at least 1 each: the rest
                // at 1 gives the largest value; the part at 1 each the
                // smallest, unless it is all of them.
                let (part, all) = (sum.unknowns.len() as f64, terms.len() as f64);
                let low = if part < all { part } else { *rhs };
                return Some((known + low, known + rhs - (all - part)));
            }
        }
        let bound = |maximise: bool| -> Option<f64> {
            let mut vars = ProblemVariables::new();
            let x: Vec<Variable> = self
                .keys
                .iter()
                .map(|_| vars.add(variable().min(1.0)))
                .collect();
            let objective: Expression = sum.unknowns.iter().map(|&u| x[u]).sum();
            let mut problem = if maximise {
                vars.maximise(objective.clone()).using(default_solver)
            } else {
                vars.minimise(objective.clone()).using(default_solver)
            };
            for (terms, rhs) in &self.rows {
                let lhs: Expression = terms.iter().map(|&(u, a)| a * x[u]).sum();
                problem = problem.with(lhs.eq(*rhs));
            }
            match problem.solve() {
                Ok(solution) => Some(solution.eval(&objective)),
                Err(good_lp::ResolutionError::Unbounded) if maximise => Some(f64::INFINITY),
                Err(_) => None,
            }
        };
        Some((known + bound(false)?, known + bound(true)?))
    }

    fn sum(&self, week: &Week, positions: impl Iterator<Item = usize>) -> Sum {
        let mut sum = Sum::default();
        for p in positions {
            let v = week.cells[p];
            match self.keys.iter().position(|&k| k == (p, v)) {
                Some(u) if week.hidden_cells[p] => sum.unknowns.push(u),
                _ => sum.known += v,
            }
        }
        sum
    }
}

/// How many integer values lie in `[low, high]`.
fn values_in((low, high): (f64, f64)) -> u64 {
    if high.is_infinite() {
        return u64::MAX;
    }
    let (low, high) = ((low - 1e-6).ceil(), (high + 1e-6).floor());
    if high < low {
        0
    } else {
        (high - low) as u64 + 1
    }
}

/// How many values a withheld count of true value `v` must be able to take.
fn needed(v: u64, k: u32) -> u64 {
    if v < u64::from(k) {
        u64::from(k.max(3) - 1)
    } else {
        2
    }
}

/// A total over weeks: which cells of a week it adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Region(usize),
    Category(usize),
    All,
}

impl Span {
    fn contains(self, p: usize, categories: usize) -> bool {
        match self {
            Span::Region(r) => p / categories == r,
            Span::Category(c) => p % categories == c,
            Span::All => true,
        }
    }
}

/// Protects `current` against the archived releases `past` (oldest first,
/// each protected by this function in its turn) with threshold `k`.
pub fn protect_series(past: &[Past], current: Table, k: u32) -> Result<Protected, Blocked> {
    let shape = current.shape;
    let per_week = shape.regions * shape.categories;
    let past_weeks: Vec<Vec<Week>> = past
        .iter()
        .map(|p| weeks_of(p.table, Some(p.published)))
        .collect();
    for i in 0..past.len() {
        check_weekly(i, past, &past_weeks)?;
    }
    let mut weeks = weeks_of(current, None);
    let mut report = Report::default();
    // Primary suppression, then what earlier releases withheld at the same
    // value.
    for (w, week) in weeks.iter_mut().enumerate() {
        let date = current.first_week.plus(w as u32);
        let earlier: Vec<&Week> = covering(&past_weeks, past, date);
        for p in 0..per_week {
            let v = week.cells[p];
            if v > 0 && v < u64::from(k) {
                week.hidden_cells[p] = true;
                report.primary += 1;
            } else if v > 0 && earlier.iter().any(|e| e.cells[p] == v && e.hidden_cells[p]) {
                week.hidden_cells[p] = true;
                report.earlier += 1;
            }
        }
        let t = week.total;
        if t > 0 && t < u64::from(k) {
            week.hidden_total = true;
            report.primary += 1;
        } else if t > 0 && earlier.iter().any(|e| e.total == t && e.hidden_total) {
            week.hidden_total = true;
            report.earlier += 1;
        }
    }
    // Each week the new release changes, until its system is safe.
    for (w, week) in weeks.iter_mut().enumerate() {
        let date = current.first_week.plus(w as u32);
        let earlier = covering(&past_weeks, past, date);
        if earlier.last().is_some_and(|e| same_published(e, week)) {
            continue;
        }
        settle(&earlier, week, date, k, shape.categories, &mut report)?;
    }
    // Totals over weeks: published only where the published figures
    // determine them; a withheld one, the new release's or an archived
    // one's, must have room in the union of all releases.
    let spans: Vec<Span> = (0..shape.regions)
        .map(Span::Region)
        .chain((0..shape.categories).map(Span::Category))
        .chain([Span::All])
        .collect();
    let mut hidden_spans = vec![false; spans.len()];
    loop {
        // Weeks the new release publishes differently from the last one.
        let changed: Vec<bool> = weeks
            .iter()
            .enumerate()
            .map(|(w, week)| {
                let date = current.first_week.plus(w as u32);
                covering(&past_weeks, past, date)
                    .last()
                    .is_none_or(|e| !same_published(e, week))
            })
            .collect();
        let mut targets: Vec<(Option<usize>, usize)> =
            (0..spans.len()).map(|s| (None, s)).collect();
        for (i, p) in past.iter().enumerate() {
            let withheld = |s: usize| match spans[s] {
                Span::Region(r) => p.published.by_region[r] == Count::Suppressed,
                Span::Category(c) => p.published.by_category[c] == Count::Suppressed,
                Span::All => p.published.total == Count::Suppressed,
            };
            targets.extend(
                (0..spans.len())
                    .filter(|&s| withheld(s))
                    .map(|s| (Some(i), s)),
            );
        }
        let mut widened = None;
        for (release, s) in targets {
            let span = spans[s];
            let (own, first_week) = match release {
                Some(i) => (&past_weeks[i], past[i].table.first_week),
                None => (&weeks, current.first_week),
            };
            let hidden_in = |week: &Week| match span {
                Span::All => week.hidden_total,
                _ => (0..per_week)
                    .any(|p| span.contains(p, shape.categories) && week.hidden_cells[p]),
            };
            // The new release's own weeks where it can widen.
            let parts: Vec<usize> = own
                .iter()
                .enumerate()
                .filter(|(_, week)| hidden_in(week))
                .filter_map(|(w, _)| {
                    let date = first_week.plus(w as u32);
                    let here = current.first_week.count_to(date).checked_sub(1)? as usize;
                    (here < weeks.len() && (release.is_none() || changed[here])).then_some(here)
                })
                .collect();
            if release.is_none() {
                hidden_spans[s] = !parts.is_empty();
                if parts.is_empty() {
                    continue;
                }
            } else if parts.is_empty() {
                // No week of it changed: its room is what it was.
                continue;
            }
            let value: u64 = own
                .iter()
                .map(|week| span_value(week, span, shape.categories))
                .sum();
            // Room enough for the count is room enough: the weeks the new
            // release changed first, then the others until it is found.
            let enough = needed(value, k) as f64 - 1.0;
            let mut order: Vec<usize> = (0..own.len()).filter(|&w| hidden_in(&own[w])).collect();
            order.sort_by_key(|&w| {
                let here = current.first_week.count_to(first_week.plus(w as u32)) as usize;
                !(here >= 1 && here <= weeks.len() && changed[here - 1])
            });
            let mut room = 0.0;
            let mut failed = false;
            for w in order {
                if room >= enough {
                    break;
                }
                let week = &own[w];
                let date = first_week.plus(w as u32);
                let mut all = covering(&past_weeks, past, date);
                let here = current.first_week.count_to(date).checked_sub(1);
                all.extend(here.and_then(|here| weeks.get(here as usize)));
                let system = System::new(&all);
                let sum = match span {
                    Span::All => total_sum(&system, week),
                    _ => system.sum(
                        week,
                        (0..per_week).filter(|&p| span.contains(p, shape.categories)),
                    ),
                };
                match system.range(&sum) {
                    Some((low, high)) => room += high - low,
                    None => failed = true,
                }
            }
            // A solver failure is neither room nor proof of determination.
            let values = if failed {
                0
            } else {
                values_in((value as f64, value as f64 + room))
            };
            if release.is_none() && values == 1 && (value == 0 || value >= u64::from(k)) {
                // The published figures determine it: publishing it adds
                // nothing, and a withheld count must not be determined.
                hidden_spans[s] = false;
                continue;
            }
            if values < needed(value, k) {
                let freed = parts.iter().copied().find(|&w| {
                    let date = current.first_week.plus(w as u32);
                    let known = published_in(&covering(&past_weeks, past, date));
                    widen(
                        &mut weeks[w],
                        &known,
                        Some(span),
                        shape.categories,
                        &mut report,
                    )
                });
                let Some(w) = freed else {
                    return Err(Blocked::Exposed {
                        week: current.first_week.plus(parts[0] as u32),
                        place: Place::Total(span),
                        values,
                    });
                };
                widened = Some(w);
                break;
            }
        }
        // The widened week must itself be safe again; the others did not
        // change.
        let Some(w) = widened else {
            break;
        };
        let date = current.first_week.plus(w as u32);
        let earlier = covering(&past_weeks, past, date);
        settle(
            &earlier,
            &mut weeks[w],
            date,
            k,
            shape.categories,
            &mut report,
        )?;
    }
    Ok(publish(current, &weeks, &hidden_spans, report))
}

/// Withholds more of `week` until every withheld count of its system (with
/// the same week of the `earlier` releases) has room.
fn settle(
    earlier: &[&Week],
    week: &mut Week,
    date: IsoWeek,
    k: u32,
    categories: usize,
    report: &mut Report,
) -> Result<(), Blocked> {
    loop {
        let mut all = earlier.to_vec();
        all.push(week);
        let Some((short, values)) = first_short(&System::new(&all), k) else {
            return Ok(());
        };
        if !widen(week, &published_in(earlier), None, categories, report) {
            return Err(Blocked::Exposed {
                week: date,
                place: place_of(short, categories),
                values,
            });
        }
    }
}

/// The counts these weeks publish, as (position, value).
fn published_in(weeks: &[&Week]) -> BTreeSet<Key> {
    let mut known = BTreeSet::new();
    for week in weeks {
        for (p, &v) in week.cells.iter().enumerate() {
            if !week.hidden_cells[p] {
                known.insert((p, v));
            }
        }
        if !week.hidden_total {
            known.insert((TOTAL, week.total));
        }
    }
    known
}

/// Withholds the smallest published positive cell of `week` whose value
/// was never published before (outside the span `outside`, when given: a
/// withheld term outside a total frees it); failing that, the week's total.
/// False when neither is possible.
fn widen(
    week: &mut Week,
    known: &BTreeSet<Key>,
    outside: Option<Span>,
    categories: usize,
    report: &mut Report,
) -> bool {
    let fresh = |p: usize, v: u64| v > 0 && !known.contains(&(p, v));
    let cell = (0..week.cells.len())
        .filter(|&p| !week.hidden_cells[p] && fresh(p, week.cells[p]))
        .filter(|&p| outside.is_none_or(|s| !s.contains(p, categories)))
        .min_by_key(|&p| (week.cells[p], p));
    if let Some(p) = cell {
        week.hidden_cells[p] = true;
        report.secondary += 1;
        report.secondary_hidden += week.cells[p];
        return true;
    }
    if !week.hidden_total && fresh(TOTAL, week.total) {
        week.hidden_total = true;
        report.secondary += 1;
        report.secondary_hidden += week.total;
        return true;
    }
    false
}

/// The first withheld count of the system with too little room, and how
/// many values it can take.
fn first_short(system: &System, k: u32) -> Option<(Key, u64)> {
    system.keys.iter().enumerate().find_map(|(u, &key)| {
        let sum = Sum {
            known: 0,
            unknowns: vec![u],
        };
        let values = system.range(&sum).map_or(0, values_in);
        (values < needed(key.1, k)).then_some((key, values))
    })
}

fn total_sum(system: &System, week: &Week) -> Sum {
    match system.keys.iter().position(|&k| k == (TOTAL, week.total)) {
        Some(u) if week.hidden_total => Sum {
            known: 0,
            unknowns: vec![u],
        },
        _ => Sum {
            known: week.total,
            unknowns: Vec::new(),
        },
    }
}

fn span_value(week: &Week, span: Span, categories: usize) -> u64 {
    (0..week.cells.len())
        .filter(|&p| span.contains(p, categories))
        .map(|p| week.cells[p])
        .sum()
}

fn place_of((p, _): Key, categories: usize) -> Place {
    if p == TOTAL {
        Place::WeekTotal
    } else {
        Place::Cell {
            region: p / categories,
            category: p % categories,
        }
    }
}

/// Whether two releases published a week alike: the same values withheld
/// and the same published.
fn same_published(a: &Week, b: &Week) -> bool {
    a.cells == b.cells
        && a.total == b.total
        && a.hidden_cells == b.hidden_cells
        && a.hidden_total == b.hidden_total
}

/// The week `date` of each past release that covers it, oldest first.
fn covering<'w>(past_weeks: &'w [Vec<Week>], past: &[Past], date: IsoWeek) -> Vec<&'w Week> {
    past_weeks
        .iter()
        .zip(past)
        .filter_map(|(weeks, p)| {
            let w = p.table.first_week.count_to(date).checked_sub(1)? as usize;
            weeks.get(w)
        })
        .collect()
}

/// A table cut into weeks; withheld as `published` says, or nothing yet.
fn weeks_of(table: Table, published: Option<&Protected>) -> Vec<Week> {
    let shape = table.shape;
    let per_week = shape.regions * shape.categories;
    (0..shape.weeks)
        .map(|w| {
            let cells: Vec<u64> = table.raw[w * per_week..(w + 1) * per_week]
                .iter()
                .map(|&n| u64::from(n))
                .collect();
            let total = cells.iter().sum();
            let (hidden_cells, hidden_total) = match published {
                Some(p) => (
                    p.cells[w * per_week..(w + 1) * per_week]
                        .iter()
                        .map(|c| *c == Count::Suppressed)
                        .collect(),
                    p.by_week[w] == Count::Suppressed,
                ),
                None => (vec![false; per_week], false),
            };
            Week {
                cells,
                total,
                hidden_cells,
                hidden_total,
            }
        })
        .collect()
}

/// Refuses an archived release that publishes a total over weeks which the
/// published figures up to it do not determine (one protected on its own):
/// it would tie weeks together, and the weekly audit would not see it.
fn check_weekly(i: usize, past: &[Past], past_weeks: &[Vec<Week>]) -> Result<(), Blocked> {
    let p = past[i].published;
    let table = past[i].table;
    let categories = table.shape.categories;
    let spans = (0..table.shape.regions)
        .map(|r| (Span::Region(r), p.by_region[r]))
        .chain((0..categories).map(|c| (Span::Category(c), p.by_category[c])))
        .chain([(Span::All, p.total)]);
    for (span, count) in spans {
        if count == Count::Suppressed {
            continue;
        }
        for (w, week) in past_weeks[i].iter().enumerate() {
            let hidden = match span {
                Span::All => week.hidden_total,
                _ => (0..week.cells.len())
                    .any(|q| span.contains(q, categories) && week.hidden_cells[q]),
            };
            if !hidden {
                continue;
            }
            let date = table.first_week.plus(w as u32);
            let all = covering(&past_weeks[..=i], &past[..=i], date);
            let system = System::new(&all);
            let sum = match span {
                Span::All => total_sum(&system, week),
                _ => system.sum(
                    week,
                    (0..week.cells.len()).filter(|&q| span.contains(q, categories)),
                ),
            };
            if system.range(&sum).map(values_in) != Some(1) {
                return Err(Blocked::NotWeekly {
                    release: i,
                    place: Place::Total(span),
                });
            }
        }
    }
    Ok(())
}

/// The release as published.
fn publish(table: Table, weeks: &[Week], hidden_spans: &[bool], report: Report) -> Protected {
    let shape = table.shape;
    let count = |v: u64, hidden: bool| {
        if hidden {
            Count::Suppressed
        } else {
            Count::Value(u32::try_from(v).unwrap_or(u32::MAX))
        }
    };
    let values = Layout::new(shape).values(table.raw);
    let layout = Layout::new(shape);
    let (regions, categories) = (shape.regions, shape.categories);
    Protected {
        cells: weeks
            .iter()
            .flat_map(|week| {
                week.cells
                    .iter()
                    .zip(&week.hidden_cells)
                    .map(|(&v, &h)| count(v, h))
            })
            .collect(),
        by_week: weeks
            .iter()
            .map(|w| count(w.total, w.hidden_total))
            .collect(),
        by_region: (0..regions)
            .map(|r| count(values[layout.regions().start + r], hidden_spans[r]))
            .collect(),
        by_category: (0..categories)
            .map(|c| {
                count(
                    values[layout.categories().start + c],
                    hidden_spans[regions + c],
                )
            })
            .collect(),
        total: count(values[layout.total()], hidden_spans[regions + categories]),
        report,
    }
}
