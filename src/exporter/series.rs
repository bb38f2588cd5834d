//! Protection of a release against everything ever published: the new
//! release and every archived one, held together by a reader who keeps them
//! all, knows k, knows that zero is always published (so that every withheld
//! count is at least 1), and knows how the counts hang together: in each
//! cell, reported ≥ verified ≥ referred ≥ concluded, the outcomes of a week's
//! concluded cases add up to them, and open cases are referred minus
//! concluded ones.
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
//! - for each measure, each cell (week × region × category) and each week's
//!   total, and each week's count of every attribution outcome, withholding
//!   counts from 1 to k − 1 and whatever more this module finds necessary;
//! - a figure over several weeks (a measure's or an outcome's total per
//!   region, per category or overall; open cases by age band, which add up
//!   the weeks of the band) only when the published figures already
//!   determine it. Otherwise it is withheld, and the portal shows what the
//!   published terms give as "at least".
//!
//! Then every published equation lies within one week, in every release,
//! and weeks are independent: the reader's whole system falls apart into
//! one small system per week (every measure's cells and total, the
//! outcomes, the funnel's inequalities, as each release published them). A
//! count whose value did not change between releases is one unknown in all
//! of them (the reader may assume so, and would be right); a changed one is
//! a new unknown.
//!
//! Each week's system is audited exactly by linear programming (every
//! withheld count at least 1): every withheld count must have more than one
//! possible value, and one that is small (1 to k − 1) at least k − 1 values,
//! the range the symbol itself admits. A withheld figure over weeks is the
//! sum of independent weekly parts: its range is the sum of theirs (an
//! outcome's share of a cell is a count the reader never sees, bounded by
//! the cell's concluded cases and the outcome's weekly count). Where a week
//! falls short, one more of the new release's published counts in that week
//! is withheld (of the few cheapest whose value was never published before,
//! the first that gives room: a value already public hides nothing; failing
//! those, one that the shortest run of the cheapest giving room together
//! cannot do without), and the week is audited again. A count withheld in
//! an earlier release stays withheld while its value is unchanged. Weeks
//! that the new release does not change are not audited again: their system
//! is the same. Older weeks are revised in monthly batches ([`revised`]),
//! which bounds how many versions of a week the reader holds.
//!
//! What it costs: exact figures over weeks wherever one of their weekly
//! terms is withheld (they become lower bounds), and a few more withheld
//! counts in weeks that are sparse or revised. What it buys: protection that
//! holds for any number of releases, checked exactly, in time that grows
//! with the number of weeks revised, not with the length of the series.

use crate::exporter::protect::{Protected, Report, Shape};
use crate::model::count::Count;
use crate::model::week::IsoWeek;
use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOutcome, Variable};
use std::collections::{BTreeMap, BTreeSet};

/// The measures of the funnel, in its order: reported, verified, referred,
/// concluded.
pub const FUNNEL: usize = 4;
const REFERRED: usize = 2;
const CONCLUDED: usize = 3;

/// One release's true counts.
#[derive(Debug, Clone, Copy)]
pub struct Release<'a> {
    pub first_week: IsoWeek,
    pub shape: Shape,
    /// Each measure over the cells (`shape.index`); in every cell each is
    /// at most the one before it.
    pub measures: [&'a [u32]; FUNNEL],
    /// Concluded cases per attribution outcome over the cells; in each cell
    /// they add up to the concluded count.
    pub outcomes: &'a [Vec<u32>],
    /// The age band of each week's open cases (see
    /// [`crate::model::age::week_bands`]), of `bands`.
    pub week_bands: &'a [usize],
    pub bands: usize,
}

/// What a release publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub measures: [Protected; FUNNEL],
    /// Each outcome's margins (its `cells` are empty).
    pub outcomes: Vec<Protected>,
    /// Open cases per band: per region, and in total.
    pub open_by_region: Vec<Vec<Count>>,
    pub open_total: Vec<Count>,
    /// Past weeks whose revision waits for a later release: they keep the
    /// figures of the latest archived release (see [`as_published`]).
    pub deferred: Vec<IsoWeek>,
}

/// An archived release: its true counts (from the exporter's private
/// state) and what it published.
#[derive(Debug, Clone, Copy)]
pub struct Past<'a> {
    pub release: Release<'a>,
    pub published: &'a Published,
}

/// A figure over weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// A measure's total per region, per category or overall.
    Measure(usize, Span),
    /// An outcome's total per region, per category or overall.
    Outcome(usize, Span),
    /// Open cases of an age band, in a region or in all.
    Open { band: usize, region: Option<usize> },
}

/// Which cells of a week a total adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Region(usize),
    Category(usize),
    All,
}

/// A count, by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Cell {
        measure: usize,
        region: usize,
        category: usize,
    },
    WeekTotal(usize),
    /// A week's count of one outcome.
    Outcome(usize),
    Total(Total),
}

/// Why a release cannot be made safe; it is not published. It names places,
/// never true counts: the message ends up in logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// Archived release `release` (by position, oldest 0) publishes a
    /// figure over weeks that its weekly figures do not determine.
    NotWeekly { release: usize, total: Total },
    /// In week `week`, the count at `place` could be narrowed to `values`
    /// possible values, and no count of the new release there could be
    /// withheld to prevent it.
    Exposed {
        week: IsoWeek,
        place: Place,
        values: u64,
    },
}

/// The codes a refusal names places with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    pub measures: &'a [String],
    pub regions: &'a [String],
    pub categories: &'a [String],
    pub outcomes: &'a [String],
    pub bands: &'a [String],
    /// The archived releases' ids, oldest first.
    pub releases: &'a [String],
}

impl Blocked {
    /// The refusal for a data team, with codes and the archived releases'
    /// ids.
    pub fn explain(&self, names: &Names) -> String {
        let code =
            |list: &[String], i: usize| list.get(i).cloned().unwrap_or_else(|| i.to_string());
        let span = |s: Span| match s {
            Span::Region(r) => format!(" in {}", code(names.regions, r)),
            Span::Category(c) => format!(" of type {}", code(names.categories, c)),
            Span::All => String::new(),
        };
        let total = |t: Total| match t {
            Total::Measure(m, s) => format!("the total of {}{}", code(names.measures, m), span(s)),
            Total::Outcome(o, s) => format!(
                "the total of concluded cases with outcome {}{}",
                code(names.outcomes, o),
                span(s)
            ),
            Total::Open { band, region } => format!(
                "the open cases of age {}{}",
                code(names.bands, band),
                region.map_or(String::new(), |r| format!(" in {}", code(names.regions, r)))
            ),
        };
        let place = |p: Place| match p {
            Place::Cell {
                measure,
                region,
                category,
            } => format!(
                "the {} count of {} in {}",
                code(names.measures, measure),
                code(names.categories, category),
                code(names.regions, region)
            ),
            Place::WeekTotal(m) => format!("the week's total of {}", code(names.measures, m)),
            Place::Outcome(o) => format!(
                "the week's concluded cases with outcome {}",
                code(names.outcomes, o)
            ),
            Place::Total(t) => total(t),
        };
        match *self {
            Blocked::NotWeekly { release, total: t } => format!(
                "archived release {} publishes {}, which its weekly figures do not determine: it was protected one release at a time, and protection across releases cannot vouch for an archive that holds it; start a new archive (a new --out-dir and --state-dir)",
                code(names.releases, release),
                total(t)
            ),
            Blocked::Exposed { week, place: p, values } => format!(
                "in week {week}, {} could be narrowed to {values} possible value(s) by combining the published releases, and none of this release's counts in that week could be withheld to prevent it (each is zero or already public); nothing was published: look at this week's revisions since the last release",
                place(p)
            ),
        }
    }
}

