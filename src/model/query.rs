//! What a reader of the statistics has selected (period, regions,
//! categories, the region table's order, an archived release), as it lives
//! in the URL query, and its resolution against an export into a
//! [`Selection`]. The figures for a selection are the export's
//! (`export::figures`); this module depends on the export, never the
//! other way round.
//!
//! Pure code, shared by the prerender step and the explorer in the browser:
//! parsing a query never fails (values it cannot use are set aside with a
//! note to show).

use super::count::Total;
use super::export::{order_rows, Export};
use super::release::check_release_id;
use super::week::IsoWeek;

// The figures of a selection moved to the export; their old paths keep
// working for the views that name them here.
pub use super::export::{four_week_average, funnel_bounds, percent_change, Report, Selection};

/// The period presets, in weeks up to the release's last week.
pub const PRESETS: [u32; 3] = [4, 12, 52];

/// The selected period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// Every week of the release.
    #[default]
    All,
    /// The last `n` weeks of the release.
    Last(u32),
    /// From one week to another, both included.
    Between(IsoWeek, IsoWeek),
}

impl Period {
    /// The `period` value of a preset (`all`, `last-12`); `None` for weeks
    /// chosen by hand, which the URL gives as `from` and `to`.
    pub fn code(self) -> Option<String> {
        match self {
            Period::All => Some("all".to_owned()),
            Period::Last(n) => Some(format!("last-{n}")),
            Period::Between(..) => None,
        }
    }
}

/// The order of the region table: by figure (largest first by default) or
/// by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    FigureDescending,
    FigureAscending,
    NameAscending,
    NameDescending,
}

impl Sort {
    const ALL: [Sort; 4] = [
        Sort::FigureDescending,
        Sort::FigureAscending,
        Sort::NameAscending,
        Sort::NameDescending,
    ];

    /// The value of the `sort` parameter.
    pub fn code(self) -> &'static str {
        match self {
            Sort::FigureDescending => "figure-desc",
            Sort::FigureAscending => "figure-asc",
            Sort::NameAscending => "name-asc",
            Sort::NameDescending => "name-desc",
        }
    }

    pub fn from_code(code: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What a click on the column header does: the other direction when the
    /// table is sorted by that column, else the column's natural direction.
    pub fn toggle(self, by_name: bool) -> Sort {
        match (self, by_name) {
            (Sort::NameAscending, true) => Sort::NameDescending,
            (_, true) => Sort::NameAscending,
            (Sort::FigureDescending, false) => Sort::FigureAscending,
            (_, false) => Sort::FigureDescending,
        }
    }

    /// The `aria-sort` value of the name column and of the figure column.
    pub fn aria(self) -> [&'static str; 2] {
        match self {
            Sort::FigureDescending => ["none", "descending"],
            Sort::FigureAscending => ["none", "ascending"],
            Sort::NameAscending => ["ascending", "none"],
            Sort::NameDescending => ["descending", "none"],
        }
    }

    /// Orders region rows `(index, figure)`; `names` by region index. Ties
    /// keep the export's order.
    pub fn apply(self, rows: &mut [(usize, Total)], names: &[String]) {
        let name = |r: usize| names.get(r).map(|n| super::format::sort_key(n));
        order_rows(rows, &|a, b| match self {
            Sort::FigureDescending => b.1.floor().cmp(&a.1.floor()),
            Sort::FigureAscending => a.1.floor().cmp(&b.1.floor()),
            Sort::NameAscending => name(a.0).cmp(&name(b.0)),
            Sort::NameDescending => name(b.0).cmp(&name(a.0)),
        });
    }
}

/// A selection as the URL states it: `?period=last-12&region=UA-14,UA-09&category=mortar`,
/// or `?from=2026-W10&to=2026-W20`, the region table's order
/// (`sort=name-asc`), and an archived release (`release=sample-2026-W40`)
/// where the view is not of the latest. Empty sets mean "all".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The archived release the figures are of, as the URL names it;
    /// `None` for the latest, at the stable URLs.
    pub release: Option<String>,
    pub period: Period,
    pub regions: Codes,
    pub categories: Codes,
    pub sort: Sort,
}

