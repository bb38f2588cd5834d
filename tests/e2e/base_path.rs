//! The portal under a base path: the site `make dist-portal` prerenders
//! under `/portal` from the same Trunk build, served by nginx with
//! `deploy/nginx-portal.conf` and by Caddy with `deploy/Caddyfile-portal`
//! on a host whose other paths are not the portal's.

use crate::support::explorer::{choose_period, wait_explorer, wait_for_view};
use crate::support::page::{click, ensure, err, wait_for, wait_until, Outcome};
use crate::support::{BasePathSite, Browser, Harness, Server, BASE_PATH_DIST};
use fantoccini::Client;
use portal::model::serving::{headers_for, Paths};
use portal::model::site_url::LOCAL_SITE_URL;
use std::collections::BTreeSet;

const BASE: &str = "/portal";

/// Every URL a page names in `a[href]`, `link[href]`, `script[src]`,
/// `img[src]` and `iframe[src]`, resolved, by element.
async fn urls_on(c: &Client) -> Result<Vec<(String, String)>, String> {
    let found = c
        .execute(
            r#"const out = [];
               for (const [css, attr] of [["a[href]", "href"], ["link[href]", "href"], ["script[src]", "src"], ["img[src]", "src"], ["iframe[src]", "src"]]) {
                   for (const el of document.querySelectorAll(css)) out.push([el.localName, new URL(el.getAttribute(attr), location.href).href]);
               }
               return out;"#,
            vec![],
        )
        .await
        .map_err(err("the page's URLs"))?;
    serde_json::from_value(found).map_err(err("the page's URLs"))
}

/// The paths of every resource the page has requested.
async fn requested(c: &Client) -> Result<Vec<String>, String> {
    let found = c
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)",
            vec![],
        )
        .await
        .map_err(err("resources"))?;
    serde_json::from_value(found).map_err(err("resources"))
}

/// The site's own URLs on `origin` (the server of the test) or on the
/// site's URL (canonical, hreflang, feeds), as paths; an outbound link to
/// another site is left out, anything else there is an error.
fn own_paths(
    urls: &[(String, String)],
    origin: &str,
    page: &str,
) -> Result<BTreeSet<String>, String> {
    let mut paths = BTreeSet::new();
    for (element, url) in urls {
        let path = [origin, LOCAL_SITE_URL]
            .iter()
            .find_map(|o| url.strip_prefix(o).filter(|p| p.starts_with('/')));
        match path {
            Some(path) => {
                ensure!(
                    path.starts_with(&format!("{BASE}/")),
                    "{page}: <{element}> names {url}, outside {BASE}/"
                );
                paths.insert(path.split('#').next().unwrap_or(path).to_owned());
            }
            None => ensure!(
                element == "a" && url.starts_with("https://"),
                "{page}: <{element}> loads {url} from elsewhere"
            ),
        }
    }
    Ok(paths)
}

/// Loads `path` under the base on `origin`, waits for `wait`, and checks
/// that every URL the page names and every resource it requested stays
/// under the base; returns the site's paths it names.
async fn visit(
    c: &Client,
    origin: &str,
    path: &str,
    wait: &str,
) -> Result<BTreeSet<String>, String> {
    let page = format!("{origin}{BASE}{path}");
    c.goto(&page).await.map_err(err(&page))?;
    wait_for(c, wait).await?;
    let paths = own_paths(&urls_on(c).await?, origin, &page)?;
    for requested in requested(c).await? {
        ensure!(
            requested.starts_with(&format!("{origin}{BASE}/")),
            "{page} requested {requested}, outside {BASE}/ of its server"
        );
    }
    Ok(paths)
}

