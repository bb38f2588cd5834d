use crate::components::Prose;
use crate::locale::{page_title, preset_label, td_string, Locale};
use crate::model::base_path::href;
use crate::model::embed::{snippet, SnippetKind};
use crate::model::format::colon;
use crate::model::query::{Period, PRESETS};
use crate::model::{Lang, Page};
use leptos::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the embed builder offers.
#[derive(Debug, Clone, Serialize)]
pub struct Builder {
    pub lang: Lang,
    /// The site's public origin, where widgets and `/embed.js` live.
    pub origin: String,
    pub widgets: Vec<BuilderWidget>,
    /// The regions and the categories a data widget can be narrowed to:
    /// code and name in the page's language.
    pub regions: Vec<(String, String)>,
    pub categories: Vec<(String, String)>,
    /// The archived releases a data widget can be pinned to, newest first:
    /// id, and the choice's text in the page's language ("Figures as
    /// published in release … with data as of …").
    pub releases: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuilderWidget {
    /// The widget's part of the URL (`headline`, `provision/c3`).
    pub slug: String,
    /// Its title in each language, by language code.
    pub titles: BTreeMap<String, String>,
    /// The frame's height before the widget reports its own.
    pub height: u32,
    /// Whether it can be narrowed by category and period (data widgets),
    /// and by region too (all but the map, which shows every region).
    pub by_category: bool,
    pub by_region: bool,
    /// Whether it can be pinned to an archived release (data widgets, their
    /// whole release), and the frame's height before such a widget reports
    /// its own.
    pub pinnable: bool,
    pub pinned_height: u32,
}

/// Everything `public/builder.js` needs to fill in the snippets for other
/// choices: the snippets as templates, and the widgets' titles and heights.
#[derive(Serialize)]
struct BuilderData<'a> {
    templates: BTreeMap<&'static str, String>,
    origin: &'a str,
    widgets: BTreeMap<&'a str, &'a BuilderWidget>,
    copied: &'static str,
    copy_failed: &'static str,
    /// AMP's "show all" button in each widget language, by language code.
    show_all: BTreeMap<&'static str, &'static str>,
}

