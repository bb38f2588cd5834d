//! The reader's events on the page's parts, handled by delegation on the
//! element around the island (the parts are drawn anew as HTML), and back
//! and forward.

use super::address::{address_params, asked_release, go, location_search};
use super::draw::{fingerprint_citations, redraw};
use super::status::Check;
use super::{form, load, selection, Explorer};
use crate::components::explorer_contract::{DOWNLOAD, LATER, RESET, RETRY, SORT, STATUS};
use crate::model::download::{view_csv, view_json};
use crate::model::query::Sort;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Handles the reader's events over the page's parts, for the page's
/// lifetime.
pub(super) fn attach(ex: Rc<Explorer>) {
    // The controls and the recomputed figures are rendered in the browser
    // from the same components as the prerendered page, as HTML; their
    // buttons, links and fields are handled here, by delegation.
    let on = ex.clone();
    listen(&ex.root, (&["click"], false), move |event| {
        on_click(&on, event)
    });
    let on = ex.clone();
    listen(&ex.root, (&["change"], false), move |event| {
        on_change(&on, event)
    });
    let on = ex.clone();
    listen(&ex.root, (&["toggle"], true), move |event| {
        on_toggle(&on, event)
    });
    // The reader starts exploring: the focus or the pointer comes into the
    // explorer. Pointer events cover touch too (a non-passive `touchstart`
    // listener would hold up scrolling).
    let on = ex.clone();
    listen(
        &ex.root,
        (&["focusin", "pointerover", "pointerdown"], false),
        move |_| {
            if matches!(on.state.borrow().check, Check::Current) {
                load(&on);
            }
        },
    );
    // Back and forward: only while this page is the one shown, and within
    // its release (another release is another page, which `boot.js` brings).
    listen(&window(), (&["popstate"], false), move |_| {
        if ex.root.is_connected() && asked_release().ok().flatten() == ex.release {
            ex.state.borrow_mut().search = location_search();
            redraw(&ex);
        }
    });
}

/// A field of the filter form changed: the view it now names is shown,
/// in the table's order in the address.
fn on_change(ex: &Rc<Explorer>, event: web_sys::Event) {
    let Some(params) = element(event.target()).and_then(|field| form::view_asked(&field)) else {
        return;
    };
    // The table's order stays the one in the address.
    if let Some(sort) = address_params(ex, true).and_then(|kept| kept.get("sort")) {
        params.set("sort", &sort);
    }
    go(ex, &params);
}

/// A `<details>` opened or closed: a part of the figures in it that the
/// island drew empty ([`LATER`]) is written when it is first opened, and
/// a citation in it gets its fingerprint.
fn on_toggle(ex: &Explorer, event: web_sys::Event) {
    let Some(part) = element(event.target())
        .and_then(|details| details.query_selector(LATER.selector).ok().flatten())
    else {
        return;
    };
    let number = part
        .get_attribute(LATER.name)
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(html) = number.and_then(|n| ex.state.borrow().later.get(n).cloned()) {
        part.set_inner_html(&html);
        let _ = part.remove_attribute(LATER.name);
        fingerprint_citations(part);
    }
}

/// A click on a button or a link of the page's parts.
fn on_click(ex: &Rc<Explorer>, event: web_sys::Event) {
    let Some(target) = element(event.target()) else {
        return;
    };
    let closest = |selector: &str| target.closest(selector).ok().flatten();
    if closest(RETRY.selector).is_some() {
        // The button goes with the notice: the focus stays in the box.
        if let Some(status) = closest(STATUS.selector) {
            let _ = status.unchecked_into::<web_sys::HtmlElement>().focus();
        }
        return load(ex);
    }
    if let Some((button, sort)) = closest(SORT.selector).and_then(|b| {
        let sort = Sort::from_code(&b.get_attribute(SORT.name)?)?;
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
    } else if closest(RESET.selector).is_some() {
        if let Some(params) = address_params(ex, true) {
            go(ex, &params);
        }
    } else if let Some(link) = closest(DOWNLOAD.selector) {
        // Without the export, the links have no target yet.
        let Some((export, current, _)) = selection(ex) else {
            return;
        };
        let (body, mime) = match link.get_attribute(DOWNLOAD.name).as_deref() {
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

/// Calls `handler` for every event of the `kinds` on `target` (as they go
/// down to their element with `capture`, for events that do not bubble up),
/// for the page's lifetime (a listener on an element goes with it when
/// `boot.js` swaps the page); attaching it here rather than with `on:` in
/// the view keeps tachys' typed event code out of the wasm (3.1 KB
/// compressed, measured).
fn listen(
    target: &web_sys::EventTarget,
    (kinds, capture): (&[&str], bool),
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    for kind in kinds {
        let _ = target.add_event_listener_with_callback_and_bool(
            kind,
            closure.as_ref().unchecked_ref(),
            capture,
        );
    }
    closure.forget();
}

/// The element an event reached, if it is one.
pub(super) fn element(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target.and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}
