//! Pure data and logic shared by the prerender tool, the browser islands and
//! the exporter. Nothing here imports leptos, web_sys or gloo, so it
//! compiles and tests natively in milliseconds.

pub mod age;
pub mod archive;
pub mod base_path;
pub mod catalogue;
pub mod citation;
// The releases page's logic runs at build time only. Kept out of the wasm
// build, it costs the island nothing; compiled in, the revision code added
// 131 bytes to it although nothing there calls it (the code it shares with
// the island was then optimised differently).
#[cfg(feature = "ssr")]
pub mod correction;
pub mod count;
pub mod declaration;
pub mod digest;
pub mod download;
pub mod embed;
pub mod error;
pub mod export;
pub mod format;
pub mod html_text;
pub mod json_path;
mod json_read;
mod json_writer;
pub mod lang;
#[cfg(feature = "ssr")]
pub mod open_data;
pub mod pillars;
pub mod query;
pub mod record;
pub mod region;
pub mod release;
#[cfg(feature = "ssr")]
pub mod revision;
pub mod route;
#[cfg(feature = "ssr")]
pub mod serving;
#[cfg(feature = "ssr")]
pub mod site_url;
pub mod sorted_map;
pub mod text;
pub mod time;
pub mod typography;
pub mod week;

pub use error::DataError;
pub use json_read::Node;
pub use lang::Lang;
pub use release::Release;
pub use route::{Page, Route};

/// Sorts a short slice (a few dozen items) by `less`, stably: insertion
/// sort, a few dozen bytes of wasm where each instance of the standard
/// library's sorts costs a few KB.
pub(crate) fn sort_small<T>(items: &mut [T], less: &dyn Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}
