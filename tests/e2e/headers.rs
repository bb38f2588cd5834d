//! The static server's headers, as `serve.toml` sets them, and the data
//! files read from another origin.

use crate::support::page::{ensure, err, Outcome};
use crate::support::site::built_release;
use crate::support::{Browser, Harness, HostPage};

/// The server sends what `serve.toml` says: precompressed bodies, long-lived
/// hashed assets, revalidated HTML, security headers, the 404 page.
pub async fn server_headers_follow_the_config(h: &Harness, _b: &Browser) -> Outcome {
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
    let release = built_release(h).release_id;
    let archived = h.get(
        &h.url(&format!("/data/releases/{release}/export.json")),
        &[],
    );
    let latest = h.get(&h.url("/data/export.json"), &[]);
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
    for file in ["export.csv", "export.json", "datapackage.json"] {
        let data = h.get(&h.url(&format!("/data/{file}")), &[]);
        ensure!(
            data.status == 200 && data.header("access-control-allow-origin") == "*",
            "/data/{file} answers {} without Access-Control-Allow-Origin: *",
            data.status
        );
    }
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
