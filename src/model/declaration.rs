//! The declaration as the reader shows it: one text per language and
//! version, split into citable provisions with stable ids and fingerprints.
//!
//! The texts are Markdown files under `content/declaration/` (read by
//! `crate::content::declaration` at build time); these types are what the
//! views receive.

use super::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of text a file holds, shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextStatus {
    /// The official text in this language.
    Official,
    /// A translation by someone other than the signatories.
    UnofficialTranslation,
    /// A summary in the portal's own words.
    Summary,
}

/// Which state of the text a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextVersion {
    /// The draft, as reported before the signing.
    DraftAsReported,
    /// The text as adopted.
    Final,
}

impl TextVersion {
    pub const ALL: [TextVersion; 2] = [TextVersion::Final, TextVersion::DraftAsReported];

    /// The directory under `content/declaration/` that holds this version.
    pub fn dir(self) -> &'static str {
        match self {
            TextVersion::Final => "final",
            TextVersion::DraftAsReported => "draft",
        }
    }
}

/// The front matter of a declaration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub language: Lang,
    pub status: TextStatus,
    /// Where the text (or what it summarises) was published.
    pub source: String,
    #[serde(deserialize_with = "super::time::date")]
    pub retrieved: NaiveDate,
    pub version: TextVersion,
}

/// One citable provision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provision {
    /// Stable across languages and versions: `p1`, `c3`, `cell`, …
    pub id: String,
    /// The heading, as plain text.
    pub heading: String,
    /// The body, rendered from Markdown and sanitised.
    pub html: String,
    /// The body as normalised plain text: what the fingerprint covers.
    pub text: String,
    /// SHA-256 of `text`, 64 lowercase hex digits.
    pub sha256: String,
}

impl Provision {
    /// The first 12 hex digits of the fingerprint, for display.
    pub fn short_sha256(&self) -> &str {
        &self.sha256[..12.min(self.sha256.len())]
    }
}

/// One declaration text: a language in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationText {
    pub front: FrontMatter,
    pub provisions: Vec<Provision>,
}

impl DeclarationText {
    pub fn provision(&self, id: &str) -> Option<&Provision> {
        self.provisions.iter().find(|p| p.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.provisions.iter().map(|p| p.id.as_str()).collect()
    }
}

/// Every text of the declaration: the final text in every language, and the
/// draft as reported where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Declaration {
    pub texts: BTreeMap<(TextVersion, Lang), DeclarationText>,
}

impl Declaration {
    pub fn text(&self, version: TextVersion, lang: Lang) -> Option<&DeclarationText> {
        self.texts.get(&(version, lang))
    }
}

/// How the labels of a citation read in one language.
pub struct CitationLabels<'a> {
    /// Who the citation is of: the portal, whose summary it quotes.
    pub portal: &'a str,
    pub status: &'a str,
    pub version: &'a str,
    pub retrieved: &'a str,
    pub date: &'a str,
}

/// A citation of `provision` of `text` in plain text: the portal, the
/// title in the quotation marks of the text's language, provision, version
/// and status, permalink, retrieval date, and the full fingerprint. It
/// names the portal first, so that it is not taken for a citation of the
/// official document.
///
/// ```
/// # use portal::model::declaration::*;
/// # use portal::model::Lang;
/// let text = DeclarationText {
///     front: FrontMatter {
///         title: "Paris Declaration".into(), language: Lang::En, status: TextStatus::Summary,
///         source: "https://example.org/".into(),
///         retrieved: chrono::NaiveDate::from_ymd_opt(2026, 1, 7).unwrap(),
///         version: TextVersion::Final,
///     },
///     provisions: vec![],
/// };
/// let provision = Provision {
///     id: "c1".into(), heading: "Monitoring".into(), html: String::new(),
///     text: "x".into(), sha256: "ab".repeat(32),
/// };
/// let labels = CitationLabels { portal: "Transparency Portal", status: "summary", version: "final text", retrieved: "retrieved", date: "7 January 2026" };
/// assert_eq!(
///     citation(&text, &provision, "https://portal.example/en/declaration/#c1", &labels),
///     format!("Transparency Portal: “Paris Declaration”, c1 (Monitoring), final text, summary. https://portal.example/en/declaration/#c1 (retrieved 7 January 2026). SHA-256 {}", "ab".repeat(32)),
/// );
/// ```
pub fn citation(
    text: &DeclarationText,
    provision: &Provision,
    url: &str,
    labels: &CitationLabels,
) -> String {
    format!(
        "{}: {}, {} ({}), {}, {}{} {url} ({} {}). SHA-256 {}",
        labels.portal,
        super::format::quoted(text.front.language, &text.front.title),
        provision.id,
        provision.heading,
        labels.version,
        labels.status,
        super::format::full_stop_after(labels.status),
        labels.retrieved,
        labels.date,
        provision.sha256
    )
}

/// A run of words in a word-level difference between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same(String),
    Removed(String),
    Added(String),
}

/// How one provision changed from the draft to the final text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionDiff {
    pub id: String,
    /// The heading in the final text.
    pub heading: String,
    pub changes: Vec<Change>,
}

/// Whether `id` may name a provision: a lowercase letter, then up to 15
/// lowercase letters, digits or hyphens (it appears in URLs and citations).
pub fn is_provision_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && id.len() <= 16
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A text whose provision ids differ from the reference text's: which ids
/// it lacks and which it has in addition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdMismatch {
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

/// Compares the ids of `text` with those of `reference`, order ignored.
pub fn compare_ids(reference: &[&str], text: &[&str]) -> Option<IdMismatch> {
    let missing: Vec<String> = reference
        .iter()
        .filter(|id| !text.contains(id))
        .map(|id| id.to_string())
        .collect();
    let extra: Vec<String> = text
        .iter()
        .filter(|id| !reference.contains(id))
        .map(|id| id.to_string())
        .collect();
    (!missing.is_empty() || !extra.is_empty()).then_some(IdMismatch { missing, extra })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_small_and_url_safe() {
        for good in ["p1", "c3", "cell", "end-2"] {
            assert!(is_provision_id(good), "{good}");
        }
        for bad in ["", "1c", "C3", "c 3", "c3\"", "a-very-long-provision-id"] {
            assert!(!is_provision_id(bad), "{bad}");
        }
    }

    #[test]
    fn id_mismatches_name_both_sides() {
        assert_eq!(compare_ids(&["p1", "c1"], &["c1", "p1"]), None);
        assert_eq!(
            compare_ids(&["p1", "c1"], &["p1", "c9"]),
            Some(IdMismatch {
                missing: vec!["c1".into()],
                extra: vec!["c9".into()]
            })
        );
    }
}
