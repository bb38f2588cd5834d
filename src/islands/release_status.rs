use crate::api::{self, ApiError};
use crate::components::ErrorNotice;
use crate::locale::{td_string, Locale};
use crate::model::format::{full_stop_after, long_date};
use crate::model::{Lang, Release};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the freshness check stands. Before hydration, and without
/// JavaScript, it is `NotChecked` and the prerendered facts stand alone.
#[derive(Debug, Clone, PartialEq)]
enum Check {
    NotChecked,
    Loading,
    Current,
    Newer(Release),
    Failed(ApiError),
}

/// The release this page was built from, and, once the wasm runs, whether
/// the published export is valid and whether the data team has published a
/// newer release since. A missing, invalid or unreachable export is said
/// plainly here, in the statistics area; the rest of the page stands.
#[island]
pub fn ReleaseStatus(lang: Lang, built: Release) -> impl IntoView {
    let locale = Locale::from(lang);
    let state = RwSignal::new(Check::NotChecked);
    let reference = built.clone();
    let run = move || {
        state.set(Check::Loading);
        let reference = reference.clone();
        spawn_local(async move {
            state.set(match api::fetch_export().await {
                Ok(export) => {
                    let latest = Release::from(&export.release);
                    if latest.is_newer_than(&reference) {
                        Check::Newer(latest)
                    } else {
                        Check::Current
                    }
                }
                Err(error) => Check::Failed(error),
            });
        });
    };
    let retry = Callback::new({
        let run = run.clone();
        move |()| run()
    });
    Effect::new(move |_| run());

    let status = move || {
        match state.get() {
        Check::NotChecked => ().into_any(),
        Check::Loading => view! {
            <p class="status" data-testid="release-loading">{td_string!(locale, release_checking)}</p>
        }
        .into_any(),
        Check::Current => view! {
            <p class="status" data-testid="release-current">{td_string!(locale, release_current)}</p>
        }
        .into_any(),
        Check::Newer(latest) => view! {
            <p class="status status--news" data-testid="release-newer">
                {td_string!(locale, release_newer)} " " <code>{latest.release_id}</code> ", "
                {td_string!(locale, release_as_of)} " " {
                    let date = long_date(latest.data_as_of, lang);
                    let stop = full_stop_after(&date);
                    format!("{date}{stop} ")
                }
                {td_string!(locale, release_reload)}
            </p>
        }
        .into_any(),
        Check::Failed(error) => view! { <ErrorNotice lang=lang error=error on_retry=retry/> }.into_any(),
    }
    };

    let built_date = long_date(built.data_as_of, lang);
    let built_stop = full_stop_after(&built_date);
    view! {
        <section class="release-status" aria-labelledby="release-status-heading">
            <h2 id="release-status-heading">{td_string!(locale, release_heading)}</h2>
            <p>
                {td_string!(locale, release_built)} " " <code>{built.release_id}</code> ", "
                {td_string!(locale, release_as_of)} " "
                <time datetime=built.data_as_of.to_string()>{built_date}</time> {built_stop}
            </p>
            <div aria-live="polite">{status}</div>
        </section>
    }
}
