//! The statistics page's figures for one selection: the funnel with the
//! change on the period before, the weekly trend as SVG with a table
//! alternative, and the figures by type and by region. Prerendered, so all
//! of it reads without JavaScript.

use super::{CountView, TotalView};
use crate::locale::{measure_label, td_string, Locale};
use crate::model::count::{Count, Total};
use crate::model::export::{Export, Measure};
use crate::model::format::{number, total_text};
use crate::model::query::{four_week_average, percent_change, Report, Sort};
use crate::model::text::Translations;
use crate::model::{Lang, Page, Route};
use leptos::either::Either;
use leptos::prelude::*;

/// The labels a report needs from the export, in the page's language, each
/// list in the export's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Region codes.
    pub codes: Vec<String>,
    pub regions: Vec<String>,
    pub category_codes: Vec<String>,
    pub categories: Vec<String>,
    /// Attribution outcomes (a party, or undetermined).
    pub outcomes: Vec<String>,
}

impl Labels {
    pub fn new(export: &Export, lang: Lang) -> Labels {
        let label = |t: &Translations| t.get(&lang).cloned().unwrap_or_default();
        Labels {
            codes: export.regions.iter().map(|r| r.code.clone()).collect(),
            regions: export.regions.iter().map(|r| label(&r.name)).collect(),
            category_codes: export.categories.iter().map(|c| c.code.clone()).collect(),
            categories: export.categories.iter().map(|c| label(&c.label)).collect(),
            outcomes: export.outcomes.iter().map(|o| label(&o.label)).collect(),
        }
    }
}

