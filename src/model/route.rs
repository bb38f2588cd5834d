//! Every URL the portal publishes, and the file each one is written to.
//!
//! Routes are directories ending in `/` so that any static host serves
//! `…/index.html` for them without rewrites.

use super::Lang;

/// A portal page that exists in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Declaration,
    Pillars,
    Statistics,
    /// Every data release, what changed in each, and the corrections log.
    Releases,
    Methodology,
    /// The embed builder: widgets for other sites.
    Embed,
    /// The accessibility statement, linked from every page's footer.
    Accessibility,
}

impl Page {
    /// Every page: the navigation's, then the footer's.
    pub const ALL: [Page; 8] = [
        Page::Home,
        Page::Declaration,
        Page::Pillars,
        Page::Statistics,
        Page::Releases,
        Page::Methodology,
        Page::Embed,
        Page::Accessibility,
    ];

    /// The pages of the main navigation, in its order: all but the
    /// accessibility statement, which the footer links.
    pub const NAV: &'static [Page] = Page::ALL.split_at(7).0;

    /// Path segment after the language; empty for the home page.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Home => "",
            Page::Declaration => "declaration",
            Page::Pillars => "pillars",
            Page::Statistics => "statistics",
            Page::Releases => "releases",
            Page::Methodology => "methodology",
            Page::Embed => "embed",
            Page::Accessibility => "accessibility",
        }
    }

    /// Name of the page's content and catalogue entries (`home`, `declaration`, …).
    pub fn key(self) -> &'static str {
        match self {
            Page::Home => "home",
            other => other.slug(),
        }
    }
}

/// The embeddable widgets: small pages for news sites to frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Widget {
    Headline,
    Funnel,
    Trend,
    Map,
    Pillars,
    /// One of the five components, `c1` to `c5`.
    Provision(u8),
}

impl Widget {
    pub const ALL: [Widget; 10] = [
        Widget::Headline,
        Widget::Funnel,
        Widget::Trend,
        Widget::Map,
        Widget::Pillars,
        Widget::Provision(1),
        Widget::Provision(2),
        Widget::Provision(3),
        Widget::Provision(4),
        Widget::Provision(5),
    ];

    /// The widgets that show a release's figures: the statistics page's.
    /// Only they are narrowed to views and pinned to a release.
    pub const DATA: [Widget; 4] = [Widget::Headline, Widget::Funnel, Widget::Trend, Widget::Map];

    /// The widget's part of the URL: `headline`, `provision/c3`.
    pub fn slug(self) -> String {
        match self {
            Widget::Headline => "headline".into(),
            Widget::Funnel => "funnel".into(),
            Widget::Trend => "trend".into(),
            Widget::Map => "map".into(),
            Widget::Pillars => "pillars".into(),
            Widget::Provision(n) => format!("provision/c{n}"),
        }
    }

    /// The portal page the widget is part of: the statistics for the
    /// figures (which then carry their release), else the pillar map or
    /// the declaration.
    pub fn page(self) -> Page {
        match self {
            Widget::Pillars => Page::Pillars,
            Widget::Provision(_) => Page::Declaration,
            Widget::Headline | Widget::Funnel | Widget::Trend | Widget::Map => Page::Statistics,
        }
    }
}

/// The Atom feed of data releases and corrections in `lang`, beside its
/// releases page.
///
/// ```
/// use portal::model::{route::feed_path, Lang};
/// assert_eq!(feed_path(Lang::Fr), "/fr/releases.atom");
/// ```
pub fn feed_path(lang: Lang) -> String {
    format!("/{lang}/releases.atom")
}

