//! The statistics page's figures for one selection: the funnel with the
//! change on the period before, the weekly trend as SVG with a table
//! alternative, the tile map, and the figures by type, by region and of
//! the Special Commission, one file each. Prerendered, so all of it reads
//! without JavaScript.

mod funnel;
mod tables;
mod tile_map;
mod trend;

use super::figure_citation::Cite;
use super::html::{raw, Html};
use crate::locale::Texts;
use crate::model::citation::{Figure, Named};
use crate::model::export::{Export, Measure};
use crate::model::format::sort_key;
use crate::model::query::{Codes, Report, Sort};
use crate::model::text::Translations;
use crate::model::Lang;
use leptos::prelude::*;

pub use funnel::Funnel;
pub use tile_map::TileMap;
pub use trend::WeeklyTrend;

/// The labels a report needs from the export, in the page's language, each
/// list in the export's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Region codes.
    pub codes: Vec<String>,
    pub regions: Vec<String>,
    pub category_codes: Vec<String>,
    pub categories: Vec<String>,
    /// Attribution outcomes (a party, or undetermined).
    pub outcomes: Vec<String>,
}

impl Labels {
    /// The regions' and the types' codes with their names, as citations
    /// take them.
    pub fn named(&self) -> (Named<'_>, Named<'_>) {
        (
            Named {
                codes: &self.codes,
                names: &self.regions,
            },
            Named {
                codes: &self.category_codes,
                names: &self.categories,
            },
        )
    }

    pub fn new(export: &Export, lang: Lang) -> Labels {
        let label = |t: &Translations| t.get(&lang).cloned().unwrap_or_default();
        Labels {
            codes: export.regions.iter().map(|r| r.code.clone()).collect(),
            regions: export.regions.iter().map(|r| label(&r.name)).collect(),
            category_codes: export.categories.iter().map(|c| c.code.clone()).collect(),
            categories: export.categories.iter().map(|c| label(&c.label)).collect(),
            outcomes: export.outcomes.iter().map(|o| label(&o.label)).collect(),
        }
    }

    /// The types' codes with their names, in the export's order.
    pub fn categories_named(&self) -> Vec<(String, String)> {
        self.category_codes
            .iter()
            .cloned()
            .zip(self.categories.iter().cloned())
            .collect()
    }

    /// The regions' codes with their names, in the order a reader looks
    /// for a name in a list: alphabetical in the page's language (the
    /// export's order is by ISO code, which reads as a broken alphabet).
    pub fn regions_by_name(&self) -> Vec<(String, String)> {
        let mut regions: Vec<_> = self
            .codes
            .iter()
            .cloned()
            .zip(self.regions.iter().cloned())
            .collect();
        regions.sort_by_cached_key(|(_, name)| sort_key(name));
        regions
    }
}

/// The figures of one selection. `sortable` says whether the region
/// table's header buttons work here: not in the prerendered page, where
/// they stay disabled until the explorer takes over.
#[component]
pub fn StatisticsReport(
    lang: Lang,
    report: Report,
    labels: Labels,
    k: u32,
    sort: Sort,
    sortable: bool,
    cite: Cite,
) -> impl IntoView {
    raw(report_html(
        &Texts::new(lang),
        &report,
        &labels,
        k,
        (sort, sortable),
        &cite,
    )
    .0)
}

/// The markup of [`StatisticsReport`], which the explorer also sets as
/// `inner_html` in the browser (`drawn`): there the region table's sort
/// buttons work, and what a reader sees only in an opened `<details>` (the
/// table of weeks, the citations' texts) is left for later, written when it
/// is opened (the parts, see [`Html::later`]). Each stage of the funnel and
/// each region's row offer their citation (`cite`).
pub fn report_html(
    t: &Texts,
    report: &Report,
    labels: &Labels,
    k: u32,
    (sort, drawn): (Sort, bool),
    cite: &Cite,
) -> (String, Vec<String>) {
    let h = &mut match drawn {
        true => Html::deferring(),
        false => Html::new(),
    };
    funnel::funnel(h, t, report, k, Some((cite, labels)));
    trend::weekly_trend(h, t, report, "0");
    tile_map::tile_map(h, t, report, labels, "");
    tables::by_category(h, t, report, labels);
    tables::by_region(h, t, report, labels, (sort, drawn), cite);
    tables::commission(h, t, report, labels);
    std::mem::take(h).finish_parts()
}

