//! End-to-end tests: the release build in `dist/` (run `make build` first),
//! served by static-web-server with the repository's `serve.toml`, driven in
//! headless Chromium through ChromeDriver. No mocks: the real files, server,
//! headers and browser.
//!
//! A plain harness (not libtest) so that the server and the browser start
//! once, the scenarios run in order, and both are stopped at the end. It ends
//! with a `N passed, N failed` line and a non-zero exit on any failure.

mod support;

use fantoccini::{Client, Locator};
use portal::components::Labels;
use portal::model::count::{Count, Total, SUPPRESSED_SYMBOL};
use portal::model::embed::WidgetView;
use portal::model::export::{Export, Measure};
use portal::model::format::{number, sort_key, total_text};
use portal::model::query::{Period, Query, Sort};
use portal::model::route::Widget;
use portal::model::{Lang, Page, Release, Route};
use std::collections::BTreeSet;
use std::time::Duration;
use support::{Browser, Harness, HostPage, JsMode};

type Outcome = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

fn err<E: std::fmt::Display>(context: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{context}: {e}")
}

fn built_release(h: &Harness) -> Release {
    let text = std::fs::read_to_string(h.root().join("data/release.json"))
        .expect("dist/data/release.json");
    Release::parse(&text).expect("the built release manifest is valid")
}

/// A figure as the pages show it in `lang`: the number, "at least N", or
/// the symbol.
fn figure_text(total: Total, lang: Lang) -> String {
    let at_least = portal::locale::Texts::new(lang)[portal::locale::T::stats_at_least].to_owned();
    total_text(total, lang, &format!("{at_least} "))
}

/// The export the server publishes (the built site's copy).
fn served_export(h: &Harness) -> Result<portal::model::export::Export, String> {
    let text = std::fs::read_to_string(h.root().join("data/export.json"))
        .map_err(err("dist/data/export.json"))?;
    portal::model::export::Export::parse(&text).map_err(err("dist/data/export.json"))
}

/// The oEmbed document of the widget page at `path`, and its snippet
/// pointed at this server instead of the public origin the site was built
/// for.
fn oembed_here(h: &Harness, path: &str) -> Result<(serde_json::Value, String), String> {
    let url = h.url(&format!("{path}oembed.json"));
    let oembed: serde_json::Value =
        serde_json::from_str(&h.get(&url, &[]).body).map_err(err(&url))?;
    let built_for = oembed["provider_url"]
        .as_str()
        .unwrap_or_default()
        .trim_end_matches('/');
    let html = oembed["html"]
        .as_str()
        .unwrap_or_default()
        .replace(built_for, &h.url(""));
    Ok((oembed, html))
}

async fn text_of(c: &Client, css: &str) -> Result<String, String> {
    let el = c.find(Locator::Css(css)).await.map_err(err(css))?;
    el.text().await.map_err(err(css))
}

async fn wait_for(c: &Client, css: &str) -> Outcome {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .map(|_| ())
        .map_err(err(&format!("waiting for {css}")))
}

/// Whether boot.js has started the wasm and hydrated the islands.
async fn is_ready(c: &Client) -> Result<bool, String> {
    let ready = c
        .execute(
            "return document.documentElement.dataset.portal === 'ready'",
            vec![],
        )
        .await
        .map_err(err("ready marker"))?;
    Ok(ready.as_bool() == Some(true))
}

async fn click(c: &Client, css: &str) -> Outcome {
    c.find(Locator::Css(css))
        .await
        .map_err(err(css))?
        .click()
        .await
        .map_err(err(css))
}

/// Waits until boot.js has started the wasm and hydrated the islands.
async fn wait_ready(c: &Client) -> Outcome {
    wait_for(c, "html[data-portal=ready]").await
}

fn expected_h1(route: Route) -> Option<&'static str> {
    match route {
        Route::Page(lang, page) => Some(portal::locale::page_title(lang, page)),
        _ => None,
    }
}

/// With JavaScript off, every route shows its main content, its language and
/// the release facts, and every internal link leads to a page that exists.
async fn javascript_off_every_route_reads_and_links_work(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let release = built_release(h);
    let mut links = BTreeSet::new();
    for route in Route::all() {
        let url = h.url(&route.path());
        c.goto(&url).await.map_err(err(&url))?;
        let lang = c
            .execute("return document.documentElement.lang", vec![])
            .await
            .map_err(err("lang"))?;
        let want = route.lang().unwrap_or(Lang::En).code();
        ensure!(lang == want, "{url}: <html lang={lang}>, expected {want}");
        let h1 = text_of(c, "main h1").await?;
        ensure!(!h1.trim().is_empty(), "{url}: empty <h1>");
        if let Some(title) = expected_h1(route) {
            ensure!(h1 == title, "{url}: <h1> {h1:?}, expected {title:?}");
        }
        let id = text_of(c, "[data-testid=release-id]").await?;
        ensure!(id == release.release_id, "{url}: footer release {id:?}");
        if release.sample {
            text_of(c, "[data-testid=sample-label]").await?;
        }
        if matches!(route, Route::Page(_, Page::Statistics)) {
            // Given time, a running boot.js would have marked the page ready.
            tokio::time::sleep(Duration::from_millis(1500)).await;
        }
        ensure!(
            !is_ready(c).await?,
            "{url}: scripts ran although JavaScript is off"
        );
        let hrefs = c
            .execute(
                "return [...document.querySelectorAll('a[href]')].map(a => a.href)",
                vec![],
            )
            .await
            .map_err(err("links"))?;
        for href in hrefs
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
        {
            if href.starts_with(&h.base) {
                links.insert(href.split('#').next().unwrap_or(href).to_owned());
            }
        }
    }
    for route in Route::all()
        .into_iter()
        .filter(|r| matches!(r, Route::Page(..)))
    {
        let url = h.url(&route.path());
        ensure!(links.contains(&url), "no page links to {url}");
    }
    for link in &links {
        let status = h.get(link, &[]).status;
        ensure!(status == 200, "link {link} answers HTTP {status}");
    }
    Ok(())
}

/// Clicking an internal link swaps the content without a full reload (a
/// marker on `window` survives), back restores the page, and a link to an
/// anchor on another page scrolls to it.
async fn javascript_on_navigation_is_client_side(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let home = h.url("/en/");
    c.goto(&home).await.map_err(err(&home))?;
    wait_ready(c).await?;
    c.execute("window.__portalMarker = 'kept'", vec![])
        .await
        .map_err(err("marker"))?;
    let wasm_loaded = || async {
        c.execute(
            "return performance.getEntriesByType('resource').some(e => e.name.endsWith('.wasm'))",
            vec![],
        )
        .await
        .map_err(err("resources"))
    };
    ensure!(
        wasm_loaded().await? == false,
        "a page without islands loaded the wasm"
    );
    let marker = || async {
        c.execute("return window.__portalMarker || null", vec![])
            .await
            .map_err(err("marker"))
    };

    click(c, ".main-nav a[href='/en/pillars/']").await?;
    let pillars = portal::locale::page_title(Lang::En, Page::Pillars);
    wait_until(
        c,
        &format!("document.querySelector('main h1')?.textContent === {pillars:?}"),
    )
    .await?;
    let url = c.current_url().await.map_err(err("url"))?;
    ensure!(url.path() == "/en/pillars/", "URL after click: {url}");
    ensure!(marker().await? == "kept", "full reload on navigation");
    let title = c.title().await.map_err(err("title"))?;
    ensure!(title.starts_with(pillars), "<title> not updated: {title:?}");
    let current = text_of(c, ".main-nav a[aria-current=page]").await?;
    ensure!(current == "Pillars", "navigation highlights {current:?}");

    c.back().await.map_err(err("back"))?;
    let overview = portal::locale::page_title(Lang::En, Page::Home);
    wait_until(
        c,
        &format!("document.querySelector('main h1')?.textContent === {overview:?}"),
    )
    .await?;
    let url = c.current_url().await.map_err(err("url"))?;
    ensure!(url.path() == "/en/", "URL after back: {url}");
    ensure!(marker().await? == "kept", "full reload on back");

    click(c, "a[href='/en/declaration/#c3']").await?;
    wait_until(
        c,
        "location.hash === '#c3' && !!document.getElementById('c3')",
    )
    .await?;
    wait_until(
        c,
        "Math.abs(document.getElementById('c3').getBoundingClientRect().top) < 40",
    )
    .await?;
    ensure!(
        marker().await? == "kept",
        "full reload on anchor navigation"
    );

    click(c, ".lang-switcher a[hreflang=de]").await?;
    wait_until(c, "document.documentElement.lang === 'de'").await?;
    let url = c.current_url().await.map_err(err("url"))?;
    ensure!(
        url.path() == "/de/declaration/",
        "language switch lost the route: {url}"
    );
    ensure!(marker().await? == "kept", "full reload on language switch");

    // A page's own script runs after a client-side move to it: the embed
    // builder's choices appear (its script unhides them).
    click(c, ".main-nav a[href='/de/embed/']").await?;
    wait_until(
        c,
        "document.querySelector('.builder__choices') && !document.querySelector('.builder__choices').hidden",
    )
    .await?;
    ensure!(
        marker().await? == "kept",
        "full reload on the way to the builder"
    );
    ensure!(
        wasm_loaded().await? == false,
        "the wasm loaded before a page with islands"
    );

    // The first page with islands reached by a click loads the wasm then,
    // and its islands come to life.
    click(c, ".main-nav a[href='/de/statistics/']").await?;
    wait_for(c, "[data-testid=release-current]").await?;
    ensure!(wasm_loaded().await? == true, "no wasm for the statistics");
    ensure!(
        marker().await? == "kept",
        "full reload on the way to the statistics"
    );
    Ok(())
}

