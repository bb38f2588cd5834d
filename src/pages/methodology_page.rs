use crate::components::{CountView, JsonLd, Prose};
use crate::locale::{page_title, td_string, Locale, Texts};
use crate::model::count::Count;
use crate::model::export::Measure;
use crate::model::format::{full_stop_after, long_date, number};
use crate::model::{Lang, Page, Release, Route};
use leptos::prelude::*;

/// What the methodology page reads from the export: the threshold and how
/// many cells of each measure this release withholds.
#[derive(Debug, Clone)]
pub struct Protection {
    pub release: Release,
    pub k: u32,
    /// Per measure (reported, verified, referred, concluded): withheld cells
    /// and all cells.
    pub withheld: [(usize, usize); 4],
    /// The statistics page's absolute URL, for the citation example.
    pub statistics_url: String,
    /// The release as a schema.org `Dataset` (JSON-LD), for catalogues.
    pub dataset: String,
}

/// The methodology: the prose, then this release's protection in figures
/// (k read from the export) and how to cite a figure.
#[component]
pub fn MethodologyPage(lang: Lang, prose: String, protection: Protection) -> impl IntoView {
    let locale = Locale::from(lang);
    let texts = Texts::new(lang);
    let names = Measure::ALL.map(|m| texts.measure(m).to_owned());
    let rows = names
        .into_iter()
        .zip(protection.withheld)
        .map(|(name, (withheld, all))| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{number(withheld as u64, lang)} " " {td_string!(locale, method_of)} " " {number(all as u64, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let release = protection.release;
    let date = long_date(release.data_as_of, lang);
    let citation = format!(
        "{}, {} {}, {} {}{} {}?period=last-12&region=UA-14",
        td_string!(locale, site_name),
        td_string!(locale, footer_release),
        release.release_id,
        td_string!(locale, footer_data_as_of),
        date,
        full_stop_after(&date),
        protection.statistics_url,
    );
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Methodology)}</h1>
            <Prose html=prose/>
            <section class="report" aria-labelledby="release-protection">
                <h2 id="release-protection">{td_string!(locale, method_release)} " " <code>{release.release_id.clone()}</code></h2>
                <p>
                    {td_string!(locale, method_threshold)} ": " <strong data-testid="k">{protection.k}</strong> ". "
                    {td_string!(locale, method_small)} " "
                    <CountView lang=lang count=Count::Suppressed/> " = " {td_string!(locale, stats_withheld)} "."
                </p>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, method_measure)}</th>
                            <th scope="col">{td_string!(locale, method_withheld)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
            <section class="report" aria-labelledby="cite-heading">
                <h2 id="cite-heading">{td_string!(locale, method_cite)}</h2>
                <p>{td_string!(locale, method_cite_text)}</p>
                <p class="cite__text">{citation}</p>
                <p><a href=Route::Page(lang, Page::Statistics).path()>{td_string!(locale, stats_more)}</a></p>
            </section>
            <JsonLd json=protection.dataset/>
        </article>
    }
}
