//! The explorer's own views as SVG images, drawn in the browser by the
//! share cards' writer with the code the build draws the prepared views
//! with ([`explored_figure`]). A module of its own, not the page's wasm:
//! the Makefile builds the library with the `figure-svg` feature (and
//! without the islands) into `figure-svg.js` and `figure-svg_bg.wasm`,
//! which `boot.js` imports on the first click on a figure's "SVG" button
//! of a view the reader explored, so that none of it weighs on loading a
//! page.

use crate::api::{fetch_export, ApiError};
use crate::components::explored_figure;
use crate::locale::{td_string, Locale};
use crate::model::export::Export;
use crate::model::query::release_asked;
use crate::model::route::Widget;
use crate::model::{base_path, Lang, Route};
use leptos::prelude::{document, window};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Draws the figure that `button` names (`data-figure-svg`: `funnel`,
/// `trend` or `map`) for the view in the page's address, and offers it as
/// a download; or says in the images' status (`data-figure-svg-status`)
/// why it could not, and rejects with that.
#[wasm_bindgen]
pub async fn download(button: web_sys::Element) -> Result<(), JsError> {
    let status = button
        .closest("section")
        .ok()
        .flatten()
        .and_then(|s| s.query_selector("[data-figure-svg-status]").ok().flatten());
    let drawn = draw(&button).await;
    let said = match &drawn {
        Ok(()) => String::new(),
        Err(reason) => {
            let lang = document()
                .document_element()
                .map(|html| html.get_attribute("lang").unwrap_or_default())
                .and_then(|code| code.parse().ok())
                .unwrap_or(Lang::En);
            let failed = td_string!(Locale::from(lang), images_failed);
            format!("{failed} {reason}")
        }
    };
    if let Some(status) = status {
        status.set_text_content(Some(&said));
    }
    drawn.map_err(|reason| JsError::new(&reason))
}

/// Draws the figure `button` names for the view in the address and hands
/// it to the browser to save.
async fn draw(button: &web_sys::Element) -> Result<(), String> {
    if let Some(base) = document()
        .query_selector(base_path::META_SELECTOR)
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
    {
        base_path::set(base);
    }
    let widget = match button.get_attribute("data-figure-svg").as_deref() {
        Some("funnel") => Widget::Funnel,
        Some("trend") => Widget::Trend,
        Some("map") => Widget::Map,
        other => return Err(format!("no figure named {other:?}")),
    };
    let location = window().location();
    let text = |part: Result<String, JsValue>| part.unwrap_or_default();
    let (origin, path, search) = (
        text(location.origin()),
        text(location.pathname()),
        text(location.search()),
    );
    let (lang, region) = match path.strip_prefix(base_path::get()).and_then(Route::parse) {
        Some(Route::Page(lang, _)) => (lang, None),
        Some(Route::Region(lang, code)) => (lang, Some(code)),
        _ => return Err(format!("{path} is no statistics page")),
    };
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let release =
        release_asked(params.and_then(|p| p.get("release"))).map_err(|e| e.to_string())?;
    let export = export(release.as_deref())
        .await
        .map_err(|e| e.to_string())?;
    // The page's canonical URL, which the build names as the images'
    // source: the site's public origin, whatever host served the page.
    let page = document()
        .query_selector("link[rel=canonical]")
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
        .unwrap_or_else(|| format!("{origin}{path}"));
    let (name, svg) = explored_figure(&export, lang, widget, (&page, &search), region);
    let link: web_sys::HtmlElement = document()
        .create_element("a")
        .map_err(|_| "no link".to_owned())?
        .unchecked_into();
    let href = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        js_sys::encode_uri_component(&svg)
    );
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", &name);
    link.click();
    Ok(())
}

/// The export the view is of: the latest release's, or the archived one's
/// the address asks for (the browser has it from the explorer's own fetch,
/// and revalidates it). The one place this module reads data.
async fn export(release: Option<&str>) -> Result<Export, ApiError> {
    fetch_export(release).await
}
