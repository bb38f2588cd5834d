//! Reusable views. Pages compose them; only those used inside an island are
//! compiled into the wasm.

mod announcement;
#[cfg(feature = "ssr")]
mod card_png;
mod count;
mod declaration;
mod embed;
pub mod explorer_contract;
mod explorer_filters;
mod figure_citation;
mod figure_images;
#[cfg(any(feature = "ssr", feature = "figure-svg"))]
mod figure_view;
#[cfg(any(feature = "ssr", feature = "figure-svg"))]
mod font_advances;
#[cfg(any(feature = "ssr", feature = "figure-svg"))]
mod font_metrics;
mod headline;
mod html;
mod json_ld;
mod lang_switcher;
mod page_head;
mod prose;
#[cfg(feature = "ssr")]
mod revision_summary;
#[cfg(any(feature = "ssr", feature = "figure-svg"))]
mod share_card;
mod shell;
mod site_footer;
mod site_header;
mod source_link;
mod statistics_report;

pub use announcement::{announcement, sort_order};
#[cfg(feature = "ssr")]
pub use card_png::{
    card_file, download_files, CardError, Rasteriser, CARD_MAX_BYTES, DOWNLOAD_SCALE,
};
pub use count::{count_html, total_html, CountView, TotalView};
pub use declaration::{
    edition_label, status_label, version_label, DisagreementView, NoteView, TextFacts,
};
pub use embed::{EmbedFrame, EmbedHead, EmbedMeta};
pub use explorer_filters::ExplorerFilters;
pub use figure_citation::{figure_citation, stage_anchor, written, Cite, Cited, Written};
pub use figure_images::{FigureImage, FigureImages, WidgetImage};
#[cfg(any(feature = "ssr", feature = "figure-svg"))]
pub use figure_view::{
    data_widget_title, explored_figure, figure_body, figure_card, figure_file_name,
};
#[cfg(any(feature = "ssr", feature = "figure-svg"))]
pub use font_metrics::{text_width, BLOCKS as FONT_BLOCKS};
pub use headline::HeadlineFigures;
pub use html::{raw, Html};
pub use json_ld::JsonLd;
pub use lang_switcher::LangSwitcher;
pub use page_head::{PageHead, PageMeta, ShareImage};
pub use prose::Prose;
#[cfg(feature = "ssr")]
pub use revision_summary::{
    figure_row_id, revision_in_words, Names, RevisionSummary, LARGEST_REVISIONS,
};
#[cfg(any(feature = "ssr", feature = "figure-svg"))]
pub use share_card::{card_alt, card_svg, Card, CardBody, Download, CARD_HEIGHT, CARD_WIDTH};
pub use shell::Shell;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use source_link::SourceLink;
pub use statistics_report::{report_html, Funnel, Labels, StatisticsReport, TileMap, WeeklyTrend};