/// The figures of one selection. `sortable` says whether the region
/// table's header buttons work here: not in the prerendered page, where
/// they stay disabled until the explorer takes over.
#[component]
pub fn StatisticsReport(
    lang: Lang,
    report: Report,
    labels: Labels,
    k: u32,
    sort: Sort,
    sortable: bool,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let categories = report
        .by_category
        .iter()
        .map(|&(c, total)| {
            view! {
                <li>
                    <span>{labels.categories.get(c).cloned().unwrap_or_default()}</span>
                    " " <TotalView lang=lang total=total/>
                </li>
            }
        })
        .collect_view();
    let regions = {
        let mut rows = report.by_region.clone();
        sort.apply(&mut rows, &labels.regions);
        rows.into_iter()
            .map(|(r, total)| {
                view! {
                    <tr>
                        <th scope="row">{labels.regions.get(r).cloned().unwrap_or_default()}</th>
                        <td><TotalView lang=lang total=total/></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Funnel lang=lang report=report.clone() k=k/>
        <WeeklyTrend lang=lang report=report.clone()/>
        <TileMap lang=lang report=report.clone() labels=labels.clone()/>
        <section class="report" aria-labelledby="categories-heading">
            <h2 id="categories-heading">{td_string!(locale, stats_by_category)}</h2>
            <ol class="ranked">{categories}</ol>
        </section>
        <section class="report" aria-labelledby="regions-heading">
            <h2 id="regions-heading">{td_string!(locale, stats_by_region)}</h2>
            <table class="data-table" data-testid="region-table">
                <thead>
                    <tr>
                        <th scope="col" aria-sort=sort.aria()[0]>
                            <button type="button" class="sort" data-sort=sort.toggle(true).code() disabled=!sortable>
                                {td_string!(locale, stats_region)}
                            </button>
                        </th>
                        <th scope="col" aria-sort=sort.aria()[1]>
                            <button type="button" class="sort" data-sort=sort.toggle(false).code() disabled=!sortable>
                                {td_string!(locale, stats_reported)}
                            </button>
                        </th>
                    </tr>
                </thead>
                <tbody>{regions}</tbody>
            </table>
        </section>
        <Commission lang=lang report=report labels=labels/>
    }
}

/// What the Special Commission has done with the selected violations:
/// referred, concluded, and the concluded cases by attribution, where the
/// published totals cover the selection.
#[component]
fn Commission(lang: Lang, report: Report, labels: Labels) -> impl IntoView {
    let locale = Locale::from(lang);
    let attributed = match report.attributed {
        Some(totals) => {
            let rows = labels
                .outcomes
                .iter()
                .zip(totals)
                .map(|(name, total)| {
                    view! {
                        <tr>
                            <th scope="row">{name.clone()}</th>
                            <td><TotalView lang=lang total=total/></td>
                        </tr>
                    }
                })
                .collect_view();
            Either::Left(view! {
                <table class="data-table" data-testid="attribution">
                    <caption>{td_string!(locale, stats_attributed)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, stats_outcome)}</th>
                            <th scope="col">{td_string!(locale, stats_cases)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            })
        }
        None => Either::Right(view! {
            <p data-testid="attribution">{td_string!(locale, stats_attribution_not_published)}</p>
        }),
    };
    view! {
        <section class="report" aria-labelledby="commission-heading">
            <h2 id="commission-heading">{td_string!(locale, stats_commission)}</h2>
            <dl class="figures">
                <div class="figure">
                    <dt>{measure_label(lang, Measure::Referred)}</dt>
                    <dd><TotalView lang=lang total=report.funnel[2]/></dd>
                </div>
                <div class="figure">
                    <dt>{measure_label(lang, Measure::Concluded)}</dt>
                    <dd><TotalView lang=lang total=report.funnel[3]/></dd>
                </div>
            </dl>
            {attributed}
        </section>
    }
}

/// The verification funnel of a selection, each stage with its change on
/// the period of equal length before, and what the symbols mean.
#[component]
pub fn Funnel(lang: Lang, report: Report, k: u32) -> impl IntoView {
    let locale = Locale::from(lang);
    let names = Measure::ALL.map(|m| measure_label(lang, m));
    let funnel = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let change = match report.previous {
                None => td_string!(locale, stats_no_previous).to_owned(),
                Some(previous) => match percent_change(report.funnel[i], previous[i], k) {
                    Some(p) => format!("{p:+} % {}", td_string!(locale, stats_change)),
                    None => format!(
                        "{}: {}",
                        td_string!(locale, stats_change),
                        td_string!(locale, stats_not_meaningful)
                    ),
                },
            };
            view! {
                <li class="funnel__step">
                    <span class="funnel__value"><TotalView lang=lang total=report.funnel[i]/></span>
                    <span class="funnel__name">{name}</span>
                    <span class="funnel__change">{change}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="report" aria-labelledby="funnel-heading">
            <h2 id="funnel-heading">{td_string!(locale, stats_funnel)}</h2>
            <ol class="funnel" data-testid="funnel">{funnel}</ol>
            <Legend lang=lang/>
        </section>
    }
}

/// What the symbol and "at least" mean, with the way to the methodology.
#[component]
fn Legend(lang: Lang) -> impl IntoView {
    let locale = Locale::from(lang);
    view! {
        <div class="legend" data-testid="legend">
            <p>
                <CountView lang=lang count=Count::Suppressed/> " = " {td_string!(locale, stats_withheld)} ". "
                {td_string!(locale, stats_bound_note)} " "
                <a href=Route::Page(lang, Page::Methodology).path()>{td_string!(locale, stats_why)}</a>
            </p>
        </div>
    }
}

/// Bars per week (reported violations), hatched where the figure is a
/// bound, and the 4-week average as a line; a summary for screen readers
/// and the same numbers as a table.
#[component]
pub fn WeeklyTrend(lang: Lang, report: Report) -> impl IntoView {
    let locale = Locale::from(lang);
    let (width, height) = (640.0_f64, 200.0_f64);
    let values: Vec<Total> = report.weekly.iter().map(|(_, t)| *t).collect();
    let average = four_week_average(&values);
    let max = values.iter().map(|t| t.floor()).max().unwrap_or(0).max(1) as f64;
    let n = values.len().max(1) as f64;
    let step = width / n;
    let y = |v: f64| height - v / max * (height - 10.0);
    let bars = report
        .weekly
        .iter()
        .enumerate()
        .map(|(i, (week, total))| {
            let value = total.floor() as f64;
            let bound = matches!(total, Total::AtLeast(_));
            let at_least = format!("{} ", td_string!(locale, stats_at_least));
            let shown = total_text(*total, lang, &at_least);
            view! {
                <rect
                    class="bar" class:bar--bound=bound tabindex="0" role="img"
                    aria-label=format!("{week}: {shown}")
                    x=format!("{:.1}", i as f64 * step + step * 0.1)
                    y=format!("{:.1}", y(value))
                    width=format!("{:.1}", step * 0.8)
                    height=format!("{:.1}", height - y(value))
                >
                    <title>{format!("{week}: {shown}")}</title>
                </rect>
            }
        })
        .collect_view();
    let line: Vec<String> = average
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.map(|a| format!("{:.1},{:.1}", i as f64 * step + step / 2.0, y(a))))
        .collect();
    let highest = report
        .weekly
        .iter()
        .max_by_key(|(_, t)| t.floor())
        .map(|(w, t)| {
            format!(
                "{}: {} {}",
                td_string!(locale, stats_highest),
                number(t.floor(), lang),
                w
            )
        });
    let latest = report.weekly.last().map(|(w, t)| {
        format!(
            "{} ({w}): {}",
            td_string!(locale, stats_latest),
            number(t.floor(), lang)
        )
    });
    let summary = [
        Some(td_string!(locale, stats_trend).to_owned()),
        report
            .weekly
            .first()
            .zip(report.weekly.last())
            .map(|((a, _), (b, _))| format!("{a} – {b}")),
        highest,
        latest,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(". ");
    let rows = report
        .weekly
        .iter()
        .zip(&average)
        .map(|((week, total), avg)| {
            view! {
                <tr>
                    <th scope="row">{week.to_string()}</th>
                    <td><TotalView lang=lang total=*total/></td>
                    <td>{avg.map(|a| format!("{a:.1}")).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{td_string!(locale, stats_trend)}</h2>
            <figure class="chart">
                <svg viewBox=format!("0 0 {width} {height}") role="group" aria-label=summary.clone() data-testid="trend">
                    <title>{summary.clone()}</title>
                    {bars}
                    <polyline class="average" points=line.join(" ")/>
                </svg>
                <figcaption>
                    <span class="key key--bar"></span> {td_string!(locale, stats_reported)} " "
                    <span class="key key--average"></span> {td_string!(locale, stats_average)}
                </figcaption>
            </figure>
            <details class="as-table">
                <summary>{td_string!(locale, stats_show_table)}</summary>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, stats_week)}</th>
                            <th scope="col">{td_string!(locale, stats_reported)}</th>
                            <th scope="col">{td_string!(locale, stats_average)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </section>
    }
}

/// Ukraine's 27 units as tiles placed roughly as on a map, shaded by
/// reported violations (five steps of one hue, and the number on each tile),
/// each a link to the unit's own page.
#[component]
pub fn TileMap(lang: Lang, report: Report, labels: Labels) -> impl IntoView {
    let locale = Locale::from(lang);
    let max = report
        .by_region
        .iter()
        .map(|(_, t)| t.floor())
        .max()
        .unwrap_or(0)
        .max(1);
    let tiles = crate::model::region::TILES
        .iter()
        .filter_map(|&(code, short, col, row)| {
            let index = labels.codes.iter().position(|c| c == code)?;
            let total = report.by_region.iter().find(|(r, _)| *r == index).map(|(_, t)| *t)?;
            let name = labels.regions.get(index).cloned().unwrap_or_default();
            let step = (total.floor() * 4).div_ceil(max);
            let shown = total_text(total, lang, "≥");
            let label = format!("{name}: {shown} {}", td_string!(locale, stats_reported));
            Some(view! {
                <li class=format!("col-{} row-{}", col + 1, row + 1)>
                    <a class=format!("tile tile--{step}") href=Route::Region(lang, code).path() title=label>
                        <span class="tile__name" aria-hidden="true">{short}</span>
                        <span class="visually-hidden">{name} ": "</span>
                        <span class="tile__count">{shown}</span>
                    </a>
                </li>
            })
        })
        .collect_view();
    view! {
        <section class="report" aria-labelledby="map-heading">
            <h2 id="map-heading">{td_string!(locale, stats_map)}</h2>
            <ul class="tile-map" data-testid="tile-map">{tiles}</ul>
        </section>
    }
}
