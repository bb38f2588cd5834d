use crate::components::{figure_row_id, Names, Prose, RevisionSummary};
use crate::locale::{page_title, td_string, week_note, Locale, Texts};
use crate::model::archive::{release_file_url, ArchivedRelease};
use crate::model::base_path::href;
use crate::model::correction::Correction;
use crate::model::format::{colon, long_date};
use crate::model::revision::Revision;
use crate::model::route::feed_path;
use crate::model::week::IsoWeek;
use crate::model::{Lang, Page, Route};
use chrono::{DateTime, Timelike, Utc};
use leptos::prelude::*;

/// One archived release as the releases page and the feed show it.
#[derive(Debug, Clone)]
pub struct ReleaseChange {
    pub release: ArchivedRelease,
    /// The release before it and what changed since; `None` for the first.
    pub change: Option<(String, Revision)>,
    /// The corrections it carries, in the page's language.
    pub corrections: Vec<Correction>,
    /// Whether its folder holds `SHA256SUMS` and its signature (the build
    /// verified them against the published key).
    pub signed: bool,
}

/// What the releases page shows besides its prose.
#[derive(Debug, Clone)]
pub struct History {
    /// Newest first.
    pub releases: Vec<ReleaseChange>,
    pub names: Names,
    /// Whether the latest release is sample data.
    pub sample: bool,
}

/// A release's files in the archive, by file name: `/data/releases/{id}/{file}`.
pub fn release_file_path(release: &ArchivedRelease, file: &str) -> String {
    release_file_url(&release.release_id, file)
}

/// The statistics page showing the archived release `release_id`.
fn explorer_path(lang: Lang, release_id: &str) -> String {
    format!(
        "{}?release={release_id}",
        Route::Page(lang, Page::Statistics).href()
    )
}

/// A publication time as the page gives it: the date in words, the time in
/// UTC as the language writes it ("06:00 UTC"; French "6 h UTC", "6 h 30").
pub fn published_at(time: DateTime<Utc>, lang: Lang) -> String {
    let date = long_date(time.date_naive(), lang);
    match (lang, time.minute()) {
        (Lang::Fr, 0) => format!("{date}, {}\u{a0}h UTC", time.hour()),
        (Lang::Fr, minute) => format!("{date}, {}\u{a0}h\u{a0}{minute:02} UTC", time.hour()),
        (_, minute) => format!("{date}, {:02}:{minute:02} UTC", time.hour()),
    }
}

