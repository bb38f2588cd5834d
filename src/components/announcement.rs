use super::statistics_report::Labels;
use crate::locale::{Texts, T};
use crate::model::count::Total;
use crate::model::format::{colon, number};
use crate::model::query::{Period, Query, Report, Sort};
use crate::model::Lang;

/// The view the explorer shows, in one sentence for a screen reader's live
/// region: the period, the regions and the types, then each stage of the
/// funnel with its figure ("Last 12 weeks (2026-W36 – 2026-W47), Kharkiv
/// Oblast: violations reported: at least 1,234; verified by monitors: 456;
/// …"), and the table's order when that is what changed. A withheld figure
/// is said in words, never as a number.
pub fn announcement(
    t: &Texts,
    query: &Query,
    report: &Report,
    labels: &Labels,
    sort_changed: bool,
) -> String {
    let weeks = match (report.weekly.first(), report.weekly.last()) {
        (Some((first, _)), Some((last, _))) => format!("{first} – {last}"),
        _ => String::new(),
    };
    let preset = match query.period {
        Period::All => Some(T::stats_period_all),
        Period::Last(4) => Some(T::stats_last_4),
        Period::Last(12) => Some(T::stats_last_12),
        Period::Last(52) => Some(T::stats_last_52),
        _ => None,
    };
    let mut parts = vec![match preset {
        Some(key) => format!("{} ({weeks})", &t[key]),
        None => weeks,
    }];
    let chosen = |indices: &[usize], names: &[String], label: T| match indices.len() {
        1..=3 => indices
            .iter()
            // Strings, not `&str`, as in every other join in the wasm: one
            // copy of the join code.
            .map(|&i| names[i].clone())
            .collect::<Vec<_>>()
            .join(", "),
        n => format!(
            "{}{}{n} {} {}",
            &t[label],
            colon(t.lang),
            &t[T::method_of],
            names.len()
        ),
    };
    let selection = &report.selection;
    parts.push(match selection.regions.len() == labels.regions.len() {
        true => t[T::stats_all_regions].to_owned(),
        false => chosen(&selection.regions, &labels.regions, T::stats_regions),
    });
    if selection.categories.len() < labels.categories.len() {
        parts.push(chosen(
            &selection.categories,
            &labels.categories,
            T::stats_categories,
        ));
    }
    let figures = crate::model::export::Measure::ALL
        .into_iter()
        .zip(report.funnel)
        .map(|(measure, total)| {
            let value = match total {
                Total::Exact(n) => number(n, t.lang),
                Total::AtLeast(0) => t[T::stats_withheld].to_owned(),
                Total::AtLeast(n) => format!("{} {}", &t[T::stats_at_least], number(n, t.lang)),
            };
            format!("{}{}{value}", t.measure(measure), colon(t.lang))
        })
        .collect::<Vec<_>>()
        .join(match t.lang {
            Lang::Fr => "\u{202F}; ",
            _ => "; ",
        });
    let mut sentence = format!("{}{}{figures}.", parts.join(", "), colon(t.lang));
    if sort_changed {
        sentence.push(' ');
        sentence.push_str(&sort_order(t, query.sort));
    }
    sentence
}

/// The region table's order, as a sentence.
pub fn sort_order(t: &Texts, sort: Sort) -> String {
    let key = match sort {
        Sort::FigureDescending => T::stats_sorted_figure_desc,
        Sort::FigureAscending => T::stats_sorted_figure_asc,
        Sort::NameAscending => T::stats_sorted_name_asc,
        Sort::NameDescending => T::stats_sorted_name_desc,
    };
    format!("{}.", &t[key])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::export::Export;
    use crate::model::Lang;

    fn said(lang: Lang, search: &str, sort_changed: bool) -> String {
        let export = Export::shipped_sample();
        let (query, _) = Query::parse(search, &export);
        let report = export.report(&query.resolve(&export));
        announcement(
            &Texts::new(lang),
            &query,
            &report,
            &Labels::new(&export, lang),
            sort_changed,
        )
    }

    #[test]
    fn names_the_view_and_gives_every_stage_with_its_figure() {
        let export = Export::shipped_sample();
        let (query, _) = Query::parse("period=last-12&region=UA-63", &export);
        let report = export.report(&query.resolve(&export));
        let text = said(Lang::En, "period=last-12&region=UA-63", false);
        let (first, last) = (report.weekly[0].0, report.weekly[11].0);
        assert!(
            text.starts_with(&format!(
                "Last 12 weeks ({first} – {last}), Kharkiv Oblast: violations reported: "
            )),
            "{text}"
        );
        for stage in [
            "verified by monitors: ",
            "referred to the Special Commission: ",
            "concluded by the Commission: ",
        ] {
            assert!(text.contains(stage), "{stage} in {text}");
        }
        assert!(!text.contains("sorted"), "{text}");
        assert!(text.ends_with('.'), "{text}");
    }

    #[test]
    fn a_withheld_figure_is_said_in_words_and_a_bound_as_a_bound() {
        let export = Export::shipped_sample();
        let k = export.release.k;
        // Find views whose reported total is withheld and one that is a bound.
        let mut withheld = false;
        let mut bound = false;
        for region in &export.regions {
            for period in ["last-4", "all"] {
                let search = format!("period={period}&region={}", region.code);
                let (query, _) = Query::parse(&search, &export);
                let funnel = export.report(&query.resolve(&export)).funnel;
                let text = said(Lang::En, &search, false);
                for (measure, total) in ["violations reported", "verified by monitors"]
                    .iter()
                    .zip(funnel)
                {
                    match total {
                        Total::AtLeast(0) => {
                            withheld = true;
                            assert!(
                                text.contains(&format!("{measure}: withheld to protect people")),
                                "{text}"
                            );
                        }
                        Total::AtLeast(n) => {
                            bound = true;
                            assert!(n >= u64::from(k));
                            assert!(
                                text.contains(&format!(
                                    "{measure}: at least {}",
                                    number(n, Lang::En)
                                )),
                                "{text}"
                            );
                        }
                        Total::Exact(n) => {
                            assert!(
                                text.contains(&format!("{measure}: {}", number(n, Lang::En))),
                                "{text}"
                            )
                        }
                    }
                }
            }
        }
        assert!(withheld && bound, "the sample has both kinds of figure");
    }

    #[test]
    fn many_regions_are_counted_and_a_changed_order_is_said() {
        let text = said(
            Lang::De,
            "region=UA-05,UA-07,UA-09,UA-12&category=mortar&sort=name-asc",
            true,
        );
        assert!(text.contains("Regionen: 4 von 27"), "{text}");
        assert!(text.contains("Mörserbeschuss"), "{text}");
        assert!(
            text.ends_with(&format!(
                "{}.",
                &Texts::new(Lang::De)[T::stats_sorted_name_asc]
            )),
            "{text}"
        );
        for lang in Lang::ALL {
            let text = said(lang, "", false);
            assert!(
                text.starts_with(&Texts::new(lang)[T::stats_period_all]),
                "{text}"
            );
            assert!(
                text.contains(&Texts::new(lang)[T::stats_all_regions]),
                "{text}"
            );
        }
    }
}
