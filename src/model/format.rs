//! Locale-aware formatting of dates and numbers for display.

use super::Lang;
use chrono::{Datelike, NaiveDate};

/// A calendar date written out as readers of `lang` expect it; the first
/// of the month is "1er" in French.
///
/// ```
/// use chrono::NaiveDate;
/// use portal::model::{format::long_date, Lang};
/// let d = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
/// assert_eq!(long_date(d, Lang::De), "6. Januar 2026");
/// assert_eq!(long_date(d, Lang::Uk), "6 січня 2026 р.");
/// let first = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
/// assert_eq!(long_date(first, Lang::Fr), "1er mars 2026");
/// ```
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let (day, year) = (date.day(), date.year());
    let month = month_name(date.month0() as usize, lang);
    match lang {
        Lang::Uk => format!("{day} {month} {year} р."),
        Lang::De => format!("{day}. {month} {year}"),
        Lang::Fr if day == 1 => format!("1er {month} {year}"),
        Lang::En | Lang::Fr => format!("{day} {month} {year}"),
    }
}

/// The days of an ISO week, as a reader who does not know the numbering
/// needs them: "12–18 January 2026", "29 December 2025 – 4 January 2026";
/// French says "du 12 au 18 janvier 2026".
///
/// ```
/// use portal::model::{format::week_days, week::IsoWeek, Lang};
/// let w3: IsoWeek = "2026-W03".parse().unwrap();
/// assert_eq!(week_days(w3, Lang::En), "12–18 January 2026");
/// assert_eq!(week_days(w3, Lang::De), "12.–18. Januar 2026");
/// let w1: IsoWeek = "2026-W01".parse().unwrap();
/// assert_eq!(week_days(w1, Lang::Fr), "du 29 décembre 2025 au 4 janvier 2026");
/// ```
pub fn week_days(week: super::week::IsoWeek, lang: Lang) -> String {
    let monday = week.monday();
    let sunday = monday + chrono::Days::new(6);
    let last = long_date(sunday, lang);
    let one_month = monday.month() == sunday.month();
    let first = match (lang, one_month, monday.day()) {
        (_, false, _) => long_date(monday, lang),
        (Lang::De, true, day) => format!("{day}."),
        (Lang::Fr, true, 1) => "1er".to_owned(),
        (_, true, day) => day.to_string(),
    };
    match (lang, one_month) {
        (Lang::Fr, _) => format!("du {first} au {last}"),
        (_, true) => format!("{first}–{last}"),
        (_, false) => format!("{first} – {last}"),
    }
}

/// The text with its first letter in upper case, to begin a line, a
/// column or a legend entry.
///
/// ```
/// use portal::model::format::capitalised;
/// assert_eq!(capitalised("повідомлені порушення"), "Повідомлені порушення");
/// assert_eq!(capitalised("émises"), "Émises");
/// ```
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The colon that introduces what follows a label ("Source: …"), with the
/// narrow no-break space French puts before it.
///
/// ```
/// use portal::model::{format::colon, Lang};
/// assert_eq!(format!("Source{}x", colon(Lang::En)), "Source: x");
/// assert_eq!(format!("Source{}x", colon(Lang::Fr)), "Source\u{202F}: x");
/// ```
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{202F}: ",
        _ => ": ",
    }
}

/// The minus sign (U+2212), not the hyphen-minus of ASCII.
pub const MINUS: char = '\u{2212}';

/// A change in whole per cent with its sign (the minus sign for a fall,
/// none for no change) and the per cent sign as `lang` sets it: "+12%" in
/// English, "+12 %" with a no-break space in Ukrainian and German, with a
/// narrow no-break space in French.
///
/// ```
/// use portal::model::{format::percent, Lang};
/// assert_eq!(percent(12, Lang::En), "+12%");
/// assert_eq!(percent(-3, Lang::De), "\u{2212}3\u{a0}%");
/// assert_eq!(percent(0, Lang::Fr), "0\u{202f}%");
/// ```
pub fn percent(change: i64, lang: Lang) -> String {
    let sign = match change.signum() {
        1 => "+",
        -1 => "\u{2212}",
        _ => "",
    };
    let space = match lang {
        Lang::En => "",
        Lang::Uk | Lang::De => "\u{a0}",
        Lang::Fr => "\u{202f}",
    };
    format!("{sign}{}{space}%", change.unsigned_abs())
}

