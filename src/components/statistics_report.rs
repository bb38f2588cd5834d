//! The statistics page's figures for one selection: the funnel with the
//! change on the period before, the weekly trend as SVG with a table
//! alternative, and the figures by type and by region. Prerendered, so all
//! of it reads without JavaScript.

use super::figure_citation::{figure_citation, stage_anchor, Cite, Cited};
use super::headline::{count_html, total_html};
use super::html::{raw, Html};
use crate::locale::{Texts, T};
use crate::model::citation::{Figure, Named};
use crate::model::count::{Count, Total, SUPPRESSED_SYMBOL};
use crate::model::export::{Export, Measure};
use crate::model::format::{
    at_least_sign, colon, decimal, number, one_decimal, percent, sort_key, total_text,
};
use crate::model::query::{four_week_average, percent_change, Codes, Report, Sort};
use crate::model::text::Translations;
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

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
    ))
}

/// The markup of [`StatisticsReport`], which the explorer also sets as
/// `inner_html` in the browser. Each stage of the funnel and each region's
/// row offer their citation (`cite`).
pub fn report_html(
    t: &Texts,
    report: &Report,
    labels: &Labels,
    k: u32,
    (sort, sortable): (Sort, bool),
    cite: &Cite,
) -> String {
    let h = &mut Html::new();
    funnel(h, t, report, k, Some((cite, labels)));
    weekly_trend(h, t, report, "0");
    tile_map(h, t, report, labels, "");
    h.el_with(
        "section",
        &[
            ("class", "report"),
            ("aria-labelledby", "categories-heading"),
        ],
        |h| {
            h.el(
                "h2",
                &[("id", "categories-heading")],
                &t[T::stats_by_category],
            )
            .el_with("ol", &[("class", "ranked")], |h| {
                for &(c, total) in &report.by_category {
                    h.el_with("li", &[], |h| {
                        h.el(
                            "span",
                            &[],
                            labels.categories.get(c).map_or("", String::as_str),
                        )
                        .text(" ");
                        total_html(h, t, total);
                    });
                }
            });
        },
    );
    let mut rows = report.by_region.clone();
    sort.apply(&mut rows, &labels.regions);
    let aria = sort.aria();
    let disabled = if sortable { "" } else { "disabled" };
    h.el_with(
        "section",
        &[("class", "report"), ("aria-labelledby", "regions-heading")],
        |h| {
            h.el("h2", &[("id", "regions-heading")], &t[T::stats_by_region])
                .el_with(
                    "table",
                    &[("class", "data-table"), ("data-testid", "region-table")],
                    |h| {
                        h.el_with("thead", &[], |h| {
                            h.el_with("tr", &[], |h| {
                                // The name column, then the figure column: each
                                // button sorts by its own.
                                for (by_name, heading, aria) in [
                                    (true, T::stats_region, aria[0]),
                                    (false, T::stats_reported_heading, aria[1]),
                                ] {
                                    h.el_with(
                                        "th",
                                        &[("scope", "col"), ("aria-sort", aria)],
                                        |h| {
                                            h.el(
                                                "button",
                                                &[
                                                    ("type", "button"),
                                                    ("class", "sort"),
                                                    ("data-sort", sort.toggle(by_name).code()),
                                                    (disabled, ""),
                                                ],
                                                &t[heading],
                                            );
                                        },
                                    );
                                }
                                h.el(
                                    "th",
                                    &[("scope", "col"), ("class", "cite-column")],
                                    &t[T::cite_column],
                                );
                            });
                        })
                        .el_with("tbody", &[], |h| {
                            for &(r, total) in &rows {
                                region_row(h, t, report, labels, cite, (r, total));
                            }
                        });
                    },
                );
        },
    );
    commission(h, t, report, labels);
    std::mem::take(h).finish()
}

