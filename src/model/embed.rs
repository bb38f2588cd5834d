//! The HTML a news site pastes to embed a widget, in its three forms. One
//! place writes them: the oEmbed documents and the embed builder.

use super::export::Export;
use super::html_text::escaped;
use super::query::{Period, Query, PRESETS};
use super::route::{Page, Widget};

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

/// The height a frame gets before the widget has said how tall it is, and
/// keeps when the host runs no script: at least the widget's height on a
/// phone (a 358 px wide frame) in every language, so that nothing of it,
/// the source and the release included, is cut off. A narrowed view is
/// taller by the line that names it and by the legend of the withheld
/// counts it mostly shows. `make test` holds the figures to the built pages.
pub fn fallback_height(widget: Widget, view: &WidgetView) -> u32 {
    let (own, narrowed) = match widget {
        Widget::Headline => (1040, 200),
        Widget::Funnel => (1060, 100),
        Widget::Trend => (640, 200),
        Widget::Map => (850, 60),
        Widget::Pillars => (2800, 0),
        Widget::Provision(_) => (680, 0),
    };
    match view.path().is_empty() {
        true => own,
        false => own + narrowed,
    }
}

/// The fallback height (see [`fallback_height`]) of a widget pinned to an
/// archived release: its own page's, and the lines above the figures that
/// name the release and link to the latest figures.
pub fn pinned_height(widget: Widget) -> u32 {
    fallback_height(widget, &WidgetView::default()) + 160
}

/// The widget's frame; `more` is attributes to add, written as such. The
/// width is the one the oEmbed document gives, for hosts that drop the
/// style (WordPress does); the style makes the frame fill the column.
fn frame(src: &str, title: &str, height: &str, more: &str) -> String {
    let (src, title) = (escaped(src), escaped(title));
    format!(
        "<iframe src=\"{src}\" title=\"{title}\" width=\"640\" height=\"{height}\"{more} loading=\"lazy\" style=\"width:100%;border:0\"></iframe>"
    )
}

fn host_script(origin: &str) -> String {
    format!("<script async src=\"{origin}/embed.js\"></script>")
}

/// The snippet of `kind` for the widget at `src` (absolute URL), whose
/// frame is on `origin` (where `/embed.js` is); `show_all` is the label of
/// AMP's button for a frame not yet at its full height, in the widget's
/// language.
///
/// ```
/// use portal::model::embed::{snippet, SnippetKind};
/// let html = snippet(SnippetKind::Iframe, "https://p.example", "https://p.example/embed/en/trend/", "Trend \"weekly\"", "480", "Show all");
/// assert_eq!(html, "<iframe src=\"https://p.example/embed/en/trend/\" title=\"Trend &quot;weekly&quot;\" width=\"640\" height=\"480\" loading=\"lazy\" style=\"width:100%;border:0\"></iframe>");
/// let amp = snippet(SnippetKind::Amp, "https://p.example", "https://p.example/embed/de/trend/", "Trend", "480", "Alles zeigen");
/// assert!(amp.contains("aria-label=\"Alles zeigen\">Alles zeigen</div>"));
/// ```
///
/// The embed builder fills the same snippets from templates made with `{src}`,
/// `{title}`, `{height}` and `{show_all}` as the values.
pub fn snippet(
    kind: SnippetKind,
    origin: &str,
    src: &str,
    title: &str,
    height: &str,
    show_all: &str,
) -> String {
    let frame = frame(src, title, height, "");
    let (src, title, show_all) = (escaped(src), escaped(title), escaped(show_all));
    match kind {
        SnippetKind::Iframe => frame,
        SnippetKind::Script => format!("{frame}\n{}", host_script(origin)),
        SnippetKind::Amp => format!(
            "<amp-iframe src=\"{src}\" title=\"{title}\" width=\"640\" height=\"{height}\" layout=\"responsive\" resizable\n    \
             sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\">\n  \
             <div overflow tabindex=\"0\" role=\"button\" aria-label=\"{show_all}\">{show_all}</div>\n</amp-iframe>"
        ),
    }
}

