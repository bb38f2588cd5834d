//! The widget pages (`/embed/{lang}/{widget}/`) and their oEmbed documents:
//! the portal's own components in a page of their own, with no portal
//! script and no wasm.

use super::cards::Cards;
use super::{render, Site};
use leptos::prelude::*;
use portal::components::{data_widget_title, ShareImage};
use portal::components::{edition_label, status_label, Labels};
use portal::components::{
    EmbedFrame, EmbedHead, EmbedMeta, Funnel, HeadlineFigures, TileMap, WeeklyTrend,
};
use portal::locale::{preset_label, td_string, Locale};
use portal::model::declaration::TextVersion;
use portal::model::embed::{fallback_height, oembed_html, pinned_height, WidgetView};
use portal::model::format::{colon, long_date};
use portal::model::region::TILES;
use portal::model::route::{Pinned, Widget};
use portal::model::{Lang, Page, Release, Route};
use portal::pages::{Builder, BuilderWidget, ProvisionView, ThreePillars};

/// Where the oEmbed document of a widget's page, or of one of its views, is
/// published: beside the page, so that a CMS given any widget URL finds the
/// snippet for exactly that view.
fn oembed_path(route: Route, view: &WidgetView) -> String {
    format!("{}{}oembed.json", route.path(), view.path())
}

/// The oEmbed document's file in the site.
pub fn oembed_file(route: Route, view: &WidgetView) -> String {
    oembed_path(route, view).trim_start_matches('/').to_owned()
}

impl Site {
    /// The widget's title in its language.
    pub fn widget_title(&self, lang: Lang, widget: Widget) -> String {
        let locale = Locale::from(lang);
        match widget {
            Widget::Pillars => td_string!(locale, pillars_three).into(),
            Widget::Provision(n) => {
                let heading = self
                    .declaration
                    .text(TextVersion::Final, lang)
                    .and_then(|t| t.provision(&format!("c{n}")).map(|p| p.heading.clone()))
                    .unwrap_or_default();
                format!(
                    "{}, c{n}{}{heading}",
                    td_string!(locale, declaration_title),
                    colon(lang)
                )
            }
            data => data_widget_title(lang, data).unwrap_or_default().into(),
        }
    }

    /// The title of a widget page, or of one of its views ("Reported
    /// violations per week · Kharkiv Oblast · Last 12 weeks").
    pub fn view_title(&self, route: Route, view: &WidgetView) -> String {
        let (title, _) = self.title_and_description(route);
        match route.lang().and_then(|lang| self.view_label(lang, view)) {
            Some(label) => format!("{title} · {label}"),
            None => title,
        }
    }

    /// The `<head>` entries of a widget page, or of one of its views.
    pub fn widget_head(&self, route: Route, view: &WidgetView, image: ShareImage) -> String {
        let (_, description) = self.title_and_description(route);
        let meta = EmbedMeta {
            title: self.view_title(route, view),
            description: description.to_owned(),
            url: format!("{}{}{}", self.site_url, route.path(), view.path()),
            oembed: format!("{}{}", self.site_url, oembed_path(route, view)),
            image,
        };
        render(move || view! { <EmbedHead meta=meta/> })
    }

    /// The title of a widget pinned to an archived release ("Reported
    /// violations per week · Data release 2026-W40").
    pub fn pinned_title(&self, pinned: &Pinned) -> String {
        let locale = Locale::from(pinned.lang);
        format!(
            "{} · {} {}",
            self.widget_title(pinned.lang, pinned.widget),
            td_string!(locale, footer_release),
            pinned.release_id()
        )
    }

    /// The `<head>` entries of a widget pinned to an archived release: its
    /// own URL is its canonical one, as for every widget page.
    pub fn pinned_head(&self, pinned: &Pinned, image: ShareImage) -> String {
        let (_, description) = self.title_and_description(pinned.live());
        let url = format!("{}{}", self.site_url, pinned.path());
        let meta = EmbedMeta {
            title: self.pinned_title(pinned),
            description: description.to_owned(),
            oembed: format!("{url}oembed.json"),
            url,
            image,
        };
        render(move || view! { <EmbedHead meta=meta/> })
    }

    /// The `<body>` of a widget pinned to an archived release: its whole
    /// release from that release's own export, with a line that names the
    /// release and its data-as-of date and links to the latest figures. Its
    /// link to the full view opens that release in the explorer.
    pub fn pinned_body(&self, pinned: &Pinned) -> Option<String> {
        let export = self.archived.get(pinned.release_id())?;
        Some(self.figures_body(
            pinned.lang,
            pinned.widget,
            &WidgetView::default(),
            export,
            None,
        ))
    }

