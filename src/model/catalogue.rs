//! Completeness check for the UI string catalogues (`locales/*.json`).
//!
//! leptos_i18n only warns when a language lacks a key and then silently shows
//! the default language. `build.rs` runs this check and fails the build
//! instead, naming the file and the key; the unit tests below show it can.

use std::collections::BTreeSet;

/// One problem in one catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueProblem {
    /// `lang` lacks a key that another catalogue has.
    Missing { lang: String, key: String },
    /// The value of `key` in `lang` is empty or only whitespace.
    Blank { lang: String, key: String },
    /// The catalogue is not a flat JSON object of strings.
    NotFlat { lang: String, key: String },
}

impl std::fmt::Display for CatalogueProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogueProblem::Missing { lang, key } => {
                write!(f, "locales/{lang}.json lacks the key {key:?}")
            }
            CatalogueProblem::Blank { lang, key } => {
                write!(f, "locales/{lang}.json has an empty value for {key:?}")
            }
            CatalogueProblem::NotFlat { lang, key } => {
                write!(f, "locales/{lang}.json: {key:?} is not a plain string")
            }
        }
    }
}

/// Compares catalogues given as `(language, parsed JSON)`; empty when every
/// catalogue has the same keys, each a non-blank string.
pub fn check_catalogues(catalogues: &[(String, serde_json::Value)]) -> Vec<CatalogueProblem> {
    let mut problems = Vec::new();
    let mut all_keys = BTreeSet::new();
    for (lang, value) in catalogues {
        let Some(map) = value.as_object() else {
            problems.push(CatalogueProblem::NotFlat {
                lang: lang.clone(),
                key: "$".into(),
            });
            continue;
        };
        for (key, text) in map {
            all_keys.insert(key.clone());
            match text.as_str() {
                None => problems.push(CatalogueProblem::NotFlat {
                    lang: lang.clone(),
                    key: key.clone(),
                }),
                Some(s) if s.trim().is_empty() => problems.push(CatalogueProblem::Blank {
                    lang: lang.clone(),
                    key: key.clone(),
                }),
                Some(_) => {}
            }
        }
    }
    for (lang, value) in catalogues {
        let Some(map) = value.as_object() else {
            continue;
        };
        for key in &all_keys {
            if !map.contains_key(key) {
                problems.push(CatalogueProblem::Missing {
                    lang: lang.clone(),
                    key: key.clone(),
                });
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cat(lang: &str, v: serde_json::Value) -> (String, serde_json::Value) {
        (lang.to_owned(), v)
    }

    #[test]
    fn identical_key_sets_pass() {
        let c = [cat("en", json!({"a": "A"})), cat("uk", json!({"a": "А"}))];
        assert!(check_catalogues(&c).is_empty());
    }

    #[test]
    fn a_missing_key_is_named_with_its_file() {
        let c = [
            cat("en", json!({"a": "A", "b": "B"})),
            cat("fr", json!({"a": "A"})),
        ];
        let problems = check_catalogues(&c);
        assert_eq!(
            problems,
            vec![CatalogueProblem::Missing {
                lang: "fr".into(),
                key: "b".into()
            }]
        );
        assert_eq!(
            problems[0].to_string(),
            "locales/fr.json lacks the key \"b\""
        );
    }

    #[test]
    fn blank_and_nested_values_are_problems() {
        let c = [cat("de", json!({"a": "  ", "b": {"c": "x"}}))];
        let problems = check_catalogues(&c);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn the_shipped_catalogues_are_complete() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
        let catalogues: Vec<_> = ["en", "uk", "de", "fr"]
            .iter()
            .map(|l| {
                let text = std::fs::read_to_string(format!("{dir}/{l}.json")).unwrap();
                cat(l, serde_json::from_str(&text).unwrap())
            })
            .collect();
        assert_eq!(check_catalogues(&catalogues), vec![]);
    }
}
