//! What every widget page has around its content: a head of its own (no
//! portal scripts, links open in a new tab, oEmbed discovery) and a footer
//! that says where the figures come from.

use super::figure_images::{FigureImage, WidgetImage};
use super::page_head::{OpenGraph, ShareImage, ShareImageMeta};
use crate::locale::{td_string, Locale};
use crate::model::base_path::href;
use crate::model::format::{colon, long_date};
use crate::model::{Lang, Release};
use leptos::prelude::*;

/// The script every widget page loads: applies `?theme=` and posts the
/// page's height to the page that frames it.
pub const WIDGET_SCRIPT: &str = "/embed/widget.js";

/// What a widget page's `<head>` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedMeta {
    pub title: String,
    pub description: String,
    /// The widget's absolute URL.
    pub url: String,
    /// Its oEmbed document's absolute URL (each view has its own).
    pub oembed: String,
    /// The share card of the widget, or of the view.
    pub image: ShareImage,
}

#[component]
pub fn EmbedHead(meta: EmbedMeta) -> impl IntoView {
    let EmbedMeta {
        title,
        description,
        url,
        oembed,
        image,
    } = meta;
    view! {
        <title>{title.clone()}</title>
        <meta name="description" content=description/>
        <meta name="robots" content="noindex"/>
        <link rel="canonical" href=url.clone()/>
        <link rel="alternate" type="application/json+oembed" href=oembed title=title.clone()/>
        <OpenGraph property="og:title" content=title.clone()/>
        <OpenGraph property="og:url" content=url/>
        <ShareImageMeta image=image/>
        <base target="_blank"/>
        <script src=href(WIDGET_SCRIPT)></script>
    }
}

/// A widget's content with its provenance: the release and its data-as-of
/// date (for the figures), the sample-data label or the text's status, the
/// source, and the link to the full view on the portal.
#[component]
pub fn EmbedFrame(
    lang: Lang,
    /// The widget's title: the document's heading, for screen readers (the
    /// content carries its own visible heading).
    title: String,
    /// The release the figures come from; `None` for the declaration's text.
    release: Option<Release>,
    /// What the text is (for example "summary in our own words").
    #[prop(optional)]
    note: Option<&'static str>,
    /// Which figures these are, on a narrowed view ("Kharkivska oblast ·
    /// Last 12 weeks").
    #[prop(optional_no_strip)]
    view: Option<String>,
    /// On a data widget's own page: what `widget.js` shows when the query
    /// asks for a view the build did not prepare.
    #[prop(optional_no_strip)]
    unknown_view: Option<&'static str>,
    /// On a widget pinned to an archived release: the portal's page with
    /// the latest figures. The widget then says, above its figures, which
    /// release they are as published in, and links there.
    #[prop(optional_no_strip)]
    latest: Option<String>,
    /// On a data widget: the image of its view, PNG and SVG.
    #[prop(optional_no_strip)]
    image: Option<FigureImage>,
    full_view: String,
    children: Children,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let sample = release.as_ref().is_some_and(|r| r.sample);
    let pinned = latest.zip(release.clone()).map(|(latest, r)| {
        view! {
            <p class="widget__view" data-testid="widget-pinned">
                {td_string!(locale, embed_release_pinned)} " " <code>{r.release_id}</code> ", "
                {td_string!(locale, release_as_of)} " "
                <time datetime=r.data_as_of.to_string()>{long_date(r.data_as_of, lang)}</time> ". "
                <a href=latest rel="noopener" data-latest="">{td_string!(locale, embed_pinned_latest)} " ↗"</a>
            </p>
        }
    });
    let facts = release.map(|r| {
        view! {
            <p>
                {td_string!(locale, footer_release)} " " <code>{r.release_id}</code> " · "
                {td_string!(locale, footer_data_as_of)} " "
                <time datetime=r.data_as_of.to_string()>{long_date(r.data_as_of, lang)}</time>
            </p>
        }
    });
    view! {
        <main class="widget">
            <h1 class="visually-hidden">{title}</h1>
            {pinned}
            {view.map(|view| view! { <p class="widget__view" data-testid="widget-view">{view}</p> })}
            {unknown_view.map(|note| view! { <p class="widget__view" data-unknown-view="" hidden>{note}</p> })}
            // First, so that a frame too short for the whole widget still
            // says what its figures are.
            {sample.then(|| view! { <p class="sample-label">{td_string!(locale, footer_sample)}</p> })}
            {children()}
            <footer class="widget__footer">
                {note.map(|note| view! { <p class="sample-label">{note}</p> })}
                {facts}
                <p>
                    {td_string!(locale, embed_source)} {colon(lang)} {td_string!(locale, site_name)} " · "
                    <a href=full_view rel="noopener" data-full-view="">{td_string!(locale, embed_full_view)} " ↗"</a>
                </p>
                {image.map(|image| view! { <WidgetImage lang=lang image=image/> })}
            </footer>
        </main>
    }
}
