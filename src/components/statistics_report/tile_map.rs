//! The tile map of Ukraine's units.

use super::Labels;
use crate::components::count::legend_if_needed;
use crate::components::html::{raw, Html};
use crate::locale::{Texts, T};
use crate::model::format::{at_least_sign, colon, total_text};
use crate::model::query::Report;
use crate::model::{Lang, Route};
use leptos::prelude::*;

/// [`tile_map`] on its own, for the widgets, with what the symbols mean
/// where it shows any. `filter` (`?` and a query, or empty) goes with each
/// tile's link, so that a region's page opens on the same type and period.
#[component]
pub fn TileMap(lang: Lang, report: Report, labels: Labels, filter: String) -> impl IntoView {
    let (h, t) = (&mut Html::new(), &Texts::new(lang));
    tile_map(h, t, &report, &labels, &filter);
    legend_if_needed(h, t, report.by_region.iter().map(|(_, total)| total));
    raw(std::mem::take(h).finish())
}

/// Ukraine's 27 units as tiles placed roughly as on a map, shaded by
/// reported violations (five steps of one hue, and the number on each tile),
/// each a link to the unit's own page.
pub(super) fn tile_map(h: &mut Html, t: &Texts, report: &Report, labels: &Labels, filter: &str) {
    let max = report
        .by_region
        .iter()
        .map(|(_, t)| t.floor())
        .max()
        .unwrap_or(0)
        .max(1);
    h.el_with(
        "section",
        &[("class", "report"), ("aria-labelledby", "map-heading")],
        |h| {
            h.el("h2", &[("id", "map-heading")], &t[T::stats_map])
                .el_with(
                    "ul",
                    &[
                        ("class", "tile-map"),
                        ("data-testid", "tile-map"),
                        ("data-roving", ".tile"),
                        ("data-rows", ""),
                    ],
                    |h| {
                        for &(code, latin, cyrillic, col, row) in crate::model::region::TILES.iter()
                        {
                            let short = if t.lang == Lang::Uk { cyrillic } else { latin };
                            let Some(index) = labels.codes.iter().position(|c| c == code) else {
                                continue;
                            };
                            let Some(total) = report
                                .by_region
                                .iter()
                                .find(|(r, _)| *r == index)
                                .map(|(_, t)| *t)
                            else {
                                continue;
                            };
                            let name = labels.regions.get(index).map_or("", String::as_str);
                            let step = (total.floor() * 4).div_ceil(max);
                            let shown = total_text(total, t.lang, at_least_sign(t.lang));
                            let label = format!(
                                "{name}, {}{}{shown}",
                                &t[T::stats_reported],
                                colon(t.lang)
                            );
                            let class = format!("col-{} row-{}", col + 1, row + 1);
                            let link = [
                                ("class", &format!("tile tile--{step}")),
                                ("href", &(Route::Region(t.lang, code).href() + filter)),
                                ("title", &label),
                            ];
                            h.el_with("li", &[("class", &class)], |h| {
                                h.el_with("a", &link.map(|(n, v)| (n, v.as_str())), |h| {
                                    h.el(
                                        "span",
                                        &[("class", "tile__name"), ("aria-hidden", "true")],
                                        short,
                                    )
                                    .el_with("span", &[("class", "visually-hidden")], |h| {
                                        h.text(name).text(colon(t.lang));
                                    })
                                    .el(
                                        "span",
                                        &[("class", "tile__count")],
                                        &shown,
                                    );
                                });
                            });
                        }
                    },
                );
        },
    );
}
