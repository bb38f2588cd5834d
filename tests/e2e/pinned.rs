//! Widgets pinned to an archived release
//! (`/embed/{lang}/releases/{id}/{widget}/`): each shows the figures its
//! release published, says which release that is, and links to the latest,
//! while the widget's own page shows the latest release; the embed builder
//! writes snippets for them that work on another origin.

use crate::support::page::{
    ensure, err, frame_in_view_settles, wait_ready, wait_snippet_title, wait_until, Outcome,
};
use crate::support::site::{
    figure_text, oembed_here, older_release, served_archive, served_export, snippet_here,
};
use crate::support::{Browser, Harness, HostPage};
use fantoccini::Client;
use portal::model::embed::pinned_height;
use portal::model::export::Export;
use portal::model::format::long_date;
use portal::model::query::Query;
use portal::model::route::{Pinned, Widget};
use portal::model::{Lang, Page, Route};
use std::collections::BTreeSet;
use std::path::Path;

/// The figures a data widget shows for the whole release of `export` in
/// `lang`, as the model computes them: the funnel's stages (the headline
/// shows them too), each week's total on the trend, none on the map.
fn model_figures(export: &Export, widget: Widget, lang: Lang) -> Vec<String> {
    let report = export.report(&Query::default().resolve(export));
    match widget {
        Widget::Headline | Widget::Funnel => report
            .funnel
            .iter()
            .map(|t| figure_text(*t, lang))
            .collect(),
        Widget::Trend => report
            .weekly
            .iter()
            .map(|(_, t)| figure_text(*t, lang))
            .collect(),
        _ => Vec::new(),
    }
}

/// What the widget page in the current frame shows.
const READ_WIDGET: &str = r##"
    const pinned = document.querySelector("[data-testid=widget-pinned]");
    return {
        lang: document.documentElement.lang,
        pinned: pinned?.textContent ?? "",
        latest: pinned?.querySelector("a[data-latest]")?.getAttribute("href") ?? "",
        footer: document.querySelector(".widget__footer")?.textContent ?? "",
        full: document.querySelector("[data-full-view]")?.getAttribute("href") ?? "",
        canonical: document.querySelector("link[rel=canonical]")?.getAttribute("href") ?? "",
        oembed: document.querySelector("link[type='application/json+oembed']")?.getAttribute("href") ?? "",
        scripts: [...document.scripts].map(s => new URL(s.src).pathname),
        unknown: !!document.querySelector("[data-unknown-view]"),
        figures: [...document.querySelectorAll("main.widget .funnel__value, main.widget [data-testid=headline] dd, main.widget .as-table tbody td:nth-child(2)")].map(e => e.textContent),
    };"##;

async fn read_widget(c: &Client) -> Result<serde_json::Value, String> {
    c.execute(READ_WIDGET, vec![]).await.map_err(err("widget"))
}

/// The pinned pages the build wrote: `embed/{lang}/releases/…/index.html`.
fn pinned_files(dist: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                if let Ok(rel) = path.strip_prefix(root) {
                    out.insert(rel.to_string_lossy().into_owned());
                }
            }
        }
    }
    let mut files = BTreeSet::new();
    for lang in Lang::ALL {
        walk(
            &dist.join("embed").join(lang.code()).join("releases"),
            dist,
            &mut files,
        );
    }
    files
}

