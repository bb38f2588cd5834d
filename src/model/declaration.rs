//! The declaration as the reader shows it: one text per language and
//! version, split into citable provisions with stable ids and fingerprints.
//!
//! The texts are Markdown files under `content/declaration/` (read by
//! `crate::content::declaration` at build time); these types are what the
//! views receive.

use super::error::DataError;
use super::text::{check_translations, invalid, Translations};
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
    /// Whether `title` is the portal's own translation of the English
    /// title (no published title in the language is cited).
    #[serde(default)]
    pub title_translated: bool,
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

    /// The fingerprint of every provision of the final text, by language.
    pub fn fingerprints(&self) -> Fingerprints {
        Lang::ALL
            .into_iter()
            .filter_map(|lang| Some((lang, self.text(TextVersion::Final, lang)?.fingerprints())))
            .collect()
    }
}

impl DeclarationText {
    /// The fingerprint of each provision, by id.
    pub fn fingerprints(&self) -> BTreeMap<String, String> {
        self.provisions
            .iter()
            .map(|p| (p.id.clone(), p.sha256.clone()))
            .collect()
    }
}

/// Provision fingerprints by language, then by provision id.
pub type Fingerprints = BTreeMap<Lang, BTreeMap<String, String>>;

/// One version of the final texts as the portal published them. Editing a
/// provision changes its fingerprint, so every edit is a new version that
/// says when, what changed and why, and records the fingerprints it gave:
/// a fingerprint quoted from an earlier version can then be traced to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryVersion {
    /// When it was published (`YYYY-MM-DD`).
    #[serde(deserialize_with = "super::time::date")]
    pub date: NaiveDate,
    /// What changed since the version before, and why, in every language.
    pub note: Translations,
    /// Every provision's fingerprint in every language.
    pub sha256: Fingerprints,
}

/// `content/declaration/versions.toml`: every version, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryVersions {
    /// `[[version]]` in TOML.
    pub version: Vec<SummaryVersion>,
}

