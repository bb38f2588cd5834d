//! What changed from one release to the next, worked out from the figures
//! both releases published and from nothing else, so that a summary reveals
//! nothing that a reader holding both files could not see.
//!
//! Cells are matched by week, region code and category code, so a release
//! that covers more weeks or lists its regions in another order still
//! compares count by count. A withheld count stays [`Count::Suppressed`]:
//! a count that became withheld is counted as such and never as a
//! revision, and the grand totals keep their "at least" bounds.

use super::count::{Count, Total};
use super::export::{Export, Measure};
use super::week::IsoWeek;
use std::collections::HashMap;

/// One published count that differs between two releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    pub measure: Measure,
    pub week: IsoWeek,
    /// ISO 3166-2:UA code.
    pub region: String,
    /// Category code.
    pub category: String,
    pub before: Count,
    pub after: Count,
}

impl CellChange {
    /// By how much the count was revised, when both releases published it.
    ///
    /// ```
    /// use portal::model::count::Count;
    /// use portal::model::export::Measure;
    /// use portal::model::revision::CellChange;
    /// let change = |before, after| CellChange {
    ///     measure: Measure::Reported,
    ///     week: "2026-W40".parse().unwrap(),
    ///     region: "UA-14".into(),
    ///     category: "mortar".into(),
    ///     before,
    ///     after,
    /// };
    /// assert_eq!(change(Count::Value(12), Count::Value(9)).delta(), Some(-3));
    /// assert_eq!(change(Count::Value(12), Count::Suppressed).delta(), None);
    /// ```
    pub fn delta(&self) -> Option<i64> {
        match (self.before, self.after) {
            (Count::Value(a), Count::Value(b)) => Some(i64::from(b) - i64::from(a)),
            _ => None,
        }
    }
}

/// How the published counts of one measure changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MeasureRevision {
    /// Counts published in both releases and higher in the later one.
    pub revised_up: usize,
    /// What those revisions add up to.
    pub up_by: u64,
    /// Counts published in both releases and lower in the later one.
    pub revised_down: usize,
    /// What those revisions take away, as a positive number.
    pub down_by: u64,
    /// Counts the earlier release published and the later one withholds.
    pub became_withheld: usize,
    /// Counts the earlier release withheld and the later one publishes.
    pub first_published: usize,
}

impl MeasureRevision {
    /// Whether nothing of the measure changed in the weeks both cover.
    pub fn is_unchanged(&self) -> bool {
        *self == MeasureRevision::default()
    }
}

/// A change in how the figures are made or laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodChange {
    /// The threshold below which counts are withheld.
    K {
        before: u32,
        after: u32,
    },
    MethodologyVersion {
        before: String,
        after: String,
    },
    Licence {
        before: String,
        after: String,
    },
    /// The first week covered moved.
    FirstWeek {
        before: IsoWeek,
        after: IsoWeek,
    },
    /// Codes added to and removed from a dimension.
    Regions {
        added: Vec<String>,
        removed: Vec<String>,
    },
    Categories {
        added: Vec<String>,
        removed: Vec<String>,
    },
    Outcomes {
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// The optional part of the format with open cases by age appeared
    /// (`true`) or went away.
    OpenByAge {
        published: bool,
    },
}

/// What changed from one release to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Per measure, in the order of [`Measure::ALL`].
    pub measures: [MeasureRevision; 4],
    /// The grand total of each measure, before and after, as the statistics
    /// page gives it: a bound stays [`Total::AtLeast`].
    pub totals: [(Total, Total); 4],
    /// Weeks the later release covers and the earlier did not.
    pub new_weeks: Vec<IsoWeek>,
    /// Weeks both cover in which any published count changed, in order.
    pub revised_weeks: Vec<IsoWeek>,
    /// Every count that changed in the weeks both cover, by week, region,
    /// category and measure.
    pub changes: Vec<CellChange>,
    pub methodology: Vec<MethodChange>,
}

