//! Every state of the statistics page that only the browser draws, written
//! natively by the same code as complete documents under
//! `target/browser-states/`: the release check's status in each verdict,
//! the error notice of each way a load can fail, the note on query values
//! that could not be used, and reports narrowed to a region, a type and a
//! period. `make html-check` gives them to the HTML validator with the
//! prerendered pages, which hold none of this markup.

#![cfg(feature = "ssr")]
#![expect(
    clippy::unwrap_used,
    reason = "a test fails by panicking, its helpers too"
)]

use portal::api::ApiError;
use portal::components::explorer_contract::{FIGURES, IGNORED, LATER, STATUS};
use portal::components::{report_html, Cite, Html, Labels};
use portal::islands::statistics_explorer::status::{ignored_note, status_html, Check};
use portal::locale::{Texts, T};
use portal::model::export::Export;
use portal::model::query::Query;
use portal::model::{DataError, Lang, Release};
use std::path::{Path, PathBuf};

/// Where the documents go (`make html-check` reads them there).
fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-states")
}

/// The statistics page's boxes as the page writes them, with `status`,
/// `ignored` and `figures` in them as the explorer sets them, in a complete
/// document.
fn document(lang: Lang, title: &str, [status, ignored, figures]: [&str; 3]) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main>\
         <section class=\"release-status\" aria-labelledby=\"release-status-heading\"><h2 id=\"release-status-heading\">{title}</h2>\
         <div aria-live=\"polite\" {status_box}=\"\" tabindex=\"-1\">{status}</div></section>\
         <div {ignored_box}=\"\" role=\"status\">{ignored}</div>\
         <div {figures_box}=\"\">{figures}</div></main></body></html>\n",
        lang = lang.code(),
        status_box = STATUS.name,
        ignored_box = IGNORED.name,
        figures_box = FIGURES.name,
    )
}

/// The figures the explorer drew (`drawn`) once every part it leaves for
/// later (`later`) is written in, as when the reader opens them all.
fn opened(drawn: String, later: &[String]) -> String {
    let mut figures = drawn;
    for (i, part) in later.iter().enumerate() {
        let mark = format!(" {}=\"{i}\">", LATER.name);
        assert!(figures.contains(&mark), "part {i}");
        figures = figures.replacen(&mark, &format!(">{part}"), 1);
    }
    figures
}

fn release(id: &str, generated_at: &str, data_as_of: &str) -> Release {
    Release::parse(&format!(
        r#"{{"schema_version":1,"release_id":"{id}","generated_at":"{generated_at}","data_as_of":"{data_as_of}","sample":true}}"#
    ))
    .unwrap()
}

/// Each way a load can fail, named.
fn errors() -> Vec<(&'static str, ApiError)> {
    let url = "/data/export.json".to_owned();
    vec![
        (
            "not-found",
            ApiError::NotFound {
                url: url.clone(),
                status: 404,
            },
        ),
        (
            "invalid",
            ApiError::Invalid {
                url: url.clone(),
                error: DataError::Invalid {
                    path: "$.release.k".to_owned(),
                    reason: "expected a number < 100".to_owned(),
                },
            },
        ),
        (
            "server",
            ApiError::Server {
                url: url.clone(),
                status: 502,
            },
        ),
        ("not-data", ApiError::NotData { url: url.clone() }),
        (
            "timeout",
            ApiError::Timeout {
                url: url.clone(),
                seconds: 20,
            },
        ),
        (
            "network",
            ApiError::Network {
                url: url.clone(),
                reason: "TypeError: Failed to fetch".to_owned(),
            },
        ),
        (
            "unverified",
            ApiError::Unverified {
                url,
                reason: "crypto.subtle is missing".to_owned(),
            },
        ),
    ]
}