/// The server of the site under the base: the base and a directory's path
/// without their slash are redirected with `redirect` (the code the server
/// answers) to the path with it under the base, a missing page gets the
/// portal's 404 page, and the headers are the README's.
fn the_server_keeps_to_the_base(h: &Harness, site: &BasePathSite, redirect: u16) -> Outcome {
    let url = |path: &str| format!("{}{BASE}{path}", site.origin);
    for (from, to) in [
        (BASE.to_owned(), format!("{BASE}/")),
        (
            format!("{BASE}/en/statistics"),
            format!("{BASE}/en/statistics/"),
        ),
    ] {
        let got = h.get(&format!("{}{from}", site.origin), &[]);
        ensure!(
            got.status == redirect && got.header("location") == to,
            "{from}: {} {:?}, not a {redirect} redirect to {to}",
            got.status,
            got.header("location")
        );
    }
    let missing = h.get(&url("/en/no-such-page/"), &[]);
    ensure!(
        missing.status == 404 && missing.body.contains(&format!("href=\"{BASE}/en/\"")),
        "a missing page under the base: {} without the portal's 404 page",
        missing.status
    );
    let releases = format!("{BASE_PATH_DIST}/data/releases");
    let archived = std::fs::read_dir(&releases)
        .map_err(err(&releases))?
        .filter_map(Result::ok)
        .map(|e| {
            format!(
                "/data/releases/{}/export.json",
                e.file_name().to_string_lossy()
            )
        })
        .next()
        .ok_or("no archived release")?;
    for (path, paths) in [
        ("/en/statistics/", Paths::All),
        ("/embed/en/trend/", Paths::Under("/embed/")),
        ("/data/release.json", Paths::Under("/data/")),
        (archived.as_str(), Paths::Under("/data/releases/")),
    ] {
        let got = h.get(&url(path), &[]);
        for (name, value) in headers_for(paths) {
            ensure!(
                got.status == 200 && got.header(name) == value,
                "{path}: {} {name} is {:?}, not {value:?}",
                got.status,
                got.header(name)
            );
        }
    }
    Ok(())
}

/// Once the statistics explorer has started: chooses the last four weeks
/// and waits for their figures, as the export under the base gives them.
async fn explore_the_last_four_weeks(c: &Client) -> Outcome {
    wait_explorer(c).await?;
    let path = format!("{BASE_PATH_DIST}/data/export.json");
    let text = std::fs::read_to_string(&path).map_err(err(&path))?;
    let export = portal::model::export::Export::parse(&text).map_err(err(&path))?;
    choose_period(c, "last-4").await?;
    wait_for_view(c, &export, "?period=last-4", None).await?;
    Ok(())
}

/// Caddy with `deploy/Caddyfile-portal` keeps to the base as nginx does
/// (but redirects with 308), and through it the statistics explorer
/// starts, reads the export under the base and redraws for a new period,
/// without a console error or CSP violation.
pub async fn the_portal_works_under_a_base_path_behind_caddy(h: &Harness, b: &Browser) -> Outcome {
    let site = h.serve_base_path(Server::Caddy);
    let c = &b.client;
    b.take_logs().await?;
    the_server_keeps_to_the_base(h, &site, 308)?;
    visit(
        c,
        &site.origin,
        "/en/statistics/",
        "[data-testid=release-current]",
    )
    .await?;
    explore_the_last_four_weeks(c).await?;
    let problems = b.take_logs().await?;
    ensure!(problems.is_empty(), "console: {problems:#?}");
    Ok(())
}

