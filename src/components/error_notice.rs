use super::html::Html;
use crate::api::ApiError;
use crate::locale::{Texts, T};

/// A failed load, said plainly (missing file, invalid file or network
/// trouble), with a "Try again" button (`data-retry`) where retrying can
/// help; the island that shows the notice handles its clicks.
pub fn error_notice(h: &mut Html, t: &Texts, error: &ApiError) {
    let message = match error {
        ApiError::NotFound { .. } => &t[T::error_missing],
        ApiError::Invalid { .. } => &t[T::error_invalid],
        ApiError::Network { .. } => &t[T::error_network],
    };
    h.open(
        "div",
        &[
            ("class", "notice notice--error"),
            ("role", "alert"),
            ("data-testid", "load-error"),
        ],
    )
    .el("p", &[], message)
    .el("p", &[("class", "notice__detail")], &error.to_string());
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
    h.close("div");
}
