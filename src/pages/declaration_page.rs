use crate::components::{edition_label, status_label, version_label};
use crate::components::{DisagreementView, NoteView, Prose, SourceLink, TextFacts};
use crate::locale::{page_title, td_string, Locale};
use crate::model::declaration::{
    citation, Change, CitationLabels, DeclarationText, Provision, ProvisionDiff, SummaryVersions,
};
use crate::model::format::{colon, long_date, sort_key};
use crate::model::record::{Record, Source};
use crate::model::{Lang, Page, Route};
use leptos::prelude::*;

/// Everything the reader shows for one language.
#[derive(Debug, Clone)]
pub struct Reader {
    /// The final text in the page's language.
    pub text: DeclarationText,
    /// How each provision changed since the draft, where one was reported.
    pub changes: Vec<ProvisionDiff>,
    /// Every version of the final texts, oldest first.
    pub versions: SummaryVersions,
    pub record: Record,
    pub sources: Vec<Source>,
    /// The page's absolute URL, for citations.
    pub url: String,
}

/// The declaration reader: citable provisions with permalinks and
/// fingerprints, what sources dispute or add beside them, the versions of
/// the text, the draft-to-final changes, and the parties. Complete without
/// JavaScript.
#[component]
pub fn DeclarationPage(lang: Lang, prose: String, reader: Reader) -> impl IntoView {
    let locale = Locale::from(lang);
    let Reader {
        text,
        changes,
        versions,
        record,
        sources,
        url,
    } = reader;
    let toc = text
        .provisions
        .iter()
        .map(|p| {
            view! { <li><a href=format!("#{}", p.id)>{p.heading.clone()}</a></li> }
        })
        .collect_view();
    let compare = Lang::ALL
        .into_iter()
        .filter(|other| *other != lang)
        .map(|other| {
            view! {
                <li>
                    <a href=Route::Compare(lang, other).href() hreflang=other.code()>
                        <span lang=other.code()>{other.native_name()}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let edition = edition_label(lang, &versions);
    let provisions = text
        .provisions
        .iter()
        .map(|p| {
            let disputes = record
                .disagreements_on(&p.id)
                .cloned()
                .map(|d| {
                    let anchored = d.provisions.first() == Some(&p.id);
                    view! { <DisagreementView lang=lang disagreement=d sources=sources.clone() anchored=anchored/> }
                })
                .collect_view();
            let notes = record
                .notes_on(&p.id)
                .cloned()
                .map(|note| view! { <NoteView lang=lang note=note sources=sources.clone()/> })
                .collect_view();
            view! {
                <ProvisionView lang=lang text=text.clone() provision=p.clone() url=url.clone() edition=edition.clone()>
                    {disputes}
                    {notes}
                </ProvisionView>
            }
        })
        .collect_view();
    // Each disputed point is shown in full beside its provisions; here, an
    // index of them.
    let disagreements = record
        .disagreements
        .iter()
        .map(|d| {
            view! {
                <li>
                    <a href=format!("#dispute-{}", d.id)>{d.topic.get(&lang).cloned().unwrap_or_default()}</a>
                    " (" {d.provisions.join(", ")} ")"
                </li>
            }
        })
        .collect_view();
    let parties = record
        .parties
        .iter()
        .map(|party| {
            let cited = party
                .sources
                .iter()
                .filter_map(|id| sources.iter().find(|s| &s.id == id).cloned())
                .map(|s| view! { <li><SourceLink lang=lang source=s/></li> })
                .collect_view();
            let members = (!party.members.is_empty()).then(|| {
                let mut names: Vec<String> = party
                    .members
                    .iter()
                    .filter_map(|m| m.get(&lang).cloned())
                    .collect();
                names.sort_by_key(|n| sort_key(n));
                view! {
                    <p class="party__members">
                        {td_string!(locale, decl_members)} " (" {names.len()} ")" {colon(lang)} {names.join(", ")}
                    </p>
                }
            });
            view! {
                <li class="party" id=format!("party-{}", party.id)>
                    <h3>{party.name.get(&lang).cloned().unwrap_or_default()}</h3>
                    <p>
                        {party.role.get(&lang).cloned().unwrap_or_default()} " ("
                        <time datetime=party.date.to_string()>{long_date(party.date, lang)}</time> ")"
                    </p>
                    {members}
                    <ul class="party__sources">{cited}</ul>
                </li>
            }
        })
        .collect_view();
    let has_changes = !changes.is_empty();
    let current_version = versions.latest().map(|latest| {
        view! {
            <p class="text-version-current">
                <a href="#text-versions">
                    {td_string!(locale, decl_text_version)} " " {versions.version.len()} ", "
                    <time datetime=latest.date.to_string()>{long_date(latest.date, lang)}</time>
                </a>
            </p>
        }
    });
    view! {
        <div class="reading-progress" aria-hidden="true"></div>
        <article class="page reader">
            <h1>{page_title(lang, Page::Declaration)}</h1>
            <Prose html=prose/>
            <TextFacts lang=lang text=text.clone()/>
            {current_version}
            <nav class="toc" aria-labelledby="toc-heading">
                <h2 id="toc-heading">{td_string!(locale, decl_contents)}</h2>
                <ol>{toc}</ol>
            </nav>
            <nav class="compare-links" aria-labelledby="compare-heading">
                <h2 id="compare-heading">{td_string!(locale, decl_compare)}</h2>
                <ul>{compare}</ul>
            </nav>
            <div class="provisions">{provisions}</div>
            <p class="verify">{td_string!(locale, decl_verify)}</p>
            <TextVersions lang=lang versions=versions order=text.ids().into_iter().map(str::to_owned).collect()/>
            {has_changes.then(|| view! {
                <section class="versions" aria-labelledby="versions-heading">
                    <h2 id="versions-heading">{td_string!(locale, decl_versions)}</h2>
                    <p>{td_string!(locale, decl_versions_intro)}</p>
                    {changes.into_iter().map(|d| view! { <DiffView lang=lang diff=d/> }).collect_view()}
                </section>
            })}
            <section class="parties" aria-labelledby="parties-heading">
                <h2 id="parties-heading">{td_string!(locale, decl_parties)}</h2>
                <ul class="party-list">{parties}</ul>
            </section>
            <section class="disagreements" aria-labelledby="disagreements-heading">
                <h2 id="disagreements-heading">{td_string!(locale, decl_disagreements)}</h2>
                <ul>{disagreements}</ul>
            </section>
        </article>
    }
}

/// Every version of the text, newest first: its date, what changed and why,
/// and for an earlier version the fingerprints in `lang` it had for
/// provisions changed since (in the text's `order`), so that a fingerprint
/// quoted from it can be traced.
#[component]
fn TextVersions(lang: Lang, versions: SummaryVersions, order: Vec<String>) -> impl IntoView {
    let locale = Locale::from(lang);
    let count = versions.version.len();
    let items = versions
        .version
        .iter()
        .enumerate()
        .rev()
        .map(|(i, v)| {
            let mut superseded = versions.superseded(i, lang);
            superseded.sort_by_key(|(id, _)| order.iter().position(|o| o == id));
            let superseded = (!superseded.is_empty()).then(|| {
                let list = superseded
                    .into_iter()
                    .map(|(id, sha)| {
                        view! {
                            <li><a href=format!("#{id}")>{id.to_owned()}</a> " " <code>{sha.to_owned()}</code></li>
                        }
                    })
                    .collect_view();
                view! {
                    <p>{td_string!(locale, decl_text_version_superseded)} {colon(lang)}</p>
                    <ul class="text-version__fingerprints">{list}</ul>
                }
            });
            let current = (i + 1 == count)
                .then(|| view! { " (" {td_string!(locale, decl_text_version_current)} ")" });
            view! {
                <li class="text-version" id=format!("text-version-{}", i + 1)>
                    <h3>
                        {td_string!(locale, decl_text_version)} " " {i + 1} ", "
                        <time datetime=v.date.to_string()>{long_date(v.date, lang)}</time>
                        {current}
                    </h3>
                    <p>{v.note.get(&lang).cloned().unwrap_or_default()}</p>
                    {superseded}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="text-versions" id="text-versions" aria-labelledby="text-versions-heading">
            <h2 id="text-versions-heading">{td_string!(locale, decl_text_versions)}</h2>
            <p>{td_string!(locale, decl_text_versions_intro)}</p>
            <ul class="text-version-list">{items}</ul>
        </section>
    }
}

/// One provision: heading with its permalink, text, what sources dispute
/// about it (`children`), its fingerprint and a citation to copy.
#[component]
pub fn ProvisionView(
    lang: Lang,
    text: DeclarationText,
    provision: Provision,
    url: String,
    /// The version of the text the citation names, from [`edition_label`].
    edition: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let locale = Locale::from(lang);
    let labels = CitationLabels {
        portal: td_string!(locale, site_name),
        status: status_label(lang, text.front.status),
        version: version_label(lang, text.front.version),
        edition: &edition,
    };
    let permalink = format!("{url}#{}", provision.id);
    let cite = citation(&text, &provision, &permalink, &labels);
    let heading_id = format!("{}-heading", provision.id);
    let labelled_by = heading_id.clone();
    view! {
        <section class="provision" id=provision.id.clone() aria-labelledby=labelled_by>
            <h2 id=heading_id>
                <a class="permalink" href=format!("{}#{}", Route::Page(lang, Page::Declaration).href(), provision.id)
                    aria-label=format!("{} {}", td_string!(locale, decl_permalink), provision.id)>
                    {provision.id.clone()}
                </a>
                " " {provision.heading.clone()}
            </h2>
            <Prose html=provision.html.clone()/>
            {children.map(|children| children())}
            <p class="fingerprint">
                <span>{td_string!(locale, decl_fingerprint)} {colon(lang)}</span>
                <code data-testid="fingerprint">{provision.short_sha256().to_owned()}</code>
            </p>
            <details class="cite">
                <summary>{td_string!(locale, decl_cite)}</summary>
                <p class="cite__text" data-testid="citation">{cite}</p>
                <p class="cite__sha">"SHA-256 " <code data-testid="sha256">{provision.sha256.clone()}</code></p>
            </details>
        </section>
    }
}

/// One provision's change from the draft to the final text, word by word.
#[component]
fn DiffView(lang: Lang, diff: ProvisionDiff) -> impl IntoView {
    let locale = Locale::from(lang);
    let removed = td_string!(locale, decl_removed);
    let added = td_string!(locale, decl_added);
    let words = diff
        .changes
        .into_iter()
        .map(|change| match change {
            Change::Same(t) => view! { <span>{t}</span> }.into_any(),
            Change::Removed(t) => view! { <del title=removed>{t}</del> }.into_any(),
            Change::Added(t) => view! { <ins title=added>{t}</ins> }.into_any(),
        })
        .collect_view();
    view! {
        <div class="diff">
            <h3><a href=format!("#{}", diff.id)>{diff.id.clone()}</a> " " {diff.heading}</h3>
            <p class="diff__words">{words}</p>
        </div>
    }
}
