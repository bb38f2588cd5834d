//! Why a data file the portal reads cannot be used.
//!
//! Which error type where:
//! - [`DataError`], here, for every data file the portal reads (an export,
//!   a release manifest, the archive's index, declaration and content
//!   files): it names the JSON path and the reason, the same natively and
//!   in the browser;
//! - the exporter's own errors in the exporter (`src/exporter/`), which
//!   wrap a `DataError` where the exporter checks what it wrote;
//! - `ApiError` in `api.rs` for fetching, which tells a missing file, a
//!   network failure and a `DataError` apart for the error view;
//! - a small error type of its own beside a parser of one value
//!   (`week::BadWeek`, `lang::UnknownLang`, `query::MalformedRelease`) or
//!   of a build setting (`SiteUrlError`, `BasePathError`), whose message is
//!   the whole story.

/// Why a data file cannot be used, with the JSON path where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    #[error("the file has at least {size} bytes, more than the {max} bytes allowed")]
    TooLarge { size: usize, max: usize },
    #[error("invalid JSON at line {line}, column {column}: {reason}")]
    Malformed {
        line: usize,
        column: usize,
        reason: String,
    },
    /// What the browser's JSON parser said of a file it could not read.
    #[error("invalid JSON: {0}")]
    Unreadable(String),
    #[error("schema_version {found} is not supported (this portal reads version {supported})")]
    UnsupportedVersion { found: u64, supported: u32 },
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

impl DataError {
    /// A JSON syntax error, with its line and column.
    pub fn from_json(e: serde_json::Error) -> DataError {
        DataError::Malformed {
            line: e.line(),
            column: e.column(),
            reason: e.to_string(),
        }
    }
}