async fn wait_until(c: &Client, condition: &str) -> Outcome {
    let script = format!("return !!({condition})");
    for _ in 0..100 {
        let ok = c.execute(&script, vec![]).await.map_err(err(condition))?;
        if ok.as_bool() == Some(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("timed out waiting until {condition}"))
}

/// Every route loads with JavaScript on without console errors or warnings,
/// hydration problems or Content-Security-Policy violations.
async fn no_console_errors_or_csp_violations(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let csp = h.get(&h.url("/en/"), &[]).header("content-security-policy");
    ensure!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
        "the strict CSP is not in force: {csp:?}"
    );
    b.take_logs().await?;
    for route in Route::all().into_iter().chain(Route::widgets()) {
        let url = h.url(&route.path());
        c.goto(&url).await.map_err(err(&url))?;
        if !matches!(route, Route::Embed(..)) {
            wait_ready(c).await.map_err(|e| format!("{url}: {e}"))?;
        }
        if matches!(route, Route::Page(_, Page::Statistics)) {
            wait_for(c, "[data-testid=release-current]").await?;
        }
        let problems = b.take_logs().await?;
        ensure!(problems.is_empty(), "{url}: {problems:#?}");
    }
    Ok(())
}

/// The data check in the statistics area: a missing export shows the error
/// view with "Try again", which succeeds once the file is back; an invalid
/// export is explained with its JSON path and no retry, while the page and
/// its navigation keep working; a newer release is announced.
async fn failed_fetch_shows_error_and_retry_recovers(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let url = h.url("/en/statistics/");
    let hidden = h.hide("data/export.json");
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=load-error]").await?;
    let message = text_of(c, "[data-testid=load-error]").await?;
    ensure!(message.contains("not found"), "error view says {message:?}");
    drop(hidden);
    click(c, "[data-testid=retry]").await?;
    wait_for(c, "[data-testid=release-current]").await?;
    let gone = c.find(Locator::Css("[data-testid=load-error]")).await;
    ensure!(
        gone.is_err(),
        "the error view stayed after a successful retry"
    );

    let shipped = std::fs::read_to_string(h.root().join("data/export.json"))
        .map_err(err("dist/data/export.json"))?;
    let mut export: serde_json::Value =
        serde_json::from_str(&shipped).map_err(err("export.json"))?;
    export["cells"]["verified"][7] = serde_json::json!(-3);
    let broken = h.replace("data/export.json", &export.to_string());
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=load-error]").await?;
    let message = text_of(c, "[data-testid=load-error]").await?;
    ensure!(
        message.contains("$.cells.verified[7]") && message.contains("negative"),
        "an invalid export names the path and the reason: {message:?}"
    );
    ensure!(
        c.find(Locator::Css("[data-testid=retry]")).await.is_err(),
        "retrying cannot mend an invalid file"
    );
    let title = |page| portal::locale::page_title(Lang::En, page);
    ensure!(
        text_of(c, "h1").await? == title(Page::Statistics),
        "the page stands beside the error"
    );
    click(c, "a[href='/en/declaration/']").await?;
    wait_until(
        c,
        &format!(
            "document.querySelector('h1').textContent === {:?}",
            title(Page::Declaration)
        ),
    )
    .await?;
    drop(broken);

    export["cells"]["verified"][7] = serde_json::from_str::<serde_json::Value>(&shipped)
        .map_err(err("export.json"))?["cells"]["verified"][7]
        .clone();
    let release = &mut export["release"];
    release["release_id"] = serde_json::json!("sample-next");
    let built = built_release(h);
    release["generated_at"] = serde_json::json!(built.generated_at + chrono::Duration::days(7));
    let replaced = h.replace("data/export.json", &export.to_string());
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=release-newer]").await?;
    let notice = text_of(c, "[data-testid=release-newer]").await?;
    ensure!(
        notice.contains("sample-next"),
        "newer release notice: {notice:?}"
    );
    drop(replaced);
    Ok(())
}

/// The reader without JavaScript: in every language each provision has its
/// anchor, a citation with its permalink, and a fingerprint that is the
/// SHA-256 of the text the page shows; disputed provisions carry their
/// sources; the side-by-side page pairs the two languages by provision.
async fn declaration_is_citable_and_verifiable(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    for lang in Lang::ALL {
        let path = Route::Page(lang, Page::Declaration).path();
        let url = h.url(&path);
        c.goto(&url).await.map_err(err(&url))?;
        let provisions = c
            .execute(
                r#"return [...document.querySelectorAll("section.provision")].map(s => ({
                    id: s.id,
                    text: s.querySelector(".prose").textContent.split(/\s+/).filter(Boolean).join(" "),
                    short: s.querySelector("[data-testid=fingerprint]").textContent,
                    full: s.querySelector("[data-testid=sha256]").textContent,
                    citation: s.querySelector("[data-testid=citation]").textContent,
                    disputes: s.querySelectorAll(".dispute li cite").length,
                }))"#,
                vec![],
            )
            .await
            .map_err(err("provisions"))?;
        let provisions = provisions.as_array().cloned().unwrap_or_default();
        let ids: Vec<&str> = provisions.iter().filter_map(|p| p["id"].as_str()).collect();
        ensure!(
            ids == ["p1", "p2", "p3", "g1", "c1", "c2", "c3", "c4", "c5", "cell", "end"],
            "{url}: provisions {ids:?}"
        );
        for p in &provisions {
            let (id, text) = (
                p["id"].as_str().unwrap_or(""),
                p["text"].as_str().unwrap_or(""),
            );
            let full = p["full"].as_str().unwrap_or("");
            ensure!(
                full == portal::model::digest::sha256_hex(text.as_bytes()),
                "{url}#{id}: fingerprint {full} is not the SHA-256 of the shown text {text:?}"
            );
            ensure!(
                p["short"].as_str() == Some(&full[..12]),
                "{url}#{id}: short fingerprint"
            );
            let citation = p["citation"].as_str().unwrap_or("");
            ensure!(
                citation.contains(&format!("{path}#{id}")) && citation.ends_with(full),
                "{url}#{id}: citation {citation:?}"
            );
        }
        let sources_beside = |id: &str| {
            provisions
                .iter()
                .find(|p| p["id"] == id)
                .and_then(|p| p["disputes"].as_u64())
                .unwrap_or(0)
        };
        for (id, at_least) in [("p1", 1), ("c1", 2), ("c3", 2), ("end", 2)] {
            ensure!(
                sources_beside(id) >= at_least,
                "{url}#{id}: {} sources beside the disputed wording, expected {at_least}",
                sources_beside(id)
            );
        }
        let status = text_of(c, "[data-testid=text-status]").await?;
        ensure!(!status.is_empty(), "{url}: no status label");
        let diff = text_of(c, ".versions del").await?;
        ensure!(
            !diff.is_empty(),
            "{url}: no draft-to-final difference shown"
        );
    }
    let url = h.url(&Route::Compare(Lang::En, Lang::Uk).path());
    c.goto(&url).await.map_err(err(&url))?;
    let pairs = c
        .execute(
            r#"return [...document.querySelectorAll("section.pair[id]")].map(s =>
                [...s.querySelectorAll(".pair__col")].map(col => col.lang).join("/"))"#,
            vec![],
        )
        .await
        .map_err(err("pairs"))?;
    let pairs = pairs.as_array().cloned().unwrap_or_default();
    ensure!(
        pairs.len() == 11 && pairs.iter().all(|p| p == "en/uk"),
        "{url}: pairs {pairs:?}"
    );
    Ok(())
}