impl Revision {
    /// What changed from `before` to `after`.
    pub fn between(before: &Export, after: &Export) -> Revision {
        let index_in = |codes: Vec<&str>| -> HashMap<String, usize> {
            codes
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c.to_owned(), i))
                .collect()
        };
        let regions = index_in(before.regions.iter().map(|r| r.code.as_str()).collect());
        let categories = index_in(before.categories.iter().map(|c| c.code.as_str()).collect());
        let (first, last) = (before.release.first_week, before.release.last_week);
        let mut revision = Revision {
            measures: [MeasureRevision::default(); 4],
            totals: std::array::from_fn(|i| {
                (before.headline().funnel[i], after.headline().funnel[i])
            }),
            new_weeks: Vec::new(),
            revised_weeks: Vec::new(),
            changes: Vec::new(),
            methodology: methodology_changes(before, after),
        };
        for (w, week) in after.weeks().enumerate() {
            if week < first || week > last {
                revision.new_weeks.push(week);
                continue;
            }
            let bw = first.count_to(week) as usize - 1;
            let changed_before = revision.changes.len();
            for (r, region) in after.regions.iter().enumerate() {
                let Some(&br) = regions.get(&region.code) else {
                    continue;
                };
                for (c, category) in after.categories.iter().enumerate() {
                    let Some(&bc) = categories.get(&category.code) else {
                        continue;
                    };
                    let (i, bi) = (after.cell_index(w, r, c), before.cell_index(bw, br, bc));
                    for (m, measure) in Measure::ALL.into_iter().enumerate() {
                        let (old, new) = (
                            before.cells.measure(measure)[bi],
                            after.cells.measure(measure)[i],
                        );
                        if old == new {
                            continue;
                        }
                        revision.measures[m].count(old, new);
                        revision.changes.push(CellChange {
                            measure,
                            week,
                            region: region.code.clone(),
                            category: category.code.clone(),
                            before: old,
                            after: new,
                        });
                    }
                }
            }
            if revision.changes.len() > changed_before {
                revision.revised_weeks.push(week);
            }
        }
        revision
    }

    /// The `n` revisions of counts published in both releases that moved
    /// furthest, largest first (in the order of [`Revision::changes`] where
    /// they moved as far).
    pub fn largest(&self, n: usize) -> Vec<&CellChange> {
        let mut revised: Vec<(u64, &CellChange)> = self
            .changes
            .iter()
            .filter_map(|c| Some((c.delta()?.unsigned_abs(), c)))
            .collect();
        revised.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
        revised.into_iter().take(n).map(|(_, c)| c).collect()
    }

    /// The change of one count, if it changed.
    pub fn change_of(
        &self,
        measure: Measure,
        week: IsoWeek,
        region: &str,
        category: &str,
    ) -> Option<&CellChange> {
        self.changes.iter().find(|c| {
            c.measure == measure && c.week == week && c.region == region && c.category == category
        })
    }
}

impl MeasureRevision {
    fn count(&mut self, before: Count, after: Count) {
        match (before, after) {
            (Count::Value(a), Count::Value(b)) if b > a => {
                self.revised_up += 1;
                self.up_by += u64::from(b - a);
            }
            (Count::Value(a), Count::Value(b)) => {
                self.revised_down += 1;
                self.down_by += u64::from(a - b);
            }
            (Count::Value(_), Count::Suppressed) => self.became_withheld += 1,
            (Count::Suppressed, Count::Value(_)) => self.first_published += 1,
            (Count::Suppressed, Count::Suppressed) => {}
        }
    }
}