/// `x` to one decimal place with the decimal separator of `lang`: a point
/// in English, a comma in Ukrainian, German and French; the minus sign for
/// a negative value.
///
/// ```
/// use portal::model::{format::decimal, Lang};
/// assert_eq!(decimal(12.34, Lang::En), "12.3");
/// assert_eq!(decimal(12.35, Lang::Uk), "12,4");
/// assert_eq!(decimal(-0.5, Lang::Fr), "\u{2212}0,5");
/// ```
pub fn decimal(x: f64, lang: Lang) -> String {
    let point = if lang == Lang::En { '.' } else { ',' };
    one_decimal(x, point, MINUS)
}

/// `x` to one decimal place, rounded half away from zero, with `point`
/// between the units and the tenths and `minus` before a negative value
/// ([`decimal`] for readers, `'.'` and `'-'` for SVG coordinates). Written
/// from whole tenths, not with `{:.1}`: the standard library's float
/// printing cost the wasm 7.6 KB compressed.
///
/// ```
/// use portal::model::format::one_decimal;
/// assert_eq!(one_decimal(199.96, '.', '-'), "200.0");
/// assert_eq!(one_decimal(-1.25, '.', '-'), "-1.3");
/// ```
pub fn one_decimal(x: f64, point: char, minus: char) -> String {
    let tenths = (x * 10.0).round();
    let negative = tenths < 0.0;
    let tenths = tenths.abs() as u64;
    let mut out = String::new();
    if negative {
        out.push(minus);
    }
    out.push_str(&format!("{}{point}{}", tenths / 10, tenths % 10));
    out
}

/// `text` in the quotation marks of `lang`: “…” in English, «…» in
/// Ukrainian, „…“ in German and « … » in French, with narrow no-break
/// spaces inside.
///
/// ```
/// use portal::model::{format::quoted, Lang};
/// assert_eq!(quoted(Lang::De, "Pariser Erklärung"), "„Pariser Erklärung“");
/// assert_eq!(quoted(Lang::Fr, "Déclaration"), "«\u{202F}Déclaration\u{202F}»");
/// ```
pub fn quoted(lang: Lang, text: &str) -> String {
    let (open, close) = match lang {
        Lang::En => ("“", "”"),
        Lang::Uk => ("«", "»"),
        Lang::De => ("„", "“"),
        Lang::Fr => ("«\u{202F}", "\u{202F}»"),
    };
    format!("{open}{text}{close}")
}

/// The full stop that ends a sentence after `text`, unless `text` already
/// ends with one (a Ukrainian date ends in "р.").
///
/// ```
/// use portal::model::format::full_stop_after;
/// assert_eq!(full_stop_after("22 November 2026"), ".");
/// assert_eq!(full_stop_after("22 листопада 2026 р."), "");
/// ```
pub fn full_stop_after(text: &str) -> &'static str {
    if text.ends_with('.') {
        ""
    } else {
        "."
    }
}

/// A label written to stand alone ("Final text"), as it reads inside a
/// sentence: its first letter in lower case, except in German, whose nouns
/// keep their capital.
///
/// ```
/// use portal::model::{format::in_sentence, Lang};
/// assert_eq!(in_sentence(Lang::Uk, "Остаточний текст"), "остаточний текст");
/// assert_eq!(in_sentence(Lang::De, "Endfassung"), "Endfassung");
/// ```
pub fn in_sentence(lang: Lang, label: &str) -> String {
    let mut chars = label.chars();
    match (lang, chars.next()) {
        (Lang::De, _) | (_, None) => label.to_owned(),
        (_, Some(first)) => first.to_lowercase().chain(chars).collect(),
    }
}

/// The sign a map tile puts before a bound ("≥140"): in German with a
/// no-break space, in French with a narrow one, as their typography sets a
/// relation sign apart from its number.
///
/// ```
/// use portal::model::{format::at_least_sign, Lang};
/// assert_eq!(at_least_sign(Lang::En), "≥");
/// assert_eq!(at_least_sign(Lang::Fr), "≥\u{202f}");
/// ```
pub fn at_least_sign(lang: Lang) -> &'static str {
    match lang {
        Lang::En | Lang::Uk => "≥",
        Lang::De => "≥\u{a0}",
        Lang::Fr => "≥\u{202f}",
    }
}