/// The pillar map without JavaScript, in every language: three pillars and
/// five components, every link to a provision landing on one, and the
/// monitoring pillar with the release's totals, labelled sample data; the
/// methodology states the release's k as the export has it.
async fn pillars_show_both_structures_and_the_figures(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let lang = Lang::En;
    let expected: Vec<String> = export
        .headline()
        .funnel
        .iter()
        .map(|&total| figure_text(total, lang))
        .collect();
    for lang in Lang::ALL {
        let url = h.url(&Route::Page(lang, Page::Pillars).path());
        c.goto(&url).await.map_err(err(&url))?;
        let found = c
            .execute(
                r##"return {
                    pillars: document.querySelectorAll(".pillar").length,
                    components: document.querySelectorAll(".component").length,
                    targets: [...document.querySelectorAll("main a[href*='/declaration/#']")].map(a => a.hash.slice(1)),
                    figures: [...document.querySelectorAll("#pillar-monitoring [data-testid=headline] dd")].map(d => d.textContent),
                    sample: !!document.querySelector("#pillar-monitoring .sample-label"),
                }"##,
                vec![],
            )
            .await
            .map_err(err("pillars"))?;
        ensure!(
            found["pillars"] == 3 && found["components"] == 5,
            "{url}: {found}"
        );
        let targets: Vec<String> = found["targets"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        ensure!(targets.len() >= 8, "{url}: provision links {targets:?}");
        let reader = h.url(&Route::Page(lang, Page::Declaration).path());
        c.goto(&reader).await.map_err(err(&reader))?;
        for id in &targets {
            ensure!(
                c.find(Locator::Css(&format!("section.provision#{id}")))
                    .await
                    .is_ok(),
                "{url}: link to #{id}, which the reader lacks"
            );
        }
        if lang == Lang::En {
            let figures: Vec<String> = found["figures"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            ensure!(
                figures == expected,
                "{url}: figures {figures:?}, expected {expected:?}"
            );
        }
        ensure!(
            found["sample"] == true,
            "{url}: the figures are not labelled sample data"
        );
    }
    Ok(())
}

/// The statistics without JavaScript, checked against the model's own
/// figures: a region page shows a week whose counts are all withheld as the
/// symbol (with its meaning), and a week that includes withheld counts as
/// "at least"; the region table says how it is sorted; the Special
/// Commission's outcomes are there; every bar of the trend can take the
/// keyboard focus and names its week and figure.
async fn statistics_read_honestly_without_javascript(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let (mut withheld, mut bound) = (false, false);
    for region in &export.regions {
        let query = Query {
            regions: [region.code.clone()].into(),
            ..Query::default()
        };
        let report = export.report(&query.resolve(&export));
        let first = |want: &dyn Fn(&Total) -> bool| {
            report
                .weekly
                .iter()
                .find(|(_, t)| want(t))
                .map(|(w, t)| (w.to_string(), *t))
        };
        let cases = [
            first(&|t| *t == Total::AtLeast(0)).filter(|_| !withheld),
            first(&|t| matches!(t, Total::AtLeast(n) if *n > 0)).filter(|_| !bound),
        ];
        if cases.iter().all(Option::is_none) {
            continue;
        }
        let Some(code) = portal::model::region::REGION_CODES
            .into_iter()
            .find(|c| *c == region.code)
        else {
            return Err(format!("{}: not an ISO 3166-2:UA code", region.code));
        };
        let url = h.url(&Route::Region(Lang::En, code).path());
        c.goto(&url).await.map_err(err(&url))?;
        for (week, total) in cases.into_iter().flatten() {
            let cell = c
                .execute(
                    r##"const row = [...document.querySelectorAll(".as-table tbody tr")]
                            .find(r => r.querySelector("th").textContent === arguments[0]);
                        const figure = row && row.querySelector("td .count");
                        return figure && [figure.textContent, figure.className, figure.getAttribute("title")];"##,
                    vec![serde_json::json!(week)],
                )
                .await
                .map_err(err("trend table"))?;
            match total {
                Total::AtLeast(0) => {
                    ensure!(
                        cell[0] == "x"
                            && cell[1]
                                .as_str()
                                .is_some_and(|c| c.contains("count--withheld"))
                            && cell[2] == "withheld to protect people",
                        "{url} {week}: all counts withheld, shown as {cell}"
                    );
                    withheld = true;
                }
                Total::AtLeast(n) => {
                    let expected =
                        format!("at least {}", portal::model::format::number(n, Lang::En));
                    ensure!(
                        cell[0] == expected.as_str(),
                        "{url} {week}: bound shown as {cell}, expected {expected:?}"
                    );
                    bound = true;
                }
                Total::Exact(_) => {}
            }
        }
        if withheld && bound {
            break;
        }
    }
    ensure!(withheld && bound, "no region page showed both a withheld week and a bound (withheld {withheld}, bound {bound})");

    let url = h.url(&Route::Page(Lang::En, Page::Statistics).path());
    c.goto(&url).await.map_err(err(&url))?;
    let found = c
        .execute(
            r##"const th = [...document.querySelectorAll("[data-testid=region-table] thead th")];
                const bars = [...document.querySelectorAll("[data-testid=trend] rect.bar")];
                return {
                    sort: th.map(t => t.getAttribute("aria-sort")),
                    outcomes: document.querySelectorAll("[data-testid=attribution] tbody tr").length,
                    open: [...document.querySelectorAll("[data-testid=open-by-age] tbody tr td")]
                        .map(td => td.textContent),
                    bars: bars.length,
                    focusable: bars.every(b => b.tabIndex === 0 && /^\d{4}-W\d{2}: /.test(b.getAttribute("aria-label"))),
                };"##,
            vec![],
        )
        .await
        .map_err(err("statistics"))?;
    ensure!(
        found["sort"] == serde_json::json!(["none", "descending"]),
        "{url}: region table sort {found}"
    );
    ensure!(
        found["outcomes"] == export.outcomes.len(),
        "{url}: attribution rows {found}"
    );
    ensure!(
        found["bars"] == export.week_count() && found["focusable"] == true,
        "{url}: trend bars {found}"
    );
    // Open cases by age band, as the model gives them for the whole release.
    let expected: Vec<String> = export
        .open_cases_by_age(&Query::default().resolve(&export))
        .ok_or("the shipped sample publishes open cases by age")?
        .into_iter()
        .map(|t| figure_text(t, Lang::En))
        .collect();
    ensure!(
        found["open"] == serde_json::json!(expected),
        "{url}: open cases by age {found}, expected {expected:?}"
    );
    Ok(())
}

/// What the statistics page shows: the figures in view (the explorer's,
/// else the prerendered ones), the filter form's choices, and the note on
/// query values that were left out.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Shown {
    search: String,
    /// Whether the figures show another view than the page's own (the
    /// explorer's `data-view` on the figures' box).
    redrawn: bool,
    funnel: Vec<String>,
    /// Region table rows: name, figure.
    regions: Vec<(String, String)>,
    /// `aria-sort` of the name and figure columns.
    sort: Vec<String>,
    period: Option<String>,
    region: Vec<String>,
    category: Vec<String>,
    ignored: Option<String>,
}