/// Region or category codes, each once, in order: a sorted `Vec`, which
/// costs the wasm much less code than a `BTreeSet`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Codes(Vec<String>);

impl Codes {
    /// Adds `code`; false when it is there already.
    pub fn insert(&mut self, code: String) -> bool {
        match self.0.binary_search(&code) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, code);
                true
            }
        }
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn contains(&self, code: &str) -> bool {
        self.0.iter().any(|c| c == code)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    /// The codes in order, joined by `separator`.
    pub fn joined(&self, separator: &str) -> String {
        self.0.join(separator)
    }
}

impl FromIterator<String> for Codes {
    fn from_iter<I: IntoIterator<Item = String>>(codes: I) -> Codes {
        let mut set = Codes::default();
        for code in codes {
            set.insert(code);
        }
        set
    }
}

impl Extend<String> for Codes {
    fn extend<I: IntoIterator<Item = String>>(&mut self, codes: I) {
        for code in codes {
            self.insert(code);
        }
    }
}

impl<const N: usize> From<[String; N]> for Codes {
    fn from(codes: [String; N]) -> Codes {
        codes.into_iter().collect()
    }
}

/// A `release` in the URL that cannot be a release id: no archive holds
/// it, and it is not looked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} cannot be a release id")]
pub struct MalformedRelease(pub String);

/// The archived release that a URL's `release` value asks for, before any
/// file is fetched: `None` (no `release`) for the latest, an error for a
/// value that no release can have (the rules of the exporter's ids,
/// [`check_release_id`]). Whether the archive has a well-formed one, its
/// folder says.
///
/// ```
/// use portal::model::query::{release_asked, MalformedRelease};
/// assert_eq!(release_asked(None), Ok(None));
/// assert_eq!(release_asked(Some("sample-2026-W40".into())), Ok(Some("sample-2026-W40".into())));
/// assert_eq!(release_asked(Some("../x".into())), Err(MalformedRelease("../x".into())));
/// ```
pub fn release_asked(value: Option<String>) -> Result<Option<String>, MalformedRelease> {
    match value {
        None => Ok(None),
        Some(id) => match check_release_id("release", &id) {
            Ok(()) => Ok(Some(id)),
            Err(_) => Err(MalformedRelease(id)),
        },
    }
}

/// A query parameter value that was set aside, to tell the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub parameter: String,
    pub value: String,
}

