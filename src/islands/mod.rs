//! The only views compiled into the wasm: the interactive parts of pages.
//! Everything else is prerendered HTML.

pub mod statistics_explorer;

pub use statistics_explorer::StatisticsExplorer;
