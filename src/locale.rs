//! The UI string catalogues (`locales/*.json`), compiled by leptos_i18n in
//! `build.rs`. The build fails when a catalogue lacks a key.

#[expect(
    clippy::expect_used,
    reason = "the catalogue module leptos_i18n generates parses its own locale names"
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub use generated::i18n;

pub use i18n::*;

use crate::model::Lang;

impl From<Lang> for Locale {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Uk => Locale::uk,
            Lang::En => Locale::en,
            Lang::De => Locale::de,
            Lang::Fr => Locale::fr,
        }
    }
}

use crate::model::Page;

/// The page's title, used for its `<h1>`, `<title>` and link previews.
pub fn page_title(lang: Lang, page: Page) -> &'static str {
    let locale = Locale::from(lang);
    match page {
        Page::Home => td_string!(locale, home_title),
        Page::Declaration => td_string!(locale, declaration_title),
        Page::Pillars => td_string!(locale, pillars_title),
        Page::Statistics => td_string!(locale, statistics_title),
        Page::Releases => td_string!(locale, releases_title),
        Page::Methodology => td_string!(locale, methodology_title),
        Page::Embed => td_string!(locale, embed_title),
        Page::Accessibility => td_string!(locale, accessibility_title),
    }
}

/// The page's one-sentence description for search results and previews.
pub fn page_description(lang: Lang, page: Page) -> &'static str {
    let locale = Locale::from(lang);
    match page {
        Page::Home => td_string!(locale, home_description),
        Page::Declaration => td_string!(locale, declaration_description),
        Page::Pillars => td_string!(locale, pillars_description),
        Page::Statistics => td_string!(locale, statistics_description),
        Page::Releases => td_string!(locale, releases_description),
        Page::Methodology => td_string!(locale, methodology_description),
        Page::Embed => td_string!(locale, embed_description),
        Page::Accessibility => td_string!(locale, accessibility_description),
    }
}

/// The page's label in the main navigation or, for the accessibility
/// statement, in the footer.
pub fn nav_label(lang: Lang, page: Page) -> &'static str {
    let locale = Locale::from(lang);
    match page {
        Page::Home => td_string!(locale, nav_home),
        Page::Declaration => td_string!(locale, nav_declaration),
        Page::Pillars => td_string!(locale, nav_pillars),
        Page::Statistics => td_string!(locale, nav_statistics),
        Page::Releases => td_string!(locale, nav_releases),
        Page::Methodology => td_string!(locale, nav_methodology),
        Page::Embed => td_string!(locale, nav_embed),
        Page::Accessibility => td_string!(locale, nav_accessibility),
    }
}

/// What an ISO week label means, once near where the labels appear: how
/// weeks run and are numbered, with `example` and its days ("… for example
/// 2026-W47: 16–22 November 2026.").
pub fn week_note(lang: Lang, example: crate::model::week::IsoWeek) -> String {
    use crate::model::format::{colon, full_stop_after, week_days};
    let days = week_days(example, lang);
    format!(
        "{} {example}{}{days}{}",
        td_string!(Locale::from(lang), stats_week_note),
        colon(lang),
        full_stop_after(&days)
    )
}

use crate::model::export::Measure;

/// A period preset's name: the last `weeks` weeks, or every week (`None`);
/// `None` for a number of weeks that is no preset.
pub fn preset_label(lang: Lang, weeks: Option<u32>) -> Option<&'static str> {
    let locale = Locale::from(lang);
    match weeks {
        None => Some(td_string!(locale, stats_period_all)),
        Some(4) => Some(td_string!(locale, stats_last_4)),
        Some(12) => Some(td_string!(locale, stats_last_12)),
        Some(52) => Some(td_string!(locale, stats_last_52)),
        Some(_) => None,
    }
}

/// The texts of the statistics views in one language, looked up by [`T`].
/// The prerender fills them from the catalogue; the statistics explorer
/// gets them from its page, so the wasm carries no catalogue (every
/// language of these texts cost it 3.6 KB compressed, measured).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Texts {
    pub lang: Lang,
    words: Vec<String>,
}

impl std::ops::Index<T> for Texts {
    type Output = str;

    fn index(&self, key: T) -> &str {
        self.words.get(key as usize).map_or("", String::as_str)
    }
}

impl Texts {
    /// The texts in `lang` as the page wrote them, in [`T`]'s order.
    pub fn from_words(lang: Lang, words: Vec<String>) -> Texts {
        Texts { lang, words }
    }

