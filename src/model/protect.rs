//! Disclosure control for a week × region × category table published with
//! its one-way margins (per week, per region, per category) and grand total.
//!
//! 1. Primary suppression: every count from 1 to k − 1, in cells and
//!    margins, is withheld. Zero is published.
//! 2. Secondary suppression: wherever a published sum has exactly one
//!    withheld term, that term could be recovered by subtraction, so one more
//!    term is withheld: the smallest positive one, to hide as little as
//!    possible (or the sum itself when no positive term is left). This repeats
//!    until no published sum has exactly one withheld term — and no withheld
//!    sum has none (it would be the sum of its published terms).
//!
//! 3. Audit: every withheld count is positive (primary ones by definition,
//!    secondary ones by choice), so each can move a little either way; it is
//!    pinned down exactly when the published equations alone determine it,
//!    that is when its unit vector lies in their row space. Gaussian
//!    elimination finds such counts; for each, one more term of one of its
//!    published sums is withheld (the cheapest that frees it, of the few
//!    cheapest tried), and steps 2 and 3 repeat.
//!
//! Linked counts that are not one table's sums (open cases are referred
//! minus concluded ones) enter the same system through auxiliary counts:
//! partial sums that are never published and need no protection, so the
//! elimination treats them as unknowns and nothing else.
//!
//! The property tests check the result independently with the full
//! linear-programming audit (non-negative counts, every published sum).

use super::count::Count;

/// The shape of a table: `cells[(w * regions + r) * categories + c]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    pub weeks: usize,
    pub regions: usize,
    pub categories: usize,
}

impl Shape {
    pub fn len(self) -> usize {
        self.weeks * self.regions * self.categories
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub fn index(self, w: usize, r: usize, c: usize) -> usize {
        (w * self.regions + r) * self.categories + c
    }
}

/// A protected table: cells and margins as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub cells: Vec<Count>,
    pub by_week: Vec<Count>,
    pub by_region: Vec<Count>,
    pub by_category: Vec<Count>,
    pub total: Count,
    pub report: Report,
}

/// What protection withheld.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Counts withheld because they were between 1 and k − 1.
    pub primary: usize,
    /// Further counts withheld so that no withheld count can be recovered.
    pub secondary: usize,
    /// The sum of the counts withheld by secondary suppression.
    pub secondary_hidden: u64,
    /// Counts withheld because an earlier release withheld them at the same
    /// value (publishing them now would reveal them there).
    pub earlier: usize,
}

/// Counts and the published equations among them (each: a sum and the
/// terms that add up to it), in one index space.
#[derive(Debug, Clone)]
pub struct System {
    pub values: Vec<u64>,
    pub groups: Vec<(usize, Vec<usize>)>,
    /// Counts that are never published: partial sums that only link
    /// equations. They may well be determined; nothing protects them.
    pub auxiliary: Vec<bool>,
}

impl System {
    /// One table: its cells, margins and grand total (see [`Layout`]).
    pub fn table(shape: Shape, raw: &[u32]) -> System {
        assert_eq!(raw.len(), shape.len(), "cells must match the shape");
        let layout = Layout::new(shape);
        System {
            values: layout.values(raw),
            groups: layout.groups(),
            auxiliary: vec![false; layout.len()],
        }
    }

    /// Adds `other`'s counts and equations after this system's; returns
    /// the index its counts start at.
    fn append(&mut self, other: System) -> usize {
        let base = self.values.len();
        self.values.extend(other.values);
        self.auxiliary.extend(other.auxiliary);
        self.groups.extend(
            other
                .groups
                .into_iter()
                .map(|(sum, terms)| (sum + base, terms.into_iter().map(|t| t + base).collect())),
        );
        base
    }

    /// Adds one count; returns its index.
    fn push(&mut self, value: u64, auxiliary: bool) -> usize {
        self.values.push(value);
        self.auxiliary.push(auxiliary);
        self.values.len() - 1
    }

