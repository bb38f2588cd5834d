//! One component per route. The prerender tool renders each of them, for
//! every language, into `dist/`.

mod accessibility_page;
mod compare_page;
mod declaration_page;
mod embed_page;
mod home_page;
mod language_choice_page;
mod methodology_page;
mod not_found_page;
mod pillars_page;
#[cfg(feature = "ssr")]
mod releases_page;
mod statistics_page;

pub use accessibility_page::AccessibilityPage;
pub use compare_page::ComparePage;
pub use declaration_page::{DeclarationPage, ProvisionView, Reader};
pub use embed_page::{Builder, BuilderWidget, EmbedPage};
pub use home_page::{HomePage, Overview};
pub use language_choice_page::LanguageChoicePage;
pub use methodology_page::{CitationExample, MethodologyPage, Protection, SigningKey};
pub use not_found_page::NotFoundPage;
pub use pillars_page::{PillarMap, PillarsPage, ThreePillars};
#[cfg(feature = "ssr")]
pub use releases_page::{published_at, release_file_path, History, ReleaseChange, ReleasesPage};
pub use statistics_page::{ExplorerParts, Statistics, StatisticsPage};
