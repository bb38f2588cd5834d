use crate::model::format::long_date;
use crate::model::record::Source;
use crate::model::Lang;
use leptos::prelude::*;

/// A source as cited everywhere on the portal: its title, linked when it is
/// online, and its date where it has one.
#[component]
pub fn SourceLink(lang: Lang, source: Source) -> impl IntoView {
    let title = source.title_in(lang).to_owned();
    let date = source.date;
    let title = match source.url {
        Some(url) => view! { <a href=url rel="external noopener">{title}</a> }.into_any(),
        None => view! { <span>{title}</span> }.into_any(),
    };
    view! {
        <cite class="source">
            {title}
            {date.map(|date| view! { ", " <time datetime=date.to_string()>{long_date(date, lang)}</time> })}
        </cite>
    }
}