    /// What a narrowed view shows, in `lang`: "Kharkivska oblast · Last 12
    /// weeks"; `None` for the whole release.
    pub fn view_label(&self, lang: Lang, view: &WidgetView) -> Option<String> {
        if view.path().is_empty() {
            return None;
        }
        let locale = Locale::from(lang);
        let e = &self.export;
        let name = |t: &portal::model::text::Translations| t.get(&lang).cloned();
        let scope = match &view.scope {
            None => Some(td_string!(locale, stats_all_regions).to_owned()),
            Some(code) => e
                .regions
                .iter()
                .find(|r| &r.code == code)
                .and_then(|r| name(&r.name))
                .or_else(|| {
                    e.categories
                        .iter()
                        .find(|c| &c.code == code)
                        .and_then(|c| name(&c.label))
                }),
        };
        let period = preset_label(lang, view.weeks)?;
        Some(format!("{} · {period}", scope?))
    }

    /// The `<body>` of a widget page, or of one of its views, with the
    /// image of its figures (for data widgets).
    pub fn widget_body(
        &self,
        lang: Lang,
        widget: Widget,
        view: &WidgetView,
        cards: &mut Cards,
    ) -> String {
        self.figures_body(lang, widget, view, &self.export, Some(cards))
    }

    /// The `<body>` of a widget page with the figures of `e`: the latest
    /// release, whose figures' images go into `cards`, or (without
    /// `cards`) the archived release `e` is, pinned to.
    fn figures_body(
        &self,
        lang: Lang,
        widget: Widget,
        view: &WidgetView,
        e: &portal::model::export::Export,
        cards: Option<&mut Cards>,
    ) -> String {
        let pinned = cards.is_none().then_some(e.release.release_id.as_str());
        let mut query = view.query(e);
        query.release = pinned.map(str::to_owned);
        let selection = query.resolve(e);
        let report = e.report(&selection);
        let release = Some(match pinned {
            Some(_) => Release::from(&e.release),
            None => self.release.clone(),
        });
        let latest = pinned.map(|_| Route::Page(lang, Page::Statistics).href());
        // The view's filter (and the release pinned to), for the links to
        // the explorer and (on the map) to each region's page.
        let search = match query.to_query_string() {
            filter if filter.is_empty() => filter,
            filter => format!("?{filter}"),
        };
        let statistics = format!("{}{search}", Route::Page(lang, Page::Statistics).href());
        let title = self.widget_title(lang, widget);
        let label = self.view_label(lang, view);
        let locale = Locale::from(lang);
        // On a data widget's own page, for a query that asks for a view the
        // build did not prepare.
        let unknown = (label.is_none() && pinned.is_none() && widget.page() == Page::Statistics)
            .then(|| td_string!(locale, embed_unknown_view));
        // The image's source is the portal's page of the view: a region's
        // own page for a region's whole release, so that the widget's image
        // is the very file that page offers.
        let image = cards
            .filter(|_| Widget::DATA.contains(&widget))
            .map(|cards| {
                let region = match (&view.scope, view.weeks) {
                    (Some(code), None) => TILES.iter().find(|t| t.0 == code),
                    _ => None,
                };
                let source =
                    region.map_or_else(|| statistics.clone(), |t| Route::Region(lang, t.0).path());
                // A PNG where the statistics pages show the same view.
                let png = region.is_some() || view.path().is_empty();
                let name = view.path().trim_end_matches('/').replace('/', "-");
                let name = name.strip_suffix("-all").unwrap_or(&name);
                // The headline's figures are the funnel's four: its image is
                // the funnel's, one file with the statistics pages'.
                let figure = match widget {
                    Widget::Headline => Widget::Funnel,
                    other => other,
                };
                self.figure_image(
                    cards,
                    (lang, figure),
                    (e, &query),
                    (format!("{}{source}", self.site_url), png),
                    name,
                )
            });
        match widget {
            Widget::Headline => {
                let headline = e.headline_of(&selection);
                render(move || {
                    view! {
                        <EmbedFrame lang=lang title=title release=release view=label unknown_view=unknown latest=latest image=image full_view=statistics.clone()>
                            <HeadlineFigures lang=lang headline=headline more=statistics framed=true/>
                        </EmbedFrame>
                    }
                })
            }
            Widget::Funnel => {
                let k = e.release.k;
                render(move || {
                    view! {
                        <EmbedFrame lang=lang title=title release=release view=label unknown_view=unknown latest=latest image=image full_view=format!("{statistics}#funnel-heading")>
                            <Funnel lang=lang report=report k=k/>
                        </EmbedFrame>
                    }
                })
            }
            Widget::Trend => render(move || {
                view! {
                    <EmbedFrame lang=lang title=title release=release view=label unknown_view=unknown latest=latest image=image full_view=format!("{statistics}#trend-heading")>
                        <WeeklyTrend lang=lang report=report/>
                    </EmbedFrame>
                }
            }),
            Widget::Map => {
                let labels = Labels::new(e, lang);
                render(move || {
                    view! {
                        <EmbedFrame lang=lang title=title release=release view=label unknown_view=unknown latest=latest image=image full_view=format!("{statistics}#map-heading")>
                            <TileMap lang=lang report=report labels=labels filter=search/>
                        </EmbedFrame>
                    }
                })
            }
            Widget::Pillars => {
                let map = self.pillar_map(lang);
                let pillars = Route::Page(lang, Page::Pillars).href();
                render(move || {
                    view! {
                        <EmbedFrame lang=lang title=title release=release full_view=pillars>
                            {map.map(|map| view! { <ThreePillars lang=lang map=map/> })}
                        </EmbedFrame>
                    }
                })
            }
            Widget::Provision(n) => {
                let id = format!("c{n}");
                let text = self.declaration.text(TextVersion::Final, lang).cloned();
                let provision = text.as_ref().and_then(|t| t.provision(&id).cloned());
                let reader = Route::Page(lang, Page::Declaration);
                let url = format!("{}{}", self.site_url, reader.path());
                let full_view = format!("{}#{id}", reader.href());
                let edition = edition_label(lang, &self.versions);
                render(move || {
                    text.zip(provision).map(|(text, provision)| {
                        let note = status_label(lang, text.front.status);
                        view! {
                            <EmbedFrame lang=lang title=title release=None note=note full_view=full_view>
                                <ProvisionView lang=lang text=text provision=provision url=url edition=edition/>
                            </EmbedFrame>
                        }
                    })
                })
            }
        }
    }

