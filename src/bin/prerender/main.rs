//! Writes every route of the portal into `dist/` as static HTML, rendered
//! natively (Leptos `ssr`) from the same components that hydrate in the
//! browser. Runs after `trunk build`, whose `dist/index.html` supplies the
//! `<head>` (stylesheet, script and preload links with their hashes).
//!
//! Usage: `prerender [DIST] [--content DIR] [--template FILE]` (defaults
//! `dist`, `content` and `DIST/index.html`). The public origin for
//! canonical and Open Graph URLs, feeds, the sitemap and embed snippets
//! comes from `SITE_URL`, which must be a public HTTPS origin unless
//! `--local` builds the site for this machine (`make serve`, the tests;
//! default `http://127.0.0.1:8080`). The data in `DIST_DIR/data/`
//! (the latest release and the archive of every release) is validated as
//! the portal does; an invalid file fails the build. A release's signature
//! (`SHA256SUMS.minisig`), where there is one, must verify with the key the
//! portal publishes (`content/signing-key.pub`).

mod cards;
mod feed;
mod widgets;

use chrono::{DateTime, Utc};
use clap::Parser as _;
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use portal::components::{stage_anchor, written, Cite, Cited, Labels};
use portal::components::{Names, PageHead, PageMeta, ShareImage, Shell, SiteFooter};
use portal::content::{self, Source};
use portal::exporter::signing::{self, PublicKey, SIGNATURE_FILE, SUMS_FILE};
use portal::locale::{page_description, page_title, td_string, Locale, Texts};
use portal::model::archive::{ArchivedRelease, ReleaseIndex, INDEX_FILE, RELEASES_DIR};
use portal::model::base_path::{self, base_path, BasePathError};
use portal::model::citation::Figure;
use portal::model::correction::CorrectionLog;
use portal::model::count::Count;
use portal::model::declaration::{Declaration, SummaryVersions, TextVersion};
use portal::model::digest::sha256_hex;
use portal::model::embed::WidgetView;
use portal::model::export::Export;
use portal::model::export::Measure;
use portal::model::format::colon;
use portal::model::open_data::{datapackage, dataset_json_ld, DatasetPage};
use portal::model::pillars::Structure;
use portal::model::query::Query;
use portal::model::record::Record;
use portal::model::revision::Revision;
use portal::model::route::{feed_path, Pinned, Widget};
use portal::model::site_url::{site_url, SiteUrlError};
use portal::model::{Lang, Page, Release, Route};
use portal::pages::{
    AccessibilityPage, CitationExample, ComparePage, DeclarationPage, EmbedPage, History, HomePage,
    LanguageChoicePage, MethodologyPage, NotFoundPage, Overview, PillarMap, PillarsPage,
    Protection, Reader, ReleaseChange, ReleasesPage, SigningKey, Statistics, StatisticsPage,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
enum PrerenderError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Content(#[from] content::ContentError),
    #[error("{path}: {reason}")]
    Template { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    Data {
        path: PathBuf,
        source: portal::model::DataError,
    },
    #[error("{0}/release.json and export.json describe different releases: publish them together (the exporter writes both)")]
    Mismatch(PathBuf),
    #[error("{path}: {reason}")]
    Archive { path: PathBuf, reason: String },
    #[error("{0}")]
    SiteUrl(#[from] SiteUrlError),
    #[error("{0}")]
    BasePath(#[from] BasePathError),
    #[error("{path}: {reason}")]
    Card { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PrerenderError + '_ {
    move |source| PrerenderError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Trunk's `index.html`, split where each page's parts go.
struct Template {
    before_head_end: String,
    between: String,
    after_body: String,
    /// The portal's script, which widget pages leave out.
    boot: String,
}

/// The attributes in which Trunk names its assets, from the site's root.
const ASSET_ATTRIBUTES: [&str; 4] = ["src", "href", "data-js", "data-wasm"];

impl Template {
    /// The template at `path`, its assets under `base` (the base path):
    /// Trunk builds once for the root, and the prerender moves its URLs
    /// and names the base for the wasm ([`base_path::META_NAME`]).
    fn read(path: &Path, base: &str) -> Result<Template, PrerenderError> {
        let mut text = std::fs::read_to_string(path).map_err(io(path))?;
        if !base.is_empty() {
            for name in ASSET_ATTRIBUTES {
                text = text.replace(&format!(" {name}=\"/"), &format!(" {name}=\"{base}/"));
            }
            text = text.replacen(
                "</head>",
                &format!(
                    "  <meta name=\"{}\" content=\"{base}\">\n</head>",
                    base_path::META_NAME
                ),
                1,
            );
        }
        let fail = |reason: &str| PrerenderError::Template {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        let head_end = text.find("</head>").ok_or_else(|| fail("no </head>"))?;
        let body_open = text[head_end..]
            .find("<body>")
            .map(|i| head_end + i + "<body>".len())
            .ok_or_else(|| fail("no <body> after </head>"))?;
        let body_close = text.rfind("</body>").ok_or_else(|| fail("no </body>"))?;
        if !text[body_open..body_close].trim().is_empty() {
            return Err(fail("<body> must be empty: the prerender fills it"));
        }
        if !text.contains("<html lang=\"en\">") {
            return Err(fail(
                "expected <html lang=\"en\"> to set each page's language",
            ));
        }
        Ok(Template {
            before_head_end: text[..head_end].to_owned(),
            between: text[head_end..body_open].to_owned(),
            after_body: text[body_close..].to_owned(),
            boot: format!("src=\"{base}/boot.js\""),
        })
    }

    /// A widget page: the same document without the portal's script;
    /// `views` (on a data widget's own page) lists the region and category
    /// codes its narrowed views are prepared for, as `data-views` on `<html>`.
    fn widget(&self, lang: Lang, head: &str, body: &str, views: &str) -> String {
        let page = self.page(lang, head, body);
        let page = match views {
            "" => page,
            views => page.replacen(
                &format!("<html lang=\"{lang}\">"),
                &format!("<html lang=\"{lang}\" data-views=\"{views}\">"),
                1,
            ),
        };
        page.lines()
            .filter(|line| !line.contains(&self.boot))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn page(&self, lang: Lang, head: &str, body: &str) -> String {
        let start = self.before_head_end.replacen(
            "<html lang=\"en\">",
            &format!("<html lang=\"{lang}\">"),
            1,
        );
        format!("{start}{head}{}{body}{}", self.between, self.after_body)
    }
}

/// Renders a view to HTML inside a fresh islands-mode reactive root.
///
/// Leptos marks hydration boundaries with the empty comment `<!>`, which the
/// HTML standard calls a parse error ("abrupt closing of empty comment").
/// `<!---->` parses into the same empty comment node, so the hydrating wasm
/// sees an identical DOM and validators see valid HTML. (Text content is
/// escaped, so `<!>` occurs only as such a marker.)
fn render<V: IntoView + 'static>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new_islands())));
    owner
        .with(|| view().into_view().to_html())
        .replace("<!>", "<!---->")
}

/// Every archived release, newest first, with the release before it and
/// what changed since.
type Archive = Vec<(ArchivedRelease, Option<(String, Revision)>)>;

struct Site {
    release: Release,
    sources: Vec<Source>,
    declaration: Declaration,
    versions: SummaryVersions,
    record: Record,
    structure: Structure,
    export: Export,
    archive: Archive,
    /// Every archived release's export, by release id: the pinned widgets'.
    archived: HashMap<String, Export>,
    /// The key that signs the releases, if the portal publishes one.
    signing_key: Option<PublicKey>,
    /// The releases whose signature verified with it.
    signed: BTreeSet<String>,
    corrections: BTreeMap<Lang, CorrectionLog>,
    prose: HashMap<(Lang, Page), String>,
    site_url: String,
}

impl Site {
    /// The page's title and description, for its head and its share card.
    fn title_and_description(&self, route: Route) -> (String, &'static str) {
        let lang = route.lang().unwrap_or(Lang::En);
        let locale = Locale::from(lang);
        match route {
            Route::Page(lang, page) => {
                (page_title(lang, page).into(), page_description(lang, page))
            }
            Route::NotFound(_) => (
                td_string!(locale, not_found_title).into(),
                td_string!(locale, not_found_description),
            ),
            Route::Root => (
                td_string!(locale, site_name).into(),
                td_string!(locale, site_tagline),
            ),
            Route::Compare(lang, other) => (
                format!(
                    "{} ({} · {})",
                    td_string!(locale, decl_compare_title),
                    lang.native_name(),
                    other.native_name()
                ),
                td_string!(locale, decl_compare_description),
            ),
            Route::Region(lang, code) => (
                format!(
                    "{}{}{}",
                    self.region_name(lang, code),
                    colon(lang),
                    page_title(lang, Page::Statistics)
                ),
                page_description(lang, Page::Statistics),
            ),
            Route::Embed(lang, widget) => (
                self.widget_title(lang, widget),
                page_description(lang, widget.page()),
            ),
        }
    }

    fn meta(&self, route: Route, image: ShareImage) -> PageMeta {
        let locale = Locale::from(route.lang().unwrap_or(Lang::En));
        let (title, description) = self.title_and_description(route);
        PageMeta {
            route,
            title,
            description: description.to_owned(),
            site_name: td_string!(locale, site_name).to_owned(),
            site_url: self.site_url.clone(),
            image,
        }
    }

    /// A region's name in `lang`, from the export.
    fn region_name(&self, lang: Lang, code: &str) -> String {
        self.export
            .regions
            .iter()
            .find(|r| r.code == code)
            .and_then(|r| r.name.get(&lang).cloned())
            .unwrap_or_else(|| code.to_owned())
    }

    /// What the declaration reader of `lang` shows.
    fn reader(&self, lang: Lang, route: Route) -> Option<Reader> {
        let text = self.declaration.text(TextVersion::Final, lang)?.clone();
        let changes = self
            .declaration
            .text(TextVersion::DraftAsReported, lang)
            .map(|draft| content::declaration::diff(draft, &text))
            .unwrap_or_default();
        Some(Reader {
            text,
            changes,
            versions: self.versions.clone(),
            record: self.record.clone(),
            sources: self.sources.clone(),
            url: format!("{}{}", self.site_url, route.path()),
        })
    }

    /// What the pillar map of `lang` shows.
    fn pillar_map(&self, lang: Lang) -> Option<PillarMap> {
        Some(PillarMap {
            structure: self.structure.clone(),
            text: self.declaration.text(TextVersion::Final, lang)?.clone(),
            source: self
                .sources
                .iter()
                .find(|s| s.id == self.structure.source)?
                .clone(),
            headline: self.export.headline(),
        })
    }

    /// What the statistics page of `lang` shows: the whole release, or one
    /// region.
    fn statistics(
        &self,
        lang: Lang,
        region: Option<&'static str>,
        cards: &mut cards::Cards,
    ) -> Statistics {
        let e = &self.export;
        let mut query = Query::default();
        query.regions.extend(region.map(str::to_owned));
        let route = match region {
            Some(code) => Route::Region(lang, code),
            None => Route::Page(lang, Page::Statistics),
        };
        let images = [Widget::Funnel, Widget::Trend, Widget::Map]
            .map(|figure| {
                self.figure_image(
                    cards,
                    (lang, figure),
                    (e, &query),
                    (format!("{}{}", self.site_url, route.path()), true),
                    region.unwrap_or_default(),
                )
            })
            .into();
        Statistics {
            images,
            release: self.release.clone(),
            region: region.map(|code| (code.to_owned(), self.region_name(lang, code))),
            report: e.report(&query.resolve(e)),
            labels: Labels::new(e, lang),
            k: e.release.k,
            weeks: e.weeks().map(|w| w.to_string()).collect(),
            dataset: self.dataset(match region {
                Some(code) => Route::Region(lang, code),
                None => Route::Page(lang, Page::Statistics),
            }),
            cite: Cite::new(e, &query, self.site_url.clone(), Some(sha256_hex)),
        }
    }

    /// What the citations of the release's headline figures share: the
    /// statistics page's view of the whole release.
    fn headline_cite(&self) -> Cite {
        let query = Query::default();
        Cite::new(
            &self.export,
            &query,
            self.site_url.clone(),
            Some(sha256_hex),
        )
    }

    /// The release as a schema.org `Dataset`, described on `route`'s page.
    fn dataset(&self, route: Route) -> String {
        let lang = route.lang().unwrap_or(Lang::En);
        let locale = Locale::from(lang);
        dataset_json_ld(
            &self.export.release,
            &DatasetPage {
                lang,
                url: format!("{}{}", self.site_url, route.path()),
                name: page_title(lang, Page::Statistics),
                description: page_description(lang, Page::Statistics),
                sample_note: td_string!(locale, stats_sample),
                site_name: td_string!(locale, site_name),
                site_url: &self.site_url,
            },
        )
    }

    /// The citation the methodology page shows as its example: the
    /// release's total of reported violations, as its statistics page
    /// cites it.
    fn example_citation(&self, lang: Lang) -> CitationExample {
        let e = &self.export;
        let query = Query::default();
        let value = e.report(&query.resolve(e)).funnel[0];
        let labels = Labels::new(e, lang);
        let cite = Cite::new(e, &query, self.site_url.clone(), None);
        let cited = Cited {
            figure: Figure::everywhere(
                Measure::Reported,
                (e.release.first_week, e.release.last_week),
            ),
            value,
            anchor: &stage_anchor(Measure::Reported),
            name: "",
        };
        let written = written(&Texts::new(lang), &cite, labels.named(), &cited);
        CitationExample {
            fingerprint: sha256_hex(written.canonical.as_bytes()),
            written,
        }
    }

    /// What the methodology page of `lang` says about this release.
    fn protection(&self, lang: Lang) -> Protection {
        let e = &self.export;
        Protection {
            release: self.release.clone(),
            k: e.release.k,
            withheld: Measure::ALL.map(|m| {
                let cells = e.cells.measure(m);
                let withheld = cells.iter().filter(|c| **c == Count::Suppressed).count();
                (withheld, cells.len())
            }),
            example: self.example_citation(lang),
            dataset: self.dataset(Route::Page(lang, Page::Methodology)),
            signing: self.signing_key.as_ref().and_then(|key| {
                let newest = self
                    .archive
                    .iter()
                    .find(|(r, _)| self.signed.contains(&r.release_id))?;
                Some(SigningKey {
                    public_key: key.to_base64(),
                    key_id: key.id().to_string(),
                    release_id: newest.0.release_id.clone(),
                })
            }),
        }
    }

    /// What the overview of `lang` shows.
    fn overview(&self, lang: Lang) -> Option<Overview> {
        Some(Overview {
            text: self.declaration.text(TextVersion::Final, lang)?.clone(),
            parties: self.record.parties.clone(),
            headline: self.export.headline(),
            cite: self.headline_cite(),
        })
    }

    /// What the releases page and the feed of `lang` show.
    fn history(&self, lang: Lang) -> History {
        let labels = Labels::new(&self.export, lang);
        History {
            releases: self
                .archive
                .iter()
                .map(|(release, change)| ReleaseChange {
                    release: release.clone(),
                    change: change.clone(),
                    corrections: self.corrections[&lang]
                        .of_release(&release.release_id)
                        .cloned()
                        .collect(),
                    signed: self.signed.contains(&release.release_id),
                })
                .collect(),
            names: Names {
                regions: labels.codes.into_iter().zip(labels.regions).collect(),
                categories: labels
                    .category_codes
                    .into_iter()
                    .zip(labels.categories)
                    .collect(),
            },
            sample: self.release.sample,
        }
    }

    /// A page of the portal: `content` inside the header, navigation and
    /// footer.
    fn in_shell<V: IntoView + 'static>(
        &self,
        route: Route,
        content: impl FnOnce() -> V + Send + 'static,
    ) -> String {
        let release = self.release.clone();
        let sources = self.sources.clone();
        render(move || {
            view! { <Shell route=route release=release sources=sources>{content()}</Shell> }
        })
    }

    fn body(&self, route: Route, cards: &mut cards::Cards) -> String {
        let text = |lang| self.declaration.text(TextVersion::Final, lang).cloned();
        match route {
            Route::Embed(lang, widget) => {
                self.widget_body(lang, widget, &WidgetView::default(), cards)
            }
            Route::Root | Route::NotFound(None) => {
                let (release, sources) = (self.release.clone(), self.sources.clone());
                render(move || {
                    view! {
                        <LanguageChoicePage route=route/>
                        <SiteFooter lang=Lang::En release=release sources=sources/>
                    }
                })
            }
            Route::NotFound(Some(lang)) => {
                self.in_shell(route, move || view! { <NotFoundPage lang=lang/> })
            }
            Route::Region(lang, code) => {
                let prose = self.prose[&(lang, Page::Statistics)].clone();
                let statistics = self.statistics(lang, Some(code), cards);
                self.in_shell(route, move || {
                    view! { <StatisticsPage lang=lang prose=prose statistics=statistics/> }
                })
            }
            Route::Compare(lang, other) => {
                let texts = text(lang).zip(text(other));
                self.in_shell(route, move || {
                    texts.map(|(left, right)| {
                        view! { <ComparePage lang=lang other=other left=left right=right/> }
                    })
                })
            }
            Route::Page(lang, page) => {
                let prose = self.prose[&(lang, page)].clone();
                match page {
                    Page::Home => {
                        let overview = self.overview(lang);
                        self.in_shell(route, move || {
                            overview.map(|overview| view! { <HomePage lang=lang prose=prose overview=overview/> })
                        })
                    }
                    Page::Declaration => {
                        let reader = self.reader(lang, route);
                        self.in_shell(route, move || {
                            reader.map(|reader| view! { <DeclarationPage lang=lang prose=prose reader=reader/> })
                        })
                    }
                    Page::Pillars => {
                        let map = self.pillar_map(lang);
                        let cite = self.headline_cite();
                        self.in_shell(route, move || {
                            map.map(|map| view! { <PillarsPage lang=lang prose=prose map=map cite=cite/> })
                        })
                    }
                    Page::Statistics => {
                        let statistics = self.statistics(lang, None, cards);
                        self.in_shell(route, move || {
                            view! { <StatisticsPage lang=lang prose=prose statistics=statistics/> }
                        })
                    }
                    Page::Embed => {
                        let builder = self.builder(lang);
                        self.in_shell(route, move || {
                            view! { <EmbedPage lang=lang prose=prose builder=builder/> }
                        })
                    }
                    Page::Releases => {
                        let history = self.history(lang);
                        self.in_shell(route, move || {
                            view! { <ReleasesPage lang=lang prose=prose history=history/> }
                        })
                    }
                    Page::Methodology => {
                        let protection = self.protection(lang);
                        self.in_shell(route, move || {
                            view! { <MethodologyPage lang=lang prose=prose protection=protection/> }
                        })
                    }
                    Page::Accessibility => self.in_shell(route, move || {
                        view! { <AccessibilityPage lang=lang prose=prose/> }
                    }),
                }
            }
        }
    }
}

/// The sitemap of every indexable page in its four languages, with the
/// release's time as `lastmod` on the pages that show its figures (for the
/// others the build does not know when their text last changed).
fn sitemap(site_url: &str, released: DateTime<Utc>) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for route in Route::all().into_iter().filter(|r| r.indexable()) {
        xml.push_str(&format!("  <url><loc>{site_url}{}</loc>", route.path()));
        if let Route::Page(
            _,
            Page::Home | Page::Pillars | Page::Statistics | Page::Methodology | Page::Releases,
        )
        | Route::Region(..) = route
        {
            xml.push_str(&format!("<lastmod>{}</lastmod>", released.to_rfc3339()));
        }
        for lang in Lang::ALL {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{site_url}{}\"/>",
                route.in_lang(lang).path()
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Reads the release archive in `data` as the exporter wrote it: the
/// index, and each release's files, whose bytes must match the fingerprints
/// the index records; the latest release must be `latest`, the export the
/// pages are built from. Returns the releases newest first, each with what
/// changed since the one before, and every archived export by release id.
fn read_archive(
    data: &Path,
    latest: &Export,
) -> Result<(Archive, HashMap<String, Export>), PrerenderError> {
    let path = data.join(INDEX_FILE);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let index = ReleaseIndex::parse(&text).map_err(|source| PrerenderError::Data {
        path: path.clone(),
        source,
    })?;
    let last = index
        .latest()
        .map(|r| (r.release_id.as_str(), r.sha256.as_str()));
    if last != Some((&latest.release.release_id, &latest.release.sha256)) {
        return Err(PrerenderError::Archive {
            path,
            reason: format!(
                "the latest archived release is {:?}, not the release {:?} of export.json: publish releases with the exporter, which writes both",
                last.map(|(id, _)| id),
                latest.release.release_id
            ),
        });
    }
    let mut read = Vec::new();
    for release in index.releases {
        let dir = data.join(RELEASES_DIR).join(&release.release_id);
        for (file, sha) in &release.files {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            if sha256_hex(&bytes) != *sha {
                return Err(PrerenderError::Archive {
                    path,
                    reason: format!("its SHA-256 is not {sha}, which the archive index records"),
                });
            }
        }
        let path = dir.join("export.json");
        let text = Export::read_file(&path).map_err(io(&path))?;
        let export = Export::parse(&text).map_err(|source| PrerenderError::Data {
            path: path.clone(),
            source,
        })?;
        if export.release.release_id != release.release_id
            || export.release.sha256 != release.sha256
        {
            return Err(PrerenderError::Archive {
                path,
                reason: format!(
                    "holds release {:?}, not {:?} as the archive index says",
                    export.release.release_id, release.release_id
                ),
            });
        }
        read.push((release, export));
    }
    let mut archive: Archive = read
        .iter()
        .enumerate()
        .map(|(i, (release, export))| {
            let change = i.checked_sub(1).map(|p| {
                let (before, previous) = &read[p];
                (
                    before.release_id.clone(),
                    Revision::between(previous, export),
                )
            });
            (release.clone(), change)
        })
        .collect();
    archive.reverse();
    let exports = read
        .into_iter()
        .map(|(release, export)| (release.release_id, export))
        .collect();
    Ok((archive, exports))
}

/// The published signing key (`signing-key.pub` in the content, optional)
/// and the archived releases whose signature verifies with it. A release
/// with a signature that does not verify, or signed while no key is
/// published, fails the build; so does the sample key over real data.
fn read_signatures(
    data: &Path,
    content_dir: &Path,
    archive: &Archive,
    sample: bool,
) -> Result<(Option<PublicKey>, BTreeSet<String>), PrerenderError> {
    let path = content_dir.join("signing-key.pub");
    let key = match std::fs::read_to_string(&path) {
        Ok(text) => Some(
            PublicKey::parse(&text).map_err(|e| PrerenderError::Archive {
                path: path.clone(),
                reason: e.to_string(),
            })?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(PrerenderError::Io { path, source }),
    };
    let sample_key = portal::exporter::archive::sample_key()
        .ok()
        .map(|k| k.public_key());
    if !sample && key.is_some() && key == sample_key {
        return Err(PrerenderError::Archive {
            path,
            reason: "is the sample key, whose secret half is published, but the data is not sample data: publish the data team's public key there (or remove the file while no release is signed)".into(),
        });
    }
    let mut signed = BTreeSet::new();
    for (release, _) in archive {
        let dir = data.join(RELEASES_DIR).join(&release.release_id);
        if !dir.join(SIGNATURE_FILE).exists() && !dir.join(SUMS_FILE).exists() {
            continue;
        }
        let Some(key) = &key else {
            return Err(PrerenderError::Archive {
                path: dir,
                reason: format!(
                    "the release is signed, but {} is missing: publish the public key that verifies it",
                    path.display()
                ),
            });
        };
        signing::verify_release(&dir, key, &[]).map_err(|e| PrerenderError::Archive {
            path: dir.join(SIGNATURE_FILE),
            reason: format!("does not verify with {}: {e}", path.display()),
        })?;
        signed.insert(release.release_id.clone());
    }
    Ok((key, signed))
}

/// Writes a page or document of the site, with the folders it is in.
fn write_file(path: &Path, text: String) -> Result<(), PrerenderError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::write(path, text).map_err(io(path))
}

#[derive(clap::Parser)]
#[command(about = "Writes every route of the portal into DIST as static HTML")]
struct Args {
    /// The site Trunk built; pages are written into it.
    #[arg(default_value = "dist")]
    dist: PathBuf,
    /// The editorial content: page prose, declaration texts, sources, parties.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The page template Trunk wrote (default DIST/index.html, which the
    /// root page then replaces: keep a copy to build again).
    #[arg(long)]
    template: Option<PathBuf>,
    /// A site for this machine: SITE_URL may be loopback or plain HTTP,
    /// and defaults to http://127.0.0.1:8080. Without it, SITE_URL must be
    /// the public HTTPS origin the site is deployed at.
    #[arg(long)]
    local: bool,
    /// Only check SITE_URL and stop: `make build` does so before the long
    /// steps.
    #[arg(long)]
    check_origin: bool,
    /// Where share cards drawn by earlier builds are kept (their names
    /// fingerprint what they show and what draws them), so that a build
    /// draws only new cards.
    #[arg(long)]
    cards_cache: Option<PathBuf>,
}

/// Builds the site, or with `--check-origin` only checks its origin; says
/// what it did.
fn run() -> Result<String, PrerenderError> {
    let Args {
        dist,
        content: content_dir,
        template,
        local,
        check_origin,
        cards_cache,
    } = Args::parse();
    let template = template.unwrap_or_else(|| dist.join("index.html"));
    let origin = site_url(std::env::var("SITE_URL").ok().as_deref(), local)?;
    let base = base_path(std::env::var("BASE_PATH").ok().as_deref())?;
    // The site's URL: absolute URLs are this and a path from the site's root.
    let site_url = format!("{origin}{base}");
    if check_origin {
        return Ok(format!("the site's URL is {site_url}/"));
    }
    base_path::set(base.clone());
    let content_dir = content_dir.as_path();
    // The same validation as the portal's: an invalid export fails the build.
    let data = dist.join("data");
    let path = data.join("release.json");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let release = Release::parse(&text).map_err(|source| PrerenderError::Data { path, source })?;
    let path = data.join("export.json");
    let text = Export::read_file(&path).map_err(io(&path))?;
    let export = Export::parse(&text).map_err(|source| PrerenderError::Data { path, source })?;
    if Release::from(&export.release) != release {
        return Err(PrerenderError::Mismatch(data));
    }
    let (archive, exports) = read_archive(&data, &export)?;
    let (signing_key, signed) = read_signatures(&data, content_dir, &archive, release.sample)?;
    let corrections = content::load_corrections(content_dir)?;
    for (lang, log) in &corrections {
        log.check_against(|id| exports.get(id))
            .map_err(|source| PrerenderError::Data {
                path: content_dir.join("corrections").join(format!("{lang}.toml")),
                source,
            })?;
    }
    let prose = content::load_pages(content_dir)?;
    let sources = content::load_sources(content_dir)?;
    let declaration = content::declaration::load(content_dir)?;
    let versions = content::declaration::load_versions(content_dir, &declaration)?;
    let ids = declaration
        .text(TextVersion::Final, Lang::En)
        .map(|t| t.ids())
        .unwrap_or_default();
    let record = content::load_record(content_dir, &sources, &ids)?;
    let structure = content::load_structure(content_dir, &sources, &ids)?;
    let site = Site {
        release,
        record,
        structure,
        export,
        archive,
        archived: exports,
        signing_key,
        signed,
        corrections,
        declaration,
        versions,
        sources,
        prose,
        site_url,
    };

    any_spawner::Executor::init_futures_executor().ok();
    let template = Template::read(&template, &base)?;
    let routes: Vec<Route> = Route::all().into_iter().chain(Route::widgets()).collect();
    let mut cards = cards::Cards::default();
    let mut pages = 0;
    for &route in &routes {
        let lang = route.lang().unwrap_or(Lang::En);
        let body = site.body(route, &mut cards);
        let mut files = Vec::new();
        if let Route::Embed(_, widget) = route {
            // The widget's own page names the views prepared for it, so that
            // widget.js can take a query to one of them.
            let views = WidgetView::all(widget, &site.export);
            let scopes: Vec<&str> = views
                .iter()
                .filter(|v| v.weeks.is_none())
                .filter_map(|v| v.scope.as_deref())
                .collect();
            let view = WidgetView::default();
            let image = cards.add(&site.card(route, &view), &site.site_url);
            let head = site.widget_head(route, &view, image);
            files.push((
                route.file(),
                template.widget(lang, &head, &body, &scopes.join(" ")),
            ));
            for view in &views {
                if !view.path().is_empty() {
                    let image = cards.add(&site.card(route, view), &site.site_url);
                    files.push((
                        format!(
                            "{}{}index.html",
                            route.path().trim_start_matches('/'),
                            view.path()
                        ),
                        template.widget(
                            lang,
                            &site.widget_head(route, view, image),
                            &site.widget_body(lang, widget, view, &mut cards),
                            "",
                        ),
                    ));
                }
                files.push((widgets::oembed_file(route, view), site.oembed(route, view)));
            }
        } else {
            let image = cards.add(&site.card(route, &WidgetView::default()), &site.site_url);
            let head = render({
                let meta = site.meta(route, image);
                move || view! { <PageHead meta=meta/> }
            });
            files.push((route.file(), template.page(lang, &head, &body)));
        }
        for (file, text) in files {
            pages += usize::from(file.ends_with(".html"));
            write_file(&dist.join(file), text)?;
        }
    }
    // The data widgets as published in each archived release, for the
    // embed builder's "as published in release …": their whole release only.
    let pinned = Pinned::all(site.archive.iter().map(|(r, _)| r.release_id.as_str()));
    for p in &pinned {
        let missing = || PrerenderError::Archive {
            path: data.join(INDEX_FILE),
            reason: format!("no export read for release {:?}", p.release_id()),
        };
        let body = site.pinned_body(p).ok_or_else(missing)?;
        let image = cards.add(&site.pinned_card(p).ok_or_else(missing)?, &site.site_url);
        let page = template.widget(p.lang, &site.pinned_head(p, image), &body, "");
        pages += 1;
        for (file, text) in [
            (p.file(), page),
            (
                format!("{}oembed.json", p.path().trim_start_matches('/')),
                site.pinned_oembed(p),
            ),
        ] {
            write_file(&dist.join(file), text)?;
        }
    }
    for lang in Lang::ALL {
        let path = dist.join(feed_path(lang).trim_start_matches('/'));
        let feed = feed::atom(&site.site_url, lang, &site.history(lang));
        std::fs::write(&path, feed).map_err(io(&path))?;
    }
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        site.site_url
    );
    for (name, text) in [
        (
            "sitemap.xml",
            sitemap(&site.site_url, site.release.generated_at),
        ),
        ("robots.txt", robots),
        (
            "data/datapackage.json",
            datapackage(&site.export, &site.site_url),
        ),
    ] {
        let path = dist.join(name);
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    let started = std::time::Instant::now();
    let drawn = cards.write(&dist, cards_cache.as_deref())?;
    Ok(format!(
        "wrote {pages} pages ({} of them widgets pinned to {} archived releases), {} share cards and {} images of figures as SVG, {} of them as PNG too ({drawn} PNGs drawn, the others from the cache, in {:.1} s)",
        pinned.len(),
        site.archive.len(),
        cards.len(),
        cards.figures().0,
        cards.figures().1,
        started.elapsed().as_secs_f64()
    ))
}

fn main() -> ExitCode {
    match run() {
        Ok(done) => {
            println!("prerender: {done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("prerender: {e}");
            ExitCode::FAILURE
        }
    }
}
