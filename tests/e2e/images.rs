//! The figures' images: the links of a statistics page and of a widget
//! framed on another site answer with the image of their type, and the
//! explorer's own views say where their figures are instead.

use crate::support::explorer::{choose_period, wait_explorer};
use crate::support::page::{ensure, err, wait_until, Outcome};
use crate::support::site::{built_release, oembed_here};
use crate::support::{Browser, Harness, HostPage};
use fantoccini::{Client, Locator};

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
/// the page's images give way to a note saying where that view's figures
/// are, and come back with the page's own view.
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
