//! The public record around the declaration, as data: the sources the
//! portal relies on, the parties and their roles, and the points on which
//! sources disagree. Read from `content/sources.json` and
//! `content/parties.json` at build time and validated here, so that a claim
//! never appears without its source.

use super::error::DataError;
use super::text::{check_code, check_translations, invalid, Translations};
use super::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A published source (or, without `url`, a document that is not online).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was published, where it has one date.
    #[serde(
        default,
        deserialize_with = "super::time::optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<NaiveDate>,
    pub title: Translations,
}

impl Source {
    /// The title in `lang`; validation guarantees every language has one.
    pub fn title_in(&self, lang: Lang) -> &str {
        self.title.get(&lang).map_or(&self.id, String::as_str)
    }
}

/// A party to the declaration or to the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: String,
    pub name: Translations,
    pub role: Translations,
    /// The date the role refers to.
    #[serde(deserialize_with = "super::time::date")]
    pub date: NaiveDate,
    /// Source ids.
    pub sources: Vec<String>,
    /// For a group of states: its members as the sources report them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Translations>,
}

/// What one source says on a disputed point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub source: String,
    pub says: Translations,
}

/// A point on which sources disagree, with the provisions it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disagreement {
    pub id: String,
    pub topic: Translations,
    /// Provision ids of the declaration.
    pub provisions: Vec<String>,
    pub claims: Vec<Claim>,
}

/// What sources report about a provision beyond the portal's text of it:
/// shown under the provision, but not part of it, so neither its
/// fingerprint nor its citation covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    /// Provision ids of the declaration.
    pub provisions: Vec<String>,
    pub says: Translations,
    /// Source ids: at least one.
    pub sources: Vec<String>,
}

/// `content/parties.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub parties: Vec<Party>,
    pub disagreements: Vec<Disagreement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Record {
    /// The disagreements that concern provision `id`.
    pub fn disagreements_on<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Disagreement> {
        self.disagreements
            .iter()
            .filter(move |d| d.provisions.iter().any(|p| p == id))
    }

    /// The notes on provision `id`.
    pub fn notes_on<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Note> {
        self.notes
            .iter()
            .filter(move |n| n.provisions.iter().any(|p| p == id))
    }
}

/// Checks the sources: unique ids, https URLs, titles in every language.
pub fn validate_sources(sources: &[Source]) -> Result<(), DataError> {
    let mut seen = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let path = format!("$[{i}]");
        check_code(&format!("{path}.id"), &source.id, &mut seen)?;
        if let Some(url) = &source.url {
            if !url.starts_with("https://") {
                return Err(invalid(format!("{path}.url"), "must start with https://"));
            }
        }
        check_translations(&format!("{path}.title"), &source.title)?;
    }
    Ok(())
}

