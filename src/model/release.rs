//! The release manifest, `data/release.json`: which data release the portal
//! shows, how current it is, and whether it is synthetic sample data.
//!
//! It is small on purpose: every page's footer and the freshness check read it
//! without loading the statistics export itself. The statistics explorer
//! fetches it first, and the export only when the reader starts exploring or
//! the manifest names another release than the page's.

use super::error::DataError;
use super::json_path::{offset_of, path_at};
use super::json_read::{read_json, At, FromNode, Node};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The only manifest version this build understands.
pub const RELEASE_SCHEMA_VERSION: u32 = 1;

/// Longest manifest accepted; a real one is a few hundred bytes.
pub const MAX_RELEASE_BYTES: usize = 16 * 1024;

/// Metadata of one published data release. Read by [`Release::parse`]
/// alone, not with serde (see `json_read`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    pub schema_version: u32,
    /// Stable identifier, shown in the footer and in every download.
    pub release_id: String,
    pub generated_at: DateTime<Utc>,
    /// The last day the figures cover.
    pub data_as_of: NaiveDate,
    /// True while the portal ships synthetic figures; every view labels them.
    pub sample: bool,
}

impl Release {
    /// Parses and validates a manifest; the one entry point for every reader.
    /// The fields are read as the export's reader reads its own (the same
    /// rules and messages), over serde_json natively and over the browser's
    /// `JSON.parse` in the wasm, so that the prerender and the explorer give
    /// one verdict on the same file.
    ///
    /// ```
    /// let json = r#"{"schema_version":1,"release_id":"r1","generated_at":"2026-11-23T06:00:00Z","data_as_of":"2026-11-22","sample":true}"#;
    /// let release = portal::model::Release::parse(json).unwrap();
    /// assert!(release.sample);
    /// ```
    pub fn parse(json: &str) -> Result<Release, DataError> {
        if json.len() > MAX_RELEASE_BYTES {
            return Err(DataError::TooLarge {
                size: json.len(),
                max: MAX_RELEASE_BYTES,
            });
        }
        let release = read_json::<Release>(json)?;
        release.validate()?;
        Ok(release)
    }

    /// Whether this release was generated after `other`: the page was built
    /// from `other` and the data team has since published this one.
    pub fn is_newer_than(&self, other: &Release) -> bool {
        self.generated_at > other.generated_at
    }

    fn validate(&self) -> Result<(), DataError> {
        check_release_id("$.release_id", &self.release_id)?;
        check_data_as_of("$.data_as_of", self.data_as_of, self.generated_at)
    }
}

impl FromNode for Release {
    /// Reads a release manifest out of parsed JSON, the version first, then
    /// every field's type, with the export's own rules for the fields they
    /// share. [`Release::parse`] then checks the content.
    fn read<N: Node>(root: N) -> Result<Release, DataError> {
        let r = At::versioned(root, RELEASE_SCHEMA_VERSION)?;
        r.object(&[
            "schema_version",
            "release_id",
            "generated_at",
            "data_as_of",
            "sample",
        ])?;
        Ok(Release {
            schema_version: RELEASE_SCHEMA_VERSION,
            release_id: r.field("release_id")?.text()?,
            generated_at: r.field("generated_at")?.date_time()?,
            data_as_of: r.field("data_as_of")?.date()?,
            sample: r.field("sample")?.boolean()?,
        })
    }
}

/// Parses a versioned data file whose `schema_version` `version_of` reads.
///
/// A valid file is read in one pass. When reading fails, the errors are
/// worked out in order: syntax first, then `schema_version` (so that a file
/// of another version says so instead of failing on a field), then the
/// failing field with its JSON path.
pub fn parse_versioned<T: serde::de::DeserializeOwned>(
    json: &str,
    supported: u32,
    version_of: impl Fn(&T) -> u32,
) -> Result<T, DataError> {
    #[derive(Deserialize)]
    struct Versioned {
        schema_version: Option<Version>,
    }
    let invalid = |path: String, reason: String| DataError::Invalid { path, reason };
    let unsupported = |found| DataError::UnsupportedVersion { found, supported };
    let error = match serde_json::from_str::<T>(json) {
        Ok(value) => {
            return match version_of(&value) {
                v if v == supported => Ok(value),
                found => Err(unsupported(u64::from(found))),
            }
        }
        Err(error) => error,
    };
    let head: Versioned = serde_json::from_str(json).map_err(DataError::from_json)?;
    match head.schema_version.map(|v| v.0) {
        None => Err(invalid("$.schema_version".into(), "is missing".into())),
        Some(None) => Err(invalid(
            "$.schema_version".into(),
            "is not a whole number".into(),
        )),
        Some(Some(v)) if v == u64::from(supported) => Ok(()),
        Some(Some(found)) => Err(unsupported(found)),
    }?;
    let offset = offset_of(json, error.line(), error.column());
    Err(invalid(path_at(json, offset), error.to_string()))
}