/// A row of the region table: the region, its figure and the figure's
/// citation.
fn region_row(
    h: &mut Html,
    t: &Texts,
    report: &Report,
    labels: &Labels,
    cite: &Cite,
    (r, total): (usize, Total),
) {
    let name = labels.regions.get(r).map_or("", String::as_str);
    let code = labels.codes.get(r).map_or("", String::as_str);
    let anchor = format!("region-{code}");
    h.el_with("tr", &[("id", &anchor)], |h| {
        h.el("th", &[("scope", "row")], name)
            .el_with("td", &[], |h| total_html(h, t, total))
            .el_with("td", &[], |h| {
                if let Some(figure) = figure_of(report, labels, Measure::Reported, Some(r)) {
                    let cited = Cited {
                        figure,
                        value: total,
                        anchor: &anchor,
                        name,
                    };
                    figure_citation(h, t, cite, labels.named(), &cited);
                }
            });
    });
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

/// The verification funnel of a selection, each stage with its change on
/// the period of equal length before and, on the statistics page, its
/// citation (`cite`), and what the symbols mean.
fn funnel(h: &mut Html, t: &Texts, report: &Report, k: u32, cite: Option<(&Cite, &Labels)>) {
    h.el_with(
        "section",
        &[("class", "report"), ("aria-labelledby", "funnel-heading")],
        |h| {
            h.el("h2", &[("id", "funnel-heading")], &t[T::stats_funnel])
                .el_with(
                    "ol",
                    &[("class", "funnel"), ("data-testid", "funnel")],
                    |h| {
                        for (i, m) in Measure::ALL.into_iter().enumerate() {
                            stage(h, t, report, (i, m), k, cite);
                        }
                    },
                );
            legend(h, t);
        },
    );
}

/// The funnel's stage `i`, of measure `m`.
fn stage(
    h: &mut Html,
    t: &Texts,
    report: &Report,
    (i, m): (usize, Measure),
    k: u32,
    cite: Option<(&Cite, &Labels)>,
) {
    let change = match report.previous {
        None => t[T::stats_no_previous].to_owned(),
        Some(previous) => match percent_change(report.funnel[i], previous[i], k) {
            Some(p) => format!("{} {}", percent(p, t.lang), &t[T::stats_change_figure]),
            None => format!(
                "{}{}{}",
                &t[T::stats_change],
                colon(t.lang),
                &t[T::stats_not_meaningful]
            ),
        },
    };
    // The name before the figure, as it is read out: after a number it
    // would have to agree with it ("1 violations", Ukrainian's three
    // plural forms). The page shows it in this order too: a Ukrainian
    // name drawn under its figure reads as one phrase with it ("8 000
    // повідомлені порушення", review of issue 15, #9).
    let anchor = stage_anchor(m);
    let id = if cite.is_some() { "id" } else { "" };
    h.el_with("li", &[("class", "funnel__step"), (id, &anchor)], |h| {
        h.el("span", &[("class", "funnel__name")], t.measure(m))
            .el_with("span", &[("class", "funnel__value")], |h| {
                total_html(h, t, report.funnel[i])
            })
            .el("span", &[("class", "funnel__change")], &change);
        if let Some((cite, labels)) = cite {
            if let Some(figure) = figure_of(report, labels, m, None) {
                let cited = Cited {
                    figure,
                    value: report.funnel[i],
                    anchor: &anchor,
                    name: t.measure(m),
                };
                figure_citation(h, t, cite, labels.named(), &cited);
            }
        }
    });
}

/// [`funnel`] on its own, for the widgets.
#[component]
pub fn Funnel(lang: Lang, report: Report, k: u32) -> impl IntoView {
    let h = &mut Html::new();
    funnel(h, &Texts::new(lang), &report, k, None);
    raw(std::mem::take(h).finish())
}

/// [`weekly_trend`] on its own, for the widgets, with what the symbols
/// mean where it shows any (on the statistics page the funnel says it).
#[component]
pub fn WeeklyTrend(lang: Lang, report: Report) -> impl IntoView {
    let (h, t) = (&mut Html::new(), &Texts::new(lang));
    // In a news article a keyboard user would tab through every week (the
    // sample's release has 47): the bars keep their names for screen
    // readers, and the table below has the same figures.
    weekly_trend(h, t, &report, "-1");
    legend_if_needed(h, t, report.weekly.iter().map(|(_, total)| total));
    raw(std::mem::take(h).finish())
}

/// [`tile_map`] on its own, for the widgets, with what the symbols mean
/// where it shows any. `filter` (`?` and a query, or empty) goes with each
/// tile's link, so that a region's page opens on the same type and period.
#[component]
pub fn TileMap(lang: Lang, report: Report, labels: Labels, filter: String) -> impl IntoView {
    let (h, t) = (&mut Html::new(), &Texts::new(lang));
    tile_map(h, t, &report, &labels, &filter);
    legend_if_needed(h, t, report.by_region.iter().map(|(_, total)| total));
    raw(std::mem::take(h).finish())
}

/// The [`legend`], if any of `shown` is withheld or a bound.
pub(crate) fn legend_if_needed<'a>(
    h: &mut Html,
    t: &Texts,
    mut shown: impl Iterator<Item = &'a Total>,
) {
    if shown.any(|total| matches!(total, Total::AtLeast(_))) {
        legend(h, t);
    }
}