async fn shown(c: &Client) -> Result<Shown, String> {
    let found = c
        .execute(
            r#"const view = document.querySelector("[data-figures]");
               const drawn = view.getAttribute("data-view");
               const redrawn = drawn !== null && drawn !== "";
               if (document.querySelectorAll("[id=funnel-heading]").length !== 1) return { error: "the figures are on the page more than once" };
               const form = document.querySelector("[data-testid=filters]");
               const checked = name => form ? [...form.querySelectorAll(`input[name=${name}]:checked`)].map(i => i.value) : [];
               return {
                   search: location.search,
                   redrawn,
                   funnel: [...view.querySelectorAll("[data-testid=funnel] .funnel__value")].map(v => v.textContent),
                   regions: [...view.querySelectorAll("[data-testid=region-table] tbody tr")]
                       .map(r => [r.querySelector("th").textContent, r.querySelector("td").textContent]),
                   sort: [...view.querySelectorAll("[data-testid=region-table] thead th")].map(t => t.getAttribute("aria-sort")),
                   period: form?.querySelector("select[name=period]").value ?? null,
                   region: checked("region"),
                   category: checked("category"),
                   ignored: document.querySelector("[data-testid=ignored]")?.textContent ?? null,
               };"#,
            vec![],
        )
        .await
        .map_err(err("statistics view"))?;
    if let Some(error) = found["error"].as_str() {
        return Err(error.to_owned());
    }
    serde_json::from_value(found).map_err(err("statistics view"))
}

/// What the page should show for the URL query `search` by the model's
/// own figures (on a region's page, `fixed` is its region).
fn model_view(export: &Export, search: &str, fixed: Option<&str>) -> Shown {
    let (mut query, _) = Query::parse(search, export);
    let mut default = Query::default();
    if let Some(code) = fixed {
        query.regions = [code.to_owned()].into();
        default.regions = query.regions.clone();
    }
    let report = export.report(&query.resolve(export));
    let labels = Labels::new(export, Lang::En);
    let text = |t: Total| figure_text(t, Lang::En);
    let mut rows = report.by_region.clone();
    query.sort.apply(&mut rows, &labels.regions);
    let codes = |set: &portal::model::query::Codes| set.iter().cloned().collect::<Vec<_>>();
    Shown {
        search: search.to_owned(),
        redrawn: query != default,
        funnel: report.funnel.iter().map(|t| text(*t)).collect(),
        regions: rows
            .into_iter()
            .map(|(r, t)| (labels.regions[r].clone(), text(t)))
            .collect(),
        sort: query.sort.aria().map(str::to_owned).to_vec(),
        period: Some(match query.period {
            Period::All => "all".to_owned(),
            Period::Last(n) => format!("last-{n}"),
            Period::Between(..) => String::new(),
        }),
        region: if fixed.is_some() {
            Vec::new()
        } else {
            codes(&query.regions)
        },
        category: codes(&query.categories),
        ignored: None,
    }
}

/// The URL's query (`location.search`) for `query`, as the explorer writes it.
fn search_of(query: &Query) -> String {
    let text = query.to_query_string();
    if text.is_empty() {
        text
    } else {
        format!("?{text}")
    }
}

/// Waits until the page shows `search` in the URL and the model's figures
/// and choices for it; fails with both when it does not.
async fn wait_for_view(
    c: &Client,
    export: &Export,
    search: &str,
    fixed: Option<&str>,
) -> Result<Shown, String> {
    let expected = model_view(export, search, fixed);
    let mut last = None;
    for _ in 0..50 {
        let now = shown(c).await?;
        if now == expected {
            return Ok(now);
        }
        last = Some(now);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!(
        "the page does not show the model's view\n  shown:    {last:?}\n  expected: {expected:?}"
    ))
}

/// Waits until the explorer has the export and has drawn its filter form.
async fn wait_explorer(c: &Client) -> Outcome {
    wait_ready(c).await?;
    wait_for(c, "[data-testid=release-current]").await?;
    wait_for(c, "[data-testid=filters]").await
}

/// Chooses a period preset in the filter form.
async fn choose_period(c: &Client, value: &str) -> Outcome {
    let css = "[data-testid=filters] select[name=period]";
    c.find(Locator::Css(css))
        .await
        .map_err(err(css))?
        .select_by_value(value)
        .await
        .map_err(err(&format!("{css} = {value}")))
}

/// Ticks a region or category in the filter form, opening its list first
/// as a reader would.
async fn tick(c: &Client, name: &str, code: &str) -> Outcome {
    let details = format!("[data-testid=filters] details:has(input[name={name}])");
    let open = c
        .execute(
            "return document.querySelector(arguments[0]).open",
            vec![serde_json::json!(details)],
        )
        .await
        .map_err(err(&details))?;
    if open != true {
        click(c, &format!("{details} > summary")).await?;
    }
    click(
        c,
        &format!("[data-testid=filters] input[name={name}][value='{code}']"),
    )
    .await
}

/// A view of one region and one category over the whole release whose
/// funnel has a withheld figure and a bound.
fn view_with_withheld_and_bound(export: &Export) -> Result<Query, String> {
    for region in &export.regions {
        for category in &export.categories {
            let query = Query {
                regions: [region.code.clone()].into(),
                categories: [category.code.clone()].into(),
                ..Query::default()
            };
            let funnel = export.report(&query.resolve(export)).funnel;
            if funnel.contains(&Total::AtLeast(0))
                && funnel
                    .iter()
                    .any(|t| matches!(t, Total::AtLeast(n) if *n > 0))
            {
                return Ok(query);
            }
        }
    }
    Err("no region and category with both a withheld figure and a bound".into())
}

/// A period, two regions and a category set through the form, then the
/// region table sorted by name from the keyboard: the URL says all of it,
/// and opened in a new session it gives the same figures, the same choices
/// in the form and the same order, all as the model has them.
async fn explorer_view_survives_a_url_round_trip(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let category = export.categories[0].code.clone();
    let mut query = Query {
        period: Period::Last(12),
        ..Query::default()
    };
    // Two regions with figures, whose order by name differs from their
    // order by figure, so that sorting shows.
    let labels = Labels::new(&export, Lang::En);
    let figures = {
        let mut q = query.clone();
        q.categories = [category.clone()].into();
        export.report(&q.resolve(&export)).by_region
    };
    let (a, z) = figures
        .iter()
        .flat_map(|a| figures.iter().map(move |z| (a, z)))
        .find(|(a, z)| {
            sort_key(&labels.regions[a.0]) < sort_key(&labels.regions[z.0])
                && 0 < a.1.floor()
                && a.1.floor() < z.1.floor()
        })
        .map(|(a, z)| {
            (
                export.regions[a.0].code.clone(),
                export.regions[z.0].code.clone(),
            )
        })
        .ok_or("no two regions to sort")?;

    b.take_logs().await?;
    let url = h.url("/en/statistics/");
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    choose_period(c, "last-12").await?;
    wait_for_view(c, &export, &search_of(&query), None).await?;
    for code in [&a, &z] {
        tick(c, "region", code).await?;
        query.regions.insert(code.clone());
        wait_for_view(c, &export, &search_of(&query), None).await?;
    }
    tick(c, "category", &category).await?;
    query.categories.insert(category.clone());
    let by_figure = wait_for_view(c, &export, &search_of(&query), None).await?;

    let button = "[data-figures] [data-testid=region-table] thead button[data-sort^=name]";
    c.execute(
        "document.querySelector(arguments[0]).focus()",
        vec![serde_json::json!(button)],
    )
    .await
    .map_err(err("focus"))?;
    c.active_element()
        .await
        .map_err(err("active element"))?
        .send_keys(&char::from(fantoccini::key::Key::Enter).to_string())
        .await
        .map_err(err("Enter"))?;
    query.sort = Sort::NameAscending;
    let before = wait_for_view(c, &export, &search_of(&query), None).await?;
    ensure!(
        before.sort == ["ascending", "none"] && before.regions.len() == 2,
        "sorted by name: {before:?}"
    );
    ensure!(
        before.regions.iter().rev().eq(by_figure.regions.iter()),
        "sorting by name did not change the order: {:?}, by figure {:?}",
        before.regions,
        by_figure.regions
    );
    let shared = c.current_url().await.map_err(err("url"))?;
    let problems = b.take_logs().await?;
    ensure!(problems.is_empty(), "console: {problems:#?}");

    let fresh = h.browser(JsMode::On).await;
    let after = async {
        fresh
            .client
            .goto(shared.as_str())
            .await
            .map_err(err(shared.as_str()))?;
        wait_explorer(&fresh.client).await?;
        wait_for_view(&fresh.client, &export, &search_of(&query), None).await
    }
    .await;
    fresh.close().await;
    let after = after?;
    ensure!(
        after == before,
        "{shared} in a new session:\n  {after:?}\nwhere it was made:\n  {before:?}"
    );
    Ok(())
}