/// A `schema_version` as found: a whole number, or anything else (`None`).
struct Version(Option<u64>);

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Version, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Version;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a schema version")
            }
            fn visit_u64<E>(self, n: u64) -> Result<Version, E> {
                Ok(Version(Some(n)))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Version, E> {
                Ok(Version(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Version, E> {
                Ok(Version(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Version, E> {
                Ok(Version(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Version, E> {
                Ok(Version(None))
            }
            fn visit_unit<E>(self) -> Result<Version, E> {
                Ok(Version(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Version, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Version(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Version, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Version(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Release ids appear in pages, file names and URLs: a small alphabet only.
pub fn check_release_id(path: &str, id: &str) -> Result<(), DataError> {
    // Dots alone would name no folder of its own in the archive
    // (`releases/../export.json` is the latest release's export).
    let ok = id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && id.chars().any(|c| c != '.');
    if ok {
        Ok(())
    } else {
        Err(DataError::Invalid {
            path: path.into(),
            reason: "must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' or '.', not dots alone"
                .into(),
        })
    }
}

/// The last day a release covers cannot come after the day it was made.
pub fn check_data_as_of(
    path: &str,
    data_as_of: NaiveDate,
    generated_at: DateTime<Utc>,
) -> Result<(), DataError> {
    if data_as_of > generated_at.date_naive() {
        return Err(DataError::Invalid {
            path: path.into(),
            reason: format!("{data_as_of} is after generated_at {generated_at}"),
        });
    }
    Ok(())
}

/// A fingerprint: SHA-256 as 64 lowercase hexadecimal digits.
pub fn check_sha256(path: &str, hash: &str) -> Result<(), DataError> {
    let ok = hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if ok {
        Ok(())
    } else {
        Err(DataError::Invalid {
            path: path.into(),
            reason: "must be 64 lowercase hexadecimal digits".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const GOOD: &str = r#"{"schema_version":1,"release_id":"sample-2026-11-23","generated_at":"2026-11-23T06:00:00Z","data_as_of":"2026-11-22","sample":true}"#;

    #[test]
    fn accepts_a_good_manifest() {
        let r = Release::parse(GOOD).unwrap();
        assert_eq!(r.release_id, "sample-2026-11-23");
        assert_eq!(r.data_as_of, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let err = Release::parse("{\n  \"schema_version\": 1,\n  oops\n}").unwrap_err();
        assert!(
            matches!(err, DataError::Malformed { line: 3, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn missing_and_unknown_versions_are_told_apart() {
        let missing = GOOD.replace("\"schema_version\":1,", "");
        assert_eq!(
            Release::parse(&missing).unwrap_err(),
            DataError::Invalid {
                path: "$.schema_version".into(),
                reason: "is missing".into()
            }
        );
        let newer = GOOD.replace("\"schema_version\":1", "\"schema_version\":2");
        assert_eq!(
            Release::parse(&newer).unwrap_err(),
            DataError::UnsupportedVersion {
                found: 2,
                supported: 1
            }
        );
    }

    #[test]
    fn as_of_after_generation_is_rejected() {
        let bad = GOOD.replace("2026-11-22", "2026-11-24");
        let err = Release::parse(&bad).unwrap_err();
        assert!(err.to_string().starts_with("$.data_as_of:"), "{err}");
    }

    #[test]
    fn release_ids_carry_no_markup() {
        for id in ["<b>x</b>", "..", ""] {
            let bad = GOOD.replace("sample-2026-11-23", id);
            let err = Release::parse(&bad).unwrap_err();
            assert!(err.to_string().starts_with("$.release_id:"), "{id}: {err}");
        }
    }

    #[test]
    fn newer_means_generated_later() {
        let old = Release::parse(GOOD).unwrap();
        let new = Release::parse(&GOOD.replace("06:00:00Z", "07:00:00Z")).unwrap();
        assert!(new.is_newer_than(&old));
        assert!(!old.is_newer_than(&new));
        assert!(!old.is_newer_than(&old));
    }

    #[test]
    fn unknown_fields_and_oversized_files_are_rejected() {
        let extra = GOOD.replace("\"sample\":true", "\"sample\":true,\"monitor\":\"x\"");
        assert!(Release::parse(&extra).is_err());
        let big = format!("{GOOD}{}", " ".repeat(MAX_RELEASE_BYTES));
        assert!(matches!(
            Release::parse(&big),
            Err(DataError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_manifest_error_names_its_path_as_the_export_does() {
        let good = json!({
            "schema_version": 1,
            "release_id": "r-1",
            "generated_at": "2026-11-23T06:00:00Z",
            "data_as_of": "2026-11-22",
            "sample": true,
        });
        let error_of = |pointer: &str, bad: Value| {
            let mut value = good.clone();
            *value.pointer_mut(pointer).unwrap() = bad;
            Release::read(&value).unwrap_err().to_string()
        };
        assert!(Release::read(&good).is_ok());
        assert_eq!(
            error_of("/schema_version", json!("1")),
            "$.schema_version: is not a whole number"
        );
        assert_eq!(
            error_of("/schema_version", json!(2)),
            "schema_version 2 is not supported (this portal reads version 1)"
        );
        assert_eq!(
            error_of("/generated_at", json!("yesterday")),
            "$.generated_at: \"yesterday\" is not an RFC 3339 date-time"
        );
        assert_eq!(
            error_of("/data_as_of", json!("22.11.2026")),
            "$.data_as_of: \"22.11.2026\" is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            error_of("/sample", json!("yes")),
            "$.sample: is not true or false"
        );
        assert_eq!(error_of("", json!([])), "$: is not an object");
        let mut extra = good.clone();
        extra["monitor"] = json!("x");
        assert_eq!(
            Release::read(&extra).unwrap_err().to_string(),
            "$.monitor: unknown field `monitor`"
        );
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("sample");
        assert_eq!(
            Release::read(&missing).unwrap_err().to_string(),
            "$.sample: is missing"
        );
    }
}
