//! The widgets: their pages and views without JavaScript, the frame heights
//! their snippets give, their queries, and embedded on another origin with
//! `embed.js`.

use crate::support::page::{
    ensure, err, frame_in_view_settles, frame_settles, wait_until, Outcome,
};
use crate::support::site::{
    built_release, figure_text, oembed_here, served_archive, served_export,
};
use crate::support::{Browser, Harness, HostPage};
use portal::model::count::Total;
use portal::model::query::Query;
use portal::model::route::{Pinned, Widget};
use portal::model::{Lang, Page, Route};

/// Every widget page without JavaScript: its content, where it comes from
/// (release and sample label for the figures), a working link to the full
/// view, links that open outside the frame, no script but its own, withheld
/// counts as the symbol, and an oEmbed document that embeds it.
pub async fn widgets_read_without_javascript(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let release = built_release(h);
    for route in Route::widgets() {
        let Route::Embed(lang, widget) = route else {
            continue;
        };
        let url = h.url(&route.path());
        c.goto(&url).await.map_err(err(&url))?;
        let found = c
            .execute(
                r##"const footer = document.querySelector(".widget__footer");
                    return {
                        lang: document.documentElement.lang,
                        content: (document.querySelector("main.widget > h1 ~ :not(.widget__view, .sample-label)")?.textContent ?? "").trim().length,
                        footer: footer?.textContent ?? "",
                        // The sample label above the figures; a text's status in the footer.
                        sample: !!document.querySelector("main.widget > .sample-label + section, .widget__footer .sample-label"),
                        full: footer?.querySelector("a")?.getAttribute("href") ?? "",
                        base: document.querySelector("base")?.getAttribute("target"),
                        oembed: document.querySelector("link[type='application/json+oembed']")?.getAttribute("href") ?? "",
                        scripts: [...document.scripts].map(s => new URL(s.src).pathname),
                        withheld: [...document.querySelectorAll(".count--withheld")].map(e => e.textContent),
                    };"##,
                vec![],
            )
            .await
            .map_err(err("widget"))?;
        ensure!(found["lang"] == lang.code(), "{url}: lang {found}");
        ensure!(
            found["content"].as_u64().unwrap_or(0) > 20,
            "{url}: no content {found}"
        );
        let footer = found["footer"].as_str().unwrap_or_default();
        let site = portal::locale::td_string!(portal::locale::Locale::from(lang), site_name);
        ensure!(
            footer.contains(site),
            "{url}: the source is not named in {footer:?}"
        );
        ensure!(
            found["sample"] == true,
            "{url}: neither sample-data nor text-status label"
        );
        if widget.page() == Page::Statistics {
            ensure!(
                footer.contains(&release.release_id),
                "{url}: no release id in {footer:?}"
            );
        }
        ensure!(
            found["base"] == "_blank",
            "{url}: links would open inside the frame"
        );
        ensure!(
            found["scripts"] == serde_json::json!(["/embed/widget.js"]),
            "{url}: scripts {found}"
        );
        ensure!(
            found["withheld"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|v| v == "x"),
            "{url}: {found}"
        );
        let full = found["full"].as_str().unwrap_or_default();
        let target = full.split('#').next().unwrap_or_default();
        ensure!(
            target.starts_with(&format!("/{lang}/")) && h.get(&h.url(target), &[]).status == 200,
            "{url}: full view {full:?} does not answer"
        );
        let oembed = found["oembed"].as_str().unwrap_or_default();
        let path = oembed
            .find("/embed/")
            .map(|i| &oembed[i..])
            .unwrap_or_default();
        let document: serde_json::Value = serde_json::from_str(&h.get(&h.url(path), &[]).body)
            .map_err(err(&format!("{url}: oEmbed {oembed}")))?;
        let html = document["html"].as_str().unwrap_or_default();
        ensure!(
            document["version"] == "1.0"
                && document["type"] == "rich"
                && document["width"].is_u64()
                && document["height"].is_u64()
                && !document["title"].as_str().unwrap_or_default().is_empty()
                && !document["provider_name"]
                    .as_str()
                    .unwrap_or_default()
                    .is_empty()
                && html.contains(&format!("{}\"", route.path()))
                && html.contains("/embed.js\""),
            "{url}: oEmbed document {document}"
        );
    }
    // Embedded with its snippet in a page on another origin, scripts off:
    // the frame keeps its fixed height and shows the widget.
    let base = h.url("");
    let (oembed, snippet) = oembed_here(h, &Route::Embed(Lang::Fr, Widget::Trend).path())?;
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Host</title></head><body>{snippet}</body></html>"
    );
    let host = HostPage::serve(html, format!("frame-src {base}; script-src {base}"));
    c.goto(&host.url).await.map_err(err(&host.url))?;
    let height = c
        .execute(
            "return document.querySelector('iframe').getBoundingClientRect().height",
            vec![],
        )
        .await
        .map_err(err("frame"))?;
    c.enter_frame(0).await.map_err(err("enter frame"))?;
    let bars = c
        .execute(
            "return document.querySelectorAll('rect.bar').length",
            vec![],
        )
        .await;
    c.enter_parent_frame().await.map_err(err("leave frame"))?;
    let bars = bars.map_err(err("bars"))?;
    ensure!(
        height.as_f64() == oembed["height"].as_f64() && bars.as_u64().unwrap_or(0) > 0,
        "scripts off: frame {height} px (oEmbed says {}), {bars} bars",
        oembed["height"]
    );
    drop(host);
    Ok(())
}