/// A time as `<time datetime>` takes it, to the second, in UTC.
fn utc_stamp(time: DateTime<Utc>) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        time.date_naive(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// Every release, newest first: its facts and files, what changed since
/// the one before, and the corrections it carries.
#[component]
pub fn ReleasesPage(lang: Lang, prose: String, history: History) -> impl IntoView {
    let locale = Locale::from(lang);
    let History {
        releases,
        names,
        sample,
    } = history;
    let latest = releases.first().map(|r| r.release.release_id.clone());
    // The lines of changes name weeks by their ISO label: what one means,
    // once, before them.
    let week_note = releases
        .first()
        .map(|r| week_note(lang, IsoWeek::of(r.release.data_as_of)));
    let entries = releases
        .into_iter()
        .map(|entry| {
            let r = entry.release;
            let id = r.release_id.clone();
            let heading = format!("release-{id}");
            let is_latest = latest.as_ref() == Some(&id);
            let files = r
                .files
                .iter()
                .map(|(file, sha)| {
                    view! {
                        <li>
                            <a href=href(&release_file_path(&r, file))>{file.clone()}</a> " "
                            <code class="release__hash">{sha.clone()}</code>
                        </li>
                    }
                })
                .collect_view();
            let signature = entry.signed.then(|| {
                view! {
                    <p class="release__signature">
                        {td_string!(locale, releases_signed)} " "
                        <a href=href(&release_file_path(&r, "SHA256SUMS"))>"SHA256SUMS"</a> " · "
                        <a href=href(&release_file_path(&r, "SHA256SUMS.minisig"))>"SHA256SUMS.minisig"</a> " · "
                        <a href=format!("{}#verify", Route::Page(lang, Page::Methodology).href())>{td_string!(locale, releases_verify_link)}</a>
                    </p>
                }
            });
            let change = match entry.change {
                Some((previous, revision)) => view! {
                    <RevisionSummary lang=lang previous=previous revision=revision
                        corrections=entry.corrections.clone() names=names.clone() id=heading.clone()/>
                }
                .into_any(),
                None => view! { <p>{td_string!(locale, releases_first)}</p> }.into_any(),
            };
            let corrections = (!entry.corrections.is_empty()).then(|| {
                let list = entry
                    .corrections
                    .iter()
                    .map(|c| correction_view(lang, c, &names))
                    .collect_view();
                view! {
                    <section class="corrections" aria-labelledby=format!("{heading}-corrections")>
                        <h3 id=format!("{heading}-corrections")>{td_string!(locale, releases_corrections)}</h3>
                        {list}
                    </section>
                }
            });
            view! {
                <section class="release" id=id.clone() aria-labelledby=heading.clone()>
                    <h2 id=heading.clone()>
                        {td_string!(locale, footer_release)} " " <code>{id.clone()}</code>
                        {is_latest.then(|| view! { " " <span class="release__latest">{td_string!(locale, releases_latest)}</span> })}
                    </h2>
                    <dl class="release-facts">
                        <div>
                            <dt>{td_string!(locale, footer_data_as_of)}</dt>
                            <dd><time datetime=r.data_as_of.to_string()>{long_date(r.data_as_of, lang)}</time></dd>
                        </div>
                        <div>
                            <dt>{td_string!(locale, releases_published)}</dt>
                            <dd><time datetime=utc_stamp(r.generated_at)>{published_at(r.generated_at, lang)}</time></dd>
                        </div>
                        <div>
                            <dt>{td_string!(locale, releases_fingerprint)}</dt>
                            <dd><code class="release__hash">{r.sha256.clone()}</code></dd>
                        </div>
                    </dl>
                    <h3>{td_string!(locale, releases_files)}</h3>
                    <ul class="release__files">{files}</ul>
                    <p>
                        <a href=explorer_path(lang, &id) data-testid="release-explore">{td_string!(locale, releases_explore)}</a>
                    </p>
                    {signature}
                    {change}
                    {corrections}
                </section>
            }
        })
        .collect_view();
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Releases)}</h1>
            {sample.then(|| view! { <p class="sample-label">{td_string!(locale, stats_sample)}</p> })}
            <Prose html=prose/>
            {week_note.map(|note| view! { <p data-testid="week-note">{note}</p> })}
            <p>
                <a href=href(&feed_path(lang)) type="application/atom+xml">{td_string!(locale, releases_feed)}</a>
            </p>
            {entries}
        </article>
    }
}

/// One correction: when it was written, what was wrong, what was done and
/// the figures it concerns, each linking to its line in the list of revisions.
fn correction_view(lang: Lang, correction: &Correction, names: &Names) -> impl IntoView {
    let locale = Locale::from(lang);
    let texts = Texts::new(lang);
    let figures = correction
        .figures
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let text = format!(
                "{}{}{}, {}, {}",
                texts.measure(f.measure),
                colon(lang),
                f.week,
                names.region(&f.region),
                names.category(&f.category)
            );
            view! { <li><a href=format!("#{}", figure_row_id(correction, n))>{text}</a></li> }
        })
        .collect_view();
    let figures = (!correction.figures.is_empty()).then(|| {
        view! {
            <dt>{td_string!(locale, releases_concerns)}</dt>
            <dd><ul>{figures}</ul></dd>
        }
    });
    let anchor = correction.anchor();
    view! {
        <section class="correction" id=anchor.clone() aria-labelledby=format!("{anchor}-heading")>
            <h4 id=format!("{anchor}-heading")>
                {td_string!(locale, releases_correction)} " "
                <time datetime=correction.date.to_string()>{long_date(correction.date, lang)}</time>
            </h4>
            <dl>
                <dt>{td_string!(locale, releases_wrong)}</dt>
                <dd>{correction.wrong.clone()}</dd>
                <dt>{td_string!(locale, releases_done)}</dt>
                <dd>{correction.done.clone()}</dd>
                {figures}
            </dl>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn publication_times_as_each_language_writes_them() {
        let six = Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap();
        let half_past = Utc.with_ymd_and_hms(2026, 11, 23, 6, 30, 0).unwrap();
        assert_eq!(published_at(six, Lang::En), "23 November 2026, 06:00 UTC");
        assert_eq!(
            published_at(six, Lang::Fr),
            "23 novembre 2026, 6\u{a0}h UTC"
        );
        assert_eq!(
            published_at(half_past, Lang::Fr),
            "23 novembre 2026, 6\u{a0}h\u{a0}30 UTC"
        );
        assert_eq!(
            published_at(half_past, Lang::De),
            "23. November 2026, 06:30 UTC"
        );
    }
}
