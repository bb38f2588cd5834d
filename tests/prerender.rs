//! The prerender step as `make build` runs it: the real binary on a copy of
//! the shipped content and data, with a minimal Trunk-like template.

#![cfg(feature = "ssr")]
#![expect(
    clippy::unwrap_used,
    reason = "a test fails by panicking, its helpers too"
)]

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A dist directory with a template and the shipped data, and a copy of
/// the shipped content.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    std::fs::create_dir_all(dist.join("data")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"></head><body></body></html>",
    )
    .unwrap();
    for name in ["release.json", "export.json", "releases.json"] {
        std::fs::copy(
            Path::new(ROOT).join("public/data").join(name),
            dist.join("data").join(name),
        )
        .unwrap();
    }
    copy_dir(
        &Path::new(ROOT).join("public/data/releases"),
        &dist.join("data/releases"),
    );
    copy_dir(
        &Path::new(ROOT).join("content"),
        &tmp.path().join("content"),
    );
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn prerender(site: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_prerender"))
        .arg(site.join("dist"))
        .arg("--content")
        .arg(site.join("content"))
        .arg("--local")
        // The cards `make local` drew: these builds draw only new ones.
        .arg("--cards-cache")
        .arg(Path::new(ROOT).join("target"))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn the_shipped_content_and_data_build() {
    let site = site();
    let (ok, log) = prerender(site.path());
    assert!(ok, "{log}");
    let home = std::fs::read_to_string(site.path().join("dist/en/index.html")).unwrap();
    assert!(home.contains("<html lang=\"en\">"));
    open_data_describes_the_release(&site.path().join("dist"));
    every_text_is_set_in_its_language(&site.path().join("dist"));
    widgets_are_pinned_to_every_archived_release(&site.path().join("dist"));
    every_page_has_a_share_card(&site.path().join("dist"));
    every_image_link_points_to_its_image(&site.path().join("dist"));
    the_explorer_draws_the_prerendered_images_of_a_prepared_view(&site.path().join("dist"));
}

/// The code the explorer's SVG module draws a view with
/// ([`explored_figure`], `src/figure_svg.rs`), given a statistics page's
/// own view (the whole release, a region's) as the browser has it (the
/// page's URL, no query), gives the very SVG file the page links, under
/// the name it saves it as; the page has a button for each figure, which
/// the module draws.
fn the_explorer_draws_the_prerendered_images_of_a_prepared_view(dist: &Path) {
    use portal::components::explored_figure;
    use portal::model::export::Export;
    use portal::model::route::Widget;
    use portal::model::Lang;
    let export =
        Export::parse(&std::fs::read_to_string(dist.join("data/export.json")).unwrap()).unwrap();
    for (lang, region) in [
        (Lang::Uk, None),
        (Lang::En, Some("UA-63")),
        (Lang::Fr, Some("UA-05")),
    ] {
        let path = format!(
            "/{}/statistics/{}",
            lang.code(),
            region.map(|r| format!("{r}/")).unwrap_or_default()
        );
        let html = std::fs::read_to_string(dist.join(&path[1..]).join("index.html")).unwrap();
        let links: Vec<(String, String)> = html
            .split("<a ")
            .skip(1)
            .map(|tag| &tag[..tag.find('>').unwrap()])
            .filter(|tag| tag.contains("data-image=\"svg\""))
            .map(|tag| {
                let attribute = |name: &str| {
                    let (_, rest) = format!(" {tag}")
                        .split_once(&format!(" {name}=\""))
                        .map(|(a, b)| (a.to_owned(), b.to_owned()))
                        .unwrap();
                    rest.split('"').next().unwrap().to_owned()
                };
                (attribute("href"), attribute("download"))
            })
            .collect();
        let buttons: Vec<&str> = html
            .split("data-figure-svg=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect();
        assert_eq!(buttons, ["funnel", "trend", "map"], "{path}");
        assert_eq!(links.len(), 3, "{path}");
        for (widget, (href, download)) in [Widget::Funnel, Widget::Trend, Widget::Map]
            .into_iter()
            .zip(links)
        {
            let page = format!("http://127.0.0.1:8080{path}");
            let (name, svg) = explored_figure(&export, lang, widget, (&page, ""), region);
            let prerendered =
                std::fs::read_to_string(dist.join(href.trim_start_matches('/'))).unwrap();
            assert!(svg == prerendered, "{path}: {widget:?} differs from {href}");
            assert_eq!(name, download, "{path}");
        }
    }
}

/// Every link to a figure's image (`data-image`) on every page points to
/// a file of the site of its type: a PNG 2400 pixels wide (its header says
/// so), an SVG that names the release. Each statistics page links its
/// funnel, trend and map in both; each data widget view its figure as SVG,
/// and as PNG where the statistics pages show the same view.
fn every_image_link_points_to_its_image(dist: &Path) {
    use std::collections::BTreeSet;
    let release = {
        let text = std::fs::read_to_string(dist.join("data/release.json")).unwrap();
        let id = text.split("\"release_id\"").nth(1).unwrap();
        id.split('"').nth(1).unwrap().to_owned()
    };
    let mut checked = BTreeSet::new();
    let (mut statistics, mut widgets) = (0, 0);
    for page in html_files(dist) {
        let html = std::fs::read_to_string(&page).unwrap();
        let links: Vec<(String, String)> = html
            .split("<a")
            .skip(1)
            .filter_map(|tag| {
                let tag = &tag[..tag.find('>').unwrap()];
                let attribute = |name: &str| {
                    tag.split_once(&format!(" {name}=\""))
                        .map(|(_, rest)| rest.split('"').next().unwrap().to_owned())
                };
                Some((attribute("data-image")?, attribute("href")?))
            })
            .collect();
        let count = |kind: &str| links.iter().filter(|(k, _)| k == kind).count();
        let path = page
            .strip_prefix(dist)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let is_statistics = path.contains("/statistics/") && !path.starts_with("embed/");
        let data_widget = path.starts_with("embed/")
            && !path.contains("/releases/")
            && ["headline", "funnel", "trend", "map"]
                .iter()
                .any(|w| path.split('/').nth(2) == Some(*w));
        if is_statistics {
            statistics += 1;
            assert_eq!((count("png"), count("svg")), (3, 3), "{path}");
        }
        if data_widget {
            widgets += 1;
            assert_eq!(count("svg"), 1, "{path}");
            let whole_or_region =
                path.split('/').count() == 4 || (path.contains("/UA-") && path.contains("/all/"));
            assert_eq!(count("png"), usize::from(whole_or_region), "{path}");
        }
        if !is_statistics && !data_widget {
            assert!(links.is_empty(), "{path}: {links:?}");
        }
        for (kind, href) in links {
            let file = href
                .strip_prefix("/cards/figures/")
                .unwrap_or_else(|| panic!("{path}: {href}"));
            assert!(file.ends_with(&format!(".{kind}")), "{path}: {href}");
            if !checked.insert(href.clone()) {
                continue;
            }
            let bytes = std::fs::read(dist.join(href.trim_start_matches('/')))
                .unwrap_or_else(|e| panic!("{path}: {href}: {e}"));
            match kind.as_str() {
                "png" => {
                    assert_eq!(&bytes[..16], b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", "{href}");
                    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
                    assert_eq!(width, 2400, "{href}");
                }
                _ => {
                    let svg = String::from_utf8(bytes).unwrap();
                    assert!(
                        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
                        "{href}"
                    );
                    assert!(svg.contains(&release), "{href}");
                }
            }
        }
    }
    // The 4 languages' statistics pages, whole release and 27 regions.
    assert_eq!(statistics, 4 * 28);
    assert!(widgets > 1000, "{widgets} data widget views");
}

/// Every page and widget view has a share card as a messenger reads it:
/// `og:image` at an absolute URL of the site with its size and text, and
/// the large Twitter/X card; the file is in the site, a PNG of 1200 × 630
/// (its header says so) and at most 100 KB, and no two files hold the same
/// card.
fn every_page_has_a_share_card(dist: &Path) {
    use std::collections::{BTreeMap, BTreeSet};
    let site = "http://127.0.0.1:8080/";
    let pages = html_files(dist);
    assert!(pages.len() > 2000, "only {} pages", pages.len());
    let mut cards = BTreeSet::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let head = &html[..html.find("</head>").unwrap()];
        // Each <meta>'s attributes, by `property` or `name`.
        let metas: BTreeMap<String, String> = head
            .split("<meta ")
            .skip(1)
            .filter_map(|tag| {
                let tag = &tag[..tag.find('>').unwrap()];
                let attribute = |name: &str| {
                    tag.split_once(&format!("{name}=\""))
                        .map(|(_, rest)| rest.split('"').next().unwrap().to_owned())
                };
                Some((
                    attribute("property").or_else(|| attribute("name"))?,
                    attribute("content")?,
                ))
            })
            .collect();
        let meta = |key: &str| {
            metas
                .get(key)
                .unwrap_or_else(|| panic!("{}: no {key}", page.display()))
                .as_str()
        };
        assert_eq!(
            meta("twitter:card"),
            "summary_large_image",
            "{}",
            page.display()
        );
        assert_eq!(meta("og:image:width"), "1200", "{}", page.display());
        assert_eq!(meta("og:image:height"), "630", "{}", page.display());
        assert_eq!(meta("og:image:type"), "image/png", "{}", page.display());
        assert!(meta("og:image:alt").len() > 20, "{}", page.display());
        let url = meta("og:image");
        let file = url
            .strip_prefix(site)
            .unwrap_or_else(|| panic!("{}: og:image {url} is not on {site}", page.display()));
        cards.insert(file.to_owned());
    }
    for file in &cards {
        let png = std::fs::read(dist.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(png.len() <= 100 * 1024, "{file}: {} bytes", png.len());
        // The signature, then the IHDR chunk: its length (13), its type,
        // then width and height.
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{file}");
        assert_eq!(&png[8..16], b"\0\0\0\x0dIHDR", "{file}");
        let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!((size(16), size(20)), (1200, 630), "{file}");
    }
    // Named by their content, the files are never the same card twice.
    let distinct: BTreeSet<Vec<u8>> = cards
        .iter()
        .map(|file| std::fs::read(dist.join(file)).unwrap())
        .collect();
    assert_eq!(distinct.len(), cards.len(), "the same card in two files");
}

/// The text of each `<span class="funnel__value">` of a page, as a reader
/// sees it (the tags inside left out).
fn funnel_values(html: &str) -> Vec<String> {
    html.split("<span class=\"funnel__value\">")
        .skip(1)
        .map(|rest| {
            let (mut depth, mut text, mut rest) = (1, String::new(), rest);
            loop {
                let open = rest.find('<').unwrap();
                text.push_str(&rest[..open]);
                let close = open + rest[open..].find('>').unwrap();
                let tag = &rest[open + 1..close];
                if tag.starts_with("/span") {
                    depth -= 1;
                    if depth == 0 {
                        return text;
                    }
                } else if tag.starts_with("span") {
                    depth += 1;
                }
                rest = &rest[close + 1..];
            }
        })
        .collect()
}

/// Every data widget of every archived release, in every language, as the
/// embed builder offers it: the release's own figures, the release and its
/// data-as-of date named, a link to the latest figures, the full view in
/// the explorer at that release, its own canonical URL and oEmbed
/// document; no pinned page of a widget without figures; none in the
/// sitemap.
fn widgets_are_pinned_to_every_archived_release(dist: &Path) {
    use portal::model::archive::ReleaseIndex;
    use portal::model::export::Export;
    use portal::model::format::{long_date, total_text};
    use portal::model::query::Query;
    use portal::model::route::{Pinned, Widget};
    use portal::model::Lang;
    let index =
        ReleaseIndex::parse(&std::fs::read_to_string(dist.join("data/releases.json")).unwrap())
            .unwrap();
    assert!(index.releases.len() > 1, "the sample archive has releases");
    let builder = std::fs::read_to_string(dist.join("en/embed/index.html")).unwrap();
    let mut funnels = std::collections::BTreeSet::new();
    for release in &index.releases {
        let id = &release.release_id;
        assert!(
            builder.contains(&format!("<option value=\"{id}\">")),
            "the builder offers no release {id}"
        );
        let export = Export::parse(
            &std::fs::read_to_string(dist.join(format!("data/releases/{id}/export.json"))).unwrap(),
        )
        .unwrap();
        let report = export.report(&Query::default().resolve(&export));
        for lang in Lang::ALL {
            for widget in Widget::ALL {
                let dir = dist.join(format!("embed/{lang}/releases/{id}/{}", widget.slug()));
                let Some(pinned) = Pinned::new(lang, widget, id) else {
                    assert!(!dir.exists(), "{}: a widget without figures", dir.display());
                    continue;
                };
                let path = pinned.path();
                let html = std::fs::read_to_string(dist.join(pinned.file())).unwrap();
                let date = long_date(release.data_as_of, lang);
                for part in [
                    "data-testid=\"widget-pinned\"".to_owned(),
                    format!("<code>{id}</code>"),
                    format!(">{date}</time>"),
                    format!("href=\"/{lang}/statistics/\" rel=\"noopener\" data-latest"),
                    format!("href=\"/{lang}/statistics/?release={id}"),
                    format!("<link rel=\"canonical\" href=\"http://127.0.0.1:8080{path}\">"),
                    format!("href=\"http://127.0.0.1:8080{path}oembed.json\""),
                ] {
                    assert!(html.contains(&part), "{path}: no {part:?}");
                }
                assert!(!html.contains("data-unknown-view"), "{path}");
                if widget == Widget::Funnel {
                    let at_least = portal::locale::Texts::new(lang)
                        [portal::locale::T::stats_at_least]
                        .to_owned();
                    let expected: Vec<String> = report
                        .funnel
                        .iter()
                        .map(|t| total_text(*t, lang, &format!("{at_least} ")))
                        .collect();
                    assert_eq!(funnel_values(&html), expected, "{path}");
                    funnels.insert(expected);
                }
                let oembed: serde_json::Value = serde_json::from_str(
                    &std::fs::read_to_string(dist.join(format!("{}oembed.json", &path[1..])))
                        .unwrap(),
                )
                .unwrap();
                assert!(
                    oembed["html"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("src=\"http://127.0.0.1:8080{path}\"")),
                    "{path}: {oembed}"
                );
            }
        }
    }
    // The releases' funnels differ: a page showing the latest everywhere
    // would have failed above.
    assert!(funnels.len() > Lang::ALL.len(), "{funnels:?}");
    let sitemap = std::fs::read_to_string(dist.join("sitemap.xml")).unwrap();
    for lang in Lang::ALL {
        assert!(!sitemap.contains(&format!("/embed/{lang}/")), "{sitemap}");
    }
}

/// What a reader of the French, German and Ukrainian pages and widgets
/// sees (the content, the UI strings, the labels of the export and what
/// the pages compose from them) keeps the typography of its language: a
/// narrow no-break space before `; : ! ?` and `»` and after `«` in French,
/// a no-break space after `≥` in French and German, the apostrophe ʼ in
/// Ukrainian words. The side-by-side pages are left out:
/// half of each is in another language.
fn every_text_is_set_in_its_language(dist: &Path) {
    use portal::model::typography::fault;
    let mut checked = 0;
    for code in ["fr", "de", "uk"] {
        for dir in [dist.join(code), dist.join("embed").join(code)] {
            for file in html_files(&dir) {
                if file.to_string_lossy().contains("/compare/") {
                    continue;
                }
                let html = std::fs::read_to_string(&file).unwrap();
                for text in visible_texts(&html) {
                    checked += 1;
                    if let Some(at) = fault(code, &text) {
                        panic!("{}: {at:?} in {text:?}", file.display());
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} texts found");
    let export = portal::model::export::Export::parse(
        &std::fs::read_to_string(dist.join("data/export.json")).unwrap(),
    )
    .unwrap();
    let labels = export
        .regions
        .iter()
        .map(|r| &r.name)
        .chain(
            export
                .categories
                .iter()
                .flat_map(|c| [&c.label, &c.description]),
        )
        .chain(export.outcomes.iter().map(|o| &o.label));
    for texts in labels {
        for (lang, text) in texts {
            assert_eq!(fault(lang.code(), text), None, "export.json: {text:?}");
        }
    }
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            files.push(path);
        }
    }
    files
}

/// The texts of `html` a reader meets: the text between tags, and the
/// titles, labels and descriptions of elements. Not scripts, styles, code,
/// or the snippets to copy, which are meant for machines.
fn visible_texts(html: &str) -> Vec<String> {
    let unescape = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let mut texts = Vec::new();
    let mut skipping: Option<String> = None;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if skipping.is_none() && !text.trim().is_empty() {
            texts.push(unescape(text));
        }
        let close = open + rest[open..].find('>').unwrap();
        let tag = &rest[open + 1..close];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        match &skipping {
            Some(skipped) if name.strip_prefix('/') == Some(skipped) => skipping = None,
            Some(_) => {}
            None if ["script", "style", "code", "pre", "textarea"].contains(&name.as_str()) => {
                skipping = Some(name);
            }
            None => {
                for attribute in ["title", "aria-label", "alt", "content"] {
                    if let Some((_, value)) = tag.split_once(&format!(" {attribute}=\"")) {
                        texts.push(unescape(value.split('"').next().unwrap()));
                    }
                }
            }
        }
        rest = &rest[close + 1..];
    }
    texts
}

/// What data catalogues read: the `Dataset` (JSON-LD) on the statistics,
/// region and methodology pages, the Data Package beside `export.csv`, and
/// the release's time as `lastmod` in the sitemap on the pages with figures
/// only.
fn open_data_describes_the_release(dist: &Path) {
    let export = portal::model::export::Export::parse(
        &std::fs::read_to_string(dist.join("data/export.json")).unwrap(),
    )
    .unwrap();
    let release = &export.release;
    for page in ["uk/statistics", "fr/statistics/UA-14", "de/methodology"] {
        let html = std::fs::read_to_string(dist.join(page).join("index.html")).unwrap();
        let (_, rest) = html
            .split_once("<script type=\"application/ld+json\">")
            .unwrap_or_else(|| panic!("{page} has no JSON-LD"));
        let (json, _) = rest.split_once("</script>").unwrap();
        let dataset: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(dataset["@type"], "Dataset", "{page}");
        assert_eq!(dataset["version"], release.release_id, "{page}");
        assert_eq!(dataset["url"], format!("http://127.0.0.1:8080/{page}/"));
        assert_eq!(
            dataset["distribution"][0]["contentUrl"],
            "http://127.0.0.1:8080/data/export.csv"
        );
    }
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dist.join("data/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["resources"][0]["path"], "export.csv");
    assert_eq!(package["version"], release.release_id);
    let sitemap = std::fs::read_to_string(dist.join("sitemap.xml")).unwrap();
    let lastmod = format!("<lastmod>{}</lastmod>", release.generated_at.to_rfc3339());
    for (page, dated) in [
        ("en/statistics/", true),
        ("uk/statistics/UA-63/", true),
        ("fr/", true),
        ("de/declaration/", false),
        ("en/accessibility/", false),
    ] {
        let entry = format!("<loc>http://127.0.0.1:8080/{page}</loc>");
        let at = sitemap
            .find(&entry)
            .unwrap_or_else(|| panic!("{page} not in the sitemap"));
        let url = &sitemap[at..at + sitemap[at..].find("</url>").unwrap()];
        assert_eq!(url.contains(&lastmod), dated, "{page}: {url}");
    }
}

/// A site to deploy must name its public HTTPS origin: without SITE_URL,
/// or with this machine's, the build stops and says how to set it.
#[test]
fn a_deployment_build_without_a_public_origin_stops() {
    let site = site();
    for (value, expected) in [
        (None, "SITE_URL is not set"),
        (Some("http://127.0.0.1:8080"), "is not HTTPS"),
        (Some("https://localhost"), "is this machine"),
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_prerender"));
        command
            .arg(site.path().join("dist"))
            .arg("--content")
            .arg(site.path().join("content"))
            .env_remove("SITE_URL");
        if let Some(value) = value {
            command.env("SITE_URL", value);
        }
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{value:?} built");
        assert!(
            stderr.contains(expected) && stderr.contains("make serve"),
            "{value:?}: {stderr}"
        );
    }
    assert!(!site.path().join("dist/en/index.html").exists());
}

/// A base path the site cannot be served under stops the build, with what
/// to write instead, before anything is written.
#[test]
fn a_malformed_base_path_stops_the_build() {
    let site = site();
    for (value, expected) in [
        ("portal", "must start with /"),
        ("/portal/", "write /portal, not /portal/"),
        ("/news/../portal", "has an empty, . or .. segment"),
        ("/por tal", "may hold only letters, digits"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_prerender"))
            .arg(site.path().join("dist"))
            .arg("--content")
            .arg(site.path().join("content"))
            .env("SITE_URL", "https://example.org")
            .env("BASE_PATH", value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{value:?} built");
        assert!(
            stderr.contains(expected) && stderr.contains(&format!("BASE_PATH {value:?}")),
            "{value:?}: {stderr}"
        );
    }
    assert!(!site.path().join("dist/en/index.html").exists());
}

/// Each language's feed, read back by a feed parser: an entry per release
/// and per correction, newest first, with absolute links to the releases
/// page and to every file of the release.
#[test]
fn the_release_feeds_are_valid_atom_with_absolute_links() {
    use atom_syndication::Feed;
    let site = site();
    let (ok, log) = prerender(site.path());
    assert!(ok, "{log}");
    let index = portal::model::archive::ReleaseIndex::parse(
        &std::fs::read_to_string(Path::new(ROOT).join("public/data/releases.json")).unwrap(),
    )
    .unwrap();
    for lang in portal::model::Lang::ALL {
        let path = site.path().join(format!("dist/{lang}/releases.atom"));
        let feed: Feed = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let page = format!("http://127.0.0.1:8080/{lang}/releases/");
        assert_eq!(feed.id(), page);
        assert_eq!(feed.lang(), Some(lang.code()));
        assert!(!feed.title().is_empty() && !feed.authors().is_empty());
        let corrections = feed
            .entries()
            .iter()
            .filter(|e| e.id().contains("#correction-"))
            .count();
        assert_eq!(corrections, 1, "{lang}: the sample correction");
        assert_eq!(feed.entries().len(), index.releases.len() + corrections);
        let times: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
        assert!(times.is_sorted_by(|a, b| a >= b), "{lang}: newest first");
        assert_eq!(feed.updated(), &times[0]);
        for release in &index.releases {
            let entry = feed
                .entries()
                .iter()
                .find(|e| e.id() == format!("{page}#{}", release.release_id))
                .unwrap_or_else(|| panic!("{lang}: no entry for {}", release.release_id));
            assert_eq!(entry.updated(), &release.generated_at.fixed_offset());
            let links: Vec<&str> = entry.links().iter().map(|l| l.href()).collect();
            assert!(links.contains(&format!("{page}#{}", release.release_id).as_str()));
            for file in release.files.keys() {
                let url = format!(
                    "http://127.0.0.1:8080/data/releases/{}/{file}",
                    release.release_id
                );
                assert!(
                    links.contains(&url.as_str()),
                    "{lang}: {links:?} lacks {url}"
                );
            }
            let content = entry.content().and_then(|c| c.value()).unwrap();
            assert!(content.contains(&release.sha256), "{lang}: {content}");
            assert!(entry.summary().is_some_and(|s| !s.as_str().is_empty()));
        }
    }
    let en = std::fs::read_to_string(site.path().join("dist/en/releases/index.html")).unwrap();
    assert!(en.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Data releases and corrections\" href=\"http://127.0.0.1:8080/en/releases.atom\">"
    ), "the page names its feed");
}

#[test]
fn a_changed_archived_file_fails_the_build_naming_it() {
    let site = site();
    let path = site
        .path()
        .join("dist/data/releases/sample-2026-W40/export.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("2026-W", "2026-w", 1)).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("sample-2026-W40/export.csv: its SHA-256 is not"),
        "{log}"
    );
}

/// The methodology page gives the key of `content/signing-key.pub` with
/// the steps to check a download; the releases page links each release's
/// signature; a signature that does not verify with the published key, or
/// a signed release without one, fails the build.
#[test]
fn the_signing_key_is_published_and_every_signature_must_verify_with_it() {
    let site = site();
    let (ok, log) = prerender(site.path());
    assert!(ok, "{log}");
    let published = std::fs::read_to_string(site.path().join("content/signing-key.pub")).unwrap();
    let key = published.lines().nth(1).unwrap();
    let dist = site.path().join("dist");
    for lang in portal::model::Lang::ALL {
        let page =
            std::fs::read_to_string(dist.join(format!("{lang}/methodology/index.html"))).unwrap();
        for command in [
            format!("minisign -Vm SHA256SUMS -P {key}"),
            "sha256sum -c --ignore-missing SHA256SUMS".to_owned(),
            format!("exporter verify --public-key {key} sample-2026-W47"),
        ] {
            assert!(page.contains(&command), "{lang}: {command}");
        }
        assert!(page.contains("<h2 id=\"verify\">"), "{lang}");
        let releases =
            std::fs::read_to_string(dist.join(format!("{lang}/releases/index.html"))).unwrap();
        for file in ["SHA256SUMS", "SHA256SUMS.minisig"] {
            assert!(
                releases.contains(&format!("href=\"/data/releases/sample-2026-W36/{file}\"")),
                "{lang}: {file}"
            );
        }
        assert!(
            releases.contains(&format!("href=\"/{lang}/methodology/#verify\"")),
            "{lang}"
        );
    }

    let w41 = dist.join("data/releases/sample-2026-W41");
    std::fs::copy(
        dist.join("data/releases/sample-2026-W40/SHA256SUMS.minisig"),
        w41.join("SHA256SUMS.minisig"),
    )
    .unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("sample-2026-W41/SHA256SUMS.minisig: does not verify with")
            && log.contains("is the signature of release \"sample-2026-W40\""),
        "{log}"
    );
    std::fs::copy(
        Path::new(ROOT).join("public/data/releases/sample-2026-W41/SHA256SUMS.minisig"),
        w41.join("SHA256SUMS.minisig"),
    )
    .unwrap();
    std::fs::remove_file(site.path().join("content/signing-key.pub")).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(log.contains("the release is signed, but"), "{log}");
    std::fs::write(
        site.path().join("content/signing-key.pub"),
        "RWQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    )
    .unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(log.contains("was made with the key"), "{log}");
}

#[test]
fn a_correction_of_a_figure_its_release_lacks_fails_the_build() {
    let site = site();
    for lang in portal::model::Lang::ALL {
        let path = site.path().join(format!("content/corrections/{lang}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"UA-23\"", "\"UA-99\"")).unwrap();
    }
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains(
            "corrections/uk.toml: correction[0].figures[0].region: \"UA-99\" is not a region"
        ),
        "{log}"
    );
}

#[test]
fn an_invalid_export_fails_the_build_naming_file_and_path() {
    let site = site();
    let path = site.path().join("dist/data/export.json");
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    export["regions"][0]["code"] = "UA-99".into();
    std::fs::write(&path, export.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("data/export.json: $.regions[0].code: \"UA-99\" is not an ISO 3166-2:UA code"),
        "{log}"
    );
}

#[test]
fn a_manifest_from_another_release_fails_the_build() {
    let site = site();
    let path = site.path().join("dist/data/release.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("sample-2026-W47", "sample-other")).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(log.contains("describe different releases"), "{log}");
}

#[test]
fn a_language_missing_a_provision_fails_the_build_naming_file_and_ids() {
    let site = site();
    let path = site.path().join("content/declaration/final/de.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text.find("## 4.").unwrap();
    let end = text.find("## 5.").unwrap();
    let text = format!("{}{}", &text[..cut], &text[end..]).replace("{#cell}", "{#zelle}");
    std::fs::write(&path, text).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("declaration/final/de.md: provision ids differ from")
            && log.contains("lacks [\"c4\", \"cell\"], has extra [\"zelle\"]"),
        "{log}"
    );
}

#[test]
fn parties_naming_an_unknown_source_or_provision_fail_the_build() {
    let site = site();
    let path = site.path().join("content/parties.json");
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut record = original.clone();
    record["parties"][1]["sources"][0] = "rumour-mill".into();
    std::fs::write(&path, record.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains(
            "parties.json: $.parties[1].sources[0]: names the unknown source \"rumour-mill\""
        ),
        "{log}"
    );
    let mut record = original.clone();
    record["disagreements"][0]["provisions"][0] = "c9".into();
    std::fs::write(&path, record.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("\"c9\" is not a provision of the declaration"),
        "{log}"
    );
    let mut record = original;
    record["parties"][0]["role"]["fr"] = "<b>rôle</b>".into();
    std::fs::write(&path, record.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("$.parties[0].role.fr: contains the forbidden character U+003C"),
        "{log}"
    );
}

#[test]
fn a_component_placed_nowhere_fails_the_build() {
    let site = site();
    let path = site.path().join("content/pillars.json");
    let mut structure: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let around = structure["around"].as_array_mut().unwrap();
    around.retain(|a| a["provisions"][0] != "c5");
    std::fs::write(&path, structure.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains(
            "pillars.json: $: component \"c5\" belongs to no pillar and to nothing around them"
        ),
        "{log}"
    );
}

/// Raw HTML in a page's prose or in a declaration text stops the build
/// with the file and line; the sanitiser would have kept `<img src="x">`,
/// which the reader's browser still fetches.
#[test]
fn raw_html_in_the_content_fails_the_build_naming_file_and_line() {
    let site = site();
    let path = site.path().join("content/pages/fr/pillars.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let hostile = format!("{}\n\n<img src=x onerror=alert(1)>\n", text.trim_end());
    let line = hostile.lines().count();
    std::fs::write(&path, hostile).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains(&format!(
            "pages/fr/pillars.md:{line}: raw HTML \"<img src=x onerror=alert(1)>\" is not allowed"
        )),
        "{log}"
    );
    std::fs::write(&path, text).unwrap();
    let path = site.path().join("content/declaration/final/uk.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let c5 = text.find("## 5.").unwrap();
    let line = text[..c5].lines().count() + 3;
    let body = text[c5..].find("\n\n").unwrap() + c5 + 2;
    std::fs::write(
        &path,
        format!("{}<b>Увага</b>: {}", &text[..body], &text[body..]),
    )
    .unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains(&format!(
            "declaration/final/uk.md:{line}: raw HTML \"<b>\" is not allowed"
        )),
        "{log}"
    );
}

/// An edited provision is a new version of the text: the build stops,
/// names the provision and gives the entry for versions.toml.
#[test]
fn an_edit_of_the_declaration_without_a_new_version_fails_the_build() {
    let site = site();
    let path = site.path().join("content/declaration/final/fr.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("sanctions supplémentaires", "sanctions"),
    )
    .unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("declaration/versions.toml: the final texts are not those of version")
            && log.contains("): fr c4 changed.")
            && log.contains("[[version]]\ndate = \"YYYY-MM-DD\""),
        "{log}"
    );
}