/// Without JavaScript: the build wrote a pinned page for each data widget
/// of every archived release in every language, and no other (no views,
/// no text widgets). Each reads on its own: its release's figures as the
/// model computes them from that release's archived export, a line naming
/// the release and its data-as-of date with a link to the latest figures
/// that answers, the full view opening that release in the explorer, its
/// own URL as canonical, only the widget script, the widgets' headers, and
/// an oEmbed document that embeds exactly it. The sitemap lists no widget.
pub async fn pinned_widgets_read_without_javascript(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let latest = served_export(h)?;
    let archive = served_archive(h)?;
    let expected: BTreeSet<String> =
        Pinned::all(archive.iter().map(|(r, _)| r.release_id.as_str()))
            .iter()
            .map(Pinned::file)
            .collect();
    let written = pinned_files(h.root());
    ensure!(
        written == expected,
        "pinned pages written but not expected: {:?}; expected but missing: {:?}",
        written.difference(&expected).collect::<Vec<_>>(),
        expected.difference(&written).collect::<Vec<_>>()
    );
    let (older, _) = older_release(&archive, &latest, |e| {
        model_figures(e, Widget::Funnel, Lang::En)
    })?;
    let live_csp = h
        .get(&h.url(&Route::Embed(Lang::En, Widget::Trend).path()), &[])
        .header("content-security-policy");
    ensure!(
        live_csp.contains("frame-ancestors *"),
        "the live widget's policy {live_csp:?}"
    );
    for (release, export) in &archive {
        let id = release.release_id.as_str();
        // Every widget of every release in English; every language of one.
        let langs: &[Lang] = if id == older.release_id {
            &Lang::ALL
        } else {
            &[Lang::En]
        };
        for &lang in langs {
            for widget in Widget::DATA {
                let pinned =
                    Pinned::new(lang, widget, id).ok_or(format!("{id}: no pinned page"))?;
                let path = pinned.path();
                let url = h.url(&path);
                c.goto(&url).await.map_err(err(&url))?;
                let found = read_widget(c).await?;
                let date = long_date(release.data_as_of, lang);
                let banner = found["pinned"].as_str().unwrap_or_default();
                ensure!(
                    found["lang"] == lang.code() && banner.contains(id) && banner.contains(&date),
                    "{path}: the release and its data-as-of date {date:?} are not named: {found}"
                );
                let statistics = Route::Page(lang, Page::Statistics).path();
                ensure!(
                    found["latest"] == statistics.as_str()
                        && h.get(&h.url(&statistics), &[]).status == 200,
                    "{path}: the link to the latest figures {found}"
                );
                ensure!(
                    found["footer"].as_str().is_some_and(|f| f.contains(id)),
                    "{path}: the footer names no release {found}"
                );
                let full = found["full"].as_str().unwrap_or_default();
                ensure!(
                    full.starts_with(&format!("{statistics}?release={id}")),
                    "{path}: the full view does not open its release: {full:?}"
                );
                ensure!(
                    found["canonical"]
                        .as_str()
                        .is_some_and(|u| u.ends_with(&path))
                        && found["scripts"] == serde_json::json!(["/embed/widget.js"])
                        && found["unknown"] == false,
                    "{path}: head or scripts {found}"
                );
                let expected = model_figures(export, widget, lang);
                ensure!(
                    found["figures"] == serde_json::json!(expected),
                    "{path}: figures {}, the model gives {expected:?} from its archived export",
                    found["figures"]
                );
                let (oembed, html) = oembed_here(h, &path)?;
                ensure!(
                    found["oembed"]
                        .as_str()
                        .is_some_and(|o| o.ends_with(&format!("{path}oembed.json")))
                        && html.contains(&format!("{}\"", h.url(&path)))
                        && oembed["height"] == pinned_height(widget)
                        && oembed["title"].as_str().is_some_and(|t| t.contains(id)),
                    "{path}: oEmbed document {oembed}"
                );
                if lang == Lang::En && widget == Widget::Trend {
                    let response = h.get(&url, &[]);
                    ensure!(
                        response.status == 200
                            && response.header("content-security-policy") == live_csp,
                        "{path}: {} with policy {:?}, the live widget's is {live_csp:?}",
                        response.status,
                        response.header("content-security-policy")
                    );
                }
            }
        }
    }
    let sitemap = h.get(&h.url("/sitemap.xml"), &[]).body;
    ensure!(
        sitemap.contains("<urlset")
            && Lang::ALL
                .iter()
                .all(|lang| !sitemap.contains(&format!("/embed/{lang}/"))),
        "the sitemap lists widget pages"
    );
    Ok(())
}