/// Where a week's counts sit in one index space: every measure's cells and
/// total, the outcomes' counts, then the counts no release publishes (each
/// outcome's concluded cases per region and per category), which the reader
/// can only bound.
#[derive(Debug, Clone, Copy)]
struct Grid {
    regions: usize,
    categories: usize,
    outcomes: usize,
}

impl Grid {
    fn cells(self) -> usize {
        self.regions * self.categories
    }

    fn cell(self, m: usize, p: usize) -> usize {
        m * (self.cells() + 1) + p
    }

    fn total(self, m: usize) -> usize {
        self.cell(m, self.cells())
    }

    fn outcome(self, o: usize) -> usize {
        FUNNEL * (self.cells() + 1) + o
    }

    /// How many published counts a week has.
    fn published(self) -> usize {
        self.outcome(self.outcomes)
    }

    /// Outcome `o`'s concluded cases in cell `p`: never published, an
    /// unknown of the reader's.
    fn split(self, o: usize, p: usize) -> usize {
        self.published() + o * self.cells() + p
    }

    fn len(self) -> usize {
        self.split(self.outcomes, 0)
    }

    /// The cell of an outcome's share, `None` for a published position.
    fn cell_of_split(self, pos: usize) -> Option<usize> {
        Some(pos.checked_sub(self.published())? % self.cells())
    }

    /// The measure of a published position, `None` for an outcome.
    fn measure(self, pos: usize) -> Option<usize> {
        (pos < self.outcome(0)).then(|| pos / (self.cells() + 1))
    }

    fn place(self, pos: usize) -> Place {
        match self.measure(pos) {
            Some(m) => match pos % (self.cells() + 1) {
                p if p == self.cells() => Place::WeekTotal(m),
                p => Place::Cell {
                    measure: m,
                    region: p / self.categories,
                    category: p % self.categories,
                },
            },
            None => Place::Outcome(pos - self.outcome(0)),
        }
    }

    fn span_cells(self, span: Span) -> Vec<usize> {
        (0..self.cells())
            .filter(|&p| match span {
                Span::Region(r) => p / self.categories == r,
                Span::Category(c) => p % self.categories == c,
                Span::All => true,
            })
            .collect()
    }

    /// The positions `at` gives the cells of `span`, each counted once.
    fn span_terms(self, span: Span, at: impl Fn(usize) -> usize) -> Vec<(usize, f64)> {
        self.span_cells(span)
            .into_iter()
            .map(|p| (at(p), 1.0))
            .collect()
    }

    /// A total's terms in one week, with their signs.
    fn terms(self, total: Total) -> Vec<(usize, f64)> {
        match total {
            Total::Measure(m, Span::All) => vec![(self.total(m), 1.0)],
            Total::Measure(m, span) => self.span_terms(span, |p| self.cell(m, p)),
            Total::Outcome(o, Span::All) => vec![(self.outcome(o), 1.0)],
            Total::Outcome(o, span) => self.span_terms(span, |p| self.split(o, p)),
            Total::Open { region: None, .. } => {
                vec![(self.total(REFERRED), 1.0), (self.total(CONCLUDED), -1.0)]
            }
            Total::Open {
                region: Some(r), ..
            } => self
                .span_cells(Span::Region(r))
                .into_iter()
                .flat_map(|p| {
                    [
                        (self.cell(REFERRED, p), 1.0),
                        (self.cell(CONCLUDED, p), -1.0),
                    ]
                })
                .collect(),
        }
    }

    /// The counts to withhold, most useful first, when a total has too
    /// little room in a week; every published count of the week is in it.
    fn widening(self, total: Total, week: &Week) -> Vec<usize> {
        let by_value = |mut list: Vec<usize>| {
            list.sort_by_key(|&pos| (week.values[pos], pos));
            list
        };
        let cells = |m: usize, inside: Option<Span>, want: bool| {
            let span = inside.map(|s| self.span_cells(s));
            by_value(
                (0..self.cells())
                    .filter(|p| span.as_ref().is_none_or(|s| s.contains(p) == want))
                    .map(|p| self.cell(m, p))
                    .collect(),
            )
        };
        let outcomes = by_value((0..self.outcomes).map(|o| self.outcome(o)).collect());
        let mut order = Vec::new();
        match total {
            // The span's own terms add up to the same when its complement
            // is public: a term outside it is what frees it.
            // Through the funnel, the neighbouring measures bound it too:
            // then their terms outside it free it, nearest first.
            Total::Measure(m, span) => {
                let mut measures: Vec<usize> = (0..FUNNEL).collect();
                measures.sort_by_key(|&n| n.abs_diff(m));
                for n in measures {
                    order.extend(cells(n, Some(span), false));
                    order.push(self.total(n));
                }
            }
            Total::Outcome(..) => {
                order.extend(outcomes);
                order.extend(cells(CONCLUDED, None, true));
                order.push(self.total(CONCLUDED));
            }
            Total::Open { region, .. } => {
                let span = region.map(Span::Region);
                for m in [REFERRED, CONCLUDED] {
                    if span.is_some() {
                        order.extend(cells(m, span, true));
                    }
                }
                for m in [REFERRED, CONCLUDED] {
                    order.extend(cells(m, span, false));
                }
                order.extend([self.total(REFERRED), self.total(CONCLUDED)]);
            }
        }
        // Failing those, the cheapest of the rest of the week.
        let rest: Vec<usize> = (0..self.published())
            .filter(|q| !order.contains(q))
            .collect();
        order.extend(by_value(rest));
        order
    }

    /// The counts to withhold, most useful first, when the count at `pos`
    /// has too little room: the cheapest of its own measure (concluded
    /// cases and outcomes together: they share the week's total), then the
    /// cheapest of all.
    fn settling(self, pos: usize, week: &Week) -> Vec<usize> {
        let by_value = |mut list: Vec<usize>| {
            list.sort_by_key(|&q| (week.values[q], q));
            list
        };
        let measure = |m: usize| by_value((0..=self.cells()).map(|p| self.cell(m, p)).collect());
        let outcomes = by_value((0..self.outcomes).map(|o| self.outcome(o)).collect());
        // Concluded cases and their outcomes share the week's total.
        let mut order = match self.measure(pos) {
            None => [outcomes, measure(CONCLUDED)].concat(),
            Some(CONCLUDED) => [measure(CONCLUDED), outcomes].concat(),
            Some(m) => measure(m),
        };
        let rest: Vec<usize> = (0..self.published())
            .filter(|q| !order.contains(q))
            .collect();
        order.extend(by_value(rest));
        order
    }
}

/// What is known of one week in one release: true values in the grid's
/// index space, and which published positions are withheld.
#[derive(Debug, Clone)]
struct Week {
    values: Vec<u64>,
    hidden: Vec<bool>,
}

impl Week {
    /// Whether the reader can read the terms straight off the published
    /// figures: every term published, or (for an outcome's share of a
    /// cell) no concluded case there to share, which the published zero
    /// says.
    fn known(&self, grid: Grid, terms: &[(usize, f64)]) -> bool {
        terms.iter().all(|&(pos, _)| self.plain(grid, pos))
    }