/// One published URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/`: the language choice.
    Root,
    /// `/{lang}/…`
    Page(Lang, Page),
    /// `/{lang}/declaration/compare/{other}/`: the declaration in `lang`
    /// beside its text in `other`.
    Compare(Lang, Lang),
    /// `/{lang}/statistics/{code}/`: the statistics of one ISO 3166-2:UA
    /// unit (a code from [`super::region::REGION_CODES`]).
    Region(Lang, &'static str),
    /// `/{lang}/404.html`, and `/404.html` in all languages at once.
    NotFound(Option<Lang>),
    /// `/embed/{lang}/{widget}/`: a widget page for other sites to frame;
    /// not part of [`Route::all`], see [`Route::widgets`].
    Embed(Lang, Widget),
}

impl Route {
    /// Every route that the build writes, root first.
    pub fn all() -> Vec<Route> {
        let mut routes = vec![Route::Root, Route::NotFound(None)];
        for lang in Lang::ALL {
            routes.extend(Page::ALL.map(|p| Route::Page(lang, p)));
            routes.extend(
                Lang::ALL
                    .into_iter()
                    .filter(|other| *other != lang)
                    .map(|other| Route::Compare(lang, other)),
            );
            routes.extend(
                super::region::REGION_CODES
                    .into_iter()
                    .map(|code| Route::Region(lang, code)),
            );
            routes.push(Route::NotFound(Some(lang)));
        }
        routes
    }

    /// Every widget page in every language.
    pub fn widgets() -> Vec<Route> {
        Lang::ALL
            .into_iter()
            .flat_map(|lang| Widget::ALL.map(|w| Route::Embed(lang, w)))
            .collect()
    }

    /// The language of the route, if it has exactly one.
    pub fn lang(self) -> Option<Lang> {
        match self {
            Route::Root | Route::NotFound(None) => None,
            Route::Page(lang, _)
            | Route::Compare(lang, _)
            | Route::Region(lang, _)
            | Route::Embed(lang, _)
            | Route::NotFound(Some(lang)) => Some(lang),
        }
    }

    /// The URL path, absolute from the site root.
    ///
    /// ```
    /// use portal::model::{Lang, Page, Route};
    /// assert_eq!(Route::Page(Lang::De, Page::Pillars).path(), "/de/pillars/");
    /// assert_eq!(Route::Page(Lang::Uk, Page::Home).path(), "/uk/");
    /// ```
    pub fn path(self) -> String {
        match self {
            Route::Root => "/".to_owned(),
            Route::Page(lang, Page::Home) => format!("/{lang}/"),
            Route::Page(lang, page) => format!("/{lang}/{}/", page.slug()),
            Route::Compare(lang, other) => format!("/{lang}/declaration/compare/{other}/"),
            Route::Region(lang, code) => format!("/{lang}/statistics/{code}/"),
            Route::NotFound(None) => "/404.html".to_owned(),
            Route::NotFound(Some(lang)) => format!("/{lang}/404.html"),
            Route::Embed(lang, widget) => format!("/embed/{lang}/{}/", widget.slug()),
        }
    }

    /// The path as the site's own pages link to it: under the base path
    /// ([`super::base_path::href`]).
    pub fn href(self) -> String {
        super::base_path::href(&self.path())
    }

    /// The file under the site root that serves [`Route::path`].
    pub fn file(self) -> String {
        let path = self.path();
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_owned()
        }
    }

    /// The same route in another language; the root and the shared 404 page
    /// lead to that language's home and 404 page, and a comparison with the
    /// new language itself turns round.
    pub fn in_lang(self, lang: Lang) -> Route {
        match self {
            Route::Root => Route::Page(lang, Page::Home),
            Route::Page(_, page) => Route::Page(lang, page),
            Route::Compare(from, other) if other == lang => Route::Compare(lang, from),
            Route::Compare(_, other) => Route::Compare(lang, other),
            Route::Region(_, code) => Route::Region(lang, code),
            Route::NotFound(_) => Route::NotFound(Some(lang)),
            Route::Embed(_, widget) => Route::Embed(lang, widget),
        }
    }

    /// Whether search engines should index the route (404 pages: no).
    pub fn indexable(self) -> bool {
        !matches!(self, Route::NotFound(_) | Route::Embed(..))
    }

    /// Parses a URL path as published by [`Route::path`].
    pub fn parse(path: &str) -> Option<Route> {
        if path == "/" {
            return Some(Route::Root);
        }
        Route::all()
            .into_iter()
            .chain(Route::widgets())
            .find(|r| r.path() == path)
    }
}

