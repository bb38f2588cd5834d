//! Every page's and widget view's share card (`og:image`): composed from
//! what the page shows, written once per distinct card under
//! `cards/{fingerprint}.png` and shared by every page that has it; and the
//! images of the figures that the statistics pages and the data widgets
//! offer for download, composed and drawn the same way with their source
//! and licence, under `cards/figures/{fingerprint}.svg` and `.png` (twice
//! the size, for print).

use super::{io, PrerenderError, Site};
use portal::components::{
    card_alt, card_file, card_svg, download_files, figure_body, figure_card, figure_file_name,
    status_label, Card, CardBody, FigureImage, Rasteriser, ShareImage,
};
use portal::locale::{page_title, td_string, Locale};
use portal::model::base_path::href;
use portal::model::declaration::TextVersion;
use portal::model::embed::WidgetView;
use portal::model::export::Export;
use portal::model::query::Query;
use portal::model::route::{Pinned, Widget};
use portal::model::typography::typeset;
use portal::model::{Lang, Page, Release, Route};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The distinct cards of the site and the distinct images of figures, by
/// PNG file, as SVG.
#[derive(Default)]
pub struct Cards {
    cards: BTreeMap<String, String>,
    /// The figures' images, by the PNG's file: the SVG's file, the SVG,
    /// and whether a page links the PNG (and so it is drawn).
    figures: BTreeMap<String, (String, String, bool)>,
}

impl Cards {
    /// Adds `card` (once, however many pages have it) and says where link
    /// previews find it.
    pub fn add(&mut self, card: &Card, site_url: &str) -> ShareImage {
        let svg = card_svg(card);
        let file = card_file(&svg);
        let url = format!("{site_url}/{file}");
        self.cards.entry(file).or_insert(svg);
        ShareImage {
            url,
            alt: card_alt(card),
        }
    }

    /// Adds the image of a figure (a card with its `download` provenance),
    /// once, as SVG and, if `png`, as PNG; says where they are, from the
    /// site's root.
    fn add_figure(&mut self, card: &Card, png: bool) -> (Option<String>, String) {
        let svg = card_svg(card);
        let (svg_file, png_file) = download_files(&svg);
        let link = |file: &str| href(&format!("/{file}"));
        let paths = (png.then(|| link(&png_file)), link(&svg_file));
        let entry = self.figures.entry(png_file).or_insert((svg_file, svg, png));
        entry.2 |= png;
        paths
    }

    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// How many figures' images there are, and how many of them as PNG.
    pub fn figures(&self) -> (usize, usize) {
        let png = self.figures.values().filter(|f| f.2).count();
        (self.figures.len(), png)
    }

    /// Writes the figures' SVG files, and rasterises every card and
    /// figure into `dist`, on as many threads as the machine has cores
    /// (each picture is independent of the others). With a `cache`
    /// directory, a PNG drawn by an earlier build (same name, so the same
    /// SVG, renderer and scale) is copied from there, and a new one is
    /// kept there; returns how many PNGs were drawn.
    pub fn write(&self, dist: &Path, cache: Option<&Path>) -> Result<usize, PrerenderError> {
        for dir in ["cards", "cards/figures"] {
            let dir = dist.join(dir);
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
            if let Some(cache) = cache {
                let cached = cache.join(dir.strip_prefix(dist).unwrap_or(&dir));
                std::fs::create_dir_all(&cached).map_err(io(&cached))?;
            }
        }
        for (svg_file, svg, _) in self.figures.values() {
            let path = dist.join(svg_file);
            std::fs::write(&path, svg).map_err(io(&path))?;
        }
        let drawn = AtomicUsize::new(0);
        // The figures first: each takes four times a card's pixels, so the
        // threads end together.
        let cards: Vec<(&String, &String, bool)> = self
            .figures
            .iter()
            .filter(|(_, (_, _, png))| *png)
            .map(|(png, (_, svg, _))| (png, svg, true))
            .chain(self.cards.iter().map(|(png, svg)| (png, svg, false)))
            .collect();
        let next = AtomicUsize::new(0);
        let failure = Mutex::new(None);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    let rasteriser = Rasteriser::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(file, svg, figure)) = cards.get(i) else {
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
                        let png = match figure {
                            true => rasteriser.download_png(svg),
                            false => rasteriser.png(svg),
                        };
                        let written = png
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
                    Widget::Headline | Widget::Funnel | Widget::Trend | Widget::Map => {
                        figure_body(e, lang, widget, &view.query(e))
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
            download: None,
        }
    }
}

/// The verification funnel's four figures of a view of `e` (of one region's
/// whole release on its page), as the statistics page gives them.
fn funnel_figures(e: &Export, lang: Lang, region: Option<&str>, view: &WidgetView) -> CardBody {
    let mut query = view.query(e);
    query.regions.extend(region.map(str::to_owned));
    figure_body(e, lang, Widget::Funnel, &query)
}

impl Site {
    /// The image of a figure, `widget`'s or the statistics page's of the
    /// same name, for `query`'s view of `e`, as shown on the page at
    /// `source` (an absolute URL); `view` names the view in the file name a
    /// browser saves it under (`UA-63-last-12`, empty for the whole
    /// release). As SVG always, and as PNG for print if `png`: the
    /// statistics pages' views, whole release and regions (see the
    /// README: a PNG is 95 KB on average, an SVG 4 KB).
    pub fn figure_image(
        &self,
        cards: &mut Cards,
        (lang, widget): (Lang, Widget),
        (e, query): (&Export, &Query),
        (source, png): (String, bool),
        view: &str,
    ) -> FigureImage {
        let card = figure_card(e, lang, widget, query, source);
        let (png, svg) = cards.add_figure(&card, png);
        FigureImage {
            figure: widget,
            name: card.title,
            png,
            svg,
            file_name: figure_file_name(e, lang, widget, view),
        }
    }
}
