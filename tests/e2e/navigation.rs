//! Reading and moving around the site: every route with JavaScript off,
//! client-side navigation with it on, and a clean console under the CSP.

use crate::support::page::{
    click, ensure, err, is_ready, text_of, wait_for, wait_ready, wait_until, Outcome,
};
use crate::support::site::built_release;
use crate::support::{Browser, Harness};
use portal::model::{Lang, Page, Route};
use std::collections::BTreeSet;
use std::time::Duration;

fn expected_h1(route: Route) -> Option<&'static str> {
    match route {
        Route::Page(lang, page) => Some(portal::locale::page_title(lang, page)),
        _ => None,
    }
}

/// With JavaScript off, every route shows its main content, its language and
/// the release facts, and every internal link leads to a page that exists.
pub async fn javascript_off_every_route_reads_and_links_work(h: &Harness, b: &Browser) -> Outcome {
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
pub async fn javascript_on_navigation_is_client_side(h: &Harness, b: &Browser) -> Outcome {
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

/// Every route loads with JavaScript on without console errors or warnings,
/// hydration problems or Content-Security-Policy violations.
pub async fn no_console_errors_or_csp_violations(h: &Harness, b: &Browser) -> Outcome {
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
