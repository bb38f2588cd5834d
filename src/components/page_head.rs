use crate::locale::{td_string, Locale};
use crate::model::route::feed_path;
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;

/// What search engines and link previews learn about one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMeta {
    pub route: Route,
    pub title: String,
    pub description: String,
    pub site_name: String,
    /// Absolute origin the site is published at, without a trailing slash.
    pub site_url: String,
    /// The page's share card.
    pub image: ShareImage,
}

/// A share card as link previews find it: its absolute URL and its text
/// for those who cannot see it (`src/components/share_card.rs` draws it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareImage {
    pub url: String,
    pub alt: String,
}

/// `og:image` with its size and text, and the large Twitter/X card that
/// shows it. The same on portal pages and widget pages.
#[component]
pub fn ShareImageMeta(image: ShareImage) -> impl IntoView {
    view! {
        <OpenGraph property="og:image" content=image.url/>
        <OpenGraph property="og:image:type" content="image/png"/>
        <OpenGraph property="og:image:width" content="1200"/>
        <OpenGraph property="og:image:height" content="630"/>
        <OpenGraph property="og:image:alt" content=image.alt/>
        <meta name="twitter:card" content="summary_large_image"/>
    }
}

/// The page-specific part of `<head>`: title, description, canonical link,
/// `hreflang` alternates of the same route in every language, the feed of
/// data releases in the page's language, Open Graph tags and the share card. Every page renders the same elements in the same order, so that
/// client-side navigation can swap them one for one.
#[component]
pub fn PageHead(meta: PageMeta) -> impl IntoView {
    let PageMeta {
        route,
        title,
        description,
        site_name,
        site_url,
        image,
    } = meta;
    let url = |r: Route| format!("{site_url}{}", r.path());
    let lang = route.lang().unwrap_or(Lang::En);
    let og_locale = lang.og_locale();
    let alternates = Lang::ALL.map(
        |lang| view! { <link rel="alternate" hreflang=lang.code() href=url(route.in_lang(lang))/> },
    );
    let other_locales = Lang::ALL
        .into_iter()
        .filter(move |l| l.og_locale() != og_locale)
        .map(|l| view! { <OpenGraph property="og:locale:alternate" content=l.og_locale()/> })
        .collect_view();
    // Pages that are the site itself carry only their title; the others add the site's name.
    let full_title = match route {
        Route::Root | Route::NotFound(None) | Route::Page(_, Page::Home) => title.clone(),
        Route::Page(..)
        | Route::Compare(..)
        | Route::Region(..)
        | Route::Embed(..)
        | Route::NotFound(Some(_)) => {
            format!("{title} · {site_name}")
        }
    };
    view! {
        <title>{full_title}</title>
        <meta name="description" content=description.clone()/>
        <meta name="robots" content=if route.indexable() { "index, follow" } else { "noindex" }/>
        <link rel="canonical" href=url(route)/>
        {alternates}
        <link rel="alternate" hreflang="x-default" href=url(Route::Root)/>
        <link
            rel="alternate"
            type="application/atom+xml"
            title=td_string!(Locale::from(lang), releases_feed_title)
            href=format!("{site_url}{}", feed_path(lang))
        />
        <OpenGraph property="og:type" content="website"/>
        <OpenGraph property="og:site_name" content=site_name/>
        <OpenGraph property="og:title" content=title/>
        <OpenGraph property="og:description" content=description/>
        <OpenGraph property="og:url" content=url(route)/>
        <OpenGraph property="og:locale" content=og_locale/>
        {other_locales}
        <ShareImageMeta image=image/>
    }
}

/// `<meta property=… content=…>`: Open Graph uses RDFa's `property`
/// attribute, which `view!` has no named attribute for.
#[component]
pub(super) fn OpenGraph(property: &'static str, #[prop(into)] content: String) -> impl IntoView {
    view! { <meta content=content/> }.add_any_attr(custom_attribute("property", property))
}
