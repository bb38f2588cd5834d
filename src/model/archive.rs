//! The release archive: every release ever published, kept unchanged at
//! `data/releases/{release_id}/`, and its index `data/releases.json`, oldest
//! first. `data/export.json`, `export.csv` and `release.json` stay the
//! latest release at their stable URLs.
//!
//! Readers, archives and news sites keep every release, so the exporter
//! protects a new one against all of them; the index says which they are
//! and fingerprints their files, so that a changed or lost file is noticed.

use super::error::DataError;
use super::release::{check_data_as_of, check_release_id, check_sha256, parse_versioned};
use super::week::IsoWeek;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The only index version this build understands.
pub const ARCHIVE_SCHEMA_VERSION: u32 = 1;

/// The index of the archive, beside the latest release's files.
pub const INDEX_FILE: &str = "releases.json";

/// The folder of the archived releases, beside the index.
pub const RELEASES_DIR: &str = "releases";

/// The files of one release, in its folder and (for the latest) at the
/// stable URLs.
pub const RELEASE_FILES: [&str; 3] = ["export.json", "export.csv", "release.json"];

/// Where the site publishes `file` of the archived release `release_id`:
/// `/data/releases/{release_id}/{file}`.
///
/// ```
/// use portal::model::archive::release_file_url;
/// assert_eq!(release_file_url("r1", "export.csv"), "/data/releases/r1/export.csv");
/// ```
pub fn release_file_url(release_id: &str, file: &str) -> String {
    format!("/data/{RELEASES_DIR}/{release_id}/{file}")
}

/// `data/releases.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseIndex {
    pub schema_version: u32,
    /// Oldest first: each generated after, and with data as of a later day
    /// than, the one before.
    pub releases: Vec<ArchivedRelease>,
}

/// One archived release, as its export describes it, with what the
/// exporter left out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedRelease {
    pub release_id: String,
    #[serde(deserialize_with = "super::time::utc")]
    pub generated_at: DateTime<Utc>,
    #[serde(deserialize_with = "super::time::date")]
    pub data_as_of: NaiveDate,
    pub first_week: IsoWeek,
    pub last_week: IsoWeek,
    pub methodology_version: String,
    pub sample: bool,
    /// The export's own fingerprint (`release.sha256` in its `export.json`).
    pub sha256: String,
    /// SHA-256 of each file's bytes, by file name ([`RELEASE_FILES`]).
    pub files: BTreeMap<String, String>,
    /// Incidents of the exporter's input that the release does not count,
    /// how many and why (never which). Absent when it counts them all, and
    /// in entries written before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_out: Option<LeftOut>,
}

/// Rows of the exporter's input that may be incidents of a release but are
/// not in its counts. Rows dated outside the period are not among them:
/// they belong to no week the release covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeftOut {
    /// Rows with a problem (an empty or repeated id, a date, status,
    /// category or attribution that cannot be read, …), left out under
    /// `--on-bad-rows=quarantine`.
    pub with_problems: u64,
    /// Rows in the period whose region the exporter did not recognise.
    pub unknown_region: u64,
}

impl ReleaseIndex {
    /// An archive with no release yet.
    pub fn empty() -> ReleaseIndex {
        ReleaseIndex {
            schema_version: ARCHIVE_SCHEMA_VERSION,
            releases: Vec::new(),
        }
    }

    /// Parses and validates an index.
    pub fn parse(json: &str) -> Result<ReleaseIndex, DataError> {
        let index: ReleaseIndex =
            parse_versioned(json, ARCHIVE_SCHEMA_VERSION, |i: &ReleaseIndex| {
                i.schema_version
            })?;
        let mut previous: Option<&ArchivedRelease> = None;
        for (n, release) in index.releases.iter().enumerate() {
            let at = |field: &str| format!("$.releases[{n}].{field}");
            release.validate(&at)?;
            if let Some(before) = previous {
                before
                    .precedes(release)
                    .map_err(|reason| DataError::Invalid {
                        path: at("release_id"),
                        reason,
                    })?;
            }
            previous = Some(release);
        }
        Ok(index)
    }

    /// The latest release, if any.
    pub fn latest(&self) -> Option<&ArchivedRelease> {
        self.releases.last()
    }

    /// Why `next` cannot follow the archived releases, if it cannot.
    pub fn admits(&self, next: &ArchivedRelease) -> Result<(), String> {
        if self
            .releases
            .iter()
            .any(|r| r.release_id == next.release_id)
        {
            return Err(format!(
                "release {:?} is already in the archive: a published release is never replaced; choose a new release id",
                next.release_id
            ));
        }
        self.latest().map_or(Ok(()), |last| last.precedes(next))
    }
}

impl ArchivedRelease {
    fn validate(&self, at: &dyn Fn(&str) -> String) -> Result<(), DataError> {
        let invalid = |field: &str, reason: String| DataError::Invalid {
            path: at(field),
            reason,
        };
        check_release_id(&at("release_id"), &self.release_id)?;
        check_data_as_of(&at("data_as_of"), self.data_as_of, self.generated_at)?;
        if self.first_week > self.last_week {
            return Err(invalid(
                "last_week",
                format!(
                    "{} is before first_week {}",
                    self.last_week, self.first_week
                ),
            ));
        }
        check_sha256(&at("sha256"), &self.sha256)?;
        let names: Vec<&str> = self.files.keys().map(String::as_str).collect();
        let mut expected = RELEASE_FILES.to_vec();
        expected.sort_unstable();
        if names != expected {
            return Err(invalid(
                "files",
                format!("names {names:?}; a release has exactly {expected:?}"),
            ));
        }
        for (name, hash) in &self.files {
            check_sha256(&at(&format!("files[{name:?}]")), hash)?;
        }
        Ok(())
    }