    /// Whether the count at `pos` is published, or an outcome's share of a
    /// cell without concluded cases.
    fn plain(&self, grid: Grid, pos: usize) -> bool {
        match grid.cell_of_split(pos) {
            Some(p) => self.values[grid.cell(CONCLUDED, p)] == 0,
            None => !self.hidden[pos],
        }
    }

    fn value(&self, terms: &[(usize, f64)]) -> i64 {
        terms
            .iter()
            .map(|&(pos, a)| a as i64 * self.values[pos] as i64)
            .sum()
    }
}

/// An unknown of a week's system: a position with the value it had. Equal
/// positions and values in two releases are one unknown.
type Key = (usize, u64);

/// A linear combination of a week's counts in one release: the constant
/// part (published terms) and the unknowns with their coefficients.
#[derive(Debug, Clone, Default)]
struct Sum {
    known: f64,
    unknowns: Vec<(usize, f64)>,
}

/// Σ terms = rhs, or Σ terms ≥ rhs, in whole numbers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    terms: Vec<(usize, i64)>,
    rhs: i64,
    equal: bool,
}

/// One week's system over every release that covers it.
#[derive(Debug, Clone)]
struct System {
    grid: Grid,
    keys: Vec<Key>,
    index: BTreeMap<Key, usize>,
    rows: Vec<Row>,
    /// The rows, to add each only once.
    seen: BTreeSet<Row>,
    /// Each unknown's bounds, from the rows with it alone.
    bounds: Vec<(f64, f64)>,
}

impl System {
    /// The system of `weeks`.
    fn new(grid: Grid, weeks: &[&Week]) -> System {
        let public = published_in(weeks);
        let mut system = System {
            grid,
            keys: Vec::new(),
            index: BTreeMap::new(),
            rows: Vec::new(),
            seen: BTreeSet::new(),
            bounds: Vec::new(),
        };
        let cells = grid.cells();
        for week in weeks {
            let mut rows: Vec<(Vec<(usize, f64)>, bool)> = Vec::new();
            for m in 0..FUNNEL {
                let mut row: Vec<(usize, f64)> =
                    (0..cells).map(|p| (grid.cell(m, p), 1.0)).collect();
                row.push((grid.total(m), -1.0));
                rows.push((row, true));
            }
            if grid.outcomes > 0 {
                let mut row: Vec<(usize, f64)> =
                    (0..grid.outcomes).map(|o| (grid.outcome(o), 1.0)).collect();
                row.push((grid.total(CONCLUDED), -1.0));
                rows.push((row, true));
            }
            for m in 1..FUNNEL {
                for p in 0..cells {
                    rows.push((
                        vec![(grid.cell(m - 1, p), 1.0), (grid.cell(m, p), -1.0)],
                        false,
                    ));
                }
            }
            // Each outcome's shares of the cells add up to its weekly
            // count; the outcomes' shares of a cell, to its concluded cases.
            for o in 0..grid.outcomes {
                let mut row: Vec<(usize, f64)> =
                    (0..cells).map(|p| (grid.split(o, p), 1.0)).collect();
                row.push((grid.outcome(o), -1.0));
                rows.push((row, true));
            }
            for p in 0..cells {
                if grid.outcomes > 0 {
                    let mut row: Vec<(usize, f64)> = (0..grid.outcomes)
                        .map(|o| (grid.split(o, p), 1.0))
                        .collect();
                    row.push((grid.cell(CONCLUDED, p), -1.0));
                    rows.push((row, true));
                }
            }
            for (terms, equal) in rows {
                system.add(week, &public, &terms, equal);
            }
        }
        system.bound();
        system
    }

    /// Adds `Σ terms = 0` (or `≥ 0`) of one week, with its published terms
    /// moved to the right-hand side.
    fn add(&mut self, week: &Week, public: &BTreeSet<Key>, terms: &[(usize, f64)], equal: bool) {
        let mut row = Row {
            terms: Vec::new(),
            rhs: 0,
            equal,
        };
        for &(pos, a) in terms {
            let v = week.values[pos];
            let unknown = if pos < self.grid.published() {
                week.hidden[pos] && v > 0 && !public.contains(&(pos, v))
            } else {
                !week.plain(self.grid, pos)
            };
            if unknown {
                let next = self.keys.len();
                let u = *self.index.entry((pos, v)).or_insert(next);
                if u == next {
                    self.keys.push((pos, v));
                }
                row.terms.push((u, a as i64));
            } else {
                row.rhs -= a as i64 * v as i64;
            }
        }
        row.terms.sort_by_key(|t| t.0);
        if !row.terms.is_empty() && self.seen.insert(row.clone()) {
            self.rows.push(row);
        }
    }

    /// Turns the rows of one unknown into its bounds (a funnel row with one
    /// side published is most of them): fewer rows, faster programs. A
    /// withheld count is at least 1; an outcome's share of a cell, which is
    /// never published, may be 0.
    fn bound(&mut self) {
        let published = self.grid.published();
        self.bounds = self
            .keys
            .iter()
            .map(|&(pos, _)| (if pos < published { 1.0 } else { 0.0 }, f64::INFINITY))
            .collect();
        let bounds = &mut self.bounds;
        self.rows.retain(|row| {
            let [(u, a)] = row.terms[..] else {
                return true;
            };
            let at = row.rhs as f64 / a as f64;
            let (low, high) = &mut bounds[u];
            if row.equal || a > 0 {
                *low = low.max(at);
            }
            if row.equal || a < 0 {
                *high = high.min(at);
            }
            false
        });
    }

    /// The range of `sum`: its smallest and largest possible values (the
    /// largest may be infinite); `None` if the solver failed, which callers
    /// take for no protection at all.
    fn range(&self, sum: &Sum) -> Option<(f64, f64)> {
        let known = sum.known;
        if sum.unknowns.is_empty() {
            return Some((known, known));
        }
        if let [row] = self.rows.as_slice() {
            let plain = row.equal
                && row
                    .terms
                    .iter()
                    .all(|&(u, a)| a > 0 && self.bounds[u] == (1.0, f64::INFINITY))
                && sum.unknowns.iter().all(|&(_, a)| a == 1.0);
            if plain {
                // One equation over unknowns of at least 1 each: the rest
                // at 1 gives the largest value; the part at 1 each the
                // smallest, unless it is all of them.
                let (part, all) = (sum.unknowns.len() as f64, row.terms.len() as f64);
                let rhs = row.rhs as f64;
                let low = if part < all { part } else { rhs };
                return Some((known + low, known + rhs - (all - part)));
            }
        }
        let low = self.extreme(&sum.unknowns, false)?;
        let high = self.extreme(&sum.unknowns, true)?;
        let value = |x: Option<Vec<f64>>| {
            x.map_or(f64::INFINITY, |x| {
                sum.unknowns.iter().map(|&(u, a)| a * x[u]).sum::<f64>()
            })
        };
        Some((known + value(low), known + value(high)))
    }

