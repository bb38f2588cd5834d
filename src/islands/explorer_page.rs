//! What the statistics page tells its explorer: the page's texts, which
//! release it was built from and when that was generated, and its region.
//! The page writes it as JSON into the attribute [`ATTRIBUTE`] of the
//! element around the island; the island reads it with the browser's own
//! `JSON.parse`.
//!
//! Why not island props: Leptos reads an island's props with serde_json,
//! which cost the wasm 15.6 KB compressed (measured on the statistics page)
//! where the browser's parser costs nothing.

use crate::locale::Texts;
use crate::model::time::parse_rfc3339;
use crate::model::Node;
use chrono::{DateTime, Utc};

/// The attribute that carries the contract.
pub const ATTRIBUTE: &str = "data-explorer";

/// The page's side of the contract.
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
                .query_selector(&format!("[{ATTRIBUTE}]"))
                .ok()??;
            let json = element.get_attribute(ATTRIBUTE)?;
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
