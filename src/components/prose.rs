use leptos::prelude::*;

/// Editorial prose rendered from Markdown at build time.
#[component]
pub fn Prose(
    /// HTML from [`crate::content::markdown::to_safe_html`]: already sanitised,
    /// which is what makes `inner_html` safe here.
    html: String,
) -> impl IntoView {
    view! { <div class="prose" inner_html=html></div> }
}
