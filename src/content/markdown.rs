//! Markdown to safe HTML, at build time only (pulldown-cmark and ammonia
//! never reach the wasm).
//!
//! Content is treated as untrusted: raw HTML in the Markdown, scripts, event
//! handlers, inline styles and `javascript:`/`data:` links are removed by the
//! sanitiser, whatever the Markdown contains.

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown to sanitised HTML.
///
/// ```
/// let html = portal::content::markdown::to_safe_html("Hi <script>alert(1)</script> **there**");
/// assert_eq!(html.trim(), "<p>Hi  <strong>there</strong></p>");
/// ```
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .url_schemes(["https", "http", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .add_generic_attributes(["id"])
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn formatting_survives() {
        let html = to_safe_html("# Title {#c1}\n\n*a* and [b](https://example.org/)");
        assert!(html.contains("<h1 id=\"c1\">Title</h1>"), "{html}");
        assert!(html.contains("<em>a</em>"));
        assert!(html.contains("href=\"https://example.org/\""));
    }

    #[test]
    fn hostile_markup_is_removed() {
        let hostile = concat!(
            "<script>alert(1)</script>\n\n",
            "<img src=x onerror=alert(2)>\n\n",
            "<p style=\"position:fixed\">styled</p>\n\n",
            "[js](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>)\n\n",
            "<iframe src=\"https://evil.example/\"></iframe>",
        );
        let html = to_safe_html(hostile);
        for bad in [
            "<script",
            "onerror",
            "style=",
            "javascript:",
            "data:",
            "<iframe",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("styled"), "text content is kept: {html}");
    }
}
