//! Typography by language, set by code where text is produced rather than
//! by hand in every string: French spacing around `; : ! ?` and
//! guillemets, the no-break space after `≥` in French and German, the
//! Ukrainian apostrophe. The prerender applies it to the
//! content, `build.rs` to the UI catalogues and the exporter to the labels
//! of the export, so the wasm carries none of it.
//!
//! Languages are named by their code so that `build.rs` can include this
//! file on its own.

/// The narrow no-break space French puts before `; : ! ?` and `»` and after
/// `«`.
pub const NARROW_NBSP: char = '\u{202F}';
/// The no-break space.
pub const NBSP: char = '\u{A0}';
/// The Ukrainian apostrophe, a letter (U+02BC), where ASCII `'` and `’` are
/// punctuation: a word processor or a search treats `мʼята` as one word.
pub const UK_APOSTROPHE: char = '\u{2BC}';

/// `text` set in the typography of the language `code` (`fr`, `de`, `uk`;
/// English as it is).
///
/// ```
/// use portal::model::typography::typeset;
/// assert_eq!(typeset("fr", "Source : « texte » ?"), "Source\u{202F}: «\u{202F}texte\u{202F}»\u{202F}?");
/// assert_eq!(typeset("de", "≥ 140"), "≥\u{A0}140");
/// assert_eq!(typeset("uk", "Об'єднаних"), "Обʼєднаних");
/// assert_eq!(typeset("en", "Ukraine's"), "Ukraine's");
/// ```
pub fn typeset(code: &str, text: &str) -> String {
    match code {
        "fr" => french(text),
        "de" => relations(text, NBSP),
        "uk" => ukrainian(text),
        _ => text.to_owned(),
    }
}

/// A relation sign (`≥`, `≤`) kept on the line of its number by `space`:
/// "≥ 140" and "≥140" become "≥", `space`, "140".
///
/// ```
/// use portal::model::typography::relations;
/// assert_eq!(relations("(≥140, ≤ 5)", '\u{A0}'), "(≥\u{A0}140, ≤\u{A0}5)");
/// ```
pub fn relations(text: &str, space: char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 4);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        out.push(c);
        i += 1;
        if !is_relation(c) {
            continue;
        }
        let spaced = chars
            .get(i)
            .is_some_and(|n| [' ', NBSP, NARROW_NBSP].contains(n));
        let after = chars.get(i + usize::from(spaced));
        if after.is_some_and(char::is_ascii_digit) {
            out.push(space);
            i += usize::from(spaced);
        }
    }
    out
}

fn is_relation(c: char) -> bool {
    matches!(c, '≥' | '≤')
}

/// French spacing: the space before `; : ! ?` and `»` and after `«`
/// becomes a narrow no-break space, so that a line never starts with the
/// sign, and one is put in where the writer left none. A colon that is not
/// followed by a space (`https://`, `3:1`, `ISO 3166-2:UA`) and a question
/// or exclamation mark inside a word (`?period=`) are not punctuation of
/// the sentence and stay as they are.
///
/// ```
/// use portal::model::typography::french;
/// assert_eq!(french("Pourquoi ?"), "Pourquoi\u{202F}?");
/// assert_eq!(french("Attention!"), "Attention\u{202F}!");
/// assert_eq!(french("contraste de 3:1 ; voir https://example.org/?a=1"), "contraste de 3:1\u{202F}; voir https://example.org/?a=1");
/// ```
pub fn french(text: &str) -> String {
    let text = relations(text, NARROW_NBSP);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        match c {
            ' ' | NBSP
                if prev == Some('«')
                    || next.is_some_and(|n| is_spaced_before(n, chars.get(i + 2).copied())) =>
            {
                out.push(NARROW_NBSP);
            }
            _ if prev.is_some_and(|p| !p.is_whitespace() && p != '«')
                && is_spaced_before(c, next)
                && !(c != '»' && prev.is_some_and(is_spaced_sign)) =>
            {
                out.extend([NARROW_NBSP, c]);
            }
            '«' if next.is_some_and(|n| !n.is_whitespace()) => out.extend(['«', NARROW_NBSP]),
            _ => out.push(c),
        }
    }
    out
}

/// Whether `c`, followed by `next`, is a sign French spaces from what
/// comes before it: `»` always, `; : ! ?` where they end a phrase.
fn is_spaced_before(c: char, next: Option<char>) -> bool {
    match c {
        '»' => true,
        ';' | ':' | '!' | '?' => next.is_none_or(|n| {
            n.is_whitespace() || matches!(n, ')' | '»' | '"' | '”' | '!' | '?' | '.' | ',')
        }),
        _ => false,
    }
}

fn is_spaced_sign(c: char) -> bool {
    matches!(c, ';' | ':' | '!' | '?')
}

/// The Ukrainian apostrophe ʼ (U+02BC) for `'` or `’` between two Cyrillic
/// letters.
///
/// ```
/// use portal::model::typography::ukrainian;
/// assert_eq!(ukrainian("п'ять, зобов’язання"), "пʼять, зобовʼязання");
/// assert_eq!(ukrainian("'цитата' і Ukraine's"), "'цитата' і Ukraine's");
/// ```
pub fn ukrainian(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between = i > 0
                && chars.get(i - 1).copied().is_some_and(is_cyrillic)
                && chars.get(i + 1).copied().is_some_and(is_cyrillic);
            if matches!(c, '\'' | '’') && between {
                UK_APOSTROPHE
            } else {
                c
            }
        })
        .collect()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4FF}')
}

