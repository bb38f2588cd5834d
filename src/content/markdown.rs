//! Markdown to safe HTML, at build time only (pulldown-cmark and ammonia
//! never reach the wasm).
//!
//! The content is Markdown only: raw HTML in it (a tag, a comment) is an
//! error that names its line, since a sanitised tag can still act on the
//! reader's browser (`<img src=x onerror=…>` became `<img src="x">`, which
//! the browser fetches). What Markdown itself can express is sanitised
//! anyway: `javascript:`/`data:` links, event handlers or styles given as
//! heading attributes.
//!
//! The text is set in its language's typography on the way
//! ([`crate::model::typography`]): the files are written with ordinary
//! spaces and apostrophes.

use crate::model::typography::typeset;
use crate::model::Lang;
use pulldown_cmark::{html, CowStr, Event, Options, Parser};

/// Raw HTML found in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHtml {
    /// Where it starts: a line of the Markdown given, from 1.
    pub line: usize,
    /// The HTML, on one line and cut short.
    pub html: String,
}

impl RawHtml {
    /// `html` found at `line`, kept to one line of at most 80 characters.
    pub fn new(line: usize, html: &str) -> RawHtml {
        let html = html.split_whitespace().collect::<Vec<_>>().join(" ");
        let html = match html.char_indices().nth(80) {
            Some((cut, _)) => format!("{}…", &html[..cut]),
            None => html,
        };
        RawHtml { line, html }
    }

    /// Why the build refuses it, for an error message.
    pub fn reason(&self) -> String {
        format!(
            "raw HTML {:?} is not allowed: the content is Markdown (**bold**, *italic*, [link](https://…), lists, headings)",
            self.html
        )
    }
}

/// The line (from 1) of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Renders Markdown in `lang` to sanitised HTML set in the typography of
/// `lang`, or names the first raw HTML in it.
///
/// ```
/// use portal::content::markdown::to_safe_html;
/// use portal::model::Lang;
/// assert_eq!(to_safe_html("Hi **there**", Lang::En).unwrap().trim(), "<p>Hi <strong>there</strong></p>");
/// assert_eq!(to_safe_html("Attention !", Lang::Fr).unwrap().trim(), "<p>Attention\u{202F}!</p>");
/// let raw = to_safe_html("Hi\n\n<img src=x onerror=alert(1)>", Lang::En).unwrap_err();
/// assert_eq!((raw.line, raw.html.as_str()), (3, "<img src=x onerror=alert(1)>"));
/// ```
pub fn to_safe_html(markdown: &str, lang: Lang) -> Result<String, RawHtml> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match (event, events.last_mut()) {
            (Event::Html(html) | Event::InlineHtml(html), _) => {
                return Err(RawHtml::new(line_of(markdown, range.start), &html));
            }
            // The parser splits a run of text where a sign could start
            // markup (`!` of an image): one run, so that the typography
            // sees the space before the sign.
            (Event::Text(more), Some(Event::Text(text))) => {
                *text = CowStr::from(format!("{text}{more}"));
            }
            (event, _) => events.push(event),
        }
    }
    let events = events.into_iter().map(|event| match event {
        Event::Text(text) => Event::Text(typeset(lang.code(), &text).into()),
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    Ok(ammonia::Builder::default()
        .url_schemes(["https", "http", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .add_generic_attributes(["id"])
        .clean(&raw)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;
    use crate::model::Lang;

    #[test]
    fn formatting_survives() {
        let html = to_safe_html(
            "# Title {#c1}\n\n*a* and [b](https://example.org/)",
            Lang::En,
        )
        .unwrap();
        assert!(html.contains("<h1 id=\"c1\">Title</h1>"), "{html}");
        assert!(html.contains("<em>a</em>"));
        assert!(html.contains("href=\"https://example.org/\""));
    }

    #[test]
    fn raw_html_is_refused_with_its_line() {
        for (markdown, line, html) in [
            ("<script>alert(1)</script>", 1, "<script>"),
            (
                "Text\n\n<img src=x onerror=alert(2)>",
                3,
                "<img src=x onerror=alert(2)>",
            ),
            ("A line with <b>bold</b> inside.", 1, "<b>"),
            (
                "- one\n- two <span\n  style=\"x\">",
                2,
                "<span style=\"x\">",
            ),
            ("Before\n\n<!-- a comment -->", 3, "<!-- a comment -->"),
            (
                "<p style=\"position:fixed\">styled</p>",
                1,
                "<p style=\"position:fixed\">styled</p>",
            ),
            (
                "x\n\n<iframe src=\"https://evil.example/\"></iframe>",
                3,
                "<iframe",
            ),
        ] {
            let raw = to_safe_html(markdown, Lang::En).unwrap_err();
            assert_eq!(raw.line, line, "{markdown:?}");
            assert!(raw.html.starts_with(html), "{markdown:?}: {raw:?}");
        }
        let long = format!("<p title=\"{}\">", "x".repeat(200));
        assert!(to_safe_html(&long, Lang::En)
            .unwrap_err()
            .html
            .ends_with("x…"));
    }

    #[test]
    fn what_only_looks_like_html_is_text() {
        let html = to_safe_html(
            "1 < 2 and `<img src=x>` in code, <https://example.org/>",
            Lang::En,
        )
        .unwrap();
        assert!(html.contains("1 &lt; 2"), "{html}");
        assert!(html.contains("<code>&lt;img src=x&gt;</code>"), "{html}");
        assert!(html.contains("href=\"https://example.org/\""), "{html}");
    }

    #[test]
    fn text_is_set_in_its_language_and_code_is_not() {
        let n = '\u{202F}';
        let html = to_safe_html(
            "« Voir » : **la liste** ; `a : b` [lien !](https://example.org/?x=1) ![image !](https://example.org/i.png)",
            Lang::Fr,
        )
        .unwrap();
        assert!(
            html.contains(&format!("«{n}Voir{n}»{n}: <strong>la liste</strong>{n}; ")),
            "{html}"
        );
        assert!(html.contains("<code>a : b</code>"), "{html}");
        assert!(html.contains(&format!(">lien{n}!</a>")), "{html}");
        assert!(html.contains("href=\"https://example.org/?x=1\""), "{html}");
        let html = to_safe_html("Об'єднаних Націй, `п'ять`", Lang::Uk).unwrap();
        assert!(
            html.contains("Обʼєднаних") && html.contains("<code>п'ять</code>"),
            "{html}"
        );
        let english = "Ukraine's: “quoted” !";
        assert!(to_safe_html(english, Lang::En)
            .unwrap()
            .contains("Ukraine's: “quoted” !"));
    }

    #[test]
    fn hostile_markdown_is_made_inert() {
        let hostile = concat!(
            "## Heading {#p1 onclick=\"alert(1)\" style=\"color:red\"}\n\n",
            "[js](javascript:alert(3)) [data](data:text/html,x) [mixed](JaVaScRiPt:alert(4))",
        );
        let html = to_safe_html(hostile, Lang::En).unwrap();
        for bad in ["onclick", "style=", "javascript:", "JaVaScRiPt", "data:"] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(
            html.contains("id=\"p1\"") && html.contains(">js<"),
            "{html}"
        );
    }
}