    /// The system as a linear program with `objective`, and its variables
    /// (one per unknown).
    fn program(&self, objective: &[(usize, f64)], maximise: bool) -> (Problem, Vec<Variable>) {
        let mut program = Problem::new(if maximise {
            OptimizationDirection::Maximize
        } else {
            OptimizationDirection::Minimize
        });
        let mut goal = vec![0.0; self.keys.len()];
        for &(u, a) in objective {
            goal[u] += a;
        }
        let x: Vec<Variable> = goal
            .iter()
            .zip(&self.bounds)
            .map(|(&a, &bounds)| program.add_var(a, bounds))
            .collect();
        for row in &self.rows {
            let lhs = row.terms.iter().map(|&(u, a)| (x[u], a as f64));
            let op = if row.equal {
                ComparisonOp::Eq
            } else {
                ComparisonOp::Ge
            };
            program.add_constraint(lhs, op, row.rhs as f64);
        }
        (program, x)
    }

    /// A solution of the system where `objective` is smallest (or largest):
    /// every unknown's value. `Some(None)` when it has no largest value,
    /// `None` if the solver failed.
    fn extreme(&self, objective: &[(usize, f64)], maximise: bool) -> Option<Option<Vec<f64>>> {
        let (program, x) = self.program(objective, maximise);
        match program.solve().map(SolveOutcome::into_solution) {
            Ok(Ok(solution)) => Some(Some(x.iter().map(|&v| solution.var_value(v)).collect())),
            Err(microlp::Error::Unbounded) if maximise => Some(None),
            _ => None,
        }
    }

    /// Whether `sum` can take a whole value outside `span` (which it can
    /// take all of). For a single unknown, probes ask for one value either
    /// side; anything else gets its exact range.
    fn widens(&self, sum: &Sum, (low, high): (f64, f64)) -> bool {
        if let ([(u, a)], known) = (&sum.unknowns[..], sum.known) {
            let Some(probe) = self.probe() else {
                return false;
            };
            return [low - 1.0, high + 1.0]
                .into_iter()
                .any(|v| probe.reach(*u, (v - known) / a).is_some());
        }
        self.range(sum)
            .is_some_and(|range| values_in(range) > values_in((low, high)))
    }

    /// The system solved once, to be asked many times whether an unknown
    /// can take a value; `None` if the solver failed.
    fn probe(&self) -> Option<Probe> {
        let (program, x) = self.program(&[], false);
        let base = program.solve().ok()?.into_solution().ok()?;
        Some(Probe { x, base })
    }

    /// `terms` of `week` as the reader sees them in this system.
    fn sum(&self, week: &Week, terms: &[(usize, f64)]) -> Sum {
        let mut sum = Sum::default();
        for &(pos, a) in terms {
            let v = week.values[pos];
            match self.index.get(&(pos, v)) {
                Some(&u) if !week.plain(self.grid, pos) => sum.unknowns.push((u, a)),
                _ => sum.known += a * v as f64,
            }
        }
        sum
    }

    /// The first withheld count with too little room, and the smallest and
    /// largest whole values it can take (an empty span if the solver
    /// failed).
    ///
    /// Every solution of the system is a witness: a count's range spans at
    /// least the values it takes in the solutions found so far (the true
    /// counts are one). Most counts are settled by a probe that asks for a
    /// solution with the count far enough from what was seen, and each
    /// answer is a witness for the others; only a count no probe settles
    /// needs the two linear programs that give its exact range.
    fn first_short(&self, k: u32) -> Option<(Key, (f64, f64))> {
        let mut seen = Witnesses::new(&self.keys);
        let probe = self.probe();
        for (u, &key) in self.keys.iter().enumerate() {
            let need = needed(key.1, k);
            if key.0 >= self.grid.published() || seen.values(u) >= need {
                continue;
            }
            // Far enough up from the lowest value seen, or else down from
            // the highest: the range spans what lies between.
            let (low, high) = seen.span(u);
            for target in [low + (need - 1) as f64, high - (need - 1) as f64] {
                if let Some(x) = probe.as_ref().and_then(|p| p.reach(u, target)) {
                    seen.add(&x);
                    break;
                }
            }
            if seen.values(u) >= need {
                continue;
            }
            for maximise in [true, false] {
                match self.extreme(&[(u, 1.0)], maximise) {
                    Some(Some(x)) => seen.add(&x),
                    Some(None) => seen.unbounded[u] = true,
                    None => return Some((key, (1.0, 0.0))),
                }
                if seen.values(u) >= need {
                    break;
                }
            }
            if seen.values(u) < need {
                return Some((key, seen.span(u)));
            }
        }
        None
    }
}

/// The values each unknown took in the solutions found so far.
struct Witnesses {
    low: Vec<f64>,
    high: Vec<f64>,
    unbounded: Vec<bool>,
}

impl Witnesses {
    /// The true counts: the first solution.
    fn new(keys: &[Key]) -> Witnesses {
        let truth: Vec<f64> = keys.iter().map(|&(_, v)| v as f64).collect();
        Witnesses {
            low: truth.clone(),
            high: truth,
            unbounded: vec![false; keys.len()],
        }
    }

    fn add(&mut self, x: &[f64]) {
        for (u, &value) in x.iter().enumerate() {
            self.low[u] = self.low[u].min(value);
            self.high[u] = self.high[u].max(value);
        }
    }

    /// The smallest and largest whole values unknown `u` took.
    fn span(&self, u: usize) -> (f64, f64) {
        whole((self.low[u], self.high[u]))
    }

    /// How many values unknown `u` is known to take, at least.
    fn values(&self, u: usize) -> u64 {
        if self.unbounded[u] {
            u64::MAX
        } else {
            values_in((self.low[u], self.high[u]))
        }
    }
}

/// A system solved once: each question about it starts from that solution
/// (a few steps of the dual simplex) instead of from nothing.
struct Probe {
    x: Vec<Variable>,
    base: microlp::Solution,
}

impl Probe {
    /// A solution with unknown `u` at `value`, if there is one (`None` also
    /// if the solver failed: a probe only ever saves work).
    fn reach(&self, u: usize, value: f64) -> Option<Vec<f64>> {
        self.values(self.base.clone().fix_var(self.x[u], value))
    }

    /// A solution with `Σ a·x[u]` at least `value` (at most, unless `up`),
    /// if there is one.
    fn reach_sum(&self, sum: &[(usize, f64)], up: bool, value: f64) -> Option<Vec<f64>> {
        self.values(self.push(sum, up, value))
    }

    /// The system with `Σ a·x[u]` at least `value` (at most, unless `up`),
    /// solved.
    fn push(
        &self,
        sum: &[(usize, f64)],
        up: bool,
        value: f64,
    ) -> Result<SolveOutcome, microlp::Error> {
        let lhs = sum.iter().map(|&(u, a)| (self.x[u], a));
        let op = if up {
            ComparisonOp::Ge
        } else {
            ComparisonOp::Le
        };
        self.base.clone().add_constraint(lhs, op, value)
    }

    fn values(&self, outcome: Result<SolveOutcome, microlp::Error>) -> Option<Vec<f64>> {
        let solution = outcome.ok()?.into_solution().ok()?;
        Some(self.x.iter().map(|&v| solution.var_value(v)).collect())
    }
}

/// A week's system over all releases, with the solutions found so far:
/// each is a witness of how far any sum of its unknowns can move.
struct Union {
    system: System,
    solutions: Vec<Vec<f64>>,
    /// The system solved once, when a question first needs it (`None`
    /// inside if the solver failed).
    solved: Option<Option<Probe>>,
    /// The exact room of each sum asked for: archived releases that
    /// published a week alike ask for the same sums.
    rooms: BTreeMap<Vec<(usize, i64)>, f64>,
}