/// The first place where `text` breaks a rule of [`typeset`] for the
/// language `code`, as a few characters around it; `None` when it keeps
/// them all. Written apart from [`typeset`], as a reader would check a
/// page, so that the tests over the shipped texts can catch a text the pass
/// never saw as well as a fault in the pass. French elision takes the
/// typographic apostrophe ’, which writers type by hand (the pass leaves
/// apostrophes alone): an ASCII `'` between two letters is a fault.
///
/// ```
/// use portal::model::typography::fault;
/// assert_eq!(fault("fr", "Source : x"), Some("ource : x".to_owned()));
/// assert_eq!(fault("fr", "Source\u{202F}: x, 3:1, https://a.b/?c"), None);
/// assert_eq!(fault("uk", "пʼять і п'ять"), Some("ть і п'ять".to_owned()));
/// assert_eq!(fault("fr", "l’oblast et l'oblast"), Some("t et l'oblast".to_owned()));
/// ```
pub fn fault(code: &str, text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().enumerate().position(|(i, &c)| {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let relation_space = match code {
            "fr" => Some(NARROW_NBSP),
            "de" => Some(NBSP),
            _ => None,
        };
        if let (true, Some(space)) = (is_relation(c), relation_space) {
            let number_follows = next.is_some_and(|n| n.is_ascii_digit() || n.is_whitespace());
            return number_follows && next != Some(space);
        }
        match code {
            "fr" => match c {
                '«' => next != Some(NARROW_NBSP),
                '»' => prev != Some(NARROW_NBSP),
                ';' | ':' | '!' | '?' => {
                    let ends_phrase =
                        next.is_none_or(|n| n.is_whitespace() || ")»\"”.,!?".contains(n));
                    let after_sign = prev.is_some_and(|p| ";:!?".contains(p));
                    ends_phrase && !after_sign && prev != Some(NARROW_NBSP)
                }
                '\'' => {
                    prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic)
                }
                _ => false,
            },
            "uk" => {
                matches!(c, '\'' | '’')
                    && prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_alphabetic)
                    && (prev.is_some_and(is_cyrillic) || next.is_some_and(is_cyrillic))
            }
            _ => false,
        }
    })?;
    Some(
        chars[at.saturating_sub(6)..(at + 7).min(chars.len())]
            .iter()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: char = NARROW_NBSP;

    #[test]
    fn french_spaces_every_high_sign_and_guillemet() {
        for (written, set) in [
            ("Source : texte", format!("Source{N}: texte")),
            ("un ; deux", format!("un{N}; deux")),
            ("Vraiment ? Oui !", format!("Vraiment{N}? Oui{N}!")),
            ("« Déclaration »", format!("«{N}Déclaration{N}»")),
            ("«Déclaration»", format!("«{N}Déclaration{N}»")),
            ("«\u{A0}Déclaration\u{A0}»", format!("«{N}Déclaration{N}»")),
            ("Quoi?!", format!("Quoi{N}?!")),
            ("(voir ci-dessous :)", format!("(voir ci-dessous{N}:)")),
            ("fin :", format!("fin{N}:")),
        ] {
            assert_eq!(french(written), set, "{written:?}");
            assert_eq!(french(&set), set, "set twice: {written:?}");
            assert_eq!(fault("fr", &set), None, "{set:?}");
            assert!(
                fault("fr", written).is_some() || written == set,
                "{written:?}"
            );
        }
    }

    #[test]
    fn french_leaves_signs_inside_words_and_numbers() {
        for text in [
            "https://example.org/fr/statistics/?period=last-12",
            "un contraste de 3:1 et de 4,5:1",
            "ISO 3166-2:UA",
            "14:30",
            "",
        ] {
            assert_eq!(french(text), text);
            assert_eq!(fault("fr", text), None, "{text:?}");
        }
    }

    #[test]
    fn ukrainian_apostrophe_only_between_cyrillic_letters() {
        assert_eq!(
            ukrainian("Об'єднаних Націй, п’ять"),
            "Обʼєднаних Націй, пʼять"
        );
        assert_eq!(ukrainian("«ім'я»"), "«імʼя»");
        for text in ["'x'", "Ukraine's", "кінець'", "'початок"] {
            assert_eq!(ukrainian(text), text);
        }
        assert_eq!(fault("uk", "Обʼєднаних"), None);
        assert!(fault("uk", "Об'єднаних").is_some());
        assert_eq!(fault("uk", "'цитата'"), None);
    }

    #[test]
    fn a_bound_keeps_its_sign_in_french_and_german() {
        assert_eq!(
            typeset("fr", "(≥ 140 sur la carte)"),
            format!("(≥{N}140 sur la carte)")
        );
        assert_eq!(typeset("fr", "(≥140)"), format!("(≥{N}140)"));
        assert_eq!(typeset("de", "(≥ 140)"), "(≥\u{A0}140)");
        assert_eq!(typeset("uk", "(≥140)"), "(≥140)");
        assert!(fault("fr", "≥140").is_some() && fault("de", "≥ 140").is_some());
        assert_eq!(fault("de", "≥\u{A0}140"), None);
        assert_eq!(fault("en", "≥140"), None);
    }

    #[test]
    fn english_is_left_alone() {
        let text = "Source: “x” ? 'y' ≥ 1";
        assert_eq!(typeset("en", text), text);
        assert_eq!(fault("en", text), None);
        assert_eq!(typeset("de", "Quelle: „x“ ?"), "Quelle: „x“ ?");
    }
}
