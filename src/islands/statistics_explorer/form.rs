//! The filter form: the view its fields name after a change, and its
//! fields set to the view shown.

use super::events::element;
use crate::components::explorer_contract::{field, CHOSEN, DOWNLOAD};
use crate::model::export::Export;
use crate::model::query::{Query, Selection};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The view the form names once `changed` (one of its fields) changed, as
/// query parameters.
pub(super) fn view_asked(changed: &web_sys::Element) -> Option<web_sys::UrlSearchParams> {
    let params = changed
        .closest("form")
        .ok()
        .flatten()
        .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok())
        .and_then(|form| web_sys::FormData::new_with_form(&form).ok())
        .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())?;
    // Choosing weeks replaces the preset; otherwise a preset (the period
    // field is empty only while weeks are chosen) stands for the weeks the
    // form shows.
    let weeks_chosen = matches!(
        changed.get_attribute("name").as_deref(),
        Some(field::FROM | field::TO)
    );
    if weeks_chosen || params.get(field::PERIOD).unwrap_or_default().is_empty() {
        params.delete(field::PERIOD);
        // A "to" before the "from" means the weeks between them.
        if let (Some(from), Some(to)) = (params.get(field::FROM), params.get(field::TO)) {
            if from > to {
                params.set(field::FROM, &to);
                params.set(field::TO, &from);
            }
        }
    } else {
        params.delete(field::FROM);
        params.delete(field::TO);
    }
    Some(params)
}

/// Sets the prerendered filter form to `query` (whose weeks are
/// `selection`'s), says how many of each list are chosen, and gives the
/// download links their target.
pub(super) fn show_choices(
    form: &web_sys::Element,
    query: &Query,
    selection: &Selection,
    export: &Export,
) {
    let (first, release) = (export.release.first_week, &export.release.release_id);
    let period = query.period.code().unwrap_or_default();
    let select = |name: &str| {
        form.query_selector(&format!("select[name={name}]"))
            .ok()
            .flatten()
            .map(JsCast::unchecked_into::<web_sys::HtmlSelectElement>)
    };
    if let Some(s) = select(field::PERIOD) {
        s.set_value(&period);
    }
    let weeks = [selection.weeks.start, selection.weeks.end.saturating_sub(1)];
    for (name, week) in [(field::FROM, weeks[0]), (field::TO, weeks[1])] {
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
    for (name, codes) in [
        (field::REGION, &query.regions),
        (field::CATEGORY, &query.categories),
    ] {
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
            .and_then(|details| details.query_selector(CHOSEN.selector).ok().flatten());
        if let Some(count) = count {
            let all = boxes.length();
            let shown = if chosen == 0 { all } else { chosen };
            count.set_text_content(Some(&format!("({shown} / {all})")));
        }
    }
    // The download links work from now on (prerendered without a target, so
    // that nothing can follow them before); the file is written on a click.
    if let Ok(links) = form.query_selector_all(DOWNLOAD.selector) {
        for i in 0..links.length() {
            let Some(link) = element(links.item(i).map(Into::into)) else {
                continue;
            };
            if link.get_attribute("href").is_none() {
                let kind = link.get_attribute(DOWNLOAD.name).unwrap_or_default();
                let _ = link.set_attribute("href", "#");
                let _ = link.set_attribute("download", &format!("statistics-{release}.{kind}"));
            }
        }
    }
}
