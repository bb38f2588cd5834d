//! The tables and lists of the figures: by type, by region (with each
//! row's citation), and what the Special Commission has done.

use super::{figure_of, Labels};
use crate::components::count::total_html;
use crate::components::explorer_contract::SORT;
use crate::components::figure_citation::{figure_citation, Cite, Cited};
use crate::components::html::Html;
use crate::locale::{Texts, T};
use crate::model::count::Total;
use crate::model::export::Measure;
use crate::model::query::{Report, Sort};

/// The selection's violations by type, ranked.
pub(super) fn by_category(h: &mut Html, t: &Texts, report: &Report, labels: &Labels) {
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
}

/// The selection's violations by region, sortable by name or figure
/// where `sortable`, each row with its citation.
pub(super) fn by_region(
    h: &mut Html,
    t: &Texts,
    report: &Report,
    labels: &Labels,
    (sort, sortable): (Sort, bool),
    cite: &Cite,
) {
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
                                                    (SORT.name, sort.toggle(by_name).code()),
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

/// What the Special Commission has done with the selected violations:
/// referred, concluded, and the concluded cases by attribution, where the
/// published totals cover the selection.
pub(super) fn commission(h: &mut Html, t: &Texts, report: &Report, labels: &Labels) {
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
