//! Drawing a view: the status, the ignored-values note and the figures
//! written into the page's boxes, the form set to the view, and the new
//! view said in the live region.

use super::address::location_path;
use super::events::element;
use super::status::{ignored_note, status_html, Check};
use super::{form, selection, Explorer};
use crate::api;
use crate::components::explorer_contract::{
    ANNOUNCE, CANONICAL, FIGURES, FILTERS, IGNORED, SORT, STATUS, VIEW,
};
use crate::components::{announcement, report_html, sort_order, Cite, Html, Labels};
use crate::model::query::Query;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Writes every part that changes, as HTML, into the prerendered boxes
/// ([`STATUS`], [`IGNORED`], [`FIGURES`], which holds the page's
/// own figures until another view or release is drawn). Each part is
/// written only when its HTML changed, so the live region does not announce
/// the status again on every change of the filter.
///
/// Once the page is found current, or the export is in, the prerendered
/// filter form and sort buttons are enabled: the explorer acts on them
/// (before the export is in, see [`go`]). Once the export is in, the
/// figures are drawn from it for the view in the URL: with the sort
/// buttons working, and a newer release's figures. The box says which view
/// it shows ([`VIEW`]: empty for the page's own view).
pub(super) fn redraw(ex: &Rc<Explorer>) {
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
        let later;
        (html[2], later) = report_html(
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
        if let Some(filters) = find(FILTERS.selector) {
            form::show_choices(&filters, query, &selection, export);
        }
        ex.state.borrow_mut().later = later;
    }
    let mut written = std::mem::take(&mut ex.state.borrow_mut().written);
    // The page's own figures of the latest release are what the export
    // gives for the page's view: they stay, and the reader's focus in them.
    if own && written[2].is_empty() && current.as_ref().is_some_and(|c| c.1 == ex.prerendered) {
        written[2] = html[2].clone();
    }
    let figures_drawn = html[2] != written[2];
    for ((new, old), hook) in html.iter().zip(&written).zip([STATUS, IGNORED, FIGURES]) {
        if let Some(target) = find(hook.selector).filter(|_| new != old) {
            target.set_inner_html(new);
            if hook == FIGURES {
                fingerprint_citations(target);
            }
        }
    }
    if let (Some((export, query, _)), Some((view, mut sentence))) = (&current, said) {
        if let Some(box_) = find(FIGURES.selector) {
            let _ = box_.set_attribute(VIEW.name, &view);
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
        for selector in ["fieldset[disabled]", SORT.selector] {
            let Ok(off) = ex.root.query_selector_all(selector) else {
                continue;
            };
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
            "{} th:nth-child({}) {}",
            FIGURES.selector,
            column + 1,
            SORT.selector
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
pub(super) fn fingerprint_citations(figures: web_sys::Element) {
    spawn_local(async move {
        let Ok(codes) = figures.query_selector_all(CANONICAL.selector) else {
            return;
        };
        for i in 0..codes.length() {
            let Some(code) = element(codes.item(i).map(Into::into)) else {
                continue;
            };
            let canonical = code.get_attribute(CANONICAL.name).unwrap_or_default();
            if let Ok(hex) = api::sha256_hex(canonical.as_bytes()).await {
                code.set_text_content(Some(&hex));
                let _ = code.remove_attribute(CANONICAL.name);
            }
        }
    });
}

/// Says `sentence` in the page's live region ([`ANNOUNCE`], which the
/// page has from the start) once the reader has stopped changing the view
/// for a moment: of a burst of changes, only the last is read out.
fn announce(ex: &Rc<Explorer>, sentence: String) {
    let turn = {
        let mut s = ex.state.borrow_mut();
        s.announcements += 1;
        s.announcements
    };
    let region = ex.root.query_selector(ANNOUNCE.selector).ok().flatten();
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