impl Union {
    fn new(system: System) -> Union {
        let truth = system.keys.iter().map(|&(_, v)| v as f64).collect();
        Union {
            system,
            solutions: vec![truth],
            solved: None,
            rooms: BTreeMap::new(),
        }
    }

    /// The system solved once, on first need (`None` if the solver failed).
    fn probe(&mut self) -> Option<&Probe> {
        let system = &self.system;
        self.solved.get_or_insert_with(|| system.probe()).as_ref()
    }

    /// Whether the part `terms` of `week` has one whole value only: no
    /// solution moves it by 1 either way. False if the solver failed.
    fn determines(&mut self, week: &Week, terms: &[(usize, f64)]) -> bool {
        let sum = self.system.sum(week, terms);
        let truth: f64 = sum
            .unknowns
            .iter()
            .map(|&(u, a)| a * self.solutions[0][u])
            .sum();
        if sum.unknowns.is_empty() {
            return true;
        }
        let Some(probe) = self.probe() else {
            return false;
        };
        [(truth + 1.0, true), (truth - 1.0, false)]
            .into_iter()
            .all(|(target, up)| {
                matches!(
                    probe.push(&sum.unknowns, up, target),
                    Err(microlp::Error::Infeasible)
                )
            })
    }

    /// How far the part `terms` of `week` can move: at least `enough` if
    /// the solutions found so far show it, or a probe finds one that does,
    /// else exactly (and the two solutions at its ends join the witnesses).
    /// `None` if the solver failed.
    fn room(&mut self, week: &Week, terms: &[(usize, f64)], enough: f64) -> Option<f64> {
        let sum = self.system.sum(week, terms);
        if sum.unknowns.is_empty() {
            return Some(0.0);
        }
        let id: Vec<(usize, i64)> = sum.unknowns.iter().map(|&(u, a)| (u, a as i64)).collect();
        if let Some(&room) = self.rooms.get(&id) {
            return Some(room);
        }
        let value = |x: &[f64]| sum.unknowns.iter().map(|&(u, a)| a * x[u]).sum::<f64>();
        let seen = |solutions: &[Vec<f64>]| {
            let values = solutions.iter().map(|x| value(x));
            values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(v), h.max(v))
            })
        };
        let (low, high) = seen(&self.solutions);
        if high - low >= enough {
            return Some(high - low);
        }
        // Far enough up from the lowest value seen, or else down from the
        // highest.
        for (target, up) in [(low + enough, true), (high - enough, false)] {
            if let Some(x) = self
                .probe()
                .and_then(|p| p.reach_sum(&sum.unknowns, up, target))
            {
                self.solutions.push(x);
                let (low, high) = seen(&self.solutions);
                return Some(high - low);
            }
        }
        let mut ends = [0.0; 2];
        for (end, maximise) in ends.iter_mut().zip([false, true]) {
            match self.system.extreme(&sum.unknowns, maximise)? {
                Some(x) => {
                    *end = value(&x);
                    self.solutions.push(x);
                }
                None => *end = f64::INFINITY,
            }
        }
        self.rooms.insert(id, ends[1] - ends[0]);
        Some(ends[1] - ends[0])
    }
}

/// How far the part `terms` of `week` can move in the system of `weeks`
/// (`None` if the solver failed).
fn room_in(grid: Grid, weeks: &[&Week], week: &Week, terms: &[(usize, f64)]) -> Option<f64> {
    let system = System::new(grid, weeks);
    system
        .range(&system.sum(week, terms))
        .map(|(low, high)| high - low)
}

/// How many integer values lie in `[low, high]`.
fn values_in((low, high): (f64, f64)) -> u64 {
    if high.is_infinite() {
        return u64::MAX;
    }
    let (low, high) = whole((low, high));
    if high < low {
        0
    } else {
        (high - low) as u64 + 1
    }
}

/// The smallest and largest whole numbers in `[low, high]`, up to the
/// solver's rounding.
fn whole((low, high): (f64, f64)) -> (f64, f64) {
    ((low - 1e-6).ceil(), (high + 1e-6).floor())
}

/// How many values a withheld count of true value `v` must be able to take.
fn needed(v: u64, k: u32) -> u64 {
    if v < u64::from(k) {
        u64::from(k.max(3) - 1)
    } else {
        2
    }
}

/// A release cut into weeks, with what it published (or nothing yet).
struct Weeks {
    grid: Grid,
    first_week: IsoWeek,
    week_bands: Vec<usize>,
    weeks: Vec<Week>,
}

impl Weeks {
    fn of(release: Release, published: Option<&Published>) -> Weeks {
        let shape = release.shape;
        let grid = Grid {
            regions: shape.regions,
            categories: shape.categories,
            outcomes: release.outcomes.len(),
        };
        let weeks = (0..shape.weeks)
            .map(|w| {
                let at = |p: usize| shape.index(w, p / grid.categories, p % grid.categories);
                let mut values = vec![0u64; grid.len()];
                for m in 0..FUNNEL {
                    for p in 0..grid.cells() {
                        values[grid.cell(m, p)] = u64::from(release.measures[m][at(p)]);
                        values[grid.total(m)] += u64::from(release.measures[m][at(p)]);
                    }
                }
                for (o, outcome) in release.outcomes.iter().enumerate() {
                    for p in 0..grid.cells() {
                        let n = u64::from(outcome[at(p)]);
                        values[grid.outcome(o)] += n;
                        values[grid.split(o, p)] = n;
                    }
                }
                let mut hidden = vec![false; grid.published()];
                if let Some(published) = published {
                    let cells = w * grid.cells()..(w + 1) * grid.cells();
                    for (m, table) in published.measures.iter().enumerate() {
                        for (p, count) in table.cells[cells.clone()].iter().enumerate() {
                            hidden[grid.cell(m, p)] = *count == Count::Suppressed;
                        }
                        hidden[grid.total(m)] = table.by_week[w] == Count::Suppressed;
                    }
                    for (o, table) in published.outcomes.iter().enumerate() {
                        hidden[grid.outcome(o)] = table.by_week[w] == Count::Suppressed;
                    }
                }
                Week { values, hidden }
            })
            .collect();
        Weeks {
            grid,
            first_week: release.first_week,
            week_bands: release.week_bands.to_vec(),
            weeks,
        }
    }

    fn date(&self, w: usize) -> IsoWeek {
        self.first_week.plus(w as u32)
    }

    /// The weeks a total adds up.
    fn of_total(&self, total: Total) -> impl Iterator<Item = usize> + '_ {
        (0..self.weeks.len()).filter(move |&w| match total {
            Total::Open { band, .. } => self.week_bands[w] == band,
            _ => true,
        })
    }

    fn value(&self, total: Total) -> u64 {
        let terms = self.grid.terms(total);
        let sum: i64 = self
            .of_total(total)
            .map(|w| self.weeks[w].value(&terms))
            .sum();
        u64::try_from(sum).unwrap_or(0)
    }

    /// Whether a total is withheld in `published`.
    fn withheld(published: &Published, total: Total) -> bool {
        let span = |p: &Protected, s: Span| match s {
            Span::Region(r) => p.by_region[r],
            Span::Category(c) => p.by_category[c],
            Span::All => p.total,
        };
        let count = match total {
            Total::Measure(m, s) => span(&published.measures[m], s),
            Total::Outcome(o, s) => span(&published.outcomes[o], s),
            Total::Open { band, region: None } => published.open_total[band],
            Total::Open {
                band,
                region: Some(r),
            } => published.open_by_region[band][r],
        };
        count == Count::Suppressed
    }
}

