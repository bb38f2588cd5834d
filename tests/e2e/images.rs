//! The figures' images: the links of a statistics page and of a widget
//! framed on another site answer with the image of their type, and the
//! explorer's own views offer their SVG, drawn in the browser.

use crate::support::explorer::{choose_period, wait_explorer};
use crate::support::page::{click, ensure, err, wait_until, Outcome};
use crate::support::site::{built_release, oembed_here};
use crate::support::{Browser, Harness, HostPage};
use fantoccini::{Client, Locator};
use portal::model::site_url::LOCAL_SITE_URL;

/// The `(data-image, href, download)` of every image link in the document
/// (or frame) the client is in.
async fn image_links(c: &Client) -> Result<Vec<(String, String, Option<String>)>, String> {
    let found = c
        .execute(
            "return [...document.querySelectorAll('a[data-image]')]
                 .map(a => [a.dataset.image, a.href, a.getAttribute('download')])",
            vec![],
        )
        .await
        .map_err(err("image links"))?;
    serde_json::from_value(found).map_err(err("image links"))
}

/// Each link answers 200 with its type (and a PNG's length for print, an
/// SVG that names the release); `where_` says which page it is on.
fn answers(
    h: &Harness,
    links: &[(String, String, Option<String>)],
    release: &str,
    where_: &str,
) -> Outcome {
    for (kind, href, _) in links {
        let response = h.get(href, &[]);
        let expected = match kind.as_str() {
            "png" => "image/png",
            _ => "image/svg+xml",
        };
        ensure!(
            response.status == 200 && response.header("content-type").starts_with(expected),
            "{where_}: {href} answered {} {}",
            response.status,
            response.header("content-type")
        );
        if kind == "svg" {
            ensure!(
                response.body.contains(release),
                "{where_}: {href} does not name {release}"
            );
        } else {
            let length: usize = response.header("content-length").parse().unwrap_or(0);
            ensure!(length > 20_000, "{where_}: {href} is {length} bytes");
        }
    }
    Ok(())
}

