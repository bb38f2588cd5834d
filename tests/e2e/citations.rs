//! "Cite this figure" on the statistics pages: each citation as the model
//! writes it, its fingerprint the one computed natively from the served
//! export (prerendered without JavaScript, computed by the browser in the
//! explorer's views), and its permalink showing the same figure of the
//! same release.

use crate::support::explorer::{choose_period, search_of, tick, wait_explorer, wait_for_view};
use crate::support::page::{ensure, err, wait_for, wait_until, Outcome};
use crate::support::site::{figure_text, served_archive, served_export};
use crate::support::{Browser, Harness};
use fantoccini::Client;
use portal::components::{written, Cite, Cited, Labels};
use portal::locale::Texts;
use portal::model::citation::Figure;
use portal::model::count::Total;
use portal::model::digest::sha256_hex;
use portal::model::export::{Export, Measure};
use portal::model::query::{Period, Query};
use portal::model::{Lang, Page, Route};

/// A citation as the page shows it.
#[derive(Debug, Clone, serde::Deserialize)]
struct Shown {
    /// The id of the funnel stage or the region's row that holds it.
    anchor: String,
    /// The figure beside it.
    value: String,
    text: String,
    fingerprint: String,
    href: String,
}

/// The citations in the figures' box, in the order of the page.
async fn citations(c: &Client) -> Result<Vec<Shown>, String> {
    let found = c
        .execute(
            r#"return [...document.querySelectorAll("[data-figures] [data-testid=cite]")].map(d => {
                   const owner = d.closest("li[id], tr[id]");
                   return {
                       anchor: owner.id,
                       value: owner.querySelector(".funnel__value, td").textContent,
                       text: d.querySelector("[data-testid=citation]").textContent,
                       fingerprint: d.querySelector("code[data-fingerprint]").textContent,
                       href: d.querySelector("[data-testid=permalink]").getAttribute("href"),
                   };
               });"#,
            vec![],
        )
        .await
        .map_err(err("citations"))?;
    serde_json::from_value(found).map_err(err("citations"))
}

/// The headline figures' citations on the page (the overview's, the pillar
/// map's), in the order of the page; the anchor is the one the permalink
/// names, the value the figure's.
async fn headline_citations(c: &Client) -> Result<Vec<Shown>, String> {
    let found = c
        .execute(
            r##"return [...document.querySelectorAll("[data-testid=headline] .figure")].map(f => {
                   const value = f.querySelector("dd:not(.figure__cite)").textContent;
                   const d = f.querySelector("[data-testid=cite]");
                   if (!d) return { anchor: "", value, text: "", fingerprint: "", href: "" };
                   const href = d.querySelector("[data-testid=permalink]").getAttribute("href");
                   return {
                       anchor: href.slice(href.indexOf("#") + 1),
                       value,
                       text: d.querySelector("[data-testid=citation]").textContent,
                       fingerprint: d.querySelector("code[data-fingerprint]").textContent,
                       href,
                   };
               });"##,
            vec![],
        )
        .await
        .map_err(err("headline citations"))?;
    serde_json::from_value(found).map_err(err("headline citations"))
}

/// What the model says the citations of `query`'s view of `export` are in
/// `lang`, in the page's order (funnel, then the region table as sorted),
/// for a site at `origin`: (anchor, value, text, canonical form).
fn model_citations(
    export: &Export,
    query: &Query,
    lang: Lang,
    origin: &str,
) -> Vec<(String, String, String, String)> {
    let selection = query.resolve(export);
    let report = export.report(&selection);
    let labels = Labels::new(export, lang);
    let texts = Texts::new(lang);
    let cite = Cite::new(export, query, origin.to_owned(), None);
    let first = export.release.first_week;
    let weeks = (
        first.plus(selection.weeks.start as u32),
        first.plus(selection.weeks.end as u32 - 1),
    );
    let mut cited = Vec::new();
    for (i, measure) in Measure::ALL.into_iter().enumerate() {
        let anchor = format!(
            "figure-{}",
            ["reported", "verified", "referred", "concluded"][i]
        );
        let figure = Figure {
            measure,
            regions: query.regions.clone(),
            categories: query.categories.clone(),
            weeks,
        };
        cited.push((anchor, figure, report.funnel[i]));
    }
    let mut rows = report.by_region.clone();
    query.sort.apply(&mut rows, &labels.regions);
    for (r, total) in rows {
        let figure = Figure {
            measure: Measure::Reported,
            regions: [export.regions[r].code.clone()].into(),
            categories: query.categories.clone(),
            weeks,
        };
        cited.push((format!("region-{}", export.regions[r].code), figure, total));
    }
    cited
        .into_iter()
        .map(|(anchor, figure, value)| {
            let w = written(
                &texts,
                &cite,
                labels.named(),
                &Cited {
                    figure,
                    value,
                    anchor: &anchor,
                    name: "",
                },
            );
            (anchor, figure_text(value, lang), w.text, w.canonical)
        })
        .collect()
}

