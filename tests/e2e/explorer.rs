//! The statistics explorer with JavaScript: the data check (a failed fetch
//! and its retry, an invalid export, a newer release) and the filter, its
//! URL, history, downloads and figures.

use crate::support::explorer::{
    choose_period, data_fetched, model_view, search_of, shown, start_exploring, tick,
    wait_explorer, wait_for_view,
};
use crate::support::page::{click, ensure, err, press, text_of, wait_for, wait_until, Outcome};
use crate::support::site::{built_release, figure_text, served_export};
use crate::support::{Browser, Harness, JsMode};
use fantoccini::{Client, Locator};
use portal::components::{announcement, Labels};
use portal::locale::Texts;
use portal::model::count::{Count, Total, SUPPRESSED_SYMBOL};
use portal::model::export::{Export, Measure};
use portal::model::format::{number, sort_key};
use portal::model::query::{Period, Query, Report, Sort};
use portal::model::{Lang, Page};

/// The data check in the statistics area: a missing export shows the error
/// view with "Try again" once the reader starts exploring, and the retry
/// succeeds once the file is back; an invalid export is explained with its
/// JSON path and no retry, while the page and its navigation keep working;
/// a newer release is announced, its export fetched with the page.
pub async fn failed_fetch_shows_error_and_retry_recovers(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let url = h.url("/en/statistics/");
    let hidden = h.hide("data/export.json");
    c.goto(&url).await.map_err(err(&url))?;
    // The manifest says the page's figures are the latest: the export is
    // asked for only when the reader starts exploring.
    wait_for(c, "[data-testid=release-current]").await?;
    start_exploring(c).await?;
    wait_for(c, "[data-testid=load-error]").await?;
    let message = text_of(c, "[data-testid=load-error]").await?;
    ensure!(message.contains("not found"), "error view says {message:?}");
    drop(hidden);
    click(c, "[data-testid=retry]").await?;
    wait_for(c, "[data-figures][data-view]").await?;
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
    let broken = h.replace("data/export.json", export.to_string());
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=release-current]").await?;
    start_exploring(c).await?;
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
    // The data team publishes both files together, the manifest first to
    // say that the page is behind.
    let manifest = serde_json::json!({
        "schema_version": 1,
        "release_id": "sample-next",
        "generated_at": release["generated_at"],
        "data_as_of": release["data_as_of"],
        "sample": release["sample"],
    });
    let replaced = (
        h.replace("data/export.json", export.to_string()),
        h.replace("data/release.json", manifest.to_string()),
    );
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=release-newer]").await?;
    let notice = text_of(c, "[data-testid=release-newer]").await?;
    ensure!(
        notice.contains("sample-next"),
        "newer release notice: {notice:?}"
    );
    wait_for(c, "[data-figures][data-view]").await?;
    drop(replaced);
    Ok(())
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
pub async fn explorer_view_survives_a_url_round_trip(h: &Harness, b: &Browser) -> Outcome {
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
    press(c, fantoccini::key::Key::Enter).await?;
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
pub async fn explorer_back_and_forward_step_through_the_filter(
    h: &Harness,
    b: &Browser,
) -> Outcome {
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
pub async fn explorer_names_and_ignores_invalid_query_values(h: &Harness, b: &Browser) -> Outcome {
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
pub async fn explorer_downloads_carry_metadata_and_withheld_cells(
    h: &Harness,
    b: &Browser,
) -> Outcome {
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
pub async fn explorer_figures_match_the_model(h: &Harness, b: &Browser) -> Outcome {
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
    week_table_matches(c, &report, &url).await?;
    // Another view: the table of weeks, drawn anew and closed, shows the
    // new view's weeks once opened.
    let last_4 = Query {
        period: Period::Last(4),
        ..query
    };
    choose_period(c, "last-4").await?;
    wait_for_view(c, &export, &search_of(&last_4), None).await?;
    week_table_matches(c, &export.report(&last_4.resolve(&export)), &url).await
}

/// Opens the table of the trend's weeks in the figures shown, as a reader
/// would, and checks its rows against `report`'s weeks and figures: the
/// explorer draws the table empty and writes its rows when it is opened.
async fn week_table_matches(c: &Client, report: &Report, url: &str) -> Outcome {
    let closed = "[data-figures] .as-table:not([open])";
    wait_for(c, closed).await?;
    click(c, &format!("{closed} > summary")).await?;
    wait_for(c, "[data-figures] .as-table[open] tbody tr").await?;
    let rows = c
        .execute(
            r#"return [...document.querySelectorAll("[data-figures] .as-table tbody tr")]
                   .map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]);"#,
            vec![],
        )
        .await
        .map_err(err("the table of weeks"))?;
    let model: Vec<serde_json::Value> = report
        .weekly
        .iter()
        .map(|(week, total)| serde_json::json!([week.to_string(), figure_text(*total, Lang::En)]))
        .collect();
    ensure!(
        rows == serde_json::Value::from(model.clone()),
        "{url}: the table of weeks, opened, shows {rows}; the model has {model:?}"
    );
    Ok(())
}

/// A region's page keeps its region whatever the URL says, while the
/// category and period filters narrow its figures; reset returns to the
/// page's own figures.
pub async fn explorer_region_page_keeps_its_region(h: &Harness, b: &Browser) -> Outcome {
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

/// Broken, forbidden and hostile exports, each read and validated as
/// `exporter validate` does and served to the browser in place of the real
/// one: both sides give the same verdict, and for a refused file the same
/// message, JSON path and reason (the browser's technical detail). Only a
/// lone surrogate is refused on both sides with different words: serde_json
/// stops at the escape, the browser decodes it as U+FFFD.
pub async fn hostile_exports_get_the_same_verdict_natively_and_in_the_browser(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    let c = &b.client;
    let shipped = std::fs::read_to_string(h.root().join("data/export.json"))
        .map_err(err("dist/data/export.json"))?;
    let export = Export::parse(&shipped).map_err(err("the shipped export"))?;
    let k = export.release.k;
    let sealed = |change: &dyn Fn(&mut Export)| {
        let mut e = export.clone();
        change(&mut e);
        e.release.sha256 = e.fingerprint();
        serde_json::to_vec(&e).expect("an export serialises")
    };
    let value = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&shipped).expect("the shipped export");
        change(&mut v);
        v.to_string().into_bytes()
    };
    // A week's cells all published but one, under a published total: the
    // total would reveal the one.
    let revealing = |e: &mut Export| {
        let (regions, categories) = (e.regions.len(), e.categories.len());
        for i in 0..regions * categories {
            e.cells.reported[i] = Count::Value(k);
        }
        e.cells.reported[0] = Count::Suppressed;
        e.margins.by_week.measures.reported[0] = Count::Value(k * (regions * categories) as u32);
    };
    let non_ascii = shipped.find('ö').ok_or("the sample has an ö")?;
    let mut latin1 = shipped.clone().into_bytes();
    latin1.splice(non_ascii..non_ascii + 2, [0xF6]);
    let lone = shipped.replacen("ö", "\\ud800", 1).into_bytes();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "a count below k",
            sealed(&|e| e.cells.reported[3] = Count::Value(k - 1)),
        ),
        (
            "a cell above the limit",
            sealed(&|e| e.cells.reported[0] = Count::Value(5_008_097)),
        ),
        ("a total that reveals a withheld cell", sealed(&revealing)),
        (
            "a margin that contradicts its cells",
            sealed(&|e| {
                e.margins.total.measures.reported[0] = match e.margins.total.measures.reported[0] {
                    Count::Value(n) => Count::Value(n + 1),
                    Count::Suppressed => Count::Value(k),
                }
            }),
        ),
        (
            "a zero-width space in a label",
            sealed(&|e| {
                e.categories[0]
                    .label
                    .insert(Lang::En, "Shel\u{200B}ling".into());
            }),
        ),
        (
            "a count of 1e308",
            value(&|v| v["cells"]["reported"][0] = serde_json::json!(1e308)),
        ),
        (
            "k = 2^32",
            value(&|v| v["release"]["k"] = serde_json::json!(4_294_967_296_u64)),
        ),
        (
            "101 categories",
            value(&|v| {
                let first = v["categories"][0].clone();
                v["categories"] = (0..101)
                    .map(|i| {
                        let mut c = first.clone();
                        c["code"] = serde_json::json!(format!("c{i}"));
                        c
                    })
                    .collect();
            }),
        ),
        (
            "a byte order mark",
            [b"\xEF\xBB\xBF".as_slice(), shipped.as_bytes()].concat(),
        ),
        (
            "a duplicate key (the last counts)",
            shipped
                .replacen("\"k\":", "\"k\":99,\"k\":", 1)
                .into_bytes(),
        ),
        (
            "a label changed after the release was fingerprinted",
            value(&|v| v["regions"][0]["name"]["en"] = serde_json::json!("Vinnytsia")),
        ),
        (
            "another release's fingerprint",
            value(&|v| {
                v["release"]["sha256"] =
                    serde_json::json!(portal::model::digest::sha256_hex(b"another release"))
            }),
        ),
        ("bytes that are not UTF-8", latin1),
        ("a lone surrogate", lone),
    ];
    let url = h.url("/en/statistics/");
    let file = h.root().join("hostile-export.json");
    for (case, bytes) in cases {
        std::fs::write(&file, &bytes).map_err(err(case))?;
        let native = Export::read_file(&file)
            .map_err(err(case))
            .map(|text| Export::parse(&text).map(|_| ()).map_err(|e| e.to_string()))?;
        let served = h.replace("data/export.json", &bytes);
        c.goto(&url).await.map_err(err(&url))?;
        wait_for(c, "[data-testid=release-current]").await?;
        start_exploring(c).await?;
        wait_for(c, "[data-testid=load-error], [data-figures][data-view]").await?;
        let browser = match c.find(Locator::Css(".notice__detail [lang=en]")).await {
            Ok(detail) => Err(detail.text().await.map_err(err(case))?),
            Err(_) => Ok(()),
        };
        drop(served);
        match (&native, &browser) {
            (Ok(()), Ok(())) => {}
            (Err(_), Err(_)) if case == "a lone surrogate" => {}
            (Err(native), Err(browser))
                if *browser == format!("/data/export.json is not valid: {native}") => {}
            _ => {
                return Err(format!(
                    "{case}: exporter validate says {native:?}, the browser {browser:?}"
                ))
            }
        }
        println!(
            "       {case}: {}",
            native.err().unwrap_or_else(|| "valid".into())
        );
    }
    std::fs::remove_file(&file).map_err(err("hostile-export.json"))?;
    Ok(())
}