    /// What the embed builder of `lang` offers: every widget's title in
    /// every language and its height, and the snippets as templates.
    pub fn builder(&self, lang: Lang) -> Builder {
        let widgets = Widget::ALL
            .iter()
            .map(|&w| BuilderWidget {
                slug: w.slug(),
                titles: Lang::ALL
                    .map(|l| (l.code().to_owned(), self.widget_title(l, w)))
                    .into(),
                height: fallback_height(w, &WidgetView::default()),
                by_category: w.page() == Page::Statistics,
                by_region: w.page() == Page::Statistics && w != Widget::Map,
                pinnable: Widget::DATA.contains(&w),
                pinned_height: pinned_height(w),
            })
            .collect();
        let locale = Locale::from(lang);
        // Newest first, as the releases page lists them.
        let releases = self
            .archive
            .iter()
            .map(|(r, _)| {
                let label = format!(
                    "{} {}, {} {}",
                    td_string!(locale, embed_release_pinned),
                    r.release_id,
                    td_string!(locale, release_as_of),
                    long_date(r.data_as_of, lang)
                );
                (r.release_id.clone(), label)
            })
            .collect();
        let labels = Labels::new(&self.export, lang);
        Builder {
            lang,
            origin: self.site_url.clone(),
            widgets,
            regions: labels.regions_by_name(),
            categories: labels.categories_named(),
            releases,
        }
    }

    /// The oEmbed document (type `rich`) of a widget's page or of one of its
    /// views: the snippet a CMS pastes.
    pub fn oembed(&self, route: Route, view: &WidgetView) -> String {
        let Route::Embed(lang, widget) = route else {
            return String::new();
        };
        let src = format!("{}{}{}", self.site_url, route.path(), view.path());
        self.oembed_document(
            lang,
            &self.view_title(route, view),
            &src,
            fallback_height(widget, view),
        )
    }

    /// The oEmbed document of a widget pinned to an archived release.
    pub fn pinned_oembed(&self, pinned: &Pinned) -> String {
        let src = format!("{}{}", self.site_url, pinned.path());
        self.oembed_document(
            pinned.lang,
            &self.pinned_title(pinned),
            &src,
            pinned_height(pinned.widget),
        )
    }

    fn oembed_document(&self, lang: Lang, title: &str, src: &str, height: u32) -> String {
        let locale = Locale::from(lang);
        let document = serde_json::json!({
            "version": "1.0",
            "type": "rich",
            "provider_name": td_string!(locale, site_name),
            "provider_url": format!("{}/", self.site_url),
            "title": title,
            "html": oembed_html(&self.site_url, src, title, &height.to_string()),
            "width": 640,
            "height": height,
            "cache_age": 86400,
        });
        serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
    }
}