    /// Concluded cases with their breakdown by attribution outcome. The
    /// concluded table is published in full; each outcome only in the
    /// margins (per week, region, category, and in total), where the
    /// outcomes of a margin add up to its concluded count. Outcome `o`'s
    /// margins follow the concluded table at `outcome_margins(shape, o)`.
    pub fn with_outcomes(shape: Shape, concluded: &[u32], outcomes: &[Vec<u32>]) -> System {
        let mut system = System::table(shape, concluded);
        let layout = Layout::new(shape);
        let margins = layout.weeks().start..layout.len();
        let width = margins.len();
        let total = width - 1;
        let weeks = 0..shape.weeks;
        let regions = shape.weeks..shape.weeks + shape.regions;
        let categories = regions.end..regions.end + shape.categories;
        let mut bases = Vec::new();
        for raw in outcomes {
            let base = system.values.len();
            bases.push(base);
            system
                .values
                .extend_from_slice(&Layout::new(shape).values(raw)[margins.clone()]);
            system.auxiliary.resize(system.values.len(), false);
            for part in [weeks.clone(), regions.clone(), categories.clone()] {
                system
                    .groups
                    .push((base + total, part.map(|j| base + j).collect()));
            }
        }
        for j in 0..width {
            let terms = bases.iter().map(|base| base + j).collect();
            system.groups.push((margins.start + j, terms));
        }
        system
    }

    /// The Special Commission's counts in one system: referred cases (a
    /// table), concluded cases with their outcomes (see
    /// [`System::with_outcomes`]) and open cases by age band, per region
    /// and in total. Open cases are referred minus concluded ones, so the
    /// three are protected together: a published band could otherwise
    /// reveal a referred or concluded count withheld from the other tables.
    ///
    /// The open cases of band `b` in region `r` enter through an auxiliary
    /// count A, the referred cases of `r` in `b`'s weeks: A = those referred
    /// cells, and A = the open count + the concluded cells. The band totals
    /// are linked the same way to the week margins; the regions of a band
    /// add up to its total; the bands of a region, or of the total, add up
    /// to its referred minus concluded cases.
    ///
    /// Index order: the referred table's [`Layout`], then the concluded
    /// system, then the open cases as [`OpenCases`] places them, then the
    /// auxiliary counts.
    pub fn referrals(shape: Shape, input: &Referrals) -> System {
        System::referrals_placed(shape, input).0
    }

    /// [`System::referrals`], with where the concluded system and the open
    /// cases start.
    fn referrals_placed(shape: Shape, input: &Referrals) -> (System, usize, OpenCases) {
        let layout = Layout::new(shape);
        let mut system = System::table(shape, input.referred);
        let concluded = system.append(System::with_outcomes(
            shape,
            input.concluded,
            input.outcomes,
        ));
        let open = OpenCases {
            start: system.values.len(),
            regions: shape.regions,
            bands: input.bands,
        };
        // Referred and concluded cells (as indices) of each band and region.
        let mut slabs = vec![(Vec::new(), Vec::new()); input.bands * shape.regions];
        let mut open_cases = vec![0u64; input.bands * shape.regions];
        for w in 0..shape.weeks {
            let b = input.week_bands[w];
            for r in 0..shape.regions {
                for c in 0..shape.categories {
                    let i = shape.index(w, r, c);
                    let slab = b * shape.regions + r;
                    slabs[slab].0.push(i);
                    slabs[slab].1.push(concluded + i);
                    open_cases[slab] +=
                        u64::from(input.referred[i].saturating_sub(input.concluded[i]));
                }
            }
        }
        for &n in &open_cases {
            system.push(n, false);
        }
        for b in 0..input.bands {
            let regions = (0..shape.regions).map(|r| open.by_region(b, r));
            let total: u64 = regions.clone().map(|i| system.values[i]).sum();
            system.push(total, false);
            system.groups.push((open.total(b), regions.collect()));
        }
        for (slab, (referred, concluded)) in slabs.into_iter().enumerate() {
            let sum = referred.iter().map(|&i| system.values[i]).sum();
            let a = system.push(sum, true);
            let (b, r) = (slab / shape.regions, slab % shape.regions);
            let others = std::iter::once(open.by_region(b, r)).chain(concluded);
            system.groups.push((a, referred));
            system.groups.push((a, others.collect()));
        }
        // Implied by the equations above, but stated: step 2 reads only
        // stated equations, and across the bands of a region (or of the
        // total) is where a lone withheld band is most often exposed.
        for r in 0..shape.regions {
            let bands = (0..input.bands).map(|b| open.by_region(b, r));
            let concluded = concluded + layout.regions().start + r;
            let terms = bands.chain(std::iter::once(concluded)).collect();
            system.groups.push((layout.regions().start + r, terms));
        }
        let bands = (0..input.bands).map(|b| open.total(b));
        let terms = bands
            .chain(std::iter::once(concluded + layout.total()))
            .collect();
        system.groups.push((layout.total(), terms));
        for b in 0..input.bands {
            let weeks: Vec<usize> = (0..shape.weeks)
                .filter(|&w| input.week_bands[w] == b)
                .map(|w| layout.weeks().start + w)
                .collect();
            let sum = weeks.iter().map(|&i| system.values[i]).sum();
            let a = system.push(sum, true);
            let others = std::iter::once(open.total(b)).chain(weeks.iter().map(|&i| concluded + i));
            system.groups.push((a, others.collect()));
            system.groups.push((a, weeks));
        }
        (system, concluded, open)
    }