/// Each state of the release check (the error notices among them), named
/// by the test id its markup must carry.
fn checks() -> Vec<(String, &'static str, Check)> {
    let latest = release("r-2026-12-07", "2026-12-07T06:00:00Z", "2026-12-06");
    let mut checks = vec![
        (
            "loading-checking".to_owned(),
            "release-loading",
            Check::Loading(T::release_checking),
        ),
        (
            "loading-release".to_owned(),
            "release-loading",
            Check::Loading(T::release_loading),
        ),
        ("current".to_owned(), "release-current", Check::Current),
        (
            "archived".to_owned(),
            "release-archived",
            Check::Archived(latest.clone()),
        ),
        (
            "newer".to_owned(),
            "release-newer",
            Check::Newer(latest.clone()),
        ),
    ];
    for (name, reason) in [
        ("malformed", T::release_malformed),
        ("unknown", T::release_unknown),
        ("no-region", T::release_no_region),
    ] {
        checks.push((
            format!("unavailable-{name}"),
            "release-unavailable",
            Check::Unavailable {
                id: "r-\"<x>\"".to_owned(),
                reason,
            },
        ));
    }
    for (newer, lacks_region) in [(false, false), (true, true), (false, true)] {
        let testid = match lacks_region {
            true => "release-lacks-region",
            false => "release-not-newer",
        };
        checks.push((
            format!("kept-newer-{newer}-lacks-region-{lacks_region}"),
            testid,
            Check::Kept {
                latest: latest.clone(),
                newer,
                lacks_region,
            },
        ));
    }
    for (name, error) in errors() {
        checks.push((format!("error-{name}"), "load-error", Check::Failed(error)));
    }
    checks
}

#[test]
fn the_states_only_the_browser_draws_are_written_for_the_validator() {
    let dir = out_dir();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, html: String| std::fs::write(dir.join(name), html).unwrap();
    let export = Export::parse(include_str!("../public/data/export.json")).unwrap();
    let category = &export.categories.first().expect("a type").code;
    let views = [
        ("region", "?region=UA-05".to_owned()),
        ("category", format!("?category={category}")),
        ("period", "?period=last-4".to_owned()),
    ];
    let mut written = 0;
    for lang in Lang::ALL {
        let t = Texts::new(lang);
        for (name, testid, check) in checks() {
            let status = status_html(&t, &check, "/en/statistics/");
            assert!(
                status.contains(&format!("data-testid=\"{testid}\"")),
                "{lang} {name}: {status}"
            );
            write(
                &format!("{}-status-{name}.html", lang.code()),
                document(lang, &name, [&status, "", ""]),
            );
            written += 1;
        }
        let (_, ignored) = Query::parse("?region=XX-99&period=<soon>&colour=red", &export);
        assert_eq!(ignored.len(), 3, "{ignored:?}");
        let mut h = Html::new();
        ignored_note(&mut h, &t, &ignored);
        let note = h.finish();
        assert!(
            note.contains("data-testid=\"ignored\"") && note.contains("&lt;soon&gt;"),
            "{note}"
        );
        write(
            &format!("{}-ignored.html", lang.code()),
            document(lang, "ignored", ["", &note, ""]),
        );
        let labels = Labels::new(&export, lang);
        for (name, search) in &views {
            let (query, ignored) = Query::parse(search, &export);
            assert!(ignored.is_empty(), "{search}: {ignored:?}");
            assert_ne!(query, Query::default(), "{search}");
            // As the explorer draws it: sortable, fingerprints left to the
            // browser, with every part it writes when its <details> is
            // opened written in.
            let cite = Cite::new(&export, &query, "https://p.example".to_owned(), None);
            let report = export.report(&query.resolve(&export));
            let (drawn, later) = report_html(
                &t,
                &report,
                &labels,
                export.release.k,
                (query.sort, true),
                &cite,
            );
            let figures = opened(drawn, &later);
            assert!(figures.contains("data-canonical="), "{lang} {name}");
            write(
                &format!("{}-report-{name}.html", lang.code()),
                document(lang, name, ["", "", &figures]),
            );
            written += 1;
        }
    }
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(files, written + Lang::ALL.len());
}
