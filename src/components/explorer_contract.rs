//! The statistics page's contract with its explorer: the parts of the
//! prerendered page the island finds and acts on, each named once here,
//! for the components that write them, the island that reads them and the
//! browser tests (`tests/web.rs`), so that a part renamed on one side is
//! renamed on the other.
//!
//! The page also tells the island its texts, which release it was built
//! from and when that was generated, and its region ([`ExplorerPage`]):
//! as JSON in the attribute [`EXPLORER`] of the element around the island,
//! which the island reads with the browser's own `JSON.parse`. (Not as
//! island props: Leptos reads those with serde_json, which cost the wasm
//! 15.6 KB compressed, measured on the statistics page, where the
//! browser's parser costs nothing.)

use crate::locale::Texts;
use crate::model::time::parse_rfc3339;
use crate::model::Node;
use chrono::{DateTime, Utc};
use leptos::tachys::html::attribute::custom::{custom_attribute, CustomAttr};

/// A mark the page writes on one of the explorer's parts (an attribute, or
/// a class), and the selector the island finds the part by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hook {
    /// The attribute's or the class's name.
    pub name: &'static str,
    /// `[name]` for an attribute, `.name` for a class.
    pub selector: &'static str,
}

impl Hook {
    /// The attribute with `value`, for a view (`{..HOOK.attr("")}`).
    pub fn attr<V: leptos::attr::AttributeValue>(self, value: V) -> CustomAttr<&'static str, V> {
        custom_attribute(self.name, value)
    }
}

