use crate::components::explorer_contract::{
    ExplorerPage, ANNOUNCE, EXPLORER, FIGURES, IGNORED, STATUS,
};
use crate::components::{
    raw, Cite, ExplorerFilters, FigureImage, FigureImages, Html, JsonLd, Labels, Prose,
    StatisticsReport,
};
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
    let locale = Locale::from(lang);
    let heading = match &statistics.region {
        Some((_, name)) => format!(
            "{}{}{name}",
            page_title(lang, Page::Statistics),
            colon(lang)
        ),
        None => page_title(lang, Page::Statistics).to_owned(),
    };
    let page = ExplorerPage {
        texts: Texts::new(lang),
        built_id: statistics.release.release_id.clone(),
        built_at: statistics.release.generated_at,
        region: statistics.region.as_ref().map(|(code, _)| code.clone()),
    };
    let all_regions = statistics.region.is_some();
    let dataset = statistics.dataset.clone();
    view! {
        <article class="page">
            <h1>{heading}</h1>
            {all_regions.then(|| view! {
                <p><a href=Route::Page(lang, Page::Statistics).href()>{td_string!(locale, stats_all_regions)}</a></p>
            })}
            <Prose html=prose/>
            <div {..EXPLORER.attr(page.to_json())}>
            <StatisticsExplorer>
                <ExplorerParts lang=lang statistics=statistics/>
            </StatisticsExplorer>
            </div>
            <JsonLd json=dataset/>
        </article>
    }
    .into_any()
}

/// The parts of the statistics page that its explorer finds and acts on
/// (see [`contract`](crate::components::explorer_contract)),
/// prerendered with the default view's figures: the release the page was
/// built from with the box for the check of the published one, the
/// filters, the live region, the box for the values that could not be
/// used, the figures and their images. The browser tests mount the
/// explorer around them.
#[component]
pub fn ExplorerParts(lang: Lang, statistics: Statistics) -> impl IntoView {
    let Statistics {
        release,
        region,
        report,
        labels,
        k,
        weeks,
        dataset: _,
        cite,
        images,
    } = statistics;
    let locale = Locale::from(lang);
    let built_date = long_date(release.data_as_of, lang);
    let built_stop = full_stop_after(&built_date);
    view! {
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
            <div aria-live="polite" {..STATUS.attr("")} tabindex="-1"></div>
        </section>
        <div class="explorer">
            <ExplorerFilters lang=lang labels=labels.clone() weeks=weeks fixed_region=region.is_some()/>
            {announce_line()}
            <div {..IGNORED.attr("")} role="status"></div>
            <div {..FIGURES.attr("")}>
                <StatisticsReport lang=lang report=report labels=labels k=k sort=Sort::default() sortable=false cite=cite/>
            </div>
            <FigureImages lang=lang images=images/>
        </div>
    }
}

/// The explorer's live region for its announcements ([`ANNOUNCE`]). Written
/// as text: in a view, its class would come after the attributes.
fn announce_line() -> impl IntoView {
    let mut h = Html::new();
    h.el(
        "p",
        &[
            ("class", "visually-hidden"),
            (ANNOUNCE.name, ""),
            ("role", "status"),
        ],
        "",
    );
    raw(h.finish())
}
