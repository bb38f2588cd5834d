//! The image of a figure of one view of the export, with its provenance:
//! what the statistics pages and the data widgets offer for download,
//! drawn at build time, and what the explorer's own views offer, drawn in
//! the browser by a module of its own (`src/figure_svg.rs`) with the same
//! code, so that a view the build prepared gets the same bytes either way.

use super::share_card::{Card, CardBody, Download};
use crate::locale::{preset_label, td_string, Locale, Texts};
use crate::model::export::{Export, Measure};
use crate::model::format::colon;
use crate::model::query::{Period, Query};
use crate::model::region::TILES;
use crate::model::route::Widget;
use crate::model::{Lang, Release};

/// A data widget's title, which the image of its figure has too; `None`
/// for the widgets of text.
pub fn data_widget_title(lang: Lang, widget: Widget) -> Option<&'static str> {
    let locale = Locale::from(lang);
    match widget {
        Widget::Headline => Some(td_string!(locale, stats_headline)),
        Widget::Funnel => Some(td_string!(locale, stats_funnel)),
        Widget::Trend => Some(td_string!(locale, stats_trend)),
        Widget::Map => Some(td_string!(locale, stats_map)),
        Widget::Pillars | Widget::Provision(_) => None,
    }
}

/// The image of `widget`'s figure (the funnel, trend or map, as the
/// statistics page and the widget of that name draw it) for `query`'s
/// view of `e`, as shown at `source` (an absolute URL).
pub fn figure_card(e: &Export, lang: Lang, widget: Widget, query: &Query, source: String) -> Card {
    Card {
        lang,
        title: data_widget_title(lang, widget)
            .unwrap_or_default()
            .to_owned(),
        subtitle: Some(view_words(e, lang, query)),
        body: figure_body(e, lang, widget, query),
        release: Release::from(&e.release),
        download: Some(Download {
            source,
            licence: e.release.licence.clone(),
        }),
    }
}

/// The name a browser saves the image under, without its extension:
/// `trend-UA-63-sample-2026-W47-uk`; `view` names the view (empty for the
/// whole release).
pub fn figure_file_name(e: &Export, lang: Lang, widget: Widget, view: &str) -> String {
    [
        widget.slug().as_str(),
        view,
        &e.release.release_id,
        lang.code(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join("-")
}

/// The image of `widget`'s figure for the view the explorer shows on the
/// statistics page at `page` (its canonical URL, without a query) whose
/// address has the query `search`, on a region's page always `region`:
/// the name a browser saves it under (with `.svg`) and the SVG. The
/// page's own view is the very image the build wrote for that page (its
/// source the page, its name the page's); another view names the address
/// that shows it as its source, and its query in its name.
pub fn explored_figure(
    e: &Export,
    lang: Lang,
    widget: Widget,
    (page, search): (&str, &str),
    region: Option<&str>,
) -> (String, String) {
    let mut own = Query::default();
    own.regions.extend(region.map(str::to_owned));
    let (mut query, _) = Query::parse(search, e);
    if let Some(code) = region {
        query.regions = [code.to_owned()].into();
    }
    let (source, view) = match query == own {
        true => (page.to_owned(), region.unwrap_or_default().to_owned()),
        false => (
            format!("{page}?{}", search.trim_start_matches('?')),
            query.to_query_string().replace(['=', '&', ','], "-"),
        ),
    };
    let card = figure_card(e, lang, widget, &query, source);
    (
        format!("{}.svg", figure_file_name(e, lang, widget, &view)),
        super::share_card::card_svg(&card),
    )
}

/// A data widget's figures (or the statistics page's figure of the same
/// name) for `query`'s view of `e`, as the page publishes them: the
/// funnel's four, the weeks with their total, the regions shaded as on the
/// tile map with their total.
pub fn figure_body(e: &Export, lang: Lang, widget: Widget, query: &Query) -> CardBody {
    let t = Texts::new(lang);
    let selection = query.resolve(e);
    match widget {
        Widget::Trend => {
            let report = e.report(&selection);
            CardBody::Trend {
                figure: (t.measure(Measure::Reported).to_owned(), report.funnel[0]),
                weeks: report.weekly.iter().map(|(_, t)| *t).collect(),
            }
        }
        Widget::Map => {
            let report = e.report(&selection);
            // Shaded as the widget's tile map shades them.
            let max = report.by_region.iter().map(|(_, t)| t.floor()).max();
            let max = max.unwrap_or(0).max(1);
            let tiles = TILES
                .iter()
                .filter_map(|&(code, _, _, column, row)| {
                    let r = e.regions.iter().position(|r| r.code == code)?;
                    let (_, total) = report.by_region.iter().find(|(i, _)| *i == r)?;
                    Some((column, row, (total.floor() * 4).div_ceil(max)))
                })
                .collect();
            CardBody::Map {
                figure: (t.measure(Measure::Reported).to_owned(), report.funnel[0]),
                tiles,
            }
        }
        _ => CardBody::Figures(
            Measure::ALL
                .into_iter()
                .zip(e.headline_of(&selection).funnel)
                .map(|(m, total)| (t.measure(m).to_owned(), total))
                .collect(),
        ),
    }
}

/// What a figure's image says it shows, in `lang`: the regions, the types
/// of violation and the weeks of `query`'s view of `e` ("Kharkiv Oblast ·
/// all types of violation · Last 12 weeks: 2026-W36 – 2026-W47").
pub fn view_words(e: &Export, lang: Lang, query: &Query) -> String {
    let locale = Locale::from(lang);
    let selection = query.resolve(e);
    let names =
        |picked: &[usize], all: &str, name: &dyn Fn(usize) -> Option<String>, n| match picked.len()
            == n
        {
            true => all.to_owned(),
            false => picked
                .iter()
                .filter_map(|&i| name(i))
                .collect::<Vec<_>>()
                .join(", "),
        };
    let regions = names(
        &selection.regions,
        td_string!(locale, stats_all_regions),
        &|i| e.regions.get(i)?.name.get(&lang).cloned(),
        e.regions.len(),
    );
    let types = names(
        &selection.categories,
        td_string!(locale, cite_all_types),
        &|i| e.categories.get(i)?.label.get(&lang).cloned(),
        e.categories.len(),
    );
    let weeks: Vec<String> = e
        .weeks()
        .skip(selection.weeks.start)
        .take(selection.weeks.len())
        .map(|w| w.to_string())
        .collect();
    let span = match (weeks.first(), weeks.last()) {
        // Broken after the dash if at all, never before it.
        (Some(first), Some(last)) if first != last => format!("{first}\u{a0}– {last}"),
        (Some(first), _) => first.clone(),
        _ => String::new(),
    };
    let period = match query.period {
        Period::Last(n) => preset_label(lang, Some(n)),
        Period::All => preset_label(lang, None),
        Period::Between(..) => None,
    }
    .unwrap_or(td_string!(locale, stats_period));
    format!("{regions} · {types} · {period}{}{span}", colon(lang))
}