/// What the Special Commission has done with the selected violations:
/// referred, concluded, and the concluded cases by attribution, where the
/// published totals cover the selection.
fn commission(h: &mut Html, t: &Texts, report: &Report, labels: &Labels) {
    h.el_with(
        "section",
        &[
            ("class", "report"),
            ("aria-labelledby", "commission-heading"),
        ],
        |h| {
            h.el(
                "h2",
                &[("id", "commission-heading")],
                &t[T::stats_commission],
            )
            .el_with("dl", &[("class", "figures")], |h| {
                for (m, i) in [(Measure::Referred, 2), (Measure::Concluded, 3)] {
                    h.el_with("div", &[("class", "figure")], |h| {
                        h.el("dt", &[], t.measure(m))
                            .el_with("dd", &[], |h| total_html(h, t, report.funnel[i]));
                    });
                }
            });
            match &report.attributed {
                Some(totals) => {
                    let rows: Vec<_> = labels
                        .outcomes
                        .iter()
                        .map(String::as_str)
                        .zip(totals)
                        .collect();
                    cases_table(
                        h,
                        t,
                        ("attribution", T::stats_attributed, T::stats_outcome),
                        &rows,
                    );
                }
                None => {
                    h.el(
                        "p",
                        &[("data-testid", "attribution")],
                        &t[T::stats_attribution_not_published],
                    );
                }
            }
            match &report.open_by_age {
                Some(totals) => {
                    // In the order of `model::age::AGE_BANDS`, which validation
                    // holds every export to.
                    let names = [T::age_w0_4, T::age_w5_12, T::age_w13_26, T::age_w27_plus];
                    let rows: Vec<_> = names.into_iter().map(|name| &t[name]).zip(totals).collect();
                    cases_table(
                        h,
                        t,
                        ("open-by-age", T::stats_open_by_age, T::stats_age),
                        &rows,
                    );
                }
                None => {
                    h.el(
                        "p",
                        &[("data-testid", "open-by-age")],
                        &t[T::stats_open_not_published],
                    );
                }
            }
        },
    );
}

/// A table of cases by some grouping (attribution outcome, age band):
/// `(test id, caption, the grouping's heading)`, then each group's name
/// and figure.
fn cases_table(
    h: &mut Html,
    t: &Texts,
    (testid, caption, heading): (&str, T, T),
    rows: &[(&str, &Total)],
) {
    h.el_with(
        "table",
        &[("class", "data-table"), ("data-testid", testid)],
        |h| {
            h.el("caption", &[], &t[caption])
                .el_with("thead", &[], |h| {
                    h.el_with("tr", &[], |h| {
                        h.el("th", &[("scope", "col")], &t[heading]).el(
                            "th",
                            &[("scope", "col")],
                            &t[T::stats_cases],
                        );
                    });
                })
                .el_with("tbody", &[], |h| {
                    for &(name, &total) in rows {
                        h.el_with("tr", &[], |h| {
                            h.el("th", &[("scope", "row")], name)
                                .el_with("td", &[], |h| total_html(h, t, total));
                        });
                    }
                });
        },
    );
}

