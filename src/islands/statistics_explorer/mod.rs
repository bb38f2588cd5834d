//! The statistics explorer, by concern: what the page and the island
//! agree on ([`explorer_contract`](crate::components::explorer_contract)), the release check and the export's loading
//! (here), the reader's events ([`events`]), the filter form
//! ([`form`]), the view's address in the history ([`address`]), drawing
//! and announcing a view ([`draw`]), and what only the browser draws
//! around the figures ([`status`]).

mod address;
mod draw;
mod events;
mod form;
pub mod status;

use crate::api::{self, ApiError};
use crate::components::explorer_contract::ExplorerPage;
use crate::locale::{Texts, T};
use crate::model::export::Export;
use crate::model::query::{Ignored, MalformedRelease, Query};
use crate::model::Release;
use address::{address, asked_release, location_search, write_address};
use chrono::{DateTime, Utc};
use draw::redraw;
use leptos::prelude::*;
use leptos::task::spawn_local;
use status::Check;
use std::cell::RefCell;
use std::rc::Rc;

/// The statistics explorer. The prerendered figures of the default view
/// come in as `children` and stay until the reader changes the selection
/// (or the published export turns out newer than the page); the selection
/// lives in the URL query, so it can be shared, and back and forward step
/// through it. On a region's page (`region`) the selection is that region.
///
/// It also checks the published release: first its manifest, a few hundred
/// bytes, then the export, as soon as it is needed and no sooner (see
/// [`start`]). A missing, invalid or unreachable file is said plainly here,
/// in the statistics area; the rest of the page stands. A URL that names an
/// archived release (`release=`) is shown with that release's export, from
/// the archive, and a banner that says so.
///
/// Its props are the page's contract ([`ExplorerPage`]), read from the page
/// in the browser; while prerendering there is none, and only the wrapper
/// is written.
#[island]
pub fn StatisticsExplorer(children: Children) -> impl IntoView {
    // The page's boxes are found from the element that carries the
    // contract, not through a `NodeRef` on the wrapper, which alone brings
    // the reactive graph's signal code back: 3.6 KB compressed (measured).
    // The explorer starts in a task, which runs once the island is
    // hydrated: hydration must find the boxes as they were prerendered.
    if let Some((root, page)) = ExplorerPage::in_document() {
        spawn_local(async move { explore(root, page) });
    }
    // The release facts, the status box and the figures are the page's
    // (`children`): only this wrapper is hydrated.
    view! { <div>{children()}</div> }
}

/// Sets the explorer up over the page's boxes inside `root` (the element
/// that carries the page's contract, around the island).
///
/// Leptos' reactive system is used for nothing but hydrating the island:
/// the state is plain Rust, shared by the listeners, and [`redraw`] is
/// called after every change of it (the release checked, the export in, a
/// new view, back or forward, a retry). A signal, a stored value, an
/// effect and a `NodeRef` for the same cost the wasm 9.6 KB compressed
/// (measured): the reactive graph's effect scheduling, subscriber sets and
/// guards.
fn explore(root: web_sys::Element, page: ExplorerPage) {
    let ExplorerPage {
        texts,
        built_id,
        built_at,
        region,
    } = page;
    let prerendered = Query {
        regions: region.iter().cloned().collect(),
        ..Query::default()
    };
    let (release, check) = match asked_release() {
        Ok(release) => (release, Check::NotChecked),
        Err(MalformedRelease(id)) => (
            None,
            Check::Unavailable {
                id,
                reason: T::release_malformed,
            },
        ),
    };
    let ex = Rc::new(Explorer {
        root,
        texts,
        built_id,
        built_at,
        region,
        release,
        prerendered,
        state: RefCell::new(State {
            check,
            export: None,
            latest_is_own: false,
            loading: false,
            pending: false,
            search: location_search(),
            written: Default::default(),
            refocus: -1,
            announcements: 0,
            later: Vec::new(),
        }),
    });
    let unchecked = matches!(ex.state.borrow().check, Check::NotChecked);
    if unchecked {
        start(&ex);
    } else {
        redraw(&ex);
    }
    events::attach(ex);
}

/// Checks the published release: says that it is being checked, then what
/// came of it.
///
/// The manifest comes first: when it names the page's own release and the
/// URL names no other view, the page's figures are the latest, and the
/// export (the whole release, hundreds of KB brotli at real volumes) waits
/// until the reader starts exploring. A newer release, a shared view, or a
/// manifest that could not be read: the export is fetched at once, and its
/// own release decides, as it did before there was a manifest to read. An
/// older release on a page without a region is said from the manifest
/// alone, as the export would say it; on a region's page the export says
/// whether it has the region. An archived release asked for by the URL is
/// its export, fetched at once: the latest's manifest has nothing to say
/// about it, unless it is the page's own release, as a citation's
/// permalink names it: then the manifest says whether it is still the
/// latest, and the reader is not told that the latest is archived.
fn start(ex: &Rc<Explorer>) {
    if ex.release.as_ref().is_some_and(|id| *id != ex.built_id) {
        return load(ex);
    }
    ex.state.borrow_mut().check = Check::Loading(T::release_checking);
    redraw(ex);
    let ex = ex.clone();
    spawn_local(async move {
        let check = api::fetch_release()
            .await
            .map(|latest| verdict(&ex, latest, false));
        ex.state.borrow_mut().latest_is_own = matches!(check, Ok(Check::Current));
        let check = match check {
            Ok(Check::Current) if ex.state.borrow().search.is_empty() => Check::Current,
            Ok(kept @ Check::Kept { .. }) if ex.region.is_none() && ex.release.is_none() => kept,
            _ => return load(&ex),
        };
        ex.state.borrow_mut().check = check;
        redraw(&ex);
    });
}

