//! The weekly trend: bars and the 4-week average as SVG, with a table.

use crate::components::count::{legend_if_needed, total_html};
use crate::components::html::{raw, Html};
use crate::locale::{Texts, T};
use crate::model::count::{Total, SUPPRESSED_SYMBOL};
use crate::model::format::{colon, decimal, number, one_decimal, total_text};
use crate::model::query::{four_week_average, Report};
use crate::model::Lang;
use leptos::prelude::*;

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
/// figure, and in the tab order where `bar_tabindex` is "0". The table is
/// written for later ([`Html::later`]): at five years, its 260 rows are a
/// quarter of the markup a change of the explorer's view would write.
pub(super) fn weekly_trend(h: &mut Html, t: &Texts, report: &Report, bar_tabindex: &str) {
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
                    h.el("summary", &[], &t[T::stats_show_table]).later(
                        "table",
                        &[("class", "data-table")],
                        |h| {
                            week_table(h, t, report);
                        },
                    );
                });
        },
    );
}

/// The trend's figures as the rows of a table (its head and body): each
/// week, its reported violations and the 4-week average.
fn week_table(h: &mut Html, t: &Texts, report: &Report) {
    let values: Vec<Total> = report.weekly.iter().map(|(_, t)| *t).collect();
    let average = four_week_average(&values);
    h.el_with("thead", &[], |h| {
        h.el_with("tr", &[], |h| {
            h.el("th", &[("scope", "col")], &t[T::stats_week])
                .el("th", &[("scope", "col")], &t[T::stats_reported_heading])
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
                        &avg.map(|a| decimal(a, t.lang)).unwrap_or_default(),
                    );
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::count::Total;
    use crate::model::query::Selection;
    use crate::model::week::IsoWeek;
    use crate::model::Lang;

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
