//! The static server's headers, as `serve.toml` sets them.

use crate::support::page::{ensure, err, Outcome};
use crate::support::site::built_release;
use crate::support::{Browser, Harness};

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