/// What a figure of `report` counts: `measure` over its selection, or over
/// one region of it (`region`); none when it selects no week.
fn figure_of(
    report: &Report,
    labels: &Labels,
    measure: Measure,
    region: Option<usize>,
) -> Option<Figure> {
    let codes = |picked: &[usize], all: &[String]| -> Codes {
        match picked.len() == all.len() {
            true => Codes::default(),
            false => picked.iter().filter_map(|&i| all.get(i).cloned()).collect(),
        }
    };
    let s = &report.selection;
    Some(Figure {
        measure,
        regions: match region {
            Some(r) => codes(&[r], &labels.codes),
            None => codes(&s.regions, &labels.codes),
        },
        categories: codes(&s.categories, &labels.category_codes),
        weeks: (report.weekly.first()?.0, report.weekly.last()?.0),
    })
}

#[cfg(test)]
mod tests {
    use super::funnel::funnel;
    use super::*;

    /// The change on the period before and the 4-week average as each
    /// language writes numbers: the minus sign, the per cent sign's space,
    /// the decimal comma; the chart's coordinates stay SVG numbers.
    #[test]
    fn the_figures_are_written_as_each_language_writes_numbers() {
        let export = crate::model::export::Export::shipped_sample();
        let (query, _) = crate::model::query::Query::parse("?period=last-12", &export);
        let report = export.report(&query.resolve(&export));
        let labels = Labels::new(&export, Lang::En);
        let cite = Cite::new(&export, &query, "https://p.example".into(), None);
        let written = |lang| {
            let t = Texts::new(lang);
            report_html(
                &t,
                &report,
                &labels,
                export.release.k,
                (Sort::default(), false),
                &cite,
            )
            .0
        };
        let changes = |html: &str| -> Vec<String> {
            html.split("class=\"funnel__change\">")
                .skip(1)
                .map(|s| s.split('<').next().unwrap_or_default().to_owned())
                .collect()
        };
        for (lang, space, point) in [
            (Lang::En, "", "."),
            (Lang::Uk, "\u{a0}", ","),
            (Lang::De, "\u{a0}", ","),
            (Lang::Fr, "\u{202f}", ","),
        ] {
            let html = written(lang);
            let with_percent: Vec<String> = changes(&html)
                .into_iter()
                .filter(|c| c.contains('%'))
                .collect();
            assert!(!with_percent.is_empty(), "{lang}: no change in per cent");
            for change in with_percent {
                let before = change.split('%').next().unwrap_or_default();
                let digits = before.strip_suffix(space).unwrap_or_default();
                assert!(
                    digits.ends_with(|c: char| c.is_ascii_digit()),
                    "{lang}: {change:?}"
                );
                assert!(
                    !change.contains('-'),
                    "{lang}: hyphen for minus in {change:?}"
                );
            }
            let averages: Vec<&str> = html
                .split("</td><td>")
                .skip(1)
                .map(|s| s.split('<').next().unwrap_or_default())
                .filter(|s| !s.is_empty())
                .collect();
            assert!(!averages.is_empty(), "{lang}: no average");
            for average in averages {
                let other = if point == "." { "," } else { "." };
                assert!(
                    average.contains(point) && !average.contains(other),
                    "{lang}: {average:?}"
                );
            }
            let coordinates = html.split(" x=\"").nth(1).unwrap_or_default();
            assert!(
                coordinates
                    .split('"')
                    .next()
                    .unwrap_or_default()
                    .contains('.'),
                "{lang}"
            );
        }
    }

