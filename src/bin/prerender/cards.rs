//! Every page's and widget view's share card (`og:image`): composed from
//! what the page shows, written once per distinct card under
//! `cards/{fingerprint}.png` and shared by every page that has it.

use super::{io, PrerenderError, Site};
use portal::components::{
    card_alt, card_file, card_svg, status_label, Card, CardBody, Rasteriser, ShareImage,
};
use portal::locale::{page_title, td_string, Locale, Texts};
use portal::model::declaration::TextVersion;
use portal::model::embed::WidgetView;
use portal::model::export::{Export, Measure};
use portal::model::region::TILES;
use portal::model::route::{Pinned, Widget};
use portal::model::typography::typeset;
use portal::model::{Lang, Page, Release, Route};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The distinct cards of the site, by file, as SVG.
#[derive(Default)]
pub struct Cards(BTreeMap<String, String>);

impl Cards {
    /// Adds `card` (once, however many pages have it) and says where link
    /// previews find it.
    pub fn add(&mut self, card: &Card, site_url: &str) -> ShareImage {
        let svg = card_svg(card);
        let file = card_file(&svg);
        let url = format!("{site_url}/{file}");
        self.0.entry(file).or_insert(svg);
        ShareImage {
            url,
            alt: card_alt(card),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Rasterises every card into `dist`, on as many threads as the
    /// machine has cores (each card is independent of the others). With a
    /// `cache` directory, a card drawn by an earlier build (same name, so
    /// the same SVG and renderer) is copied from there, and a new one is
    /// kept there; returns how many cards were drawn.
    pub fn write(&self, dist: &Path, cache: Option<&Path>) -> Result<usize, PrerenderError> {
        let dir = dist.join("cards");
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        if let Some(cache) = cache {
            let cached = cache.join("cards");
            std::fs::create_dir_all(&cached).map_err(io(&cached))?;
        }
        let drawn = AtomicUsize::new(0);
        let cards: Vec<(&String, &String)> = self.0.iter().collect();
        let next = AtomicUsize::new(0);
        let failure = Mutex::new(None);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    let rasteriser = Rasteriser::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((file, svg)) = cards.get(i) else {
                            break;
                        };
                        let path = dist.join(file);
                        let cached = cache.map(|c| c.join(file));
                        if cached
                            .as_ref()
                            .is_some_and(|c| std::fs::copy(c, &path).is_ok())
                        {
                            continue;
                        }
                        drawn.fetch_add(1, Ordering::Relaxed);
                        let written = rasteriser
                            .png(svg)
                            .map_err(|e| PrerenderError::Card {
                                path: path.clone(),
                                reason: e.to_string(),
                            })
                            .and_then(|png| {
                                std::fs::write(&path, &png).map_err(io(&path))?;
                                match &cached {
                                    Some(cached) => keep(cached, &png),
                                    None => Ok(()),
                                }
                            });
                        if let Err(e) = written {
                            if let Ok(mut first) = failure.lock() {
                                first.get_or_insert(e);
                            }
                            next.store(cards.len(), Ordering::Relaxed);
                            break;
                        }
                    }
                });
            }
        });
        match failure.into_inner() {
            Ok(Some(e)) => Err(e),
            _ => Ok(drawn.into_inner()),
        }
    }
}

/// Writes a card into the cache whole or not at all: builds running at
/// the same time (the tests) share it.
fn keep(cached: &Path, png: &[u8]) -> Result<(), PrerenderError> {
    let partial = cached.with_extension(format!("{}.part", std::process::id()));
    std::fs::write(&partial, png).map_err(io(&partial))?;
    std::fs::rename(&partial, cached).map_err(io(cached))
}

impl Site {
    /// The share card of `route` (for a widget, of its `view`), from what
    /// the page shows: the figures of statistics pages and data widgets as
    /// published, the declaration's title or provision on its pages, the
    /// page's description elsewhere.
    pub fn card(&self, route: Route, view: &WidgetView) -> Card {
        self.card_of(route, view, &self.export)
    }

