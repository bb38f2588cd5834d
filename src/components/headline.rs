use super::html::{raw, Html};
use super::statistics_report::legend_if_needed;
use crate::locale::{td_string, Locale, Texts, T};
use crate::model::count::{Count, Total, SUPPRESSED_SYMBOL};
use crate::model::export::Headline;
use crate::model::export::Measure;
use crate::model::format::{long_date, number, week_days};
use crate::model::week::IsoWeek;
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

/// An ISO week label ("2026-W47") with its days as its title, for where
/// the week note is not near.
#[component]
pub fn WeekLabel(lang: Lang, week: IsoWeek) -> impl IntoView {
    view! { <abbr title=week_days(week, lang)>{week.to_string()}</abbr> }
}

/// The release's totals along the verification funnel, with the period, the
/// data-as-of date and the sample-data label, linking to the statistics.
#[component]
pub fn HeadlineFigures(
    lang: Lang,
    headline: Headline,
    /// Where "more" leads: the statistics, or (in a widget) the same view
    /// of them.
    #[prop(optional)]
    more: Option<String>,
    /// In a widget, whose frame says that the figures are sample data.
    #[prop(optional)]
    framed: bool,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let t = Texts::new(lang);
    let labels = Measure::ALL.map(|m| t.measure(m).to_owned());
    let mut legend = Html::new();
    legend_if_needed(&mut legend, &t, headline.funnel.iter());
    let figures = labels
        .into_iter()
        .zip(headline.funnel)
        .map(|(label, total)| {
            view! {
                <div class="figure">
                    <dt>{label}</dt>
                    <dd><TotalView lang=lang total=total/></dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="headline" aria-labelledby="headline-heading">
            <h2 id="headline-heading">{td_string!(locale, stats_headline)}</h2>
            {(headline.sample && !framed).then(|| view! {
                <p class="sample-label">{td_string!(locale, stats_sample)}</p>
            })}
            <dl class="figures" data-testid="headline">{figures}</dl>
            {raw(legend.finish())}
            <p class="headline__period">
                <WeekLabel lang=lang week=headline.first_week/> " – " <WeekLabel lang=lang week=headline.last_week/> " · "
                {td_string!(locale, footer_data_as_of)} " "
                <time datetime=headline.data_as_of.to_string()>{long_date(headline.data_as_of, lang)}</time>
            </p>
            <p><a href=more.unwrap_or_else(|| Route::Page(lang, Page::Statistics).path()) data-full-view="">{td_string!(locale, stats_more)}</a></p>
        </section>
    }
}