    /// Withholds what must be withheld at threshold `k`; the counts as
    /// published, in the system's index order.
    pub fn protect(&self, k: u32) -> (Vec<Count>, Report) {
        let (values, groups, auxiliary) = (&self.values, &self.groups, &self.auxiliary);
        let small = |n: u64| n > 0 && n < u64::from(k);
        let mut report = Report {
            primary: values
                .iter()
                .zip(auxiliary)
                .filter(|(&n, &aux)| small(n) && !aux)
                .count(),
            ..Report::default()
        };
        let mut hidden: Vec<bool> = values
            .iter()
            .zip(auxiliary)
            .map(|(&n, &aux)| small(n) || aux)
            .collect();
        // Zeros found to be determined are published and stay published:
        // zero is shown as zero, and one that the sums already fix reveals
        // nothing new.
        let mut fixed = vec![false; values.len()];
        loop {
            close_exposed_sums(groups, values, auxiliary, &mut hidden, &fixed, &mut report);
            let mut determined = pinned(groups, &hidden);
            determined.retain(|&x| !auxiliary[x]);
            if determined.is_empty() {
                break;
            }
            let (zeros, positive): (Vec<usize>, Vec<usize>) =
                determined.into_iter().partition(|&x| values[x] == 0);
            for &x in &zeros {
                hidden[x] = false;
                fixed[x] = true;
                report.secondary -= 1;
            }
            let before = hidden.clone();
            for &x in &positive {
                // Widen one of x's equations by a positive term; x may also
                // be pinned through sums that are themselves withheld, so
                // any equation x is part of will do. The cheapest term that
                // frees x, among the few cheapest: the cheapest alone may
                // sit in a part of the system that x does not depend on,
                // and the next round would widen again.
                let mut terms: Vec<usize> = groups
                    .iter()
                    .filter(|(sum, terms)| *sum == x || terms.contains(&x))
                    .flat_map(|(sum, terms)| terms.iter().chain(std::iter::once(sum)))
                    .copied()
                    .filter(|&t| !hidden[t] && !fixed[t] && values[t] > 0)
                    .collect();
                terms.sort_unstable_by_key(|&t| (values[t], t));
                terms.dedup();
                let frees = |t: usize, hidden: &mut Vec<bool>| {
                    hidden[t] = true;
                    let still = pinned(groups, hidden).contains(&x);
                    hidden[t] = false;
                    !still
                };
                let term = terms
                    .iter()
                    .take(WIDENING_TRIES)
                    .copied()
                    .find(|&t| frees(t, &mut hidden))
                    .or(terms.first().copied());
                if let Some(term) = term {
                    withhold(term, values, &mut hidden, &fixed, &mut report);
                }
            }
            if zeros.is_empty() && hidden == before {
                // Nothing positive is left in their equations: withhold the
                // cheapest count still published anywhere. A withheld positive
                // count can only be pinned by published ones, so this ends.
                let cheapest = (0..values.len())
                    .filter(|&t| !hidden[t] && !fixed[t])
                    .min_by_key(|&t| (values[t] == 0, values[t]));
                match cheapest {
                    Some(t) => withhold(t, values, &mut hidden, &fixed, &mut report),
                    None => break,
                }
            }
        }
        let published = values
            .iter()
            .zip(&hidden)
            .map(|(&n, &h)| {
                if h {
                    Count::Suppressed
                } else {
                    Count::Value(u32::try_from(n).unwrap_or(u32::MAX))
                }
            })
            .collect();
        (published, report)
    }
}

