//! The verification funnel.

use super::{figure_of, Labels};
use crate::components::count::{legend, total_html};
use crate::components::figure_citation::{figure_citation, stage_anchor, Cite, Cited};
use crate::components::html::{raw, Html};
use crate::locale::{Texts, T};
use crate::model::export::Measure;
use crate::model::format::{colon, percent};
use crate::model::query::{percent_change, Report};
use crate::model::Lang;
use leptos::prelude::*;

/// The verification funnel of a selection, each stage with its change on
/// the period of equal length before and, on the statistics page, its
/// citation (`cite`), and what the symbols mean.
pub(super) fn funnel(
    h: &mut Html,
    t: &Texts,
    report: &Report,
    k: u32,
    cite: Option<(&Cite, &Labels)>,
) {
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
