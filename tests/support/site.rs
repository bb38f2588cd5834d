//! What the built site publishes, read from the served copy of `dist/`, and
//! figures written as its pages write them: what the scenarios compare the
//! pages with.

use super::page::err;
use super::Harness;
use portal::model::archive::{ArchivedRelease, ReleaseIndex};
use portal::model::count::Total;
use portal::model::export::Export;
use portal::model::format::total_text;
use portal::model::{Lang, Release};

/// The release manifest the site was built with.
pub fn built_release(h: &Harness) -> Release {
    let text = std::fs::read_to_string(h.root().join("data/release.json"))
        .expect("dist/data/release.json");
    Release::parse(&text).expect("the built release manifest is valid")
}

/// A figure as the pages show it in `lang`: the number, "at least N", or
/// the symbol.
pub fn figure_text(total: Total, lang: Lang) -> String {
    let at_least = portal::locale::Texts::new(lang)[portal::locale::T::stats_at_least].to_owned();
    total_text(total, lang, &format!("{at_least} "))
}

/// The export the server publishes (the built site's copy).
pub fn served_export(h: &Harness) -> Result<portal::model::export::Export, String> {
    let text = std::fs::read_to_string(h.root().join("data/export.json"))
        .map_err(err("dist/data/export.json"))?;
    portal::model::export::Export::parse(&text).map_err(err("dist/data/export.json"))
}

/// The oEmbed document of the widget page at `path`, and its snippet
/// pointed at this server instead of the public origin the site was built
/// for.
pub fn oembed_here(h: &Harness, path: &str) -> Result<(serde_json::Value, String), String> {
    let url = h.url(&format!("{path}oembed.json"));
    let oembed: serde_json::Value =
        serde_json::from_str(&h.get(&url, &[]).body).map_err(err(&url))?;
    let built_for = oembed["provider_url"]
        .as_str()
        .unwrap_or_default()
        .trim_end_matches('/');
    let html = oembed["html"]
        .as_str()
        .unwrap_or_default()
        .replace(built_for, &h.url(""));
    Ok((oembed, html))
}

/// An embed snippet as the builder gives it, pointed at this server
/// instead of the public origin the site was built for, as it is pasted
/// into a host page here.
pub fn snippet_here(h: &Harness, snippet: &str) -> String {
    let built_for = snippet
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split("/embed/").next())
        .unwrap_or_default();
    snippet.replace(built_for, &h.url(""))
}

/// The first archived release, other than the latest, whose figures (as
/// `figures` gives them for an export) differ from the latest's.
pub fn older_release<'a, T: PartialEq>(
    archive: &'a [(ArchivedRelease, Export)],
    latest: &Export,
    figures: impl Fn(&Export) -> T,
) -> Result<&'a (ArchivedRelease, Export), String> {
    let now = figures(latest);
    archive
        .iter()
        .find(|(r, e)| r.release_id != latest.release.release_id && figures(e) != now)
        .ok_or_else(|| "no archived release whose figures differ from the latest's".to_owned())
}

/// The archive the server publishes: its index and each release's export,
/// oldest first.
pub fn served_archive(h: &Harness) -> Result<Vec<(ArchivedRelease, Export)>, String> {
    let path = h.root().join("data/releases.json");
    let text = std::fs::read_to_string(&path).map_err(err("dist/data/releases.json"))?;
    let index = ReleaseIndex::parse(&text).map_err(err("dist/data/releases.json"))?;
    index
        .releases
        .into_iter()
        .map(|r| {
            let file = format!("data/releases/{}/export.json", r.release_id);
            let text = std::fs::read_to_string(h.root().join(&file)).map_err(err(&file))?;
            let export = Export::parse(&text).map_err(err(&file))?;
            Ok((r, export))
        })
        .collect()
}
