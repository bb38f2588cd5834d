//! Views shared by the declaration reader and the side-by-side pages.

use super::SourceLink;
use crate::locale::{td_string, Locale};
use crate::model::declaration::{DeclarationText, SummaryVersions, TextStatus, TextVersion};
use crate::model::format::{colon, long_date};
use crate::model::record::{Disagreement, Note, Source};
use crate::model::Lang;
use leptos::prelude::*;

/// The label of a text's status, in `lang`.
pub fn status_label(lang: Lang, status: TextStatus) -> &'static str {
    let locale = Locale::from(lang);
    match status {
        TextStatus::Official => td_string!(locale, decl_status_official),
        TextStatus::UnofficialTranslation => td_string!(locale, decl_status_unofficial),
        TextStatus::Summary => td_string!(locale, decl_status_summary),
    }
}

/// The label of a text's version, in `lang`.
pub fn version_label(lang: Lang, version: TextVersion) -> &'static str {
    let locale = Locale::from(lang);
    match version {
        TextVersion::Final => td_string!(locale, decl_version_final),
        TextVersion::DraftAsReported => td_string!(locale, decl_version_draft),
    }
}

/// The version the final texts are now, as a citation names it: "Version 2
/// of 7 December 2026". Empty when no version is recorded.
pub fn edition_label(lang: Lang, versions: &SummaryVersions) -> String {
    let locale = Locale::from(lang);
    versions
        .latest()
        .map(|latest| {
            format!(
                "{} {} {} {}",
                td_string!(locale, decl_text_version),
                versions.version.len(),
                td_string!(locale, decl_text_version_of),
                long_date(latest.date, lang)
            )
        })
        .unwrap_or_default()
}

/// What a text is: its title, status, version, source and retrieval date,
/// labelled in `lang` (the page's language) and written in the text's own.
#[component]
pub fn TextFacts(lang: Lang, text: DeclarationText) -> impl IntoView {
    let locale = Locale::from(lang);
    let front = text.front;
    let summary = front.status == TextStatus::Summary;
    view! {
        <div class="text-facts">
            <p class="text-facts__title" lang=front.language.code()>{front.title}</p>
            {front.title_translated.then(|| view! {
                <p class="text-facts__title-note">"(" {td_string!(locale, decl_title_translated)} ")"</p>
            })}
            <p>
                <span class="badge" class:badge--summary=summary data-testid="text-status">
                    {status_label(lang, front.status)}
                </span>
                " "
                <span class="badge">{version_label(lang, front.version)}</span>
            </p>
            <p class="text-facts__source">
                {td_string!(locale, decl_source)} {colon(lang)}
                <a href=front.source.clone() rel="external noopener">{front.source.clone()}</a>
                ", " {td_string!(locale, decl_retrieved)} " "
                <time datetime=front.retrieved.to_string()>{long_date(front.retrieved, lang)}</time>
            </p>
        </div>
    }
}

/// A disputed point with what each source says. `anchored` gives it the
/// `#dispute-{id}` anchor: set it in one place only where a point concerns
/// several provisions.
#[component]
pub fn DisagreementView(
    lang: Lang,
    disagreement: Disagreement,
    sources: Vec<Source>,
    anchored: bool,
) -> impl IntoView {
    let claims = disagreement
        .claims
        .into_iter()
        .map(|claim| {
            let source = sources.iter().find(|s| s.id == claim.source).cloned();
            view! {
                <li>
                    <q>{claim.says.get(&lang).cloned().unwrap_or_default()}</q>
                    " — "
                    {source.map(|source| view! { <SourceLink lang=lang source=source/> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="dispute" id=anchored.then(|| format!("dispute-{}", disagreement.id))>
            <p class="dispute__topic">{disagreement.topic.get(&lang).cloned().unwrap_or_default()}</p>
            <ul class="dispute__claims">{claims}</ul>
        </div>
    }
}

/// What sources report about a provision beyond its text, with the
/// sources: shown under the provision, labelled as not part of it.
#[component]
pub fn NoteView(lang: Lang, note: Note, sources: Vec<Source>) -> impl IntoView {
    let locale = Locale::from(lang);
    let cited = note
        .sources
        .iter()
        .filter_map(|id| sources.iter().find(|s| &s.id == id).cloned())
        .map(|source| view! { " — " <SourceLink lang=lang source=source/> })
        .collect_view();
    view! {
        <div class="note">
            <p class="note__label">{td_string!(locale, decl_note)}</p>
            <p>{note.says.get(&lang).cloned().unwrap_or_default()} {cited}</p>
        </div>
    }
}
