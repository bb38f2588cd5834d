use super::Labels;
use crate::components::explorer_contract::{field, CHOSEN, DOWNLOAD, FILTERS, RESET};
use crate::locale::{preset_label, td_string, week_note, Locale};
use crate::model::query::{Period, PRESETS};
use crate::model::Lang;
use leptos::prelude::*;

/// The statistics explorer's controls: the period (a preset, or from one
/// ISO week to another), regions and categories, "show everything", and
/// the current view as CSV and JSON. Prerendered disabled (with a line
/// saying why where scripts are off), because without the explorer nothing
/// would apply them, and in place, so that nothing moves when it starts;
/// the explorer sets the fields from the URL, enables them and applies
/// every change at once. `weeks` are the
/// release's weeks in order, the last of them the example that explains
/// the labels; on a region's page there is no region choice.
#[component]
pub fn ExplorerFilters(
    lang: Lang,
    labels: Labels,
    weeks: Vec<String>,
    fixed_region: bool,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let example = weeks.last().and_then(|w| w.parse().ok());
    let presets = PRESETS.map(|n| {
        view! { <option value=Period::Last(n).code()>{preset_label(lang, Some(n))}</option> }
    });
    // The whole release: from its first week to its last.
    let week_choice = |name: &'static str, label: &'static str| {
        let chosen = if name == field::TO {
            weeks.len().saturating_sub(1)
        } else {
            0
        };
        let options = weeks
            .iter()
            .enumerate()
            .map(|(i, w)| view! { <option value=w.clone() selected=i == chosen>{w.clone()}</option> })
            .collect_view();
        view! {
            <label for=format!("filter-{name}")>{label}</label>
            <select id=format!("filter-{name}") name=name>{options}</select>
        }
    };
    let regions = (!fixed_region).then(|| {
        view! {
            <Choices name=field::REGION heading=td_string!(locale, stats_regions)
                items=labels.regions_by_name()/>
        }
    });
    // Placeholders until the explorer has the data: it then gives each its
    // target and file name.
    let download = |kind: &'static str, label: &'static str| {
        view! { <a {..DOWNLOAD.attr(kind)} data-testid=format!("download-{kind}")>{label}</a> }
    };
    view! {
        <form class=FILTERS.name data-testid="filters">
            <h2>{td_string!(locale, stats_filters)}</h2>
            <noscript><p class="filters__off">{td_string!(locale, stats_filters_off)}</p></noscript>
            <fieldset disabled>
                <div class="filters__period">
                    <label for="filter-period">{td_string!(locale, stats_period)}</label>
                    <select id="filter-period" name=field::PERIOD>
                        <option value="all">{preset_label(lang, None)}</option>
                        {presets}
                        <option value="" disabled>{td_string!(locale, stats_period_between)}</option>
                    </select>
                    {week_choice(field::FROM, td_string!(locale, stats_from))}
                    {week_choice(field::TO, td_string!(locale, stats_to))}
                </div>
                {example.map(|week| view! { <p class="filters__note" data-testid="week-note">{week_note(lang, week)}</p> })}
                {regions}
                <Choices name=field::CATEGORY heading=td_string!(locale, stats_categories)
                    items=labels.categories_named()/>
                <button type="button" {..RESET.attr("")}>{td_string!(locale, stats_reset)}</button>
                <p class="downloads" data-testid="downloads">
                    {td_string!(locale, stats_download_view)} " " {download("csv", "CSV")} " · " {download("json", "JSON")}
                </p>
            </fieldset>
        </form>
    }
}

/// A list of checkboxes named `name`, one per code and label in `items`,
/// with the codes as values; the summary says how many are chosen
/// ([`CHOSEN`], written by the explorer).
#[component]
fn Choices(
    name: &'static str,
    heading: &'static str,
    items: Vec<(String, String)>,
) -> impl IntoView {
    let items = items
        .into_iter()
        .map(|(code, label)| {
            let id = format!("filter-{name}-{code}");
            view! {
                <li>
                    <input type="checkbox" id=id.clone() name=name value=code/>
                    <label for=id>{label}</label>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="filter">
            <summary>{heading} " " <span {..CHOSEN.attr("")}></span></summary>
            <ul class="choices">{items}</ul>
        </details>
    }
}