/// Every figure over weeks a release publishes.
fn totals(grid: Grid, bands: usize) -> Vec<Total> {
    let spans: Vec<Span> = (0..grid.regions)
        .map(Span::Region)
        .chain((0..grid.categories).map(Span::Category))
        .chain([Span::All])
        .collect();
    let measures = (0..FUNNEL).flat_map(|m| spans.iter().map(move |&s| Total::Measure(m, s)));
    let outcomes =
        (0..grid.outcomes).flat_map(|o| spans.iter().map(move |&s| Total::Outcome(o, s)));
    let open = (0..bands).flat_map(|band| {
        (0..grid.regions)
            .map(Some)
            .chain([None])
            .map(move |region| Total::Open { band, region })
    });
    measures.chain(outcomes).chain(open).collect()
}

/// The archive as the protection reads it.
struct Archive {
    releases: Vec<Weeks>,
}

impl Archive {
    /// The week `date` of each archived release (of the first `upto`) that
    /// covers it, oldest first.
    fn covering(&self, upto: usize, date: IsoWeek) -> Vec<&Week> {
        self.releases[..upto]
            .iter()
            .filter_map(|r| {
                let w = r.first_week.count_to(date).checked_sub(1)? as usize;
                r.weeks.get(w)
            })
            .collect()
    }
}

/// How many of a release's latest weeks it revises whatever their age.
pub const FRESH_WEEKS: u32 = 4;

/// An older week is revised when its age in weeks is a multiple of this:
/// once a month, and not all older weeks in the same release.
pub const REVISION_CYCLE: u32 = 4;

/// Whether a release whose latest week is `last` publishes the revision of
/// week `date`. Every week that a release publishes again is one more
/// version the reader holds, each with the unknowns of its withheld counts:
/// revising older weeks in monthly batches bounds how many versions of a
/// week there are, and with them the work of protecting the next release.
pub fn revised(date: IsoWeek, last: IsoWeek) -> bool {
    let age = date.count_to(last).saturating_sub(1);
    age < FRESH_WEEKS || age.is_multiple_of(REVISION_CYCLE)
}

/// Protects `current` against the archived releases `past` (oldest first,
/// each protected by this function in its turn) with threshold `k`.
///
/// A past week that this release does not revise (see [`revised`]), or
/// whose revision cannot be published safely (no count of the new release
/// in it is left to withhold), keeps the figures of the latest archived
/// release, true counts and all: the revision waits for a later release,
/// and [`Published::deferred`] lists the week. A release is refused only
/// when a week that no archived release covers cannot be made safe.
pub fn protect_series(past: &[Past], current: Release, k: u32) -> Result<Published, Blocked> {
    let archive = Archive {
        releases: past
            .iter()
            .map(|p| Weeks::of(p.release, Some(p.published)))
            .collect(),
    };
    for (i, p) in past.iter().enumerate() {
        check_weekly(&archive, i, p)?;
    }
    let weeks = current.shape.weeks as u32;
    let last = current.first_week.plus(weeks.saturating_sub(1));
    let mut deferred: Vec<IsoWeek> = (0..weeks)
        .map(|w| current.first_week.plus(w))
        .filter(|&date| {
            !revised(date, last) && !archive.covering(archive.releases.len(), date).is_empty()
        })
        .collect();
    loop {
        match protect_with(past, &archive, current, &deferred, k) {
            Err(Blocked::Exposed { week, .. })
                if !deferred.contains(&week)
                    && !archive.covering(archive.releases.len(), week).is_empty() =>
            {
                deferred.push(week);
            }
            result => return result,
        }
    }
}

/// The true counts behind a release whose `deferred` weeks keep the
/// figures of the latest archived release covering them: the new counts,
/// with those weeks' cells copied from that release. Each measure, then
/// each outcome.
pub fn as_published(
    past: &[Past],
    current: Release,
    deferred: &[IsoWeek],
) -> ([Vec<u32>; FUNNEL], Vec<Vec<u32>>) {
    let mut measures = current.measures.map(<[u32]>::to_vec);
    let mut outcomes = current.outcomes.to_vec();
    let shape = current.shape;
    let cells = shape.regions * shape.categories;
    for &date in deferred {
        let Some(w) = current.first_week.count_to(date).checked_sub(1) else {
            continue;
        };
        let from = past.iter().rev().find_map(|p| {
            let v = p.release.first_week.count_to(date).checked_sub(1)? as usize;
            (v < p.release.shape.weeks).then_some((p, v))
        });
        let Some((p, v)) = from else {
            continue;
        };
        let (at, there) = (w as usize * cells, v * cells);
        for (table, old) in measures.iter_mut().zip(p.release.measures) {
            table[at..at + cells].copy_from_slice(&old[there..there + cells]);
        }
        for (table, old) in outcomes.iter_mut().zip(p.release.outcomes) {
            table[at..at + cells].copy_from_slice(&old[there..there + cells]);
        }
    }
    (measures, outcomes)
}

