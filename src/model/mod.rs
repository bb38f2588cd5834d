//! Pure data and logic shared by the prerender tool, the browser islands and
//! the exporter. Nothing here imports leptos, web_sys or gloo, so it
//! compiles and tests natively in milliseconds.

pub mod age;
pub mod catalogue;
pub mod count;
pub mod declaration;
pub mod digest;
pub mod download;
pub mod embed;
pub mod export;
pub mod format;
pub mod json_path;
pub mod lang;
pub mod pillars;
pub mod protect;
pub mod query;
pub mod record;
pub mod region;
pub mod release;
pub mod route;
pub mod text;
pub mod time;
pub mod week;

pub use lang::Lang;
pub use release::{DataError, Release};
pub use route::{Page, Route};
