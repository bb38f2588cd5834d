//! The Atom feed of data releases and corrections in each language,
//! `/{lang}/releases.atom`: one entry per release, saying in words what
//! changed since the one before, with links to the releases page and the
//! release's files, and one entry per correction. Every URL is absolute,
//! from `SITE_URL`, as in the pages' canonical links.

use chrono::{DateTime, NaiveTime, SecondsFormat, Utc};
use portal::components::revision_in_words;
use portal::locale::{page_description, td_string, Locale};
use portal::model::correction::Correction;
use portal::model::format::{colon, long_date};
use portal::model::html_text::escaped;
use portal::model::route::feed_path;
use portal::model::{Lang, Page, Route};
use portal::pages::{published_at, release_file_path, History, ReleaseChange};

fn stamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A correction counts from the start of the day it was written.
fn written_at(correction: &Correction) -> DateTime<Utc> {
    correction.date.and_time(NaiveTime::MIN).and_utc()
}

/// The feed of `lang`, for the site published at `site_url`.
pub fn atom(site_url: &str, lang: Lang, history: &History) -> String {
    let locale = Locale::from(lang);
    let page = format!("{site_url}{}", Route::Page(lang, Page::Releases).path());
    let mut entries: Vec<(DateTime<Utc>, String)> = Vec::new();
    for release in &history.releases {
        entries.push((
            release.release.generated_at,
            release_entry(site_url, lang, &page, release, history.sample),
        ));
        for correction in &release.corrections {
            entries.push((
                written_at(correction),
                correction_entry(lang, &page, correction),
            ));
        }
    }
    entries.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
    let updated = entries
        .first()
        .map(|(time, _)| stamp(*time))
        .unwrap_or_default();
    let site_name = td_string!(locale, site_name);
    let mut xml = format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n",
            "  <id>{page}</id>\n",
            "  <title>{title}</title>\n",
            "  <subtitle>{subtitle}</subtitle>\n",
            "  <updated>{updated}</updated>\n",
            "  <author><name>{site_name}</name><uri>{site_url}/</uri></author>\n",
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{site_url}{feed}\"/>\n",
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n",
        ),
        lang = lang,
        page = escaped(&page),
        title = escaped(&format!(
            "{} · {site_name}",
            td_string!(locale, releases_feed_title)
        )),
        subtitle = escaped(page_description(lang, Page::Releases)),
        updated = updated,
        site_name = escaped(site_name),
        site_url = escaped(site_url),
        feed = feed_path(lang),
    );
    for (_, entry) in entries {
        xml.push_str(&entry);
    }
    xml.push_str("</feed>\n");
    xml
}

fn release_entry(
    site_url: &str,
    lang: Lang,
    page: &str,
    entry: &ReleaseChange,
    sample: bool,
) -> String {
    let locale = Locale::from(lang);
    let r = &entry.release;
    let facts = format!(
        "{} {}. {}{}{}.",
        td_string!(locale, footer_data_as_of),
        long_date(r.data_as_of, lang),
        td_string!(locale, releases_published),
        colon(lang),
        published_at(r.generated_at, lang)
    );
    let summary = if sample {
        format!("{facts} {}.", td_string!(locale, stats_sample))
    } else {
        facts
    };
    let mut html = format!("<p>{}</p>", escaped(&summary));
    match &entry.change {
        Some((previous, revision)) => {
            html.push_str(&format!(
                "<p>{} {}:</p><ul>",
                td_string!(locale, releases_changes),
                escaped(previous)
            ));
            for line in revision_in_words(lang, revision) {
                html.push_str(&format!("<li>{}</li>", escaped(&line)));
            }
            html.push_str("</ul>");
        }
        None => html.push_str(&format!("<p>{}</p>", td_string!(locale, releases_first))),
    }
    html.push_str(&format!(
        "<p>{}{}{}</p>",
        td_string!(locale, releases_fingerprint),
        colon(lang),
        r.sha256
    ));
    let files: String = r
        .files
        .keys()
        .map(|file| {
            let kind = match file.rsplit('.').next() {
                Some("csv") => "text/csv",
                _ => "application/json",
            };
            format!(
                "    <link rel=\"related\" type=\"{kind}\" title=\"{file}\" href=\"{}{}\"/>\n",
                escaped(site_url),
                escaped(&release_file_path(r, file))
            )
        })
        .collect();
    format!(
        concat!(
            "  <entry>\n",
            "    <id>{page}#{id}</id>\n",
            "    <title>{title}</title>\n",
            "    <published>{time}</published>\n",
            "    <updated>{time}</updated>\n",
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{page}#{id}\"/>\n",
            "{files}",
            "    <summary type=\"text\">{summary}</summary>\n",
            "    <content type=\"html\">{html}</content>\n",
            "  </entry>\n",
        ),
        page = escaped(page),
        id = escaped(&r.release_id),
        title = escaped(&format!(
            "{} {}",
            td_string!(locale, footer_release),
            r.release_id
        )),
        time = stamp(r.generated_at),
        files = files,
        summary = escaped(&summary),
        html = escaped(&html),
    )
}

fn correction_entry(lang: Lang, page: &str, correction: &Correction) -> String {
    let locale = Locale::from(lang);
    let html = format!(
        "<dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>",
        td_string!(locale, releases_wrong),
        escaped(&correction.wrong),
        td_string!(locale, releases_done),
        escaped(&correction.done)
    );
    format!(
        concat!(
            "  <entry>\n",
            "    <id>{page}#{anchor}</id>\n",
            "    <title>{title}</title>\n",
            "    <published>{time}</published>\n",
            "    <updated>{time}</updated>\n",
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{page}#{anchor}\"/>\n",
            "    <summary type=\"text\">{summary}</summary>\n",
            "    <content type=\"html\">{html}</content>\n",
            "  </entry>\n",
        ),
        page = escaped(page),
        anchor = correction.anchor(),
        title = escaped(&format!(
            "{} {} · {} {}",
            td_string!(locale, releases_correction),
            long_date(correction.date, lang),
            td_string!(locale, footer_release),
            correction.release
        )),
        time = stamp(written_at(correction)),
        summary = escaped(&correction.wrong),
        html = escaped(&html),
    )
}