/// [`protect_series`] with the `deferred` weeks kept as last published.
fn protect_with(
    past: &[Past],
    archive: &Archive,
    current: Release,
    deferred: &[IsoWeek],
    k: u32,
) -> Result<Published, Blocked> {
    let mut now = Weeks::of(current, None);
    let grid = now.grid;
    let everything = archive.releases.len();
    let mut reports = Reports::new(grid);
    let mut deferred = deferred.to_vec();
    let dates: Vec<IsoWeek> = (0..now.weeks.len()).map(|w| now.date(w)).collect();
    let done = in_parallel(&mut now.weeks, |w, week| {
        let earlier = archive.covering(everything, dates[w]);
        protect_week(
            &earlier,
            week,
            deferred.contains(&dates[w]),
            grid,
            dates[w],
            k,
        )
    });
    for (w, result) in done.into_iter().enumerate() {
        let (own, kept) = result?;
        reports.add(&own);
        if kept && !deferred.contains(&dates[w]) {
            deferred.push(dates[w]);
        }
    }
    // Figures over weeks: published only where the published figures
    // determine them; a withheld one, the new release's or an archived
    // one's, must have room in the union of all releases.
    let all = totals(grid, current.bands);
    let mut hidden_totals = vec![false; all.len()];
    loop {
        let changed: Vec<bool> = (0..now.weeks.len())
            .map(|w| {
                archive
                    .covering(everything, now.date(w))
                    .last()
                    .is_none_or(|e| !same_published(e, &now.weeks[w]))
            })
            .collect();
        let mut targets: Vec<(Option<usize>, usize)> = (0..all.len()).map(|t| (None, t)).collect();
        for (i, p) in past.iter().enumerate() {
            targets.extend(
                (0..all.len())
                    .filter(|&t| Weeks::withheld(p.published, all[t]))
                    .map(|t| (Some(i), t)),
            );
        }
        let mut widened = None;
        // Each week's system over all releases, built once a round; those
        // of the past weeks the new release revises, which nearly every
        // figure over weeks asks about first, are solved up front in
        // parallel (a release without an archive asks about few of its
        // weeks: solving them all would only take memory).
        let mut changed_unions: Vec<(IsoWeek, Union)> = (0..now.weeks.len())
            .filter_map(|h| {
                let date = now.date(h);
                let mut weeks = archive.covering(everything, date);
                if !changed[h] || weeks.is_empty() {
                    return None;
                }
                weeks.push(&now.weeks[h]);
                Some((date, Union::new(System::new(grid, &weeks))))
            })
            .collect();
        in_parallel(&mut changed_unions, |_, (_, union)| {
            union.probe();
        });
        let mut unions: BTreeMap<IsoWeek, Union> = changed_unions.into_iter().collect();
        for (release, t) in targets {
            let total = all[t];
            let own = release.map_or(&now, |i| &archive.releases[i]);
            let terms = grid.terms(total);
            let unknown: Vec<usize> = own
                .of_total(total)
                .filter(|&w| !own.weeks[w].known(grid, &terms))
                .collect();
            // The new release's weeks where it can widen.
            let here = |w: usize| -> Option<usize> {
                let here = now.first_week.count_to(own.date(w)).checked_sub(1)? as usize;
                (here < now.weeks.len()).then_some(here)
            };
            let parts: Vec<usize> = unknown
                .iter()
                .filter_map(|&w| here(w))
                .filter(|&h| release.is_none() || changed[h])
                .collect();
            let value = own.value(total);
            // Open cases, a difference, can be small although every term
            // is published: such a figure is withheld, and its terms too.
            let small = value > 0 && value < u64::from(k);
            if release.is_none() {
                hidden_totals[t] = !parts.is_empty() || small;
                if !hidden_totals[t] {
                    continue;
                }
            } else if parts.is_empty() {
                // No week of it changed: its room is what it was.
                continue;
            }
            let widenable: Vec<usize> = if parts.is_empty() {
                own.of_total(total).collect()
            } else {
                parts.clone()
            };
            // Room enough for the count is room enough: the weeks the new
            // release changed first, then the others until it is found.
            let enough = needed(value, k) as f64 - 1.0;
            let mut order = unknown.clone();
            order.sort_by_key(|&w| !here(w).is_some_and(|h| changed[h]));
            let mut room = 0.0;
            let mut failed = false;
            for w in order {
                if room >= enough {
                    break;
                }
                let date = own.date(w);
                let union = unions.entry(date).or_insert_with(|| {
                    let mut weeks = archive.covering(everything, date);
                    weeks.extend(here(w).map(|h| &now.weeks[h]));
                    Union::new(System::new(grid, &weeks))
                });
                match union.room(&own.weeks[w], &terms, enough - room) {
                    Some(r) => room += r,
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
                hidden_totals[t] = false;
                continue;
            }
            if values < needed(value, k) {
                // In a week of the new release, the first of the cheapest
                // counts that gives the total's part there more room.
                let freed = widenable.iter().copied().find(|&h| {
                    let earlier = archive.covering(everything, now.date(h));
                    let known = published_in(&earlier);
                    let order = grid.widening(total, &now.weeks[h]);
                    // The part is the archived release's, or the new one's.
                    let archived = release.and_then(|i| {
                        let r = &archive.releases[i];
                        r.weeks
                            .get(r.first_week.count_to(now.date(h)).checked_sub(1)? as usize)
                    });
                    let room = |trial: &Week| {
                        let mut weeks = earlier.clone();
                        weeks.push(trial);
                        room_in(grid, &weeks, archived.unwrap_or(trial), &terms)
                    };
                    let before = room(&now.weeks[h]);
                    widen(&mut now.weeks[h], &known, &order, &mut reports, |trial| {
                        room(trial) > before
                    })
                });
                let Some(h) = freed else {
                    return Err(Blocked::Exposed {
                        week: now.date(widenable[0]),
                        place: Place::Total(total),
                        values,
                    });
                };
                widened = Some(h);
                break;
            }
        }
        // The widened week must itself be safe again; the others did not
        // change.
        let Some(w) = widened else {
            break;
        };
        let earlier = archive.covering(everything, now.date(w));
        let date = now.date(w);
        settle(&earlier, &mut now.weeks[w], grid, date, k, &mut reports)?;
    }
    let mut published = publish(&now, &all, &hidden_totals, current.bands, reports);
    deferred.sort();
    published.deferred = deferred;
    Ok(published)
}

/// One week of the new release, protected against the same week of the
/// `earlier` releases: what it withholds, and whether it keeps the last
/// release's figures (`deferred` asks for it; a past week that cannot be
/// made safe does so too).
fn protect_week(
    earlier: &[&Week],
    week: &mut Week,
    deferred: bool,
    grid: Grid,
    date: IsoWeek,
    k: u32,
) -> Result<(Reports, bool), Blocked> {
    let mut own = Reports::new(grid);
    let keep = |week: &mut Week, last: &Week| {
        *week = last.clone();
        let mut kept = Reports::new(grid);
        kept.kept(week);
        (kept, true)
    };
    if let (true, Some(last)) = (deferred, earlier.last()) {
        return Ok(keep(week, last));
    }
    // Primary suppression, then what earlier releases withheld at the same
    // value.
    for pos in 0..grid.published() {
        let v = week.values[pos];
        if v > 0 && v < u64::from(k) {
            week.hidden[pos] = true;
            own.of(pos).primary += 1;
            own.of(pos).hidden += v;
        } else if v > 0 && earlier.iter().any(|e| e.values[pos] == v && e.hidden[pos]) {
            week.hidden[pos] = true;
            own.of(pos).earlier += 1;
            own.of(pos).hidden += v;
        }
    }
    // A week the new release changes, until its system is safe; a past week
    // that cannot be made safe keeps the last release's figures.
    if earlier.last().is_none_or(|e| !same_published(e, week)) {
        if let Err(blocked) = settle(earlier, week, grid, date, k, &mut own) {
            let (Blocked::Exposed { .. }, Some(last)) = (&blocked, earlier.last()) else {
                return Err(blocked);
            };
            return Ok(keep(week, last));
        }
    }
    Ok((own, false))
}

/// `work` on every item, by as many threads as the machine has, each
/// taking the next item not yet started; the results in the items' order.
fn in_parallel<T: Send, R: Send>(
    items: &mut [T],
    work: impl Fn(usize, &mut T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cells: Vec<std::sync::Mutex<(&mut T, Option<R>)>> = items
        .iter_mut()
        .map(|item| std::sync::Mutex::new((item, None)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(cells.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(cell) = cells.get(i) else { break };
                let mut guard = cell
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let result = work(i, guard.0);
                guard.1 = Some(result);
            });
        }
    });
    cells
        .into_iter()
        .map(|cell| {
            let (_, result) = cell
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            result.unwrap_or_else(|| unreachable!("every item was worked on"))
        })
        .collect()
}

/// What protection withheld, per measure and for the outcomes.
struct Reports {
    grid: Grid,
    measures: [Report; FUNNEL],
    outcomes: Vec<Report>,
}

impl Reports {
    fn new(grid: Grid) -> Reports {
        Reports {
            grid,
            measures: [Report::default(); FUNNEL],
            outcomes: vec![Report::default(); grid.outcomes],
        }
    }

    /// A deferred week: every count it withholds, the last release
    /// withheld.
    fn kept(&mut self, week: &Week) {
        for pos in 0..self.grid.published() {
            if week.hidden[pos] {
                let report = self.of(pos);
                report.earlier += 1;
                report.hidden += week.values[pos];
            }
        }
    }

    fn add(&mut self, other: &Reports) {
        let pairs = self.measures.iter_mut().zip(&other.measures);
        for (mine, theirs) in pairs.chain(self.outcomes.iter_mut().zip(&other.outcomes)) {
            mine.primary += theirs.primary;
            mine.secondary += theirs.secondary;
            mine.earlier += theirs.earlier;
            mine.hidden += theirs.hidden;
        }
    }

