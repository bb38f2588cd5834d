use crate::components::{Cite, HeadlineFigures, Prose, SourceLink};
use crate::locale::{page_title, td_string, Locale};
use crate::model::declaration::DeclarationText;
use crate::model::export::Headline;
use crate::model::format::colon;
use crate::model::pillars::{is_component, Structure};
use crate::model::record::Source;
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// Everything the pillar map shows for one language.
#[derive(Debug, Clone)]
pub struct PillarMap {
    pub structure: Structure,
    /// The final text in the page's language, for the provisions' headings.
    pub text: DeclarationText,
    /// Where the three-pillar grouping comes from.
    pub source: Source,
    pub headline: Headline,
}

/// Links to provisions of the declaration, by id and heading.
fn provision_links(lang: Lang, text: &DeclarationText, ids: &[String]) -> impl IntoView {
    let reader = Route::Page(lang, Page::Declaration).href();
    ids.iter()
        .map(|id| {
            let heading = text.provision(id).map(|p| p.heading.clone()).unwrap_or_default();
            view! {
                <li><a href=format!("{reader}#{id}")><span class="permalink">{id.clone()}</span> " " {heading}</a></li>
            }
        })
        .collect_view()
}

/// The press's three pillars with where each is in the text; monitoring
/// with the latest figures. The pillar map's first part, and a widget.
#[component]
pub fn ThreePillars(
    lang: Lang,
    map: PillarMap,
    /// On the pillar map, what the figures' citations share; the widget
    /// has none.
    #[prop(default = None)]
    cite: Option<Cite>,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let PillarMap {
        structure,
        text,
        source,
        headline,
    } = map;
    let text_of = |t: &crate::model::text::Translations| t.get(&lang).cloned().unwrap_or_default();
    let pillars = structure
        .pillars
        .iter()
        .map(|p| {
            let figures = p
                .statistics
                .then(|| view! { <HeadlineFigures lang=lang headline=headline.clone() cite=cite.clone()/> });
            view! {
                <li class="pillar" id=format!("pillar-{}", p.id)>
                    <h3>{text_of(&p.title)}</h3>
                    <p>{text_of(&p.summary)}</p>
                    <p class="pillar__label">{td_string!(locale, pillars_in_text)} {colon(lang)}</p>
                    <ul class="provision-links">{provision_links(lang, &text, &p.provisions)}</ul>
                    {figures}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="three-heading">
            <h2 id="three-heading">{td_string!(locale, pillars_three)}</h2>
            <p class="pillars__source">
                {td_string!(locale, pillars_grouping_source)} {colon(lang)} <SourceLink lang=lang source=source/>
            </p>
            <ol class="pillar-list">{pillars}</ol>
        </section>
    }
}

/// Both structures of the declaration: the press's three pillars and the
/// published text's five components, each linked to its provisions and to
/// the other; monitoring with the latest figures, each with its citation
/// (`cite`).
#[component]
pub fn PillarsPage(lang: Lang, prose: String, map: PillarMap, cite: Cite) -> impl IntoView {
    let locale = Locale::from(lang);
    let PillarMap {
        structure, text, ..
    } = map.clone();
    let reader = Route::Page(lang, Page::Declaration).href();
    let text_of = |t: &crate::model::text::Translations| t.get(&lang).cloned().unwrap_or_default();
    let provision_links = |ids: &[String]| provision_links(lang, &text, ids);
    let components = text
        .provisions
        .iter()
        .filter(|p| is_component(&p.id))
        .map(|p| {
            let pillars = structure
                .pillars_of(&p.id)
                .map(|pillar| {
                    view! {
                        <li>
                            {td_string!(locale, pillars_belongs)} {colon(lang)}
                            <a href=format!("#pillar-{}", pillar.id)>{text_of(&pillar.title)}</a>
                        </li>
                    }
                })
                .collect_view();
            let around = structure
                .around_of(&p.id)
                .map(|a| view! { <li><a href=format!("#around-{}", a.id)>{text_of(&a.label)}</a></li> })
                .collect_view();
            view! {
                <li class="component">
                    <a href=format!("{reader}#{}", p.id)><span class="permalink">{p.id.clone()}</span> " " {p.heading.clone()}</a>
                    <ul class="component__map">{pillars}{around}</ul>
                </li>
            }
        })
        .collect_view();
    let around = structure
        .around
        .iter()
        .map(|a| {
            view! {
                <li id=format!("around-{}", a.id)>
                    {text_of(&a.label)}
                    <ul class="provision-links">{provision_links(&a.provisions)}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="page pillars">
            <h1>{page_title(lang, Page::Pillars)}</h1>
            <Prose html=prose/>
            <ThreePillars lang=lang map=map cite=Some(cite)/>
            <section aria-labelledby="five-heading">
                <h2 id="five-heading">{td_string!(locale, pillars_five)}</h2>
                <ul class="component-list">{components}</ul>
            </section>
            <section aria-labelledby="around-heading">
                <h2 id="around-heading">{td_string!(locale, pillars_around)}</h2>
                <ul class="around-list">{around}</ul>
            </section>
        </article>
    }
}
