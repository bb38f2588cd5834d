//! Region names as they appear in incident data, mapped to ISO 3166-2:UA
//! through the table in `data/region-spellings.json` (code → spellings).
//!
//! Matching ignores case, diacritics, punctuation and spacing: a name is
//! cut into words at spaces, hyphens and other punctuation, and compared
//! as its words run together, so "Ivano-Frankivsk", "Ivano Frankivsk" and
//! "IVANOFRANKIVSK" are one name. Apostrophes (', ’, ʼ, ‘, `, and ʹ for
//! the soft sign) join the letters around them: "Donets'ka" is "Donetska",
//! "L'viv" is "Lviv". Only the French elision before a vowel ("oblast
//! d'Odessa") cuts the word.
//!
//! A spelling is first looked up whole ("Kyiv Oblast" and "Kyiv city"
//! differ), then without the country ("Kyiv Oblast, Ukraine"); failing
//! that, without the words that only say "this is a region" ("oblast",
//! "область", "region", …), so that "Kharkivska oblast, Ukraine" finds
//! "Kharkivska". A core shared by two regions ("Kyiv") matches neither.

use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

const COUNTRY_WORDS: &[&str] = &[
    "ukraine",
    "ukraina",
    "ukrajina",
    "ukrayina",
    "україна",
    "украина",
];

const REGION_WORDS: &[&str] = &[
    "oblast",
    "obl",
    "region",
    "reg",
    "gebiet",
    "область",
    "обл",
    "области",
    "oblasti",
    "de",
    "d",
    "l",
    "the",
];

/// Apostrophes and the primes of transliterations: they join the letters
/// around them.
const APOSTROPHES: &[char] = &['\'', '’', 'ʼ', '‘', '`', '´', 'ʹ', 'ʺ', 'ʻ', '′', '＇'];

/// Invisible characters, dropped: the soft hyphen, zero-width spaces and
/// joiners, the byte order mark.
const INVISIBLE: &[char] = &[
    '\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}',
];

/// The words of a name: lower case, without diacritics, cut at spaces and
/// punctuation, with apostrophes dropped (but for the French elision of
/// "d'" and "l'" before a vowel, which cuts the word).
pub fn words(name: &str) -> Vec<String> {
    // Apostrophes as `'`, every other character that is not a letter or a
    // digit as a space.
    let mut plain = Vec::with_capacity(name.len());
    for c in name.chars() {
        if APOSTROPHES.contains(&c) {
            plain.push('\'');
        } else if !INVISIBLE.contains(&c) {
            for d in std::iter::once(c).nfkd() {
                if APOSTROPHES.contains(&d) {
                    plain.push('\'');
                } else if !unicode_normalization::char::is_combining_mark(d) {
                    plain.extend(
                        d.to_lowercase()
                            .map(|l| if l.is_alphanumeric() { l } else { ' ' }),
                    );
                }
            }
        }
    }
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in plain.iter().enumerate() {
        let elision = || {
            matches!(word.as_str(), "d" | "l")
                && plain
                    .get(i + 1)
                    .is_some_and(|next| "aeiouyh".contains(*next))
        };
        if c == ' ' || (c == '\'' && elision()) {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else if c != '\'' {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A name's words that are not in `skip`, run together: the form in which
/// names are compared.
fn key(words: &[String], skip: &[String]) -> String {
    words
        .iter()
        .filter(|w| !skip.contains(w))
        .map(String::as_str)
        .collect()
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
    /// The country words, folded as names are.
    country: Vec<String>,
    /// The country and region words, folded as names are.
    country_and_region: Vec<String>,
}

impl RegionMatcher {
    /// Builds the matcher; a spelling listed under two codes, or one that
    /// is nothing but country and region words ("Oblast", "Ukraine"), is an
    /// error.
    pub fn new(table: &BTreeMap<String, Vec<String>>) -> Result<RegionMatcher, String> {
        let folded =
            |list: &[&str]| -> Vec<String> { list.iter().flat_map(|w| words(w)).collect() };
        let country = folded(COUNTRY_WORDS);
        let country_and_region = folded(&[COUNTRY_WORDS, REGION_WORDS].concat());
        let mut whole = HashMap::new();
        let mut core: HashMap<String, Option<String>> = HashMap::new();
        for (code, spellings) in table {
            if !crate::model::region::is_region_code(code) {
                return Err(format!("{code:?} is not an ISO 3166-2:UA code"));
            }
            for spelling in spellings {
                let words = words(spelling);
                let stem = key(&words, &country_and_region);
                if stem.is_empty() {
                    return Err(format!(
                        "{spelling:?} (under {code}) names no region, only words such as \"oblast\""
                    ));
                }
                if let Some(other) = whole.insert(key(&words, &[]), code.clone()) {
                    if &other != code {
                        return Err(format!(
                            "{spelling:?} is listed under both {other} and {code} (names that differ only in case, diacritics, spaces or punctuation are one)"
                        ));
                    }
                }
                // A core shared by two codes ("Kyiv") is not used for matching.
                core.entry(stem)
                    .and_modify(|c| {
                        if c.as_deref() != Some(code) {
                            *c = None;
                        }
                    })
                    .or_insert_with(|| Some(code.clone()));
            }
        }
        Ok(RegionMatcher {
            whole,
            core,
            country,
            country_and_region,
        })
    }

    pub fn load(path: &std::path::Path) -> Result<RegionMatcher, String> {
        RegionMatcher::new(&load_table(path)?).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The ISO code for a spelling, if the table knows it.
    pub fn code(&self, name: &str) -> Option<&str> {
        let words = words(name);
        self.whole
            .get(&key(&words, &[]))
            .or_else(|| self.whole.get(&key(&words, &self.country)))
            .or_else(|| {
                self.core
                    .get(&key(&words, &self.country_and_region))
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
    fn words_lose_case_diacritics_and_apostrophes_and_part_at_punctuation() {
        for (name, expected) in [
            ("Donets'ka oblast'", &["donetska", "oblast"][..]),
            ("Donetsʹka oblastʹ", &["donetska", "oblast"]),
            (
                " Ivano-Frankivsk,  UKRAINE ",
                &["ivano", "frankivsk", "ukraine"],
            ),
            ("Ivano\u{AD}Frankivsk", &["ivanofrankivsk"]),
            ("oblast d'Odessa", &["oblast", "d", "odessa"]),
            ("L’viv", &["lviv"]),
            ("presqu'île de Crimée", &["presquile", "de", "crimee"]),
            ("Mykolaïv", &["mykolaiv"]),
            ("Запорізька обл.", &["запорізька", "обл"]),
            ("В'язівка", &["вязівка"]),
            ("''", &[]),
        ] {
            assert_eq!(words(name), expected, "{name}");
        }
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
        // Spellings that differ only in spaces, hyphens or apostrophes are one.
        twice.insert("UA-07".to_owned(), vec!["S'a-me".to_owned()]);
        assert!(RegionMatcher::new(&twice)
            .unwrap_err()
            .contains("listed under both"));
        let mut nothing = BTreeMap::new();
        nothing.insert("UA-05".to_owned(), vec!["Oblast, Ukraine".to_owned()]);
        assert!(RegionMatcher::new(&nothing)
            .unwrap_err()
            .contains("names no region"));
    }
}
