//! The figures computed from an export for a [`Selection`]: totals that are
//! exact where the published counts allow and otherwise the best lower
//! bound they give (a [`Total`]), attribution, open cases by age, the
//! headline and everything the statistics page shows ([`Report`]).

use super::types::{Export, Measure};
use crate::model::count::{Count, Total};
use crate::model::week::IsoWeek;
use chrono::NaiveDate;
use std::ops::Range;

/// A query resolved against an export: week, region and category indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub weeks: Range<usize>,
    /// Sorted indices; all regions when it has every index.
    pub regions: Vec<usize>,
    pub categories: Vec<usize>,
}

impl Selection {
    /// The period of equal length just before this one, if the release
    /// covers it.
    pub fn previous(&self) -> Option<Selection> {
        let len = self.weeks.len();
        (len > 0 && self.weeks.start >= len).then(|| Selection {
            weeks: self.weeks.start - len..self.weeks.start,
            ..self.clone()
        })
    }
}

/// A release's grand totals along the verification funnel, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub first_week: IsoWeek,
    pub last_week: IsoWeek,
    pub data_as_of: NaiveDate,
    pub sample: bool,
    /// Reported, verified, referred, concluded.
    pub funnel: [Total; 4],
}

/// Everything the statistics page shows for one selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub selection: Selection,
    /// Reported, verified, referred, concluded.
    pub funnel: [Total; 4],
    /// The same for the period of equal length before, where there is one.
    pub previous: Option<[Total; 4]>,
    /// Reported violations per selected week.
    pub weekly: Vec<(IsoWeek, Total)>,
    /// Reported violations per selected region: (region index, figure).
    pub by_region: Vec<(usize, Total)>,
    /// Reported violations per selected category, largest first.
    pub by_category: Vec<(usize, Total)>,
    /// Concluded cases by attribution outcome (in the export's order of
    /// outcomes), where the published totals cover the selection: they are
    /// published per week, per region and per category only.
    pub attributed: Option<Vec<Total>>,
    /// Open Special Commission cases by age band (in the export's order of
    /// bands), where the published totals cover the selection: every week
    /// and category, all regions or some (see [`Export::open_cases_by_age`]).
    pub open_by_age: Option<Vec<Total>>,
}

impl Export {
    /// The selection of everything the export covers: every week, region
    /// and category.
    pub fn whole(&self) -> Selection {
        Selection {
            weeks: 0..self.week_count(),
            regions: (0..self.regions.len()).collect(),
            categories: (0..self.categories.len()).collect(),
        }
    }

    /// The grand totals of this release.
    pub fn headline(&self) -> Headline {
        self.headline_of(&self.whole())
    }

    /// The headline figures of `selection`: its weeks and its funnel, as the
    /// statistics page gives them.
    pub fn headline_of(&self, selection: &Selection) -> Headline {
        let r = &self.release;
        Headline {
            first_week: r.first_week.plus(selection.weeks.start as u32),
            last_week: r
                .first_week
                .plus(selection.weeks.end.saturating_sub(1) as u32),
            data_as_of: r.data_as_of,
            sample: r.sample,
            funnel: self.report(selection).funnel,
        }
    }

    /// Open cases of `selection` by age band (in the order of the bands),
    /// where a published total covers it: every week and category, and all
    /// regions or some. `None` otherwise, and for an export without them.
    pub fn open_cases_by_age(&self, selection: &Selection) -> Option<Vec<Total>> {
        let open = self.open_by_age.as_ref()?;
        if selection.weeks.len() != self.week_count()
            || selection.categories.len() != self.categories.len()
        {
            return None;
        }
        let (series, indices) = if selection.regions.len() == self.regions.len() {
            (&open.total, vec![0])
        } else {
            (&open.by_region, selection.regions.clone())
        };
        Some(
            open.bands
                .iter()
                .map(|band| {
                    series
                        .get(band.code.as_ref())
                        .map_or(Total::AtLeast(0), |counts| {
                            Total::sum(indices.iter().map(|&i| counts[i]))
                        })
                })
                .collect(),
        )
    }

    /// The count of `measure` in `selection`: from the published margins
    /// where they cover exactly the selection, and from the cells always;
    /// whichever tells more.
    pub fn total(&self, selection: &Selection, measure: Measure) -> Total {
        let all_weeks = selection.weeks.len() == self.week_count();
        let all_regions = selection.regions.len() == self.regions.len();
        let all_categories = selection.categories.len() == self.categories.len();
        let cells = self.cells.measure(measure);
        let mut total = Total::sum(selection.weeks.clone().flat_map(|w| {
            selection.regions.iter().flat_map(move |&r| {
                selection
                    .categories
                    .iter()
                    .map(move |&c| cells[self.cell_index(w, r, c)])
            })
        }));
        let m = &self.margins;
        if all_regions && all_categories {
            total = best(
                total,
                sum_of(m.by_week.measure(measure), selection.weeks.clone()),
            );
            if all_weeks {
                total = best(total, sum_of(m.total.measure(measure), 0..1));
            }
        }
        if all_weeks && all_categories {
            total = best(
                total,
                sum_of(
                    m.by_region.measure(measure),
                    selection.regions.iter().copied(),
                ),
            );
        }
        if all_weeks && all_regions {
            total = best(
                total,
                sum_of(
                    m.by_category.measure(measure),
                    selection.categories.iter().copied(),
                ),
            );
        }
        total
    }