/// Whether `text` is a SHA-256 as the portal writes it: 64 lowercase hex
/// digits.
fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl SummaryVersions {
    /// The version the texts are now.
    pub fn latest(&self) -> Option<&SummaryVersion> {
        self.version.last()
    }

    /// Checks each version: dates in order, a note in every language, and
    /// for every language the same provision ids, each with a fingerprint.
    pub fn validate(&self) -> Result<(), DataError> {
        if self.version.is_empty() {
            return Err(invalid(
                "$.version",
                "is empty: record at least the version the texts are now",
            ));
        }
        for (i, v) in self.version.iter().enumerate() {
            let path = format!("$.version[{i}]");
            if let Some(before) = i.checked_sub(1).map(|j| &self.version[j]) {
                if v.date <= before.date {
                    return Err(invalid(
                        format!("{path}.date"),
                        format!(
                            "{} is not after the version before ({}): list versions oldest first",
                            v.date, before.date
                        ),
                    ));
                }
            }
            check_translations(&format!("{path}.note"), &v.note)?;
            let reference: Vec<&str> = v
                .sha256
                .get(&Lang::En)
                .map(|ids| ids.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for lang in Lang::ALL {
                let at = format!("{path}.sha256.{lang}");
                let ids = v
                    .sha256
                    .get(&lang)
                    .filter(|ids| !ids.is_empty())
                    .ok_or_else(|| invalid(&at, "is missing"))?;
                let own: Vec<&str> = ids.keys().map(String::as_str).collect();
                if let Some(m) = compare_ids(&reference, &own) {
                    return Err(invalid(
                        at,
                        format!(
                            "provision ids differ from English: lacks {:?}, has extra {:?}",
                            m.missing, m.extra
                        ),
                    ));
                }
                for (id, sha) in ids {
                    if !is_provision_id(id) || !is_sha256(sha) {
                        return Err(invalid(
                            format!("{at}.{id}"),
                            "must be a provision id with a SHA-256 of 64 lowercase hex digits",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Where `current` differs from what the latest version records, as
    /// (language, provision id), languages in [`Lang::ALL`] order: a
    /// provision edited, added or removed since.
    pub fn differences(&self, current: &Fingerprints) -> Vec<(Lang, String)> {
        let empty = BTreeMap::new();
        let recorded = self.latest().map(|v| &v.sha256);
        let mut found = Vec::new();
        for lang in Lang::ALL {
            let (old, new) = (
                recorded.and_then(|r| r.get(&lang)).unwrap_or(&empty),
                current.get(&lang).unwrap_or(&empty),
            );
            let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
            ids.sort();
            ids.dedup();
            for id in ids {
                if old.get(id) != new.get(id) {
                    found.push((lang, id.clone()));
                }
            }
        }
        found
    }

    /// The fingerprints in `lang` that version `index` had and the latest
    /// version no longer has, as (provision id, fingerprint): what a quote
    /// from that version carries.
    pub fn superseded(&self, index: usize, lang: Lang) -> Vec<(&str, &str)> {
        let (Some(version), Some(latest)) = (self.version.get(index), self.latest()) else {
            return Vec::new();
        };
        let now = latest.sha256.get(&lang);
        version
            .sha256
            .get(&lang)
            .into_iter()
            .flatten()
            .filter(|(id, sha)| now.and_then(|n| n.get(*id)) != Some(*sha))
            .map(|(id, sha)| (id.as_str(), sha.as_str()))
            .collect()
    }
}

/// How the labels of a citation read in one language.
pub struct CitationLabels<'a> {
    /// Who the citation is of: the portal, whose summary it quotes.
    pub portal: &'a str,
    pub status: &'a str,
    pub version: &'a str,
    /// The version of the portal's text the fingerprint belongs to, with
    /// its date ("version 2 of 7 December 2026"), not the date the source
    /// was retrieved: after the portal's address, that would read as the
    /// date the portal's page was read.
    pub edition: &'a str,
}

/// A citation of `provision` of `text` in plain text: the portal, the
/// title in the quotation marks of the text's language, provision, version
/// and status, the version of the portal's text, permalink, and the full
/// fingerprint. It names the portal first, so that it is not taken for a
/// citation of the official document. The labels, written as headings
/// elsewhere, start in lower case inside the sentence but in German.
///
/// ```
/// # use portal::model::declaration::*;
/// # use portal::model::Lang;
/// let text = DeclarationText {
///     front: FrontMatter {
///         title: "Paris Declaration".into(), title_translated: false,
///         language: Lang::En, status: TextStatus::Summary,
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
/// let labels = CitationLabels { portal: "Transparency Portal", status: "Summary", version: "Final text", edition: "Version 2 of 7 December 2026" };
/// assert_eq!(
///     citation(&text, &provision, "https://portal.example/en/declaration/#c1", &labels),
///     format!("Transparency Portal: “Paris Declaration”, c1 (Monitoring), final text; summary; version 2 of 7 December 2026. https://portal.example/en/declaration/#c1. SHA-256 {}", "ab".repeat(32)),
/// );
/// ```
pub fn citation(
    text: &DeclarationText,
    provision: &Provision,
    url: &str,
    labels: &CitationLabels,
) -> String {
    let lang = text.front.language;
    let in_sentence = |label: &str| super::format::in_sentence(lang, label);
    let semicolon = match lang {
        Lang::Fr => "\u{202F}; ",
        _ => "; ",
    };
    let edition = match labels.edition {
        "" => String::new(),
        edition => format!("{semicolon}{}", in_sentence(edition)),
    };
    format!(
        "{}{}{}, {} ({}), {}{semicolon}{}{edition}{} {url}. SHA-256 {}",
        labels.portal,
        super::format::colon(lang),
        super::format::quoted(lang, &text.front.title),
        provision.id,
        provision.heading,
        in_sentence(labels.version),
        in_sentence(labels.status),
        super::format::full_stop_after(&format!("{}{edition}", labels.status)),
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

    /// Each language quotes the title in its own quotation marks, and the
    /// French colon after the portal's name has its narrow no-break space.
    #[test]
    fn citations_quote_in_the_language_of_the_text() {
        for (lang, expected) in [
            (Lang::En, "Portal: “Title”, c1"),
            (Lang::Uk, "Portal: «Title», c1"),
            (Lang::De, "Portal: „Title“, c1"),
            (Lang::Fr, "Portal\u{202F}: «\u{202F}Title\u{202F}», c1"),
        ] {
            let text = DeclarationText {
                front: FrontMatter {
                    title: "Title".into(),
                    title_translated: false,
                    language: lang,
                    status: TextStatus::Summary,
                    source: "https://example.org/".into(),
                    retrieved: chrono::NaiveDate::from_ymd_opt(2026, 1, 7).unwrap(),
                    version: TextVersion::Final,
                },
                provisions: vec![],
            };
            let provision = Provision {
                id: "c1".into(),
                heading: "H".into(),
                html: String::new(),
                text: "x".into(),
                sha256: "ab".repeat(32),
            };
            let labels = CitationLabels {
                portal: "Portal",
                status: "s",
                version: "v",
                edition: "e",
            };
            let cited = citation(&text, &provision, "https://p.example/", &labels);
            assert!(cited.starts_with(expected), "{lang}: {cited}");
        }
    }

    #[test]
    fn ids_are_small_and_url_safe() {
        for good in ["p1", "c3", "cell", "end-2"] {
            assert!(is_provision_id(good), "{good}");
        }
        for bad in ["", "1c", "C3", "c 3", "c3\"", "a-very-long-provision-id"] {
            assert!(!is_provision_id(bad), "{bad}");
        }
    }

    fn versions(toml_like: &[(&str, &[(&str, &str)])]) -> SummaryVersions {
        SummaryVersions {
            version: toml_like
                .iter()
                .map(|(date, fingerprints)| SummaryVersion {
                    date: super::super::time::parse_date(date).unwrap(),
                    note: Lang::ALL
                        .into_iter()
                        .map(|l| (l, format!("note {l}")))
                        .collect(),
                    sha256: Lang::ALL
                        .into_iter()
                        .map(|l| {
                            let ids = fingerprints
                                .iter()
                                .map(|(id, sha)| (id.to_string(), sha.repeat(64)))
                                .collect();
                            (l, ids)
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn versions_are_dated_in_order_with_a_fingerprint_per_provision() {
        let good = versions(&[
            ("2026-11-25", &[("p1", "a"), ("c2", "b")]),
            ("2026-12-07", &[("p1", "a"), ("c2", "c")]),
        ]);
        assert!(good.validate().is_ok(), "{:?}", good.validate());
        let error = |v: SummaryVersions| v.validate().unwrap_err().to_string();
        assert!(error(SummaryVersions::default()).contains("$.version: is empty"));
        let mut v = good.clone();
        v.version.swap(0, 1);
        assert!(error(v).contains("$.version[1].date: 2026-11-25 is not after"));
        let mut v = good.clone();
        v.version[1].note.insert(Lang::Fr, " ".into());
        assert!(error(v).contains("$.version[1].note.fr: is empty"));
        let mut v = good.clone();
        v.version[0].sha256.get_mut(&Lang::De).unwrap().remove("c2");
        assert!(error(v)
            .contains("$.version[0].sha256.de: provision ids differ from English: lacks [\"c2\"]"));
        let mut v = good.clone();
        v.version[0].sha256.remove(&Lang::Uk);
        assert!(error(v).contains("$.version[0].sha256.uk: is missing"));
        let mut v = good;
        v.version[1]
            .sha256
            .get_mut(&Lang::En)
            .unwrap()
            .insert("c2".into(), "C".repeat(64));
        assert!(
            error(v).contains("$.version[1].sha256.en.c2: must be a provision id with a SHA-256")
        );
    }

    #[test]
    fn differences_name_each_provision_edited_added_or_removed() {
        let v = versions(&[("2026-11-25", &[("p1", "a"), ("c2", "b")])]);
        let mut now = v.version[0].sha256.clone();
        assert_eq!(v.differences(&now), []);
        now.get_mut(&Lang::Fr)
            .unwrap()
            .insert("c2".into(), "d".repeat(64));
        now.get_mut(&Lang::Uk).unwrap().remove("p1");
        now.get_mut(&Lang::Uk)
            .unwrap()
            .insert("c9".into(), "e".repeat(64));
        assert_eq!(
            v.differences(&now),
            [
                (Lang::Uk, "c9".to_owned()),
                (Lang::Uk, "p1".to_owned()),
                (Lang::Fr, "c2".to_owned())
            ]
        );
    }

    #[test]
    fn an_earlier_version_lists_the_fingerprints_changed_since() {
        let v = versions(&[
            ("2026-11-25", &[("p1", "a"), ("c2", "b"), ("c3", "c")]),
            ("2026-12-01", &[("p1", "a"), ("c2", "d"), ("c3", "c")]),
            ("2026-12-07", &[("p1", "a"), ("c2", "d"), ("c3", "e")]),
        ]);
        let (b, c, d) = ("b".repeat(64), "c".repeat(64), "d".repeat(64));
        assert_eq!(
            v.superseded(0, Lang::De),
            [("c2", b.as_str()), ("c3", c.as_str())]
        );
        assert_eq!(v.superseded(1, Lang::De), [("c3", c.as_str())]);
        assert_eq!(v.superseded(2, Lang::De), []);
        assert_eq!(v.superseded(3, Lang::De), []);
        assert_ne!(v.superseded(0, Lang::De)[0].1, d);
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