/// On a statistics page, the funnel, the trend and the map each link a PNG
/// and an SVG that download under a name with the release and language;
/// in a widget framed by another site, its image opens (a new tab: no
/// `download`, which a framing sandbox may refuse); after a filter change
/// the page's images give way to that view's (see
/// [`an_explored_view_saves_its_svg_drawn_in_the_browser`]), and come back
/// with the page's own view.
pub async fn figure_images_answer_on_pages_and_in_widgets(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let release = built_release(h).release_id;
    let url = h.url("/uk/statistics/");
    c.goto(&url).await.map_err(err(&url))?;
    let links = image_links(c).await?;
    let kinds: Vec<&str> = links.iter().map(|(k, _, _)| k.as_str()).collect();
    ensure!(
        kinds == ["png", "svg", "png", "svg", "png", "svg"],
        "{url}: image links {kinds:?}"
    );
    for (kind, _, download) in &links {
        let name = download.as_deref().unwrap_or_default();
        ensure!(
            name.contains(&release) && name.ends_with(&format!("-uk.{kind}")),
            "{url}: saved as {name:?}"
        );
    }
    answers(h, &links, &release, &url)?;

    // The explorer's own view: the links give way to the note, and return.
    wait_explorer(c).await?;
    let shown =
        |css: &str| format!("getComputedStyle(document.querySelector('{css}')).display !== 'none'");
    let (prepared, other) = (
        shown(".image-downloads__prepared"),
        shown(".image-downloads__other"),
    );
    ensure!(
        c.execute(&format!("return {prepared} && !({other})"), vec![])
            .await
            .map_err(err("shown"))?
            == true,
        "{url}: the page's own view hides its images"
    );
    choose_period(c, "last-4").await?;
    wait_until(
        c,
        "document.querySelector('[data-figures]').dataset.view === 'period=last-4'",
    )
    .await?;
    wait_until(c, &format!("!({prepared}) && {other}")).await?;
    choose_period(c, "all").await?;
    wait_until(c, &format!("{prepared} && !({other})")).await?;

    // A widget on a news site's page.
    let frame = oembed_here(h, "/embed/de/trend/")?.1;
    let base = h.url("");
    let host = HostPage::serve(
        format!(
            "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Artikel</title></head>\
             <body><h1>Ein Artikel</h1>{frame}</body></html>"
        ),
        format!("default-src 'none'; frame-src {base}; script-src {base}; style-src 'unsafe-inline'"),
    );
    c.goto(&host.url).await.map_err(err(&host.url))?;
    let home = c.window().await.map_err(err("window"))?;
    c.enter_frame(0).await.map_err(err("enter frame"))?;
    let links = image_links(c).await?;
    let kinds: Vec<&str> = links.iter().map(|(k, _, _)| k.as_str()).collect();
    ensure!(kinds == ["png", "svg"], "framed trend widget: {kinds:?}");
    ensure!(
        links.iter().all(|(_, _, download)| download.is_none()),
        "framed trend widget: a link downloads, which a sandbox may refuse"
    );
    answers(h, &links, &release, "framed trend widget")?;
    c.find(Locator::Css("a[data-image=png]"))
        .await
        .map_err(err("png link"))?
        .click()
        .await
        .map_err(err("click the png link"))?;
    let mut opened = None;
    for _ in 0..50 {
        let windows = c.windows().await.map_err(err("windows"))?;
        if let Some(new) = windows.into_iter().find(|w| *w != home) {
            opened = Some(new);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let opened = opened.ok_or("framed trend widget: the png link opened nothing")?;
    c.switch_to_window(opened).await.map_err(err("switch"))?;
    let mut shows = String::new();
    for _ in 0..50 {
        shows = c.current_url().await.map_err(err("url"))?.to_string();
        if shows.ends_with(".png") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    c.close_window().await.map_err(err("close"))?;
    c.switch_to_window(home).await.map_err(err("switch back"))?;
    ensure!(
        shows == links[0].1,
        "framed trend widget: the new tab shows {shows}, not {}",
        links[0].1
    );
    Ok(())
}

/// Catches what the page hands the browser to save, for the next
/// [`saved_file`]: the link's target and name, and how long after the
/// click on a `data-figure-svg` button it came.
async fn catch_saves(c: &Client) -> Outcome {
    c.execute(
        "window.saved = undefined;
         document.addEventListener('click', (e) => {
             if (e.target.closest('[data-figure-svg]')) window.clickedAt = performance.now();
         }, true);
         HTMLAnchorElement.prototype.click = function () {
             window.saved = { href: this.href, name: this.download, ms: performance.now() - window.clickedAt };
         };",
        vec![],
    )
    .await
    .map(|_| ())
    .map_err(err("catch saves"))
}

/// The file saved since [`catch_saves`]: its name, its text (from its
/// `data:` URL) and the milliseconds from the click.
async fn saved_file(c: &Client) -> Result<(String, String, f64), String> {
    wait_until(c, "window.saved !== undefined").await?;
    let saved = c
        .execute(
            "const s = window.saved; window.saved = undefined;
             return [s.name, decodeURIComponent(s.href.slice(s.href.indexOf(',') + 1)), s.ms, s.href.slice(0, s.href.indexOf(','))];",
            vec![],
        )
        .await
        .map_err(err("the saved file"))?;
    let (name, text, ms, kind): (String, String, f64, String) =
        serde_json::from_value(saved).map_err(err("the saved file"))?;
    ensure!(
        kind == "data:image/svg+xml;charset=utf-8",
        "{name} saved as {kind}"
    );
    Ok((name, text, ms))
}

/// The resources the page has fetched whose URL contains `part`.
async fn fetched(c: &Client, part: &str) -> Result<usize, String> {
    let n = c
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).length",
            vec![serde_json::json!(part)],
        )
        .await
        .map_err(err("resources"))?;
    Ok(n.as_u64().unwrap_or(0) as usize)
}

/// After a filter change, each figure's "SVG" button draws that view's
/// image in the browser: the module that draws it is fetched on the first
/// click, not with the page; the file is saved under a name with the view,
/// release and language; it is the SVG the model's code draws natively for
/// that view, naming the view, the address that shows it, the release, its
/// date, the licence and the sample label. On a region's page the same
/// module draws the page's own view as the very file the page links.
pub async fn an_explored_view_saves_its_svg_drawn_in_the_browser(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    use portal::components::explored_figure;
    use portal::model::export::Export;
    use portal::model::route::Widget;
    use portal::model::Lang;
    let c = &b.client;
    b.take_logs().await?;
    let text = std::fs::read_to_string(h.root().join("data/export.json")).map_err(err("export"))?;
    let export = Export::parse(&text).map_err(err("export"))?;
    let release = &export.release.release_id;
    let page = h.url("/en/statistics/");
    c.goto(&page).await.map_err(err(&page))?;
    wait_explorer(c).await?;
    ensure!(
        fetched(c, "figure-svg").await? == 0,
        "the page loaded the SVG module before any click"
    );
    choose_period(c, "last-4").await?;
    wait_until(
        c,
        "document.querySelector('[data-figures]').dataset.view === 'period=last-4'",
    )
    .await?;
    catch_saves(c).await?;
    let canonical = format!("{LOCAL_SITE_URL}/en/statistics/");
    for (i, (widget, words)) in [
        (Widget::Trend, "Last 4 weeks"),
        (Widget::Map, "Last 4 weeks"),
    ]
    .into_iter()
    .enumerate()
    {
        click(c, &format!("[data-figure-svg={}]", widget.slug())).await?;
        let (name, svg, ms) = saved_file(c).await?;
        println!(
            "       {} of the explored view drawn in {ms:.0} ms ({})",
            widget.slug(),
            if i == 0 {
                "the module fetched first"
            } else {
                "the module loaded"
            }
        );
        let (expected_name, expected) = explored_figure(
            &export,
            Lang::En,
            widget,
            (&canonical, "?period=last-4"),
            None,
        );
        ensure!(
            name == expected_name
                && name == format!("{}-period-last-4-{release}-en.svg", widget.slug()),
            "saved as {name}, not {expected_name}"
        );
        ensure!(
            svg == expected,
            "{name}: the browser drew another SVG than the model:\n{svg}"
        );
        for part in [
            words,
            &format!("{canonical}?period=last-4"),
            release,
            "Licence",
            "Sample data",
        ] {
            ensure!(svg.contains(part), "{name} does not name {part:?}");
        }
    }
    ensure!(
        fetched(c, "figure-svg").await? == 2,
        "the SVG module and its wasm were not fetched once each"
    );

    // Without the export, the button says why it drew nothing, in the
    // page's language; with it back, the next click draws.
    let status = "document.querySelector('[data-figure-svg-status]').textContent";
    {
        let _hidden = h.hide("data/export.json");
        click(c, "[data-figure-svg=funnel]").await?;
        wait_until(c, &format!("{status} !== ''")).await?;
        let said = c
            .execute(&format!("return {status}"), vec![])
            .await
            .map_err(err("status"))?;
        let said = said.as_str().unwrap_or_default();
        ensure!(
            said.starts_with("The image could not be drawn:") && said.contains("404"),
            "without the export the status says {said:?}"
        );
    }
    let logs = b.take_logs().await?;
    ensure!(
        logs.iter()
            .all(|l| l.contains("export.json") || l.contains("could not")),
        "console, the export missing: {logs:#?}"
    );
    click(c, "[data-figure-svg=funnel]").await?;
    let (name, _, _) = saved_file(c).await?;
    ensure!(
        name.starts_with("funnel-period-last-4-"),
        "saved {name} after the export came back"
    );
    wait_until(c, &format!("{status} === ''")).await?;

    // A region's page: the module draws its own view as the file it links.
    let page = h.url("/uk/statistics/UA-63/");
    c.goto(&page).await.map_err(err(&page))?;
    wait_explorer(c).await?;
    catch_saves(c).await?;
    let linked = c
        .execute(
            "return [...document.querySelectorAll('a[data-image=svg]')].map(a => a.href)[2]",
            vec![],
        )
        .await
        .map_err(err("the map's link"))?;
    let linked = linked.as_str().ok_or("no SVG link of the map")?.to_owned();
    c.execute(
        "const [root] = arguments;
         window.clickedAt = performance.now();
         import(root + 'figure-svg.js').then(async (m) => { await m.default(); await m.download(document.querySelector('[data-figure-svg=map]')); });",
        vec![serde_json::json!(h.url("/"))],
    )
    .await
    .map_err(err("draw the page's own view"))?;
    let (name, svg, _) = saved_file(c).await?;
    ensure!(
        name == format!("map-UA-63-{release}-uk.svg") && svg == h.get(&linked, &[]).body,
        "{page}: the module drew {name}, not the file the page links ({linked})"
    );
    let problems = b.take_logs().await?;
    ensure!(problems.is_empty(), "console: {problems:#?}");
    Ok(())
}