    /// Concluded cases of `selection` by attribution outcome, or `None`
    /// when it narrows more than one of week, region and category: no
    /// published total covers it.
    pub fn attributed(&self, selection: &Selection) -> Option<Vec<Total>> {
        let all_weeks = selection.weeks.len() == self.week_count();
        let all_regions = selection.regions.len() == self.regions.len();
        let all_categories = selection.categories.len() == self.categories.len();
        let m = &self.margins;
        let (series, indices): (_, Vec<usize>) = match (all_weeks, all_regions, all_categories) {
            (true, true, true) => (&m.total, vec![0]),
            (_, true, true) => (&m.by_week, selection.weeks.clone().collect()),
            (true, _, true) => (&m.by_region, selection.regions.clone()),
            (true, true, _) => (&m.by_category, selection.categories.clone()),
            _ => return None,
        };
        Some(
            self.outcomes
                .iter()
                .map(|o| {
                    series
                        .attributed
                        .get(&o.code)
                        .map_or(Total::AtLeast(0), |counts| {
                            sum_of(counts, indices.iter().copied())
                        })
                })
                .collect(),
        )
    }

    /// The figures of the statistics page for `selection`.
    pub fn report(&self, selection: &Selection) -> Report {
        let funnel = |s: &Selection| funnel_bounds(Measure::ALL.map(|m| self.total(s, m)));
        let narrowed = |f: &dyn Fn(&mut Selection)| {
            let mut s = selection.clone();
            f(&mut s);
            self.reported(&s)
        };
        let weekly = selection
            .weeks
            .clone()
            .map(|w| {
                let week = self.release.first_week.plus(w as u32);
                (week, narrowed(&|s| s.weeks = w..w + 1))
            })
            .collect();
        let by_region = selection
            .regions
            .iter()
            .map(|&r| (r, narrowed(&|s| s.regions = vec![r])))
            .collect();
        let mut by_category: Vec<(usize, Total)> = selection
            .categories
            .iter()
            .map(|&c| (c, narrowed(&|s| s.categories = vec![c])))
            .collect();
        order_rows(&mut by_category, &|a, b| b.1.floor().cmp(&a.1.floor()));
        Report {
            attributed: self.attributed(selection),
            open_by_age: self.open_cases_by_age(selection),
            funnel: funnel(selection),
            previous: selection.previous().map(|p| funnel(&p)),
            weekly,
            by_region,
            by_category,
            selection: selection.clone(),
        }
    }

    /// The violations reported in `selection` as its funnel gives them
    /// (`funnel_bounds`): where the reports' own counts give only a bound,
    /// the later stages may raise it. A week's, a region's or a type's row
    /// is so the figure that the funnel of its narrower view shows (a
    /// region's page), and both cite the same value. The later stages are
    /// summed only for a bound, which a release with every count published
    /// never has.
    pub fn reported(&self, selection: &Selection) -> Total {
        match self.total(selection, Measure::Reported) {
            exact @ Total::Exact(_) => exact,
            bound => funnel_bounds([
                bound,
                self.total(selection, Measure::Verified),
                self.total(selection, Measure::Referred),
                self.total(selection, Measure::Concluded),
            ])[0],
        }
    }
}

fn sum_of(series: &[Count], indices: impl Iterator<Item = usize>) -> Total {
    Total::sum(indices.map(|i| series[i]))
}

/// The better of two lower bounds of the same count: an exact value, or
/// the larger bound.
fn best(a: Total, b: Total) -> Total {
    match (a, b) {
        (Total::Exact(_), _) => a,
        (_, Total::Exact(_)) => b,
        (Total::AtLeast(x), Total::AtLeast(y)) => Total::AtLeast(x.max(y)),
    }
}

/// Tightens the bounds along the funnel: every concluded case was referred,
/// every referred one verified, every verified one reported, so each stage
/// is at least the stage after it.
///
/// ```
/// use portal::model::count::Total::{AtLeast, Exact};
/// use portal::model::export::funnel_bounds;
/// assert_eq!(
///     funnel_bounds([AtLeast(90), Exact(300), AtLeast(21), Exact(211)]),
///     [AtLeast(300), Exact(300), AtLeast(211), Exact(211)],
/// );
/// ```
pub fn funnel_bounds(mut funnel: [Total; 4]) -> [Total; 4] {
    for i in (0..3).rev() {
        if let Total::AtLeast(n) = funnel[i] {
            funnel[i] = Total::AtLeast(n.max(funnel[i + 1].floor()));
        }
    }
    funnel
}