/// What the Special Commission's counts are made of (see
/// [`System::referrals`]), each over the cells of one [`Shape`].
#[derive(Debug, Clone, Copy)]
pub struct Referrals<'a> {
    pub referred: &'a [u32],
    /// Never above the referred count of its cell: every concluded case was
    /// referred.
    pub concluded: &'a [u32],
    /// Concluded cases per attribution outcome.
    pub outcomes: &'a [Vec<u32>],
    /// The age band of each week (see [`super::age::week_bands`]).
    pub week_bands: &'a [usize],
    pub bands: usize,
}

/// Where the open cases sit in [`System::referrals`]: band by band, each
/// band's regions, then every band's total.
#[derive(Debug, Clone, Copy)]
pub struct OpenCases {
    pub start: usize,
    pub regions: usize,
    pub bands: usize,
}

impl OpenCases {
    pub fn by_region(self, band: usize, region: usize) -> usize {
        self.start + band * self.regions + region
    }

    pub fn total(self, band: usize) -> usize {
        self.start + self.bands * self.regions + band
    }
}

/// The Special Commission's counts as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedReferrals {
    pub referred: Protected,
    pub concluded: Protected,
    /// Each outcome's margins.
    pub outcomes: Vec<Protected>,
    /// Open cases per band: per region, and in total.
    pub open_by_region: Vec<Vec<Count>>,
    pub open_total: Vec<Count>,
    /// What protection withheld from all of it (the parts' reports are
    /// empty).
    pub report: Report,
}

/// Protects referred, concluded and open cases together (see
/// [`System::referrals`]) with threshold `k`.
pub fn protect_referrals(shape: Shape, input: &Referrals, k: u32) -> ProtectedReferrals {
    let (system, concluded, open) = System::referrals_placed(shape, input);
    let (published, report) = system.protect(k);
    let (concluded, outcomes) = split_with_outcomes(
        shape,
        &published[concluded..open.start],
        input.outcomes.len(),
    );
    ProtectedReferrals {
        referred: split(Layout::new(shape), &published, true),
        concluded,
        outcomes,
        open_by_region: (0..input.bands)
            .map(|b| {
                (0..shape.regions)
                    .map(|r| published[open.by_region(b, r)])
                    .collect()
            })
            .collect(),
        open_total: (0..input.bands).map(|b| published[open.total(b)]).collect(),
        report,
    }
}

/// How many of a pinned count's cheapest terms step 3 tries before it
/// settles for the cheapest: each try is one elimination.
const WIDENING_TRIES: usize = 8;

/// Where the margins of outcome `o` sit in [`System::with_outcomes`].
pub fn outcome_margins(shape: Shape, o: usize) -> std::ops::Range<usize> {
    let layout = Layout::new(shape);
    let width = layout.len() - layout.weeks().start;
    let base = layout.len() + o * width;
    base..base + width
}

/// Cuts published counts in the layout's index order into their parts.
fn split(layout: Layout, published: &[Count], with_cells: bool) -> Protected {
    let part = |range: std::ops::Range<usize>| published[range].to_vec();
    Protected {
        cells: if with_cells {
            part(layout.cells())
        } else {
            Vec::new()
        },
        by_week: part(layout.weeks()),
        by_region: part(layout.regions()),
        by_category: part(layout.categories()),
        total: published[layout.total()],
        report: Report::default(),
    }
}

/// Cuts the published counts of [`System::with_outcomes`] into the
/// concluded table and each outcome's margins.
fn split_with_outcomes(
    shape: Shape,
    published: &[Count],
    outcomes: usize,
) -> (Protected, Vec<Protected>) {
    let layout = Layout::new(shape);
    let concluded = split(layout, published, true);
    let outcomes = (0..outcomes)
        .map(|o| {
            let range = outcome_margins(shape, o);
            // A window whose margin indices (in the layout) land on this block.
            split(
                layout,
                &published[range.start - layout.weeks().start..range.end],
                false,
            )
        })
        .collect();
    (concluded, outcomes)
}

