//! The HTML a news site pastes to embed a widget, in its three forms. One
//! place writes them: the oEmbed documents and the embed builder.

use super::route::Widget;

/// How a host page embeds a widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SnippetKind {
    /// The frame and `/embed.js`, which sizes it to its content.
    Script,
    /// The frame alone, at a fixed height.
    Iframe,
    /// `<amp-iframe>`, which resizes on the widget's AMP message.
    Amp,
}

impl SnippetKind {
    pub const ALL: [SnippetKind; 3] = [SnippetKind::Script, SnippetKind::Iframe, SnippetKind::Amp];

    pub fn code(self) -> &'static str {
        match self {
            SnippetKind::Script => "script",
            SnippetKind::Iframe => "iframe",
            SnippetKind::Amp => "amp",
        }
    }
}

/// The height a frame gets before the widget has said how tall it is (or
/// when the host runs no script): about its height at 390 px, where most
/// readers are, so that the article does not jump when it is sized.
pub fn fallback_height(widget: Widget) -> u32 {
    match widget {
        Widget::Headline => 700,
        Widget::Funnel => 710,
        Widget::Trend => 480,
        Widget::Map => 600,
        Widget::Pillars => 1730,
        Widget::Provision(_) => 560,
    }
}

/// Text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The snippet of `kind` for the widget at `src` (absolute URL), whose
/// frame is on `origin` (where `/embed.js` is).
///
/// ```
/// use portal::model::embed::{snippet, SnippetKind};
/// let html = snippet(SnippetKind::Iframe, "https://p.example", "https://p.example/embed/en/trend/", "Trend \"weekly\"", "480");
/// assert_eq!(html, "<iframe src=\"https://p.example/embed/en/trend/\" title=\"Trend &quot;weekly&quot;\" height=\"480\" loading=\"lazy\" style=\"width:100%;border:0\"></iframe>");
/// ```
///
/// The embed builder fills the same snippets from templates made with `{src}`,
/// `{title}` and `{height}` as the values.
pub fn snippet(kind: SnippetKind, origin: &str, src: &str, title: &str, height: &str) -> String {
    let (src, title) = (attribute(src), attribute(title));
    let frame = format!(
        "<iframe src=\"{src}\" title=\"{title}\" height=\"{height}\" loading=\"lazy\" style=\"width:100%;border:0\"></iframe>"
    );
    match kind {
        SnippetKind::Iframe => frame,
        SnippetKind::Script => format!("{frame}\n<script async src=\"{origin}/embed.js\"></script>"),
        SnippetKind::Amp => format!(
            "<amp-iframe src=\"{src}\" title=\"{title}\" width=\"640\" height=\"{height}\" layout=\"responsive\" resizable\n    \
             sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\">\n  \
             <div overflow tabindex=\"0\" role=\"button\" aria-label=\"Show all\">Show all</div>\n</amp-iframe>"
        ),
    }
}
