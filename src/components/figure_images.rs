//! The links to a figure's images, PNG for print and SVG: files the build
//! drew with the share cards' writer (`share_card.rs`), which carry the
//! figure's title, view, source, release, data-as-of date, licence and
//! sample-data label in the image itself. Plain links, so they work
//! without JavaScript; nothing of this is in the wasm. A view the reader
//! explored gets buttons instead, which draw its SVG in the browser with
//! the same writer (`src/figure_svg.rs`, a module of its own that
//! `boot.js` loads on the first click).

use crate::locale::{td_string, Locale};
use crate::model::format::colon;
use crate::model::route::Widget;
use crate::model::Lang;
use leptos::prelude::*;

/// One figure's image files, as a page links them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureImage {
    /// The figure (funnel, trend or map), as `data-figure-svg` names it
    /// to the module that draws an explored view's.
    pub figure: Widget,
    /// The figure's name ("Reported violations per week"), for the links'
    /// names out of their context.
    pub name: String,
    /// The files as the site's pages link them (under the base path):
    /// `/cards/figures/….png` and `.svg`;
    /// no PNG for the views the statistics pages do not show (see the
    /// README).
    pub png: Option<String>,
    pub svg: String,
    /// The name a browser saves the file under, without its extension
    /// (`trend-sample-2026-W47-uk`).
    pub file_name: String,
}

/// A figure's two links. On a portal page they download the file under
/// its `file_name`; in a widget they open it (in a new tab, or through
/// WordPress's link message), since a framing site's sandbox may forbid
/// downloads.
#[component]
fn ImageLinks(image: FigureImage, download: bool) -> impl IntoView {
    let link = move |href: String, kind: &'static str, extension: &'static str| {
        let saved = download.then(|| format!("{}.{extension}", image.file_name));
        view! {
            <a href=href download=saved data-image=extension type=kind>
                {extension.to_uppercase()}
                <span class="visually-hidden">" – " {image.name.clone()}</span>
            </a>
        }
    };
    let png = image
        .png
        .clone()
        .map(|png| view! { {link(png, "image/png", "png")} " · " });
    view! { {png} {link(image.svg.clone(), "image/svg+xml", "svg")} }
}

/// The statistics page's images of its figures (funnel, trend, map), after
/// the figures. When the explorer shows another view than the page's own
/// (`data-view` on the figures' box is not empty), the stylesheet hides the
/// links and shows a button for each figure instead, which draws that
/// view's SVG.
#[component]
pub fn FigureImages(lang: Lang, images: Vec<FigureImage>) -> impl IntoView {
    let locale = Locale::from(lang);
    view! {
        <section class="report image-downloads" aria-labelledby="images-heading" data-testid="image-downloads">
            <h2 id="images-heading">{td_string!(locale, images_heading)}</h2>
            <div class="image-downloads__prepared">
                <p>{td_string!(locale, images_intro)}</p>
                <ul>
                    {images.iter().cloned().map(|image| view! {
                        <li>{image.name.clone()} {colon(lang)} <ImageLinks image=image download=true/></li>
                    }).collect_view()}
                </ul>
            </div>
            <div class="image-downloads__other">
                <p>{td_string!(locale, images_other_view)}</p>
                <ul>
                    {images.into_iter().map(|image| view! {
                        <li>
                            {image.name.clone()} {colon(lang)}
                            <button type="button" data-figure-svg=image.figure.slug()>
                                "SVG" <span class="visually-hidden">" – " {image.name}</span>
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
                <p role="status" data-figure-svg-status></p>
            </div>
        </section>
    }
}

/// A data widget's image of its view, in its footer.
#[component]
pub fn WidgetImage(lang: Lang, image: FigureImage) -> impl IntoView {
    let locale = Locale::from(lang);
    view! {
        <p data-testid="widget-images">
            {td_string!(locale, images_widget)} " " <ImageLinks image=image download=false/>
        </p>
    }
}
