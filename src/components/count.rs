//! Published counts as HTML: a number, the symbol of a withheld count,
//! a bound, and the legend that says what the symbol and "at least" mean.
//! The headline figures and the statistics report both write them.

use super::html::{raw, Html};
use crate::locale::{Texts, T};
use crate::model::count::{Count, Total, SUPPRESSED_SYMBOL};
use crate::model::format::number;
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// A published count: the number, or the suppression symbol with what it
/// means, never a number for a withheld count.
pub fn count_html(h: &mut Html, t: &Texts, count: Count) {
    match count {
        Count::Value(n) => h.el("span", &[("class", "count")], &number(u64::from(n), t.lang)),
        Count::Suppressed => h.el(
            "abbr",
            &[
                ("class", "count count--withheld"),
                ("title", &t[T::stats_withheld]),
            ],
            SUPPRESSED_SYMBOL,
        ),
    };
}

/// A sum of counts: the number when exact, "at least" and the published
/// part when it includes withheld counts, the symbol when nothing of it is
/// published.
pub fn total_html(h: &mut Html, t: &Texts, total: Total) {
    match total {
        Total::Exact(n) => {
            h.el("span", &[("class", "count")], &number(n, t.lang));
        }
        Total::AtLeast(0) => count_html(h, t, Count::Suppressed),
        Total::AtLeast(n) => {
            let text = format!("{} {}", &t[T::stats_at_least], number(n, t.lang));
            h.el("span", &[("class", "count count--bound")], &text);
        }
    }
}

#[component]
pub fn CountView(lang: Lang, count: Count) -> impl IntoView {
    let mut h = Html::new();
    count_html(&mut h, &Texts::new(lang), count);
    raw(h.finish())
}

#[component]
pub fn TotalView(lang: Lang, total: Total) -> impl IntoView {
    let mut h = Html::new();
    total_html(&mut h, &Texts::new(lang), total);
    raw(h.finish())
}

/// The [`legend`], if any of `shown` is withheld or a bound.
pub fn legend_if_needed<'a>(h: &mut Html, t: &Texts, mut shown: impl Iterator<Item = &'a Total>) {
    if shown.any(|total| matches!(total, Total::AtLeast(_))) {
        legend(h, t);
    }
}

/// What the symbol and "at least" mean, with the way to the methodology.
pub fn legend(h: &mut Html, t: &Texts) {
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
