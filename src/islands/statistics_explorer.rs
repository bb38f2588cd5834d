use crate::api::{self, ApiError};
use crate::components::{error_notice, report_html, Html, Labels};
use crate::locale::{td_string, Locale};
use crate::model::download::{view_csv, view_json};
use crate::model::export::Export;
use crate::model::format::{full_stop_after, long_date};
use crate::model::query::{Codes, Ignored, Period, Query, Sort, PRESETS};
use crate::model::{Lang, Release};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Where the check of the published export stands. Before hydration, and
/// without JavaScript, it is `NotChecked` and the prerendered figures stand
/// alone.
#[derive(Debug, Clone, PartialEq)]
enum Check {
    NotChecked,
    Loading,
    Current,
    /// A newer release than the page was built from: its figures are shown.
    Newer(Release),
    Failed(ApiError),
}

/// The statistics explorer. The prerendered figures of the default view
/// come in as `children` and stay until the reader changes the selection
/// (or the published export turns out newer than the page); the selection
/// lives in the URL query, so it can be shared, and back and forward step
/// through it. On a region's page (`region`) the selection is that region.
///
/// It also checks the published export: a missing, invalid or unreachable
/// file is said plainly here, in the statistics area; the rest of the page
/// stands.
#[island]
pub fn StatisticsExplorer(
    lang: Lang,
    built: Release,
    region: Option<String>,
    children: Children,
) -> impl IntoView {
    let check = RwSignal::new(Check::NotChecked);
    let export: RwSignal<Option<Arc<Export>>> = RwSignal::new(None);
    let search = RwSignal::new(String::new());
    let reference = built.clone();
    let run = move || {
        check.set(Check::Loading);
        let reference = reference.clone();
        spawn_local(async move {
            match api::fetch_export().await {
                Ok(fetched) => {
                    let latest = Release::from(&fetched.release);
                    check.set(if latest.is_newer_than(&reference) {
                        Check::Newer(latest)
                    } else {
                        Check::Current
                    });
                    export.set(Some(Arc::new(fetched)));
                }
                Err(error) => check.set(Check::Failed(error)),
            }
        });
    };
    let retry = run.clone();
    Effect::new(move |_| {
        search.set(location_search());
        run();
    });
    let _ = window_event_listener(ev::popstate, move |_| search.set(location_search()));

    // Plain derived closures, not memos: recomputing a selection is cheap,
    // and each `Memo` type brings its own reactive node code into the wasm.
    let fixed_region = StoredValue::new(region.clone());
    let selection = move || {
        let export = export.get()?;
        let (mut query, ignored) = Query::parse(&search.get(), &export);
        if let Some(code) = fixed_region.get_value() {
            query.regions = [code].into();
        }
        Some((export, query, ignored))
    };
    let prerendered = StoredValue::new(Query {
        regions: region.iter().cloned().collect(),
        ..Query::default()
    });
    let shown = move || {
        let (_, query, _) = selection()?;
        let newer = matches!(check.get(), Check::Newer(_));
        (query != prerendered.get_value() || newer).then_some(query)
    };
    let go = move |query: Query| {
        let text = query.to_query_string();
        let url = if text.is_empty() {
            location_path()
        } else {
            format!("?{text}")
        };
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        search.set(location_search());
    };

    // The controls and the recomputed figures are rendered in the browser
    // from the same components as the prerendered page, as HTML; their
    // buttons, links and fields are handled here, by delegation.
    let fixed = region.is_some();
    let controls = move || {
        let (export, query, ignored) = selection()?;
        let h = &mut Html::new();
        filters(h, lang, &export, &query, fixed);
        ignored_note(h, lang, &ignored);
        Some(std::mem::take(h).finish())
    };
    let figures = move || {
        let query = shown()?;
        let export = export.get()?;
        let report = export.report(&query.resolve(&export));
        Some(report_html(
            lang,
            &report,
            &Labels::new(&export, lang),
            export.release.k,
            query.sort,
            true,
        ))
    };
    let on_change = move |event: ev::Event| {
        let (Some(field), Some((export, current, _))) =
            (element(event.target()), untrack(selection))
        else {
            return;
        };
        let Some(params) = field
            .closest("form")
            .ok()
            .flatten()
            .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|form| web_sys::FormData::new_with_form(&form).ok())
            .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
        else {
            return;
        };
        // A preset replaces the weeks chosen, and choosing weeks the preset.
        match field.get_attribute("name").as_deref() {
            Some("period") => {
                params.delete("from");
                params.delete("to");
            }
            _ => params.delete("period"),
        }
        let (mut query, _) = Query::parse(&String::from(params.to_string()), &export);
        query.sort = current.sort;
        go(query);
    };
    let on_click = move |event: ev::MouseEvent| {
        let Some(target) = element(event.target()) else {
            return;
        };
        let closest = |selector: &str| target.closest(selector).ok().flatten();
        if closest("button[data-retry]").is_some() {
            return retry();
        }
        let Some((export, current, _)) = untrack(selection) else {
            return;
        };
        if let Some(sort) = closest("button[data-sort]")
            .and_then(|b| b.get_attribute("data-sort"))
            .and_then(|code| Sort::from_code(&code))
        {
            go(Query { sort, ..current });
        } else if closest("button[data-reset]").is_some() {
            go(Query {
                sort: current.sort,
                ..Query::default()
            });
        } else if let Some(link) = closest("a[data-download]") {
            let (body, mime) = match link.get_attribute("data-download").as_deref() {
                Some("json") => (view_json(&export, &current), "application/json"),
                _ => (view_csv(&export, &current), "text/csv"),
            };
            let href = format!(
                "data:{mime};charset=utf-8,{}",
                js_sys::encode_uri_component(&body)
            );
            let _ = link.set_attribute("href", &href);
        }
    };
    // One effect writes every part that changes, as HTML, into the
    // prerendered boxes (`data-status`, `data-controls`, `data-figures`;
    // `data-prerendered` holds the page's own figures). Each part is
    // written only when its HTML changed, so the live region does not
    // announce the status again on every change of the filter. Without the
    // wasm the prerendered sort buttons stay disabled.
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |written: Option<[String; 3]>| {
        let Some(root) = root.get() else {
            return Default::default();
        };
        let find = |selector: &str| root.query_selector(selector).ok().flatten();
        if written.is_none() {
            if let Ok(buttons) = root.query_selector_all("button[data-sort][disabled]") {
                for i in 0..buttons.length() {
                    if let Some(button) = element(buttons.item(i).map(Into::into)) {
                        let _ = button.remove_attribute("disabled");
                    }
                }
            }
        }
        let figures = figures();
        if let Some(prerendered) = find("[data-prerendered]") {
            let _ = prerendered.toggle_attribute_with_force("hidden", figures.is_some());
        }
        let html = [
            status(lang, check.get()),
            controls().unwrap_or_default(),
            figures.unwrap_or_default(),
        ];
        let written = written.unwrap_or_default();
        for ((new, old), selector) in
            html.iter()
                .zip(&written)
                .zip(["[data-status]", "[data-controls]", "[data-figures]"])
        {
            if let Some(target) = find(selector).filter(|_| new != old) {
                target.set_inner_html(new);
            }
        }
        html
    });

    // The release facts, the status box and the figures are the page's
    // (`children`): only this wrapper is hydrated.
    view! { <div node_ref=root on:click=on_click on:change=on_change>{children()}</div> }
}

