use crate::components::Prose;
use crate::locale::page_title;
use crate::model::{Lang, Page};
use leptos::prelude::*;

/// A page that is, for now, its title and its prose: the declaration, the
/// pillars and the methodology until their own views arrive.
#[component]
pub fn ContentPage(lang: Lang, page: Page, prose: String) -> impl IntoView {
    view! {
        <article class="page">
            <h1>{page_title(lang, page)}</h1>
            <Prose html=prose/>
        </article>
    }
}