/// The embed builder pins a data widget: "as published in release …"
/// turns the region and period choices off and writes the pinned page's
/// URL, title and height into the snippet (a widget without figures offers
/// no release); pasted into a page on another origin beside the snippet of
/// the same widget's own page, the pinned frame shows that release's
/// figures and the other the latest's, as the model computes them, each
/// frame sized to its content, with nothing logged.
pub async fn embed_builder_pins_a_widget_that_works_on_another_origin(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    let c = &b.client;
    let latest = served_export(h)?;
    let archive = served_archive(h)?;
    let (release, older) = older_release(&archive, &latest, |e| {
        model_figures(e, Widget::Funnel, Lang::En)
    })?;
    let id = release.release_id.as_str();
    let url = h.url(&Route::Page(Lang::En, Page::Embed).path());
    c.goto(&url).await.map_err(err(&url))?;
    wait_ready(c).await?;
    let choose = |choices: serde_json::Value| {
        c.execute(
            r##"for (const [id, value] of arguments[0]) {
                    const select = document.getElementById(id);
                    select.value = value;
                    select.dispatchEvent(new Event("change", { bubbles: true }));
                }"##,
            vec![choices],
        )
    };
    // A text widget cannot be pinned: the choice is off and stays latest.
    choose(serde_json::json!([
        ["builder-widget", "funnel"],
        ["builder-release", id],
        ["builder-widget", "pillars"]
    ]))
    .await
    .map_err(err("choose pillars"))?;
    wait_until(
        c,
        "document.querySelector('textarea[data-kind=script]').value.includes('/embed/en/pillars/\"')",
    )
    .await?;
    let off = c
        .execute(
            "const r = document.getElementById('builder-release'); return [r.disabled, r.value]",
            vec![],
        )
        .await
        .map_err(err("release choice"))?;
    ensure!(
        off == serde_json::json!([true, ""]),
        "pillars: release choice {off}"
    );

    choose(serde_json::json!([
        ["builder-widget", "funnel"],
        ["builder-lang", "fr"],
        ["builder-scope", "UA-63"],
        ["builder-period", "last-12"],
        ["builder-release", id]
    ]))
    .await
    .map_err(err("choose"))?;
    let pinned = Pinned::new(Lang::Fr, Widget::Funnel, id).ok_or("no pinned page")?;
    let (oembed, _) = oembed_here(h, &pinned.path())?;
    let title = oembed["title"].as_str().unwrap_or_default().to_owned();
    wait_snippet_title(c, &title).await?;
    let found = c
        .execute(
            r##"return {
                script: document.querySelector("textarea[data-kind=script]").value,
                previews: [...document.querySelectorAll("iframe[data-preview]")].map(f => new URL(f.src).pathname),
                off: [document.getElementById("builder-scope").disabled, document.getElementById("builder-period").disabled],
            };"##,
            vec![],
        )
        .await
        .map_err(err("snippets"))?;
    let script = found["script"].as_str().unwrap_or_default().to_owned();
    ensure!(
        script.contains(&format!("{}\"", pinned.path()))
            && script.contains(&format!("height=\"{}\"", oembed["height"]))
            && title.contains(id),
        "{url}: snippet {script:?}, oEmbed {oembed}"
    );
    ensure!(
        found["previews"] == serde_json::json!([pinned.path(), pinned.path()])
            && found["off"] == serde_json::json!([true, true]),
        "{url}: previews and choices {found}"
    );

    // Pasted as the builder gives it, beside the live widget's snippet.
    let base = h.url("");
    let (_, live) = oembed_here(h, &Route::Embed(Lang::Fr, Widget::Funnel).path())?;
    let html = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Article</title></head>\
         <body>{}<p>Et aujourd’hui :</p>{live}</body></html>",
        snippet_here(h, &script)
    );
    let host = HostPage::serve(html, format!("frame-src {base}; script-src {base}"));
    b.take_logs().await?;
    c.goto(&host.url).await.map_err(err(&host.url))?;
    for (i, export, what) in [(0, older, "pinned"), (1, &latest, "live")] {
        frame_in_view_settles(c, i, &format!("{what} frame")).await?;
        c.enter_frame(i as u16).await.map_err(err("enter frame"))?;
        let shown = read_widget(c).await;
        c.enter_parent_frame().await.map_err(err("leave frame"))?;
        let shown = shown?;
        let expected = model_figures(export, Widget::Funnel, Lang::Fr);
        ensure!(
            shown["figures"] == serde_json::json!(expected),
            "{what} frame shows {}, the model gives {expected:?} for release {}",
            shown["figures"],
            export.release.release_id
        );
        let banner = shown["pinned"].as_str().unwrap_or_default();
        ensure!(
            (i == 0) == banner.contains(id),
            "{what} frame: release line {banner:?}"
        );
    }
    let problems = b.take_logs().await?;
    ensure!(problems.is_empty(), "host or widgets logged: {problems:#?}");
    drop(host);
    Ok(())
}
