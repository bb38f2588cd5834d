//! Reads the declaration texts at build time: `content/declaration/final/{lang}.md`
//! for every language, and `content/declaration/draft/{lang}.md` where a draft
//! was reported.
//!
//! A file starts with TOML front matter between `+++` lines (title,
//! language, status, source, retrieved, version). Every heading with an id
//! (`## Monitoring {#c1}`) starts a provision; its body runs to the next
//! such heading. Every text must have the same provision ids as the English
//! final text; otherwise the build fails naming the file and the ids. Raw
//! HTML is an error naming the file and line.
//!
//! `content/declaration/versions.toml` lists every version of the final
//! texts with its fingerprints (see [`load_versions`]); the texts of an
//! earlier version may be kept in `content/declaration/versions/{date}/`.

use super::markdown::{line_of, to_safe_html, RawHtml};
use super::ContentError;
use crate::model::declaration::{
    compare_ids, is_provision_id, Change, Declaration, DeclarationText, Fingerprints, FrontMatter,
    Provision, ProvisionDiff, SummaryVersions, TextVersion,
};
use crate::model::digest::sha256_hex;
use crate::model::typography::typeset;
use crate::model::Lang;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// The text a fingerprint covers: Unicode NFC, every run of whitespace one
/// space, no leading or trailing space.
///
/// ```
/// use portal::content::declaration::normalise;
/// assert_eq!(normalise("  Cafe\u{301}\n  au   lait "), "Café au lait");
/// ```
pub fn normalise(text: &str) -> String {
    text.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Path of one declaration text.
pub fn text_path(dir: &Path, version: TextVersion, lang: Lang) -> PathBuf {
    dir.join("declaration")
        .join(version.dir())
        .join(format!("{}.md", lang.code()))
}

fn invalid(path: &Path, reason: impl Into<String>) -> ContentError {
    ContentError::Invalid {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// Splits the front matter from the Markdown.
fn front_matter<'a>(path: &Path, text: &'a str) -> Result<(FrontMatter, &'a str), ContentError> {
    let rest = text
        .strip_prefix("+++\n")
        .ok_or_else(|| invalid(path, "must start with +++ and TOML front matter"))?;
    let end = rest
        .find("\n+++\n")
        .ok_or_else(|| invalid(path, "front matter has no closing +++ line"))?;
    let front: FrontMatter = toml::from_str(&rest[..end])
        .map_err(|e| invalid(path, format!("front matter: {}", e.message())))?;
    if !front.source.starts_with("https://") {
        return Err(invalid(
            path,
            "front matter: source must start with https://",
        ));
    }
    if front.title.trim().is_empty() {
        return Err(invalid(path, "front matter: title is empty"));
    }
    Ok((front, &rest[end + "\n+++\n".len()..]))
}

/// Parses one declaration file.
pub fn parse_text(path: &Path, text: &str) -> Result<DeclarationText, ContentError> {
    let (mut front, markdown) = front_matter(path, text)?;
    let lang = front.language;
    front.title = typeset(lang.code(), &front.title);
    // Lines of the file before the Markdown, for errors that name a line.
    let front_lines = line_of(text, text.len() - markdown.len()) - 1;
    let raw_html = |line: usize, reason: String| ContentError::AtLine {
        path: path.to_owned(),
        line: front_lines + line,
        reason,
    };
    let options = Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    // (id, heading text, body start, body end, body text)
    let mut found: Vec<(String, String, usize, usize, String)> = Vec::new();
    let mut heading: Option<(Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|i| i.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(level)) => {
                let Some((id, text)) = heading.take() else {
                    continue;
                };
                match id {
                    Some(id) => {
                        if !is_provision_id(&id) {
                            return Err(invalid(path, format!("{{#{id}}} is not a provision id (a-z, 0-9, '-', up to 16, starting with a letter)")));
                        }
                        if found.iter().any(|p| p.0 == id) {
                            return Err(invalid(path, format!("provision id {{#{id}}} is used twice")));
                        }
                        if let Some(last) = found.last_mut() {
                            last.3 = range.start;
                        }
                        found.push((id, normalise(&text), range.end, markdown.len(), String::new()));
                    }
                    None if found.is_empty() || level == HeadingLevel::H1 => {
                        return Err(invalid(
                            path,
                            format!("heading {:?} has no id: every provision heading needs one, such as {{#c1}}", normalise(&text)),
                        ));
                    }
                    None => {
                        if let Some(last) = found.last_mut() {
                            last.4.push_str(&format!(" {text} "));
                        }
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let raw = RawHtml::new(line_of(markdown, range.start), &html);
                return Err(raw_html(raw.line, raw.reason()));
            }
            Event::Text(t) | Event::Code(t) => match (&mut heading, found.last_mut()) {
                (Some((_, text)), _) => text.push_str(&t),
                (None, Some(last)) => last.4.push_str(&t),
                (None, None) if !t.trim().is_empty() => {
                    return Err(invalid(
                        path,
                        "text before the first provision heading: start with a heading such as ## Preamble {#p1}",
                    ))
                }
                _ => {}
            },
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => {
                if let (None, Some(last)) = (&heading, found.last_mut()) {
                    last.4.push(' ');
                }
            }
            _ => {}
        }
    }
    if found.is_empty() {
        return Err(invalid(
            path,
            "has no provisions (headings with an id such as {#c1})",
        ));
    }
    let provisions = found
        .into_iter()
        .map(|(id, heading, start, end, body)| {
            let text = normalise(&body);
            let html = to_safe_html(&markdown[start..end], lang)
                .map_err(|raw| raw_html(line_of(markdown, start) - 1 + raw.line, raw.reason()))?;
            Ok(Provision {
                sha256: sha256_hex(text.as_bytes()),
                html,
                id,
                heading: typeset(lang.code(), &heading),
                text,
            })
        })
        .collect::<Result<_, ContentError>>()?;
    Ok(DeclarationText { front, provisions })
}

/// Reads every declaration text and checks that they agree: each file says
/// the language and version its place says, and has the provision ids of
/// the English final text.
pub fn load(dir: &Path) -> Result<Declaration, ContentError> {
    let mut declaration = Declaration::default();
    for version in TextVersion::ALL {
        for lang in Lang::ALL {
            let path = text_path(dir, version, lang);
            if version == TextVersion::DraftAsReported && !path.exists() {
                continue;
            }
            let text = parse_text(&path, &super::read(&path)?)?;
            if text.front.language != lang || text.front.version != version {
                return Err(invalid(
                    &path,
                    format!(
                        "front matter says language {} and version {:?}, but the file's place says {lang} and {}",
                        text.front.language, text.front.version, version.dir()
                    ),
                ));
            }
            declaration.texts.insert((version, lang), text);
        }
    }
    let reference_path = text_path(dir, TextVersion::Final, Lang::En);
    let reference = declaration
        .text(TextVersion::Final, Lang::En)
        .ok_or_else(|| invalid(&reference_path, "is missing"))?;
    for ((version, lang), text) in &declaration.texts {
        if let Some(m) = compare_ids(&reference.ids(), &text.ids()) {
            return Err(invalid(
                &text_path(dir, *version, *lang),
                format!(
                    "provision ids differ from {}: lacks {:?}, has extra {:?}",
                    reference_path.display(),
                    m.missing,
                    m.extra
                ),
            ));
        }
    }
    Ok(declaration)
}

/// Path of the list of versions of the final texts.
pub fn versions_path(dir: &Path) -> PathBuf {
    dir.join("declaration").join("versions.toml")
}

/// Where the final texts of the version of `date` may be kept.
pub fn kept_texts_dir(dir: &Path, date: chrono::NaiveDate) -> PathBuf {
    dir.join("declaration")
        .join("versions")
        .join(date.to_string())
}

/// A `[[version]]` entry for `versions.toml` that records the fingerprints
/// `declaration`'s final texts have now, with `date` and the same `note`
/// in every language (to be translated): what the build asks an editor to
/// add after an edit.
pub fn version_entry(declaration: &Declaration, date: &str, note: &str) -> String {
    let mut entry = format!("[[version]]\ndate = \"{date}\"\n\n[version.note]\n");
    for lang in Lang::ALL {
        entry.push_str(&format!("{lang} = \"{note}\"\n"));
    }
    for lang in Lang::ALL {
        let Some(text) = declaration.text(TextVersion::Final, lang) else {
            continue;
        };
        entry.push_str(&format!("\n[version.sha256.{lang}]\n"));
        for p in &text.provisions {
            entry.push_str(&format!("{} = \"{}\"\n", p.id, p.sha256));
        }
    }
    entry
}

/// Reads `declaration/versions.toml` and checks it against the final texts
/// of `declaration`: the latest version must record the fingerprints they
/// have now, so that no edit of a provision goes out without a version that
/// says what changed and why (the error gives the entry to add). Where the
/// texts of a version are kept in `declaration/versions/{date}/{lang}.md`,
/// they must give the fingerprints that version records.
pub fn load_versions(
    dir: &Path,
    declaration: &Declaration,
) -> Result<SummaryVersions, ContentError> {
    let path = versions_path(dir);
    let mut versions: SummaryVersions =
        toml::from_str(&super::read(&path)?).map_err(|e| invalid(&path, e.message()))?;
    versions
        .validate()
        .map_err(|e| invalid(&path, e.to_string()))?;
    for version in &mut versions.version {
        version.note = version
            .note
            .iter()
            .map(|(lang, note)| (*lang, typeset(lang.code(), note)))
            .collect();
    }
    for (i, version) in versions.version.iter().enumerate() {
        let kept = kept_texts_dir(dir, version.date);
        if !kept.exists() {
            continue;
        }
        let mut texts = Declaration::default();
        for lang in Lang::ALL {
            let file = kept.join(format!("{lang}.md"));
            let text = parse_text(&file, &super::read(&file)?)?;
            texts.texts.insert((TextVersion::Final, lang), text);
        }
        let only = SummaryVersions {
            version: vec![version.clone()],
        };
        if let Some((lang, id)) = only.differences(&texts.fingerprints()).into_iter().next() {
            return Err(invalid(
                &kept.join(format!("{lang}.md")),
                format!(
                    "provision {id} does not give the fingerprint that version {} ({}) records in {}: these are the texts of another version",
                    i + 1,
                    version.date,
                    path.display()
                ),
            ));
        }
    }
    let current: Fingerprints = declaration.fingerprints();
    let changed = versions.differences(&current);
    if !changed.is_empty() {
        let latest = versions.version.len();
        let date = versions.latest().map(|v| v.date).unwrap_or_default();
        let list: Vec<String> = Lang::ALL
            .into_iter()
            .filter_map(|lang| {
                let ids: Vec<&str> = changed
                    .iter()
                    .filter(|(l, _)| *l == lang)
                    .map(|(_, id)| id.as_str())
                    .collect();
                (!ids.is_empty()).then(|| format!("{lang} {}", ids.join(", ")))
            })
            .collect();
        return Err(invalid(
            &path,
            format!(
                "the final texts are not those of version {latest} ({date}): {} changed. An edited text is a new version: append the entry below, with the date it is published and, in every language, what changed and why (and keep the texts of version {latest} in {} if you can, so that its fingerprints stay checkable)\n\n{}",
                list.join("; "),
                kept_texts_dir(dir, date).display(),
                version_entry(declaration, "YYYY-MM-DD", "What changed and why"),
            ),
        ));
    }
    Ok(versions)
}

/// The provisions whose text differs between `draft` and `last`, word by
/// word (the `similar` crate's diff of words), in the final text's order.
pub fn diff(draft: &DeclarationText, last: &DeclarationText) -> Vec<ProvisionDiff> {
    last.provisions
        .iter()
        .filter_map(|provision| {
            let old = draft
                .provision(&provision.id)
                .map_or("", |p| p.text.as_str());
            if old == provision.text {
                return None;
            }
            let mut changes: Vec<Change> = Vec::new();
            for change in similar::TextDiff::from_words(old, &provision.text).iter_all_changes() {
                let text = change.value();
                let wrap = match change.tag() {
                    similar::ChangeTag::Equal => Change::Same,
                    similar::ChangeTag::Delete => Change::Removed,
                    similar::ChangeTag::Insert => Change::Added,
                };
                match (changes.last_mut(), wrap(String::new())) {
                    (Some(Change::Same(t)), Change::Same(_))
                    | (Some(Change::Removed(t)), Change::Removed(_))
                    | (Some(Change::Added(t)), Change::Added(_)) => t.push_str(text),
                    _ => changes.push(wrap(text.to_owned())),
                }
            }
            // The fingerprinted text has single ordinary spaces: the runs
            // are set in the language's typography as the reader sees them.
            let code = last.front.language.code();
            for change in &mut changes {
                let (Change::Same(text) | Change::Removed(text) | Change::Added(text)) = change;
                *text = typeset(code, text);
            }
            Some(ProvisionDiff {
                id: provision.id.clone(),
                heading: provision.heading.clone(),
                changes,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT: &str = "+++\ntitle = \"T\"\nlanguage = \"en\"\nstatus = \"summary\"\nsource = \"https://example.org/\"\nretrieved = \"2026-01-07\"\nversion = \"final\"\n+++\n";

    fn parse(markdown: &str) -> Result<DeclarationText, String> {
        parse_text(Path::new("en.md"), &format!("{FRONT}{markdown}")).map_err(|e| e.to_string())
    }

    #[test]
    fn provisions_run_from_heading_to_heading() {
        let text = parse("## Preamble {#p1}\n\nThey   met\nin *Paris*.\n\n## Monitoring {#c1}\n\nA US-led mechanism.\n\n### Detail\n\nMore.\n").unwrap();
        assert_eq!(text.ids(), ["p1", "c1"]);
        let p1 = &text.provisions[0];
        assert_eq!(p1.heading, "Preamble");
        assert_eq!(p1.text, "They met in Paris.");
        assert_eq!(p1.sha256, sha256_hex(b"They met in Paris."));
        assert!(p1.html.contains("<em>Paris</em>"), "{}", p1.html);
        assert!(!p1.html.contains("Monitoring"));
        let c1 = &text.provisions[1];
        assert_eq!(c1.text, "A US-led mechanism. Detail More.");
        assert!(c1.html.contains("<h3>Detail</h3>"), "{}", c1.html);
    }

    #[test]
    fn bad_files_are_named_with_the_reason() {
        assert!(parse("Intro.\n\n## A {#p1}\n\nx")
            .unwrap_err()
            .contains("before the first provision"));
        assert!(parse("## A {#p1}\n\nx\n\n## B {#p1}\n\ny")
            .unwrap_err()
            .contains("{#p1} is used twice"));
        assert!(parse("## A {#P-1}\n\nx")
            .unwrap_err()
            .contains("not a provision id"));
        assert!(parse("## A\n\nx")
            .unwrap_err()
            .contains("heading \"A\" has no id"));
        assert!(parse_text(Path::new("x.md"), "## A {#p1}")
            .unwrap_err()
            .to_string()
            .contains("+++"));
        let bad_source = FRONT.replace("https://example.org/", "http://example.org/");
        assert!(
            parse_text(Path::new("x.md"), &format!("{bad_source}## A {{#p1}}\n\nx"))
                .unwrap_err()
                .to_string()
                .contains("source must start with https://")
        );
        let unknown = FRONT.replace("version", "flavour");
        assert!(
            parse_text(Path::new("x.md"), &format!("{unknown}## A {{#p1}}\n\nx"))
                .unwrap_err()
                .to_string()
                .contains("front matter: unknown field `flavour`")
        );
    }

    #[test]
    fn raw_html_is_an_error_naming_the_line_of_the_file() {
        // FRONT is lines 1 to 8 of the file.
        let err =
            parse("## A {#p1}\n\nText with <img src=x onerror=alert(1)> inside.").unwrap_err();
        assert!(
            err.starts_with("en.md:11: raw HTML \"<img src=x onerror=alert(1)>\" is not allowed"),
            "{err}"
        );
        let err = parse("## A {#p1}\n\nx\n\n## B {#p2}\n\n<script>alert(1)</script>").unwrap_err();
        assert!(err.starts_with("en.md:15: raw HTML \"<script>"), "{err}");
        let err = parse("## <em>A</em> {#p1}\n\nx").unwrap_err();
        assert!(err.starts_with("en.md:9: raw HTML \"<em>\""), "{err}");
    }

    #[test]
    fn differences_are_runs_of_words() {
        let draft =
            parse("## A {#p1}\n\nThe force is backed by the US.\n\n## B {#p2}\n\nSame.").unwrap();
        let last =
            parse("## A {#p1}\n\nThe force is European-led.\n\n## B {#p2}\n\nSame.").unwrap();
        let diffs = diff(&draft, &last);
        assert_eq!(diffs.len(), 1, "unchanged provisions are left out");
        assert_eq!(diffs[0].id, "p1");
        assert_eq!(
            diffs[0].changes,
            [
                Change::Same("The force is ".into()),
                Change::Removed("backed by the US.".into()),
                Change::Added("European-led.".into()),
            ]
        );
    }

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
    }

    /// A copy of the shipped declaration texts and versions.
    fn copy_of_shipped() -> tempfile::TempDir {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_dir() {
                    copy(&entry.path(), &to.join(entry.file_name()));
                } else {
                    std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
                }
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        copy(
            &shipped().join("declaration"),
            &tmp.path().join("declaration"),
        );
        tmp
    }

    /// The shipped versions: the latest records the fingerprints the final
    /// texts have now, and every earlier one those of its texts, which are
    /// kept in the repository.
    #[test]
    fn the_shipped_versions_match_the_texts_they_record() {
        let declaration = load(&shipped()).unwrap();
        let versions = load_versions(&shipped(), &declaration).unwrap();
        assert_eq!(
            versions.latest().map(|v| &v.sha256),
            Some(&declaration.fingerprints())
        );
        for (i, version) in versions.version.iter().enumerate() {
            let kept = kept_texts_dir(&shipped(), version.date);
            if i + 1 < versions.version.len() {
                assert!(
                    kept.exists(),
                    "the texts of version {} are not kept in {}",
                    i + 1,
                    kept.display()
                );
            }
            if !kept.exists() {
                continue;
            }
            for lang in Lang::ALL {
                let path = kept.join(format!("{lang}.md"));
                let text = parse_text(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
                assert_eq!(
                    text.fingerprints(),
                    version.sha256[&lang],
                    "{}",
                    path.display()
                );
            }
        }
    }

    /// What an editor meets: an edited provision fails the build, which
    /// names it and gives the entry to append; with the entry, the edit is
    /// version 3, and version 2's fingerprint of it is shown as superseded.
    #[test]
    fn an_edit_is_refused_until_it_is_recorded_as_a_version() {
        let tmp = copy_of_shipped();
        let path = text_path(tmp.path(), TextVersion::Final, Lang::De);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("Paris.", "Paris (Frankreich).", 1)).unwrap();
        let declaration = load(tmp.path()).unwrap();
        let err = load_versions(tmp.path(), &declaration)
            .unwrap_err()
            .to_string();
        let entry = version_entry(&declaration, "YYYY-MM-DD", "What changed and why");
        assert!(
            err.contains("versions.toml: the final texts are not those of version 2 (2026-12-07): de p1 changed")
                && err.ends_with(&entry),
            "{err}"
        );
        let versions = versions_path(tmp.path());
        let mut list = std::fs::read_to_string(&versions).unwrap();
        list.push('\n');
        list.push_str(&entry.replace("YYYY-MM-DD", "2026-12-24"));
        std::fs::write(&versions, list).unwrap();
        let recorded = load_versions(tmp.path(), &declaration).unwrap();
        assert_eq!(recorded.version.len(), 3);
        let before = load(&shipped()).unwrap();
        let p1 = before
            .text(TextVersion::Final, Lang::De)
            .unwrap()
            .provision("p1")
            .unwrap();
        assert_eq!(
            recorded.superseded(1, Lang::De),
            [("p1", p1.sha256.as_str())]
        );
        assert_eq!(recorded.superseded(1, Lang::En), []);
    }

    #[test]
    fn kept_texts_must_be_the_version_they_are_kept_for() {
        let tmp = copy_of_shipped();
        let declaration = load(tmp.path()).unwrap();
        let versions: SummaryVersions =
            toml::from_str(&std::fs::read_to_string(versions_path(tmp.path())).unwrap()).unwrap();
        let kept = kept_texts_dir(tmp.path(), versions.version[0].date);
        for lang in Lang::ALL {
            std::fs::copy(
                text_path(tmp.path(), TextVersion::Final, lang),
                kept.join(format!("{lang}.md")),
            )
            .unwrap();
        }
        let err = load_versions(tmp.path(), &declaration)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("2026-11-25/uk.md: provision c1 does not give the fingerprint that version 1 (2026-11-25) records"),
            "{err}"
        );
    }

    /// The fingerprint covers the text as written; the reader sees it set
    /// in its language's typography. The two must hash alike, or a reader
    /// who checks a quote as the page explains would find another
    /// fingerprint: typography may only turn a space into another space.
    #[test]
    fn typography_leaves_the_shipped_fingerprints_as_they_are() {
        let declaration = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        let mut spaced = 0;
        for ((_, lang), text) in &declaration.texts {
            for p in &text.provisions {
                let shown = typeset(lang.code(), &p.text);
                spaced += usize::from(shown != p.text);
                assert_eq!(
                    sha256_hex(normalise(&shown).as_bytes()),
                    p.sha256,
                    "{lang} {}: typography changes the text, not only its spaces: write it as shown ({shown:?})",
                    p.id
                );
            }
        }
        assert!(spaced > 0, "no provision has French punctuation to space");
    }

    #[test]
    fn the_shipped_texts_agree() {
        let declaration = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        for lang in Lang::ALL {
            let text = declaration.text(TextVersion::Final, lang).unwrap();
            for id in ["p1", "g1", "c1", "c2", "c3", "c4", "c5", "cell", "end"] {
                assert!(text.provision(id).is_some(), "{lang} lacks {id}");
            }
        }
    }
}