/// `SITE_URL=… BASE_PATH=/portal`: the home page, a declaration paragraph,
/// the statistics explorer (the wasm starts, fetches the export under the
/// base and redraws for a new period; the downloads answer), a widget and
/// its oEmbed document, the embed builder's snippet, the sitemap and the
/// feed all stay under `/portal/`, every URL on those pages too (a sample
/// of them answers 200, client-side navigation keeps `window`), nginx
/// redirects, answers 404 with the portal's page and sends the README's
/// headers there, and no page logs an error or a CSP violation.
pub async fn the_portal_works_under_a_base_path_behind_nginx(h: &Harness, b: &Browser) -> Outcome {
    let site = h.serve_base_path(Server::Nginx);
    let url = |path: &str| format!("{}{BASE}{path}", site.origin);
    let c = &b.client;
    b.take_logs().await?;
    // nginx's static module redirects with 301 (README, "Serving and
    // security headers").
    the_server_keeps_to_the_base(h, &site, 301)?;

    let mut answered = BTreeSet::new();
    let origin = site.origin.as_str();

    // Home: everything under the base; client-side navigation keeps the
    // page's window (boot.js knows the base from its own URL).
    let home = visit(c, origin, "/en/", "html[data-portal=ready]").await?;
    answered.extend(home);
    c.execute("window.portalMarker = 1", vec![])
        .await
        .map_err(err("marker"))?;
    click(c, &format!("nav a[href='{BASE}/en/methodology/']")).await?;
    wait_until(c, "location.pathname === '/portal/en/methodology/'").await?;
    let kept = c
        .execute("return window.portalMarker === 1", vec![])
        .await
        .map_err(err("marker"))?;
    ensure!(
        kept == true,
        "the navigation to the methodology reloaded the page"
    );

    // A declaration paragraph and its permalink.
    answered.extend(visit(c, origin, "/en/declaration/#c3", "#c3").await?);
    let permalink = c
        .execute(
            "return document.querySelector('a.permalink[href$=\"#c3\"]')?.getAttribute('href') ?? null",
            vec![],
        )
        .await
        .map_err(err("permalink"))?;
    ensure!(
        permalink == format!("{BASE}/en/declaration/#c3").as_str(),
        "the paragraph's permalink is {permalink}"
    );

    // The statistics explorer: the wasm reads the export under the base and
    // redraws for another period; the release's downloads answer.
    answered.extend(
        visit(
            c,
            origin,
            "/en/statistics/",
            "[data-testid=release-current]",
        )
        .await?,
    );
    explore_the_last_four_weeks(c).await?;
    let fetched = requested(c).await?;
    ensure!(
        fetched.iter().any(|r| *r == url("/data/export.json")),
        "the explorer did not fetch {BASE}/data/export.json: {fetched:?}"
    );
    answered.extend(own_paths(&urls_on(c).await?, &site.origin, "the explorer")?);
    // An archived release's figures: the wasm links its files under the base.
    let releases = h.get(&url("/en/releases/"), &[]).body;
    let marker = format!("href=\"{BASE}/data/releases/");
    let oldest = releases
        .rsplit(&marker)
        .next()
        .and_then(|rest| rest.split('/').next())
        .filter(|_| releases.contains(&marker))
        .ok_or("the releases page links no archived release")?
        .to_owned();
    answered.extend(
        visit(
            c,
            origin,
            &format!("/en/statistics/?release={oldest}"),
            "[data-testid=release-files] a",
        )
        .await?,
    );
    let downloads = c
        .execute(
            "return [...document.querySelectorAll('[data-testid=release-files] a')].map(a => a.getAttribute('href'))",
            vec![],
        )
        .await
        .map_err(err("downloads"))?;
    let downloads: Vec<String> = serde_json::from_value(downloads).map_err(err("downloads"))?;
    ensure!(
        downloads.len() == 2,
        "release {oldest}'s files: {downloads:?}"
    );
    for download in &downloads {
        ensure!(
            download.starts_with(&format!("{BASE}/data/releases/{oldest}/")),
            "a download outside {BASE}/data/releases/{oldest}/: {download}"
        );
        answered.insert(download.clone());
    }

    // A widget and its oEmbed document: the snippet names the widget and
    // the host script under the base.
    answered.extend(visit(c, origin, "/embed/en/trend/", "[data-full-view]").await?);
    let oembed = h.get(&url("/embed/en/trend/oembed.json"), &[]);
    let oembed: serde_json::Value =
        serde_json::from_str(&oembed.body).map_err(err("the widget's oEmbed document"))?;
    let html = oembed["html"].as_str().unwrap_or_default();
    for wanted in [
        format!("src=\"{LOCAL_SITE_URL}{BASE}/embed/en/trend/\""),
        format!("src=\"{LOCAL_SITE_URL}{BASE}/embed.js\""),
    ] {
        ensure!(
            html.contains(&wanted),
            "the oEmbed html lacks {wanted}: {html}"
        );
    }

    // The embed builder: another widget's snippet and preview, under the base.
    answered.extend(visit(c, origin, "/en/embed/", "html[data-portal=ready]").await?);
    c.execute(
        r#"const select = document.getElementById("builder-widget");
           select.value = "map";
           select.dispatchEvent(new Event("change", { bubbles: true }));"#,
        vec![],
    )
    .await
    .map_err(err("choose the map"))?;
    let snippet_src = format!("src=\\\"{LOCAL_SITE_URL}{BASE}/embed/en/map/\\\"");
    wait_until(
        c,
        &format!(
            "document.querySelector('textarea[data-kind=script]').value.includes(\"{snippet_src}\")
             && [...document.querySelectorAll('iframe[data-preview]')].every(f => new URL(f.src).pathname === '{BASE}/embed/en/map/')"
        ),
    )
    .await?;
    let script = c
        .execute(
            "return document.querySelector('textarea[data-kind=script]').value",
            vec![],
        )
        .await
        .map_err(err("snippet"))?;
    ensure!(
        script
            .as_str()
            .is_some_and(|s| s.contains(&format!("{LOCAL_SITE_URL}{BASE}/embed.js"))),
        "the builder's snippet: {script}"
    );

    // A widget is a page of its own, not one to bring in by client-side
    // navigation: boot.js tells it by its path under the base.
    c.execute("window.portalMarker = 2", vec![])
        .await
        .map_err(err("marker"))?;
    click(c, &format!(".widget-list a[href='{BASE}/embed/en/map/']")).await?;
    wait_until(
        c,
        "location.pathname === '/portal/embed/en/map/' && document.readyState === 'complete'",
    )
    .await?;
    let kept = c
        .execute("return window.portalMarker === 2", vec![])
        .await
        .map_err(err("marker"))?;
    ensure!(
        kept == false,
        "the builder brought the widget page in as a portal page"
    );

    // The sitemap and the feed name the site under the base.
    for (path, pattern) in [("/sitemap.xml", "<loc>"), ("/en/releases.atom", "href=\"")] {
        let got = h.get(&url(path), &[]);
        ensure!(got.status == 200, "{path}: {}", got.status);
        let named: Vec<&str> = got
            .body
            .split(pattern)
            .skip(1)
            .filter_map(|s| s.split(['<', '"']).next())
            .filter(|u| u.starts_with("http://127.0.0.1"))
            .collect();
        ensure!(!named.is_empty(), "{path} names no URL of the site");
        for u in &named {
            let rest = u.strip_prefix(LOCAL_SITE_URL).unwrap_or(u);
            ensure!(
                rest.starts_with(&format!("{BASE}/")),
                "{path} names {u}, outside {BASE}/"
            );
            answered.insert(rest.to_owned());
        }
    }

    // A sample of everything named (every seventh path, and every data
    // file) answers 200 on the server.
    let sample: Vec<&String> = answered
        .iter()
        .enumerate()
        .filter(|(i, p)| i % 7 == 0 || p.contains("/data/"))
        .map(|(_, p)| p)
        .collect();
    ensure!(sample.len() >= 20, "only {} URLs to sample", sample.len());
    for path in sample {
        let got = h.get(&format!("{}{path}", site.origin), &[]);
        ensure!(got.status == 200, "{path}: {}", got.status);
    }

    let problems = b.take_logs().await?;
    ensure!(problems.is_empty(), "console: {problems:#?}");
    Ok(())
}
