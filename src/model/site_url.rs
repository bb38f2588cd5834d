//! The origin a built site names in its canonical links, hreflang, Open
//! Graph URLs, feeds, sitemap and embed snippets. A site for deployment
//! must name its public HTTPS origin: one built with this machine's
//! address would send every reader, search engine and news site that
//! embeds a widget to `127.0.0.1`, and nothing would say so.

/// What local builds (`make serve`, the tests) use when `SITE_URL` is unset.
pub const LOCAL_SITE_URL: &str = "http://127.0.0.1:8080";

/// Why `SITE_URL` cannot be the site's origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiteUrlError {
    #[error("SITE_URL is not set: a site to deploy must name its public origin, for example SITE_URL=https://example.org make build (make serve builds and serves the site on this machine)")]
    Missing,
    #[error("SITE_URL {0:?} must be an origin such as https://example.org: http:// or https://, a host and maybe a port, nothing after it (the portal is served from the root of its host)")]
    Malformed(String),
    #[error("SITE_URL {0:?} is not HTTPS: a deployed site's links and embeds must use https:// (make serve builds and serves the site on this machine)")]
    NotHttps(String),
    #[error("SITE_URL {0:?} is this machine: every link and embed snippet would point to it (make serve builds and serves the site on this machine)")]
    Loopback(String),
}

/// `value` (the `SITE_URL` variable) as the site's origin. A deployment
/// build (`local` false) requires an HTTPS origin that is not this
/// machine; a local build takes any http(s) origin, [`LOCAL_SITE_URL`] when
/// none is given.
///
/// ```
/// use portal::model::site_url::{site_url, SiteUrlError};
/// assert_eq!(site_url(Some("https://example.org"), false).as_deref(), Ok("https://example.org"));
/// assert_eq!(site_url(None, false), Err(SiteUrlError::Missing));
/// assert_eq!(site_url(None, true).as_deref(), Ok("http://127.0.0.1:8080"));
/// ```
pub fn site_url(value: Option<&str>, local: bool) -> Result<String, SiteUrlError> {
    let url = match value.filter(|v| !v.is_empty()) {
        Some(url) => url,
        None if local => return Ok(LOCAL_SITE_URL.to_owned()),
        None => return Err(SiteUrlError::Missing),
    };
    let malformed = || SiteUrlError::Malformed(url.to_owned());
    let (https, rest) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => return Err(malformed()),
    };
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
        return Err(malformed());
    }
    if local {
        return Ok(url.to_owned());
    }
    if !https {
        return Err(SiteUrlError::NotHttps(url.to_owned()));
    }
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => rest.split(':').next().unwrap_or(rest),
    };
    let host = host.to_ascii_lowercase();
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host == "::1"
        || host == "::";
    if loopback {
        return Err(SiteUrlError::Loopback(url.to_owned()));
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deployment_needs_a_public_https_origin() {
        for ok in [
            "https://example.org",
            "https://portal.example.org:8443",
            "https://[2001:db8::1]",
        ] {
            assert_eq!(site_url(Some(ok), false).as_deref(), Ok(ok), "{ok}");
        }
        assert_eq!(site_url(Some(""), false), Err(SiteUrlError::Missing));
        for (url, error) in [
            (
                "http://example.org",
                SiteUrlError::NotHttps("http://example.org".into()),
            ),
            (
                "https://localhost:8080",
                SiteUrlError::Loopback("https://localhost:8080".into()),
            ),
            (
                "https://127.0.0.1",
                SiteUrlError::Loopback("https://127.0.0.1".into()),
            ),
            (
                "https://[::1]:8080",
                SiteUrlError::Loopback("https://[::1]:8080".into()),
            ),
            (
                "https://0.0.0.0",
                SiteUrlError::Loopback("https://0.0.0.0".into()),
            ),
            (
                "https://example.org/",
                SiteUrlError::Malformed("https://example.org/".into()),
            ),
            (
                "https://example.org/portal",
                SiteUrlError::Malformed("https://example.org/portal".into()),
            ),
            ("example.org", SiteUrlError::Malformed("example.org".into())),
            ("https://", SiteUrlError::Malformed("https://".into())),
            (
                "https://example.org/?x",
                SiteUrlError::Malformed("https://example.org/?x".into()),
            ),
            (
                "https://user@example.org",
                SiteUrlError::Malformed("https://user@example.org".into()),
            ),
        ] {
            assert_eq!(site_url(Some(url), false), Err(error), "{url}");
        }
    }

    #[test]
    fn a_local_build_takes_this_machine_over_http() {
        assert_eq!(
            site_url(Some("http://127.0.0.1:9000"), true).as_deref(),
            Ok("http://127.0.0.1:9000")
        );
        assert_eq!(site_url(None, true).as_deref(), Ok(LOCAL_SITE_URL));
        assert!(matches!(
            site_url(Some("ftp://x"), true),
            Err(SiteUrlError::Malformed(_))
        ));
    }
}
