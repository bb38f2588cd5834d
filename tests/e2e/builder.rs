//! The embed builder, from the first choice to the pasted snippet.

use crate::support::page::{
    ensure, err, frame_in_view_settles, press, wait_ready, wait_snippet_title, wait_until, Outcome,
};
use crate::support::site::{oembed_here, snippet_here};
use crate::support::{Browser, Harness, HostPage};
use portal::model::{Lang, Page, Route};

/// The embed builder as a new user meets it: choose a widget, a language
/// and dark colours; the snippets and the preview follow; the copy button,
/// pressed from the keyboard, says it copied; the snippet pasted into a
/// page on another origin shows the widget, sized to its content.
pub async fn embed_builder_makes_a_working_snippet(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let url = h.url(&Route::Page(Lang::En, Page::Embed).path());
    c.goto(&url).await.map_err(err(&url))?;
    wait_ready(c).await?;
    c.execute(
        r##"const set = (id, value) => {
                const select = document.getElementById(id);
                select.value = value;
                select.dispatchEvent(new Event("change", { bubbles: true }));
            };
            set("builder-widget", "map"); set("builder-lang", "de"); set("builder-theme", "dark");
            set("builder-scope", "mortar"); set("builder-period", "last-12");"##,
        vec![],
    )
    .await
    .map_err(err("choose"))?;
    // The snippet's title names the view, and its height allows for that
    // line, as the view's oEmbed document does.
    let (oembed, _) = oembed_here(h, "/embed/de/map/mortar/last-12/")?;
    let title = oembed["title"].as_str().unwrap_or_default().to_owned();
    ensure!(
        title.starts_with(portal::locale::td_string!(
            portal::locale::Locale::from(Lang::De),
            stats_map
        )) && title.ends_with(" · Letzte 12 Wochen"),
        "the view's oEmbed title {title:?}"
    );
    wait_snippet_title(c, &title).await?;
    let found = c
        .execute(
            r##"return {
                script: document.querySelector("textarea[data-kind=script]").value,
                amp: document.querySelector("textarea[data-kind=amp]").value,
                previews: [...document.querySelectorAll("iframe[data-preview]")].map(f => new URL(f.src).pathname + new URL(f.src).search),
                regions_off: document.querySelector("optgroup[data-regions]").disabled,
            };"##,
            vec![],
        )
        .await
        .map_err(err("snippets"))?;
    let script = found["script"].as_str().unwrap_or_default().to_owned();
    ensure!(
        script.contains("/embed/de/map/mortar/last-12/?theme=dark\"")
            && script.contains(&format!("title=\"{title}\""))
            && script.contains(&format!("height=\"{}\"", oembed["height"]))
            && script.contains("/embed.js\""),
        "{url}: snippet {script:?}"
    );
    ensure!(
        found["amp"]
            .as_str()
            .is_some_and(|a| a.starts_with("<amp-iframe")
                && a.contains("resizable")
                && a.contains(">Alles zeigen</div>")),
        "{url}: AMP snippet {found}"
    );
    ensure!(
        found["previews"]
            == serde_json::json!([
                "/embed/de/map/mortar/last-12/?theme=dark",
                "/embed/de/map/mortar/last-12/?theme=dark"
            ])
            && found["regions_off"] == true,
        "{url}: previews {found} (the map shows every region: no region choice)"
    );
    c.execute(
        "document.querySelector('button[data-copy=script]').focus()",
        vec![],
    )
    .await
    .map_err(err("focus"))?;
    press(c, fantoccini::key::Key::Enter).await?;
    let copied = portal::locale::td_string!(portal::locale::Locale::from(Lang::En), embed_copied);
    wait_until(
        c,
        &format!("document.querySelector('[data-copy-status]').textContent === {copied:?}"),
    )
    .await?;

    let base = h.url("");
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pasted</title></head><body>{}</body></html>",
        snippet_here(h, &script)
    );
    let host = HostPage::serve(html, format!("frame-src {base}; script-src {base}"));
    c.goto(&host.url).await.map_err(err(&host.url))?;
    frame_in_view_settles(c, 0, "pasted snippet").await?;
    drop(host);
    Ok(())
}