/// Step 2: withholds terms until no published sum has exactly one withheld
/// term and no withheld sum has none: until no equation has exactly one
/// unknown, unless that one is auxiliary.
fn close_exposed_sums(
    groups: &[(usize, Vec<usize>)],
    values: &[u64],
    auxiliary: &[bool],
    hidden: &mut [bool],
    fixed: &[bool],
    report: &mut Report,
) {
    loop {
        let mut newly = Vec::new();
        for (sum, terms) in groups {
            let mut unknowns = std::iter::once(sum).chain(terms).filter(|&&t| hidden[t]);
            let exposed = match (unknowns.next(), unknowns.next()) {
                (Some(&lone), None) => !auxiliary[lone],
                _ => false,
            };
            if exposed {
                // A withheld zero protects nothing: whatever shares a sum of
                // zero with it is pinned to zero too. So the cheapest positive
                // term, and where there is none, the sum itself.
                newly.push(cheapest_positive(terms, values, hidden, fixed).unwrap_or(*sum));
            }
        }
        if newly.is_empty() {
            return;
        }
        let before = report.secondary;
        for i in newly {
            withhold(i, values, hidden, fixed, report);
        }
        if report.secondary == before {
            // Only fixed zeros were left to withhold: nothing more to do.
            return;
        }
    }
}

fn cheapest_positive(
    terms: &[usize],
    values: &[u64],
    hidden: &[bool],
    fixed: &[bool],
) -> Option<usize> {
    terms
        .iter()
        .copied()
        .filter(|&t| !hidden[t] && !fixed[t] && values[t] > 0)
        .min_by_key(|&t| values[t])
}

fn withhold(i: usize, values: &[u64], hidden: &mut [bool], fixed: &[bool], report: &mut Report) {
    if !hidden[i] && !fixed[i] {
        hidden[i] = true;
        report.secondary += 1;
        report.secondary_hidden += values[i];
    }
}

/// Step 3: the withheld counts that the published equations determine.
///
/// Each equation says that its terms add up to its sum; over the withheld
/// counts as unknowns it is a row with +1 for withheld terms and −1 for a
/// withheld sum. An unknown is determined exactly when its column is not
/// in the span of the other columns (then, and only then, its unit vector
/// lies in the row space).
///
/// The columns are taken one by one into a basis of the column space,
/// kept reduced: each basis vector is 1 at its own pivot row and 0 at the
/// others'. A column that the basis already spans writes itself as a
/// combination of earlier basis columns, and each of those with a nonzero
/// coefficient is in the span of the others: not determined. The basis
/// columns left over are the determined unknowns. Memory grows with the
/// square of the number of equations, not with equations × unknowns: the
/// unknowns run into the hundreds of thousands for ten years of cells.
pub fn pinned(groups: &[(usize, Vec<usize>)], hidden: &[bool]) -> Vec<usize> {
    const EPS: f64 = 1e-9;
    let unknowns: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
    let mut column_of = vec![usize::MAX; hidden.len()];
    for (col, &i) in unknowns.iter().enumerate() {
        column_of[i] = col;
    }
    // The columns, sparse: (equation, coefficient).
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); unknowns.len()];
    let mut m = 0;
    for (sum, terms) in groups {
        let mut any = false;
        let members = terms.iter().map(|t| (t, 1.0)).chain([(sum, -1.0)]);
        for (&i, coefficient) in members.filter(|(i, _)| hidden[**i]) {
            let column = &mut columns[column_of[i]];
            match column.last_mut() {
                Some((row, value)) if *row == m => *value += coefficient,
                _ => column.push((m, coefficient)),
            }
            any = true;
        }
        m += usize::from(any);
    }
    // Basis vector k: its values over the equations, and itself as a
    // combination of the basis columns (by basis index); its pivot row is
    // where `basis_at_row` names it.
    let mut vectors: Vec<Vec<f64>> = Vec::new();
    let mut combinations: Vec<Vec<f64>> = Vec::new();
    let mut basis_columns: Vec<usize> = Vec::new();
    let mut basis_at_row: Vec<Option<usize>> = vec![None; m];
    let mut free: Vec<bool> = Vec::new();
    let mut v = vec![0.0; m];
    for (col, entries) in columns.iter().enumerate() {
        v.iter_mut().for_each(|x| *x = 0.0);
        for &(row, value) in entries {
            v[row] += value;
        }
        // The reduced basis vectors are 0 at each other's pivots, so the
        // coefficients are the column's own values there.
        let used: Vec<(usize, f64)> = entries
            .iter()
            .filter_map(|&(row, _)| basis_at_row[row].map(|k| (k, v[row])))
            .filter(|(_, c)| c.abs() > EPS)
            .collect();
        for &(k, c) in &used {
            v.iter_mut().zip(&vectors[k]).for_each(|(x, b)| *x -= c * b);
        }
        let mut combination = vec![0.0; basis_columns.len()];
        for &(k, c) in &used {
            combination
                .iter_mut()
                .zip(&combinations[k])
                .for_each(|(x, t)| *x += c * t);
        }
        let Some((pivot, lead)) = v
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .filter(|(_, lead)| lead.abs() > EPS)
        else {
            for (j, x) in combination.iter().enumerate() {
                if x.abs() > EPS {
                    free[j] = true;
                }
            }
            continue;
        };
        // A new basis vector: (column − combination) / lead.
        let k = basis_columns.len();
        let vector: Vec<f64> = v.iter().map(|x| x / lead).collect();
        let mut own: Vec<f64> = combination.iter().map(|x| -x / lead).collect();
        own.push(1.0 / lead);
        for other in 0..k {
            let factor = vectors[other][pivot];
            if factor.abs() > EPS {
                vectors[other]
                    .iter_mut()
                    .zip(&vector)
                    .for_each(|(x, b)| *x -= factor * b);
                vectors[other][pivot] = 0.0;
                let combination = &mut combinations[other];
                combination.resize(k + 1, 0.0);
                combination
                    .iter_mut()
                    .zip(&own)
                    .for_each(|(x, t)| *x -= factor * t);
            }
        }
        basis_at_row[pivot] = Some(k);
        vectors.push(vector);
        combinations.push(own);
        basis_columns.push(col);
        free.push(false);
    }
    basis_columns
        .iter()
        .zip(&free)
        .filter(|(_, &free)| !free)
        .map(|(&col, _)| unknowns[col])
        .collect()
}