    /// The share card of a widget pinned to an archived release: its whole
    /// release from that release's own export, under the pinned page's
    /// title; `None` when that export was not read.
    pub fn pinned_card(&self, pinned: &Pinned) -> Option<Card> {
        let export = self.archived.get(pinned.release_id())?;
        Some(Card {
            title: self.pinned_title(pinned),
            ..self.card_of(pinned.live(), &WidgetView::default(), export)
        })
    }

    /// The share card of `route` with the figures of `e`.
    fn card_of(&self, route: Route, view: &WidgetView, e: &Export) -> Card {
        let lang = route.lang().unwrap_or(Lang::En);
        let locale = Locale::from(lang);
        let (title, description) = self.title_and_description(route);
        let text = self.declaration.text(TextVersion::Final, lang);
        let words = |text: String, note: Option<&str>| CardBody::Text {
            text,
            note: note.map(str::to_owned),
        };
        let status = text.map(|t| status_label(lang, t.front.status));
        let (title, subtitle, body) = match route {
            Route::Page(_, Page::Statistics) | Route::Region(..) => {
                let region = match route {
                    Route::Region(_, code) => Some(code),
                    _ => None,
                };
                (title, None, funnel_figures(e, lang, region, view))
            }
            Route::Page(_, Page::Declaration) | Route::Compare(..) => (
                title,
                None,
                words(
                    text.map(|t| t.front.title.clone()).unwrap_or_default(),
                    status,
                ),
            ),
            Route::Embed(_, widget) => {
                let subtitle = (widget.page() == Page::Statistics).then(|| {
                    self.view_label(lang, view).unwrap_or_else(|| {
                        format!(
                            "{} · {}",
                            td_string!(locale, stats_all_regions),
                            td_string!(locale, stats_period_all)
                        )
                    })
                });
                let body = match widget {
                    Widget::Headline | Widget::Funnel => funnel_figures(e, lang, None, view),
                    Widget::Trend => {
                        let report = e.report(&view.query(e).resolve(e));
                        CardBody::Trend {
                            figure: (
                                Texts::new(lang).measure(Measure::Reported).to_owned(),
                                report.funnel[0],
                            ),
                            weeks: report.weekly.iter().map(|(_, t)| *t).collect(),
                        }
                    }
                    Widget::Map => {
                        let report = e.report(&view.query(e).resolve(e));
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
                            figure: (
                                Texts::new(lang).measure(Measure::Reported).to_owned(),
                                report.funnel[0],
                            ),
                            tiles,
                        }
                    }
                    Widget::Pillars => words(description.to_owned(), None),
                    Widget::Provision(n) => words(
                        // The plain text the fingerprint covers, set as
                        // the page sets it (French spaces before colons).
                        text.and_then(|t| t.provision(&format!("c{n}")))
                            .map(|p| typeset(lang.code(), &p.text))
                            .unwrap_or_default(),
                        status,
                    ),
                };
                (self.widget_title(lang, widget), subtitle, body)
            }
            Route::Root | Route::NotFound(None) => (
                td_string!(locale, site_name).to_owned(),
                None,
                words(description.to_owned(), None),
            ),
            Route::Page(_, Page::Home) => (
                page_title(lang, Page::Home).to_owned(),
                None,
                words(description.to_owned(), None),
            ),
            Route::Page(..) | Route::NotFound(Some(_)) => {
                (title, None, words(description.to_owned(), None))
            }
        };
        Card {
            lang,
            title,
            subtitle,
            body,
            release: Release::from(&e.release),
        }
    }
}

/// The verification funnel's four figures of a view of `e` (of one region's
/// whole release on its page), as the statistics page gives them.
fn funnel_figures(e: &Export, lang: Lang, region: Option<&str>, view: &WidgetView) -> CardBody {
    let mut query = view.query(e);
    query.regions.extend(region.map(str::to_owned));
    let funnel = e.headline_of(&query.resolve(e)).funnel;
    let t = Texts::new(lang);
    CardBody::Figures(
        Measure::ALL
            .into_iter()
            .zip(funnel)
            .map(|(m, total)| (t.measure(m).to_owned(), total))
            .collect(),
    )
}
