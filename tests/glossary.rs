//! One word per concept: the glossary in `content/glossary.toml` rules
//! words out, and no text the portal shows may use them: the content
//! (Markdown, JSON and TOML under `content/`), the UI strings in
//! `locales/` and the dimension labels in `data/dimensions.json`.

#![cfg(feature = "ssr")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LANGS: [&str; 4] = ["uk", "en", "de", "fr"];

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Glossary {
    concept: Vec<Concept>,
    #[serde(default)]
    known: Vec<Known>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Concept {
    id: String,
    uk: String,
    en: String,
    de: String,
    fr: String,
    #[serde(default)]
    #[expect(dead_code, reason = "for the reader of the glossary")]
    note: Option<String>,
    /// Language → ruled-out words.
    #[serde(default)]
    avoid: BTreeMap<String, Vec<String>>,
}

impl Concept {
    fn term(&self, lang: &str) -> &str {
        match lang {
            "uk" => &self.uk,
            "en" => &self.en,
            "de" => &self.de,
            _ => &self.fr,
        }
    }
}

/// Ruled-out words still in a file, counted.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Known {
    file: String,
    word: String,
    count: usize,
    #[expect(dead_code, reason = "for the reader of the glossary")]
    why: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn glossary() -> Glossary {
    let text = std::fs::read_to_string(root().join("content/glossary.toml")).unwrap();
    toml::from_str(&text).expect("content/glossary.toml")
}

/// Where `word` stands in `text` as a whole word (a trailing `*` lets it
/// end in more letters): byte offsets.
fn find_word(text: &str, word: &str) -> Vec<usize> {
    let (stem, open_end) = match word.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (word, false),
    };
    let is_letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(stem)
        .filter(|(at, _)| {
            !is_letter(text[..*at].chars().next_back())
                && (open_end || !is_letter(text[at + stem.len()..].chars().next()))
        })
        .map(|(at, _)| at)
        .collect()
}

/// The texts of a file, each with where it is: a line of a Markdown or
/// TOML file, a string of a JSON file by its path. Soft hyphens are taken
/// out, as a reader does not see them.
fn texts(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let clean = |s: &str| s.replace('\u{AD}', "");
    if path.extension().is_some_and(|e| e == "json") {
        fn walk(value: &serde_json::Value, at: String, out: &mut Vec<(String, String)>) {
            match value {
                serde_json::Value::String(s) => out.push((at, s.replace('\u{AD}', ""))),
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, format!("{at}[{i}]"), out);
                    }
                }
                serde_json::Value::Object(map) => {
                    for (key, item) in map {
                        walk(item, format!("{at}.{key}"), out);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&serde_json::from_str(&text).unwrap(), "$".into(), &mut out);
        out
    } else {
        text.lines()
            .enumerate()
            .map(|(i, line)| (format!("line {}", i + 1), clean(line)))
            .collect()
    }
}

/// Every file whose text the portal shows, by its path from the root.
fn shown_files() -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // The texts of earlier versions stay as they were published.
                if !path.ends_with("declaration/versions") {
                    walk(&path, out);
                }
            } else if path
                .extension()
                .is_some_and(|e| e == "md" || e == "json" || e == "toml")
                && !path.ends_with("content/glossary.toml")
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("content"), &mut files);
    walk(&root().join("locales"), &mut files);
    files.push(root().join("data/dimensions.json"));
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, p)
        })
        .collect()
}

#[test]
fn the_glossary_has_every_concept_in_every_language() {
    let glossary = glossary();
    assert!(glossary.concept.len() >= 20);
    let mut ids = Vec::new();
    for c in &glossary.concept {
        assert!(!ids.contains(&c.id.as_str()), "{} twice", c.id);
        ids.push(c.id.as_str());
        for lang in LANGS {
            assert!(!c.term(lang).trim().is_empty(), "{}: no {lang} term", c.id);
        }
        for (lang, words) in &c.avoid {
            assert!(LANGS.contains(&lang.as_str()), "{}: language {lang}", c.id);
            for word in words {
                assert!(
                    find_word(c.term(lang), word).is_empty(),
                    "{}: the {lang} term {:?} is ruled out by {word:?}",
                    c.id,
                    c.term(lang)
                );
            }
        }
    }
}

#[test]
fn no_text_uses_a_word_the_glossary_rules_out() {
    let glossary = glossary();
    let files = shown_files();
    assert!(files.iter().any(|(f, _)| f == "locales/fr.json"));
    assert!(files
        .iter()
        .any(|(f, _)| f == "content/pages/uk/methodology.md"));
    assert!(!files
        .iter()
        .any(|(f, _)| f.contains("declaration/versions/")));
    // Each ruled-out word once, with what to use instead ("Kiev" is ruled
    // out in English and in French).
    let mut instead: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in &glossary.concept {
        for (lang, words) in &c.avoid {
            for word in words {
                instead
                    .entry(word)
                    .or_default()
                    .push(format!("{lang} {:?}", c.term(lang)));
            }
        }
    }
    let mut found: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (file, path) in &files {
        for (at, text) in texts(path) {
            for (word, use_instead) in &instead {
                for _ in find_word(&text, word) {
                    found
                        .entry((file.clone(), word.to_string()))
                        .or_default()
                        .push(format!(
                            "{file} {at}: {word:?} is ruled out: use {}",
                            use_instead.join(" or ")
                        ));
                }
            }
        }
    }
    let mut problems = Vec::new();
    for known in &glossary.known {
        let seen = found
            .remove(&(known.file.clone(), known.word.clone()))
            .unwrap_or_default();
        if seen.len() != known.count {
            problems.push(format!(
                "{}: {:?} stands {} times, the glossary's `known` entry says {}: fixed? then remove the entry",
                known.file,
                known.word,
                seen.len(),
                known.count
            ));
        }
    }
    problems.extend(found.into_values().flatten());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn words_are_found_whole_or_by_their_stem() {
    assert_eq!(find_word("Kiev, oblast de Kiev.", "Kiev"), [0, 16]);
    assert!(find_word("Kievan Rus", "Kiev").is_empty());
    assert!(find_word("моніторинг", "монітори").is_empty());
    assert_eq!(find_word("спостерігали монітори.", "монітори").len(), 1);
    assert_eq!(
        find_word("юридично зобовʼязальних", "зобовʼязальн*").len(),
        1
    );
    assert!(find_word("Datenveröffentlichung", "veröffentlichung").is_empty());
    assert!(find_word("Commission spéciale", "commission spéciale").is_empty());
}