/// The average of each value and the three before it (where there are
/// three before it), over the known parts of the figures: `None` where any
/// of the four is a bound.
///
/// ```
/// use portal::model::count::Total::{AtLeast, Exact};
/// use portal::model::export::four_week_average;
/// let weeks = [Exact(4), Exact(8), Exact(0), Exact(4), Exact(12), AtLeast(3)];
/// assert_eq!(four_week_average(&weeks), [None, None, None, Some(4.0), Some(6.0), None]);
/// ```
pub fn four_week_average(values: &[Total]) -> Vec<Option<f64>> {
    (0..values.len())
        .map(|i| {
            let window = values.get(i.checked_sub(3)?..=i)?;
            window
                .iter()
                .map(|t| match t {
                    Total::Exact(n) => Some(*n as f64),
                    Total::AtLeast(_) => None,
                })
                .sum::<Option<f64>>()
                .map(|sum| sum / 4.0)
        })
        .collect()
}

/// The change from `previous` to `current` in whole per cent, or `None`
/// where it would not be meaningful: either figure is a bound, or the base
/// is below `k` (zero included). An exact figure is never between 1 and
/// k − 1: such counts are withheld.
///
/// ```
/// use portal::model::count::Total;
/// use portal::model::export::percent_change;
/// assert_eq!(percent_change(Total::Exact(150), Total::Exact(100), 5), Some(50));
/// assert_eq!(percent_change(Total::Exact(150), Total::AtLeast(100), 5), None);
/// assert_eq!(percent_change(Total::Exact(3), Total::Exact(4), 5), None);
/// ```
pub fn percent_change(current: Total, previous: Total, k: u32) -> Option<i64> {
    match (current, previous) {
        (Total::Exact(now), Total::Exact(before)) if before >= u64::from(k) => {
            let change = (now as f64 - before as f64) / before as f64 * 100.0;
            Some(change.round() as i64)
        }
        _ => None,
    }
}

/// A row of a ranked list: the region's or category's index and its figure.
type Row = (usize, Total);

/// Orders rows `(index, figure)` by `by`, ties by index. Every order goes
/// through this one insertion sort (rows are regions or categories, a few
/// dozen at most): each `sort_by_key` with its own key closure would bring
/// its own copy of the standard library's sort into the wasm.
pub(crate) fn order_rows(rows: &mut [Row], by: &dyn Fn(&Row, &Row) -> std::cmp::Ordering) {
    crate::model::sort_small(rows, &|a, b| by(a, b).then(a.0.cmp(&b.0)).is_lt());
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{valid, with_open};
    use super::*;
    use crate::model::json_read::FromNode;
    use serde_json::{json, Value};

    #[test]
    fn open_cases_by_age_are_optional_and_cover_the_release_or_its_regions() {
        let without = Export::parse(&valid().to_string()).unwrap();
        assert_eq!(without.open_by_age, None);
        assert!(!serde_json::to_string(&without)
            .unwrap()
            .contains("open_by_age"));
        let e = Export::parse(&with_open().to_string()).unwrap();
        let all = Selection {
            weeks: 0..2,
            regions: vec![0, 1],
            categories: vec![0, 1],
        };
        assert_eq!(without.open_cases_by_age(&all), None);
        let exact = |n: [u64; 4]| Some(n.map(Total::Exact).to_vec());
        assert_eq!(e.open_cases_by_age(&all), exact([10, 15, 0, 0]));
        let region = Selection {
            regions: vec![1],
            ..all.clone()
        };
        assert_eq!(e.open_cases_by_age(&region), exact([5, 10, 0, 0]));
        for narrower in [
            Selection {
                weeks: 1..2,
                ..all.clone()
            },
            Selection {
                categories: vec![0],
                ..all.clone()
            },
        ] {
            assert_eq!(e.open_cases_by_age(&narrower), None, "{narrower:?}");
        }
        let mut withheld = with_open();
        withheld["open_by_age"]["by_region"]["w5-12"] = json!([null, null]);
        withheld["cells"]["referred"][0] = Value::Null;
        withheld["cells"]["referred"][2] = Value::Null;
        withheld["margins"]["by_region"]["referred"] = json!([null, null]);
        let e = Export::read(&withheld).unwrap();
        assert_eq!(
            e.open_cases_by_age(&region),
            Some(vec![
                Total::Exact(5),
                Total::AtLeast(0),
                Total::Exact(0),
                Total::Exact(0)
            ])
        );
    }
}
