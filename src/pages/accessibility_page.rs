use crate::components::Prose;
use crate::locale::page_title;
use crate::model::{Lang, Page};
use leptos::prelude::*;

/// The accessibility statement: what was tested and how, the known limits,
/// how to report a problem and the statement's date, all in the prose.
#[component]
pub fn AccessibilityPage(lang: Lang, prose: String) -> impl IntoView {
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Accessibility)}</h1>
            <Prose html=prose/>
        </article>
    }
}
