use crate::locale::{measure_label, td_string, Locale};
use crate::model::count::{Count, Total, SUPPRESSED_SYMBOL};
use crate::model::export::Headline;
use crate::model::export::Measure;
use crate::model::format::{long_date, number};
use crate::model::{Lang, Page, Route};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

/// A published count: the number, or the suppression symbol with what it
/// means, never a number for a withheld count.
#[component]
pub fn CountView(lang: Lang, count: Count) -> impl IntoView {
    let locale = Locale::from(lang);
    match count {
        Count::Value(n) => {
            Either::Left(view! { <span class="count">{number(u64::from(n), lang)}</span> })
        }
        Count::Suppressed => Either::Right(view! {
            <abbr class="count count--withheld" title=td_string!(locale, stats_withheld)>{SUPPRESSED_SYMBOL}</abbr>
        }),
    }
}

/// A sum of counts: the number when exact, "at least" and the published
/// part when it includes withheld counts, the symbol when nothing of it is
/// published.
#[component]
pub fn TotalView(lang: Lang, total: Total) -> impl IntoView {
    let locale = Locale::from(lang);
    match total {
        Total::Exact(n) => EitherOf3::A(view! { <span class="count">{number(n, lang)}</span> }),
        Total::AtLeast(0) => EitherOf3::B(view! { <CountView lang=lang count=Count::Suppressed/> }),
        Total::AtLeast(n) => EitherOf3::C(view! {
            <span class="count count--bound">{td_string!(locale, stats_at_least)} " " {number(n, lang)}</span>
        }),
    }
}

/// The release's totals along the verification funnel, with the period, the
/// data-as-of date and the sample-data label, linking to the statistics.
#[component]
pub fn HeadlineFigures(lang: Lang, headline: Headline) -> impl IntoView {
    let locale = Locale::from(lang);
    let labels = Measure::ALL.map(|m| measure_label(lang, m));
    let withheld = headline.funnel.contains(&Count::Suppressed);
    let figures = labels
        .into_iter()
        .zip(headline.funnel)
        .map(|(label, count)| {
            view! {
                <div class="figure">
                    <dt>{label}</dt>
                    <dd><CountView lang=lang count=count/></dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="headline" aria-labelledby="headline-heading">
            <h2 id="headline-heading">{td_string!(locale, stats_headline)}</h2>
            {headline.sample.then(|| view! {
                <p class="sample-label">{td_string!(locale, stats_sample)}</p>
            })}
            <dl class="figures" data-testid="headline">{figures}</dl>
            {withheld.then(|| view! {
                <p class="legend">{SUPPRESSED_SYMBOL} " = " {td_string!(locale, stats_withheld)}</p>
            })}
            <p class="headline__period">
                {headline.first_week.to_string()} " – " {headline.last_week.to_string()} " · "
                {td_string!(locale, footer_data_as_of)} " "
                <time datetime=headline.data_as_of.to_string()>{long_date(headline.data_as_of, lang)}</time>
            </p>
            <p><a href=Route::Page(lang, Page::Statistics).path()>{td_string!(locale, stats_more)}</a></p>
        </section>
    }
}