/// The views of the data widgets, without JavaScript: a region's or a
/// category's figures over a preset period, as the model gives them for the
/// same query, saying which view they are, with the full view's link carrying
/// the same filter.
pub async fn widget_views_read_without_javascript(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    for (path, query, label) in [
        (
            "/embed/en/funnel/UA-63/last-12/",
            "region=UA-63&period=last-12",
            "Kharkiv Oblast · Last 12 weeks",
        ),
        (
            "/embed/uk/headline/mortar/all/",
            "category=mortar",
            "Мінометний обстріл · Усі тижні",
        ),
        (
            "/embed/de/trend/all/last-4/",
            "period=last-4",
            "Alle Regionen · Letzte 4 Wochen",
        ),
        (
            "/embed/en/trend/UA-63/last-12/",
            "region=UA-63&period=last-12",
            "Kharkiv Oblast · Last 12 weeks",
        ),
    ] {
        let url = h.url(path);
        c.goto(&url).await.map_err(err(&url))?;
        let found = c
            .execute(
                r##"return {
                    view: document.querySelector("[data-testid=widget-view]")?.textContent ?? "",
                    figures: [...document.querySelectorAll("main.widget .funnel__value, main.widget [data-testid=headline] dd, main.widget .as-table tbody td:nth-child(2)")].map(e => e.textContent),
                    full: document.querySelector(".widget__footer a")?.getAttribute("href") ?? "",
                    oembed: document.querySelector("link[type='application/json+oembed']")?.getAttribute("href") ?? "",
                    symbols: document.querySelectorAll("main.widget .bar-symbol").length,
                    tab_stops: document.querySelectorAll("main.widget svg [tabindex='0']").length,
                    legend: !!document.querySelector("main.widget [data-testid=legend]"),
                };"##,
                vec![],
            )
            .await
            .map_err(err("view"))?;
        let (q, ignored) = Query::parse(query, &export);
        ensure!(ignored.is_empty(), "{query}: {ignored:?}");
        let report = export.report(&q.resolve(&export));
        let lang: Lang = path[7..9]
            .parse()
            .map_err(|_| format!("{path}: language"))?;
        if path.contains("/trend/") {
            // Each withheld week is marked with the symbol in the chart, and
            // the symbols are explained where the trend shows any.
            let withheld = report
                .weekly
                .iter()
                .filter(|(_, t)| *t == Total::AtLeast(0))
                .count();
            let marked = report
                .weekly
                .iter()
                .any(|(_, t)| matches!(t, Total::AtLeast(_)));
            ensure!(
                found["symbols"] == withheld && found["legend"] == marked,
                "{url}: {withheld} withheld weeks, legend {marked}: {found}"
            );
            // Tabbing through an article does not stop at every week.
            ensure!(
                found["tab_stops"] == 0,
                "{url}: bars in the tab order {found}"
            );
        }
        let expected: Vec<String> = if path.contains("/trend/") {
            report
                .weekly
                .iter()
                .map(|(_, t)| figure_text(*t, lang))
                .collect()
        } else {
            report
                .funnel
                .iter()
                .map(|t| figure_text(*t, lang))
                .collect()
        };
        ensure!(
            found["figures"] == serde_json::json!(expected),
            "{url}: figures {found}, expected {expected:?}"
        );
        ensure!(
            found["view"] == label,
            "{url}: which view it is {found}, expected {label:?}"
        );
        ensure!(
            found["full"]
                .as_str()
                .is_some_and(|f| f.contains(&format!("?{}", q.to_query_string()))),
            "{url}: the full view keeps the filter {found}"
        );
        ensure!(
            found["oembed"]
                .as_str()
                .is_some_and(|o| o.ends_with(&format!("{path}oembed.json"))),
            "{url}: the view's own oEmbed document {found}"
        );
        let (oembed, snippet) = oembed_here(h, path)?;
        ensure!(
            oembed["title"]
                .as_str()
                .is_some_and(|t| t.ends_with(&format!(" · {label}")))
                && snippet.contains(&format!("src=\"{url}\"")),
            "{url}: oEmbed of the view {oembed}"
        );
    }
    // A map view's tiles open each region's page on the same type and period.
    let url = h.url("/embed/en/map/mortar/last-12/");
    c.goto(&url).await.map_err(err(&url))?;
    let tiles = c
        .execute(
            "return [...document.querySelectorAll('.tile-map a')].map(a => a.getAttribute('href'))",
            vec![],
        )
        .await
        .map_err(err("tiles"))?;
    let tiles: Vec<String> = serde_json::from_value(tiles).map_err(err("tiles"))?;
    ensure!(
        tiles.len() == export.regions.len()
            && tiles.iter().all(|t| t.starts_with("/en/statistics/UA-")
                && t.ends_with("/?period=last-12&category=mortar")),
        "{url}: tile links {tiles:?}"
    );
    Ok(())
}

