//! Citations of one figure of the statistics: what it counts, in a
//! canonical form that no language changes, its value as published, and
//! the fingerprint that ties both to the release they come from.
//!
//! The fingerprint is the SHA-256 of [`Figure::canonical`]: six lines,
//! each ended by a line feed, in UTF-8:
//!
//! ```text
//! release=<the release's fingerprint, `release.sha256` in its export.json>
//! measure=<reported | verified | referred | concluded>
//! regions=<all | the ISO 3166-2:UA codes, sorted, comma-separated>
//! categories=<all | the export's type codes, sorted, comma-separated>
//! weeks=<first ISO week>/<last ISO week>
//! value=<the number | at-least <the number> | withheld>
//! ```
//!
//! so `printf '%s\n' 'release=…' 'measure=reported' … | sha256sum` gives it
//! ([`Figure::command`] writes that command). The same figure cited from a
//! page in any language, or through any URL that selects the same weeks
//! (`period=last-4` or `from=…&to=…`), has the same fingerprint; another
//! release, another selection or another value has another.

use super::count::Total;
use super::export::{measure_name, Measure};
use super::format::{colon, number};
use super::query::Codes;
use super::week::IsoWeek;
use super::Lang;

/// What a figure counts: one measure over some regions, some types of
/// violation and a run of weeks. Regions and types are the export's codes
/// (sorted, as [`Codes`] keeps them); none means all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub measure: Measure,
    pub regions: Codes,
    pub categories: Codes,
    /// The first and the last week, both included.
    pub weeks: (IsoWeek, IsoWeek),
}

/// The export's codes of regions or of types, and their names in one
/// language, in the export's order.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub codes: &'a [String],
    pub names: &'a [String],
}

impl Named<'_> {
    /// The name of `code` (the code itself, should the export lack it).
    fn name<'a>(&'a self, code: &'a str) -> &'a str {
        self.codes
            .iter()
            .position(|c| c == code)
            .and_then(|i| self.names.get(i))
            .map_or(code, String::as_str)
    }
}

/// The words of a citation in one language.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    /// The portal's name: the citation is of the portal, not of any
    /// official document.
    pub portal: &'a str,
    /// "Data release".
    pub release: &'a str,
    /// "data as of", and the release's data-as-of date as the language
    /// writes dates.
    pub as_of: &'a str,
    pub date: &'a str,
    /// The measure's name ("violations reported").
    pub measure: &'a str,
    pub all_regions: &'a str,
    pub all_types: &'a str,
    /// "period", before the first and the last week.
    pub period: &'a str,
    pub at_least: &'a str,
    /// What a withheld figure is called ("withheld to protect people").
    pub withheld: &'a str,
    /// The sample-data label, for a release of synthetic figures.
    pub sample: Option<&'a str>,
}

impl Figure {
    /// `measure` over every region and every type of violation in the
    /// weeks `weeks`: a headline figure.
    pub fn everywhere(measure: Measure, weeks: (IsoWeek, IsoWeek)) -> Figure {
        Figure {
            measure,
            regions: Codes::default(),
            categories: Codes::default(),
            weeks,
        }
    }

    /// The canonical definition and value behind the fingerprint (see the
    /// module's documentation), for the release whose fingerprint is
    /// `release_sha256`.
    ///
    /// ```
    /// use portal::model::citation::Figure;
    /// use portal::model::count::Total;
    /// use portal::model::export::Measure;
    /// use portal::model::week::IsoWeek;
    /// let figure = Figure {
    ///     measure: Measure::Reported,
    ///     regions: ["UA-32".to_owned(), "UA-14".to_owned()].into(),
    ///     categories: Default::default(),
    ///     weeks: (IsoWeek::new(2026, 10).unwrap(), IsoWeek::new(2026, 13).unwrap()),
    /// };
    /// assert_eq!(
    ///     figure.canonical("ab12", Total::AtLeast(140)),
    ///     "release=ab12\nmeasure=reported\nregions=UA-14,UA-32\ncategories=all\nweeks=2026-W10/2026-W13\nvalue=at-least 140\n",
    /// );
    /// ```
    pub fn canonical(&self, release_sha256: &str, value: Total) -> String {
        let list = |codes: &Codes| match codes.is_empty() {
            true => "all".to_owned(),
            false => codes.joined(","),
        };
        let value = match value {
            Total::Exact(n) => n.to_string(),
            Total::AtLeast(0) => "withheld".to_owned(),
            Total::AtLeast(n) => format!("at-least {n}"),
        };
        format!(
            "release={release_sha256}\nmeasure={}\nregions={}\ncategories={}\nweeks={}/{}\nvalue={value}\n",
            measure_name(self.measure),
            list(&self.regions),
            list(&self.categories),
            self.weeks.0,
            self.weeks.1,
        )
    }

