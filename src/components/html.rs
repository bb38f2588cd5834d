//! HTML written as text, for the views the explorer re-renders in the
//! browser: the one implementation of their markup, used by the prerender
//! step (through [`raw`]) and by the wasm (as `inner_html`). Plain string
//! pushes instead of tachys' `to_html`, which is generic over every element
//! and attribute type and costs the wasm ~25 KB compressed.

use leptos::tachys::html::InertElement;

/// An HTML fragment being written.
#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn new() -> Html {
        Html(String::with_capacity(8192))
    }

    /// `<tag name="value"…>`. A pair with an empty name is left out, so an
    /// attribute can be conditional: `(if on { "disabled" } else { "" }, "")`.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            if !name.is_empty() {
                self.0.push(' ');
                self.0.push_str(name);
                self.0.push_str("=\"");
                escape(&mut self.0, value);
                self.0.push('"');
            }
        }
        self.0.push('>');
        self
    }

    pub fn close(&mut self, tag: &str) -> &mut Html {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape(&mut self.0, text);
        self
    }

    /// An element with only text in it.
    pub fn el(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// `text` escaped for HTML or XML text and double-quoted attribute
/// values (the Atom feeds use it too).
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(&mut out, text);
    out
}

fn escape(out: &mut String, text: &str) {
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

/// Written HTML as a view, for the prerendered pages.
pub fn raw(html: String) -> InertElement {
    InertElement::new(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes_and_leaves_out_unnamed_attributes() {
        let mut h = Html::new();
        h.open("p", &[("title", "a \"b\" & c"), ("", "")])
            .text("1 < 2")
            .close("p");
        assert_eq!(
            h.finish(),
            "<p title=\"a &quot;b&quot; &amp; c\">1 &lt; 2</p>"
        );
    }
}
