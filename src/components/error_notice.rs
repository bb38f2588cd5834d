use super::html::Html;
use crate::api::ApiError;
use crate::locale::{td_string, Locale};
use crate::model::Lang;

/// A failed load, said plainly (missing file, invalid file or network
/// trouble), with a "Try again" button (`data-retry`) where retrying can
/// help; the island that shows the notice handles its clicks.
pub fn error_notice(h: &mut Html, lang: Lang, error: &ApiError) {
    let locale = Locale::from(lang);
    let message = match error {
        ApiError::NotFound { .. } => td_string!(locale, error_missing),
        ApiError::Invalid { .. } => td_string!(locale, error_invalid),
        ApiError::Network { .. } => td_string!(locale, error_network),
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
            td_string!(locale, retry),
        );
    }
    h.close("div");
}
