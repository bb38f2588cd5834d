use super::count::{legend_if_needed, TotalView};
use super::figure_citation::{figure_citation, stage_anchor, Cite, Cited};
use super::html::{raw, Html};
use crate::locale::{td_string, Locale, Texts};
use crate::model::citation::{Figure, Named};
use crate::model::count::Total;
use crate::model::export::Headline;
use crate::model::export::Measure;
use crate::model::format::{long_date, week_days};
use crate::model::week::IsoWeek;
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// An ISO week label ("2026-W47") with its days as its title, for where
/// the week note is not near.
#[component]
pub fn WeekLabel(lang: Lang, week: IsoWeek) -> impl IntoView {
    view! { <abbr title=week_days(week, lang)>{week.to_string()}</abbr> }
}

/// The citation of the headline figure of `measure` (`value`): the
/// citation of the statistics page's funnel stage of the same measure, with
/// the same permalink and fingerprint.
fn headline_citation(
    t: &Texts,
    cite: &Cite,
    headline: &Headline,
    measure: Measure,
    value: Total,
) -> String {
    // Every region and every type: no name to look up.
    let none = Named {
        codes: &[],
        names: &[],
    };
    let mut h = Html::new();
    figure_citation(
        &mut h,
        t,
        cite,
        (none, none),
        &Cited {
            figure: Figure::everywhere(measure, (headline.first_week, headline.last_week)),
            value,
            anchor: &stage_anchor(measure),
            name: t.measure(measure),
        },
    );
    h.finish()
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
    /// On the portal's own pages, what the figures' citations share (the
    /// release's, as the statistics page cites it): each figure offers its
    /// citation. Widgets have none.
    #[prop(default = None)]
    cite: Option<Cite>,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let t = Texts::new(lang);
    let mut legend = Html::new();
    legend_if_needed(&mut legend, &t, headline.funnel.iter());
    let figures = Measure::ALL
        .into_iter()
        .zip(headline.funnel)
        .map(|(measure, total)| {
            let citation = cite.as_ref().map(|cite| {
                let html = headline_citation(&t, cite, &headline, measure, total);
                view! { <dd class="figure__cite">{raw(html)}</dd> }
            });
            view! {
                <div class="figure">
                    <dt>{t.measure(measure).to_owned()}</dt>
                    <dd><TotalView lang=lang total=total/></dd>
                    {citation}
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
            <p><a href=more.unwrap_or_else(|| Route::Page(lang, Page::Statistics).href()) data-full-view="">{td_string!(locale, stats_more)}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::{report_html, Labels};
    use crate::model::digest::sha256_hex;
    use crate::model::export::Export;
    use crate::model::query::{Query, Sort};

    /// In every language, each headline figure's citation is the one its
    /// stage of the funnel has on the statistics page: the same text,
    /// permalink and fingerprint, computed as the page is written.
    #[test]
    fn a_headline_figure_is_cited_as_its_stage_of_the_funnel() {
        let export = Export::shipped_sample();
        let query = Query::default();
        let headline = export.headline();
        let report = export.report(&query.resolve(&export));
        let cite = Cite::new(
            &export,
            &query,
            "https://p.example".into(),
            Some(sha256_hex),
        );
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            let labels = Labels::new(&export, lang);
            let k = export.release.k;
            let page = report_html(&t, &report, &labels, k, (Sort::default(), false), &cite).0;
            for (measure, value) in Measure::ALL.into_iter().zip(headline.funnel) {
                let cited = headline_citation(&t, &cite, &headline, measure, value);
                assert!(
                    cited.contains(&format!("#{}\"", stage_anchor(measure)))
                        && !cited.contains("data-canonical"),
                    "{lang}: {cited}"
                );
                assert!(page.contains(&cited), "{lang} {measure:?}: {cited}");
            }
        }
    }
}