    /// The shell command that recomputes the fingerprint of `canonical`
    /// (as [`Figure::canonical`] writes it) with standard tools. The
    /// canonical form holds no quote, so each line goes in single quotes
    /// as it is.
    ///
    /// ```
    /// use portal::model::citation::Figure;
    /// assert_eq!(
    ///     Figure::command("release=ab\nvalue=at-least 7\n"),
    ///     "printf '%s\\n' 'release=ab' 'value=at-least 7' | sha256sum",
    /// );
    /// ```
    pub fn command(canonical: &str) -> String {
        let lines: Vec<String> = canonical.lines().map(|l| format!("'{l}'")).collect();
        format!("printf '%s\\n' {} | sha256sum", lines.join(" "))
    }

    /// What the figure counts, in words: the measure; the regions or all
    /// of them; the types or all of them; the weeks. Names are the
    /// export's, in the page's language (`lang`). The parts are set apart
    /// by semicolons, as the names of regions are by commas.
    ///
    /// ```
    /// # use portal::model::citation::*;
    /// # use portal::model::export::Measure;
    /// # use portal::model::week::IsoWeek;
    /// # use portal::model::Lang;
    /// let codes = ["UA-30".to_owned(), "UA-46".to_owned()];
    /// let names = ["Kyiv".to_owned(), "Lviv Oblast".to_owned()];
    /// let regions = Named { codes: &codes, names: &names };
    /// let types = Named { codes: &[], names: &[] };
    /// let week = IsoWeek::new(2026, 10).unwrap();
    /// let figure = Figure { measure: Measure::Reported, regions: ["UA-46".to_owned()].into(), categories: Default::default(), weeks: (week, week) };
    /// let words = Words { portal: "P", release: "Data release", as_of: "data as of", date: "1 May 2026",
    ///     measure: "violations reported", all_regions: "all regions", all_types: "all types of violation",
    ///     period: "period", at_least: "at least", withheld: "withheld", sample: None };
    /// assert_eq!(figure.definition(Lang::En, (regions, types), &words), "violations reported; Lviv Oblast; all types of violation; period 2026-W10");
    /// ```
    pub fn definition(
        &self,
        lang: Lang,
        (regions, types): (Named, Named),
        words: &Words,
    ) -> String {
        // German names carry soft hyphens for narrow columns: a copied
        // citation must not.
        let mut out: String = words.measure.chars().filter(|&c| c != '\u{ad}').collect();
        for (codes, named, all) in [
            (&self.regions, regions, words.all_regions),
            (&self.categories, types, words.all_types),
        ] {
            out.push_str(semicolon(lang));
            if codes.is_empty() {
                out.push_str(all);
            }
            for (i, code) in codes.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(named.name(code));
            }
        }
        let (first, last) = self.weeks;
        out.push_str(semicolon(lang));
        out.push_str(words.period);
        out.push(' ');
        out.push_str(&first.to_string());
        if first != last {
            out.push_str(" – ");
            out.push_str(&last.to_string());
        }
        out
    }
}

/// The semicolon between the parts of a definition, with the narrow
/// no-break space French puts before it.
fn semicolon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{202F}; ",
        _ => "; ",
    }
}

/// A figure's value as published, in words: the number, "at least" and
/// the number for a bound, and for a withheld figure what it is, never a
/// number.
///
/// ```
/// # use portal::model::citation::value_words;
/// # use portal::model::count::Total;
/// # use portal::model::Lang;
/// assert_eq!(value_words(Total::Exact(1200), Lang::En, "at least", "withheld"), "1,200");
/// assert_eq!(value_words(Total::AtLeast(140), Lang::En, "at least", "withheld"), "at least 140");
/// assert_eq!(value_words(Total::AtLeast(0), Lang::En, "at least", "withheld"), "withheld");
/// ```
pub fn value_words(value: Total, lang: Lang, at_least: &str, withheld: &str) -> String {
    match value {
        Total::Exact(n) => number(n, lang),
        Total::AtLeast(0) => withheld.to_owned(),
        Total::AtLeast(n) => format!("{at_least} {}", number(n, lang)),
    }
}

