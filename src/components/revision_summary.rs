use super::CountView;
use crate::locale::{td_string, Locale, Texts};
use crate::model::correction::Correction;
use crate::model::count::{Count, Total};
use crate::model::export::Measure;
use crate::model::format::{capitalised, colon, number, total_text};
use crate::model::revision::{CellChange, MeasureRevision, MethodChange, Revision};
use crate::model::typography::typeset;
use crate::model::Lang;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// How many of a release's largest revisions the releases page lists.
pub const LARGEST_REVISIONS: usize = 5;

/// The names of regions and types of violation in one language, by code.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub regions: BTreeMap<String, String>,
    pub categories: BTreeMap<String, String>,
}

impl Names {
    /// A region's name, or its code where the name is unknown.
    pub fn region(&self, code: &str) -> String {
        self.regions
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    /// A type's label, or its code where the label is unknown.
    pub fn category(&self, code: &str) -> String {
        self.categories
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }
}

/// What changed since the release before, in words and numbers, one
/// sentence a line: the weeks, each measure, the method. The releases page
/// and the feed say it alike.
pub fn revision_in_words(lang: Lang, revision: &Revision) -> Vec<String> {
    let locale = Locale::from(lang);
    let weeks = |weeks: &[crate::model::week::IsoWeek]| match weeks {
        [] => td_string!(locale, releases_none).to_owned(),
        weeks => weeks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    };
    let mut lines = vec![
        format!(
            "{}: {}.",
            td_string!(locale, releases_new_weeks),
            weeks(&revision.new_weeks)
        ),
        format!(
            "{}: {}.",
            td_string!(locale, releases_revised_weeks),
            weeks(&revision.revised_weeks)
        ),
    ];
    let texts = Texts::new(lang);
    lines.extend(
        Measure::ALL
            .iter()
            .zip(revision.measures.iter().zip(revision.totals))
            .map(|(&m, (change, totals))| {
                measure_in_words(lang, &capitalised(texts.measure(m)), change, totals)
            }),
    );
    if revision.methodology.is_empty() {
        lines.push(td_string!(locale, releases_method_same).to_owned());
    }
    lines.extend(
        revision
            .methodology
            .iter()
            .map(|change| method_in_words(lang, change)),
    );
    lines
        .into_iter()
        .map(|line| typeset(lang.code(), &line))
        .collect()
}

fn measure_in_words(
    lang: Lang,
    name: &str,
    change: &MeasureRevision,
    (before, after): (Total, Total),
) -> String {
    let locale = Locale::from(lang);
    let n = |n: usize| number(n as u64, lang);
    let by = |sign: &str, count: usize, by: u64| match count {
        0 => String::new(),
        _ => format!(" ({sign}{})", number(by, lang)),
    };
    let at_least = format!("{} ", td_string!(locale, stats_at_least));
    // French labels its counts with a colon each ("chiffres révisés à la
    // hausse : 0"), so a dash, not a second colon, follows the measure.
    let lead = match lang {
        Lang::Fr => " —",
        _ => ":",
    };
    format!(
        "{name}{lead} {} {}{}; {} {}{}; {} {}; {} {}; {} {} → {}.",
        td_string!(locale, releases_up),
        n(change.revised_up),
        by("+", change.revised_up, change.up_by),
        td_string!(locale, releases_down),
        n(change.revised_down),
        by("−", change.revised_down, change.down_by),
        td_string!(locale, releases_now_withheld),
        n(change.became_withheld),
        td_string!(locale, releases_first_published),
        n(change.first_published),
        td_string!(locale, releases_total),
        total_text(before, lang, &at_least),
        total_text(after, lang, &at_least),
    )
}

fn method_in_words(lang: Lang, change: &MethodChange) -> String {
    let locale = Locale::from(lang);
    let from_to = |label: &str, before: &dyn ToString, after: &dyn ToString| {
        format!("{label}: {} → {}.", before.to_string(), after.to_string())
    };
    let codes = |label: &str, added: &[String], removed: &[String]| {
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!(
                "{} {}",
                td_string!(locale, releases_added),
                added.join(", ")
            ));
        }
        if !removed.is_empty() {
            parts.push(format!(
                "{} {}",
                td_string!(locale, releases_removed),
                removed.join(", ")
            ));
        }
        format!("{label}: {}.", parts.join("; "))
    };
    match change {
        MethodChange::K { before, after } => {
            from_to(td_string!(locale, method_threshold), before, after)
        }
        MethodChange::MethodologyVersion { before, after } => from_to(
            td_string!(locale, releases_methodology_version),
            before,
            after,
        ),
        MethodChange::Licence { before, after } => {
            from_to(td_string!(locale, releases_licence), before, after)
        }
        MethodChange::FirstWeek { before, after } => {
            from_to(td_string!(locale, releases_first_week), before, after)
        }
        MethodChange::Regions { added, removed } => {
            codes(td_string!(locale, stats_regions), added, removed)
        }
        MethodChange::Categories { added, removed } => {
            codes(td_string!(locale, stats_categories), added, removed)
        }
        MethodChange::Outcomes { added, removed } => {
            codes(td_string!(locale, releases_outcomes), added, removed)
        }
        MethodChange::OpenByAge { published: true } => {
            td_string!(locale, releases_open_added).to_owned()
        }
        MethodChange::OpenByAge { published: false } => {
            td_string!(locale, releases_open_removed).to_owned()
        }
    }
}