/// Each new view is said once, in words, by the page's live region, which
/// is there (empty) before any change: a period, a region, a burst of two
/// changes 100 ms apart (said once, as the view they end on), a sort and
/// the reset, in every language, as the model words them.
pub async fn explorer_announces_each_new_view_once(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let (region, category) = (&export.regions[0].code, &export.categories[0].code);
    let name_sort = "[data-figures] [data-testid=region-table] thead button[data-sort^=name]";
    for lang in Lang::ALL {
        let url = h.url(&format!("/{lang}/statistics/"));
        c.goto(&url).await.map_err(err(&url))?;
        wait_explorer(c).await?;
        let watched = c
            .execute(
                r#"const region = document.querySelector("[data-announce][role=status]");
                   if (!region || region.textContent !== "") return false;
                   window.__said = [];
                   new MutationObserver(() => window.__said.push(region.textContent))
                       .observe(region, { childList: true, characterData: true, subtree: true });
                   return true;"#,
                vec![],
            )
            .await
            .map_err(err("live region"))?;
        ensure!(
            watched == true,
            "{url}: no empty live region before the first change"
        );
        let (t, labels) = (Texts::new(lang), Labels::new(&export, lang));
        let words = |search: &str, sort_changed: bool| {
            let (query, _) = Query::parse(search, &export);
            let report = export.report(&query.resolve(&export));
            announcement(&t, &query, &report, &labels, sort_changed)
        };
        let mut expected = Vec::new();
        for step in 0..5 {
            let (search, sort_changed) = match step {
                0 => {
                    choose_period(c, "last-12").await?;
                    ("period=last-12".to_owned(), false)
                }
                1 => {
                    tick(c, "region", region).await?;
                    (format!("period=last-12&region={region}"), false)
                }
                2 => {
                    c.execute(
                        r#"const form = document.querySelector("[data-testid=filters]");
                           form.querySelector(`input[name=category][value="${arguments[0]}"]`).click();
                           setTimeout(() => {
                               const period = form.querySelector("select[name=period]");
                               period.value = "last-4";
                               period.dispatchEvent(new Event("change", { bubbles: true }));
                           }, 100);"#,
                        vec![serde_json::json!(category)],
                    )
                    .await
                    .map_err(err("two quick changes"))?;
                    (
                        format!("period=last-4&region={region}&category={category}"),
                        false,
                    )
                }
                3 => {
                    click(c, name_sort).await?;
                    (
                        format!("period=last-4&region={region}&category={category}&sort=name-asc"),
                        true,
                    )
                }
                _ => {
                    click(c, "[data-testid=filters] button[data-reset]").await?;
                    ("sort=name-asc".to_owned(), false)
                }
            };
            expected.push(words(&search, sort_changed));
            wait_until(c, &format!("window.__said.length >= {}", expected.len())).await?;
        }
        // Long enough for a second, unwanted reading of any change.
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let said = c
            .execute("return window.__said", vec![])
            .await
            .map_err(err("said"))?;
        let said: Vec<String> = serde_json::from_value(said).map_err(err("said"))?;
        ensure!(
            said == expected,
            "{url}: the live region said\n  {said:#?}\nwhere the model says\n  {expected:#?}"
        );
        println!("       {lang}: {}", said[1]);
    }
    Ok(())
}

