use crate::locale::{td_string, Locale};
use crate::model::{Lang, Route};
use leptos::prelude::*;

/// Links to the current route in every language, the current one marked.
#[component]
pub fn LangSwitcher(route: Route) -> impl IntoView {
    let current = route.lang();
    let locale = Locale::from(current.unwrap_or(Lang::En));
    let links = Lang::ALL.map(|lang| {
        let here = current == Some(lang);
        view! {
            <li>
                <a
                    href=route.in_lang(lang).href()
                    hreflang=lang.code()
                    lang=lang.code()
                    aria-current=here.then_some("true")
                >
                    {lang.native_name()}
                </a>
            </li>
        }
    });
    view! {
        <nav class="lang-switcher" aria-label=td_string!(locale, lang_label)>
            <ul>{links}</ul>
        </nav>
    }
}