/// The embed builder: choose a widget, its language and colours; see it at
/// phone width and at the page's width; copy the snippet. Prerendered with
/// the first widget in the page's language; `public/builder.js` makes the
/// choices work. Without JavaScript the list of every widget and its oEmbed
/// document stands in for them.
#[component]
pub fn EmbedPage(lang: Lang, prose: String, builder: Builder) -> impl IntoView {
    let locale = Locale::from(lang);
    let first = builder.widgets.first().cloned();
    let title_of = |w: &BuilderWidget| w.titles.get(lang.code()).cloned().unwrap_or_default();
    let path = |slug: &str| href(&format!("/embed/{lang}/{slug}/"));
    let data = BuilderData {
        templates: SnippetKind::ALL
            .map(|k| {
                (
                    k.code(),
                    snippet(
                        k,
                        &builder.origin,
                        "{src}",
                        "{title}",
                        "{height}",
                        "{show_all}",
                    ),
                )
            })
            .into(),
        origin: &builder.origin,
        widgets: builder
            .widgets
            .iter()
            .map(|w| (w.slug.as_str(), w))
            .collect(),
        copied: td_string!(locale, embed_copied),
        copy_failed: td_string!(locale, embed_copy_failed),
        show_all: Lang::ALL
            .map(|l| (l.code(), td_string!(Locale::from(l), embed_show_all)))
            .into(),
    };
    // JSON inside <script> ends at the first "</": write "<" as \u003c.
    let data = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let widget_options = builder
        .widgets
        .iter()
        .map(|w| view! { <option value=w.slug.clone()>{title_of(w)}</option> })
        .collect_view();
    let options = |items: &[(String, String)]| {
        items
            .iter()
            .map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> })
            .collect_view()
    };
    let (region_options, category_options, release_options) = (
        options(&builder.regions),
        options(&builder.categories),
        options(&builder.releases),
    );
    let period_options = std::iter::once(None)
        .chain(PRESETS.map(Some))
        .map(|weeks| {
            let period = weeks.map_or(Period::All, Period::Last);
            view! { <option value=period.code()>{preset_label(lang, weeks)}</option> }
        })
        .collect_view();
    let lang_options = Lang::ALL.map(|l| {
        view! { <option value=l.code() selected=l == lang>{l.native_name()}</option> }
    });
    let snippets = first.as_ref().map(|w| {
        let src = format!("{}{}", builder.origin, path(&w.slug));
        SnippetKind::ALL
            .map(|kind| {
                let id = format!("snippet-{}", kind.code());
                let label = match kind {
                    SnippetKind::Script => td_string!(locale, embed_snippet_script),
                    SnippetKind::Iframe => td_string!(locale, embed_snippet_iframe),
                    SnippetKind::Amp => td_string!(locale, embed_snippet_amp),
                };
                let text = snippet(
                    kind,
                    &builder.origin,
                    &src,
                    &title_of(w),
                    &w.height.to_string(),
                    td_string!(locale, embed_show_all),
                );
                view! {
                    <div class="snippet">
                        <label for=id.clone()>{label}</label>
                        <textarea id=id data-kind=kind.code() readonly rows="4" spellcheck="false">{text}</textarea>
                        <button type="button" data-copy=kind.code() hidden>
                            {td_string!(locale, embed_copy)}
                            <span class="visually-hidden">{colon(lang)} {label}</span>
                        </button>
                    </div>
                }
            })
            .collect_view()
    });
    let previews = first.as_ref().map(|w| {
        let (src, title, height) = (path(&w.slug), title_of(w), w.height.to_string());
        view! {
            <div class="previews">
                <figure class="preview preview--phone">
                    <figcaption>{td_string!(locale, embed_phone)}</figcaption>
                    <iframe class="preview__frame" data-preview="" src=src.clone() title=title.clone() height=height.clone()></iframe>
                </figure>
                <figure class="preview">
                    <figcaption>{td_string!(locale, embed_desktop)}</figcaption>
                    <iframe class="preview__frame" data-preview="" src=src title=title height=height></iframe>
                </figure>
            </div>
        }
    });
    let every = builder
        .widgets
        .iter()
        .map(|w| {
            let page = path(&w.slug);
            view! {
                <li>
                    <a href=page.clone()>{title_of(w)}</a> " · "
                    <a href=format!("{page}oembed.json")>"oEmbed"</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Embed)}</h1>
            <Prose html=prose/>
            <form class="builder" data-builder="">
                <fieldset class="builder__choices" hidden>
                    <legend class="visually-hidden">{page_title(lang, Page::Embed)}</legend>
                    <label for="builder-widget">{td_string!(locale, embed_widget)}</label>
                    <select id="builder-widget" name="widget">{widget_options}</select>
                    <label for="builder-lang">{td_string!(locale, embed_language)}</label>
                    <select id="builder-lang" name="lang">{lang_options}</select>
                    <label for="builder-release">{td_string!(locale, release_heading)}</label>
                    <select id="builder-release" name="release">
                        <option value="">{td_string!(locale, embed_release_latest)}</option>
                        {release_options}
                    </select>
                    <label for="builder-scope">{td_string!(locale, embed_scope)}</label>
                    <select id="builder-scope" name="scope">
                        <option value="all">{td_string!(locale, embed_scope_all)}</option>
                        <optgroup label=td_string!(locale, stats_regions) data-regions="">{region_options}</optgroup>
                        <optgroup label=td_string!(locale, stats_categories)>{category_options}</optgroup>
                    </select>
                    <label for="builder-period">{td_string!(locale, stats_period)}</label>
                    <select id="builder-period" name="period">
                        {period_options}
                    </select>
                    <label for="builder-theme">{td_string!(locale, embed_theme)}</label>
                    <select id="builder-theme" name="theme">
                        <option value="auto">{td_string!(locale, embed_theme_auto)}</option>
                        <option value="light">{td_string!(locale, embed_theme_light)}</option>
                        <option value="dark">{td_string!(locale, embed_theme_dark)}</option>
                    </select>
                </fieldset>
                <h2>{td_string!(locale, embed_snippets)}</h2>
                {snippets}
                <p class="status" data-copy-status="" aria-live="polite"></p>
            </form>
            <h2>{td_string!(locale, embed_preview)}</h2>
            {previews}
            <h2>{td_string!(locale, embed_all)}</h2>
            <ul class="widget-list">{every}</ul>
            <script type="application/json" id="builder-data" inner_html=data></script>
            <script src=href("/builder.js")></script>
            <script src=href("/embed.js")></script>
        </article>
    }
    .into_any()
}