/// Compares the citations shown with the model's: each text, value,
/// permalink and fingerprint (the SHA-256 of the canonical form, computed
/// here). Gives the fingerprints, by anchor.
fn compare(
    shown: &[Shown],
    model: &[(String, String, String, String)],
    origin: &str,
    context: &str,
) -> Result<Vec<(String, String)>, String> {
    ensure!(
        shown.len() == model.len(),
        "{context}: {} citations shown, the model has {}",
        shown.len(),
        model.len()
    );
    let mut prints = Vec::new();
    for (s, (anchor, value, text, canonical)) in shown.iter().zip(model) {
        let fingerprint = sha256_hex(canonical.as_bytes());
        ensure!(
            &s.anchor == anchor && &s.value == value,
            "{context}: {} {:?} is shown where the model has {anchor} {value:?}",
            s.anchor,
            s.value
        );
        ensure!(
            s.text == format!("{text} SHA-256 {fingerprint}"),
            "{context}, {anchor}: the citation is\n  {:?}\nthe model's\n  {:?}\nover the canonical form {canonical:?}",
            s.text,
            format!("{text} SHA-256 {fingerprint}")
        );
        ensure!(
            s.fingerprint == fingerprint,
            "{context}, {anchor}: fingerprint {:?}, natively {fingerprint}",
            s.fingerprint
        );
        ensure!(
            text.contains(&s.href)
                && s.href.starts_with(origin)
                && s.href.ends_with(&format!("#{anchor}")),
            "{context}, {anchor}: the permalink {} is not the one the citation names",
            s.href
        );
        prints.push((anchor.clone(), fingerprint));
    }
    Ok(prints)
}

/// The site's origin as the prerendered pages name it (the build's
/// `SITE_URL`, which need not be the test server's).
fn built_origin(shown: &[Shown], path: &str) -> Result<String, String> {
    let href = &shown.first().ok_or("no citation on the page")?.href;
    href.split_once(path)
        .map(|(origin, _)| origin.to_owned())
        .ok_or(format!("the permalink {href} is not on {path}"))
}

/// Without JavaScript, the statistics page in every language and a
/// region's page in English carry the citation of each funnel stage and
/// each region's row, prerendered: text, value, permalink and fingerprint
/// as the model computes them from the served export. The same figure has
/// the same fingerprint in every language; a region's page cites a bound
/// or a withheld figure as such.
pub async fn figure_citations_are_prerendered(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let mut by_lang: Vec<Vec<(String, String)>> = Vec::new();
    for lang in Lang::ALL {
        let path = Route::Page(lang, Page::Statistics).path();
        let url = h.url(&path);
        c.goto(&url).await.map_err(err(&url))?;
        let shown = citations(c).await?;
        let origin = built_origin(&shown, &path)?;
        let model = model_citations(&export, &Query::default(), lang, &origin);
        by_lang.push(compare(&shown, &model, &origin, &url)?);
    }
    ensure!(
        by_lang.windows(2).all(|w| w[0] == w[1]),
        "the same figures have other fingerprints in other languages"
    );
    // A region whose funnel has a bound or a withheld figure.
    let region = export
        .regions
        .iter()
        .find(|r| {
            let query = Query {
                regions: [r.code.clone()].into(),
                ..Query::default()
            };
            let funnel = export.report(&query.resolve(&export)).funnel;
            funnel.iter().any(|t| matches!(t, Total::AtLeast(_)))
        })
        .ok_or("no region with a bound or a withheld figure")?;
    let code = portal::model::region::REGION_CODES
        .into_iter()
        .find(|c| *c == region.code)
        .ok_or("not an ISO 3166-2:UA code")?;
    let url = h.url(&Route::Region(Lang::En, code).path());
    c.goto(&url).await.map_err(err(&url))?;
    let shown = citations(c).await?;
    let origin = built_origin(&shown, "/en/statistics/")?;
    let query = Query {
        regions: [region.code.clone()].into(),
        ..Query::default()
    };
    let model = model_citations(&export, &query, Lang::En, &origin);
    compare(&shown, &model, &origin, &url)?;
    ensure!(
        shown
            .iter()
            .any(|s| s.text.contains(": at least ")
                || s.text.contains(": withheld to protect people.")),
        "{url}: no citation of a bound or a withheld figure"
    );
    Ok(())
}

