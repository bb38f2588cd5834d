//! Texts from data files that the portal shows: labels, names, notes. They
//! are always rendered as text, never as HTML, and checked anyway, so that
//! markup, control characters or bidirectional overrides in a data file are
//! an error with its path instead of a surprise on the page.

use super::error::DataError;
use super::sorted_map::SortedMap;
use super::Lang;

/// A text in every portal language.
pub type Translations = SortedMap<Lang, String>;

/// A [`DataError::Invalid`] at `path`.
pub fn invalid(path: impl Into<String>, reason: impl Into<String>) -> DataError {
    DataError::Invalid {
        path: path.into(),
        reason: reason.into(),
    }
}

/// Whether `c` is a control character or an invisible format character:
/// Unicode's categories Cc, Cf, Zl and Zp, except the zero-width joiner and
/// non-joiner that scripts need. Such characters hide or reorder what a
/// reader sees (a bidirectional override, a zero-width space).
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}')
}

/// Labels are shown as text everywhere; markup, control characters,
/// bidirectional overrides and other invisible characters have no business
/// in them, nor U+FFFD, which stands for bytes that were not UTF-8 or for a
/// lone surrogate.
pub fn check_text(path: &str, text: &str) -> Result<(), DataError> {
    if text.trim().is_empty() {
        return Err(invalid(path, "is empty"));
    }
    if text.chars().count() > 300 {
        return Err(invalid(path, "is longer than 300 characters"));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| matches!(c, '<' | '>' | '\u{FFFD}') || is_invisible(c))
    {
        return Err(invalid(
            path,
            format!("contains the forbidden character U+{:04X}", u32::from(c)),
        ));
    }
    Ok(())
}

pub fn check_translations(path: &str, texts: &Translations) -> Result<(), DataError> {
    for lang in Lang::ALL {
        let text = texts
            .get(&lang)
            .ok_or_else(|| invalid(format!("{path}.{lang}"), "is missing"))?;
        check_text(&format!("{path}.{lang}"), text)?;
    }
    Ok(())
}

/// Checks a code or id (`mortar`, `us-signatory`): a-z, 0-9 and '-', at
/// most 40 characters, not seen before.
pub fn check_code(path: &str, code: &str, seen: &mut Vec<String>) -> Result<(), DataError> {
    let ok = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        return Err(invalid(
            path,
            format!("{code:?} is not a code of a-z, 0-9 and '-'"),
        ));
    }
    // A list, not a HashSet: a few dozen codes, and hashing costs the wasm
    // more code than it saves time.
    if seen.iter().any(|c| c == code) {
        return Err(invalid(path, format!("duplicate code {code:?}")));
    }
    seen.push(code.to_owned());
    Ok(())
}
