use crate::components::{CountView, JsonLd, Prose, Written};
use crate::locale::{page_title, td_string, week_note, Locale, Texts};
use crate::model::citation::Figure;
use crate::model::count::Count;
use crate::model::export::Measure;
use crate::model::format::{colon, number};
use crate::model::week::IsoWeek;
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
    /// A figure's citation, as the statistics page gives it, for the
    /// example.
    pub example: CitationExample,
    /// The release as a schema.org `Dataset` (JSON-LD), for catalogues.
    pub dataset: String,
    /// The key that signs the releases, when the portal publishes one.
    pub signing: Option<SigningKey>,
}

/// The citation of one figure and its fingerprint.
#[derive(Debug, Clone)]
pub struct CitationExample {
    pub written: Written,
    pub fingerprint: String,
}

/// The public key that signs the releases (`content/signing-key.pub`), for
/// the steps that check a downloaded file offline.
#[derive(Debug, Clone)]
pub struct SigningKey {
    /// `RW…`, as `minisign -P` and `exporter verify --public-key` take it.
    pub public_key: String,
    /// The key's id, as minisign names it.
    pub key_id: String,
    /// A signed release, for the example commands.
    pub release_id: String,
}

/// How to check a downloaded file against the signed list of its
/// release's files: with minisign and sha256sum, or with the exporter.
#[component]
fn VerifySteps(lang: Lang, key: SigningKey, sample: bool) -> impl IntoView {
    let locale = Locale::from(lang);
    let SigningKey {
        public_key,
        key_id,
        release_id,
    } = key;
    let minisign = format!("minisign -Vm SHA256SUMS -P {public_key}");
    let exporter = format!("exporter verify --public-key {public_key} {release_id}");
    view! {
        <section class="report" aria-labelledby="verify">
            <h2 id="verify">{td_string!(locale, method_verify)}</h2>
            <p>{td_string!(locale, method_verify_text)}</p>
            <p>{td_string!(locale, method_verify_key)} " (" <code>{key_id}</code> ")" {colon(lang)}</p>
            <pre class="command" data-testid="signing-key">{public_key}</pre>
            {sample.then(|| view! { <p class="sample-label">{td_string!(locale, method_verify_sample)}</p> })}
            <ol class="steps">
                <li>
                    <p>{td_string!(locale, method_verify_download)}</p>
                    <p><a href=Route::Page(lang, Page::Releases).href()>{page_title(lang, Page::Releases)}</a></p>
                </li>
                <li>
                    <p>{td_string!(locale, method_verify_signature)}</p>
                    <pre class="command">{minisign}</pre>
                    <p>{td_string!(locale, method_verify_signature_ok)}</p>
                </li>
                <li>
                    <p>{td_string!(locale, method_verify_sums)}</p>
                    <pre class="command">"sha256sum -c --ignore-missing SHA256SUMS"</pre>
                    <p>{td_string!(locale, method_verify_sums_ok)}</p>
                </li>
                <li>
                    <p>{td_string!(locale, method_verify_exporter)}</p>
                    <pre class="command">{exporter}</pre>
                </li>
            </ol>
        </section>
    }
}

/// The methodology: the prose, then this release's protection in figures
/// (k read from the export), how to cite a figure and how to check a
/// downloaded file against the release's signature.
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
    let sample = release.sample;
    let verify = protection
        .signing
        .map(|key| view! { <VerifySteps lang=lang key=key sample=sample/> });
    let CitationExample {
        written,
        fingerprint,
    } = protection.example;
    let command = Figure::command(&written.canonical);
    view! {
        <article class="page">
            <h1>{page_title(lang, Page::Methodology)}</h1>
            <Prose html=prose/>
            <p data-testid="week-note">{week_note(lang, IsoWeek::of(release.data_as_of))}</p>
            <section class="report" aria-labelledby="release-protection">
                <h2 id="release-protection">{td_string!(locale, method_release)} " " <code>{release.release_id.clone()}</code></h2>
                <p>
                    {td_string!(locale, method_threshold)} {colon(lang)} <strong data-testid="k">{protection.k}</strong> ". "
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
                <p class="cite__text" data-testid="example-citation">
                    {written.text} " SHA-256 " <code>{fingerprint.clone()}</code>
                </p>
                <p>{td_string!(locale, method_cite_fingerprint)}</p>
                <pre class="command" data-testid="fingerprint-command">{command}</pre>
                <p>{td_string!(locale, method_cite_gives)} " " <code data-testid="example-fingerprint">{fingerprint}</code></p>
                <p><a href=Route::Page(lang, Page::Statistics).href()>{td_string!(locale, stats_more)}</a></p>
            </section>
            {verify}
            <JsonLd json=protection.dataset/>
        </article>
    }
}
