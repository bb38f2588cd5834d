use crate::locale::{td_string, Locale};
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// "Page not found", with a way back, in one language.
#[component]
pub fn NotFoundPage(lang: Lang) -> impl IntoView {
    let locale = Locale::from(lang);
    view! {
        <article class="page">
            <h1>{td_string!(locale, not_found_title)}</h1>
            <p>{td_string!(locale, not_found_text)}</p>
            <p><a href=Route::Page(lang, Page::Home).href()>{td_string!(locale, not_found_home)}</a></p>
        </article>
    }
}
