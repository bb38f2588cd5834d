//! The portal's editorial content: page prose in Markdown per language and
//! the list of sources. It lives in `content/` at the repository root, is read
//! and rendered at build time, and can be replaced without touching code.

#[cfg(feature = "ssr")]
pub mod declaration;
#[cfg(feature = "ssr")]
pub mod markdown;

#[cfg(feature = "ssr")]
use crate::model::correction::CorrectionLog;
use crate::model::pillars::Structure;
pub use crate::model::record::Source;
use crate::model::record::{validate_sources, Record};
use crate::model::typography::typeset;
use crate::model::{Lang, Page};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why the content directory cannot be built into the site.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
    /// A problem at one line of a file, given as `file:line` so that an
    /// editor can jump to it.
    #[error("{path}:{line}: {reason}")]
    AtLine {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

fn read(path: &Path) -> Result<String, ContentError> {
    std::fs::read_to_string(path).map_err(|source| ContentError::Read {
        path: path.to_owned(),
        source,
    })
}

/// Reads a JSON data file of the content directory, every text in a
/// language set in that language's typography.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ContentError> {
    let invalid = |e: serde_json::Error| ContentError::Invalid {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let mut value = serde_json::from_str(&read(path)?).map_err(invalid)?;
    typeset_translations(&mut value);
    serde_json::from_value(value).map_err(invalid)
}

/// Sets each text of `value` that is given for a language (the value of a
/// key `uk`, `en`, `de` or `fr`) in the typography of that language.
fn typeset_translations(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (key.parse::<Lang>(), value) {
                    (Ok(lang), Value::String(text)) => *text = typeset(lang.code(), text),
                    (_, value) => typeset_translations(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(typeset_translations),
        _ => {}
    }
}

fn data_error(path: &Path) -> impl FnOnce(crate::model::DataError) -> ContentError + '_ {
    move |e| ContentError::Invalid {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

/// Reads `sources.json`: unique ids, https URLs, a title in every language.
pub fn load_sources(dir: &Path) -> Result<Vec<Source>, ContentError> {
    let path = dir.join("sources.json");
    let sources: Vec<Source> = read_json(&path)?;
    validate_sources(&sources).map_err(data_error(&path))?;
    Ok(sources)
}

/// Reads `parties.json` and checks it against the sources and the
/// declaration's provision ids.
pub fn load_record(
    dir: &Path,
    sources: &[Source],
    provisions: &[&str],
) -> Result<Record, ContentError> {
    let path = dir.join("parties.json");
    let record: Record = read_json(&path)?;
    record
        .validate(sources, provisions)
        .map_err(data_error(&path))?;
    Ok(record)
}

/// Reads `pillars.json` and checks it against the sources and the
/// declaration's provision ids.
pub fn load_structure(
    dir: &Path,
    sources: &[Source],
    provisions: &[&str],
) -> Result<Structure, ContentError> {
    let path = dir.join("pillars.json");
    let structure: Structure = read_json(&path)?;
    let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    structure
        .validate(&ids, provisions)
        .map_err(data_error(&path))?;
    Ok(structure)
}

/// Reads the corrections log of every language,
/// `corrections/{lang}.toml`: each must be there (without entries while
/// nothing was corrected) and tell of the same corrections as the English
/// one, in its own words.
#[cfg(feature = "ssr")]
pub fn load_corrections(
    dir: &Path,
) -> Result<std::collections::BTreeMap<Lang, CorrectionLog>, ContentError> {
    let path_of = |lang: Lang| dir.join("corrections").join(format!("{lang}.toml"));
    let mut logs = std::collections::BTreeMap::new();
    for lang in Lang::ALL {
        let path = path_of(lang);
        let mut log: CorrectionLog =
            toml::from_str(&read(&path)?).map_err(|e| ContentError::Invalid {
                path: path.clone(),
                reason: e.message().to_owned(),
            })?;
        log.validate().map_err(data_error(&path))?;
        for correction in &mut log.correction {
            correction.wrong = typeset(lang.code(), &correction.wrong);
            correction.done = typeset(lang.code(), &correction.done);
        }
        logs.insert(lang, log);
    }
    for (&lang, log) in &logs {
        if let Some(reason) = log.differs_from(&logs[&Lang::En]) {
            return Err(ContentError::Invalid {
                path: path_of(lang),
                reason,
            });
        }
    }
    Ok(logs)
}

/// Path of the Markdown prose for `page` in `lang`.
pub fn page_path(dir: &Path, lang: Lang, page: Page) -> PathBuf {
    dir.join("pages")
        .join(lang.code())
        .join(format!("{}.md", page.key()))
}

/// Reads the Markdown prose of every page in every language; a missing or
/// empty file is an error that names it, so no language can lack a page.
pub fn load_page_sources(dir: &Path) -> Result<HashMap<(Lang, Page), String>, ContentError> {
    let mut pages = HashMap::new();
    for lang in Lang::ALL {
        for page in Page::ALL {
            let path = page_path(dir, lang, page);
            let text = read(&path)?;
            if text.trim().is_empty() {
                return Err(ContentError::Invalid {
                    path,
                    reason: "is empty".into(),
                });
            }
            pages.insert((lang, page), text);
        }
    }
    Ok(pages)
}

/// Reads and renders the prose of every page in every language: raw HTML
/// in a page is an error naming its file and line.
#[cfg(feature = "ssr")]
pub fn load_pages(dir: &Path) -> Result<HashMap<(Lang, Page), String>, ContentError> {
    let sources = load_page_sources(dir)?;
    let mut pages = HashMap::new();
    for lang in Lang::ALL {
        for page in Page::ALL {
            let html = markdown::to_safe_html(&sources[&(lang, page)], lang).map_err(|raw| {
                ContentError::AtLine {
                    path: page_path(dir, lang, page),
                    line: raw.line,
                    reason: raw.reason(),
                }
            })?;
            pages.insert((lang, page), html);
        }
    }
    Ok(pages)
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
    }

    fn copy_of_shipped() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for lang in Lang::ALL {
            std::fs::create_dir_all(tmp.path().join("pages").join(lang.code())).unwrap();
            for page in Page::ALL {
                std::fs::copy(
                    page_path(&shipped(), lang, page),
                    page_path(tmp.path(), lang, page),
                )
                .unwrap();
            }
        }
        std::fs::copy(
            shipped().join("sources.json"),
            tmp.path().join("sources.json"),
        )
        .unwrap();
        tmp
    }

    #[test]
    fn the_shipped_content_is_complete() {
        let pages = load_page_sources(&shipped()).unwrap();
        assert_eq!(pages.len(), Lang::ALL.len() * Page::ALL.len());
        assert!(!load_sources(&shipped()).unwrap().is_empty());
    }

    #[test]
    fn a_language_missing_a_page_is_an_error_naming_the_file() {
        let tmp = copy_of_shipped();
        let gone = page_path(tmp.path(), Lang::Fr, Page::Pillars);
        std::fs::remove_file(&gone).unwrap();
        let err = load_page_sources(tmp.path()).unwrap_err();
        assert!(err.to_string().contains("fr/pillars.md"), "{err}");
    }

    #[test]
    #[cfg(feature = "ssr")]
    fn raw_html_in_a_page_is_an_error_naming_file_and_line() {
        let tmp = copy_of_shipped();
        let path = page_path(tmp.path(), Lang::De, Page::Methodology);
        let text = std::fs::read_to_string(&path).unwrap();
        let hostile = format!("{text}\n\nEin Bild: <img src=x onerror=alert(1)>\n");
        let line = hostile[..hostile.find("Ein Bild").unwrap()]
            .matches('\n')
            .count()
            + 1;
        std::fs::write(&path, hostile).unwrap();
        let err = load_pages(tmp.path()).unwrap_err().to_string();
        assert!(
            err.contains(&format!("de/methodology.md:{line}: raw HTML \"<img src=x onerror=alert(1)>\" is not allowed")),
            "{err}"
        );
        std::fs::write(&path, text).unwrap();
        assert_eq!(
            load_pages(tmp.path()).unwrap().len(),
            Lang::ALL.len() * Page::ALL.len()
        );
    }

    #[test]
    fn an_empty_page_is_an_error() {
        let tmp = copy_of_shipped();
        std::fs::write(page_path(tmp.path(), Lang::Uk, Page::Home), "  \n").unwrap();
        let err = load_page_sources(tmp.path()).unwrap_err();
        assert!(err.to_string().contains("uk/home.md: is empty"), "{err}");
    }

    #[test]
    #[cfg(feature = "ssr")]
    fn the_corrections_logs_tell_of_the_same_corrections() {
        let logs = load_corrections(&shipped()).unwrap();
        assert!(!logs[&Lang::En].correction.is_empty());
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("corrections")).unwrap();
        for lang in Lang::ALL {
            let name = format!("corrections/{lang}.toml");
            std::fs::copy(shipped().join(&name), tmp.path().join(&name)).unwrap();
        }
        let path = tmp.path().join("corrections/fr.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("release = \"", "release = \"x", 1)).unwrap();
        let err = load_corrections(tmp.path()).unwrap_err().to_string();
        assert!(
            err.contains("fr.toml") && err.contains("must be the same in every language"),
            "{err}"
        );
        std::fs::remove_file(tmp.path().join("corrections/de.toml")).unwrap();
        let err = load_corrections(tmp.path()).unwrap_err().to_string();
        assert!(err.contains("de.toml"), "{err}");
    }

    #[test]
    fn a_source_without_a_title_in_every_language_is_rejected() {
        let tmp = copy_of_shipped();
        let path = tmp.path().join("sources.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json[0]["title"].as_object_mut().unwrap().remove("de");
        std::fs::write(&path, json.to_string()).unwrap();
        let err = load_sources(tmp.path()).unwrap_err();
        assert!(
            err.to_string().ends_with("$[0].title.de: is missing"),
            "{err}"
        );
    }
}
