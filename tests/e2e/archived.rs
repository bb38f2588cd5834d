//! Any archived release in the explorer (`/{lang}/statistics/?release=…`):
//! its figures from its own export, with a banner that names it; the
//! release kept in the URL through every change; and a release that cannot
//! be shown said in the page's language, with the latest offered.

use crate::support::explorer::{
    choose_period, data_fetched, model_view, search_of, shown, tick, wait_for_view,
};
use crate::support::page::{click, ensure, err, text_of, wait_for, wait_until, Outcome};
use crate::support::site::{older_release, served_archive, served_export};
use crate::support::{Browser, Harness};
use fantoccini::{Client, Locator};
use portal::locale::{Texts, T};
use portal::model::digest::sha256_hex;
use portal::model::format::long_date;
use portal::model::query::{Period, Query};
use portal::model::{Lang, Page, Route};

/// The view's download of `kind` (`csv`, `json`): its file name and
/// content, read from the link (the file is not saved).
async fn download(c: &Client, kind: &str) -> Result<(String, String), String> {
    c.execute(
        "document.addEventListener('click', e => { if (e.target.closest('a[data-download]')) e.preventDefault(); })",
        vec![],
    )
    .await
    .map_err(err("no save"))?;
    let css = format!("[data-testid=download-{kind}]");
    click(c, &css).await?;
    let found = c
        .execute(
            "const a = document.querySelector(arguments[0]);
             const href = a.getAttribute('href');
             return [a.getAttribute('download'), decodeURIComponent(href.slice(href.indexOf(',') + 1))];",
            vec![serde_json::json!(css)],
        )
        .await
        .map_err(err(&css))?;
    serde_json::from_value(found).map_err(err(&css))
}

/// An older release, opened from its link on the releases page: the
/// explorer fetches that release's export from the archive (and neither the
/// latest's manifest nor its export), shows its figures as the model
/// computes them from that export, and says so in a banner with its id,
/// its data-as-of date, its files and a link to the latest. A period, a
/// type, the reset and back keep `release` in the URL, and the view's
/// downloads carry the release. The link to the latest shows the latest
/// release; back from there brings the older release again.
pub async fn explorer_shows_an_archived_release_and_keeps_it_through_changes(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    let c = &b.client;
    let latest = served_export(h)?;
    let archive = served_archive(h)?;
    let latest_view = model_view(&latest, "", None);
    let (release, older) = older_release(&archive, &latest, |e| model_view(e, "", None).funnel)?;
    let id = &release.release_id;

    let url = h.url(&Route::Page(Lang::En, Page::Releases).path());
    c.goto(&url).await.map_err(err(&url))?;
    click(
        c,
        &format!("section[id='{id}'] [data-testid=release-explore]"),
    )
    .await?;
    wait_for(c, "[data-testid=release-archived]").await?;
    let mut query = Query {
        release: Some(id.clone()),
        ..Query::default()
    };
    wait_for_view(c, older, &search_of(&query), None).await?;
    let fetched = data_fetched(c).await?;
    ensure!(
        fetched == [format!("/data/releases/{id}/export.json")],
        "the data fetched for {id}: {fetched:?}"
    );
    let banner = text_of(c, "[data-testid=release-archived]").await?;
    let date = long_date(older.release.data_as_of, Lang::En);
    ensure!(
        banner.contains(id.as_str()) && banner.contains(&date),
        "the banner does not name {id} and {date}: {banner:?}"
    );
    let files = c
        .execute(
            "return [...document.querySelectorAll('[data-testid=release-files] a')].map(a => a.getAttribute('href'))",
            vec![],
        )
        .await
        .map_err(err("release files"))?;
    let files: Vec<String> = serde_json::from_value(files).map_err(err("release files"))?;
    ensure!(
        files == ["export.csv", "export.json"].map(|f| format!("/data/releases/{id}/{f}")),
        "the banner's files: {files:?}"
    );
    for (href, file) in files.iter().zip(["export.csv", "export.json"]) {
        let body = h.get(&h.url(href), &[]).body;
        ensure!(
            release.files.get(file) == Some(&sha256_hex(body.as_bytes())),
            "{href} is not the archived {file} of {id}"
        );
    }

    choose_period(c, "last-4").await?;
    query.period = Period::Last(4);
    wait_for_view(c, older, &search_of(&query), None).await?;
    let report = older.report(&query.resolve(older));
    let category = older.categories[report.by_category[0].0].code.clone();
    tick(c, "category", &category).await?;
    query.categories.insert(category);
    let narrowed = wait_for_view(c, older, &search_of(&query), None).await?;
    let (name, csv) = download(c, "csv").await?;
    let filter = query.to_query_string();
    ensure!(
        name == format!("statistics-{id}.csv")
            && csv.lines().any(|l| l == format!("# release: {id}"))
            && csv.lines().any(|l| l == format!("# filter: {filter}")),
        "the CSV of {filter} is {name}, with the header {:?}",
        csv.lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
    );
    let (name, json) = download(c, "json").await?;
    let json: serde_json::Value = serde_json::from_str(&json).map_err(err("JSON download"))?;
    ensure!(
        name == format!("statistics-{id}.json") && json["release"] == id.as_str(),
        "the JSON of {filter} is {name}, of release {}",
        json["release"]
    );
    click(c, "[data-testid=filters] [data-reset]").await?;
    wait_for_view(c, older, &format!("?release={id}"), None).await?;
    c.execute("history.back()", vec![])
        .await
        .map_err(err("back"))?;
    wait_for_view(c, older, &narrowed.search, None).await?;

    click(c, "[data-testid=release-latest]").await?;
    wait_for(c, "[data-testid=release-current]").await?;
    let view = shown(c).await?;
    ensure!(
        view.search.is_empty() && !view.redrawn && view.funnel == latest_view.funnel,
        "the link to the latest shows {view:?}"
    );
    c.execute("history.back()", vec![])
        .await
        .map_err(err("back"))?;
    wait_for(c, "[data-testid=release-archived]").await?;
    wait_for_view(c, older, &narrowed.search, None).await?;
    Ok(())
}

