use crate::components::Prose;
use crate::islands::ReleaseStatus;
use crate::locale::page_title;
use crate::model::{Lang, Page, Release};
use leptos::prelude::*;

/// The statistics page: for now its introduction and the release it shows,
/// checked against the latest published release once the wasm runs.
#[component]
pub fn StatisticsPage(lang: Lang, prose: String, release: Release) -> impl IntoView {
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Statistics)}</h1>
            <Prose html=prose/>
            <ReleaseStatus lang=lang built=release/>
        </article>
    }
}