/// A figure as text: the number when exact, `prefix` and the published part
/// when it is a bound ("at least 140", "≥140"), the suppression symbol when
/// nothing of it is published.
///
/// ```
/// use portal::model::count::Total;
/// use portal::model::{format::total_text, Lang};
/// assert_eq!(total_text(Total::Exact(1200), Lang::En, "at least "), "1,200");
/// assert_eq!(total_text(Total::AtLeast(140), Lang::En, "≥"), "≥140");
/// assert_eq!(total_text(Total::AtLeast(0), Lang::En, "≥"), "x");
/// ```
pub fn total_text(total: super::count::Total, lang: Lang, prefix: &str) -> String {
    use super::count::{Total, SUPPRESSED_SYMBOL};
    match total {
        Total::Exact(n) => number(n, lang),
        Total::AtLeast(0) => SUPPRESSED_SYMBOL.to_owned(),
        Total::AtLeast(n) => format!("{prefix}{}", number(n, lang)),
    }
}

/// A whole number with the digit grouping readers of `lang` expect: a
/// comma in English, a full stop in German, a (no-break) space in French and
/// Ukrainian.
///
/// ```
/// use portal::model::{format::number, Lang};
/// assert_eq!(number(8102, Lang::En), "8,102");
/// assert_eq!(number(1234567, Lang::De), "1.234.567");
/// assert_eq!(number(8102, Lang::Fr), "8\u{202f}102");
/// assert_eq!(number(8102, Lang::Uk), "8\u{a0}102");
/// assert_eq!(number(999, Lang::En), "999");
/// ```
pub fn number(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::En => ",",
        Lang::De => ".",
        Lang::Fr => "\u{202f}",
        Lang::Uk => "\u{a0}",
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(d);
    }
    out
}

