//! Export format v1: the aggregated, anonymised verification statistics.
//!
//! The same types are written by the exporter, read by the prerender step and
//! decoded in the browser. [`Export::parse`] is the one validating entry point
//! for all of them; every error names the JSON path and the reason.
//!
//! Layout: counts are columnar. Each [`Series`] holds one array per measure;
//! for the cells the arrays run over week × region × category (see
//! [`Export::cell_index`]), for the margins over weeks, regions or categories,
//! and for the grand total they have one element. A suppressed count is
//! `null` (see [`Count`](super::count::Count)).
//!
//! - `types`: the types and the layout of the count arrays;
//! - `read`: parsing, reading a file, and the JSON reader;
//! - `validate`: what the types cannot say, the sum audits included;
//! - `fingerprint`: the canonical content and its SHA-256;
//! - `figures`: the figures of a [`Selection`], exact or a lower bound.
//!
//! Nothing here depends on the URL query (`query`), which depends on this.

mod figures;
mod fingerprint;
#[cfg(test)]
mod fixtures;
mod read;
mod types;
mod validate;

pub(crate) use figures::order_rows;
pub use figures::{four_week_average, funnel_bounds, percent_change, Headline, Report, Selection};
#[cfg(feature = "ssr")]
pub use types::json_schema;
pub(crate) use types::measure_name;
pub use types::{
    Category, Export, ExportRelease, Margins, Measure, Measures, OpenByAge, Outcome, Region,
    Series, EXPORT_SCHEMA_VERSION, MAX_CATEGORIES, MAX_EXPORT_BYTES, MAX_OUTCOMES, MAX_WEEKS,
    UNDETERMINED,
};
