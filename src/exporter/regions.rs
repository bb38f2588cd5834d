//! Region names as they appear in incident data, mapped to ISO 3166-2:UA
//! through the table in `data/region-spellings.json` (code → spellings).
//!
//! Matching ignores case, diacritics, punctuation and spacing. A spelling is
//! first looked up whole ("Kyiv Oblast" and "Kyiv city" differ), then
//! without the country ("Kyiv Oblast, Ukraine"); failing that, without the
//! words that only say "this is a region" ("oblast", "область", "region", …),
//! so that "Kharkivska oblast, Ukraine" finds "Kharkivska". A core shared by
//! two regions ("Kyiv") matches neither.

use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

const COUNTRY_WORDS: &[&str] = &["ukraine", "ukraina", "україна"];

const REGION_WORDS: &[&str] = &[
    "oblast",
    "oblastʹ",
    "obl",
    "region",
    "reg",
    "область",
    "обл",
    "области",
    "oblasti",
    "de",
    "d",
    "l",
    "the",
];

/// Lower case, no diacritics, words separated by single spaces.
pub fn fold(name: &str) -> String {
    let plain: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn without(words: &[&str], folded: &str) -> String {
    folded
        .split(' ')
        .filter(|w| !words.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn without_region_words(folded: &str) -> String {
    without(REGION_WORDS, &without(COUNTRY_WORDS, folded))
}

/// Reads the spelling table (code → spellings) from `path`.
pub fn load_table(path: &std::path::Path) -> Result<BTreeMap<String, Vec<String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The spelling table, ready for lookups.
#[derive(Debug, Clone)]
pub struct RegionMatcher {
    whole: HashMap<String, String>,
    core: HashMap<String, Option<String>>,
}

impl RegionMatcher {
    /// Builds the matcher; a spelling listed under two codes is an error.
    pub fn new(table: &BTreeMap<String, Vec<String>>) -> Result<RegionMatcher, String> {
        let mut whole = HashMap::new();
        let mut core: HashMap<String, Option<String>> = HashMap::new();
        for (code, spellings) in table {
            if !crate::model::region::is_region_code(code) {
                return Err(format!("{code:?} is not an ISO 3166-2:UA code"));
            }
            for spelling in spellings {
                let folded = fold(spelling);
                if let Some(other) = whole.insert(folded.clone(), code.clone()) {
                    if &other != code {
                        return Err(format!(
                            "{spelling:?} is listed under both {other} and {code}"
                        ));
                    }
                }
                // A core shared by two codes ("Kyiv") is not used for matching.
                core.entry(without_region_words(&folded))
                    .and_modify(|c| {
                        if c.as_deref() != Some(code) {
                            *c = None;
                        }
                    })
                    .or_insert_with(|| Some(code.clone()));
            }
        }
        Ok(RegionMatcher { whole, core })
    }

    pub fn load(path: &std::path::Path) -> Result<RegionMatcher, String> {
        RegionMatcher::new(&load_table(path)?).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The ISO code for a spelling, if the table knows it.
    pub fn code(&self, name: &str) -> Option<&str> {
        let folded = fold(name);
        self.whole
            .get(&folded)
            .or_else(|| self.whole.get(&without(COUNTRY_WORDS, &folded)))
            .or_else(|| {
                self.core
                    .get(&without_region_words(&folded))
                    .and_then(Option::as_ref)
            })
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> RegionMatcher {
        RegionMatcher::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/region-spellings.json"),
        )
        .unwrap()
    }

    #[test]
    fn messy_spellings_find_their_region() {
        let m = shipped();
        for (name, code) in [
            ("Zaporizhzhia", "UA-23"),
            ("Zaporizhia Oblast", "UA-23"),
            ("SAPORISCHSCHJA", "UA-23"),
            ("Запорізька область", "UA-23"),
            ("Odessa", "UA-51"),
            ("odesa oblast, Ukraine", "UA-51"),
            ("Kyiv", "UA-30"),
            ("Kiev city", "UA-30"),
            ("Kyiv Oblast", "UA-32"),
            ("Kiev oblast, Ukraine", "UA-32"),
            ("Kiev, Ukraine", "UA-30"),
            ("Kyivska oblast", "UA-32"),
            ("Crimea", "UA-43"),
            ("Sébastopol", "UA-40"),
            ("Kharkiv region", "UA-63"),
            ("  kharkivska   OBLAST ", "UA-63"),
        ] {
            assert_eq!(m.code(name), Some(code), "{name}");
        }
        assert_eq!(m.code("Atlantis"), None);
        assert_eq!(
            m.code("Kiev reg., Ukraine"),
            None,
            "city or oblast: ambiguous"
        );
    }

    #[test]
    fn every_region_has_spellings_and_none_is_ambiguous() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/region-spellings.json"
        ))
        .unwrap();
        let table: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).unwrap();
        assert_eq!(table.len(), 27);
        let mut twice = BTreeMap::new();
        twice.insert("UA-05".to_owned(), vec!["Same".to_owned()]);
        twice.insert("UA-07".to_owned(), vec!["same".to_owned()]);
        assert!(RegionMatcher::new(&twice)
            .unwrap_err()
            .contains("listed under both"));
    }
}