/// A release id the archive does not have, and one that no release can
/// have (markup, shown as text), in every language: the statistics area
/// says which, in the page's language, with the id and a link to the latest
/// release; the page's own figures stand, the filters stay off, and a
/// malformed id is not even looked for. The link shows the latest release.
pub async fn explorer_says_a_release_it_cannot_show_and_offers_the_latest(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    let c = &b.client;
    let latest = model_view(&served_export(h)?, "", None);
    let cases = [
        ("sample-1999-W01", "sample-1999-W01", T::release_unknown),
        ("%3Cb%3Ex%3C%2Fb%3E", "<b>x</b>", T::release_malformed),
    ];
    for lang in Lang::ALL {
        let page = Route::Page(lang, Page::Statistics).path();
        for (value, id, reason) in cases {
            let url = h.url(&format!("{page}?release={value}&period=last-4"));
            c.goto(&url).await.map_err(err(&url))?;
            wait_for(c, "[data-testid=release-unavailable]").await?;
            let notice = text_of(c, "[data-testid=release-unavailable]").await?;
            let said = &Texts::new(lang)[reason];
            ensure!(
                notice.starts_with(said) && notice.contains(id),
                "{url}: the notice {notice:?} does not say {said:?} and {id:?}"
            );
            let link = c
                .find(Locator::Css(
                    "[data-testid=release-unavailable] a[data-testid=release-latest]",
                ))
                .await
                .map_err(err("the link to the latest"))?
                .attr("href")
                .await
                .map_err(err("href"))?;
            ensure!(
                link.as_deref() == Some(page.as_str()),
                "{url}: the link to the latest is {link:?}"
            );
            let state = c
                .execute(
                    "return [document.querySelector('[data-testid=filters] fieldset').disabled,
                             document.querySelector('[data-testid=release-unavailable] b') === null]",
                    vec![],
                )
                .await
                .map_err(err("filters"))?;
            ensure!(
                state == serde_json::json!([true, true]),
                "{url}: [filters off, no markup from the address] = {state}"
            );
            let fetched = data_fetched(c).await?;
            let looked_for: &[String] = match reason {
                T::release_unknown => &[format!("/data/releases/{id}/export.json")],
                _ => &[],
            };
            ensure!(fetched == looked_for, "{url}: fetched {fetched:?}");
            if lang == Lang::En {
                let view = shown(c).await?;
                ensure!(
                    !view.redrawn && view.funnel == latest.funnel,
                    "{url}: the page's own figures should stand: {view:?}"
                );
            }
        }
    }
    click(c, "[data-testid=release-latest]").await?;
    wait_for(c, "[data-testid=release-current]").await?;
    wait_until(c, "location.search === ''").await
}