/// Opens every citation in the explorer's figures, as a reader would, and
/// waits until the explorer has written them and the browser has computed
/// their fingerprints.
async fn wait_fingerprinted(c: &Client) -> Outcome {
    // The explorer writes a citation's text when it is opened.
    c.execute(
        "for (const d of document.querySelectorAll('[data-figures] [data-testid=cite]')) d.open = true",
        vec![],
    )
    .await
    .map_err(err("opening the citations"))?;
    wait_until(
        c,
        "document.querySelector('[data-figures] [data-testid=cite]') !== null
         && document.querySelector('[data-figures] [data-testid=cite] [data-later]') === null
         && document.querySelector('[data-figures] code[data-canonical]') === null",
    )
    .await
}

/// In the explorer, after a change of the filter, each citation (the
/// funnel's, every region row's, with a withheld figure and a bound among
/// them) is the model's, its fingerprint computed by the browser equal to
/// the native one. An older release's figure, cited from its view, keeps
/// its value and fingerprint when its permalink is opened while the latest
/// release is another, and the permalink's anchor is the figure.
pub async fn figure_citations_in_the_explorer_match_the_model(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let latest = served_export(h)?;
    let origin = h.url("");
    let origin = origin.trim_end_matches('/');

    let url = h.url(&Route::Page(Lang::En, Page::Statistics).path());
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    let mut query = Query {
        period: Period::Last(12),
        ..Query::default()
    };
    choose_period(c, "last-12").await?;
    wait_for_view(c, &latest, &search_of(&query), None).await?;
    let report = latest.report(&query.resolve(&latest));
    let category = latest.categories[report.by_category[0].0].code.clone();
    tick(c, "category", &category).await?;
    query.categories.insert(category);
    wait_for_view(c, &latest, &search_of(&query), None).await?;
    wait_fingerprinted(c).await?;
    let model = model_citations(&latest, &query, Lang::En, origin);
    compare(&citations(c).await?, &model, origin, &url)?;

    // An older release, its view narrowed, then a row's permalink opened.
    let archive = served_archive(h)?;
    let (release, older) = archive
        .iter()
        .find(|(r, _)| r.release_id != latest.release.release_id)
        .ok_or("no archived release but the latest")?;
    let id = &release.release_id;
    let mut query = Query {
        release: Some(id.clone()),
        ..Query::default()
    };
    let url = h.url(&format!("/en/statistics/?release={id}"));
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=release-archived]").await?;
    wait_for_view(c, older, &search_of(&query), None).await?;
    choose_period(c, "last-4").await?;
    query.period = Period::Last(4);
    wait_for_view(c, older, &search_of(&query), None).await?;
    wait_fingerprinted(c).await?;
    let shown = citations(c).await?;
    let model = model_citations(older, &query, Lang::En, origin);
    compare(&shown, &model, origin, &url)?;
    // The last row: far down the page, where the anchor has to lead.
    let cited = shown.last().ok_or("no citation")?.clone();
    c.goto(&cited.href).await.map_err(err(&cited.href))?;
    wait_for(c, "[data-testid=release-archived]").await?;
    wait_for_view(c, older, &search_of(&query), None).await?;
    wait_fingerprinted(c).await?;
    let again = citations(c).await?;
    let found = again
        .iter()
        .find(|s| s.anchor == cited.anchor)
        .ok_or(format!("{}: no figure {}", cited.href, cited.anchor))?;
    ensure!(
        found.value == cited.value && found.fingerprint == cited.fingerprint,
        "{}: shows {:?} with {}, the citation said {:?} with {}",
        cited.href,
        found.value,
        found.fingerprint,
        cited.value,
        cited.fingerprint
    );
    let in_view = c
        .execute(
            "const r = document.getElementById(arguments[0]).getBoundingClientRect();
             return location.hash === '#' + arguments[0] && r.bottom > 0 && r.top < innerHeight;",
            vec![serde_json::json!(cited.anchor)],
        )
        .await
        .map_err(err("the anchor"))?;
    ensure!(
        in_view == true,
        "{}: the figure {} is not in view",
        cited.href,
        cited.anchor
    );
    Ok(())
}