    fn of(&mut self, pos: usize) -> &mut Report {
        match self.grid.measure(pos) {
            Some(m) => &mut self.measures[m],
            None => &mut self.outcomes[pos - self.grid.outcome(0)],
        }
    }
}

/// How many of the cheapest counts a widening tries before it settles for
/// the cheapest: each try is a few linear programs.
const WIDENING_TRIES: usize = 6;

/// Withholds more of `week` until every withheld count of its system (with
/// the same week of the `earlier` releases) has room.
fn settle(
    earlier: &[&Week],
    week: &mut Week,
    grid: Grid,
    date: IsoWeek,
    k: u32,
    reports: &mut Reports,
) -> Result<(), Blocked> {
    let known = published_in(earlier);
    loop {
        let mut all = earlier.to_vec();
        all.push(week);
        let Some(((pos, _), span)) = System::new(grid, &all).first_short(k) else {
            return Ok(());
        };
        let values = values_in(span);
        // The first of the cheapest that gives the short count room.
        let order = grid.settling(pos, week);
        let frees = |trial: &Week| {
            let mut all = earlier.to_vec();
            all.push(trial);
            let system = System::new(grid, &all);
            system.widens(&system.sum(trial, &[(pos, 1.0)]), span)
        };
        if !widen(week, &known, &order, reports, frees) {
            return Err(Blocked::Exposed {
                week: date,
                place: grid.place(pos),
                values,
            });
        }
    }
}

/// Withholds one published positive count of `week` whose value was never
/// published before, taken from `order`: of the first few, the first for
/// which `frees` holds, else one that the shortest run of them (from the
/// first) for which `frees` holds cannot do without. False when none is
/// left, or when withholding all of them would not make `frees` hold
/// either.
fn widen(
    week: &mut Week,
    known: &BTreeSet<Key>,
    order: &[usize],
    reports: &mut Reports,
    frees: impl Fn(&Week) -> bool,
) -> bool {
    let fresh: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&pos| {
            let v = week.values[pos];
            !week.hidden[pos] && v > 0 && !known.contains(&(pos, v))
        })
        .collect();
    if fresh.is_empty() {
        return false;
    }
    let mut trial = week.clone();
    let freeing = fresh.iter().take(WIDENING_TRIES).copied().find(|&pos| {
        trial.hidden[pos] = true;
        let frees = frees(&trial);
        trial.hidden[pos] = false;
        frees
    });
    // Whether withholding the first `n` candidates together frees it.
    let mut first_free = |n: usize| {
        for (i, &pos) in fresh.iter().enumerate() {
            trial.hidden[pos] = i < n;
        }
        frees(&trial)
    };
    let chosen = match freeing {
        Some(pos) => pos,
        // Withholding more only ever adds room: when withholding every
        // candidate at once gives none, no choice of them will.
        None if !first_free(fresh.len()) => return false,
        // Else the shortest run of the cheapest that frees it, found by
        // halving: its last count is one the run cannot do without.
        None => {
            let (mut without, mut with) = (0, fresh.len());
            while with - without > 1 {
                let middle = (without + with) / 2;
                if first_free(middle) {
                    with = middle;
                } else {
                    without = middle;
                }
            }
            fresh[with - 1]
        }
    };
    week.hidden[chosen] = true;
    let report = reports.of(chosen);
    report.secondary += 1;
    report.hidden += week.values[chosen];
    true
}

/// The counts these weeks publish, as (position, value).
fn published_in(weeks: &[&Week]) -> BTreeSet<Key> {
    let mut known = BTreeSet::new();
    for week in weeks {
        for (pos, &hidden) in week.hidden.iter().enumerate() {
            if !hidden {
                known.insert((pos, week.values[pos]));
            }
        }
    }
    known
}

/// Whether two releases published a week alike: the same values withheld
/// and the same published.
fn same_published(a: &Week, b: &Week) -> bool {
    a.values == b.values && a.hidden == b.hidden
}

/// Refuses an archived release that publishes a figure over weeks which
/// the published figures up to it do not determine (one protected on its
/// own): it would tie weeks together, and the weekly audit would not see it.
fn check_weekly(archive: &Archive, i: usize, past: &Past) -> Result<(), Blocked> {
    let own = &archive.releases[i];
    let grid = own.grid;
    // Each week's system up to this release, solved once, on first need.
    let mut unions: BTreeMap<usize, Union> = BTreeMap::new();
    for total in totals(grid, past.release.bands) {
        if Weeks::withheld(past.published, total) {
            continue;
        }
        let terms = grid.terms(total);
        for w in own.of_total(total) {
            let week = &own.weeks[w];
            if week.known(grid, &terms) {
                continue;
            }
            let union = unions.entry(w).or_insert_with(|| {
                Union::new(System::new(grid, &archive.covering(i + 1, own.date(w))))
            });
            if !union.determines(week, &terms) {
                return Err(Blocked::NotWeekly { release: i, total });
            }
        }
    }
    Ok(())
}

/// The release as published.
fn publish(
    now: &Weeks,
    all: &[Total],
    hidden_totals: &[bool],
    bands: usize,
    reports: Reports,
) -> Published {
    let grid = now.grid;
    let count = |v: u64, hidden: bool| {
        if hidden {
            Count::Suppressed
        } else {
            Count::Value(u32::try_from(v).unwrap_or(u32::MAX))
        }
    };
    let total = |t: Total| {
        let i = all.iter().position(|&x| x == t);
        count(now.value(t), i.is_some_and(|i| hidden_totals[i]))
    };
    let at = |pos: usize| {
        now.weeks
            .iter()
            .map(|week| count(week.values[pos], week.hidden[pos]))
            .collect::<Vec<Count>>()
    };
    let margins =
        |of: &dyn Fn(Span) -> Total, cells: Vec<Count>, by_week: Vec<Count>, report| Protected {
            cells,
            by_week,
            by_region: (0..grid.regions)
                .map(|r| total(of(Span::Region(r))))
                .collect(),
            by_category: (0..grid.categories)
                .map(|c| total(of(Span::Category(c))))
                .collect(),
            total: total(of(Span::All)),
            report,
        };
    let measures = std::array::from_fn(|m| {
        let cells = now
            .weeks
            .iter()
            .flat_map(|week| {
                (0..grid.cells())
                    .map(move |p| count(week.values[grid.cell(m, p)], week.hidden[grid.cell(m, p)]))
            })
            .collect();
        margins(
            &|s| Total::Measure(m, s),
            cells,
            at(grid.total(m)),
            reports.measures[m],
        )
    });
    let outcomes = (0..grid.outcomes)
        .map(|o| {
            margins(
                &|s| Total::Outcome(o, s),
                Vec::new(),
                at(grid.outcome(o)),
                reports.outcomes[o],
            )
        })
        .collect();
    Published {
        measures,
        outcomes,
        open_by_region: (0..bands)
            .map(|band| {
                (0..grid.regions)
                    .map(|r| {
                        total(Total::Open {
                            band,
                            region: Some(r),
                        })
                    })
                    .collect()
            })
            .collect(),
        open_total: (0..bands)
            .map(|band| total(Total::Open { band, region: None }))
            .collect(),
        deferred: Vec::new(),
    }
}
