//! The servers' headers, as `src/model/serving.rs` sets them for
//! static-web-server (`serve.toml`), nginx (`deploy/nginx.conf`) and Caddy
//! (`deploy/Caddyfile`), and the data files read from another origin.

use crate::support::page::{ensure, err, wait_for, wait_ready, Outcome};
use crate::support::site::built_release;
use crate::support::{Browser, Harness, HostPage, Server};
use portal::model::serving::Paths;

/// static-web-server sends what `serve.toml` says: precompressed bodies,
/// long-lived hashed assets and archived releases, revalidated HTML and
/// data, security headers, CORS on the data and widgets, the 404 page and
/// the redirect to a directory's path with its slash.
pub async fn server_headers_follow_the_config(h: &Harness, _b: &Browser) -> Outcome {
    headers_follow_the_config(h, Server::StaticWebServer)
}

/// nginx with `deploy/nginx.conf` sends the same, but for the redirect's
/// code (301, as the README says).
pub async fn nginx_server_headers_follow_the_config(h: &Harness, _b: &Browser) -> Outcome {
    headers_follow_the_config(h, Server::Nginx)
}

/// Caddy with `deploy/Caddyfile` sends the same as static-web-server.
pub async fn caddy_server_headers_follow_the_config(h: &Harness, _b: &Browser) -> Outcome {
    headers_follow_the_config(h, Server::Caddy)
}