macro_rules! hooks {
    ($($(#[doc = $doc:literal])* $id:ident = $kind:ident $name:literal;)*) => {$(
        $(#[doc = $doc])*
        pub const $id: Hook = Hook { name: $name, selector: hooks!(@selector $kind $name) };
    )*};
    (@selector attribute $name:literal) => { concat!("[", $name, "]") };
    (@selector class $name:literal) => { concat!(".", $name) };
}

hooks! {
    /// Around the island (`StatisticsPage`), with the [`ExplorerPage`] as
    /// its value: the island reads it, and finds every other part inside.
    EXPLORER = attribute "data-explorer";
    /// The release check's box (`StatisticsPage`), a polite live region:
    /// the island writes the check's outcome into it (`status::status_html`)
    /// and focuses it when the reader retries.
    STATUS = attribute "data-status";
    /// The visually hidden status line (`StatisticsPage`): the island says
    /// each new view in it, in one sentence.
    ANNOUNCE = attribute "data-announce";
    /// The box for the query values that could not be used
    /// (`StatisticsPage`): the island writes its note into it
    /// (`status::ignored_note`).
    IGNORED = attribute "data-ignored";
    /// The figures' box (`StatisticsPage`), with the prerendered figures:
    /// the island writes the view's figures into it (`report_html`).
    FIGURES = attribute "data-figures";
    /// Written by the island on [`FIGURES`]: the query of the view drawn
    /// (empty: the page's own view). The stylesheet swaps the image links
    /// by it; the end-to-end tests wait for it.
    VIEW = attribute "data-view";
    /// The filter form (`ExplorerFilters`; the stylesheet styles it too):
    /// the island sets its fields to the view, and reads them on a change.
    FILTERS = class "filters";
    /// "Show everything" in the form (`ExplorerFilters`): the island keeps
    /// only the table's order.
    RESET = attribute "data-reset";
    /// The form's download links (`ExplorerFilters`), with `csv` or `json`:
    /// the island gives them a file name once the export is in, and the
    /// view's file on a click.
    DOWNLOAD = attribute "data-download";
    /// In each list's summary (`ExplorerFilters`): the island says how many
    /// of the list are chosen.
    CHOSEN = attribute "data-chosen";
    /// The region table's header buttons (`statistics_report`), with the
    /// order a click asks for: prerendered disabled, enabled by the island,
    /// which sorts by them and gives the focus back to the column's button
    /// in the table drawn anew.
    SORT = attribute "data-sort";
    /// In the figures the island draws, a part a reader sees only in an
    /// opened `<details>` (the trend's table of weeks, a citation's text),
    /// written empty with its number (`Html::later`): the island writes it
    /// when the reader opens it, and removes the attribute. (The
    /// prerendered figures are whole, for readers without JavaScript.)
    LATER = attribute "data-later";
    /// "Try again" in the error notice (`status::error_notice`): the island
    /// fetches the export again.
    RETRY = attribute "data-retry";
    /// A citation's fingerprint drawn in the browser (`figure_citation`),
    /// with the canonical text: the island has the browser hash it, and
    /// removes the attribute.
    CANONICAL = attribute "data-canonical";
}

/// The filter form's fields, named as the query's parameters that the
/// island makes of them (`Query::parse` reads them): the period (a preset),
/// the first and last week, and the regions' and the types' checkboxes.
pub mod field {
    pub const PERIOD: &str = "period";
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
    pub const REGION: &str = "region";
    pub const CATEGORY: &str = "category";
}

/// What the page tells the island, in [`EXPLORER`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExplorerPage {
    pub texts: Texts,
    /// The release the page was built from, and when it was generated: a
    /// fetched release replaces the page's figures only when it is newer.
    pub built_id: String,
    pub built_at: DateTime<Utc>,
    /// The region's code, on a region's own page.
    pub region: Option<String>,
}

impl ExplorerPage {
    /// The contract as the attribute's value.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The contract the page wrote, in the browser, with the element that
    /// carries it; none while prerendering.
    pub fn in_document() -> Option<(web_sys::Element, ExplorerPage)> {
        #[cfg(target_arch = "wasm32")]
        {
            let element = leptos::prelude::document()
                .query_selector(EXPLORER.selector)
                .ok()??;
            let json = element.get_attribute(EXPLORER.name)?;
            let page = ExplorerPage::read(js_sys::JSON::parse(&json).ok()?)?;
            Some((element, page))
        }
        #[cfg(not(target_arch = "wasm32"))]
        None
    }

    /// The contract out of the parsed attribute; `None` for anything the
    /// page does not write (the island then leaves the page as it is). A
    /// region that is not a string is no region.
    pub fn read<N: Node>(node: N) -> Option<ExplorerPage> {
        let texts = node.get("texts")?;
        let words = texts.get("words")?.items()?;
        Some(ExplorerPage {
            texts: Texts::from_words(
                texts.get("lang")?.text()?.parse().ok()?,
                words.iter().map(Node::text).collect::<Option<_>>()?,
            ),
            built_id: node.get("built_id")?.text()?,
            built_at: parse_rfc3339(&node.get("built_at")?.text()?)?,
            region: node.get("region").and_then(|region| region.text()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use chrono::TimeZone;

    #[test]
    fn the_island_reads_what_the_page_writes() {
        for region in [None, Some("UA-05".to_owned())] {
            let page = ExplorerPage {
                texts: Texts::new(Lang::Uk),
                built_id: "r-1".to_owned(),
                built_at: Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap(),
                region,
            };
            let value: serde_json::Value = serde_json::from_str(&page.to_json()).unwrap();
            assert_eq!(ExplorerPage::read(&value), Some(page));
        }
    }

    #[test]
    fn anything_else_is_no_contract() {
        let good = serde_json::json!({
            "texts": {"lang": "en", "words": ["a", "b"]},
            "built_id": "r-1",
            "built_at": "2026-11-23T06:00:00Z",
            "region": null,
        });
        assert!(ExplorerPage::read(&good).is_some());
        for (pointer, bad) in [
            ("/texts/lang", serde_json::json!("xx")),
            ("/texts/words", serde_json::json!(["a", 1])),
            ("/built_id", serde_json::json!(1)),
            ("/built_at", serde_json::json!("yesterday")),
        ] {
            let mut value = good.clone();
            *value.pointer_mut(pointer).unwrap() = bad;
            assert_eq!(ExplorerPage::read(&value), None, "{pointer}");
        }
        let mut value = good.clone();
        value["region"] = serde_json::json!(5);
        assert_eq!(ExplorerPage::read(&value).unwrap().region, None);
    }
}
