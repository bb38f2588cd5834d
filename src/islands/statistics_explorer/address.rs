//! The view's address: the URL's query names the view, so that it can be
//! shared, and back and forward step through the views shown.

use super::draw::redraw;
use super::{load, Explorer};
use crate::model::query::{release_asked, MalformedRelease, Query};
use leptos::prelude::*;
use std::rc::Rc;

/// Shows the view that `params` name (as the form or a button gives them):
/// a new entry in the history, unless it is the view shown. Before the
/// export is in, the address takes the change at once and the export is
/// fetched; the view is drawn, and said, once it is in. The release the
/// URL asked for stays in it.
pub(super) fn go(ex: &Rc<Explorer>, params: &web_sys::UrlSearchParams) {
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
pub(super) fn address(ex: &Explorer, text: &str) -> Option<String> {
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
pub(super) fn write_address(url: &str, replace: bool) {
    if let Ok(history) = window().history() {
        let null = &wasm_bindgen::JsValue::NULL;
        let _ = match replace {
            true => history.replace_state_with_url(null, "", Some(url)),
            false => history.push_state_with_url(null, "", Some(url)),
        };
    }
}

/// The view's address as parameters, with only its `sort` when `only_sort`.
pub(super) fn address_params(ex: &Explorer, only_sort: bool) -> Option<web_sys::UrlSearchParams> {
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

/// The archived release the address asks for (see [`release_asked`]),
/// read by the browser's own query parser, as the form's changes are.
pub(super) fn asked_release() -> Result<Option<String>, MalformedRelease> {
    let params = web_sys::UrlSearchParams::new_with_str(&location_search()).ok();
    release_asked(params.and_then(|p| p.get("release")))
}

pub(super) fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

pub(super) fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}
