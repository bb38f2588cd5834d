//! The two ways of reading the declaration's structure: the three pillars
//! the press reported, and the five components of the published text, with
//! the mapping between them. Data in `content/pillars.json`, validated at
//! build time against the sources and the declaration's provision ids.

use super::error::DataError;
use super::text::{check_code, check_translations, invalid, Translations};
use serde::{Deserialize, Serialize};

/// One of the press's three pillars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: String,
    pub title: Translations,
    pub summary: Translations,
    /// The provisions of the published text it rests on.
    pub provisions: Vec<String>,
    /// Whether the verification statistics belong to it.
    pub statistics: bool,
}

/// Something the declaration provides around the pillars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Around {
    pub id: String,
    pub label: Translations,
    pub provisions: Vec<String>,
}

/// `content/pillars.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Structure {
    /// The source of the three-pillar grouping.
    pub source: String,
    pub pillars: Vec<Pillar>,
    pub around: Vec<Around>,
}

/// Whether a provision id names one of the published text's components
/// (`c1`, `c2`, …).
pub fn is_component(id: &str) -> bool {
    id.strip_prefix('c')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

impl Structure {
    /// The pillars that rest on provision `id`.
    pub fn pillars_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Pillar> {
        self.pillars
            .iter()
            .filter(move |p| p.provisions.iter().any(|q| q == id))
    }

    /// The items around the pillars that rest on provision `id`.
    pub fn around_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Around> {
        self.around
            .iter()
            .filter(move |a| a.provisions.iter().any(|q| q == id))
    }

    /// Checks every text in every language, ids, the source, and that every
    /// provision named exists and every component is placed somewhere.
    pub fn validate(&self, sources: &[&str], provisions: &[&str]) -> Result<(), DataError> {
        if !sources.contains(&self.source.as_str()) {
            return Err(invalid(
                "$.source",
                format!("names the unknown source {:?}", self.source),
            ));
        }
        let mut seen = Vec::new();
        let check_provisions = |path: String, ids: &[String]| {
            if ids.is_empty() {
                return Err(invalid(path, "is empty"));
            }
            for (j, id) in ids.iter().enumerate() {
                if !provisions.contains(&id.as_str()) {
                    return Err(invalid(
                        format!("{path}[{j}]"),
                        format!("{id:?} is not a provision of the declaration"),
                    ));
                }
            }
            Ok(())
        };
        for (i, p) in self.pillars.iter().enumerate() {
            let path = format!("$.pillars[{i}]");
            check_code(&format!("{path}.id"), &p.id, &mut seen)?;
            check_translations(&format!("{path}.title"), &p.title)?;
            check_translations(&format!("{path}.summary"), &p.summary)?;
            check_provisions(format!("{path}.provisions"), &p.provisions)?;
        }
        for (i, a) in self.around.iter().enumerate() {
            let path = format!("$.around[{i}]");
            check_code(&format!("{path}.id"), &a.id, &mut seen)?;
            check_translations(&format!("{path}.label"), &a.label)?;
            check_provisions(format!("{path}.provisions"), &a.provisions)?;
        }
        for id in provisions.iter().filter(|id| is_component(id)) {
            if self.pillars_of(id).next().is_none() && self.around_of(id).next().is_none() {
                return Err(invalid(
                    "$",
                    format!("component {id:?} belongs to no pillar and to nothing around them"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_c_and_a_number() {
        assert!(is_component("c1") && is_component("c12"));
        assert!(!is_component("cell") && !is_component("c") && !is_component("p1"));
    }
}