    /// Every stage of the funnel and every region's row has its citation
    /// under its anchor, which the permalink names; the widgets' funnel
    /// has none.
    #[test]
    fn each_stage_and_region_row_is_citable() {
        let export = crate::model::export::Export::shipped_sample();
        let (query, _) = crate::model::query::Query::parse("?period=last-4", &export);
        let report = export.report(&query.resolve(&export));
        let labels = Labels::new(&export, Lang::En);
        let cite = Cite::new(&export, &query, "https://p.example".into(), None);
        let t = Texts::new(Lang::En);
        let html = report_html(&t, &report, &labels, 5, (Sort::default(), false), &cite).0;
        let regions = export.regions.len();
        // Drawn by the explorer, each citation's text and the table of
        // weeks are left for later, with their numbers.
        let (drawn, later) = report_html(&t, &report, &labels, 5, (Sort::default(), true), &cite);
        assert_eq!(drawn.matches("data-testid=\"cite\"").count(), 4 + regions);
        assert!(!drawn.contains("data-canonical"));
        assert_eq!(later.len(), 1 + 4 + regions);
        for (i, part) in later.iter().enumerate() {
            assert!(drawn.contains(&format!("data-later=\"{i}\"></")), "{i}");
            assert!(
                html.contains(part.as_str()),
                "part {i} is the page's markup"
            );
        }
        assert_eq!(html.matches("data-testid=\"cite\"").count(), 4 + regions);
        assert_eq!(
            html.matches("data-canonical=\"release=").count(),
            4 + regions
        );
        let release = &export.release.release_id;
        for anchor in ["figure-reported", "figure-concluded", "region-UA-14"] {
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{anchor}");
            assert!(html.contains(&format!(
                "href=\"https://p.example/en/statistics/?release={release}&amp;period=last-4#{anchor}\""
            )));
        }
        let h = &mut Html::new();
        funnel(h, &t, &report, 5, None);
        let widget = std::mem::take(h).finish();
        assert!(
            !widget.contains("data-testid=\"cite\"") && !widget.contains("id=\"figure-"),
            "{widget}"
        );
    }

    /// A region's row on the statistics page and the first stage of the
    /// funnel on the region's page cite one figure: the same canonical
    /// form, so the same value and fingerprint, also where the region's
    /// reports give only a bound that its later stages raise.
    #[test]
    fn a_region_row_and_its_pages_funnel_cite_the_same_figure() {
        let (export, raised) = crate::model::export::Export::sample_with_reports_withheld();
        let t = Texts::new(Lang::En);
        let labels = Labels::new(&export, Lang::En);
        let page = |query: &crate::model::query::Query| {
            let report = export.report(&query.resolve(&export));
            let cite = Cite::new(&export, query, "https://p.example".into(), None);
            report_html(&t, &report, &labels, 5, (Sort::default(), false), &cite).0
        };
        // The canonical form of the citation under the element `id`.
        let canonical = |html: &str, id: &str| -> String {
            let after = html
                .split(&format!(" id=\"{id}\""))
                .nth(1)
                .unwrap_or_default();
            let form = after.split("data-canonical=\"").nth(1).unwrap_or_default();
            form.split('"').next().unwrap_or_default().to_owned()
        };
        let all = page(&Default::default());
        for (r, code) in export.regions.iter().map(|r| &r.code).enumerate() {
            let region = crate::model::query::Query {
                regions: [code.clone()].into(),
                ..Default::default()
            };
            let row = canonical(&all, &format!("region-{code}"));
            assert!(row.starts_with("release="), "{code}: {row:?}");
            assert_eq!(row, canonical(&page(&region), "figure-reported"), "{code}");
            if r == raised {
                assert!(row.contains("\nvalue=at-least "), "{code}: {row:?}");
            }
        }
    }
}