/// What the symbol and "at least" mean, with the way to the methodology.
fn legend(h: &mut Html, t: &Texts) {
    h.el_with(
        "div",
        &[("class", "legend"), ("data-testid", "legend")],
        |h| {
            h.el_with("p", &[], |h| {
                count_html(h, t, Count::Suppressed);
                h.text(" = ")
                    .text(&t[T::stats_withheld])
                    .text(". ")
                    .text(&t[T::stats_bound_note])
                    .text(" ")
                    .el(
                        "a",
                        &[("href", &Route::Page(t.lang, Page::Methodology).href())],
                        &t[T::stats_why],
                    );
            });
        },
    );
}

/// An SVG coordinate or length to one decimal place: SVG's own number
/// format, whatever the page's language.
fn coordinate(x: f64) -> String {
    one_decimal(x, '.', '-')
}

/// The trend's view box, in whole units (see [`coordinate`]).
const TREND_WIDTH: u32 = 640;
const TREND_HEIGHT: u32 = 200;

/// Bars per week (reported violations), hatched where the figure is a
/// bound, and the 4-week average as a line; a summary for screen readers
/// and the same numbers as a table. Each bar is named by its week and
/// figure, and in the tab order where `bar_tabindex` is "0".
fn weekly_trend(h: &mut Html, t: &Texts, report: &Report, bar_tabindex: &str) {
    let (width, height) = (f64::from(TREND_WIDTH), f64::from(TREND_HEIGHT));
    let values: Vec<Total> = report.weekly.iter().map(|(_, t)| *t).collect();
    let average = four_week_average(&values);
    let max = values.iter().map(|t| t.floor()).max().unwrap_or(0).max(1) as f64;
    let n = values.len().max(1) as f64;
    let step = width / n;
    let y = |v: f64| height - v / max * (height - 10.0);
    let at_least = format!("{} ", &t[T::stats_at_least]);
    // The highest week is known only when no week's figure is a bound.
    let exact = values.iter().all(|v| matches!(v, Total::Exact(_)));
    let highest = report
        .weekly
        .iter()
        .filter(|_| exact)
        .max_by_key(|(_, total)| total.floor())
        .map(|(w, total)| {
            format!(
                "{} ({w}){}{}",
                &t[T::stats_highest],
                colon(t.lang),
                number(total.floor(), t.lang)
            )
        });
    let latest = report.weekly.last().map(|(w, total)| {
        format!(
            "{} ({w}){}{}",
            &t[T::stats_latest],
            colon(t.lang),
            total_text(*total, t.lang, &at_least)
        )
    });
    let summary = [
        Some(t[T::stats_trend].to_owned()),
        report
            .weekly
            .first()
            .zip(report.weekly.last())
            .map(|((a, _), (b, _))| format!("{a} – {b}")),
        highest,
        latest,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(". ");
    let line: Vec<String> = average
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.map(|a| {
                format!(
                    "{},{}",
                    coordinate(i as f64 * step + step / 2.0),
                    coordinate(y(a))
                )
            })
        })
        .collect();
    h.el_with(
        "section",
        &[("class", "report"), ("aria-labelledby", "trend-heading")],
        |h| {
            h.el("h2", &[("id", "trend-heading")], &t[T::stats_trend])
                .el_with("figure", &[("class", "chart")], |h| {
                    h.el_with(
                        "svg",
                        &[
                            ("viewBox", &format!("0 0 {TREND_WIDTH} {TREND_HEIGHT}")),
                            ("role", "group"),
                            ("aria-label", &summary),
                            ("data-testid", "trend"),
                            ("data-roving", ".bar"),
                        ],
                        |h| {
                            h.el("title", &[], &summary);
                            for (i, (week, total)) in report.weekly.iter().enumerate() {
                                // A withheld week is a column as tall as the chart,
                                // with no fill, so that it can show its focus; the
                                // symbol marks it at the base.
                                let (class, value) = match total {
                                    Total::Exact(n) => ("bar", *n as f64),
                                    Total::AtLeast(0) => ("bar bar--withheld", max),
                                    Total::AtLeast(n) => ("bar bar--bound", *n as f64),
                                };
                                let label = format!(
                                    "{week}{}{}",
                                    colon(t.lang),
                                    total_text(*total, t.lang, &at_least)
                                );
                                let x = i as f64 * step;
                                h.el_with(
                                    "rect",
                                    &[
                                        ("class", class),
                                        ("tabindex", bar_tabindex),
                                        ("role", "img"),
                                        ("aria-label", &label),
                                        ("x", &coordinate(x + step * 0.1)),
                                        ("y", &coordinate(y(value))),
                                        ("width", &coordinate(step * 0.8)),
                                        ("height", &coordinate(height - y(value))),
                                    ],
                                    |h| {
                                        h.el("title", &[], &label);
                                    },
                                );
                                if *total == Total::AtLeast(0) {
                                    h.el(
                                        "text",
                                        &[
                                            ("class", "bar-symbol"),
                                            ("aria-hidden", "true"),
                                            ("x", &coordinate(x + step / 2.0)),
                                            ("y", &coordinate(height - 4.0)),
                                            ("font-size", &coordinate((step * 0.9).min(20.0))),
                                        ],
                                        SUPPRESSED_SYMBOL,
                                    );
                                }
                            }
                            h.el(
                                "polyline",
                                &[("class", "average"), ("points", &line.join(" "))],
                                "",
                            );
                        },
                    )
                    .el_with("figcaption", &[], |h| {
                        h.el("span", &[("class", "key key--bar")], "")
                            .text(&t[T::stats_reported_heading])
                            .text(" ")
                            .el("span", &[("class", "key key--average")], "")
                            .text(&t[T::stats_average]);
                        if values
                            .iter()
                            .any(|v| matches!(v, Total::AtLeast(n) if *n > 0))
                        {
                            h.text(" ")
                                .el("span", &[("class", "key key--bound")], "")
                                .text(&t[T::stats_at_least]);
                        }
                    });
                })
                .el_with("details", &[("class", "as-table")], |h| {
                    h.el("summary", &[], &t[T::stats_show_table]).el_with(
                        "table",
                        &[("class", "data-table")],
                        |h| {
                            h.el_with("thead", &[], |h| {
                                h.el_with("tr", &[], |h| {
                                    h.el("th", &[("scope", "col")], &t[T::stats_week])
                                        .el(
                                            "th",
                                            &[("scope", "col")],
                                            &t[T::stats_reported_heading],
                                        )
                                        .el("th", &[("scope", "col")], &t[T::stats_average]);
                                });
                            })
                            .el_with("tbody", &[], |h| {
                                for ((week, total), avg) in report.weekly.iter().zip(&average) {
                                    h.el_with("tr", &[], |h| {
                                        h.el("th", &[("scope", "row")], &week.to_string())
                                            .el_with("td", &[], |h| total_html(h, t, *total))
                                            .el(
                                                "td",
                                                &[],
                                                &avg.map(|a| decimal(a, t.lang))
                                                    .unwrap_or_default(),
                                            );
                                    });
                                }
                            });
                        },
                    );
                });
        },
    );
}

