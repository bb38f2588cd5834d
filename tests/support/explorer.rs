//! The statistics explorer as the scenarios read and drive it: what the page
//! shows, what the model says it should show, and the filter form.

use super::page::{click, err, wait_for, wait_ready, Outcome};
use super::site::figure_text;
use fantoccini::{Client, Locator};
use portal::components::Labels;
use portal::model::count::Total;
use portal::model::export::Export;
use portal::model::query::{Period, Query};
use portal::model::Lang;
use std::time::Duration;

/// What the statistics page shows: the figures in view (the explorer's,
/// else the prerendered ones), the filter form's choices, and the note on
/// query values that were left out.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Shown {
    pub search: String,
    /// Whether the figures show another view than the page's own (the
    /// explorer's `data-view` on the figures' box).
    pub redrawn: bool,
    pub funnel: Vec<String>,
    /// Region table rows: name, figure.
    pub regions: Vec<(String, String)>,
    /// `aria-sort` of the name and figure columns.
    pub sort: Vec<String>,
    pub period: Option<String>,
    pub region: Vec<String>,
    pub category: Vec<String>,
    pub ignored: Option<String>,
}

pub async fn shown(c: &Client) -> Result<Shown, String> {
    let found = c
        .execute(
            r#"const view = document.querySelector("[data-figures]");
               const drawn = view.getAttribute("data-view");
               const redrawn = drawn !== null && drawn !== "";
               if (document.querySelectorAll("[id=funnel-heading]").length !== 1) return { error: "the figures are on the page more than once" };
               const form = document.querySelector("[data-testid=filters]");
               const checked = name => form ? [...form.querySelectorAll(`input[name=${name}]:checked`)].map(i => i.value) : [];
               return {
                   search: location.search,
                   redrawn,
                   funnel: [...view.querySelectorAll("[data-testid=funnel] .funnel__value")].map(v => v.textContent),
                   regions: [...view.querySelectorAll("[data-testid=region-table] tbody tr")]
                       .map(r => [r.querySelector("th").textContent, r.querySelector("td").textContent]),
                   sort: [...view.querySelectorAll("[data-testid=region-table] thead th[aria-sort]")].map(t => t.getAttribute("aria-sort")),
                   period: form?.querySelector("select[name=period]").value ?? null,
                   region: checked("region"),
                   category: checked("category"),
                   ignored: document.querySelector("[data-testid=ignored]")?.textContent ?? null,
               };"#,
            vec![],
        )
        .await
        .map_err(err("statistics view"))?;
    if let Some(error) = found["error"].as_str() {
        return Err(error.to_owned());
    }
    serde_json::from_value(found).map_err(err("statistics view"))
}

/// What the page should show for the URL query `search` by the model's
/// own figures (on a region's page, `fixed` is its region).
pub fn model_view(export: &Export, search: &str, fixed: Option<&str>) -> Shown {
    let (mut query, _) = Query::parse(search, export);
    let mut default = Query::default();
    if let Some(code) = fixed {
        query.regions = [code.to_owned()].into();
        default.regions = query.regions.clone();
    }
    let report = export.report(&query.resolve(export));
    let labels = Labels::new(export, Lang::En);
    let text = |t: Total| figure_text(t, Lang::En);
    let mut rows = report.by_region.clone();
    query.sort.apply(&mut rows, &labels.regions);
    let codes = |set: &portal::model::query::Codes| set.iter().cloned().collect::<Vec<_>>();
    Shown {
        search: search.to_owned(),
        redrawn: query != default,
        funnel: report.funnel.iter().map(|t| text(*t)).collect(),
        regions: rows
            .into_iter()
            .map(|(r, t)| (labels.regions[r].clone(), text(t)))
            .collect(),
        sort: query.sort.aria().map(str::to_owned).to_vec(),
        period: Some(match query.period {
            Period::All => "all".to_owned(),
            Period::Last(n) => format!("last-{n}"),
            Period::Between(..) => String::new(),
        }),
        region: if fixed.is_some() {
            Vec::new()
        } else {
            codes(&query.regions)
        },
        category: codes(&query.categories),
        ignored: None,
    }
}

/// The URL's query (`location.search`) for `query`, as the explorer writes it.
pub fn search_of(query: &Query) -> String {
    let text = query.to_query_string();
    if text.is_empty() {
        text
    } else {
        format!("?{text}")
    }
}

/// Waits until the page shows `search` in the URL and the model's figures
/// and choices for it; fails with both when it does not.
pub async fn wait_for_view(
    c: &Client,
    export: &Export,
    search: &str,
    fixed: Option<&str>,
) -> Result<Shown, String> {
    let expected = model_view(export, search, fixed);
    let mut last = None;
    for _ in 0..50 {
        let now = shown(c).await?;
        if now == expected {
            return Ok(now);
        }
        last = Some(now);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!(
        "the page does not show the model's view\n  shown:    {last:?}\n  expected: {expected:?}"
    ))
}

/// Waits until the explorer has the export and has drawn the figures from
/// it (the figures' box then says which view it shows, `data-view`). On the
/// page's own view the explorer fetches the export only once the reader
/// starts exploring: here the focus enters the filter form and leaves it.
pub async fn wait_explorer(c: &Client) -> Outcome {
    wait_ready(c).await?;
    wait_for(c, "[data-testid=release-current]").await?;
    start_exploring(c).await?;
    wait_for(c, "[data-figures][data-view]").await
}

/// Does what a reader who starts exploring does first: the focus enters the
/// filter form (and leaves it, so that the keyboard starts from the top).
pub async fn start_exploring(c: &Client) -> Outcome {
    c.execute(
        "const field = document.querySelector('[data-testid=filters] select');
         field.focus();
         field.blur();",
        vec![],
    )
    .await
    .map(|_| ())
    .map_err(err("focus the filter form"))
}

/// The paths of the data files the page has fetched (`/data/…`), in order.
pub async fn data_fetched(c: &Client) -> Result<Vec<String>, String> {
    let found = c
        .execute(
            "return performance.getEntriesByType('resource')
                 .map(e => new URL(e.name).pathname)
                 .filter(p => p.startsWith('/data/'))",
            vec![],
        )
        .await
        .map_err(err("resources"))?;
    serde_json::from_value(found).map_err(err("resources"))
}

/// Chooses a period preset in the filter form.
pub async fn choose_period(c: &Client, value: &str) -> Outcome {
    let css = "[data-testid=filters] select[name=period]";
    c.find(Locator::Css(css))
        .await
        .map_err(err(css))?
        .select_by_value(value)
        .await
        .map_err(err(&format!("{css} = {value}")))
}

/// Ticks a region or category in the filter form, opening its list first
/// as a reader would.
pub async fn tick(c: &Client, name: &str, code: &str) -> Outcome {
    let details = format!("[data-testid=filters] details:has(input[name={name}])");
    let open = c
        .execute(
            "return document.querySelector(arguments[0]).open",
            vec![serde_json::json!(details)],
        )
        .await
        .map_err(err(&details))?;
    if open != true {
        click(c, &format!("{details} > summary")).await?;
    }
    click(
        c,
        &format!("[data-testid=filters] input[name={name}][value='{code}']"),
    )
    .await
}
