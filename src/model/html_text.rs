//! Text for HTML and XML: the one escaper in Rust, for text and
//! double-quoted attribute values. The HTML writer of the statistics
//! views, the embed snippets and the Atom feeds use it.

/// `text` escaped, appended to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped.
///
/// ```
/// use portal::model::html_text::escaped;
/// assert_eq!(escaped("a \"b\" & <c>"), "a &quot;b&quot; &amp; &lt;c&gt;");
/// ```
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}