impl Record {
    /// Checks the record against the sources and the declaration's
    /// provision ids: every text in every language, every source and
    /// provision it names known, every role and claim with a source.
    pub fn validate(&self, sources: &[Source], provisions: &[&str]) -> Result<(), DataError> {
        let known = |path: String, id: &str| {
            if sources.iter().any(|s| s.id == id) {
                Ok(())
            } else {
                Err(invalid(path, format!("names the unknown source {id:?}")))
            }
        };
        let mut seen = Vec::new();
        for (i, party) in self.parties.iter().enumerate() {
            let path = format!("$.parties[{i}]");
            check_code(&format!("{path}.id"), &party.id, &mut seen)?;
            check_translations(&format!("{path}.name"), &party.name)?;
            check_translations(&format!("{path}.role"), &party.role)?;
            if party.sources.is_empty() {
                return Err(invalid(
                    format!("{path}.sources"),
                    "is empty: every role needs a source",
                ));
            }
            for (j, id) in party.sources.iter().enumerate() {
                known(format!("{path}.sources[{j}]"), id)?;
            }
            for (j, member) in party.members.iter().enumerate() {
                check_translations(&format!("{path}.members[{j}]"), member)?;
            }
        }
        let provisions_known = |path: &str, ids: &[String]| {
            for (j, id) in ids.iter().enumerate() {
                if !provisions.contains(&id.as_str()) {
                    return Err(invalid(
                        format!("{path}.provisions[{j}]"),
                        format!("{id:?} is not a provision of the declaration"),
                    ));
                }
            }
            Ok(())
        };
        let mut seen = Vec::new();
        for (i, d) in self.disagreements.iter().enumerate() {
            let path = format!("$.disagreements[{i}]");
            check_code(&format!("{path}.id"), &d.id, &mut seen)?;
            check_translations(&format!("{path}.topic"), &d.topic)?;
            provisions_known(&path, &d.provisions)?;
            if d.claims.is_empty() {
                return Err(invalid(format!("{path}.claims"), "is empty"));
            }
            for (j, claim) in d.claims.iter().enumerate() {
                known(format!("{path}.claims[{j}].source"), &claim.source)?;
                check_translations(&format!("{path}.claims[{j}].says"), &claim.says)?;
            }
        }
        let mut seen = Vec::new();
        for (i, note) in self.notes.iter().enumerate() {
            let path = format!("$.notes[{i}]");
            check_code(&format!("{path}.id"), &note.id, &mut seen)?;
            if note.provisions.is_empty() {
                return Err(invalid(format!("{path}.provisions"), "is empty"));
            }
            provisions_known(&path, &note.provisions)?;
            check_translations(&format!("{path}.says"), &note.says)?;
            if note.sources.is_empty() {
                return Err(invalid(
                    format!("{path}.sources"),
                    "is empty: every note needs a source",
                ));
            }
            for (j, id) in note.sources.iter().enumerate() {
                known(format!("{path}.sources[{j}]"), id)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(provisions: &[&str], sources: &[&str]) -> Record {
        Record {
            notes: vec![Note {
                id: "fortifications".into(),
                provisions: provisions.iter().map(|p| p.to_string()).collect(),
                says: Lang::ALL
                    .into_iter()
                    .map(|l| (l, format!("says {l}")))
                    .collect(),
                sources: sources.iter().map(|s| s.to_string()).collect(),
            }],
            ..Record::default()
        }
    }

    #[test]
    fn a_note_needs_a_known_provision_and_a_known_source() {
        let sources = [Source {
            id: "seed".into(),
            url: None,
            date: None,
            title: Lang::ALL
                .into_iter()
                .map(|l| (l, "Seed".to_owned()))
                .collect(),
        }];
        let check = |r: Record| {
            r.validate(&sources, &["c1", "c2"])
                .map_err(|e| e.to_string())
        };
        assert!(check(note(&["c2"], &["seed"])).is_ok());
        assert_eq!(note(&["c2"], &["seed"]).notes_on("c2").count(), 1);
        assert_eq!(note(&["c2"], &["seed"]).notes_on("c1").count(), 0);
        assert_eq!(
            check(note(&["c2"], &[])).unwrap_err(),
            "$.notes[0].sources: is empty: every note needs a source"
        );
        assert_eq!(
            check(note(&["c2"], &["rumour"])).unwrap_err(),
            "$.notes[0].sources[0]: names the unknown source \"rumour\""
        );
        assert_eq!(
            check(note(&["c9"], &["seed"])).unwrap_err(),
            "$.notes[0].provisions[0]: \"c9\" is not a provision of the declaration"
        );
        assert_eq!(
            check(note(&[], &["seed"])).unwrap_err(),
            "$.notes[0].provisions: is empty"
        );
        let mut markup = note(&["c2"], &["seed"]);
        markup.notes[0].says.insert(Lang::De, "<b>x</b>".into());
        assert_eq!(
            check(markup).unwrap_err(),
            "$.notes[0].says.de: contains the forbidden character U+003C"
        );
    }
}
