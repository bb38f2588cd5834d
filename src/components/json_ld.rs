use leptos::prelude::*;

/// Structured data for search engines and data catalogues: a
/// `<script type="application/ld+json">`, which no browser runs. `json` is
/// written as it is, so it must not contain `</` (see
/// [`crate::model::open_data::dataset_json_ld`]).
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    view! { <script type="application/ld+json" inner_html=json></script> }
}
