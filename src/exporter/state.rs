//! The exporter's private state: the true counts behind every release it
//! published, one file per release (`{release_id}.json`). Protecting a new
//! release needs them: which withheld counts are unchanged, and by how much
//! an archived one can move, depends on their true values.
//!
//! **Never publish this folder**: it holds every small count the releases
//! withhold. Keep it with the raw incident files (the default,
//! `data/private/`, is ignored by git).

use super::input::Counts;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The state file of a release.
pub fn path(dir: &Path, release_id: &str) -> PathBuf {
    dir.join(format!("{release_id}.json"))
}

/// Keeps the true counts of a release about to be published.
pub fn save(dir: &Path, release_id: &str, counts: &Counts) -> std::io::Result<()> {
    let json = serde_json::to_string(counts).map_err(std::io::Error::other)?;
    super::write_atomically(&path(dir, release_id), |out| out.write_all(json.as_bytes()))
}

/// The true counts of an archived release; `None` if the file is missing.
pub fn load(dir: &Path, release_id: &str) -> std::io::Result<Option<Counts>> {
    match std::fs::read_to_string(path(dir, release_id)) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(std::io::Error::other),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}