    /// A funnel stage as the statistics views name it.
    pub fn measure(&self, measure: Measure) -> &str {
        &self[match measure {
            Measure::Reported => T::stats_reported,
            Measure::Verified => T::stats_verified,
            Measure::Referred => T::stats_referred,
            Measure::Concluded => T::stats_concluded,
        }]
    }
}

/// Declares [`T`], one variant per catalogue key, and [`Texts::new`].
macro_rules! texts {
    ($($key:ident),* ; $($heading:ident = $of:ident),* $(,)?) => {
        /// A text of the statistics views, named by its catalogue key, or
        /// a catalogue text as it begins a column or a legend entry (its
        /// first letter in upper case, written natively).
        #[expect(non_camel_case_types, reason = "the variants are the catalogue's keys, as td_string! names them")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T {
            $($key,)* $($heading),*
        }

        impl Texts {
            /// The texts in `lang`, from the catalogue.
            pub fn new(lang: Lang) -> Texts {
                let locale = Locale::from(lang);
                Texts {
                    lang,
                    words: vec![
                        $(td_string!(locale, $key).to_owned(),)*
                        $(crate::model::format::capitalised(td_string!(locale, $of))),*
                    ],
                }
            }
        }
    };
}

texts!(
    error_detail,
    error_invalid,
    error_missing,
    error_network,
    error_not_data,
    error_server,
    error_timeout,
    error_unverified,
    release_as_of,
    release_checking,
    release_current,
    release_newer,
    release_not_newer,
    release_lacks_region,
    release_kept,
    release_switched,
    release_loading,
    release_archived,
    release_files,
    release_show_latest,
    release_malformed,
    release_unknown,
    release_no_region,
    retry,
    stats_at_least,
    stats_attributed,
    stats_attribution_not_published,
    stats_open_by_age,
    stats_age,
    stats_open_not_published,
    age_w0_4,
    age_w5_12,
    age_w13_26,
    age_w27_plus,
    stats_average,
    stats_bound_note,
    stats_by_category,
    stats_by_region,
    stats_cases,
    stats_change,
    stats_commission,
    stats_funnel,
    stats_highest,
    stats_ignored,
    stats_latest,
    stats_map,
    stats_no_previous,
    stats_not_meaningful,
    stats_change_figure,
    method_of,
    stats_outcome,
    stats_region,
    stats_reported,
    stats_verified,
    stats_referred,
    stats_concluded,
    stats_show_table,
    stats_trend,
    stats_week,
    stats_why,
    stats_withheld,
    stats_period_all,
    stats_last_4,
    stats_last_12,
    stats_last_52,
    stats_all_regions,
    stats_regions,
    stats_categories,
    stats_sorted_figure_desc,
    stats_sorted_figure_asc,
    stats_sorted_name_asc,
    stats_sorted_name_desc,
    site_name,
    stats_sample,
    cite_figure,
    cite_column,
    cite_release,
    cite_as_of,
    cite_all_regions,
    cite_all_types,
    cite_period,
    cite_permalink;
    stats_reported_heading = stats_reported,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::typography::fault;

    /// `build.rs` sets the catalogues in their languages' typography; the
    /// texts the statistics explorer gets from its page are among them.
    #[test]
    fn the_catalogues_are_set_in_their_languages_typography() {
        for lang in Lang::ALL {
            for word in &Texts::new(lang).words {
                assert_eq!(fault(lang.code(), word), None, "{lang}: {word:?}");
            }
        }
        // locales/fr.json has an ordinary space there.
        let ignored = td_string!(Locale::fr, stats_ignored);
        assert!(ignored.ends_with("ignoré\u{202F}:"), "{ignored:?}");
    }

    #[test]
    fn the_week_note_gives_an_example_with_its_days() {
        let week = "2026-W03".parse().unwrap();
        assert!(week_note(Lang::En, week).ends_with(" 2026-W03: 12–18 January 2026."));
        assert!(week_note(Lang::Fr, week).ends_with(" 2026-W03\u{202F}: du 12 au 18 janvier 2026."));
        assert!(week_note(Lang::Uk, week).ends_with(" 2026-W03: 12–18 січня 2026 р."));
        assert!(week_note(Lang::De, week).ends_with(" 2026-W03: 12.–18. Januar 2026."));
    }
}
