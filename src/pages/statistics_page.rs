use crate::components::{Labels, Prose, StatisticsReport};
use crate::islands::ReleaseStatus;
use crate::locale::page_title;
use crate::model::query::Report;
use crate::model::{Lang, Page, Release};
use leptos::prelude::*;

/// What the statistics page shows besides its prose.
#[derive(Debug, Clone)]
pub struct Statistics {
    /// The release the page was built from.
    pub release: Release,
    /// The figures of the default view (the whole release).
    pub report: Report,
    pub labels: Labels,
    pub k: u32,
}

/// The statistics page: the default view's figures, prerendered, and the
/// release they come from, checked against the latest published export once
/// the wasm runs.
#[component]
pub fn StatisticsPage(lang: Lang, prose: String, statistics: Statistics) -> impl IntoView {
    let Statistics {
        release,
        report,
        labels,
        k,
    } = statistics;
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Statistics)}</h1>
            <Prose html=prose/>
            <ReleaseStatus lang=lang built=release/>
            <StatisticsReport lang=lang report=report labels=labels k=k/>
        </article>
    }
}
