//! HTML written as text, for the views the explorer re-renders in the
//! browser: the one implementation of their markup, used by the prerender
//! step (through [`raw`]) and by the wasm (as `inner_html`). Plain string
//! pushes instead of tachys' `to_html`, which is generic over every element
//! and attribute type and costs the wasm ~25 KB compressed.

use crate::components::explorer_contract::LATER;
use crate::model::html_text::escape_into;
use leptos::tachys::html::InertElement;

/// An HTML fragment being written. Every element is written whole, with
/// its children inside a closure ([`Html::el_with`]), so start and end
/// tags balance by construction. A deferring writer also keeps the parts it
/// leaves for later ([`Html::later`]).
#[derive(Default)]
pub struct Html(String, Option<Vec<String>>);

impl Html {
    pub fn new() -> Html {
        Html(String::with_capacity(8192), None)
    }

    /// A writer that leaves for later what [`Html::later`] is given: for
    /// the figures the explorer draws, whose tables and citations in
    /// closed `<details>` are written when the reader opens them.
    pub fn deferring() -> Html {
        Html(String::with_capacity(8192), Some(Vec::new()))
    }

    /// `<tag name="value"…>`, leaving out the pairs without a name.
    #[inline(never)]
    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            if !name.is_empty() {
                self.0.push(' ');
                self.0.push_str(name);
                self.0.push_str("=\"");
                escape_into(&mut self.0, value);
                self.0.push('"');
            }
        }
        self.0.push('>');
    }

    #[inline(never)]
    fn end(&mut self, tag: &str) {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.0, text);
        self
    }

    /// An element with only text in it (none: `""`). Attributes as for
    /// [`Html::el_with`].
    pub fn el(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Html {
        self.start(tag, attrs);
        self.text(text);
        self.end(tag);
        self
    }

    /// An element with what `children` writes in it. A pair with an empty
    /// name is left out, so an attribute can be conditional:
    /// `(if on { "disabled" } else { "" }, "")`.
    ///
    /// ```
    /// use portal::components::Html;
    /// let mut h = Html::new();
    /// h.el_with("p", &[("class", "note")], |h| {
    ///     h.text("1 < 2, ").el("em", &[], "said");
    /// });
    /// assert_eq!(h.finish(), "<p class=\"note\">1 &lt; 2, <em>said</em></p>");
    /// ```
    ///
    /// Inlined into its caller, with the closure, around two calls that are
    /// never inlined: the wasm gets the code of a start tag, the children
    /// and an end tag written in line, as open/close calls gave it, and no
    /// copy of the writer per closure (as a generic function it cost 1.3 KB
    /// brotli, behind `&mut dyn FnMut` 1.7 KB; this way 52 bytes less than
    /// open/close, measured).
    #[inline(always)]
    pub fn el_with(
        &mut self,
        tag: &str,
        attrs: &[(&str, &str)],
        children: impl FnOnce(&mut Html),
    ) -> &mut Html {
        self.start(tag, attrs);
        children(self);
        self.end(tag);
        self
    }

    /// An element that a reader sees only once the `<details>` it is in is
    /// opened: written whole, or by a deferring writer empty, marked with
    /// its number ([`LATER`]), its children kept apart (the part of that
    /// number in [`Html::finish_parts`]).
    pub fn later(
        &mut self,
        tag: &str,
        attrs: &[(&str, &str)],
        children: impl FnOnce(&mut Html),
    ) -> &mut Html {
        let Some(parts) = &mut self.1 else {
            return self.el_with(tag, attrs, children);
        };
        let mut part = Html::default();
        children(&mut part);
        let number = parts.len().to_string();
        parts.push(part.0);
        let mut marked = attrs.to_vec();
        marked.push((LATER.name, &number));
        self.el(tag, &marked, "")
    }

    pub fn finish(self) -> String {
        self.0
    }

    /// The fragment, and the parts left for later, in their numbers' order.
    pub fn finish_parts(self) -> (String, Vec<String>) {
        (self.0, self.1.unwrap_or_default())
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
        h.el_with("p", &[("title", "a \"b\" & c"), ("", "")], |h| {
            h.text("1 < 2");
        });
        assert_eq!(
            h.finish(),
            "<p title=\"a &quot;b&quot; &amp; c\">1 &lt; 2</p>"
        );
    }

    #[test]
    fn nested_elements_close_in_reverse_order() {
        let mut h = Html::new();
        h.el_with("table", &[], |h| {
            h.el_with("tbody", &[], |h| {
                for cell in ["a", "b"] {
                    h.el_with("tr", &[], |h| {
                        h.el("td", &[], cell);
                    });
                }
            });
        })
        .el("p", &[], "");
        assert_eq!(
            h.finish(),
            "<table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table><p></p>"
        );
    }
}