impl Query {
    /// Reads a URL query (with or without the leading `?`). Unknown
    /// parameters, unknown codes and impossible weeks are set aside and
    /// reported, and so is a `release` that `export` is not (the explorer
    /// fetches the release the URL asks for: see [`release_asked`]);
    /// nothing fails.
    pub fn parse(query: &str, export: &Export) -> (Query, Vec<Ignored>) {
        let mut q = Query::default();
        let mut ignored = Vec::new();
        let mut ignore = |parameter: &str, value: &str| {
            ignored.push(Ignored {
                parameter: parameter.to_owned(),
                value: value.to_owned(),
            })
        };
        let (mut from, mut to) = (None, None);
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            match key.as_ref() {
                "period" => match value.as_ref() {
                    "all" => q.period = Period::All,
                    other => match other
                        .strip_prefix("last-")
                        .and_then(|n| n.parse::<u32>().ok())
                        .filter(|n| PRESETS.contains(n))
                    {
                        Some(n) => q.period = Period::Last(n),
                        None => ignore("period", other),
                    },
                },
                "from" | "to" => {
                    let week = value.parse::<IsoWeek>().ok().filter(|w| {
                        *w >= export.release.first_week && *w <= export.release.last_week
                    });
                    match (key.as_ref(), week) {
                        ("from", Some(w)) => from = Some(w),
                        (_, Some(w)) => to = Some(w),
                        (k, None) => ignore(k, &value),
                    }
                }
                "region" => {
                    for code in value.split(',').filter(|c| !c.is_empty()) {
                        if export.regions.iter().any(|r| r.code == code) {
                            q.regions.insert(code.to_owned());
                        } else {
                            ignore("region", code);
                        }
                    }
                }
                "category" => {
                    for code in value.split(',').filter(|c| !c.is_empty()) {
                        if export.categories.iter().any(|c| c.code == code) {
                            q.categories.insert(code.to_owned());
                        } else {
                            ignore("category", code);
                        }
                    }
                }
                "sort" => match Sort::from_code(&value) {
                    Some(sort) => q.sort = sort,
                    None => ignore("sort", &value),
                },
                "release" if value == export.release.release_id => {
                    q.release = Some(export.release.release_id.clone());
                }
                other => ignore(other, &value),
            }
        }
        if from.is_some() || to.is_some() {
            let from = from.unwrap_or(export.release.first_week);
            let to = to.unwrap_or(export.release.last_week);
            if from <= to {
                q.period = Period::Between(from, to);
            } else {
                ignore("to", &to.to_string());
            }
        }
        if q.regions.len() == export.regions.len() {
            q.regions.clear();
        }
        if q.categories.len() == export.categories.len() {
            q.categories.clear();
        }
        (q, ignored)
    }

    /// The canonical query string, without `?`; empty for the default view
    /// of the latest release. Lists keep their commas readable
    /// (`region=UA-09,UA-14`). The values need no escaping: they are the
    /// export's codes and its release id, which validation holds to
    /// letters, digits, '-', '_' and '.' (and an escaper cost the wasm a
    /// 768-byte table).
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        pairs.extend(self.release.as_ref().map(|id| format!("release={id}")));
        match self.period {
            Period::All => {}
            Period::Last(_) => pairs.extend(self.period.code().map(|c| format!("period={c}"))),
            Period::Between(from, to) => {
                pairs.push(format!("from={from}"));
                pairs.push(format!("to={to}"));
            }
        }
        if !self.regions.is_empty() {
            pairs.push(format!("region={}", self.regions.joined(",")));
        }
        if !self.categories.is_empty() {
            pairs.push(format!("category={}", self.categories.joined(",")));
        }
        if self.sort != Sort::default() {
            pairs.push(format!("sort={}", self.sort.code()));
        }
        pairs.join("&")
    }

    /// The week, region and category indices this query selects in `export`.
    pub fn resolve(&self, export: &Export) -> Selection {
        let weeks = export.week_count();
        let first = export.release.first_week;
        let index = |w: IsoWeek| (first.count_to(w) as usize).saturating_sub(1);
        let weeks = match self.period {
            Period::All => 0..weeks,
            Period::Last(n) => weeks.saturating_sub(n as usize)..weeks,
            Period::Between(from, to) => index(from)..(index(to) + 1).min(weeks),
        };
        let pick = |codes: &Codes, all: Vec<&String>| -> Vec<usize> {
            all.iter()
                .enumerate()
                .filter(|(_, code)| codes.is_empty() || codes.contains(code))
                .map(|(i, _)| i)
                .collect()
        };
        Selection {
            weeks,
            regions: pick(
                &self.regions,
                export.regions.iter().map(|r| &r.code).collect(),
            ),
            categories: pick(
                &self.categories,
                export.categories.iter().map(|c| &c.code).collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::count::Count;
    use crate::model::export::Measure;

    #[test]
    fn queries_round_trip_and_bad_values_are_set_aside() {
        let e = Export::shipped_sample();
        let (q, ignored) = Query::parse(
            "?period=last-12&region=UA-14,UA-99&category=mortar&colour=red&sort=name-asc",
            &e,
        );
        assert_eq!(q.period, Period::Last(12));
        assert_eq!(q.regions.iter().collect::<Vec<_>>(), ["UA-14"]);
        assert_eq!(q.categories.iter().collect::<Vec<_>>(), ["mortar"]);
        assert_eq!(
            ignored,
            [
                Ignored {
                    parameter: "region".into(),
                    value: "UA-99".into()
                },
                Ignored {
                    parameter: "colour".into(),
                    value: "red".into()
                },
            ]
        );
        assert_eq!(q.sort, Sort::NameAscending);
        assert_eq!(
            q.to_query_string(),
            "period=last-12&region=UA-14&category=mortar&sort=name-asc"
        );
        assert_eq!(Query::parse(&q.to_query_string(), &e).0, q);
        assert_eq!(Query::default().to_query_string(), "");
        let (q, ignored) = Query::parse("from=2026-W10&to=2026-W05&period=last-7", &e);
        assert_eq!(q.period, Period::All);
        assert_eq!(ignored.len(), 2, "{ignored:?}");
        let (q, _) = Query::parse("from=2026-W10&to=2026-W12", &e);
        assert_eq!(q.resolve(&e).weeks.len(), 3);
    }

    #[test]
    fn the_release_asked_for_is_a_well_formed_id_or_none() {
        assert_eq!(release_asked(None), Ok(None));
        for good in ["sample-2026-W40", "r_1.2", "2026.W40", &"r".repeat(64)] {
            assert_eq!(release_asked(Some(good.into())), Ok(Some(good.into())));
        }
        let too_long = "r".repeat(65);
        for bad in [
            "",
            ".",
            "..",
            "../x",
            "r 1",
            "<b>r</b>",
            "r/1",
            "réléase",
            &too_long,
        ] {
            assert_eq!(
                release_asked(Some(bad.into())),
                Err(MalformedRelease(bad.into())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_release_of_the_export_stays_in_the_query_through_changes() {
        let e = Export::shipped_sample();
        let id = e.release.release_id.clone();
        let (q, ignored) = Query::parse(&format!("?period=last-4&release={id}"), &e);
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(q.release.as_ref(), Some(&id));
        assert_eq!(q.to_query_string(), format!("release={id}&period=last-4"));
        assert_eq!(Query::parse(&q.to_query_string(), &e).0, q);
        let mut changed = q.clone();
        changed.period = Period::All;
        changed.categories.insert("mortar".into());
        changed.sort = Sort::NameDescending;
        assert_eq!(
            changed.to_query_string(),
            format!("release={id}&category=mortar&sort=name-desc")
        );
        assert_eq!(Query::parse(&changed.to_query_string(), &e).0, changed);
        assert_ne!(changed, Query::default(), "another release is another view");

        let (q, ignored) = Query::parse("release=sample-1999-W01&period=last-4", &e);
        assert_eq!(
            q.release, None,
            "figures of another release than the export's"
        );
        assert_eq!(
            ignored,
            [Ignored {
                parameter: "release".into(),
                value: "sample-1999-W01".into()
            }]
        );
        assert_eq!(q.to_query_string(), "period=last-4");
    }

    #[test]
    fn whole_margins_give_exact_totals_where_cells_give_bounds() {
        let e = Export::shipped_sample();
        let all = Query::default().resolve(&e);
        assert_eq!(
            e.total(&all, Measure::Reported),
            match e.margins.total.measures.reported[0] {
                Count::Value(n) => Total::Exact(u64::from(n)),
                Count::Suppressed => unreachable!("the sample's total is published"),
            }
        );
        let cells = Total::sum(e.cells.reported.iter().copied());
        assert!(
            matches!(cells, Total::AtLeast(_)),
            "the sample withholds cells"
        );
        assert!(cells.floor() <= e.total(&all, Measure::Reported).floor());
    }

    /// A row of the region table, of the trend or of the types is the
    /// figure the funnel of its narrower view shows. A region whose reports
    /// are all withheld while its verified violations are published reads
    /// "at least" those in its row, as on its own page, not withheld.
    #[test]
    fn rows_give_the_bound_the_funnel_of_their_view_gives() {
        let (doctored, r) = Export::sample_with_reports_withheld();
        let e = &doctored;
        let all = Query::default().resolve(e);
        let alone = Selection {
            regions: vec![r],
            ..all.clone()
        };
        assert_eq!(e.total(&alone, Measure::Reported), Total::AtLeast(0));
        let row = e.report(&all).by_region.into_iter().find(|(i, _)| *i == r);
        let funnel = e.report(&alone).funnel[0];
        assert!(matches!(funnel, Total::AtLeast(n) if n > 0), "{funnel:?}");
        assert_eq!(row, Some((r, funnel)));
        for e in [Export::shipped_sample(), doctored] {
            let s = Query::default().resolve(&e);
            let report = e.report(&s);
            let narrowed = |f: &dyn Fn(&mut Selection)| {
                let mut n = s.clone();
                f(&mut n);
                e.report(&n).funnel[0]
            };
            for &(r, total) in &report.by_region {
                assert_eq!(total, narrowed(&|n| n.regions = vec![r]), "region {r}");
            }
            for &(c, total) in &report.by_category {
                assert_eq!(total, narrowed(&|n| n.categories = vec![c]), "type {c}");
            }
            for (w, &(week, total)) in report.weekly.iter().enumerate() {
                assert_eq!(total, narrowed(&|n| n.weeks = w..w + 1), "{week}");
            }
        }
    }

    #[test]
    fn region_rows_sort_by_figure_or_name_and_headers_toggle() {
        let names: Vec<String> = ["Lviv", "Kyiv", "Odesa"].map(String::from).into();
        let mut rows = vec![
            (0, Total::Exact(5)),
            (1, Total::AtLeast(9)),
            (2, Total::Exact(5)),
        ];
        Sort::FigureDescending.apply(&mut rows, &names);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 0, 2]);
        Sort::NameAscending.apply(&mut rows, &names);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 0, 2]);
        Sort::NameDescending.apply(&mut rows, &names);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 0, 1]);
        Sort::FigureAscending.apply(&mut rows, &names);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [0, 2, 1]);
        assert_eq!(Sort::default().toggle(false), Sort::FigureAscending);
        assert_eq!(Sort::FigureAscending.toggle(false), Sort::FigureDescending);
        assert_eq!(Sort::default().toggle(true), Sort::NameAscending);
        assert_eq!(Sort::NameAscending.toggle(true), Sort::NameDescending);
        for sort in Sort::ALL {
            assert_eq!(Sort::from_code(sort.code()), Some(sort));
        }
    }

    #[test]
    fn attribution_is_given_where_a_published_total_covers_the_selection() {
        let e = Export::shipped_sample();
        let whole = e.attributed(&Query::default().resolve(&e)).unwrap();
        assert_eq!(whole.len(), e.outcomes.len());
        let concluded = e.total(&Query::default().resolve(&e), Measure::Concluded);
        let sum: u64 = whole.iter().map(|t| t.floor()).sum();
        assert!(sum <= concluded.floor());
        if whole.iter().all(|t| matches!(t, Total::Exact(_))) {
            assert_eq!(Total::Exact(sum), concluded);
        }
        let (one_dimension, _) = Query::parse("period=last-12", &e);
        assert!(e.attributed(&one_dimension.resolve(&e)).is_some());
        let (two_dimensions, _) = Query::parse("period=last-12&region=UA-14", &e);
        assert_eq!(e.attributed(&two_dimensions.resolve(&e)), None);
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        let e = Export::shipped_sample();
        let (q, _) = Query::parse("period=last-4", &e);
        let s = q.resolve(&e);
        let before = s.previous().unwrap();
        assert_eq!(before.weeks.len(), 4);
        assert_eq!(before.weeks.end, s.weeks.start);
        assert!(Query::default().resolve(&e).previous().is_none());
    }
}
