//! Reusable views. Pages compose them; only those used inside an island are
//! compiled into the wasm.

mod announcement;
mod count;
mod declaration;
mod embed;
mod explorer_filters;
mod figure_citation;
mod figure_images;
mod headline;
mod html;
mod json_ld;
mod lang_switcher;
mod page_head;
mod prose;
#[cfg(feature = "ssr")]
mod revision_summary;
#[cfg(feature = "ssr")]
mod share_card;
mod shell;
mod site_footer;
mod site_header;
mod source_link;
mod statistics_report;

pub use announcement::{announcement, sort_order};
pub use count::{count_html, total_html, CountView, TotalView};
pub use declaration::{
    edition_label, status_label, version_label, DisagreementView, NoteView, TextFacts,
};
pub use embed::{EmbedFrame, EmbedHead, EmbedMeta};
pub use explorer_filters::ExplorerFilters;
pub use figure_citation::{figure_citation, stage_anchor, written, Cite, Cited, Written};
pub use figure_images::{FigureImage, FigureImages, WidgetImage};
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
#[cfg(feature = "ssr")]
pub use share_card::{
    card_alt, card_file, card_svg, download_files, Card, CardBody, CardError, Download, Rasteriser,
    CARD_HEIGHT, CARD_MAX_BYTES, CARD_WIDTH, DOWNLOAD_SCALE,
};
pub use shell::Shell;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use source_link::SourceLink;
pub use statistics_report::{report_html, Funnel, Labels, StatisticsReport, TileMap, WeeklyTrend};