fn headers_follow_the_config(h: &Harness, server: Server) -> Outcome {
    let url = |path: &str| h.url_on(server, path);
    let page = h.get(&url("/uk/"), &[("accept-encoding", "br")]);
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
    let widget = h.get(&url("/embed/uk/trend/"), &[]);
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
        widget.header("access-control-allow-origin") == "*",
        "a widget's page and oEmbed document are not readable from other origins"
    );
    let host_script = h.get(&url("/embed.js"), &[]);
    ensure!(
        host_script.header("access-control-allow-origin") == "*"
            && host_script.header("cross-origin-resource-policy") == "cross-origin",
        "/embed.js may not be loaded from other sites"
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
        .find(|n| n.ends_with(".wasm") && Paths::Hashed.matches(&format!("/{n}")))
        .ok_or("no hashed .wasm in dist")?;
    let asset = h.get(&url(&format!("/{wasm}")), &[("accept-encoding", "gzip")]);
    ensure!(
        asset.header("content-encoding") == "gzip",
        "wasm not served precompressed"
    );
    ensure!(
        asset.header("content-type") == "application/wasm",
        "wasm served as {:?}",
        asset.header("content-type")
    );
    ensure!(
        asset.header("cache-control").contains("immutable"),
        "hashed asset cache-control {:?}",
        asset.header("cache-control")
    );
    let release = built_release(h).release_id;
    let archived = h.get(&url(&format!("/data/releases/{release}/export.json")), &[]);
    let latest = h.get(&url("/data/export.json"), &[]);
    ensure!(
        archived.status == 200
            && archived.body == latest.body
            && archived.header("cache-control").contains("immutable")
            && latest.header("cache-control") == "no-cache",
        "archived release {release}: {} {:?}; the latest at the stable name {:?}",
        archived.status,
        archived.header("cache-control"),
        latest.header("cache-control")
    );
    // The share card a link preview fetches: named by its content, so
    // cached for a year, and served as the PNG it is.
    let page = std::fs::read_to_string(h.root().join("en/statistics/index.html"))
        .map_err(err("en/statistics/index.html"))?;
    let card = page
        .split("/cards/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("no share card on /en/statistics/")?;
    let image = h.get(&url(&format!("/cards/{card}")), &[]);
    ensure!(
        image.status == 200
            && image.header("content-type") == "image/png"
            && image.header("cache-control").contains("immutable"),
        "/cards/{card}: {} {:?} {:?}",
        image.status,
        image.header("content-type"),
        image.header("cache-control")
    );
    for file in ["export.csv", "export.json", "datapackage.json"] {
        let data = h.get(&url(&format!("/data/{file}")), &[]);
        ensure!(
            data.status == 200 && data.header("access-control-allow-origin") == "*",
            "/data/{file} answers {} without Access-Control-Allow-Origin: *",
            data.status
        );
    }
    let csv = h.get(&url("/data/export.csv"), &[]);
    ensure!(
        csv.header("content-type").starts_with("text/csv"),
        "export.csv served as {:?}",
        csv.header("content-type")
    );
    let missing = h.get(&url("/en/no-such-page/"), &[]);
    ensure!(
        missing.status == 404,
        "missing page answers {}",
        missing.status
    );
    ensure!(
        missing.body.contains("Page not found") && missing.body.contains("Сторінку не знайдено"),
        "404 body is not the multilingual 404 page"
    );
    ensure!(
        missing
            .header("content-security-policy")
            .contains("frame-ancestors 'none'"),
        "the 404 page comes without the portal's headers"
    );
    // nginx's static module redirects with 301 and no setting changes it
    // (README, "Serving and security headers").
    let redirect_status = match server {
        Server::StaticWebServer | Server::Caddy => 308,
        Server::Nginx => 301,
    };
    let redirect = h.get(&url("/en/statistics"), &[]);
    ensure!(
        redirect.status == redirect_status && redirect.header("location") == "/en/statistics/",
        "no {redirect_status} redirect to the canonical / path: {} {:?}",
        redirect.status,
        redirect.header("location")
    );
    Ok(())
}

/// Through nginx too, a statistics page (the wasm, its data fetch) and a
/// widget load without console errors, warnings or CSP violations.
pub async fn no_console_errors_or_csp_violations_on_nginx(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    b.take_logs().await?;
    for path in ["/en/statistics/", "/embed/en/trend/"] {
        let url = h.url_on(Server::Nginx, path);
        c.goto(&url).await.map_err(err(&url))?;
        if !path.starts_with("/embed/") {
            wait_ready(c).await.map_err(|e| format!("{url}: {e}"))?;
            wait_for(c, "[data-testid=release-current]").await?;
        }
        let problems = b.take_logs().await?;
        ensure!(problems.is_empty(), "{url}: {problems:#?}");
    }
    Ok(())
}

/// A data team's notebook in the browser, on another origin (its page
/// allows connections to the portal only), reads the data files with
/// `fetch`: the CSV with its header, the export and the Data Package as
/// JSON. A portal page, which is not data, stays unreadable from there.
pub async fn a_notebook_on_another_origin_reads_the_data(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let base = h.url("");
    let host = HostPage::serve(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A notebook</title></head><body></body></html>".into(),
        format!("default-src 'none'; connect-src {base}"),
    );
    c.goto(&host.url).await.map_err(err(&host.url))?;
    let read = c
        .execute_async(
            "const [base, done] = arguments;
             const text = (path) => fetch(base + path).then(r => r.text(), e => 'refused: ' + e.name);
             Promise.all(['/data/export.csv', '/data/export.json', '/data/datapackage.json', '/en/'].map(text))
               .then(([csv, json, pack, page]) => done({
                 header: csv.split('\\n').find(l => !l.startsWith('#')),
                 release: JSON.parse(json).release.release_id,
                 resource: JSON.parse(pack).resources[0].path,
                 page: page.slice(0, 8),
               }), e => done({ error: String(e) }));",
            vec![serde_json::json!(base)],
        )
        .await
        .map_err(err("fetch from another origin"))?;
    let release = built_release(h).release_id;
    ensure!(
        read["header"]
            .as_str()
            .is_some_and(|h| h.starts_with("week,region,region_name,"))
            && read["release"] == release.as_str()
            && read["resource"] == "export.csv",
        "the notebook read {read}"
    );
    ensure!(
        read["page"] == "refused:",
        "a portal page is readable from another origin: {read}"
    );
    Ok(())
}
