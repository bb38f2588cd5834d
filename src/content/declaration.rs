//! Reads the declaration texts at build time: `content/declaration/final/{lang}.md`
//! for every language, and `content/declaration/draft/{lang}.md` where a draft
//! was reported.
//!
//! A file starts with TOML front matter between `+++` lines (title,
//! language, status, source, retrieved, version). Every heading with an id
//! (`## Monitoring {#c1}`) starts a provision; its body runs to the next
//! such heading. Every text must have the same provision ids as the English
//! final text; otherwise the build fails naming the file and the ids.

use super::markdown::to_safe_html;
use super::ContentError;
use crate::model::declaration::{
    compare_ids, is_provision_id, Change, Declaration, DeclarationText, FrontMatter, Provision,
    ProvisionDiff, TextVersion,
};
use crate::model::digest::sha256_hex;
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
    let (front, markdown) = front_matter(path, text)?;
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
            Provision {
                sha256: sha256_hex(text.as_bytes()),
                html: to_safe_html(&markdown[start..end]),
                id,
                heading,
                text,
            }
        })
        .collect();
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
