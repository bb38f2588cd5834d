use crate::components::{
    Cite, ExplorerFilters, FigureImage, FigureImages, JsonLd, Labels, Prose, StatisticsReport,
};
use crate::islands::explorer_page::ExplorerPage;
use crate::islands::StatisticsExplorer;
use crate::locale::{nav_label, page_title, td_string, Locale, Texts};
use crate::model::format::{colon, full_stop_after, long_date};
use crate::model::query::{Report, Sort};
use crate::model::{Lang, Page, Release, Route};
use leptos::prelude::*;

/// What the statistics page shows besides its prose.
#[derive(Debug, Clone)]
pub struct Statistics {
    /// The release the page was built from.
    pub release: Release,
    /// The region's code and name, on a region's own page.
    pub region: Option<(String, String)>,
    /// The figures of the default view (the whole release).
    pub report: Report,
    pub labels: Labels,
    pub k: u32,
    /// The release's ISO weeks, in order.
    pub weeks: Vec<String>,
    /// The release as a schema.org `Dataset` (JSON-LD), for catalogues.
    pub dataset: String,
    /// What the citations of the default view's figures share.
    pub cite: Cite,
    /// The default view's figures as images: the funnel, the trend, the map.
    pub images: Vec<FigureImage>,
}

/// The statistics page: the default view's figures, prerendered, inside the
/// explorer that lets readers narrow them once the wasm runs.
#[component]
pub fn StatisticsPage(lang: Lang, prose: String, statistics: Statistics) -> impl IntoView {
    let Statistics {
        release,
        region,
        report,
        labels,
        k,
        weeks,
        dataset,
        cite,
        images,
    } = statistics;
    let locale = Locale::from(lang);
    let built_date = long_date(release.data_as_of, lang);
    let built_stop = full_stop_after(&built_date);
    let heading = match &region {
        Some((_, name)) => format!(
            "{}{}{name}",
            page_title(lang, Page::Statistics),
            colon(lang)
        ),
        None => page_title(lang, Page::Statistics).to_owned(),
    };
    let contract = ExplorerPage {
        texts: Texts::new(lang),
        built_id: release.release_id.clone(),
        built_at: release.generated_at,
        region: region.as_ref().map(|(code, _)| code.clone()),
    }
    .to_json();
    view! {
        <article class="page">
            <h1>{heading}</h1>
            {region.as_ref().map(|_| view! {
                <p><a href=Route::Page(lang, Page::Statistics).href()>{td_string!(locale, stats_all_regions)}</a></p>
            })}
            <Prose html=prose/>
            <div data-explorer=contract>
            <StatisticsExplorer>
                <section class="release-status" aria-labelledby="release-status-heading">
                    <h2 id="release-status-heading">{td_string!(locale, release_heading)}</h2>
                    <p>
                        {td_string!(locale, release_built)} " " <code>{release.release_id.clone()}</code> ", "
                        {td_string!(locale, release_as_of)} " "
                        <time datetime=release.data_as_of.to_string()>{built_date.clone()}</time> {built_stop}
                    </p>
                    <noscript>
                        <p data-testid="release-needs-script">
                            {td_string!(locale, release_needs_script)} " "
                            <a href=Route::Page(lang, Page::Releases).href()>{nav_label(lang, Page::Releases)}</a> "."
                        </p>
                    </noscript>
                    <div aria-live="polite" data-status="" tabindex="-1"></div>
                </section>
                <div class="explorer">
                    <ExplorerFilters lang=lang labels=labels.clone() weeks=weeks fixed_region=region.is_some()/>
                    <p class="visually-hidden" data-announce="" role="status"></p>
                    <div data-ignored="" role="status"></div>
                    <div data-figures="">
                        <StatisticsReport lang=lang report=report labels=labels k=k sort=Sort::default() sortable=false cite=cite/>
                    </div>
                    <FigureImages lang=lang images=images/>
                </div>
            </StatisticsExplorer>
            </div>
            <JsonLd json=dataset/>
        </article>
    }
    .into_any()
}