/// Three changes of the filter, then back, back and forward: each step
/// shows its URL's figures, in the same document (no reload, no page swap
/// by the navigation script).
async fn explorer_back_and_forward_step_through_the_filter(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let url = h.url("/en/statistics/");
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    c.execute(
        "window.__explorerMarker = 'kept'; window.__explorerBody = document.body",
        vec![],
    )
    .await
    .map_err(err("marker"))?;
    let mut states = Vec::new();
    let mut query = Query {
        period: Period::Last(12),
        ..Query::default()
    };
    choose_period(c, "last-12").await?;
    states.push(wait_for_view(c, &export, &search_of(&query), None).await?);
    // The category and then the region with the most reported violations
    // in view, so that each step changes the funnel.
    let report = export.report(&query.resolve(&export));
    let category = export.categories[report.by_category[0].0].code.clone();
    tick(c, "category", &category).await?;
    query.categories.insert(category);
    states.push(wait_for_view(c, &export, &search_of(&query), None).await?);
    let mut by_region = export.report(&query.resolve(&export)).by_region;
    Sort::FigureDescending.apply(&mut by_region, &[]);
    let region = export.regions[by_region[0].0].code.clone();
    tick(c, "region", &region).await?;
    query.regions.insert(region);
    states.push(wait_for_view(c, &export, &search_of(&query), None).await?);
    ensure!(
        states[0].funnel != states[1].funnel && states[1].funnel != states[2].funnel,
        "each change should change the funnel: {states:#?}"
    );

    for (step, to) in [("back", 1), ("back", 0), ("forward", 1)] {
        c.execute(&format!("history.{step}()"), vec![])
            .await
            .map_err(err(step))?;
        wait_for_view(c, &export, &states[to].search, None)
            .await
            .map_err(|e| format!("after {step} to {}: {e}", states[to].search))?;
    }
    let same = c
        .execute(
            "return [window.__explorerMarker === 'kept', window.__explorerBody === document.body,
                     performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === location.pathname).length]",
            vec![],
        )
        .await
        .map_err(err("marker"))?;
    ensure!(
        same == serde_json::json!([true, true, 0]),
        "[no reload, same body, fetches of the page] = {same}"
    );
    Ok(())
}

/// Query values the explorer cannot use are named in a visible note and
/// left out; the page shows the whole release and its filter works.
async fn explorer_names_and_ignores_invalid_query_values(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let url = h.url("/en/statistics/?period=last-7&region=UA-99&colour=red");
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    wait_for(c, "[data-testid=ignored]").await?;
    let note = text_of(c, "[data-testid=ignored]").await?;
    ensure!(
        note.starts_with("Not understood in the address")
            && ["period=last-7", "region=UA-99", "colour=red"]
                .iter()
                .all(|v| note.contains(v)),
        "note on ignored values: {note:?}"
    );
    let view = shown(c).await?;
    let whole = model_view(&export, "", None);
    ensure!(
        !view.redrawn && view.funnel == whole.funnel && view.period.as_deref() == Some("all"),
        "the page should show the whole release: {view:?}"
    );
    choose_period(c, "last-4").await?;
    let view = wait_for_view(c, &export, "?period=last-4", None).await?;
    ensure!(view.ignored.is_none(), "the note stayed: {view:?}");
    Ok(())
}

/// The current view as CSV and as JSON: the links' `data:` URLs carry the
/// release, the filter, k and the sample flag, every cell as the export has
/// it with withheld counts as the symbol, and the view's totals.
async fn explorer_downloads_carry_metadata_and_withheld_cells(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let query = view_with_withheld_and_bound(&export)?;
    let filter = query.to_query_string();
    let url = h.url(&format!("/en/statistics/?{filter}"));
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    wait_for_view(c, &export, &search_of(&query), None).await?;
    // The file itself is not saved: the tests read the link.
    c.execute(
        "document.addEventListener('click', e => { if (e.target.closest('a[data-download]')) e.preventDefault(); })",
        vec![],
    )
    .await
    .map_err(err("no save"))?;
    let mut files = Vec::new();
    for kind in ["csv", "json"] {
        let css = format!("[data-testid=download-{kind}]");
        click(c, &css).await?;
        let body = c
            .execute(
                "const href = document.querySelector(arguments[0]).getAttribute('href');
                 return href.startsWith(arguments[1]) ? decodeURIComponent(href.slice(href.indexOf(',') + 1)) : 'href: ' + href;",
                vec![
                    serde_json::json!(css),
                    serde_json::json!(if kind == "csv" { "data:text/csv;" } else { "data:application/json;" }),
                ],
            )
            .await
            .map_err(err(&css))?;
        files.push(body.as_str().unwrap_or_default().to_owned());
    }
    let (csv, json) = (&files[0], &files[1]);

    let r = &export.release;
    let header: Vec<&str> = csv.lines().take_while(|l| l.starts_with('#')).collect();
    for line in [
        format!("# release: {}", r.release_id),
        format!("# filter: {filter}"),
        format!("# k: {}", r.k),
        format!("# sample: {}", r.sample),
    ] {
        ensure!(
            header.contains(&line.as_str()),
            "CSV header lacks {line:?}: {header:#?}"
        );
    }
    let mut rows = csv.lines().skip(header.len());
    ensure!(
        rows.next().is_some_and(|l| l.starts_with("week,region,")),
        "CSV column names"
    );
    let rows: Vec<Vec<&str>> = rows.map(|l| l.split(',').collect()).collect();
    let selection = query.resolve(&export);
    let cells = selection.weeks.len() * selection.regions.len() * selection.categories.len();
    ensure!(
        rows.len() == cells + 1,
        "{} CSV rows for {cells} cells and a total",
        rows.len()
    );
    let count = |c: Count| match c {
        Count::Value(n) => n.to_string(),
        Count::Suppressed => SUPPRESSED_SYMBOL.to_owned(),
    };
    let mut withheld = 0;
    for (row, w) in rows.iter().zip(selection.weeks.clone()) {
        let week = r.first_week.plus(w as u32).to_string();
        let i = export.cell_index(w, selection.regions[0], selection.categories[0]);
        let expected: Vec<String> = Measure::ALL
            .iter()
            .map(|m| count(export.cells.measure(*m)[i]))
            .collect();
        ensure!(
            row[0] == week && row[5..9] == expected,
            "CSV row {row:?}, the export has {week} {expected:?}"
        );
        withheld += expected.iter().filter(|v| *v == SUPPRESSED_SYMBOL).count();
    }
    ensure!(withheld > 0, "no withheld cell in the CSV of {filter}");
    let funnel = export.report(&selection).funnel;
    let total: Vec<String> = funnel
        .iter()
        .map(|t| match t {
            Total::AtLeast(0) => SUPPRESSED_SYMBOL.to_owned(),
            Total::AtLeast(n) => format!(">={n}"),
            Total::Exact(n) => n.to_string(),
        })
        .collect();
    let last = rows.last().ok_or("no CSV rows")?;
    ensure!(
        last[0] == "_T" && last[5..9] == total,
        "CSV total row {last:?}, the model has {total:?}"
    );

    let json: serde_json::Value = serde_json::from_str(json).map_err(err("JSON download"))?;
    let as_json = |t: Total| match t {
        Total::Exact(n) => serde_json::json!(n),
        Total::AtLeast(0) => serde_json::json!({ "withheld": true }),
        Total::AtLeast(n) => serde_json::json!({ "at_least": n }),
    };
    ensure!(
        json["sample"] == true
            && json["release"] == r.release_id.as_str()
            && json["filter"] == filter.as_str()
            && json["k"] == r.k,
        "JSON metadata: {}",
        serde_json::json!({ "sample": json["sample"], "release": json["release"], "filter": json["filter"], "k": json["k"] })
    );
    for (name, i) in [
        ("reported", 0),
        ("verified", 1),
        ("referred", 2),
        ("concluded", 3),
    ] {
        ensure!(
            json["funnel"][name] == as_json(funnel[i]),
            "JSON funnel {name}: {}, the model has {:?}",
            json["funnel"][name],
            funnel[i]
        );
    }
    Ok(())
}

