use crate::components::Prose;
use crate::locale::{page_description, page_title};
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// The overview: what was agreed, then a way into each section.
#[component]
pub fn HomePage(lang: Lang, prose: String) -> impl IntoView {
    let sections = Page::ALL
        .into_iter()
        .filter(|p| *p != Page::Home)
        .map(|page| {
            view! {
                <li class="card">
                    <h2><a href=Route::Page(lang, page).path()>{page_title(lang, page)}</a></h2>
                    <p>{page_description(lang, page)}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Home)}</h1>
            <Prose html=prose/>
            <ul class="cards">{sections}</ul>
        </article>
    }
}