fn methodology_changes(before: &Export, after: &Export) -> Vec<MethodChange> {
    let (b, a) = (&before.release, &after.release);
    let mut changes = Vec::new();
    if b.k != a.k {
        changes.push(MethodChange::K {
            before: b.k,
            after: a.k,
        });
    }
    if b.methodology_version != a.methodology_version {
        changes.push(MethodChange::MethodologyVersion {
            before: b.methodology_version.clone(),
            after: a.methodology_version.clone(),
        });
    }
    if b.licence != a.licence {
        changes.push(MethodChange::Licence {
            before: b.licence.clone(),
            after: a.licence.clone(),
        });
    }
    if b.first_week != a.first_week {
        changes.push(MethodChange::FirstWeek {
            before: b.first_week,
            after: a.first_week,
        });
    }
    let codes = |old: Vec<&String>, new: Vec<&String>| {
        let missing = |from: &[&String], to: &[&String]| -> Vec<String> {
            from.iter()
                .filter(|c| !to.contains(c))
                .map(|c| (*c).clone())
                .collect()
        };
        (missing(&new, &old), missing(&old, &new))
    };
    let (added, removed) = codes(
        before.regions.iter().map(|r| &r.code).collect(),
        after.regions.iter().map(|r| &r.code).collect(),
    );
    if !(added.is_empty() && removed.is_empty()) {
        changes.push(MethodChange::Regions { added, removed });
    }
    let (added, removed) = codes(
        before.categories.iter().map(|c| &c.code).collect(),
        after.categories.iter().map(|c| &c.code).collect(),
    );
    if !(added.is_empty() && removed.is_empty()) {
        changes.push(MethodChange::Categories { added, removed });
    }
    let (added, removed) = codes(
        before.outcomes.iter().map(|o| &o.code).collect(),
        after.outcomes.iter().map(|o| &o.code).collect(),
    );
    if !(added.is_empty() && removed.is_empty()) {
        changes.push(MethodChange::Outcomes { added, removed });
    }
    if before.open_by_age.is_some() != after.open_by_age.is_some() {
        changes.push(MethodChange::OpenByAge {
            published: after.open_by_age.is_some(),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::archive::ReleaseIndex;
    use crate::model::count::Count::{Suppressed, Value};
    use crate::model::export::{Category, ExportRelease, Margins, Outcome, Region, Series};

    fn week(s: &str) -> IsoWeek {
        s.parse().unwrap()
    }

    /// A hand-made export over `weeks` weeks from 2026-W10, the regions and
    /// categories given, with the same cells for every measure; its
    /// margins publish nothing, so every total comes from the cells.
    fn export(weeks: u32, regions: &[&str], categories: &[&str], cells: Vec<Count>) -> Export {
        let texts = |s: &str| [crate::model::Lang::En].map(|l| (l, s.to_owned())).into();
        let withheld = |n: usize| vec![Suppressed; n];
        let margin = |n: usize| Series {
            measures: Measure::ALL.map(|_| withheld(n)).into(),
            attributed: Default::default(),
        };
        Export {
            schema_version: 1,
            release: ExportRelease {
                release_id: "r".into(),
                generated_at: "2026-11-23T06:00:00Z".parse().unwrap(),
                data_as_of: "2026-11-22".parse().unwrap(),
                first_week: week("2026-W10"),
                last_week: week("2026-W10").plus(weeks - 1),
                methodology_version: "1.0".into(),
                k: 5,
                sample: true,
                licence: "CC BY 4.0".into(),
                sha256: String::new(),
            },
            regions: regions
                .iter()
                .map(|c| Region {
                    code: (*c).into(),
                    name: texts(c),
                })
                .collect(),
            categories: categories
                .iter()
                .map(|c| Category {
                    code: (*c).into(),
                    label: texts(c),
                    description: texts(c),
                })
                .collect(),
            outcomes: vec![Outcome {
                code: "undetermined".into(),
                label: texts("undetermined"),
            }],
            cells: Measure::ALL.map(|_| cells.clone()).into(),
            margins: Margins {
                by_week: margin(weeks as usize),
                by_region: margin(regions.len()),
                by_category: margin(categories.len()),
                total: margin(1),
            },
            open_by_age: None,
        }
    }

    #[test]
    fn revisions_up_and_down_are_counted_and_added_up_per_measure() {
        let before = export(
            1,
            &["UA-14"],
            &["a", "b", "c"],
            vec![Value(10), Value(20), Value(7)],
        );
        let after = export(
            1,
            &["UA-14"],
            &["a", "b", "c"],
            vec![Value(12), Value(15), Value(7)],
        );
        let revision = Revision::between(&before, &after);
        let expected = MeasureRevision {
            revised_up: 1,
            up_by: 2,
            revised_down: 1,
            down_by: 5,
            ..MeasureRevision::default()
        };
        assert_eq!(revision.measures, [expected; 4]);
        assert_eq!(revision.revised_weeks, [week("2026-W10")]);
        assert!(revision.new_weeks.is_empty());
        assert!(revision.methodology.is_empty());
        assert_eq!(revision.totals[0], (Total::Exact(37), Total::Exact(34)));
        let largest = revision.largest(1);
        assert_eq!(
            (largest[0].category.as_str(), largest[0].delta()),
            ("b", Some(-5))
        );
    }

    #[test]
    fn withheld_counts_are_never_revisions_and_totals_stay_bounds() {
        let before = export(
            1,
            &["UA-14"],
            &["a", "b", "c"],
            vec![Value(10), Suppressed, Suppressed],
        );
        let after = export(
            1,
            &["UA-14"],
            &["a", "b", "c"],
            vec![Suppressed, Value(6), Suppressed],
        );
        let revision = Revision::between(&before, &after);
        let expected = MeasureRevision {
            became_withheld: 1,
            first_published: 1,
            ..MeasureRevision::default()
        };
        assert_eq!(revision.measures[3], expected);
        assert_eq!(revision.totals[3], (Total::AtLeast(10), Total::AtLeast(6)));
        assert!(
            revision.largest(5).is_empty(),
            "nothing was revised as a number"
        );
        assert_eq!(
            revision.changes.len(),
            2 * 4,
            "the unchanged withheld count is no change"
        );
    }

    #[test]
    fn cells_are_matched_by_code_and_new_weeks_are_told_apart() {
        let before = export(1, &["UA-14", "UA-09"], &["a"], vec![Value(10), Value(20)]);
        let mut after = export(
            2,
            &["UA-09", "UA-14"],
            &["a"],
            vec![Value(20), Value(10), Value(5), Value(0)],
        );
        after.release.k = 10;
        after.release.methodology_version = "1.1".into();
        let revision = Revision::between(&before, &after);
        assert!(revision.changes.is_empty(), "{:?}", revision.changes);
        assert_eq!(revision.new_weeks, [week("2026-W11")]);
        assert_eq!(
            revision.methodology,
            [
                MethodChange::K {
                    before: 5,
                    after: 10
                },
                MethodChange::MethodologyVersion {
                    before: "1.0".into(),
                    after: "1.1".into()
                }
            ]
        );
        assert_eq!(revision.totals[0].1, Total::Exact(35));
    }

    #[test]
    fn dimensions_added_and_removed_are_methodology_changes() {
        let before = export(1, &["UA-14"], &["a", "b"], vec![Value(10), Value(0)]);
        let after = export(1, &["UA-14"], &["a", "c"], vec![Value(10), Value(9)]);
        let revision = Revision::between(&before, &after);
        assert!(
            revision.changes.is_empty(),
            "a new category has nothing to revise"
        );
        assert_eq!(
            revision.methodology,
            [MethodChange::Categories {
                added: vec!["c".into()],
                removed: vec!["b".into()]
            }]
        );
    }

    fn shipped_series() -> Vec<Export> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/public/data");
        let index = std::fs::read_to_string(format!("{dir}/releases.json")).unwrap();
        ReleaseIndex::parse(&index)
            .unwrap()
            .releases
            .iter()
            .map(|r| {
                let path = format!("{dir}/releases/{}/export.json", r.release_id);
                Export::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
            })
            .collect()
    }

    /// Each release of the shipped series against the one before: the
    /// changes rebuild the later release's counts from the earlier one's,
    /// the summary adds them up, and only the weeks the monthly batches
    /// revise (the latest four, and older ones whose age is a multiple of
    /// four) changed.
    #[test]
    fn the_shipped_series_is_summarised_from_its_published_counts() {
        let series = shipped_series();
        assert!(series.len() >= 2);
        let mut revised_some = false;
        for pair in series.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            let revision = Revision::between(before, after);
            let mut rebuilt = before.cells.clone();
            for c in &revision.changes {
                let w = before.release.first_week.count_to(c.week) as usize - 1;
                let r = before
                    .regions
                    .iter()
                    .position(|r| r.code == c.region)
                    .unwrap();
                let k = before
                    .categories
                    .iter()
                    .position(|k| k.code == c.category)
                    .unwrap();
                let i = before.cell_index(w, r, k);
                let cells = rebuilt.measure_mut(c.measure);
                assert_eq!(cells[i], c.before);
                cells[i] = c.after;
            }
            let common = before.cells.reported.len();
            for m in Measure::ALL {
                assert_eq!(
                    rebuilt.measure(m),
                    &after.cells.measure(m)[..common],
                    "{}: {m:?}",
                    after.release.release_id
                );
            }
            for (m, summary) in revision.measures.iter().enumerate() {
                let of = |f: &dyn Fn(&CellChange) -> bool| {
                    revision
                        .changes
                        .iter()
                        .filter(|c| c.measure == Measure::ALL[m] && f(c))
                        .count()
                };
                assert_eq!(
                    summary.revised_up,
                    of(&|c| c.delta().is_some_and(|d| d > 0))
                );
                assert_eq!(
                    summary.revised_down,
                    of(&|c| c.delta().is_some_and(|d| d < 0))
                );
                assert_eq!(summary.became_withheld, of(&|c| c.after == Suppressed));
                assert_eq!(summary.first_published, of(&|c| c.before == Suppressed));
            }
            let last = after.release.last_week;
            for w in &revision.revised_weeks {
                let age = w.count_to(last) - 1;
                assert!(
                    age < 4 || age % 4 == 0,
                    "{}: week {w} (age {age}) is not due for revision",
                    after.release.release_id
                );
            }
            assert_eq!(revision.new_weeks, [last]);
            assert!(revision.methodology.is_empty());
            revised_some |= revision.measures.iter().any(|m| !m.is_unchanged());
        }
        assert!(revised_some, "the sample series revises its weeks");
    }
}