/// The `html` of a widget's oEmbed document: the script snippet, after a
/// link to the widget in a `<blockquote>` that only WordPress shows.
///
/// WordPress keeps of a discovered provider's `html` only a blockquote
/// followed by an iframe, without the `hidden` attribute, the styles and
/// the script, and loads its host script (`wp-embed.js`), which sizes the
/// frame, only for an embed that has the blockquote. It shows the link
/// until the widget first speaks to it, and instead of the widget when the
/// reader's scripts are off. Other hosts keep `hidden` and show the frame
/// alone. `frameborder` (obsolete, so not in the other snippets) is what
/// is left there to keep the browser's border off the frame.
///
/// ```
/// use portal::model::embed::oembed_html;
/// let html = oembed_html("https://p.example", "https://p.example/embed/en/trend/", "Trend", "480");
/// assert!(html.starts_with("<blockquote hidden><a href=\"https://p.example/embed/en/trend/\">Trend</a></blockquote>\n<iframe "));
/// assert!(html.contains(" height=\"480\" frameborder=\"0\" "));
/// assert!(html.ends_with("</iframe>\n<script async src=\"https://p.example/embed.js\"></script>"));
/// ```
pub fn oembed_html(origin: &str, src: &str, title: &str, height: &str) -> String {
    let frame = frame(src, title, height, " frameborder=\"0\"");
    let (src, title) = (escaped(src), escaped(title));
    format!(
        "<blockquote hidden><a href=\"{src}\">{title}</a></blockquote>\n{frame}\n{}",
        host_script(origin)
    )
}

/// A data widget narrowed as the explorer narrows the statistics, in the
/// ways a static page can be prepared for: one region or one category, and
/// a period preset. Each view is a prerendered page of its own,
/// `/embed/{lang}/{widget}/{scope}/{period}/` (`scope` a region code, a
/// category code or `all`; `period` `last-4`, `last-12`, `last-52` or
/// `all`); the whole release is the widget's own page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WidgetView {
    /// A region or category code; `None` for all of them.
    pub scope: Option<String>,
    /// The last this many weeks; `None` for the whole release.
    pub weeks: Option<u32>,
}

impl WidgetView {
    /// The part of the widget's path after its own page's, empty for the
    /// whole release: `UA-63/last-12/`, `mortar/all/`, `all/last-4/`.
    pub fn path(&self) -> String {
        if *self == WidgetView::default() {
            return String::new();
        }
        let scope = self.scope.as_deref().unwrap_or("all");
        let period = self.weeks.map_or(Period::All, Period::Last);
        format!("{scope}/{}/", period.code().unwrap_or_default())
    }

    /// The explorer's query for this view (for its figures and for the link
    /// to the full view).
    pub fn query(&self, export: &Export) -> Query {
        let mut query = Query::default();
        if let Some(code) = &self.scope {
            if export.regions.iter().any(|r| &r.code == code) {
                query.regions = [code.clone()].into();
            } else {
                query.categories = [code.clone()].into();
            }
        }
        if let Some(n) = self.weeks {
            query.period = Period::Last(n);
        }
        query
    }

    /// Every view of `widget` that the build prepares, the whole release
    /// first. The map shows every region, so it is narrowed by category and
    /// period only; widgets without figures have no views but their own.
    pub fn all(widget: Widget, export: &Export) -> Vec<WidgetView> {
        let regions = export.regions.iter().map(|r| r.code.clone());
        let categories = export.categories.iter().map(|c| c.code.clone());
        let scopes: Vec<Option<String>> = match widget.page() {
            Page::Statistics if widget == Widget::Map => {
                std::iter::once(None).chain(categories.map(Some)).collect()
            }
            Page::Statistics => std::iter::once(None)
                .chain(regions.map(Some))
                .chain(categories.map(Some))
                .collect(),
            _ => return vec![WidgetView::default()],
        };
        let periods = std::iter::once(None).chain(PRESETS.map(Some));
        periods
            .flat_map(|weeks| {
                scopes.iter().map(move |scope| WidgetView {
                    scope: scope.clone(),
                    weeks,
                })
            })
            .collect()
    }
}