/// A key that sorts names in the alphabetical order of their language, for
/// the letters the portal's lists contain: accented Latin letters with their
/// base letter, and the Ukrainian letters Ґ, Є, І, Ї after Г, Е, И, І (where
/// code points would put І before А).
///
/// ```
/// use portal::model::format::sort_key;
/// let mut names = vec!["Італія", "Австрія", "Японія", "Естонія"];
/// names.sort_by_key(|n| sort_key(n));
/// assert_eq!(names, ["Австрія", "Естонія", "Італія", "Японія"]);
/// let mut names = vec!["Zypern", "Österreich", "Polen"];
/// names.sort_by_key(|n| sort_key(n));
/// assert_eq!(names, ["Österreich", "Polen", "Zypern"]);
/// let mut names = vec!["Oblast Winnyzja", "Sewastopol", "Oblast Charkiw", "Kyjiw"];
/// names.sort_by_key(|n| sort_key(n));
/// assert_eq!(names, ["Oblast Charkiw", "Kyjiw", "Sewastopol", "Oblast Winnyzja"]);
/// let mut names = vec!["Oblast de Vinnytsia", "Oblast d’Odessa", "Kyiv"];
/// names.sort_by_key(|n| sort_key(n));
/// assert_eq!(names, ["Kyiv", "Oblast d’Odessa", "Oblast de Vinnytsia"]);
/// ```
///
/// A word that only says what kind of region a name is comes first in
/// German and French labels ("Oblast Winnyzja", "Oblast d’Odessa") and
/// before the two Ukrainian cities ("м. Київ"): it is left out of the key,
/// so that a list sorted by name is sorted by the names.
pub fn sort_key(name: &str) -> String {
    const AFTER: char = '\u{10FFFF}';
    const GENERIC: [&str; 4] = ["oblast de ", "oblast d’", "oblast ", "м. "];
    let lower: String = name.chars().map(lowercase).collect();
    let name = GENERIC
        .iter()
        .find_map(|word| lower.strip_prefix(word))
        .unwrap_or(&lower);
    let mut key = String::with_capacity(name.len() * 2);
    for c in name.chars() {
        match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => key.push('a'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'í' | 'ì' | 'î' | 'ï' => key.push('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => key.push('o'),
            'ú' | 'ù' | 'û' | 'ü' => key.push('u'),
            'ç' => key.push('c'),
            'ß' => key.push_str("ss"),
            'ґ' => key.extend(['г', AFTER]),
            'є' => key.extend(['е', AFTER]),
            'і' => key.extend(['и', AFTER]),
            'ї' => key.extend(['и', AFTER, AFTER]),
            other => key.push(other),
        }
    }
    key
}

/// The lowercase of a Latin (Basic, Latin-1, Extended-A) or Cyrillic
/// letter, any other character as it is: what [`sort_key`] needs, without
/// the whole Unicode case table that `char::to_lowercase` brings into the
/// wasm (about 5 KB compressed).
fn lowercase(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xDE if u != 0xD7 => u + 32,
        0x130 => 0x69,
        0x178 => 0xFF,
        0x100..=0x137 | 0x14A..=0x177 | 0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F
            if u.is_multiple_of(2) =>
        {
            u + 1
        }
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE if !u.is_multiple_of(2) => u + 1,
        0x4C0 => 0x4CF,
        0x400..=0x40F => u + 80,
        0x410..=0x42F => u + 32,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

fn month_name(month0: usize, lang: Lang) -> &'static str {
    const UK: [&str; 12] = [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let names = match lang {
        Lang::Uk => &UK,
        Lang::En => &EN,
        Lang::De => &DE,
        Lang::Fr => &FR,
    };
    names[month0 % 12]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_agrees_with_unicode_for_latin_and_cyrillic() {
        for c in ('\0'..='\u{17F}')
            .chain('\u{400}'..='\u{52F}')
            .filter(|&c| c != '\u{130}')
        {
            let mut expected = c.to_lowercase();
            let expected = if expected.len() == 1 {
                expected.next().unwrap()
            } else {
                c
            };
            assert_eq!(lowercase(c), expected, "{c} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_language_writes_the_month_out() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(long_date(d, Lang::En), "22 November 2026");
        assert_eq!(long_date(d, Lang::Fr), "22 novembre 2026");
        assert_eq!(long_date(d, Lang::De), "22. November 2026");
        assert_eq!(long_date(d, Lang::Uk), "22 листопада 2026 р.");
    }

    #[test]
    fn december_and_january_are_at_the_ends() {
        let dec = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        assert_eq!(long_date(dec, Lang::Fr), "31 décembre 2025");
        let jan = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(long_date(jan, Lang::En), "1 January 2026");
    }

    #[test]
    fn only_french_writes_the_first_of_the_month_as_an_ordinal() {
        let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(long_date(first, Lang::Fr), "1er janvier 2026");
        assert_eq!(long_date(first, Lang::De), "1. Januar 2026");
        assert_eq!(long_date(first, Lang::Uk), "1 січня 2026 р.");
        let second = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(long_date(second, Lang::Fr), "2 janvier 2026");
        let june: crate::model::week::IsoWeek = "2026-W23".parse().unwrap();
        assert_eq!(week_days(june, Lang::Fr), "du 1er au 7 juin 2026");
        assert_eq!(week_days(june, Lang::Uk), "1–7 червня 2026 р.");
    }

    #[test]
    fn percent_signs_and_spaces_by_language() {
        for (lang, rise, fall) in [
            (Lang::En, "+12%", "\u{2212}40%"),
            (Lang::Uk, "+12\u{a0}%", "\u{2212}40\u{a0}%"),
            (Lang::De, "+12\u{a0}%", "\u{2212}40\u{a0}%"),
            (Lang::Fr, "+12\u{202f}%", "\u{2212}40\u{202f}%"),
        ] {
            assert_eq!(percent(12, lang), rise, "{lang}");
            assert_eq!(percent(-40, lang), fall, "{lang}");
            assert!(
                !percent(-40, lang).contains('-'),
                "{lang}: a hyphen for minus"
            );
        }
    }

    #[test]
    fn decimal_comma_except_in_english() {
        for (lang, written) in [
            (Lang::En, "2.3"),
            (Lang::Uk, "2,3"),
            (Lang::De, "2,3"),
            (Lang::Fr, "2,3"),
        ] {
            assert_eq!(decimal(2.25, lang), written, "{lang}");
        }
        assert_eq!(
            decimal(-0.04, Lang::En),
            "0.0",
            "no minus for a rounded zero"
        );
    }

    #[test]
    fn bounds_on_the_map_by_language() {
        use crate::model::count::Total;
        let bound = Total::AtLeast(1400);
        let shown = |lang| total_text(bound, lang, at_least_sign(lang));
        assert_eq!(shown(Lang::En), "≥1,400");
        assert_eq!(shown(Lang::Uk), "≥1\u{a0}400");
        assert_eq!(shown(Lang::De), "≥\u{a0}1.400");
        assert_eq!(shown(Lang::Fr), "≥\u{202f}1\u{202f}400");
    }
}
