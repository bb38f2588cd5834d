use crate::locale::{td_string, Locale};
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// The site root and the shared 404 page: one block per language, each in
/// its own language, so every reader is one click from their version.
#[component]
pub fn LanguageChoicePage(
    /// Where each block leads: the home page (root) or the 404 page of that language.
    route: Route,
) -> impl IntoView {
    let not_found = matches!(route, Route::NotFound(_));
    let blocks = Lang::ALL.map(|lang| {
        let locale = Locale::from(lang);
        let heading = if not_found {
            td_string!(locale, not_found_title)
        } else {
            td_string!(locale, site_name)
        };
        let target = if not_found {
            td_string!(locale, not_found_home)
        } else {
            td_string!(locale, nav_home)
        };
        view! {
            <li lang=lang.code() class="lang-choice">
                <h2>{heading}</h2>
                <p>{td_string!(locale, site_tagline)}</p>
                <a class="lang-choice__link" hreflang=lang.code() href=Route::Page(lang, Page::Home).href()>
                    <span class="lang-choice__name">{lang.native_name()}</span>
                    <span>{target}</span>
                </a>
            </li>
        }
    });
    view! {
        <main id="main" tabindex="-1" class="lang-choice-page">
            <h1>
                {Lang::ALL.map(|l| view! { <span lang=l.code()>{td_string!(Locale::from(l), root_choose)}</span> })}
            </h1>
            <ul class="lang-choices">{blocks}</ul>
        </main>
    }
}
