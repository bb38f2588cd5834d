//! The path the portal is served under on its host: empty at the root of
//! the host (`https://example.org/en/`), `/portal` for a newsroom that
//! serves it at `https://example.org/portal/en/`.
//!
//! Routes and data files are named by their path within the site
//! ([`super::Route::path`]); [`href`] puts the base in front of such a path
//! for a link, a script or a fetch on the site's own pages, and the site's
//! URL (the origin followed by the base) does the same for absolute URLs.
//! The prerender sets the base once from `BASE_PATH`; in the browser the
//! wasm reads it from the page ([`META_NAME`]), so that one wasm serves
//! every base.

use std::sync::OnceLock;

/// The `<meta name=… content=…>` of every page of a site built with a base
/// path, which the wasm reads on start. A site at the root has none.
pub const META_NAME: &str = "portal-base";

/// The selector of that `<meta>`, written out: a `format!` in the wasm
/// costs more than the bytes of the string.
pub const META_SELECTOR: &str = "meta[name=portal-base]";

/// Why `BASE_PATH` cannot be the path the portal is served under.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BasePathError {
    #[error("BASE_PATH {0:?} must start with / (for example BASE_PATH=/portal), or be empty for a portal at the root of its host")]
    Relative(String),
    #[error("BASE_PATH {0:?} must not end with /: write /portal, not /portal/")]
    TrailingSlash(String),
    #[error("BASE_PATH {0:?} has an empty, . or .. segment: name the folder itself, for example /news/portal")]
    Segment(String),
    #[error("BASE_PATH {0:?} may hold only letters, digits and - . _ ~ between its slashes, which need no escaping in a URL or a server's configuration")]
    Character(String),
}

/// `value` (the `BASE_PATH` variable) as the base path: empty (unset, empty
/// or `/`) for a portal at the root of its host, else `/segment[/segment…]`
/// without a trailing slash.
///
/// ```
/// use portal::model::base_path::{base_path, BasePathError};
/// assert_eq!(base_path(Some("/portal")).as_deref(), Ok("/portal"));
/// assert_eq!(base_path(None).as_deref(), Ok(""));
/// assert_eq!(base_path(Some("/")).as_deref(), Ok(""));
/// assert_eq!(base_path(Some("portal")), Err(BasePathError::Relative("portal".into())));
/// ```
pub fn base_path(value: Option<&str>) -> Result<String, BasePathError> {
    let value = value.unwrap_or_default();
    if value.is_empty() || value == "/" {
        return Ok(String::new());
    }
    let Some(rest) = value.strip_prefix('/') else {
        return Err(BasePathError::Relative(value.to_owned()));
    };
    if rest.ends_with('/') {
        return Err(BasePathError::TrailingSlash(value.to_owned()));
    }
    for segment in rest.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(BasePathError::Segment(value.to_owned()));
        }
        let plain = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
        if !segment.chars().all(plain) {
            return Err(BasePathError::Character(value.to_owned()));
        }
    }
    Ok(value.to_owned())
}

static BASE: OnceLock<String> = OnceLock::new();

/// Sets the base path of this process (the prerender) or page (the wasm),
/// once, before anything is rendered. A second call changes nothing.
pub fn set(base: String) {
    let _ = BASE.set(base);
}

/// The base path set by [`set`], empty until then.
pub fn get() -> &'static str {
    BASE.get().map_or("", String::as_str)
}

/// `path` (from the site's root, starting with `/`) as the site's pages
/// link to it: under the base path.
///
/// ```
/// use portal::model::base_path::href;
/// assert_eq!(href("/en/statistics/"), "/en/statistics/"); // no base set
/// ```
pub fn href(path: &str) -> String {
    under(get(), path)
}

/// `path` under `base`.
fn under(base: &str, path: &str) -> String {
    let mut href = base.to_owned();
    href.push_str(path);
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_path_is_a_clean_absolute_folder() {
        for (value, base) in [
            ("", ""),
            ("/", ""),
            ("/portal", "/portal"),
            ("/news/data-portal", "/news/data-portal"),
            ("/v1.2_x~y", "/v1.2_x~y"),
        ] {
            assert_eq!(base_path(Some(value)).as_deref(), Ok(base), "{value}");
        }
        for (value, error) in [
            ("portal", BasePathError::Relative("portal".into())),
            ("./portal", BasePathError::Relative("./portal".into())),
            ("/portal/", BasePathError::TrailingSlash("/portal/".into())),
            ("//", BasePathError::TrailingSlash("//".into())),
            ("/a//b", BasePathError::Segment("/a//b".into())),
            ("/..", BasePathError::Segment("/..".into())),
            ("/a/../b", BasePathError::Segment("/a/../b".into())),
            ("/a/./b", BasePathError::Segment("/a/./b".into())),
            ("/por tal", BasePathError::Character("/por tal".into())),
            (
                "/portal?x=1",
                BasePathError::Character("/portal?x=1".into()),
            ),
            (
                "/portal#top",
                BasePathError::Character("/portal#top".into()),
            ),
            ("/a\"b", BasePathError::Character("/a\"b".into())),
            ("/a;b{", BasePathError::Character("/a;b{".into())),
            ("/портал", BasePathError::Character("/портал".into())),
            (
                "https://example.org/portal",
                BasePathError::Relative("https://example.org/portal".into()),
            ),
        ] {
            assert_eq!(base_path(Some(value)), Err(error), "{value}");
        }
    }

    #[test]
    fn the_errors_say_what_to_write() {
        let said = base_path(Some("/portal/")).unwrap_err().to_string();
        assert!(said.contains("write /portal, not /portal/"), "{said}");
        let said = base_path(Some("portal")).unwrap_err().to_string();
        assert!(said.contains("must start with /"), "{said}");
    }

    #[test]
    fn the_selector_finds_the_meta() {
        assert_eq!(META_SELECTOR, format!("meta[name={META_NAME}]"));
    }

    #[test]
    fn paths_go_under_the_base() {
        assert_eq!(under("", "/en/"), "/en/");
        assert_eq!(under("/portal", "/en/"), "/portal/en/");
        assert_eq!(
            under("/portal", "/data/export.json"),
            "/portal/data/export.json"
        );
        assert_eq!(under("/portal", "/"), "/portal/");
    }
}
