//! The release archive on disk (format: [`crate::model::archive`]): opened
//! and checked before anything is computed, added to only when the new
//! release may follow the archived ones, and written so that a failed run
//! changes nothing a reader can see.

use super::signing::{self, SecretKey, SIGNATURE_FILE, SUMS_FILE};
use super::{state, write_atomically, History};
use crate::model::archive::{
    ArchivedRelease, LeftOut, ReleaseIndex, INDEX_FILE, RELEASES_DIR, RELEASE_FILES,
};
use crate::model::digest::sha256_hex;
use crate::model::export::{Export, ExportRelease};
use crate::model::DataError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why the archive cannot take a release; nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Index { path: PathBuf, source: DataError },
    #[error("the archive lists release {release:?}, but {path} is missing: restore it from a copy of the published site")]
    Missing { release: String, path: PathBuf },
    #[error("{path} does not match the fingerprint the archive recorded for release {release:?} (recorded {recorded}, found {found}): a published file was changed; restore it from a copy of the published site")]
    Altered {
        release: String,
        path: PathBuf,
        recorded: String,
        found: String,
    },
    #[error("the archive lists release {release:?}, but the exporter's private state lacks its true counts ({path}): protection across releases needs them for every published release; restore the folder from its backup")]
    NoState { release: String, path: PathBuf },
    #[error("{0}")]
    Refused(String),
}

/// An archive as found in a data folder, checked file by file.
#[derive(Debug)]
pub struct Archive {
    dir: PathBuf,
    pub index: ReleaseIndex,
}