/// A filtered view's figures are the model's: the funnel, by category and
/// by region; a figure withheld in full shows as the symbol with its
/// meaning, a sum that includes withheld counts as "at least".
async fn explorer_figures_match_the_model(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let query = view_with_withheld_and_bound(&export)?;
    let url = h.url(&format!("/en/statistics/?{}", query.to_query_string()));
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    wait_for_view(c, &export, &search_of(&query), None).await?;
    let report = export.report(&query.resolve(&export));
    let found = c
        .execute(
            r#"const view = document.querySelector("[data-figures]");
               return {
                   funnel: [...view.querySelectorAll("[data-testid=funnel] .funnel__value > *")]
                       .map(e => [e.localName, e.className, e.getAttribute("title"), e.textContent]),
                   categories: [...view.querySelectorAll("ol.ranked li")]
                       .map(li => [li.firstElementChild.textContent, li.lastElementChild.textContent]),
                   weeks: view.querySelectorAll(".as-table tbody tr").length,
               };"#,
            vec![],
        )
        .await
        .map_err(err("figures"))?;
    for (i, total) in report.funnel.iter().enumerate() {
        let shown = &found["funnel"][i];
        let ok = match total {
            Total::AtLeast(0) => {
                *shown
                    == serde_json::json!([
                        "abbr",
                        "count count--withheld",
                        "withheld to protect people",
                        "x"
                    ])
            }
            Total::AtLeast(n) => {
                shown[1] == "count count--bound"
                    && shown[3] == format!("at least {}", number(*n, Lang::En))
            }
            Total::Exact(n) => shown[1] == "count" && shown[3] == number(*n, Lang::En),
        };
        ensure!(
            ok,
            "{url}: funnel stage {i} shown as {shown}, the model has {total:?}"
        );
    }
    let labels = Labels::new(&export, Lang::En);
    let categories: Vec<serde_json::Value> = report
        .by_category
        .iter()
        .map(|(c, t)| serde_json::json!([labels.categories[*c], figure_text(*t, Lang::En)]))
        .collect();
    ensure!(
        found["categories"] == serde_json::Value::from(categories.clone()),
        "{url}: by category {}, the model has {categories:?}",
        found["categories"]
    );
    ensure!(
        found["weeks"] == report.weekly.len(),
        "{url}: weeks in the table {}",
        found["weeks"]
    );
    Ok(())
}

/// A region's page keeps its region whatever the URL says, while the
/// category and period filters narrow its figures; reset returns to the
/// page's own figures.
async fn explorer_region_page_keeps_its_region(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let code = "UA-14";
    let fixed = Some(code);
    let url = h.url(&format!("/en/statistics/{code}/"));
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    ensure!(
        c.find(Locator::Css("[data-testid=filters] input[name=region]"))
            .await
            .is_err(),
        "{url}: the region can be changed"
    );
    let category = export.categories[2].code.clone();
    let mut query = Query::default();
    tick(c, "category", &category).await?;
    query.categories.insert(category);
    let view = wait_for_view(c, &export, &search_of(&query), fixed).await?;
    let name = &Labels::new(&export, Lang::En).regions[export
        .regions
        .iter()
        .position(|r| r.code == code)
        .ok_or("no UA-14")?];
    ensure!(
        view.redrawn && view.regions.len() == 1 && &view.regions[0].0 == name,
        "{url}: region rows {:?}",
        view.regions
    );
    choose_period(c, "last-12").await?;
    query.period = Period::Last(12);
    wait_for_view(c, &export, &search_of(&query), fixed).await?;
    click(c, "[data-testid=filters] [data-reset]").await?;
    let view = wait_for_view(c, &export, "", fixed).await?;
    ensure!(
        !view.redrawn,
        "{url}: reset should show the page's own figures"
    );

    let other = h.url(&format!(
        "/en/statistics/{code}/?region=UA-09&period=last-4"
    ));
    c.goto(&other).await.map_err(err(&other))?;
    wait_explorer(c).await?;
    let view = wait_for_view(c, &export, "?region=UA-09&period=last-4", fixed).await?;
    ensure!(
        view.regions.len() == 1 && &view.regions[0].0 == name,
        "{other}: region rows {:?}",
        view.regions
    );
    Ok(())
}

/// Every widget page without JavaScript: its content, where it comes from
/// (release and sample label for the figures), a working link to the full
/// view, links that open outside the frame, no script but its own, withheld
/// counts as the symbol, and an oEmbed document that embeds it.
async fn widgets_read_without_javascript(h: &Harness, b: &Browser) -> Outcome {
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

/// Waits until the `i`th iframe of the page is as tall as its content
/// (within 3 px); returns whether it got there and the last (frame,
/// content) heights.
async fn frame_settles(c: &Client, i: usize) -> Result<(bool, (f64, f64)), String> {
    let mut last = (0.0, 0.0);
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let outer = c
            .execute(
                "return document.querySelectorAll('iframe')[arguments[0]].getBoundingClientRect().height",
                vec![serde_json::json!(i)],
            )
            .await
            .map_err(err("frame height"))?
            .as_f64()
            .unwrap_or(0.0);
        c.enter_frame(i as u16).await.map_err(err("enter frame"))?;
        let inner = c
            .execute(
                "return document.readyState === 'complete' ? document.documentElement.getBoundingClientRect().height : 0",
                vec![],
            )
            .await;
        c.enter_parent_frame().await.map_err(err("leave frame"))?;
        let inner = inner
            .map_err(err("content height"))?
            .as_f64()
            .unwrap_or(0.0);
        last = (outer, inner);
        if inner > 100.0 && (outer - inner).abs() <= 3.0 {
            return Ok((true, last));
        }
    }
    Ok((false, last))
}