/// Without the host script (or with scripts off) a frame keeps the height
/// its snippet gives: on a phone (a 358 px wide frame) that height shows
/// every widget whole, in every language, and is not much taller than it.
/// Views: a region's and a type's, in the shortest and a longer language;
/// and the data widgets pinned to an archived release, in the same two.
pub async fn widget_fallback_heights_show_all_of_it(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    b.viewport(358, 800).await?;
    let views = ["en", "uk"].into_iter().flat_map(|lang| {
        [
            "headline/UA-63/last-12/",
            "funnel/UA-63/last-4/",
            "trend/UA-63/last-12/",
            "map/mortar/last-4/",
            "headline/all/last-4/",
        ]
        .map(move |view| format!("/embed/{lang}/{view}"))
    });
    // Pinned to the oldest archived release, which has the fewest weeks.
    let archive = served_archive(h)?;
    let oldest = archive.first().map(|(r, _)| r.release_id.as_str());
    let pinned: Vec<String> = Pinned::all(oldest)
        .into_iter()
        .filter(|p| matches!(p.lang, Lang::En | Lang::Uk))
        .map(|p| p.path())
        .collect();
    let mut problems = Vec::new();
    for path in Route::widgets()
        .into_iter()
        .map(|r| r.path())
        .chain(views)
        .chain(pinned)
    {
        let url = h.url(&path);
        c.goto(&url).await.map_err(err(&url))?;
        let content = c
            .execute(
                "return Math.ceil(document.documentElement.getBoundingClientRect().height)",
                vec![],
            )
            .await
            .map_err(err("height"))?
            .as_f64()
            .unwrap_or(0.0);
        let fallback = oembed_here(h, &path)?.0["height"].as_f64().unwrap_or(0.0);
        if !(content <= fallback && fallback <= content * 1.4) {
            problems.push(format!("{path}: {content} px in a frame of {fallback} px"));
        }
    }
    b.viewport(1280, 900).await?;
    ensure!(
        problems.is_empty(),
        "fallback heights:\n{}",
        problems.join("\n")
    );
    Ok(())
}

/// With JavaScript, a data widget's own page takes the explorer's query to
/// the view prepared for it, keeping the theme; a query without one leaves
/// the whole release and says so, and its links to the full view ask the
/// explorer for exactly that view.
pub async fn widget_queries_lead_to_their_views(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let url = h.url("/embed/en/trend/?region=UA-63&period=last-12&theme=dark");
    c.goto(&url).await.map_err(err(&url))?;
    let landed = c.current_url().await.map_err(err("url"))?;
    ensure!(
        landed.path() == "/embed/en/trend/UA-63/last-12/" && landed.query() == Some("theme=dark"),
        "{url}: landed on {landed}"
    );
    let scheme = c
        .execute(
            "return getComputedStyle(document.documentElement).colorScheme",
            vec![],
        )
        .await
        .map_err(err("scheme"))?;
    ensure!(scheme == "dark", "{url}: colour scheme {scheme}");
    for query in [
        "region=UA-99",
        "region=UA-63&category=mortar",
        "region=UA-63&region=UA-14",
        "period=last-7",
    ] {
        // The links to the full view take the query (not the theme) to the
        // explorer, which shows exactly that view.
        let url = h.url(&format!("/embed/en/headline/?{query}&theme=light"));
        c.goto(&url).await.map_err(err(&url))?;
        let found = c
            .execute(
                r##"const note = document.querySelector("[data-unknown-view]");
                    return {
                        path: location.pathname,
                        note: !!note && !note.hidden && note.textContent.length > 20,
                        links: [...document.querySelectorAll("[data-full-view]")].map((a) => {
                            const link = new URL(a.href);
                            return link.pathname + link.search;
                        }),
                    };"##,
                vec![],
            )
            .await
            .map_err(err("note"))?;
        let explorer = format!("/en/statistics/?{query}");
        ensure!(
            found["path"] == "/embed/en/headline/"
                && found["note"] == true
                && found["links"] == serde_json::json!([explorer, explorer]),
            "{url}: {found}"
        );
    }
    Ok(())
}

