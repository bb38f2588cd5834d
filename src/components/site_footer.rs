use super::SourceLink;
use crate::content::Source;
use crate::locale::{nav_label, td_string, Locale};
use crate::model::{format::long_date, Lang, Page, Release, Route};
use leptos::prelude::*;

/// Release id, data-as-of date, the sample-data label while synthetic data
/// is shipped, the summary label, the sources and the accessibility
/// statement, on every page.
#[component]
pub fn SiteFooter(lang: Lang, release: Release, sources: Vec<Source>) -> impl IntoView {
    let locale = Locale::from(lang);
    let sources = sources
        .into_iter()
        .map(|s| {
            view! {
                <li><SourceLink lang=lang source=s/></li>
            }
        })
        .collect_view();
    view! {
        <footer class="site-footer" aria-label=td_string!(locale, footer_label)>
            <dl class="release-facts">
                <div>
                    <dt>{td_string!(locale, footer_release)}</dt>
                    <dd><code data-testid="release-id">{release.release_id}</code></dd>
                </div>
                <div>
                    <dt>{td_string!(locale, footer_data_as_of)}</dt>
                    <dd>
                        <time datetime=release.data_as_of.to_string()>
                            {long_date(release.data_as_of, lang)}
                        </time>
                    </dd>
                </div>
            </dl>
            {release.sample.then(|| view! {
                <p class="sample-label" data-testid="sample-label">{td_string!(locale, footer_sample)}</p>
            })}
            <p>{td_string!(locale, footer_summary)}</p>
            <h2 class="footer-heading">{td_string!(locale, footer_sources)}</h2>
            <ul class="sources">{sources}</ul>
            <p class="footer-links">
                <a href=Route::Page(lang, Page::Accessibility).href() data-testid="accessibility-link">
                    {nav_label(lang, Page::Accessibility)}
                </a>
            </p>
        </footer>
    }
}
