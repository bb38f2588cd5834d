//! Security Guarantees Transparency Portal.
//!
//! Every route is prerendered to static HTML by `src/bin/prerender.rs` from the
//! components in `pages/` and `components/`. In the browser only the
//! `#[island]` components in `islands/` are compiled into the wasm and hydrate;
//! `public/boot.js` starts them and moves between the prerendered pages
//! without full reloads.

// The views of the statistics page are deeply nested types; they are not
// erased with `into_any`, which would bring every view's hydration code
// into the wasm.
#![recursion_limit = "256"]

// The site needs the web stack (`web`); the model and the exporter do not,
// so that the exporter builds on its own (`--features exporter`).
#[cfg(feature = "web")]
pub mod api;
#[cfg(feature = "web")]
pub mod components;
pub mod content;
#[cfg(feature = "exporter")]
pub mod exporter;
#[cfg(feature = "figure-svg")]
pub mod figure_svg;
// The pages and their islands, for the prerender (`ssr`) and the page's
// wasm (`hydrate`); not in the explorer's SVG module (`figure-svg`), which
// would otherwise export the islands' hydration and carry their code.
#[cfg(any(feature = "ssr", feature = "hydrate"))]
pub mod islands;
#[cfg(feature = "web")]
pub mod locale;
pub mod model;
#[cfg(any(feature = "ssr", feature = "hydrate"))]
pub mod pages;

/// Entry point of the wasm module: takes the base path from the page (a
/// site built for the root of its host names none), then sets up the
/// reactive runtime that the islands hydrate into. `public/boot.js` then
/// calls each island's exported hydration function.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    if let Some(base) = leptos::prelude::document()
        .query_selector(model::base_path::META_SELECTOR)
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
    {
        model::base_path::set(base);
    }
    leptos::mount::hydrate_islands();
}
