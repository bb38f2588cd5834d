//! The UI string catalogues (`locales/*.json`), compiled by leptos_i18n in
//! `build.rs`. The build fails when a catalogue lacks a key.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

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
        Page::Methodology => td_string!(locale, methodology_title),
        Page::Embed => td_string!(locale, embed_title),
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
        Page::Methodology => td_string!(locale, methodology_description),
        Page::Embed => td_string!(locale, embed_description),
    }
}

/// The page's label in the main navigation.
pub fn nav_label(lang: Lang, page: Page) -> &'static str {
    let locale = Locale::from(lang);
    match page {
        Page::Home => td_string!(locale, nav_home),
        Page::Declaration => td_string!(locale, nav_declaration),
        Page::Pillars => td_string!(locale, nav_pillars),
        Page::Statistics => td_string!(locale, nav_statistics),
        Page::Methodology => td_string!(locale, nav_methodology),
        Page::Embed => td_string!(locale, nav_embed),
    }
}

use crate::model::export::Measure;

/// A funnel stage as the statistics views name it.
pub fn measure_label(lang: Lang, measure: Measure) -> &'static str {
    let locale = Locale::from(lang);
    match measure {
        Measure::Reported => td_string!(locale, stats_reported),
        Measure::Verified => td_string!(locale, stats_verified),
        Measure::Referred => td_string!(locale, stats_referred),
        Measure::Concluded => td_string!(locale, stats_concluded),
    }
}