/// Ukraine's 27 units as tiles placed roughly as on a map, shaded by
/// reported violations (five steps of one hue, and the number on each tile),
/// each a link to the unit's own page.
fn tile_map(h: &mut Html, t: &Texts, report: &Report, labels: &Labels, filter: &str) {
    let max = report
        .by_region
        .iter()
        .map(|(_, t)| t.floor())
        .max()
        .unwrap_or(0)
        .max(1);
    h.el_with(
        "section",
        &[("class", "report"), ("aria-labelledby", "map-heading")],
        |h| {
            h.el("h2", &[("id", "map-heading")], &t[T::stats_map])
                .el_with(
                    "ul",
                    &[
                        ("class", "tile-map"),
                        ("data-testid", "tile-map"),
                        ("data-roving", ".tile"),
                        ("data-rows", ""),
                    ],
                    |h| {
                        for &(code, latin, cyrillic, col, row) in crate::model::region::TILES.iter()
                        {
                            let short = if t.lang == Lang::Uk { cyrillic } else { latin };
                            let Some(index) = labels.codes.iter().position(|c| c == code) else {
                                continue;
                            };
                            let Some(total) = report
                                .by_region
                                .iter()
                                .find(|(r, _)| *r == index)
                                .map(|(_, t)| *t)
                            else {
                                continue;
                            };
                            let name = labels.regions.get(index).map_or("", String::as_str);
                            let step = (total.floor() * 4).div_ceil(max);
                            let shown = total_text(total, t.lang, at_least_sign(t.lang));
                            let label = format!(
                                "{name}, {}{}{shown}",
                                &t[T::stats_reported],
                                colon(t.lang)
                            );
                            let class = format!("col-{} row-{}", col + 1, row + 1);
                            let link = [
                                ("class", &format!("tile tile--{step}")),
                                ("href", &(Route::Region(t.lang, code).href() + filter)),
                                ("title", &label),
                            ];
                            h.el_with("li", &[("class", &class)], |h| {
                                h.el_with("a", &link.map(|(n, v)| (n, v.as_str())), |h| {
                                    h.el(
                                        "span",
                                        &[("class", "tile__name"), ("aria-hidden", "true")],
                                        short,
                                    )
                                    .el_with("span", &[("class", "visually-hidden")], |h| {
                                        h.text(name).text(colon(t.lang));
                                    })
                                    .el(
                                        "span",
                                        &[("class", "tile__count")],
                                        &shown,
                                    );
                                });
                            });
                        }
                    },
                );
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::query::Selection;
    use crate::model::week::IsoWeek;

    #[test]
    fn coordinates_round_to_tenths_without_float_printing() {
        for (x, written) in [
            (0.0, "0.0"),
            (-0.04, "0.0"),
            (12.34, "12.3"),
            (12.36, "12.4"),
            (2.25, "2.3"),
            (199.96, "200.0"),
            (-1.25, "-1.3"),
        ] {
            assert_eq!(coordinate(x), written, "{x}");
        }
    }

    /// The trend's writing for weeks of the given figures, from 2026-W10.
    fn trend(weekly: &[Total]) -> String {
        let report = Report {
            selection: Selection {
                weeks: 0..weekly.len(),
                regions: vec![],
                categories: vec![],
            },
            funnel: [Total::Exact(0); 4],
            previous: None,
            weekly: (10..)
                .zip(weekly)
                .map(|(w, &t)| (IsoWeek::new(2026, w).expect("a week"), t))
                .collect(),
            by_region: vec![],
            by_category: vec![],
            attributed: None,
            open_by_age: None,
        };
        let h = &mut Html::new();
        weekly_trend(h, &Texts::new(Lang::En), &report, "0");
        std::mem::take(h).finish()
    }

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
        let html = report_html(&t, &report, &labels, 5, (Sort::default(), true), &cite);
        let regions = export.regions.len();
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
            report_html(&t, &report, &labels, 5, (Sort::default(), false), &cite)
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

    #[test]
    fn the_trend_names_its_highest_and_latest_week_when_all_are_exact() {
        let html = trend(&[Total::Exact(12), Total::Exact(40), Total::Exact(0)]);
        assert!(html.contains("Highest (2026-W11): 40. Latest week (2026-W12): 0"));
        assert!(!html.contains("bar-symbol") && !html.contains("key--bound"));
    }

    /// A withheld week is never a number: not in the summary (no "latest:
    /// 0"), not in the chart (the symbol, not an empty column); the highest
    /// week is not claimed when some weeks are only bounds.
    #[test]
    fn the_trend_shows_withheld_weeks_and_bounds_as_such() {
        let html = trend(&[Total::Exact(12), Total::AtLeast(7), Total::AtLeast(0)]);
        assert!(html.contains("Latest week (2026-W12): x\""), "{html}");
        assert!(!html.contains("Highest"), "{html}");
        assert!(html.contains("aria-label=\"2026-W11: at least 7\""));
        assert_eq!(html.matches("class=\"bar-symbol\"").count(), 1);
        assert_eq!(html.matches("class=\"bar bar--withheld\"").count(), 1);
        assert!(html.contains("key key--bound"));
    }
}
