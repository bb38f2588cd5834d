use crate::components::{Prose, TextFacts};
use crate::locale::{td_string, Locale};
use crate::model::declaration::DeclarationText;
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// The declaration in two languages, aligned by provision id: two columns
/// on a wide screen, one provision after the other on a phone.
#[component]
pub fn ComparePage(
    lang: Lang,
    other: Lang,
    left: DeclarationText,
    right: DeclarationText,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let switch = Lang::ALL
        .into_iter()
        .filter(|l| *l != lang && *l != other)
        .map(|l| {
            view! {
                <li><a href=Route::Compare(lang, l).href() hreflang=l.code()><span lang=l.code()>{l.native_name()}</span></a></li>
            }
        })
        .collect_view();
    let pairs = left
        .provisions
        .iter()
        .map(|p| {
            let twin = right.provision(&p.id).cloned();
            view! {
                <section class="pair" id=p.id.clone() aria-labelledby=format!("{}-heading", p.id)>
                    <div class="pair__col" lang=lang.code()>
                        <h2 id=format!("{}-heading", p.id)>
                            <a class="permalink" href=format!("{}#{}", Route::Page(lang, Page::Declaration).href(), p.id)>
                                {p.id.clone()}
                            </a>
                            " " {p.heading.clone()}
                        </h2>
                        <Prose html=p.html.clone()/>
                    </div>
                    {twin.map(|t| view! {
                        <div class="pair__col" lang=other.code()>
                            <h3>{t.heading.clone()}</h3>
                            <Prose html=t.html.clone()/>
                        </div>
                    })}
                </section>
            }
        })
        .collect_view();
    view! {
        <article class="page compare">
            <h1>{td_string!(locale, decl_compare_title)}</h1>
            <p>
                <a href=Route::Page(lang, Page::Declaration).href()>{td_string!(locale, decl_back)}</a>
            </p>
            <div class="pair pair--facts">
                <div class="pair__col"><TextFacts lang=lang text=left.clone()/></div>
                <div class="pair__col"><TextFacts lang=lang text=right.clone()/></div>
            </div>
            <nav class="compare-links" aria-labelledby="compare-heading">
                <h2 id="compare-heading">{td_string!(locale, decl_compare)}</h2>
                <ul>{switch}</ul>
            </nav>
            <div class="pairs">{pairs}</div>
        </article>
    }
}
