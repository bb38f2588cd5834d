//! The only views compiled into the wasm: the interactive parts of pages.
//! Everything else is prerendered HTML.

mod release_status;

pub use release_status::ReleaseStatus;