/// A data widget's whole release as published in one archived release:
/// `/embed/{lang}/releases/{release_id}/{widget}/`. Its figures never
/// change, so an article that embeds it keeps saying what it said when it
/// was published, while [`Route::Embed`] always shows the latest release.
///
/// The release's segment comes before the widget's so that no region or
/// category code of a narrowed view (`/embed/{lang}/{widget}/{scope}/…`)
/// can ever name the same path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pinned {
    pub lang: Lang,
    pub widget: Widget,
    release_id: String,
}

impl Pinned {
    /// The pinned page of `widget` in `release_id`; `None` for a widget
    /// without figures or an id that cannot be a release's.
    ///
    /// ```
    /// use portal::model::route::{Pinned, Widget};
    /// use portal::model::Lang;
    /// let pinned = Pinned::new(Lang::De, Widget::Trend, "2026-W40").unwrap();
    /// assert_eq!(pinned.path(), "/embed/de/releases/2026-W40/trend/");
    /// assert!(Pinned::new(Lang::De, Widget::Pillars, "2026-W40").is_none());
    /// assert!(Pinned::new(Lang::De, Widget::Trend, "..").is_none());
    /// ```
    pub fn new(lang: Lang, widget: Widget, release_id: &str) -> Option<Pinned> {
        let ok = Widget::DATA.contains(&widget)
            && super::release::check_release_id("", release_id).is_ok();
        ok.then(|| Pinned {
            lang,
            widget,
            release_id: release_id.to_owned(),
        })
    }

