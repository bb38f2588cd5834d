use super::{SiteFooter, SiteHeader};
use crate::content::Source;
use crate::model::{Lang, Release, Route};
use leptos::prelude::*;

/// The frame of every portal page: header, `<main>` and footer.
#[component]
pub fn Shell(
    route: Route,
    release: Release,
    sources: Vec<Source>,
    children: Children,
) -> impl IntoView {
    let lang = route.lang().unwrap_or(Lang::En);
    view! {
        <SiteHeader route=route/>
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter lang=lang release=release sources=sources/>
    }
}