/// The element an event reached, if it is one.
fn element(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target.and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// The outcome of the check, as HTML.
fn status(lang: Lang, check: Check) -> String {
    let locale = Locale::from(lang);
    let h = &mut Html::new();
    match check {
        Check::NotChecked => {}
        Check::Loading => {
            h.el(
                "p",
                &[("class", "status"), ("data-testid", "release-loading")],
                td_string!(locale, release_checking),
            );
        }
        Check::Current => {
            h.el(
                "p",
                &[("class", "status"), ("data-testid", "release-current")],
                td_string!(locale, release_current),
            );
        }
        Check::Newer(latest) => {
            let date = long_date(latest.data_as_of, lang);
            let stop = full_stop_after(&date);
            h.open(
                "p",
                &[
                    ("class", "status status--news"),
                    ("data-testid", "release-newer"),
                ],
            )
            .text(td_string!(locale, release_newer))
            .text(" ")
            .el("code", &[], &latest.release_id)
            .text(", ")
            .text(td_string!(locale, release_as_of))
            .text(" ")
            .text(&format!("{date}{stop} "))
            .text(td_string!(locale, release_switched))
            .close("p");
        }
        Check::Failed(error) => error_notice(h, lang, &error),
    }
    std::mem::take(h).finish()
}

fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The period, region and category controls: a form whose fields are the
/// URL's query parameters. Every change is applied at once.
fn filters(h: &mut Html, lang: Lang, export: &Export, query: &Query, fixed_region: bool) {
    let locale = Locale::from(lang);
    let labels = Labels::new(export, lang);
    let selection = query.resolve(export);
    let first = export.release.first_week;
    let period = match query.period {
        Period::All => "all".to_owned(),
        Period::Last(n) => format!("last-{n}"),
        Period::Between(..) => String::new(),
    };
    let selected = |on: bool| if on { "selected" } else { "" };
    h.open("form", &[("class", "filters"), ("data-testid", "filters")])
        .el("h2", &[], td_string!(locale, stats_filters))
        .open("div", &[("class", "filters__period")])
        .el(
            "label",
            &[("for", "filter-period")],
            td_string!(locale, stats_period),
        )
        .open("select", &[("id", "filter-period"), ("name", "period")])
        .el(
            "option",
            &[("value", "all"), (selected(period == "all"), "")],
            td_string!(locale, stats_period_all),
        );
    for n in PRESETS {
        let label = match n {
            4 => td_string!(locale, stats_last_4),
            12 => td_string!(locale, stats_last_12),
            _ => td_string!(locale, stats_last_52),
        };
        let value = format!("last-{n}");
        h.el(
            "option",
            &[(selected(value == period), ""), ("value", &value)],
            label,
        );
    }
    h.el(
        "option",
        &[
            ("value", ""),
            ("disabled", ""),
            (selected(period.is_empty()), ""),
        ],
        td_string!(locale, stats_period_between),
    )
    .close("select");
    for (name, label, chosen) in [
        (
            "from",
            td_string!(locale, stats_from),
            selection.weeks.start,
        ),
        (
            "to",
            td_string!(locale, stats_to),
            selection.weeks.end.saturating_sub(1),
        ),
    ] {
        let id = format!("filter-{name}");
        h.el("label", &[("for", &id)], label)
            .open("select", &[("id", &id), ("name", name)]);
        for i in 0..export.week_count() {
            let week = first.plus(i as u32).to_string();
            h.el(
                "option",
                &[("value", &week), (selected(i == chosen), "")],
                &week,
            );
        }
        h.close("select");
    }
    h.close("div");
    let mut choices =
        |name: &str, heading: &str, codes: &[String], names: &[String], chosen: &Codes| {
            h.open("details", &[("class", "filter")])
                .open("summary", &[])
                .text(heading)
                .text(" ")
                .text(&summary_count(lang, chosen.len()))
                .close("summary")
                .open("ul", &[("class", "choices")]);
            for (code, label) in codes.iter().zip(names) {
                let id = format!("filter-{name}-{code}");
                let checked = if chosen.contains(code) { "checked" } else { "" };
                h.open("li", &[])
                    .open(
                        "input",
                        &[
                            ("type", "checkbox"),
                            ("id", &id),
                            ("name", name),
                            ("value", code),
                            (checked, ""),
                        ],
                    )
                    .el("label", &[("for", &id)], label)
                    .close("li");
            }
            h.close("ul").close("details");
        };
    if !fixed_region {
        choices(
            "region",
            td_string!(locale, stats_regions),
            &labels.codes,
            &labels.regions,
            &query.regions,
        );
    }
    choices(
        "category",
        td_string!(locale, stats_categories),
        &labels.category_codes,
        &labels.categories,
        &query.categories,
    );
    h.el(
        "button",
        &[("type", "button"), ("data-reset", "")],
        td_string!(locale, stats_reset),
    );
    downloads(h, lang, &export.release.release_id);
    h.close("form");
}

/// "(3 chosen)" after a filter's name, or "(all)".
fn summary_count(lang: Lang, count: usize) -> String {
    let locale = Locale::from(lang);
    if count == 0 {
        format!("({})", td_string!(locale, stats_all))
    } else {
        format!("({count} {})", td_string!(locale, stats_chosen))
    }
}

/// The query values that could not be used, said plainly.
fn ignored_note(h: &mut Html, lang: Lang, ignored: &[Ignored]) {
    let locale = Locale::from(lang);
    if ignored.is_empty() {
        return;
    }
    let values = ignored
        .iter()
        .map(|i| format!("{}={}", i.parameter, i.value))
        .collect::<Vec<_>>()
        .join(", ");
    h.open(
        "p",
        &[
            ("class", "notice"),
            ("role", "status"),
            ("data-testid", "ignored"),
        ],
    )
    .text(td_string!(locale, stats_ignored))
    .text(" ")
    .el("code", &[], &values)
    .close("p");
}

/// Links to the current view as CSV and JSON, each with the release's
/// metadata and the filter; the file is written when a link is followed.
fn downloads(h: &mut Html, lang: Lang, release: &str) {
    let locale = Locale::from(lang);
    h.open("p", &[("class", "downloads"), ("data-testid", "downloads")])
        .text(td_string!(locale, stats_download_view))
        .text(" ");
    for (kind, label, after) in [("csv", "CSV", " · "), ("json", "JSON", "")] {
        h.el(
            "a",
            &[
                ("href", "#"),
                ("download", &format!("statistics-{release}.{kind}")),
                ("data-download", kind),
                ("data-testid", &format!("download-{kind}")),
            ],
            label,
        )
        .text(after);
    }
    h.close("p");
}