/// A news site on another origin whose CSP allows frames from our origin
/// only embeds every English widget with the snippet of its oEmbed
/// document: at 390 and 1280 px each frame settles to its content's height,
/// `?theme=dark` darkens a widget on a light page, and neither the host nor
/// any widget logs an error.
pub async fn widgets_size_themselves_on_another_origin(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let base = h.url("");
    let mut frames = Vec::new();
    for route in Route::widgets() {
        if route.lang() != Some(Lang::En) {
            continue;
        }
        frames.push(oembed_here(h, &route.path())?.1);
    }
    let themed = frames[0].replace("/headline/\"", "/headline/?theme=dark\"");
    frames.push(themed);
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A news article</title></head>\
         <body><h1>A news article</h1>{}</body></html>",
        frames.join("<p>The article goes on.</p>")
    );
    let host = HostPage::serve(
        html,
        format!(
            "default-src 'none'; frame-src {base}; script-src {base}; style-src 'unsafe-inline'"
        ),
    );
    b.take_logs().await?;
    for width in [390, 1280] {
        b.viewport(width, 900).await?;
        c.goto(&host.url).await.map_err(err(&host.url))?;
        // What an <amp-iframe> listens for: AMP's embed-size message; and
        // WordPress's messages, which only a frame given a secret sends.
        c.execute(
            "window.ampSizes = []; window.wordpress = []; addEventListener('message', e => {
                 if (e.data && e.data.sentinel === 'amp' && e.data.type === 'embed-size') window.ampSizes.push(e.data.height);
                 if (e.data && 'message' in e.data) window.wordpress.push(e.data);
             })",
            vec![],
        )
        .await
        .map_err(err("listen"))?;
        for i in 0..frames.len() {
            frame_in_view_settles(c, i, &format!("{width} px, widget {i}")).await?;
        }
        c.enter_frame(frames.len() as u16 - 1)
            .await
            .map_err(err("enter frame"))?;
        let scheme = c
            .execute(
                "return getComputedStyle(document.documentElement).colorScheme",
                vec![],
            )
            .await;
        c.enter_parent_frame().await.map_err(err("leave frame"))?;
        let scheme = scheme.map_err(err("color scheme"))?;
        ensure!(scheme == "dark", "?theme=dark gave color-scheme {scheme}");
        let amp = c
            .execute("return window.ampSizes", vec![])
            .await
            .map_err(err("AMP messages"))?;
        ensure!(
            amp.as_array().is_some_and(
                |a| !a.is_empty() && a.iter().all(|h| h.as_f64().is_some_and(|h| h > 100.0))
            ),
            "no AMP embed-size messages with a height: {amp}"
        );
        let wordpress = c
            .execute("return window.wordpress", vec![])
            .await
            .map_err(err("WordPress messages"))?;
        ensure!(
            wordpress == serde_json::json!([]),
            "frames without a secret sent WordPress's messages: {wordpress}"
        );
    }
    drop(host);
    // The host script added after the widget has loaded (as a tag manager
    // or a consent banner would): it asks, and the frame is sized.
    let (_, frame) = oembed_here(h, &Route::Embed(Lang::En, Widget::Headline).path())?;
    let frame = frame.split("\n<script").next().unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Late</title></head><body>{frame}</body></html>"
    );
    let host = HostPage::serve(html, format!("frame-src {base}; script-src {base}"));
    c.goto(&host.url).await.map_err(err(&host.url))?;
    c.enter_frame(0).await.map_err(err("enter frame"))?;
    let loaded = wait_until(c, "document.readyState === 'complete'").await;
    c.enter_parent_frame().await.map_err(err("leave frame"))?;
    loaded?;
    c.execute(
        "const script = document.createElement('script'); script.src = arguments[0]; document.body.append(script)",
        vec![serde_json::json!(h.url("/embed.js"))],
    )
    .await
    .map_err(err("add the host script"))?;
    let (settled, last) = frame_settles(c, 0).await?;
    ensure!(
        settled,
        "host script added late: frame {} px for content {} px",
        last.0,
        last.1
    );
    b.viewport(1280, 900).await?;
    let problems = b.take_logs().await?;
    ensure!(problems.is_empty(), "host or widgets logged: {problems:#?}");
    drop(host);
    Ok(())
}
