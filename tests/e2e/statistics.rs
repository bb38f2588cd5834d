//! The statistics pages without JavaScript, against the model's figures.

use crate::support::page::{ensure, err, Outcome};
use crate::support::site::{figure_text, served_export};
use crate::support::{Browser, Harness};
use portal::model::count::Total;
use portal::model::query::Query;
use portal::model::{Lang, Page, Route};

/// The statistics without JavaScript, checked against the model's own
/// figures: a region page shows a week whose counts are all withheld as the
/// symbol (with its meaning), and a week that includes withheld counts as
/// "at least"; the region table says how it is sorted; the Special
/// Commission's outcomes are there; every bar of the trend can take the
/// keyboard focus and names its week and figure.
pub async fn statistics_read_honestly_without_javascript(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let (mut withheld, mut bound) = (false, false);
    for region in &export.regions {
        let query = Query {
            regions: [region.code.clone()].into(),
            ..Query::default()
        };
        let report = export.report(&query.resolve(&export));
        let first = |want: &dyn Fn(&Total) -> bool| {
            report
                .weekly
                .iter()
                .find(|(_, t)| want(t))
                .map(|(w, t)| (w.to_string(), *t))
        };
        let cases = [
            first(&|t| *t == Total::AtLeast(0)).filter(|_| !withheld),
            first(&|t| matches!(t, Total::AtLeast(n) if *n > 0)).filter(|_| !bound),
        ];
        if cases.iter().all(Option::is_none) {
            continue;
        }
        let Some(code) = portal::model::region::REGION_CODES
            .into_iter()
            .find(|c| *c == region.code)
        else {
            return Err(format!("{}: not an ISO 3166-2:UA code", region.code));
        };
        let url = h.url(&Route::Region(Lang::En, code).path());
        c.goto(&url).await.map_err(err(&url))?;
        for (week, total) in cases.into_iter().flatten() {
            let cell = c
                .execute(
                    r##"const row = [...document.querySelectorAll(".as-table tbody tr")]
                            .find(r => r.querySelector("th").textContent === arguments[0]);
                        const figure = row && row.querySelector("td .count");
                        return figure && [figure.textContent, figure.className, figure.getAttribute("title")];"##,
                    vec![serde_json::json!(week)],
                )
                .await
                .map_err(err("trend table"))?;
            match total {
                Total::AtLeast(0) => {
                    ensure!(
                        cell[0] == "x"
                            && cell[1]
                                .as_str()
                                .is_some_and(|c| c.contains("count--withheld"))
                            && cell[2] == "withheld to protect people",
                        "{url} {week}: all counts withheld, shown as {cell}"
                    );
                    withheld = true;
                }
                Total::AtLeast(n) => {
                    let expected =
                        format!("at least {}", portal::model::format::number(n, Lang::En));
                    ensure!(
                        cell[0] == expected.as_str(),
                        "{url} {week}: bound shown as {cell}, expected {expected:?}"
                    );
                    bound = true;
                }
                Total::Exact(_) => {}
            }
        }
        if withheld && bound {
            break;
        }
    }
    ensure!(withheld && bound, "no region page showed both a withheld week and a bound (withheld {withheld}, bound {bound})");

    let url = h.url(&Route::Page(Lang::En, Page::Statistics).path());
    c.goto(&url).await.map_err(err(&url))?;
    let found = c
        .execute(
            r##"const th = [...document.querySelectorAll("[data-testid=region-table] thead th[aria-sort]")];
                const bars = [...document.querySelectorAll("[data-testid=trend] rect.bar")];
                return {
                    sort: th.map(t => t.getAttribute("aria-sort")),
                    outcomes: document.querySelectorAll("[data-testid=attribution] tbody tr").length,
                    open: [...document.querySelectorAll("[data-testid=open-by-age] tbody tr td")]
                        .map(td => td.textContent),
                    bars: bars.length,
                    focusable: bars.every(b => b.tabIndex === 0 && /^\d{4}-W\d{2}: /.test(b.getAttribute("aria-label"))),
                    needsScript: document.querySelector("[data-testid=release-needs-script]")?.checkVisibility() === true,
                };"##,
            vec![],
        )
        .await
        .map_err(err("statistics"))?;
    ensure!(
        found["sort"] == serde_json::json!(["none", "descending"]),
        "{url}: region table sort {found}"
    );
    // A permalink to an earlier release (?release=) needs the explorer: the
    // page says so where it names its own release.
    ensure!(
        found["needsScript"] == true,
        "{url}: no note that ?release= links need JavaScript {found}"
    );
    ensure!(
        found["outcomes"] == export.outcomes.len(),
        "{url}: attribution rows {found}"
    );
    ensure!(
        found["bars"] == export.week_count() && found["focusable"] == true,
        "{url}: trend bars {found}"
    );
    // Open cases by age band, as the model gives them for the whole release.
    let expected: Vec<String> = export
        .open_cases_by_age(&Query::default().resolve(&export))
        .ok_or("the shipped sample publishes open cases by age")?
        .into_iter()
        .map(|t| figure_text(t, Lang::En))
        .collect();
    ensure!(
        found["open"] == serde_json::json!(expected),
        "{url}: open cases by age {found}, expected {expected:?}"
    );
    Ok(())
}
