use super::html::Html;
use crate::api::ApiError;
use crate::locale::{Texts, T};

/// A failed load, said plainly in the page's language (what went wrong,
/// and what the reader can do), then the technical detail in English, with
/// a "Try again" button (`data-retry`) where retrying can help; the island
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
                        ("data-retry", ""),
                    ],
                    &t[T::retry],
                );
            }
        },
    );
}