/// The views of the data widgets, without JavaScript: a region's or a
/// category's figures over a preset period, as the model gives them for the
/// same query, saying which view they are, with the full view's link carrying
/// the same filter.
async fn widget_views_read_without_javascript(h: &Harness, b: &Browser) -> Outcome {
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
/// Views: a region's and a type's, in the shortest and a longer language.
async fn widget_fallback_heights_show_all_of_it(h: &Harness, b: &Browser) -> Outcome {
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
    let mut problems = Vec::new();
    for path in Route::widgets().into_iter().map(|r| r.path()).chain(views) {
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
async fn widget_queries_lead_to_their_views(h: &Harness, b: &Browser) -> Outcome {
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

/// The embed builder as a new user meets it: choose a widget, a language
/// and dark colours; the snippets and the preview follow; the copy button,
/// pressed from the keyboard, says it copied; the snippet pasted into a
/// page on another origin shows the widget, sized to its content.
async fn embed_builder_makes_a_working_snippet(h: &Harness, b: &Browser) -> Outcome {
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
    wait_until(
        c,
        &format!(
            "document.querySelector('textarea[data-kind=script]').value.includes({:?})",
            format!("title=\"{title}\"")
        ),
    )
    .await?;
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
    c.active_element()
        .await
        .map_err(err("active element"))?
        .send_keys(&char::from(fantoccini::key::Key::Enter).to_string())
        .await
        .map_err(err("Enter"))?;
    let copied = portal::locale::td_string!(portal::locale::Locale::from(Lang::En), embed_copied);
    wait_until(
        c,
        &format!("document.querySelector('[data-copy-status]').textContent === {copied:?}"),
    )
    .await?;

    let built_for = script
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split("/embed/").next())
        .unwrap_or_default()
        .to_owned();
    let base = h.url("");
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pasted</title></head><body>{}</body></html>",
        script.replace(&built_for, &base)
    );
    let host = HostPage::serve(html, format!("frame-src {base}; script-src {base}"));
    c.goto(&host.url).await.map_err(err(&host.url))?;
    let (settled, last) = frame_settles(c, 0).await?;
    ensure!(
        settled,
        "pasted snippet: frame {} px for content {} px",
        last.0,
        last.1
    );
    drop(host);
    Ok(())
}

/// A news site on another origin whose CSP allows frames from our origin
/// only embeds every English widget with the snippet of its oEmbed
/// document: at 390 and 1280 px each frame settles to its content's height,
/// `?theme=dark` darkens a widget on a light page, and neither the host nor
/// any widget logs an error.
async fn widgets_size_themselves_on_another_origin(h: &Harness, b: &Browser) -> Outcome {
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
        // What an <amp-iframe> listens for: AMP's embed-size message.
        c.execute(
            "window.ampSizes = []; addEventListener('message', e => {
                 if (e.data && e.data.sentinel === 'amp' && e.data.type === 'embed-size') window.ampSizes.push(e.data.height);
             })",
            vec![],
        )
        .await
        .map_err(err("listen"))?;
        for i in 0..frames.len() {
            c.execute(
                "document.querySelectorAll('iframe')[arguments[0]].scrollIntoView()",
                vec![serde_json::json!(i)],
            )
            .await
            .map_err(err("scroll"))?;
            let (settled, last) = frame_settles(c, i).await?;
            ensure!(
                settled,
                "{width} px, widget {i}: frame {} px for content {} px",
                last.0,
                last.1
            );
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

/// A hostile Markdown file through the real prerender step: scripts, event
/// handlers, `javascript:` and `data:` links, styles, frames and a
/// 400-character word. In Chromium nothing of it runs or remains, and the
/// page does not scroll sideways at 320 px.
async fn hostile_markdown_is_inert(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let work = tempfile::tempdir().map_err(err("temp dir"))?;
    let content = work.path().join("content");
    support::copy_dir(std::path::Path::new("content"), &content);
    let english = content.join("declaration/final/en.md");
    let shipped = std::fs::read_to_string(&english).map_err(err("en.md"))?;
    let front_end = shipped.find("\n+++\n").ok_or("no front matter")? + 5;
    let hostile = [
        "## <script>window.__pwned = 1</script> The meeting {#p1 onclick=\"window.__pwned=2\"}",
        "<script>window.__pwned = 3</script>",
        "<img src=x onerror=\"window.__pwned = 4\">",
        "<svg onload=\"window.__pwned = 5\"></svg>",
        "<p style=\"position:fixed;inset:0\">covered</p>",
        "[a](javascript:window.__pwned=6) [b](data:text/html,<script>alert(7)</script>) [c](JaVaScRiPt:alert(8))",
        "<iframe src=\"https://example.org/\"></iframe><object data=x></object>",
        "<a href=\"#\" onmouseover=\"window.__pwned=9\">hover</a>",
        &"A".repeat(400),
    ]
    .join("\n\n");
    let rest = &shipped[shipped.find("## A just").ok_or("no p2")?..];
    std::fs::write(
        &english,
        format!("{}\n{hostile}\n\n{rest}", &shipped[..front_end]),
    )
    .map_err(err("write hostile en.md"))?;
    let dist = work.path().join("dist");
    support::copy_dir(&h.root().join("data"), &dist.join("data"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prerender"))
        .arg(&dist)
        .args(["--content"])
        .arg(&content)
        .args(["--template", "target/index.template.html"])
        .output()
        .map_err(err("prerender"))?;
    ensure!(
        out.status.success(),
        "prerender failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(dist.join("en/declaration/index.html"))
        .map_err(err("hostile page"))?;
    let replaced = h.replace("en/declaration/index.html", &page);
    let url = h.url("/en/declaration/");
    b.take_logs().await?;
    b.viewport(320, 800).await?;
    c.goto(&url).await.map_err(err(&url))?;
    wait_ready(c).await?;
    c.execute(
        "document.querySelector('main a[onmouseover]')?.dispatchEvent(new MouseEvent('mouseover'))",
        vec![],
    )
    .await
    .map_err(err("hover"))?;
    let found = c
        .execute(
            r#"const main = document.querySelector("main");
            return {
                pwned: window.__pwned === undefined ? null : window.__pwned,
                handlers: [...main.querySelectorAll("*")].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith("on")),
                styled: main.querySelectorAll("[style]").length,
                dangerous: main.querySelectorAll("script, iframe, object, embed, svg").length,
                links: [...main.querySelectorAll("a[href]")].map(a => a.getAttribute("href")).filter(h => /^\s*(javascript|data):/i.test(h)),
                overflow: document.documentElement.scrollWidth - window.innerWidth,
                kept: main.textContent.includes("covered"),
            }"#,
            vec![],
        )
        .await
        .map_err(err("inspect"))?;
    b.viewport(1280, 900).await?;
    drop(replaced);
    ensure!(found["pwned"].is_null(), "hostile script ran: {found}");
    ensure!(
        found["handlers"].as_array().is_some_and(Vec::is_empty)
            && found["styled"] == 0
            && found["dangerous"] == 0
            && found["links"].as_array().is_some_and(Vec::is_empty),
        "hostile markup survived: {found}"
    );
    ensure!(
        found["overflow"].as_i64() <= Some(0),
        "a long word scrolls the page sideways: {found}"
    );
    ensure!(
        found["kept"] == true,
        "the text around the markup was lost: {found}"
    );
    // The image stays (without its handler) and fails to load: that 404, and
    // nothing else, may show in the console.
    let logs: Vec<String> = b
        .take_logs()
        .await?
        .into_iter()
        .filter(|l| !l.contains("/en/declaration/x - Failed to load resource"))
        .collect();
    ensure!(logs.is_empty(), "console: {logs:?}");
    Ok(())
}

/// axe-core finds no violations on any route, in light and in dark mode.
async fn axe_finds_no_violations(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let axe = std::fs::read_to_string("node_modules/axe-core/axe.min.js")
        .map_err(err("node_modules/axe-core/axe.min.js (run make test)"))?;
    // Every route and widget, and the narrowed views where colours and
    // symbols vary most: every English map view (all five shades of tile),
    // and a region's sparse figures in the other data widgets.
    let export = served_export(h)?;
    let map = Route::Embed(Lang::En, Widget::Map).path();
    let views = WidgetView::all(Widget::Map, &export)
        .into_iter()
        .map(|view| format!("{map}{}", view.path()))
        .chain(["headline", "funnel", "trend"].map(|w| format!("/embed/en/{w}/UA-63/last-12/")));
    let paths: Vec<(String, bool)> = Route::all()
        .into_iter()
        .chain(Route::widgets())
        .map(|route| (route.path(), !matches!(route, Route::Embed(..))))
        .chain(views.map(|path| (path, false)))
        .collect();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme).await?;
        for (path, portal_page) in &paths {
            let url = h.url(path);
            c.goto(&url).await.map_err(err(&url))?;
            if *portal_page {
                wait_ready(c).await?;
            }
            c.execute(&axe, vec![]).await.map_err(err("inject axe"))?;
            let found = c
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     axe.run(document, { resultTypes: ['violations'] })
                       .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ` +
                         v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                       .catch(e => done(['axe failed: ' + e]));",
                    vec![],
                )
                .await
                .map_err(err("axe.run"))?;
            for v in found.as_array().into_iter().flatten() {
                failures.push(format!(
                    "{url} [{scheme}] {}",
                    v.as_str().unwrap_or_default()
                ));
            }
        }
    }
    b.color_scheme("light").await?;
    ensure!(
        failures.is_empty(),
        "{} violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

/// No route scrolls sideways at any width from 320 px to 1440 px.
async fn no_horizontal_scroll_from_320_to_1440_px(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let mut overflowing = Vec::new();
    for width in [320, 390, 768, 1024, 1440] {
        b.viewport(width, 800).await?;
        for route in Route::all().into_iter().chain(Route::widgets()) {
            let url = h.url(&route.path());
            c.goto(&url).await.map_err(err(&url))?;
            let excess = c
                .execute(
                    "const d = document.documentElement; return d.scrollWidth - d.clientWidth",
                    vec![],
                )
                .await
                .map_err(err("scrollWidth"))?;
            if excess.as_i64() != Some(0) {
                overflowing.push(format!("{url} at {width} px: {excess} px too wide"));
            }
        }
    }
    b.viewport(1280, 900).await?;
    ensure!(overflowing.is_empty(), "{}", overflowing.join("\n"));
    Ok(())
}

/// Keyboard users see where they are: Tab reaches the skip link first, and
/// the focused element is outlined.
async fn keyboard_focus_is_visible(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let url = h.url("/fr/methodology/");
    c.goto(&url).await.map_err(err(&url))?;
    for expected in ["skip-link", "site-name"] {
        c.active_element()
            .await
            .map_err(err("active element"))?
            .send_keys(&char::from(fantoccini::key::Key::Tab).to_string())
            .await
            .map_err(err("Tab"))?;
        let focused = c
            .execute(
                "const el = document.activeElement; const s = getComputedStyle(el);
                 return [el.className, s.outlineStyle, parseFloat(s.outlineWidth)]",
                vec![],
            )
            .await
            .map_err(err("focus style"))?;
        ensure!(
            focused[0] == expected,
            "Tab focused {:?}, expected .{expected}",
            focused[0]
        );
        ensure!(
            focused[1] != "none" && focused[2].as_f64().unwrap_or(0.0) >= 2.0,
            "focused .{expected} has no visible outline: {focused}"
        );
    }
    Ok(())
}

/// The server sends what `serve.toml` says: precompressed bodies, long-lived
/// hashed assets, revalidated HTML, security headers, the 404 page.
async fn server_headers_follow_the_config(h: &Harness, _b: &Browser) -> Outcome {
    let page = h.get(&h.url("/uk/"), &[("accept-encoding", "br")]);
    ensure!(page.status == 200, "/uk/ answers {}", page.status);
    ensure!(
        page.header("content-encoding") == "br",
        "HTML not served precompressed"
    );
    ensure!(
        page.header("cache-control") == "no-cache",
        "HTML cache-control {:?}",
        page.header("cache-control")
    );
    ensure!(
        page.header("content-security-policy")
            .contains("frame-ancestors 'none'"),
        "portal pages may be framed"
    );
    let widget = h.get(&h.url("/embed/uk/trend/"), &[]);
    let csp = widget.header("content-security-policy");
    ensure!(
        widget.status == 200
            && csp.contains("frame-ancestors *")
            && csp.contains("default-src 'none'")
            && !csp.contains("unsafe")
            && widget.header("x-frame-options").is_empty(),
        "widget pages must be frameable by any site, with a strict CSP: {csp:?}"
    );
    ensure!(
        page.header("x-content-type-options") == "nosniff",
        "no nosniff"
    );
    ensure!(
        !page.header("referrer-policy").is_empty(),
        "no Referrer-Policy"
    );
    let wasm = std::fs::read_dir(h.root())
        .map_err(err("dist"))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".wasm"))
        .ok_or("no .wasm in dist")?;
    let asset = h.get(&h.url(&format!("/{wasm}")), &[("accept-encoding", "gzip")]);
    ensure!(
        asset.header("content-encoding") == "gzip",
        "wasm not served precompressed"
    );
    ensure!(
        asset.header("cache-control").contains("immutable"),
        "hashed asset cache-control {:?}",
        asset.header("cache-control")
    );
    let missing = h.get(&h.url("/en/no-such-page/"), &[]);
    ensure!(
        missing.status == 404,
        "missing page answers {}",
        missing.status
    );
    ensure!(
        missing.body.contains("Page not found") && missing.body.contains("Сторінку не знайдено"),
        "404 body is not the multilingual 404 page"
    );
    let redirect = h.get(&h.url("/en/statistics"), &[]);
    ensure!(
        redirect.status == 308 && redirect.header("location") == "/en/statistics/",
        "no redirect to the canonical / path"
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let harness = Harness::start().await;
        let js_on = harness.browser(JsMode::On).await;
        let js_off = harness.browser(JsMode::Off).await;
        let mut passed = 0;
        let mut failed = 0;
        // `cargo test --features e2e --test e2e -- NAME…` runs only the
        // scenarios whose names contain one of the NAMEs.
        let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
        let mut skipped = 0;
        macro_rules! run {
            ($browser:expr, $($scenario:ident),+ $(,)?) => {$(
                let started = std::time::Instant::now();
                if !only.is_empty() && !only.iter().any(|o| stringify!($scenario).contains(o.as_str())) {
                    skipped += 1;
                } else {
                    match $scenario(&harness, $browser).await {
                        Ok(()) => {
                            passed += 1;
                            println!("ok     {} ({:.1} s)", stringify!($scenario), started.elapsed().as_secs_f64());
                        }
                        Err(e) => {
                            failed += 1;
                            println!("FAILED {}: {e}", stringify!($scenario));
                        }
                    }
                }
            )+};
        }
        run!(
            &js_off,
            javascript_off_every_route_reads_and_links_work,
            declaration_is_citable_and_verifiable,
            pillars_show_both_structures_and_the_figures,
            statistics_read_honestly_without_javascript,
            widgets_read_without_javascript,
            widget_views_read_without_javascript,
            widget_fallback_heights_show_all_of_it,
        );
        run!(
            &js_on,
            server_headers_follow_the_config,
            javascript_on_navigation_is_client_side,
            no_console_errors_or_csp_violations,
            failed_fetch_shows_error_and_retry_recovers,
            explorer_view_survives_a_url_round_trip,
            explorer_back_and_forward_step_through_the_filter,
            explorer_names_and_ignores_invalid_query_values,
            explorer_downloads_carry_metadata_and_withheld_cells,
            explorer_figures_match_the_model,
            explorer_region_page_keeps_its_region,
            hostile_markdown_is_inert,
            no_horizontal_scroll_from_320_to_1440_px,
            keyboard_focus_is_visible,
            widgets_size_themselves_on_another_origin,
            widget_queries_lead_to_their_views,
            embed_builder_makes_a_working_snippet,
            axe_finds_no_violations,
        );
        js_on.close().await;
        js_off.close().await;
        drop(harness);
        if skipped > 0 {
            println!("e2e: {skipped} scenarios left out (not named on the command line)");
        }
        println!("e2e: {passed} passed, {failed} failed");
        if passed + failed == 0 {
            println!("e2e: no scenario matches the names given");
        }
        if failed == 0 && passed > 0 {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::FAILURE
        }
    })
}