    /// Why `next` cannot be published after `self`, if it cannot: a later
    /// release is generated later and covers data up to a later day.
    pub fn precedes(&self, next: &ArchivedRelease) -> Result<(), String> {
        if next.data_as_of <= self.data_as_of {
            return Err(format!(
                "release {:?} has data as of {}, not later than {} of the last release {:?}",
                next.release_id, next.data_as_of, self.data_as_of, self.release_id
            ));
        }
        if next.generated_at <= self.generated_at {
            return Err(format!(
                "release {:?} was generated at {}, not later than {} of the last release {:?}",
                next.release_id, next.generated_at, self.generated_at, self.release_id
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(id: &str, day: u32) -> ArchivedRelease {
        let hash = "a".repeat(64);
        ArchivedRelease {
            release_id: id.into(),
            generated_at: format!("2026-11-{:02}T06:00:00Z", day + 1).parse().unwrap(),
            data_as_of: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            first_week: "2026-W03".parse().unwrap(),
            last_week: "2026-W47".parse().unwrap(),
            methodology_version: "1.0".into(),
            sample: true,
            sha256: hash.clone(),
            files: RELEASE_FILES
                .iter()
                .map(|f| (f.to_string(), hash.clone()))
                .collect(),
            left_out: None,
        }
    }

    fn index(releases: Vec<ArchivedRelease>) -> String {
        serde_json::to_string(&ReleaseIndex {
            schema_version: 1,
            releases,
        })
        .unwrap()
    }

    #[test]
    fn an_index_round_trips() {
        let json = index(vec![release("r1", 15), release("r2", 22)]);
        let parsed = ReleaseIndex::parse(&json).unwrap();
        assert_eq!(parsed.latest().unwrap().release_id, "r2");
        assert_eq!(index(parsed.releases), json);
    }

    /// What the exporter left out is optional: written only when there is
    /// some, read back as written, and nothing else in it.
    #[test]
    fn rows_left_out_are_optional() {
        let plain = index(vec![release("r1", 15)]);
        assert!(!plain.contains("left_out"));
        let mut with = release("r1", 15);
        with.left_out = Some(LeftOut {
            with_problems: 10,
            unknown_region: 1,
        });
        let json = index(vec![with.clone()]);
        assert!(
            json.contains(",\"left_out\":{\"with_problems\":10,\"unknown_region\":1}}]}"),
            "{json}"
        );
        assert_eq!(ReleaseIndex::parse(&json).unwrap().releases, [with]);
        let which = json.replace(
            "\"unknown_region\":1",
            "\"unknown_region\":1,\"ids\":[\"A-1\"]",
        );
        let error = ReleaseIndex::parse(&which).unwrap_err().to_string();
        assert!(
            error.starts_with("$.releases[0].left_out.ids: unknown field `ids`"),
            "{error}"
        );
        let negative = json.replace(":10,", ":-10,");
        let error = ReleaseIndex::parse(&negative).unwrap_err().to_string();
        assert!(
            error.starts_with("$.releases[0].left_out.with_problems: invalid value"),
            "{error}"
        );
    }

    #[test]
    fn releases_must_come_in_order_with_their_files() {
        let error = |releases| {
            ReleaseIndex::parse(&index(releases))
                .unwrap_err()
                .to_string()
        };
        let e = error(vec![release("r1", 22), release("r2", 15)]);
        assert!(
            e.starts_with("$.releases[1].release_id: release \"r2\" has data as of 2026-11-15"),
            "{e}"
        );
        let mut later = release("r2", 16);
        later.generated_at = release("r1", 15).generated_at;
        let e = error(vec![release("r1", 15), later]);
        assert!(e.contains("was generated at"), "{e}");
        let mut missing = release("r1", 15);
        missing.files.remove("export.csv");
        let e = error(vec![missing]);
        assert!(e.starts_with("$.releases[0].files: names"), "{e}");
        let mut bad = release("r1", 15);
        bad.sha256 = "ABC".into();
        assert!(error(vec![bad]).starts_with("$.releases[0].sha256: must be 64"));
        let e = error(vec![release("r 1", 15)]);
        assert!(e.starts_with("$.releases[0].release_id"), "{e}");
    }

    #[test]
    fn the_archive_admits_only_a_new_and_later_release() {
        let archive = ReleaseIndex {
            schema_version: 1,
            releases: vec![release("r1", 15)],
        };
        assert!(archive.admits(&release("r2", 22)).is_ok());
        assert!(archive
            .admits(&release("r1", 22))
            .unwrap_err()
            .contains("already in the archive"));
        assert!(archive
            .admits(&release("r2", 15))
            .unwrap_err()
            .contains("not later than 2026-11-15"));
        assert!(ReleaseIndex::empty().admits(&release("r1", 1)).is_ok());
    }
}
