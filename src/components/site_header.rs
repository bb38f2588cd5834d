use super::LangSwitcher;
use crate::locale::{nav_label, td_string, Locale};
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// Skip link, site name, main navigation and language switcher.
#[component]
pub fn SiteHeader(route: Route) -> impl IntoView {
    let lang = route.lang().unwrap_or(Lang::En);
    let locale = Locale::from(lang);
    let current_page = match route {
        Route::Page(_, page) => Some(page),
        _ => None,
    };
    let items = Page::NAV
        .iter()
        .map(|&page| {
            view! {
                <li>
                    <a
                        href=Route::Page(lang, page).href()
                        aria-current=(current_page == Some(page)).then_some("page")
                    >
                        {nav_label(lang, page)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <a class="skip-link" href="#main">{td_string!(locale, skip_link)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-name" href=Route::Page(lang, Page::Home).href()>
                    {td_string!(locale, site_name)}
                </a>
                <LangSwitcher route=route/>
            </div>
            <nav class="main-nav" aria-label=td_string!(locale, nav_label)>
                <ul>{items}</ul>
            </nav>
        </header>
    }
}