/// The citation of a figure in plain text, in the page's language
/// (`lang`): the portal first, then the release and its data-as-of date,
/// the figure's definition and its value, the sample-data label where the
/// figures are synthetic, and the permalink `url`. The fingerprint follows
/// it on the page, in its own element, since the browser computes it
/// after the text is written.
///
/// ```
/// # use portal::model::citation::*;
/// # use portal::model::count::Total;
/// # use portal::model::Lang;
/// let words = Words { portal: "Portal", release: "Data release", as_of: "data as of", date: "1 May 2026",
///     measure: "violations reported", all_regions: "all regions", all_types: "all types",
///     period: "period", at_least: "at least", withheld: "withheld", sample: Some("Sample data") };
/// assert_eq!(
///     citation(Lang::En, &words, "r-1", "violations reported; all regions; all types; period 2026-W10", Total::AtLeast(7), "https://p.example/en/statistics/?release=r-1#figure-reported"),
///     "Portal (Data release r-1, data as of 1 May 2026): violations reported; all regions; all types; period 2026-W10: at least 7. Sample data. https://p.example/en/statistics/?release=r-1#figure-reported",
/// );
/// ```
pub fn citation(
    lang: Lang,
    words: &Words,
    release_id: &str,
    definition: &str,
    value: Total,
    url: &str,
) -> String {
    let sample = words
        .sample
        .map(|label| format!(" {label}."))
        .unwrap_or_default();
    format!(
        "{} ({} {release_id}, {} {}){}{definition}{}{}.{sample} {url}",
        words.portal,
        words.release,
        words.as_of,
        words.date,
        colon(lang),
        colon(lang),
        value_words(value, lang, words.at_least, words.withheld),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(n: u32) -> IsoWeek {
        IsoWeek::new(2026, n).expect("a week")
    }

    fn codes(codes: &[&str]) -> Codes {
        codes.iter().map(|c| c.to_string()).collect()
    }

    fn figure() -> Figure {
        Figure {
            measure: Measure::Verified,
            regions: codes(&["UA-09"]),
            categories: codes(&["small-arms", "mortar"]),
            weeks: (week(10), week(20)),
        }
    }

    /// Exact, bound and withheld values each have their own canonical
    /// value; a withheld figure is never written as a number.
    #[test]
    fn the_canonical_form_says_how_a_value_was_published() {
        let head = "release=f00d\nmeasure=verified\nregions=UA-09\ncategories=mortar,small-arms\nweeks=2026-W10/2026-W20\n";
        for (value, line) in [
            (Total::Exact(0), "value=0\n"),
            (Total::Exact(1234), "value=1234\n"),
            (Total::AtLeast(1234), "value=at-least 1234\n"),
            (Total::AtLeast(0), "value=withheld\n"),
        ] {
            assert_eq!(figure().canonical("f00d", value), format!("{head}{line}"));
        }
    }

    /// The fingerprint changes with every part: the release, the measure,
    /// the regions, the types, the weeks and the value, and a bound is not
    /// the exact figure of the same number.
    #[test]
    fn every_part_changes_the_fingerprint() {
        let base = figure();
        let value = Total::Exact(12);
        let print = |f: &Figure, release: &str, v: Total| {
            crate::model::digest::sha256_hex(f.canonical(release, v).as_bytes())
        };
        let reference = print(&base, "f00d", value);
        let mut others = vec![
            print(&base, "f00e", value),
            print(&base, "f00d", Total::AtLeast(12)),
            print(&base, "f00d", Total::AtLeast(0)),
            print(&base, "f00d", Total::Exact(13)),
        ];
        let changed: [&dyn Fn(&mut Figure); 5] = [
            &|f| f.measure = Measure::Reported,
            &|f| f.regions = Codes::default(),
            &|f| f.categories = codes(&["mortar"]),
            &|f| f.weeks.0 = week(11),
            &|f| f.weeks.1 = week(19),
        ];
        for change in changed {
            let mut f = base.clone();
            change(&mut f);
            others.push(print(&f, "f00d", value));
        }
        for other in &others {
            assert_ne!(other, &reference);
        }
        // The order in which regions and types were chosen does not matter.
        let mut reordered = base.clone();
        reordered.categories = codes(&["mortar", "small-arms"]);
        assert_eq!(print(&reordered, "f00d", value), reference);
    }

    /// What `sha256sum` prints for the command is the fingerprint the
    /// portal computes (where the machine has a shell and `sha256sum`).
    #[test]
    fn the_published_command_recomputes_the_fingerprint() {
        let canonical = figure().canonical("f00d", Total::AtLeast(7));
        let Ok(output) = std::process::Command::new("sh")
            .arg("-c")
            .arg(Figure::command(&canonical))
            .output()
        else {
            return;
        };
        let printed = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            printed.split_whitespace().next(),
            Some(crate::model::digest::sha256_hex(canonical.as_bytes()).as_str()),
            "{}",
            Figure::command(&canonical)
        );
    }
}
