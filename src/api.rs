//! The one place that talks to the network. Every call returns
//! `Result<T, ApiError>`, classified once so that views can say what
//! happened: invalid data (retrying will not help), or a missing file, a
//! web page instead of the file, a server error, no answer in time or no
//! connection (try again).

use crate::model::archive::release_file_url;
use crate::model::base_path::href;
use crate::model::digest::hex;
use crate::model::export::{Export, MAX_EXPORT_BYTES};
use crate::model::release::MAX_RELEASE_BYTES;
use crate::model::{DataError, Release};
use gloo_net::http::Request;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCache};

/// Where the statistics export is published, from the site root (under
/// the base path on the page: [`href`]).
pub const EXPORT_URL: &str = "/data/export.json";

/// Where the release manifest is published: which release the export at
/// [`EXPORT_URL`] holds, in a few hundred bytes.
pub const RELEASE_URL: &str = "/data/release.json";

/// How long a load may take, answer and file together, before it is given
/// up with a "Try again".
pub const FETCH_TIMEOUT_SECONDS: u32 = 20;

/// Why a data file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The server answered, but the file is not there (HTTP 4xx).
    #[error("{url} was not found (HTTP {status})")]
    NotFound { url: String, status: u16 },
    /// The file arrived but failed validation.
    #[error("{url} is not valid: {error}")]
    Invalid { url: String, error: DataError },
    /// The server answered with an error of its own (HTTP 5xx).
    #[error("{url}: the server answered HTTP {status}")]
    Server { url: String, status: u16 },
    /// A web page arrived where the data file was expected (a host's error
    /// or login page, served as if it were the file).
    #[error("{url}: the server sent a web page (HTML) instead of the data file")]
    NotData { url: String },
    /// No complete answer within [`FETCH_TIMEOUT_SECONDS`].
    #[error("{url}: no complete answer within {seconds} seconds")]
    Timeout { url: String, seconds: u32 },
    /// No answer: the connection failed.
    #[error("{url} could not be loaded: {reason}")]
    Network { url: String, reason: String },
    /// The browser could not compute the file's fingerprint (its
    /// `crypto.subtle` exists on https:// and local pages only), so the
    /// file's figures are not trusted.
    #[error("{url}: this browser could not check the file's fingerprint: {reason}")]
    Unverified { url: String, reason: String },
}

impl ApiError {
    /// Whether a "Try again" button can help: after network or server
    /// trouble, and when the file is missing or a web page stood in for it
    /// (the data team may be replacing it); not when the file arrived and
    /// is invalid or cannot be checked here.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, ApiError::Invalid { .. } | ApiError::Unverified { .. })
    }
}

/// Fetches and validates the release manifest, bypassing caches so that a
/// release published since the page was built is seen at once.
pub async fn fetch_release() -> Result<Release, ApiError> {
    let url = href(RELEASE_URL);
    let text = fetch_text(&url, MAX_RELEASE_BYTES).await?;
    Release::parse(&text).map_err(|error| ApiError::Invalid { url, error })
}

/// Fetches and validates the statistics export, bypassing caches so that a
/// file replaced on the server is seen at once: the latest release's at
/// [`EXPORT_URL`], or the archived `release`'s from its folder, which must
/// hold that release (a missing folder is [`ApiError::NotFound`]).
pub async fn fetch_export(release: Option<&str>) -> Result<Export, ApiError> {
    let url = href(&match release {
        Some(id) => release_file_url(id, "export.json"),
        None => EXPORT_URL.to_owned(),
    });
    let text = fetch_text(&url, MAX_EXPORT_BYTES).await?;
    let export = read_export(&url, &text).await?;
    match release {
        Some(id) if export.release.release_id != id => Err(ApiError::Invalid {
            url,
            error: DataError::Invalid {
                path: "$.release.release_id".to_owned(),
                reason: "is not the release its folder is named after".to_owned(),
            },
        }),
        _ => Ok(export),
    }
}

/// The export in `text`, loaded from `url`, if it passes every check
/// `exporter validate` makes: [`Export::parse`]'s rules, then the
/// fingerprint.
pub async fn read_export(url: &str, text: &str) -> Result<Export, ApiError> {
    let invalid = |error| ApiError::Invalid {
        url: url.to_owned(),
        error,
    };
    let export = Export::parse(text).map_err(invalid)?;
    let actual = sha256_hex(export.canonical_content().as_bytes())
        .await
        .map_err(|e| ApiError::Unverified {
            url: url.to_owned(),
            reason: js_sys::Error::from(e).message().into(),
        })?;
    export.check_fingerprint(&actual).map_err(invalid)?;
    Ok(export)
}

/// SHA-256 of `bytes` as the portal writes fingerprints, computed by the
/// browser's own `crypto.subtle` (no hash function in the wasm).
pub async fn sha256_hex(bytes: &[u8]) -> Result<String, JsValue> {
    let window = web_sys::window().ok_or_else(|| js_sys::Error::new("no window"))?;
    let digest = window
        .crypto()?
        .subtle()
        .digest_with_str_and_u8_array("SHA-256", bytes)?;
    let digest = JsFuture::from(digest).await?;
    Ok(hex(&js_sys::Uint8Array::new(&digest).to_vec()))
}

/// The text of the file at `url`, refused unread when the server announces
/// more than `max` bytes.
async fn fetch_text(url: &str, max: usize) -> Result<String, ApiError> {
    let url = url.to_owned();
    let failed = |e: gloo_net::Error| match e {
        gloo_net::Error::JsError(e) if e.name == "TimeoutError" => ApiError::Timeout {
            url: url.clone(),
            seconds: FETCH_TIMEOUT_SECONDS,
        },
        e => ApiError::Network {
            url: url.clone(),
            reason: e.to_string(),
        },
    };
    let response = Request::get(&url)
        .cache(RequestCache::NoCache)
        .abort_signal(Some(&AbortSignal::timeout_with_u32(
            FETCH_TIMEOUT_SECONDS * 1000,
        )))
        .send()
        .await
        .map_err(failed)?;
    let header = |name: &str| response.headers().get(name).unwrap_or_default();
    let not_data = || ApiError::NotData { url: url.clone() };
    match response.status() {
        200..=299 if header("content-type").starts_with("text/html") => Err(not_data()),
        200..=299 => match header("content-length").parse::<usize>() {
            Ok(size) if size > max => Err(ApiError::Invalid {
                url: url.clone(),
                error: DataError::TooLarge { size, max },
            }),
            // A page served under another type is still a page.
            _ => match response.text().await.map_err(failed)? {
                text if text.trim_start().starts_with('<') => Err(not_data()),
                text => Ok(text),
            },
        },
        status @ 400..=499 => Err(ApiError::NotFound {
            url: url.clone(),
            status,
        }),
        status => Err(ApiError::Server {
            url: url.clone(),
            status,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_data_that_fails_its_checks_is_not_worth_retrying() {
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
        assert!(!ApiError::Unverified {
            url: url.clone(),
            reason: "crypto.subtle is undefined".into()
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