    /// Every pinned page the build writes for the archived releases
    /// `release_ids`: each data widget in each language. Ids that cannot
    /// be a release's are left out.
    pub fn all<'a>(release_ids: impl IntoIterator<Item = &'a str>) -> Vec<Pinned> {
        let ids: Vec<&str> = release_ids.into_iter().collect();
        Lang::ALL
            .into_iter()
            .flat_map(|lang| {
                ids.iter().flat_map(move |id| {
                    Widget::DATA
                        .into_iter()
                        .filter_map(move |w| Pinned::new(lang, w, id))
                })
            })
            .collect()
    }

    pub fn release_id(&self) -> &str {
        &self.release_id
    }

    /// The widget's page that always shows the latest release.
    pub fn live(&self) -> Route {
        Route::Embed(self.lang, self.widget)
    }

    /// The URL path, absolute from the site root.
    pub fn path(&self) -> String {
        format!(
            "/embed/{}/releases/{}/{}/",
            self.lang,
            self.release_id,
            self.widget.slug()
        )
    }

    /// The file under the site root that serves [`Pinned::path`].
    pub fn file(&self) -> String {
        format!("{}index.html", self.path().trim_start_matches('/'))
    }

    /// Parses a URL path as published by [`Pinned::path`].
    ///
    /// ```
    /// use portal::model::route::Pinned;
    /// let pinned = Pinned::parse("/embed/uk/releases/r1/map/").unwrap();
    /// assert_eq!(pinned.release_id(), "r1");
    /// assert_eq!(Pinned::parse("/embed/uk/map/"), None);
    /// ```
    pub fn parse(path: &str) -> Option<Pinned> {
        let rest = path.strip_prefix("/embed/")?.strip_suffix('/')?;
        let mut parts = rest.splitn(4, '/');
        let (lang, releases, id, slug) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let widget = Widget::DATA.into_iter().find(|w| w.slug() == slug)?;
        (releases == "releases")
            .then(|| Pinned::new(lang.parse().ok()?, widget, id))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_route_has_a_distinct_path_and_file() {
        let routes = Route::all();
        assert_eq!(routes.len(), 2 + 4 * (9 + 3 + 27));
        let paths: HashSet<_> = routes.iter().map(|r| r.path()).collect();
        let files: HashSet<_> = routes.iter().map(|r| r.file()).collect();
        assert_eq!(paths.len(), routes.len());
        assert_eq!(files.len(), routes.len());
    }

    #[test]
    fn paths_parse_back() {
        for route in Route::all().into_iter().chain(Route::widgets()) {
            assert_eq!(Route::parse(&route.path()), Some(route));
        }
        assert_eq!(
            Route::parse("/en/statistics"),
            None,
            "published paths end in /"
        );
        assert_eq!(Route::parse("/ru/"), None);
    }

    #[test]
    fn files_are_index_files_of_directories() {
        assert_eq!(Route::Root.file(), "index.html");
        assert_eq!(
            Route::Page(Lang::Fr, Page::Methodology).file(),
            "fr/methodology/index.html"
        );
        assert_eq!(Route::NotFound(Some(Lang::Uk)).file(), "uk/404.html");
    }

    #[test]
    fn switching_language_keeps_the_page() {
        let route = Route::Page(Lang::Uk, Page::Statistics);
        assert_eq!(
            route.in_lang(Lang::Fr),
            Route::Page(Lang::Fr, Page::Statistics)
        );
        assert_eq!(
            Route::Root.in_lang(Lang::De),
            Route::Page(Lang::De, Page::Home)
        );
        assert_eq!(
            Route::NotFound(None).in_lang(Lang::En),
            Route::NotFound(Some(Lang::En))
        );
        let compare = Route::Compare(Lang::En, Lang::Uk);
        assert_eq!(compare.path(), "/en/declaration/compare/uk/");
        assert_eq!(
            compare.in_lang(Lang::De),
            Route::Compare(Lang::De, Lang::Uk)
        );
        assert_eq!(
            compare.in_lang(Lang::Uk),
            Route::Compare(Lang::Uk, Lang::En)
        );
    }

    #[test]
    fn pinned_pages_are_the_data_widgets_of_each_release_in_each_language() {
        let pinned = Pinned::all(["r1", "r2"]);
        assert_eq!(pinned.len(), 4 * 2 * 4);
        assert!(pinned.iter().all(|p| Widget::DATA.contains(&p.widget)));
        let paths: HashSet<_> = pinned.iter().map(Pinned::path).collect();
        assert_eq!(paths.len(), pinned.len());
        for p in &pinned {
            assert_eq!(Pinned::parse(&p.path()).as_ref(), Some(p));
            assert_eq!(p.file(), format!("{}index.html", &p.path()[1..]));
            assert_eq!(p.live(), Route::Embed(p.lang, p.widget));
        }
        assert_eq!(Pinned::all(["..", "<b>", ""]), vec![]);
    }

    #[test]
    fn pinned_paths_are_no_other_route_and_no_view() {
        let routes: HashSet<String> = Route::all()
            .into_iter()
            .chain(Route::widgets())
            .map(Route::path)
            .collect();
        // A release whose id is a region or category code still has paths
        // of its own: the widget comes last.
        for p in Pinned::all(["UA-63", "mortar", "all", "last-4"]) {
            assert!(!routes.contains(&p.path()), "{}", p.path());
            assert_eq!(Route::parse(&p.path()), None);
            assert!(p
                .path()
                .starts_with(&format!("/embed/{}/releases/", p.lang)));
        }
        for path in [
            "/embed/en/trend/UA-63/last-12/",
            "/embed/en/releases/r1/pillars/",
            "/embed/en/releases/r1/provision/c1/",
            "/embed/en/releases/../trend/",
            "/embed/ru/releases/r1/trend/",
            "/embed/en/releases/r1/trend",
            "/embed/en/releases/r1/trend/extra/",
        ] {
            assert_eq!(Pinned::parse(path), None, "{path}");
        }
    }
}
