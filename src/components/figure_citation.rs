//! "Cite this figure": a disclosure under a figure of the statistics with
//! its citation in the page's language, a link pinned to its release and
//! view, and its fingerprint (`model::citation`). Written as HTML by the
//! same writer as the figures, so the prerendered page and the explorer's
//! views carry the same disclosure; without JavaScript it is a plain
//! `<details>`.

use super::html::Html;
use crate::components::explorer_contract::CANONICAL;
use crate::locale::{Texts, T};
use crate::model::citation::{citation, Figure, Named, Words};
use crate::model::count::Total;
use crate::model::export::{measure_name, Export, Measure};
use crate::model::format::long_date;
use crate::model::query::{Query, Sort};
use crate::model::{Page, Route};
use chrono::NaiveDate;

/// What every citation of one view shares: the release and the view.
#[derive(Debug, Clone)]
pub struct Cite {
    /// The site's URL, its origin and base path (`https://example.org`,
    /// `https://example.org/portal`), for the permalinks.
    pub origin: String,
    pub release_id: String,
    /// The release's fingerprint, which every figure's covers.
    pub release_sha256: String,
    pub data_as_of: NaiveDate,
    pub sample: bool,
    /// The view's query string, pinned to the release, without the table's
    /// order (the permalink's query).
    pub view: String,
    /// SHA-256 in hex, where it can be computed as the HTML is written
    /// (natively). In the browser it is `None`: the canonical form goes
    /// into the page and the explorer has the browser compute it.
    pub hash: Option<fn(&[u8]) -> String>,
}

impl Cite {
    /// The citations of `query`'s view of `export`, for the site at
    /// `origin`.
    pub fn new(
        export: &Export,
        query: &Query,
        origin: String,
        hash: Option<fn(&[u8]) -> String>,
    ) -> Cite {
        let r = &export.release;
        let pinned = Query {
            release: Some(r.release_id.clone()),
            sort: Sort::default(),
            ..query.clone()
        };
        Cite {
            origin,
            release_id: r.release_id.clone(),
            release_sha256: r.sha256.clone(),
            data_as_of: r.data_as_of,
            sample: r.sample,
            view: pinned.to_query_string(),
            hash,
        }
    }
}

/// One figure to cite: what it counts, its value as published, its
/// anchor in the view (`figure-reported`, `region-UA-14`), and its name,
/// which tells whoever hears the disclosure's button out of its context
/// which figure it cites.
pub struct Cited<'a> {
    pub figure: Figure,
    pub value: Total,
    pub anchor: &'a str,
    pub name: &'a str,
}

/// The anchor of a stage of the statistics page's funnel
/// (`figure-reported`), where the permalinks of that stage and of the
/// headline figure of the same measure lead.
pub fn stage_anchor(measure: Measure) -> String {
    format!("figure-{}", measure_name(measure))
}

/// A figure's citation as written: the text in the page's language, the
/// permalink, and the canonical form its fingerprint is the SHA-256 of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub url: String,
    pub canonical: String,
}

/// The citation of a figure; `named` are the export's regions and types
/// with their names in the page's language.
pub fn written(t: &Texts, cite: &Cite, named: (Named, Named), cited: &Cited) -> Written {
    let date = long_date(cite.data_as_of, t.lang);
    let words = Words {
        portal: &t[T::site_name],
        release: &t[T::cite_release],
        as_of: &t[T::cite_as_of],
        date: &date,
        measure: t.measure(cited.figure.measure),
        all_regions: &t[T::cite_all_regions],
        all_types: &t[T::cite_all_types],
        period: &t[T::cite_period],
        at_least: &t[T::stats_at_least],
        withheld: &t[T::stats_withheld],
        sample: cite.sample.then(|| &t[T::stats_sample]),
    };
    let url = format!(
        "{}{}?{}#{}",
        cite.origin,
        Route::Page(t.lang, Page::Statistics).path(),
        cite.view,
        cited.anchor
    );
    let definition = cited.figure.definition(t.lang, named, &words);
    Written {
        text: citation(
            t.lang,
            &words,
            &cite.release_id,
            &definition,
            cited.value,
            &url,
        ),
        canonical: cited.figure.canonical(&cite.release_sha256, cited.value),
        url,
    }
}