/// Without JavaScript, the overview and the pillar map in every language
/// cite each headline figure as the statistics page cites its stage of the
/// funnel: text, value, permalink and fingerprint as the model computes
/// them, the same fingerprints in every language. Each permalink, opened
/// on this server, lands on a figure with the same value and fingerprint.
pub async fn headline_citations_are_prerendered(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let mut prints: Option<Vec<(String, String)>> = None;
    for lang in Lang::ALL {
        let statistics = Route::Page(lang, Page::Statistics).path();
        for page in [Page::Home, Page::Pillars] {
            let url = h.url(&Route::Page(lang, page).path());
            c.goto(&url).await.map_err(err(&url))?;
            let shown = headline_citations(c).await?;
            let origin = built_origin(&shown, &statistics)?;
            let mut model = model_citations(&export, &Query::default(), lang, &origin);
            model.truncate(4);
            let these = compare(&shown, &model, &origin, &url)?;
            ensure!(
                prints.get_or_insert_with(|| these.clone()) == &these,
                "{url}: other fingerprints than the overview's in English"
            );
            for cited in &shown {
                let here = cited.href.replace(&origin, &h.base);
                c.goto(&here).await.map_err(err(&here))?;
                let found = citations(c)
                    .await?
                    .into_iter()
                    .find(|s| s.anchor == cited.anchor)
                    .ok_or(format!("{here}: no figure {}", cited.anchor))?;
                ensure!(
                    found.value == cited.value && found.fingerprint == cited.fingerprint,
                    "{url}: {here} shows {:?} with {}, the citation says {:?} with {}",
                    found.value,
                    found.fingerprint,
                    cited.value,
                    cited.fingerprint
                );
            }
        }
    }
    Ok(())
}

/// A journalist's citation, read again two releases later: the headline
/// figures as the overview of the release two before the latest cited them
/// (the model's citations of that release, which the overview writes, see
/// above), and the latest's own. Each permalink opens that release in the
/// explorer with the figure in view, its value and fingerprint (computed by
/// the browser) as cited: the older one said to be archived, although the
/// latest release's figures are others, and the latest said to be the
/// latest, not archived.
pub async fn a_citation_shows_its_figure_two_releases_later(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let latest = served_export(h)?;
    let archive = served_archive(h)?;
    let origin = h.url("");
    let origin = origin.trim_end_matches('/');
    let n = archive.len();
    ensure!(
        n >= 3 && archive[n - 1].0.release_id == latest.release.release_id,
        "the archive does not end with the latest release and two before it"
    );
    let (_, older) = &archive[n - 3];
    let whole = Query::default();
    let figures = |e: &Export| e.report(&whole.resolve(e)).funnel;
    ensure!(
        figures(older) != figures(&latest),
        "{}: the same headline figures as the latest",
        older.release.release_id
    );
    for export in [older, &latest] {
        let id = &export.release.release_id;
        let mut model = model_citations(export, &whole, Lang::En, origin);
        model.truncate(4);
        for (anchor, value, text, canonical) in model {
            let href = text
                .split_whitespace()
                .last()
                .ok_or("a citation without its link")?
                .to_owned();
            c.goto(&href).await.map_err(err(&href))?;
            let status = match export.release.release_id == latest.release.release_id {
                true => "release-current",
                false => "release-archived",
            };
            wait_for(c, &format!("[data-testid={status}]")).await?;
            let query = Query {
                release: Some(id.clone()),
                ..Query::default()
            };
            wait_for_view(c, export, &search_of(&query), None).await?;
            wait_fingerprinted(c).await?;
            let found = citations(c)
                .await?
                .into_iter()
                .find(|s| s.anchor == anchor)
                .ok_or(format!("{href}: no figure {anchor}"))?;
            let fingerprint = sha256_hex(canonical.as_bytes());
            ensure!(
                found.value == value
                    && found.fingerprint == fingerprint
                    && found.text == format!("{text} SHA-256 {fingerprint}"),
                "{href}: shows {:?} cited as {:?}, the citation of {id} says {value:?} as {text:?} SHA-256 {fingerprint}",
                found.value,
                found.text
            );
            let in_view = c
                .execute(
                    "const r = document.getElementById(arguments[0]).getBoundingClientRect();
                     return r.bottom > 0 && r.top < innerHeight;",
                    vec![serde_json::json!(anchor)],
                )
                .await
                .map_err(err("the anchor"))?;
            ensure!(in_view == true, "{href}: the figure is not in view");
        }
    }
    Ok(())
}