/// The first view costs the release manifest, not the export: the page's
/// own figures are the latest release's, which `/data/release.json` (a few
/// hundred bytes) says, and the filters and sort buttons are on. The export
/// is fetched once the reader starts exploring (here the pointer moves over
/// the filters), and the sort buttons then redraw the table. A change and
/// a sort made before the export is in are not lost: each goes into the
/// address at once, and once the export is in the figures of the view they
/// end on are drawn, said once, with the focus back on the sort button.
pub async fn explorer_fetches_the_export_only_once_the_reader_explores(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction};
    let c = &b.client;
    let export = served_export(h)?;
    let name_sort = "[data-figures] [data-testid=region-table] thead button[data-sort^=name]";
    // The pointer rests outside the page's explorer (an earlier click may
    // have left it anywhere), as a reader's who has not reached it yet.
    let away = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(away).await.map_err(err("pointer away"))?;
    let url = h.url("/en/statistics/");
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=release-current]").await?;
    // Long enough for a fetch started with the page to be listed.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let fetched = data_fetched(c).await?;
    ensure!(
        fetched == ["/data/release.json"],
        "{url}: the first view fetched {fetched:?}"
    );
    let state = c
        .execute(
            "return [document.querySelector('[data-testid=filters] fieldset').disabled,
                     document.querySelectorAll('[data-figures] .sort').length,
                     document.querySelectorAll('[data-figures] .sort[disabled]').length,
                     document.querySelectorAll('a[data-download][href]').length,
                     document.querySelector('[data-figures]').hasAttribute('data-view')]",
            vec![],
        )
        .await
        .map_err(err("controls"))?;
    ensure!(
        state == serde_json::json!([false, 2, 0, 0, false]),
        "{url}: [filters off, sort buttons, of them off, download links on, figures redrawn] = {state}"
    );
    let form = c
        .find(Locator::Css("[data-testid=filters]"))
        .await
        .map_err(err("filters"))?;
    let over = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: form,
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(over).await.map_err(err("pointer over"))?;
    wait_for(c, "[data-figures][data-view]").await?;
    let fetched = data_fetched(c).await?;
    ensure!(
        fetched == ["/data/release.json", "/data/export.json"],
        "{url}: once the reader explores, the page has fetched {fetched:?}"
    );
    click(c, name_sort).await?;
    let sorted = wait_for_view(c, &export, "?sort=name-asc", None).await?;
    ensure!(
        sorted.sort == ["ascending", "none"],
        "{url}: sorted by name: {sorted:?}"
    );
    let away = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(away).await.map_err(err("pointer away"))?;

    // A change and a sort at once, with nothing before them that starts
    // the fetch (no focus, no pointer).
    c.goto(&url).await.map_err(err(&url))?;
    wait_for(c, "[data-testid=release-current]").await?;
    let made = c
        .execute(
            r#"const region = document.querySelector("[data-announce][role=status]");
               window.__said = [];
               new MutationObserver(() => window.__said.push(region.textContent))
                   .observe(region, { childList: true, characterData: true, subtree: true });
               const fetched = () => performance.getEntriesByType("resource")
                   .some(e => new URL(e.name).pathname === "/data/export.json");
               const before = fetched();
               const period = document.querySelector("[data-testid=filters] select[name=period]");
               period.value = "last-12";
               period.dispatchEvent(new Event("change", { bubbles: true }));
               const changed = location.search;
               document.querySelector(arguments[0]).click();
               return [before, changed, location.search, fetched()];"#,
            vec![serde_json::json!(name_sort)],
        )
        .await
        .map_err(err("changes before the export"))?;
    ensure!(
        made == serde_json::json!([
            false,
            "?period=last-12",
            "?period=last-12&sort=name-asc",
            false
        ]),
        "{url}: [export fetched before, address after the change, after the sort, export in] = {made}"
    );
    let search = "?period=last-12&sort=name-asc";
    wait_for_view(c, &export, search, None).await?;
    // Long enough for a second, unwanted reading.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let (query, _) = Query::parse(search, &export);
    let expected = announcement(
        &Texts::new(Lang::En),
        &query,
        &export.report(&query.resolve(&export)),
        &Labels::new(&export, Lang::En),
        true,
    );
    let found = c
        .execute(
            "return [window.__said, document.activeElement.matches(arguments[0])]",
            vec![serde_json::json!(name_sort)],
        )
        .await
        .map_err(err("said"))?;
    ensure!(
        found == serde_json::json!([[expected], true]),
        "{url}: [the live region said, the focus is on the sort button] = {found}, the model says {expected:?}"
    );
    c.execute("history.back()", vec![])
        .await
        .map_err(err("back"))?;
    wait_for_view(c, &export, "?period=last-12", None).await?;
    Ok(())
}