/// Every publishable count of a table in one index space: the cells, then
/// the week, region and category margins, then the grand total.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub shape: Shape,
}

impl Layout {
    pub fn new(shape: Shape) -> Layout {
        Layout { shape }
    }

    pub fn cells(self) -> std::ops::Range<usize> {
        0..self.shape.len()
    }

    pub fn weeks(self) -> std::ops::Range<usize> {
        let start = self.cells().end;
        start..start + self.shape.weeks
    }

    pub fn regions(self) -> std::ops::Range<usize> {
        let start = self.weeks().end;
        start..start + self.shape.regions
    }

    pub fn categories(self) -> std::ops::Range<usize> {
        let start = self.regions().end;
        start..start + self.shape.categories
    }

    pub fn total(self) -> usize {
        self.categories().end
    }

    pub fn len(self) -> usize {
        self.total() + 1
    }

    pub fn is_empty(self) -> bool {
        false
    }

    /// The true value of every publishable count.
    pub fn values(self, raw: &[u32]) -> Vec<u64> {
        let mut values = vec![0u64; self.len()];
        let Shape {
            weeks,
            regions,
            categories,
        } = self.shape;
        for w in 0..weeks {
            for r in 0..regions {
                for c in 0..categories {
                    let i = self.shape.index(w, r, c);
                    let n = u64::from(raw[i]);
                    values[i] = n;
                    values[self.weeks().start + w] += n;
                    values[self.regions().start + r] += n;
                    values[self.categories().start + c] += n;
                    values[self.total()] += n;
                }
            }
        }
        values
    }

