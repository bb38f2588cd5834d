use crate::components::{Cite, HeadlineFigures, Prose};
use crate::locale::{page_description, page_title, td_string, Locale};
use crate::model::declaration::DeclarationText;
use crate::model::export::Headline;
use crate::model::pillars::is_component;
use crate::model::record::Party;
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// What the overview shows besides its prose.
#[derive(Debug, Clone)]
pub struct Overview {
    /// The final text in the page's language, for the components' headings.
    pub text: DeclarationText,
    pub parties: Vec<Party>,
    pub headline: Headline,
    /// What the headline figures' citations share.
    pub cite: Cite,
}

/// The overview: what was agreed (in a few sentences), its five components,
/// who agreed, the latest figures, then a way into each section.
#[component]
pub fn HomePage(lang: Lang, prose: String, overview: Overview) -> impl IntoView {
    let locale = Locale::from(lang);
    let reader = Route::Page(lang, Page::Declaration).href();
    let components = overview
        .text
        .provisions
        .iter()
        .filter(|p| is_component(&p.id))
        .map(|p| view! { <li><a href=format!("{reader}#{}", p.id)>{p.heading.clone()}</a></li> })
        .collect_view();
    let parties = overview
        .parties
        .iter()
        .map(|party| {
            view! {
                <li>
                    <a href=format!("{reader}#party-{}", party.id)>
                        {party.name.get(&lang).cloned().unwrap_or_default()}
                    </a>
                </li>
            }
        })
        .collect_view();
    let sections = Page::NAV
        .iter()
        .copied()
        .filter(|p| *p != Page::Home)
        .map(|page| {
            view! {
                <li class="card">
                    <h2><a href=Route::Page(lang, page).href()>{page_title(lang, page)}</a></h2>
                    <p>{page_description(lang, page)}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Home)}</h1>
            <Prose html=prose/>
            <div class="overview">
                <section aria-labelledby="components-heading">
                    <h2 id="components-heading">{td_string!(locale, home_components)}</h2>
                    <ul class="component-list">{components}</ul>
                </section>
                <section aria-labelledby="parties-heading">
                    <h2 id="parties-heading">{td_string!(locale, home_parties)}</h2>
                    <ul class="inline-list">{parties}</ul>
                </section>
            </div>
            <HeadlineFigures lang=lang headline=overview.headline cite=Some(overview.cite)/>
            <ul class="cards">{sections}</ul>
        </article>
    }
}