/// One release's files, as they are written.
pub type ReleaseFiles = [(&'static str, String); 3];

/// What [`Archive::sign`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signed {
    /// Wrote the release's `SHA256SUMS` and its signature.
    New,
    /// The release already had this very signature.
    Unchanged,
}

impl Archive {
    /// Opens the archive in `dir` (an empty one if `dir` has no index) and
    /// checks that every archived file, and the latest release at the
    /// stable URLs, is there unchanged.
    pub fn open(dir: &Path) -> Result<Archive, ArchiveError> {
        let path = dir.join(INDEX_FILE);
        let index = match std::fs::read_to_string(&path) {
            Ok(text) => ReleaseIndex::parse(&text).map_err(|source| ArchiveError::Index {
                path: path.clone(),
                source,
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => ReleaseIndex::empty(),
            Err(source) => return Err(ArchiveError::Io { path, source }),
        };
        let archive = Archive {
            dir: dir.to_owned(),
            index,
        };
        for release in &archive.index.releases {
            archive.check(release, &archive.release_dir(&release.release_id))?;
        }
        if let Some(latest) = archive.index.latest() {
            archive.check(latest, dir)?;
        }
        Ok(archive)
    }

    fn release_dir(&self, id: &str) -> PathBuf {
        self.dir.join(RELEASES_DIR).join(id)
    }

    fn check(&self, release: &ArchivedRelease, dir: &Path) -> Result<(), ArchiveError> {
        for (name, recorded) in &release.files {
            let path = dir.join(name);
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(ArchiveError::Missing {
                        release: release.release_id.clone(),
                        path,
                    })
                }
                Err(source) => return Err(ArchiveError::Io { path, source }),
            };
            let found = sha256_hex(&bytes);
            if &found != recorded {
                return Err(ArchiveError::Altered {
                    release: release.release_id.clone(),
                    path,
                    recorded: recorded.clone(),
                    found,
                });
            }
        }
        Ok(())
    }

    /// Every archived release with the true counts behind it (from the
    /// private state in `state_dir`), oldest first.
    pub fn history(&self, state_dir: &Path) -> Result<Vec<History>, ArchiveError> {
        self.index
            .releases
            .iter()
            .map(|release| {
                let id = &release.release_id;
                let path = self.release_dir(id).join("export.json");
                let text = std::fs::read_to_string(&path).map_err(|source| ArchiveError::Io {
                    path: path.clone(),
                    source,
                })?;
                let export = Export::parse(&text).map_err(|source| ArchiveError::Index {
                    path: path.clone(),
                    source,
                })?;
                let state = state::path(state_dir, id);
                let counts = state::load(state_dir, id)
                    .map_err(|source| ArchiveError::Io {
                        path: state.clone(),
                        source,
                    })?
                    .ok_or(ArchiveError::NoState {
                        release: id.clone(),
                        path: state,
                    })?;
                Ok(History { export, counts })
            })
            .collect()
    }

    /// Whether a release with these settings may be added; checked before
    /// the export is computed, so that a refused run costs nothing.
    pub fn admits(&self, settings: &ExportRelease) -> Result<(), ArchiveError> {
        let entry = entry(settings, &[], None);
        self.index.admits(&entry).map_err(ArchiveError::Refused)
    }

    /// Adds a release, with what it `left_out` in its index entry: its
    /// folder first (written aside, then renamed into place), then the
    /// index, then the latest files at the stable URLs. If the index cannot
    /// be written, the new folder is removed again.
    pub fn publish(
        mut self,
        settings: &ExportRelease,
        files: &ReleaseFiles,
        left_out: Option<LeftOut>,
    ) -> Result<ReleaseIndex, ArchiveError> {
        let entry = entry(settings, files, left_out);
        self.index.admits(&entry).map_err(ArchiveError::Refused)?;
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| ArchiveError::Io { path, source }
        };
        let target = self.release_dir(&entry.release_id);
        let aside = self.dir.join(RELEASES_DIR).join(format!(
            ".{}.tmp-{}",
            entry.release_id,
            std::process::id()
        ));
        std::fs::create_dir_all(&aside).map_err(io(&aside))?;
        let written = files
            .iter()
            .try_for_each(|(name, text)| std::fs::write(aside.join(name), text))
            .and_then(|()| std::fs::rename(&aside, &target));
        if let Err(source) = written {
            let _ = std::fs::remove_dir_all(&aside);
            return Err(ArchiveError::Io {
                path: target,
                source,
            });
        }
        self.index.releases.push(entry);
        let text = serde_json::to_string_pretty(&self.index).unwrap_or_default() + "\n";
        let index_path = self.dir.join(INDEX_FILE);
        if let Err(source) = write_atomically(&index_path, |out| out.write_all(text.as_bytes())) {
            let _ = std::fs::remove_dir_all(&target);
            return Err(ArchiveError::Io {
                path: index_path,
                source,
            });
        }
        for (name, text) in files {
            let path = self.dir.join(name);
            write_atomically(&path, |out| out.write_all(text.as_bytes())).map_err(io(&path))?;
        }
        Ok(self.index)
    }

    /// Signs archived release `release_id` with `key`: writes `SHA256SUMS`
    /// of its files (their fingerprints in the index, which [`Archive::open`]
    /// checked against their bytes) and its signature into its folder, then
    /// verifies them as a reader would. A signature already published is
    /// never replaced; the same one again changes nothing.
    pub fn sign(&self, release_id: &str, key: &SecretKey) -> Result<Signed, ArchiveError> {
        let release = self
            .index
            .releases
            .iter()
            .find(|r| r.release_id == release_id)
            .ok_or_else(|| {
                let ids: Vec<&str> = self
                    .index
                    .releases
                    .iter()
                    .map(|r| r.release_id.as_str())
                    .collect();
                ArchiveError::Refused(format!(
                    "the archive in {} has no release {release_id:?} (it has {ids:?}): export it first",
                    self.dir.display()
                ))
            })?;
        if !release.sample && key.public_key() == sample_key()?.public_key() {
            return Err(ArchiveError::Refused(format!(
                "release {release_id:?} is not sample data, and this is the sample key, whose secret half is published: sign real releases with the data team's own key (`exporter keygen`)"
            )));
        }
        let dir = self.release_dir(release_id);
        let files = signing::sign_release(release, key);
        let existing = dir.join(SIGNATURE_FILE);
        match std::fs::metadata(&existing) {
            Ok(_) => {
                let same = files.iter().all(|(name, text)| {
                    std::fs::read(dir.join(name)).is_ok_and(|b| b == text.as_bytes())
                });
                return if same {
                    Ok(Signed::Unchanged)
                } else {
                    Err(ArchiveError::Refused(format!(
                        "{} is there and differs from the signature this key makes: a published signature is not replaced (to sign with a new key, remove it and {SUMS_FILE} first, and say why in the corrections log)",
                        existing.display()
                    )))
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(ArchiveError::Io {
                    path: existing,
                    source,
                })
            }
        }
        for (name, text) in &files {
            let path = dir.join(name);
            if let Err(source) = write_atomically(&path, |out| out.write_all(text.as_bytes())) {
                let _ = std::fs::remove_file(dir.join(SUMS_FILE));
                return Err(ArchiveError::Io { path, source });
            }
        }
        if let Err(e) = signing::verify_release(&dir, &key.public_key(), &[]) {
            for name in [SIGNATURE_FILE, SUMS_FILE] {
                let _ = std::fs::remove_file(dir.join(name));
            }
            return Err(ArchiveError::Refused(format!(
                "the new signature does not verify, and was removed: {e}"
            )));
        }
        Ok(Signed::New)
    }

    /// Removes an archive of sample releases, for `exporter sample`, which
    /// writes the whole sample series anew; refuses if any release in it is
    /// not sample data.
    pub fn clear_sample(dir: &Path) -> Result<(), ArchiveError> {
        let archive = Archive::open(dir)?;
        if let Some(real) = archive.index.releases.iter().find(|r| !r.sample) {
            return Err(ArchiveError::Refused(format!(
                "{} holds release {:?}, which is not sample data: the sample is written only into a folder without real releases",
                dir.display(),
                real.release_id
            )));
        }
        for path in [dir.join(RELEASES_DIR), dir.join(INDEX_FILE)] {
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            match removed {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(ArchiveError::Io { path, source: e })
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The sample series' signing key (`data/sample-signing-key.txt`, compiled in).
pub fn sample_key() -> Result<SecretKey, ArchiveError> {
    SecretKey::parse(super::builtin::SAMPLE_SIGNING_KEY).map_err(|e| {
        ArchiveError::Refused(format!("data/sample-signing-key.txt (compiled in): {e}"))
    })
}

/// The index entry of a release with these files (their names must be
/// [`RELEASE_FILES`]; with none, the entry serves only [`ReleaseIndex::admits`]).
fn entry(
    settings: &ExportRelease,
    files: &[(&'static str, String)],
    left_out: Option<LeftOut>,
) -> ArchivedRelease {
    debug_assert!(files.is_empty() || files.iter().map(|f| f.0).eq(RELEASE_FILES));
    ArchivedRelease {
        release_id: settings.release_id.clone(),
        generated_at: settings.generated_at,
        data_as_of: settings.data_as_of,
        first_week: settings.first_week,
        last_week: settings.last_week,
        methodology_version: settings.methodology_version.clone(),
        sample: settings.sample,
        sha256: settings.sha256.clone(),
        files: files
            .iter()
            .map(|(name, text)| (name.to_string(), sha256_hex(text.as_bytes())))
            .collect(),
        left_out,
    }
}