    /// Every published equation: (the sum, the terms that add up to it).
    pub fn groups(self) -> Vec<(usize, Vec<usize>)> {
        let Shape {
            weeks,
            regions,
            categories,
        } = self.shape;
        let index = |w, r, c| self.shape.index(w, r, c);
        let mut groups = Vec::with_capacity(weeks + regions + categories + 3);
        for w in 0..weeks {
            let terms = (0..regions)
                .flat_map(|r| (0..categories).map(move |c| index(w, r, c)))
                .collect();
            groups.push((self.weeks().start + w, terms));
        }
        for r in 0..regions {
            let terms = (0..weeks)
                .flat_map(|w| (0..categories).map(move |c| index(w, r, c)))
                .collect();
            groups.push((self.regions().start + r, terms));
        }
        for c in 0..categories {
            let terms = (0..weeks)
                .flat_map(|w| (0..regions).map(move |r| index(w, r, c)))
                .collect();
            groups.push((self.categories().start + c, terms));
        }
        for margins in [self.weeks(), self.regions(), self.categories()] {
            groups.push((self.total(), margins.collect()));
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The elimination [`pinned`] replaced: rows of equations × unknowns
    /// to reduced row echelon form; an unknown is determined when its pivot
    /// row has no other entry. Slow and large, but plainly right.
    fn pinned_by_rows(groups: &[(usize, Vec<usize>)], hidden: &[bool]) -> Vec<usize> {
        const EPS: f64 = 1e-9;
        let unknowns: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
        let column = |i: usize| unknowns.binary_search(&i).ok();
        let n = unknowns.len();
        let mut rows: Vec<Vec<f64>> = groups
            .iter()
            .map(|(sum, terms)| {
                let mut row = vec![0.0; n];
                terms
                    .iter()
                    .filter_map(|&t| column(t))
                    .for_each(|c| row[c] += 1.0);
                if let Some(c) = column(*sum) {
                    row[c] -= 1.0;
                }
                row
            })
            .collect();
        let mut pivots = Vec::new();
        for col in 0..n {
            let rank = pivots.len();
            let Some(best) = (rank..rows.len())
                .max_by(|&a, &b| rows[a][col].abs().total_cmp(&rows[b][col].abs()))
                .filter(|&best| rows[best][col].abs() > EPS)
            else {
                continue;
            };
            rows.swap(rank, best);
            let lead = rows[rank][col];
            rows[rank].iter_mut().for_each(|v| *v /= lead);
            let pivot_row = rows[rank].clone();
            for (r, row) in rows.iter_mut().enumerate() {
                let factor = row[col];
                if r != rank && factor.abs() > EPS {
                    row.iter_mut()
                        .zip(&pivot_row)
                        .for_each(|(v, p)| *v -= factor * p);
                }
            }
            pivots.push(col);
        }
        pivots
            .iter()
            .enumerate()
            .filter(|&(r, &col)| {
                rows[r]
                    .iter()
                    .enumerate()
                    .all(|(c, v)| c == col || v.abs() < EPS)
            })
            .map(|(_, &col)| unknowns[col])
            .collect()
    }

    #[test]
    fn the_column_basis_finds_what_row_elimination_finds() {
        // A small xorshift: the same systems on every run, no dependency.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        let mut seen = [0; 3];
        for case in 0..400 {
            let shape = Shape {
                weeks: 1 + next(4),
                regions: 1 + next(4),
                categories: 1 + next(3),
            };
            let raw: Vec<u32> = (0..shape.len())
                .map(|_| [0, 1, 3, 7, 20][next(5)] as u32)
                .collect();
            let bands = 1 + next(3);
            let week_bands: Vec<usize> = (0..shape.weeks).map(|_| next(bands as u64)).collect();
            let concluded: Vec<u32> = raw
                .iter()
                .map(|&n| n.saturating_sub(next(4) as u32))
                .collect();
            let outcomes = vec![concluded.clone()];
            let system = System::referrals(
                shape,
                &Referrals {
                    referred: &raw,
                    concluded: &concluded,
                    outcomes: &outcomes,
                    week_bands: &week_bands,
                    bands,
                },
            );
            // Half the cases as protection leaves them, half at random.
            let hidden: Vec<bool> = if case % 2 == 0 {
                let (published, _) = system.protect(2 + next(4) as u32);
                published.iter().map(|c| *c == Count::Suppressed).collect()
            } else {
                let share = 1 + next(3);
                (0..system.values.len())
                    .map(|i| system.auxiliary[i] || next(4) < share)
                    .collect()
            };
            let mut fast = pinned(&system.groups, &hidden);
            let mut slow = pinned_by_rows(&system.groups, &hidden);
            fast.sort_unstable();
            slow.sort_unstable();
            assert_eq!(fast, slow, "case {case}: {shape:?}");
            let counts = |set: &[usize]| set.iter().filter(|&&i| !system.auxiliary[i]).count();
            let (determined, withheld) = (
                counts(&slow),
                counts(&(0..hidden.len()).filter(|&i| hidden[i]).collect::<Vec<_>>()),
            );
            seen[usize::from(determined > 0)] += 1;
            seen[2] += usize::from(determined > 0 && determined < withheld);
        }
        // Systems where no count, some count, and some but not every
        // withheld count is determined.
        assert!(seen.iter().all(|&n| n > 40), "{seen:?}");
    }
}
