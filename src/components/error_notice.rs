use crate::api::ApiError;
use crate::locale::{td_string, Locale};
use crate::model::Lang;
use leptos::prelude::*;

/// A failed load, said plainly (missing file, invalid file or network
/// trouble), with a "Try again" button that calls `on_retry` where retrying
/// can help.
#[component]
pub fn ErrorNotice(lang: Lang, error: ApiError, on_retry: Callback<()>) -> impl IntoView {
    let locale = Locale::from(lang);
    let retryable = error.is_retryable();
    let message = match &error {
        ApiError::NotFound { .. } => td_string!(locale, error_missing),
        ApiError::Invalid { .. } => td_string!(locale, error_invalid),
        ApiError::Network { .. } => td_string!(locale, error_network),
    };
    view! {
        <div class="notice notice--error" role="alert" data-testid="load-error">
            <p>{message}</p>
            <p class="notice__detail">{error.to_string()}</p>
            {retryable.then(|| view! {
                <button type="button" data-testid="retry" on:click=move |_| on_retry.run(())>
                    {td_string!(locale, retry)}
                </button>
            })}
        </div>
    }
}
