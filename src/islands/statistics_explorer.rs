use super::explorer_page::ExplorerPage;
use super::explorer_status::{ignored_note, status_html, Check};
use crate::api::{self, ApiError};
use crate::components::{announcement, report_html, sort_order, Cite, Html, Labels};
use crate::locale::{Texts, T};
use crate::model::download::{view_csv, view_json};
use crate::model::export::Export;
use crate::model::query::{release_asked, Ignored, MalformedRelease, Query, Selection, Sort};
use crate::model::Release;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

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
            loading: false,
            pending: false,
            search: location_search(),
            written: Default::default(),
            refocus: -1,
            announcements: 0,
        }),
    });
    let unchecked = matches!(ex.state.borrow().check, Check::NotChecked);
    if unchecked {
        start(&ex);
    } else {
        redraw(&ex);
    }
    // The controls and the recomputed figures are rendered in the browser
    // from the same components as the prerendered page, as HTML; their
    // buttons, links and fields are handled here, by delegation.
    let on = ex.clone();
    listen(&ex.root, &["click"], move |event| on_click(&on, event));
    let on = ex.clone();
    listen(&ex.root, &["change"], move |event| on_change(&on, event));
    // The reader starts exploring: the focus or the pointer comes into the
    // explorer. Pointer events cover touch too (a non-passive `touchstart`
    // listener would hold up scrolling).
    let on = ex.clone();
    listen(
        &ex.root,
        &["focusin", "pointerover", "pointerdown"],
        move |_| {
            if matches!(on.state.borrow().check, Check::Current) {
                load(&on);
            }
        },
    );
    // Back and forward: only while this page is the one shown, and within
    // its release (another release is another page, which `boot.js` brings).
    listen(&window(), &["popstate"], move |_| {
        if ex.root.is_connected() && asked_release().ok().flatten() == ex.release {
            ex.state.borrow_mut().search = location_search();
            redraw(&ex);
        }
    });
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
/// about it.
fn start(ex: &Rc<Explorer>) {
    if ex.release.is_some() {
        return load(ex);
    }
    ex.state.borrow_mut().check = Check::Loading(T::release_checking);
    redraw(ex);
    let ex = ex.clone();
    spawn_local(async move {
        let check = api::fetch_release()
            .await
            .map(|latest| verdict(&ex, latest, false));
        let check = match check {
            Ok(Check::Current) if ex.state.borrow().search.is_empty() => Check::Current,
            Ok(kept @ Check::Kept { .. }) if ex.region.is_none() => kept,
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

/// Shows the view that `params` name (as the form or a button gives them):
/// a new entry in the history, unless it is the view shown. Before the
/// export is in, the address takes the change at once and the export is
/// fetched; the view is drawn, and said, once it is in. The release the
/// URL asked for stays in it.
fn go(ex: &Rc<Explorer>, params: &web_sys::UrlSearchParams) {
    let params = String::from(params.to_string());
    let export = ex.state.borrow().export.clone();
    match export {
        Some(export) => {
            let mut query = Query::parse(&params, &export).0;
            query.release.clone_from(&ex.release);
            if let Some(url) = address(ex, &query.to_query_string()) {
                redraw(ex);
                // The history takes the step once the figures are on
                // screen: a new entry costs the browser milliseconds (7 at
                // CPU ×4, measured) that the reader would wait for them.
                request_animation_frame(move || {
                    set_timeout(move || write_address(&url, false), Default::default())
                });
            }
        }
        None => {
            if let Some(url) = address(ex, &params) {
                write_address(&url, false);
                ex.state.borrow_mut().pending = true;
            }
            load(ex);
        }
    }
}

/// Makes the query `text` the view's address, and says the URL the address
/// bar must take for it; `None` when it is the view's address already: the
/// same view again is no step to go back over.
fn address(ex: &Explorer, text: &str) -> Option<String> {
    let search = if text.is_empty() {
        String::new()
    } else {
        format!("?{text}")
    };
    let mut s = ex.state.borrow_mut();
    if s.search == search {
        return None;
    }
    let url = if text.is_empty() {
        location_path()
    } else {
        search.clone()
    };
    s.search = search;
    Some(url)
}

/// Puts `url` into the address bar: as a new entry in the history, or in
/// place of the current one (`replace`).
fn write_address(url: &str, replace: bool) {
    if let Ok(history) = window().history() {
        let null = &wasm_bindgen::JsValue::NULL;
        let _ = match replace {
            true => history.replace_state_with_url(null, "", Some(url)),
            false => history.push_state_with_url(null, "", Some(url)),
        };
    }
}

/// The view's address as parameters, with only its `sort` when `only_sort`.
fn address_params(ex: &Explorer, only_sort: bool) -> Option<web_sys::UrlSearchParams> {
    let search = ex.state.borrow().search.clone();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    if !only_sort {
        return Some(params);
    }
    let kept = web_sys::UrlSearchParams::new().ok()?;
    if let Some(sort) = params.get("sort") {
        kept.set("sort", &sort);
    }
    Some(kept)
}

fn on_change(ex: &Rc<Explorer>, event: web_sys::Event) {
    let Some(field) = element(event.target()) else {
        return;
    };
    let Some(params) = field
        .closest("form")
        .ok()
        .flatten()
        .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok())
        .and_then(|form| web_sys::FormData::new_with_form(&form).ok())
        .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
    else {
        return;
    };
    // Choosing weeks replaces the preset; otherwise a preset (the period
    // field is empty only while weeks are chosen) stands for the weeks the
    // form shows.
    let weeks_chosen = matches!(field.get_attribute("name").as_deref(), Some("from" | "to"));
    if weeks_chosen || params.get("period").unwrap_or_default().is_empty() {
        params.delete("period");
        // A "to" before the "from" means the weeks between them.
        if let (Some(from), Some(to)) = (params.get("from"), params.get("to")) {
            if from > to {
                params.set("from", &to);
                params.set("to", &from);
            }
        }
    } else {
        params.delete("from");
        params.delete("to");
    }
    // The table's order stays the one in the address.
    if let Some(sort) = address_params(ex, true).and_then(|kept| kept.get("sort")) {
        params.set("sort", &sort);
    }
    go(ex, &params);
}

fn on_click(ex: &Rc<Explorer>, event: web_sys::Event) {
    let Some(target) = element(event.target()) else {
        return;
    };
    let closest = |selector: &str| target.closest(selector).ok().flatten();
    if closest("button[data-retry]").is_some() {
        // The button goes with the notice: the focus stays in the box.
        if let Some(status) = closest("[data-status]") {
            let _ = status.unchecked_into::<web_sys::HtmlElement>().focus();
        }
        return load(ex);
    }
    if let Some((button, sort)) = closest("button[data-sort]").and_then(|b| {
        let sort = Sort::from_code(&b.get_attribute("data-sort")?)?;
        Some((b, sort))
    }) {
        // The table is drawn anew: the focus goes back to this column's
        // button there.
        let column = button.closest("th").ok().flatten().map(|th| {
            th.unchecked_into::<web_sys::HtmlTableCellElement>()
                .cell_index()
        });
        ex.state.borrow_mut().refocus = column.unwrap_or(-1);
        if let Some(params) = address_params(ex, false) {
            params.set("sort", sort.code());
            go(ex, &params);
        }
    } else if closest("button[data-reset]").is_some() {
        if let Some(params) = address_params(ex, true) {
            go(ex, &params);
        }
    } else if let Some(link) = closest("a[data-download]") {
        // Without the export, the links have no target yet.
        let Some((export, current, _)) = selection(ex) else {
            return;
        };
        let (body, mime) = match link.get_attribute("data-download").as_deref() {
            Some("json") => (view_json(&export, &current), "application/json"),
            _ => (view_csv(&export, &current), "text/csv"),
        };
        let href = format!(
            "data:{mime};charset=utf-8,{}",
            js_sys::encode_uri_component(&body)
        );
        let _ = link.set_attribute("href", &href);
    }
}

/// Writes every part that changes, as HTML, into the prerendered boxes
/// (`data-status`, `data-ignored`, `data-figures`, which holds the page's
/// own figures until another view or release is drawn). Each part is
/// written only when its HTML changed, so the live region does not announce
/// the status again on every change of the filter.
///
/// Once the page is found current, or the export is in, the prerendered
/// filter form and sort buttons are enabled: the explorer acts on them
/// (before the export is in, see [`go`]). Once the export is in, the
/// figures are drawn from it for the view in the URL: with the sort
/// buttons working, and a newer release's figures. The box says which view
/// it shows (`data-view`: empty for the page's own view).
fn redraw(ex: &Rc<Explorer>) {
    let t = &ex.texts;
    let find = |selector: &str| ex.root.query_selector(selector).ok().flatten();
    let mut html: [String; 4] = Default::default();
    let (own, pending) = {
        let s = ex.state.borrow();
        html[0] = status_html(t, &s.check, &location_path());
        (matches!(s.check, Check::Current), s.pending)
    };
    // Before the export is in, the reader sees the page's own view: said
    // so when its figures are the latest, or when another view was asked
    // for (its drawing, once the export is in, is then announced).
    if own || pending {
        html[3] = format!("?{}", ex.prerendered.to_query_string());
    }
    let current = selection(ex);
    let mut said = None;
    if let Some((export, query, ignored)) = &current {
        let h = &mut Html::new();
        ignored_note(h, t, ignored);
        html[1] = std::mem::take(h).finish();
        let selection = query.resolve(export);
        let report = export.report(&selection);
        let labels = Labels::new(export, t.lang);
        // The site's URL: this origin and the base path.
        let site =
            window().location().origin().unwrap_or_default() + crate::model::base_path::get();
        let cite = Cite::new(export, query, site, None);
        html[2] = report_html(
            t,
            &report,
            &labels,
            export.release.k,
            (query.sort, true),
            &cite,
        );
        html[3] = format!("?{}", query.to_query_string());
        let view = match *query == ex.prerendered {
            true => String::new(),
            false => query.to_query_string(),
        };
        said = Some((view, announcement(t, query, &report, &labels, false)));
        if let Some(form) = find("form.filters") {
            show_choices(&form, query, &selection, export);
        }
    }
    let mut written = std::mem::take(&mut ex.state.borrow_mut().written);
    // The page's own figures of the latest release are what the export
    // gives for the page's view: they stay, and the reader's focus in them.
    if own && written[2].is_empty() && current.as_ref().is_some_and(|c| c.1 == ex.prerendered) {
        written[2] = html[2].clone();
    }
    let figures_drawn = html[2] != written[2];
    for ((new, old), selector) in
        html.iter()
            .zip(&written)
            .zip(["[data-status]", "[data-ignored]", "[data-figures]"])
    {
        if let Some(target) = find(selector).filter(|_| new != old) {
            target.set_inner_html(new);
            if selector == "[data-figures]" {
                fingerprint_citations(target);
            }
        }
    }
    if let (Some((export, query, _)), Some((view, mut sentence))) = (&current, said) {
        if let Some(box_) = find("[data-figures]") {
            let _ = box_.set_attribute("data-view", &view);
        }
        // A new view after one the reader saw (not the first drawing) is
        // announced, with the table's order when that is what changed.
        let (before, now) = (&written[3], &html[3]);
        if !before.is_empty() && before != now {
            if Query::parse(before, export).0.sort != query.sort {
                sentence.push(' ');
                sentence.push_str(&sort_order(t, query.sort));
            }
            announce(ex, sentence);
        }
    }
    if own || current.is_some() {
        let off = ex
            .root
            .query_selector_all("fieldset[disabled], [data-figures] .sort[disabled]");
        if let Ok(off) = off {
            for i in 0..off.length() {
                if let Some(control) = element(off.item(i).map(Into::into)) {
                    let _ = control.remove_attribute("disabled");
                }
            }
        }
    }
    // The sort button to focus is in the figures once they are drawn anew.
    let column = {
        let mut s = ex.state.borrow_mut();
        s.written = html;
        match figures_drawn {
            true => std::mem::replace(&mut s.refocus, -1),
            false => -1,
        }
    };
    if column >= 0 {
        let button = find(&format!(
            "[data-figures] th:nth-child({}) button.sort",
            column + 1
        ));
        if let Some(button) = button {
            let _ = button.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
}

/// Has the browser compute the fingerprint of each citation in `figures`
/// from the canonical form the figures were written with: the wasm has no
/// hash function, `crypto.subtle` computes it (as it does the export's). A
/// citation gets its fingerprint a moment after its figure is drawn. (The
/// same loop as a JavaScript snippet cost as much as this code: 0.3 KB
/// compressed less wasm, 0.3 KB more script, measured.)
fn fingerprint_citations(figures: web_sys::Element) {
    spawn_local(async move {
        let Ok(codes) = figures.query_selector_all("code[data-canonical]") else {
            return;
        };
        for i in 0..codes.length() {
            let Some(code) = element(codes.item(i).map(Into::into)) else {
                continue;
            };
            let canonical = code.get_attribute("data-canonical").unwrap_or_default();
            if let Ok(hex) = api::sha256_hex(canonical.as_bytes()).await {
                code.set_text_content(Some(&hex));
                let _ = code.remove_attribute("data-canonical");
            }
        }
    });
}

/// Says `sentence` in the page's live region (`data-announce`, which the
/// page has from the start) once the reader has stopped changing the view
/// for a moment: of a burst of changes, only the last is read out.
fn announce(ex: &Rc<Explorer>, sentence: String) {
    let turn = {
        let mut s = ex.state.borrow_mut();
        s.announcements += 1;
        s.announcements
    };
    let region = ex.root.query_selector("[data-announce]").ok().flatten();
    let ex = ex.clone();
    set_timeout(
        move || {
            if ex.state.borrow().announcements == turn {
                if let Some(region) = region {
                    region.set_text_content(Some(&sentence));
                }
            }
        },
        std::time::Duration::from_millis(ANNOUNCE_AFTER_MS),
    );
}

/// How long the view must stay unchanged before it is announced.
const ANNOUNCE_AFTER_MS: u64 = 600;

/// Calls `handler` for every event of the `kinds` on `target`, for the
/// page's lifetime (a listener on an element goes with it when `boot.js` swaps
/// the page); attaching it here rather
/// than with `on:` in the view keeps tachys' typed event code out of the
/// wasm (3.1 KB compressed, measured).
fn listen(
    target: &web_sys::EventTarget,
    kinds: &[&str],
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    for kind in kinds {
        let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    }
    closure.forget();
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
}

/// The element an event reached, if it is one.
fn element(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target.and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// The archived release the address asks for (see [`release_asked`]),
/// read by the browser's own query parser, as the form's changes are.
fn asked_release() -> Result<Option<String>, MalformedRelease> {
    let params = web_sys::UrlSearchParams::new_with_str(&location_search()).ok();
    release_asked(params.and_then(|p| p.get("release")))
}

fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Sets the prerendered filter form to `query` (whose weeks are
/// `selection`'s), says how many of each list are chosen, and gives the
/// download links their target.
fn show_choices(form: &web_sys::Element, query: &Query, selection: &Selection, export: &Export) {
    let (first, release) = (export.release.first_week, &export.release.release_id);
    let period = query.period.code().unwrap_or_default();
    let select = |name: &str| {
        form.query_selector(&format!("select[name={name}]"))
            .ok()
            .flatten()
            .map(JsCast::unchecked_into::<web_sys::HtmlSelectElement>)
    };
    if let Some(s) = select("period") {
        s.set_value(&period);
    }
    let weeks = [selection.weeks.start, selection.weeks.end.saturating_sub(1)];
    for (name, week) in [("from", weeks[0]), ("to", weeks[1])] {
        let week = first.plus(week as u32).to_string();
        let Some(s) = select(name) else { continue };
        s.set_value(&week);
        if s.value() != week {
            // A week of a newer release than the page was built from.
            if let Ok(option) = document().create_element("option") {
                option.set_text_content(Some(&week));
                let _ = option.set_attribute("value", &week);
                let _ = s.append_child(&option);
                s.set_value(&week);
            }
        }
    }
    for (name, codes) in [("region", &query.regions), ("category", &query.categories)] {
        let Ok(boxes) = form.query_selector_all(&format!("input[name={name}]")) else {
            continue;
        };
        let mut chosen = 0;
        for i in 0..boxes.length() {
            if let Some(input) = boxes.item(i) {
                let input: web_sys::HtmlInputElement = input.unchecked_into();
                let on = codes.contains(&input.value());
                chosen += u32::from(on);
                input.set_checked(on);
            }
        }
        let count = boxes
            .item(0)
            .map(JsCast::unchecked_into::<web_sys::Element>)
            .and_then(|input| input.closest("details").ok().flatten())
            .and_then(|details| details.query_selector("[data-chosen]").ok().flatten());
        if let Some(count) = count {
            let all = boxes.length();
            let shown = if chosen == 0 { all } else { chosen };
            count.set_text_content(Some(&format!("({shown} / {all})")));
        }
    }
    // The download links work from now on (prerendered without a target, so
    // that nothing can follow them before); the file is written on a click.
    if let Ok(links) = form.query_selector_all("a[data-download]:not([href])") {
        for i in 0..links.length() {
            if let Some(link) = element(links.item(i).map(Into::into)) {
                let kind = link.get_attribute("data-download").unwrap_or_default();
                let _ = link.set_attribute("href", "#");
                let _ = link.set_attribute("download", &format!("statistics-{release}.{kind}"));
            }
        }
    }
}