/// What `latest` means for the page's figures: only the page's own release,
/// or a newer one with the page's region, replaces them.
fn verdict(ex: &Explorer, latest: Release, lacks_region: bool) -> Check {
    let same = latest.release_id == ex.built_id && latest.generated_at == ex.built_at;
    let newer = latest.generated_at > ex.built_at;
    match (same, newer) {
        (true, _) if !lacks_region => Check::Current,
        (false, true) if !lacks_region => Check::Newer(latest),
        _ => Check::Kept {
            latest,
            newer,
            lacks_region,
        },
    }
}

/// Fetches and checks the export, unless it is in or on its way. The status
/// says that it is being checked, except where the manifest has already
/// found the page current: that stays said while the export loads.
fn load(ex: &Rc<Explorer>) {
    {
        let mut s = ex.state.borrow_mut();
        if s.loading || s.export.is_some() {
            return;
        }
        s.loading = true;
        if !matches!(s.check, Check::Current) {
            s.check = Check::Loading(match ex.release {
                Some(_) => T::release_loading,
                None => T::release_checking,
            });
        }
    }
    redraw(ex);
    let ex = ex.clone();
    spawn_local(async move {
        let unavailable = |reason| Check::Unavailable {
            id: ex.release.clone().unwrap_or_default(),
            reason,
        };
        let (check, export) = match api::fetch_export(ex.release.as_deref()).await {
            Ok(fetched) => {
                let lacks_region = ex
                    .region
                    .as_ref()
                    .is_some_and(|code| !fetched.regions.iter().any(|r| &r.code == code));
                let release = Release::from(&fetched.release);
                let check = match ex.release {
                    Some(_) if lacks_region => unavailable(T::release_no_region),
                    // The page's own release, which the manifest found
                    // to be the latest (see `start`).
                    Some(_) if ex.state.borrow().latest_is_own => Check::Current,
                    Some(_) => Check::Archived(release),
                    None => verdict(&ex, release, lacks_region),
                };
                let export = matches!(check, Check::Current | Check::Newer(_) | Check::Archived(_))
                    .then(|| Rc::new(fetched));
                (check, export)
            }
            Err(ApiError::NotFound { .. }) if ex.release.is_some() => {
                (unavailable(T::release_unknown), None)
            }
            Err(error) => (Check::Failed(error), None),
        };
        let pending = {
            let mut s = ex.state.borrow_mut();
            s.check = check;
            s.loading = false;
            s.export = export.clone();
            export.is_some() && std::mem::take(&mut s.pending)
        };
        // The changes made meanwhile wrote the form's own values into the
        // address: now it says the view as every other change writes it.
        if let Some(export) = export.filter(|_| pending) {
            let (query, _) = Query::parse(&location_search(), &export);
            if let Some(url) = address(&ex, &query.to_query_string()) {
                write_address(&url, true);
            }
        }
        redraw(&ex);
    });
}

/// The export and the view in the URL (on a region's page, always that
/// region), with the query values that could not be used; none until the
/// export is in. Recomputed at each use: that is cheap.
fn selection(ex: &Explorer) -> Option<(Rc<Export>, Query, Vec<Ignored>)> {
    let s = ex.state.borrow();
    let export = s.export.clone()?;
    let (mut query, ignored) = Query::parse(&s.search, &export);
    if let Some(code) = &ex.region {
        query.regions = [code.clone()].into();
    }
    Some((export, query, ignored))
}

/// The explorer: the page's boxes (inside `root`), what the page fixed and
/// what changes.
struct Explorer {
    root: web_sys::Element,
    texts: Texts,
    built_id: String,
    built_at: DateTime<Utc>,
    /// The region's code, on a region's page.
    region: Option<String>,
    /// The archived release the URL asks for (its export is the one
    /// fetched); `None` for the latest.
    release: Option<String>,
    /// The view the page's figures were prerendered for.
    prerendered: Query,
    state: RefCell<State>,
}

/// What changes: what the explorer has learnt (the check of the published
/// release, the export once fetched, and the URL's query) and what it has
/// done.
struct State {
    check: Check,
    export: Option<Rc<Export>>,
    /// Whether the manifest named the page's own release as the latest.
    latest_is_own: bool,
    /// Whether the export is on its way.
    loading: bool,
    /// Whether the reader changed the view before the export was in: the
    /// address then holds the form's own values until it is.
    pending: bool,
    /// The view's query (`?` and its text, or empty): what the address
    /// holds, or will hold once the history has taken the step.
    search: String,
    /// The HTML last written into the status, ignored-values and figures
    /// boxes (empty: the page's own), and the view last shown (`?` and its
    /// query; empty while nothing says what the figures are).
    written: [String; 4],
    /// The column of the sort button to focus once the table is redrawn
    /// (-1: none).
    refocus: i32,
    /// How many announcements were asked for: only the last is made.
    announcements: i32,
    /// The parts of the figures drawn that are written when the reader
    /// opens them (see `explorer_contract::LATER`), by number.
    later: Vec<String>,
}