/// Writes the citation disclosure of a figure (see [`written`]): the
/// citation with its fingerprint (computed here natively, and in the
/// browser by the explorer from the [`CANONICAL`] it leaves), and the
/// permalink.
pub fn figure_citation(h: &mut Html, t: &Texts, cite: &Cite, named: (Named, Named), cited: &Cited) {
    let Written {
        text,
        url,
        canonical,
    } = written(t, cite, named, cited);
    let (fingerprint, canonical_attribute) = match cite.hash {
        Some(hash) => (hash(canonical.as_bytes()), ""),
        None => (String::new(), CANONICAL.name),
    };
    h.el_with(
        "details",
        &[("class", "cite cite--figure"), ("data-testid", "cite")],
        |h| {
            h.el_with("summary", &[], |h| {
                h.text(&t[T::cite_figure])
                    .el_with("span", &[("class", "visually-hidden")], |h| {
                        h.text(" (").text(cited.name).text(")");
                    });
            })
            .later("div", &[("class", "cite__body")], |h| {
                h.el_with(
                    "p",
                    &[("class", "cite__text"), ("data-testid", "citation")],
                    |h| {
                        h.text(&text).text(" SHA-256 ").el(
                            "code",
                            &[("data-fingerprint", ""), (canonical_attribute, &canonical)],
                            &fingerprint,
                        );
                    },
                )
                .el_with("p", &[], |h| {
                    h.el(
                        "a",
                        &[
                            ("class", "cite__link"),
                            ("href", &url),
                            ("data-testid", "permalink"),
                        ],
                        &t[T::cite_permalink],
                    );
                });
            });
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::week::IsoWeek;
    use crate::model::Lang;

    fn cite(sample: bool) -> Cite {
        Cite {
            origin: "https://p.example".to_owned(),
            release_id: "r-1".to_owned(),
            release_sha256: "f00d".to_owned(),
            data_as_of: NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date"),
            sample,
            view: "release=r-1&period=last-4".to_owned(),
            hash: None,
        }
    }

    /// The whole release's reported violations, written in `lang`.
    fn everywhere(lang: Lang, value: Total, sample: bool) -> Written {
        let codes = ["UA-14".to_owned()];
        let types = ["mortar".to_owned()];
        let names = ["Kyiv".to_owned()];
        let week = |n| IsoWeek::new(2026, n).expect("a week");
        let cited = Cited {
            figure: Figure {
                measure: Measure::Reported,
                regions: Default::default(),
                categories: Default::default(),
                weeks: (week(1), week(47)),
            },
            value,
            anchor: "figure-reported",
            name: "",
        };
        let named = (
            Named {
                codes: &codes,
                names: &names,
            },
            Named {
                codes: &types,
                names: &types,
            },
        );
        written(&Texts::new(lang), &cite(sample), named, &cited)
    }

    /// Each language's citation: the portal's name first, the release and
    /// its date, the definition and the value in that language's words,
    /// number format and colon, a bound as "at least" and a withheld figure
    /// in words, never as a number; the permalink pinned to the release.
    #[test]
    fn the_citation_is_in_the_pages_language() {
        let url = "https://p.example/{lang}/statistics/?release=r-1&period=last-4#figure-reported";
        for (lang, bound, withheld) in [
            (
                Lang::En,
                "Security Guarantees Transparency Portal (data release r-1, data as of 22 November 2026): violations reported; all regions; all types of violation; period 2026-W01 – 2026-W47: at least 1,234.",
                ": withheld to protect people.",
            ),
            (
                Lang::Uk,
                "Портал прозорості гарантій безпеки (випуск даних r-1, дані станом на 22 листопада 2026 р.): повідомлені порушення; усі регіони; усі типи порушень; період 2026-W01 – 2026-W47: щонайменше 1\u{a0}234.",
                ": приховано для захисту людей.",
            ),
            (
                Lang::De,
                "Transparenzportal Sicherheitsgarantien (Datenausgabe r-1, Datenstand 22. November 2026): gemeldete Verstöße; alle Regionen; alle Arten von Verstößen; Zeitraum 2026-W01 – 2026-W47: mindestens 1.234.",
                ": zum Schutz von Menschen zurückgehalten.",
            ),
            (
                Lang::Fr,
                "Portail de transparence des garanties de sécurité (publication de données r-1, données arrêtées au 22 novembre 2026)\u{202f}: violations signalées\u{202f}; toutes les régions\u{202f}; tous les types de violation\u{202f}; période 2026-W01 – 2026-W47\u{202f}: au moins 1\u{202f}234.",
                "\u{202f}: valeur masquée pour protéger des personnes.",
            ),
        ] {
            let url = url.replace("{lang}", lang.code());
            let w = everywhere(lang, Total::AtLeast(1234), false);
            assert_eq!(w.text, format!("{bound} {url}"), "{lang}");
            assert_eq!(w.url, url);
            let hidden = everywhere(lang, Total::AtLeast(0), false).text;
            assert!(hidden.contains(&format!("{withheld} https://")), "{lang}: {hidden}");
            assert!(!hidden.contains(" 0."), "{lang}: {hidden}");
            let sample = everywhere(lang, Total::Exact(5), true).text;
            let label = &Texts::new(lang)[T::stats_sample];
            assert!(sample.contains(&format!(". {label}. https://")), "{lang}: {sample}");
        }
    }

    /// The fingerprint covers the release, the definition and the value,
    /// not the language the figure is cited in.
    #[test]
    fn the_canonical_form_is_the_same_in_every_language() {
        for value in [Total::Exact(5), Total::AtLeast(5), Total::AtLeast(0)] {
            let forms: Vec<String> = Lang::ALL
                .into_iter()
                .map(|lang| everywhere(lang, value, true).canonical)
                .collect();
            assert!(forms.windows(2).all(|w| w[0] == w[1]), "{forms:?}");
        }
        assert_ne!(
            everywhere(Lang::En, Total::Exact(5), true).canonical,
            everywhere(Lang::En, Total::AtLeast(5), true).canonical
        );
    }
}
