//! The one place that talks to the network. Every call returns
//! `Result<T, ApiError>`, classified once so that views can tell
//! "missing or invalid data" (retrying will not help) from
//! "network trouble" (try again).

use crate::model::export::Export;
use crate::model::DataError;
use gloo_net::http::Request;
use web_sys::RequestCache;

/// Where the statistics export is published, relative to the site root.
pub const EXPORT_URL: &str = "/data/export.json";

/// Why a data file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The server answered, but the file is not there (HTTP 4xx).
    #[error("{url} was not found (HTTP {status})")]
    NotFound { url: String, status: u16 },
    /// The file arrived but failed validation.
    #[error("{url} is not valid: {error}")]
    Invalid { url: String, error: DataError },
    /// No answer, or a server error (HTTP 5xx): worth trying again.
    #[error("{url} could not be loaded: {reason}")]
    Network { url: String, reason: String },
}

impl ApiError {
    /// Whether a "Try again" button can help: after network trouble, and
    /// when the file is missing (the data team may be replacing it); not when
    /// the file arrived and is invalid.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, ApiError::Invalid { .. })
    }
}

/// Fetches and validates the statistics export, bypassing caches so that a
/// file replaced on the server is seen at once.
pub async fn fetch_export() -> Result<Export, ApiError> {
    let text = fetch_text(EXPORT_URL).await?;
    Export::parse(&text).map_err(|error| ApiError::Invalid {
        url: EXPORT_URL.to_owned(),
        error,
    })
}

async fn fetch_text(url: &str) -> Result<String, ApiError> {
    let network = |reason: String| ApiError::Network {
        url: url.to_owned(),
        reason,
    };
    let response = Request::get(url)
        .cache(RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| network(e.to_string()))?;
    match response.status() {
        200..=299 => response.text().await.map_err(|e| network(e.to_string())),
        status @ 400..=499 => Err(ApiError::NotFound {
            url: url.to_owned(),
            status,
        }),
        status => Err(network(format!("HTTP {status}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_data_is_the_one_error_not_worth_retrying() {
        let url = EXPORT_URL.to_owned();
        assert!(ApiError::Network {
            url: url.clone(),
            reason: "offline".into()
        }
        .is_retryable());
        assert!(ApiError::NotFound {
            url: url.clone(),
            status: 404
        }
        .is_retryable());
        assert!(!ApiError::Invalid {
            url,
            error: DataError::UnsupportedVersion {
                found: 9,
                supported: 1
            }
        }
        .is_retryable());
    }
}