/// The id of the line of a correction's `n`th figure, which the correction
/// links to.
pub fn figure_row_id(correction: &Correction, n: usize) -> String {
    format!("{}-figure-{}", correction.anchor(), n + 1)
}

/// One line of the revisions list: a changed count, or a count that a
/// correction names (with the correction's anchor and the row's id).
struct Row {
    measure: Measure,
    week: String,
    region: String,
    category: String,
    counts: Option<(Count, Count)>,
    correction: Option<(String, String)>,
}

impl Row {
    fn of(change: &CellChange) -> Row {
        Row {
            measure: change.measure,
            week: change.week.to_string(),
            region: change.region.clone(),
            category: change.category.clone(),
            counts: Some((change.before, change.after)),
            correction: None,
        }
    }
}

/// What changed since the release before: in words, then the largest
/// revisions and every count a correction of this release names, each
/// linking to its correction.
#[component]
pub fn RevisionSummary(
    lang: Lang,
    /// The release this one is compared with.
    previous: String,
    revision: Revision,
    /// The corrections this release carries.
    corrections: Vec<Correction>,
    names: Names,
    /// Makes the ids of the headings unique on the page.
    id: String,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let texts = Texts::new(lang);
    let lines = revision_in_words(lang, &revision)
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    let mut rows: Vec<Row> = revision
        .largest(LARGEST_REVISIONS)
        .into_iter()
        .map(Row::of)
        .collect();
    for correction in &corrections {
        for (n, f) in correction.figures.iter().enumerate() {
            let link = Some((correction.anchor(), figure_row_id(correction, n)));
            let week = f.week.to_string();
            let same = |r: &Row| {
                r.correction.is_none()
                    && (
                        r.measure,
                        r.week.as_str(),
                        r.region.as_str(),
                        r.category.as_str(),
                    ) == (
                        f.measure,
                        week.as_str(),
                        f.region.as_str(),
                        f.category.as_str(),
                    )
            };
            match rows.iter_mut().find(|r| same(r)) {
                Some(row) => row.correction = link,
                None => rows.push(Row {
                    measure: f.measure,
                    week,
                    region: f.region.clone(),
                    category: f.category.clone(),
                    counts: revision
                        .change_of(f.measure, f.week, &f.region, &f.category)
                        .map(|c| (c.before, c.after)),
                    correction: link,
                }),
            }
        }
    }
    let list = (!rows.is_empty()).then(|| {
        let items = rows
            .into_iter()
            .map(|row| {
                let (row_id, link) = match row.correction {
                    Some((anchor, row_id)) => (
                        Some(row_id),
                        Some(view! { " (" <a href=format!("#{anchor}")>{td_string!(locale, releases_see_correction)}</a> ")" }),
                    ),
                    None => (None, None),
                };
                let counts = match row.counts {
                    Some((before, after)) => view! {
                        <CountView lang=lang count=before/> " → " <CountView lang=lang count=after/>
                    }
                    .into_any(),
                    None => td_string!(locale, releases_unchanged).into_any(),
                };
                let figure = format!(
                    "{} · {} · {} · {}{}",
                    row.week,
                    names.region(&row.region),
                    names.category(&row.category),
                    texts.measure(row.measure),
                    colon(lang)
                );
                view! { <li id=row_id>{figure}{counts}{link}</li> }
            })
            .collect_view();
        let heading = format!("{id}-largest");
        view! {
            <h4 id=heading.clone()>{td_string!(locale, releases_largest)}</h4>
            <ul class="revisions" aria-labelledby=heading>{items}</ul>
        }
    });
    let no_revision = list
        .is_none()
        .then(|| view! { <p>{td_string!(locale, releases_no_revision)}</p> });
    let heading = format!("{id}-changes");
    view! {
        <section class="revision" aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{td_string!(locale, releases_changes)} " " <code>{previous}</code></h3>
            <ul class="revision__lines">{lines}</ul>
            <p class="revision__note">{td_string!(locale, releases_counts_note)}</p>
            {list}
            {no_revision}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_stay_bounds_and_withheld_totals_the_symbol_in_words() {
        let revision = Revision {
            measures: [MeasureRevision {
                revised_up: 2,
                up_by: 3,
                became_withheld: 1,
                ..MeasureRevision::default()
            }; 4],
            totals: [(Total::AtLeast(4475), Total::AtLeast(0)); 4],
            new_weeks: vec!["2026-W47".parse().unwrap()],
            revised_weeks: Vec::new(),
            changes: Vec::new(),
            methodology: vec![MethodChange::K {
                before: 5,
                after: 10,
            }],
        };
        let lines = revision_in_words(Lang::En, &revision);
        assert_eq!(
            lines[..3],
            [
                "New weeks: 2026-W47.",
                "Weeks with changed counts: none.",
                "Violations reported: revised up 2 (+3); revised down 0; now withheld 1; published for the first time 0; total over all weeks at least 4,475 → x.",
            ]
        );
        assert_eq!(lines[6..], ["Threshold k: 5 → 10."]);
        let uk = revision_in_words(Lang::Uk, &revision);
        assert!(uk[2].starts_with("Повідомлені порушення:"), "{}", uk[2]);
        assert!(uk[2].ends_with("щонайменше 4\u{a0}475 → x."), "{}", uk[2]);
    }
}
