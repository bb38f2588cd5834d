//! What only the browser draws around the statistics explorer's figures:
//! the outcome of the release check (with the error notice of a failed
//! load) and the note on query values that could not be used. Plain HTML
//! writers, so that a native test can write every state for the HTML
//! validator (`tests/browser_states.rs`).

use crate::api::ApiError;
use crate::components::explorer_contract::RETRY;
use crate::components::Html;
use crate::locale::{Texts, T};
use crate::model::archive::release_file_url;
use crate::model::base_path::href;
use crate::model::format::{full_stop_after, long_date};
use crate::model::query::Ignored;
use crate::model::Release;

/// Where the check of the published release stands. Before hydration, and
/// without JavaScript, it is `NotChecked` and the prerendered figures stand
/// alone.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    NotChecked,
    /// Loading, said in these words.
    Loading(T),
    /// The page's own release is the latest: its figures stand, and the
    /// explorer works (from the manifest alone until the export is in).
    Current,
    /// The archived release the URL asks for: its figures are shown.
    Archived(Release),
    /// The URL asks for a release that cannot be shown, for the reason
    /// said: its id is malformed, the archive has none with that id, or it
    /// lacks the page's region. The page's figures stand.
    Unavailable {
        id: String,
        reason: T,
    },
    /// A newer release than the page was built from: its figures are shown.
    Newer(Release),
    /// A release that does not replace the page's figures: one not newer
    /// than the page's, or one without the page's region.
    Kept {
        latest: Release,
        newer: bool,
        lacks_region: bool,
    },
    Failed(ApiError),
}

/// The outcome of the check, as HTML; `latest` is the address of the
/// page's latest release (its path, without a query).
pub fn status_html(t: &Texts, check: &Check, latest: &str) -> String {
    let h = &mut Html::new();
    match check {
        Check::NotChecked => {}
        Check::Loading(text) => {
            h.el(
                "p",
                &[("class", "status"), ("data-testid", "release-loading")],
                &t[*text],
            );
        }
        Check::Archived(shown) => {
            release_news(h, t, "release-archived", T::release_archived, shown, |h| {
                h.text(&t[T::release_switched]);
            })
            .el_with("p", &[("data-testid", "release-files")], |h| {
                h.text(&t[T::release_files]);
                for (i, file) in ["export.csv", "export.json"].into_iter().enumerate() {
                    h.text([" ", " · "][i]).el(
                        "a",
                        &[("href", &href(&release_file_url(&shown.release_id, file)))],
                        file,
                    );
                }
            })
            .el_with("p", &[], |h| latest_link(h, t, latest));
        }
        Check::Unavailable { id, reason } => {
            h.el_with(
                "div",
                &[
                    ("class", "notice notice--error"),
                    ("data-testid", "release-unavailable"),
                ],
                |h| {
                    h.el_with("p", &[], |h| {
                        h.text(&t[*reason])
                            .text(" ")
                            .el("code", &[], id)
                            .text(". ")
                            .text(&t[T::release_kept]);
                    })
                    .el_with("p", &[], |h| latest_link(h, t, latest));
                },
            );
        }
        Check::Current => {
            h.el(
                "p",
                &[("class", "status"), ("data-testid", "release-current")],
                &t[T::release_current],
            );
        }
        Check::Newer(latest) => {
            release_news(h, t, "release-newer", T::release_newer, latest, |h| {
                h.text(&t[T::release_switched]);
            });
        }
        Check::Kept {
            latest,
            newer,
            lacks_region,
        } => {
            let news = match newer {
                true => T::release_newer,
                false => T::release_not_newer,
            };
            let testid = match lacks_region {
                true => "release-lacks-region",
                false => "release-not-newer",
            };
            release_news(h, t, testid, news, latest, |h| {
                if *lacks_region {
                    h.text(&t[T::release_lacks_region]).text(" ");
                }
                h.text(&t[T::release_kept]);
            });
        }
        Check::Failed(error) => error_notice(h, t, error),
    }
    std::mem::take(h).finish()
}

/// The status paragraph `testid` that names `latest` after `news` ("A
/// newer release has been published:"), with its data-as-of date, then
/// what `more` writes.
fn release_news<'h>(
    h: &'h mut Html,
    t: &Texts,
    testid: &str,
    news: T,
    latest: &Release,
    mut more: impl FnMut(&mut Html),
) -> &'h mut Html {
    let date = long_date(latest.data_as_of, t.lang);
    let stop = full_stop_after(&date);
    h.el_with(
        "p",
        &[("class", "status status--news"), ("data-testid", testid)],
        |h| {
            h.text(&t[news])
                .text(" ")
                .el("code", &[], &latest.release_id)
                .text(", ")
                .text(&t[T::release_as_of])
                .text(" ")
                .text(&format!("{date}{stop} "));
            more(h);
        },
    )
}

/// The link to this page's latest release (`path`).
fn latest_link(h: &mut Html, t: &Texts, path: &str) {
    h.el(
        "a",
        &[("href", path), ("data-testid", "release-latest")],
        &t[T::release_show_latest],
    );
}

/// The query values that could not be used, said plainly.
pub fn ignored_note(h: &mut Html, t: &Texts, ignored: &[Ignored]) {
    if ignored.is_empty() {
        return;
    }
    let values = ignored
        .iter()
        .map(|i| format!("{}={}", i.parameter, i.value))
        .collect::<Vec<_>>()
        .join(", ");
    h.el_with(
        "p",
        &[("class", "notice"), ("data-testid", "ignored")],
        |h| {
            h.text(&t[T::stats_ignored])
                .text(" ")
                .el("code", &[], &values);
        },
    );
}

/// A failed load, said plainly in the page's language (what went wrong,
/// and what the reader can do), then the technical detail in English, with
/// a "Try again" button ([`RETRY`]) where retrying can help; the island
/// that shows the notice handles its clicks. It is written into the
/// status box, a polite live region, which announces it once: it is no
/// alert of its own, which screen readers would announce a second time.
pub fn error_notice(h: &mut Html, t: &Texts, error: &ApiError) {
    let message = match error {
        ApiError::NotFound { .. } => &t[T::error_missing],
        ApiError::Invalid { .. } => &t[T::error_invalid],
        ApiError::Server { .. } => &t[T::error_server],
        ApiError::NotData { .. } => &t[T::error_not_data],
        ApiError::Timeout { .. } => &t[T::error_timeout],
        ApiError::Network { .. } => &t[T::error_network],
        ApiError::Unverified { .. } => &t[T::error_unverified],
    };
    h.el_with(
        "div",
        &[
            ("class", "notice notice--error"),
            ("data-testid", "load-error"),
        ],
        |h| {
            h.el("p", &[], message)
                .el_with("p", &[("class", "notice__detail")], |h| {
                    h.text(&t[T::error_detail]).text(" ").el(
                        "span",
                        &[("lang", "en")],
                        &error.to_string(),
                    );
                });
            if error.is_retryable() {
                h.el(
                    "button",
                    &[
                        ("type", "button"),
                        ("data-testid", "retry"),
                        (RETRY.name, ""),
                    ],
                    &t[T::retry],
                );
            }
        },
    );
}
