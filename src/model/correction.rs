//! The corrections log: what was wrong in the published figures and what
//! was done about it, written by people in every language
//! (`content/corrections/{lang}.toml`) and shown on the releases page with
//! the release that carries the correction.
//!
//! The texts differ by language; everything else (the id, the release, the
//! date and the figures concerned) must be the same in every file, so that
//! no language's readers are told of another correction.

use super::error::DataError;
use super::export::{Export, Measure};
use super::release::check_release_id;
use super::text::{check_code, check_text, invalid};
use super::week::IsoWeek;
use chrono::NaiveDate;
use serde::Deserialize;

/// One language's corrections log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionLog {
    /// In the order they were written; `[[correction]]` in TOML.
    #[serde(default)]
    pub correction: Vec<Correction>,
}

/// One correction.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Its anchor on the releases page, `#correction-{id}`: a-z, 0-9, '-'.
    pub id: String,
    /// The release that carries the correction.
    pub release: String,
    /// When the correction was written (`YYYY-MM-DD`).
    #[serde(deserialize_with = "super::time::date")]
    pub date: NaiveDate,
    /// The published counts it concerns.
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// What was wrong, as text.
    pub wrong: String,
    /// What was done, as text.
    pub done: String,
}

/// One published count: a measure in one cell.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub measure: Measure,
    pub week: IsoWeek,
    /// ISO 3166-2:UA code.
    pub region: String,
    /// Category code.
    pub category: String,
}

impl Correction {
    /// The id of its element on the releases page.
    pub fn anchor(&self) -> String {
        format!("correction-{}", self.id)
    }

    /// What every language's log must say alike.
    fn facts(&self) -> (&str, &str, NaiveDate, &[Figure]) {
        (&self.id, &self.release, self.date, &self.figures)
    }
}

impl CorrectionLog {
    /// Checks one language's log: unique ids, release ids, and texts that
    /// are plain text.
    pub fn validate(&self) -> Result<(), DataError> {
        let mut seen = Vec::new();
        for (i, c) in self.correction.iter().enumerate() {
            let at = |field: &str| format!("correction[{i}].{field}");
            check_code(&at("id"), &c.id, &mut seen)?;
            check_release_id(&at("release"), &c.release)?;
            check_text(&at("wrong"), &c.wrong)?;
            check_text(&at("done"), &c.done)?;
        }
        Ok(())
    }

    /// Why this log and `other` (another language's) do not tell of the
    /// same corrections, if they do not.
    pub fn differs_from(&self, other: &CorrectionLog) -> Option<String> {
        let same = self
            .correction
            .iter()
            .map(Correction::facts)
            .eq(other.correction.iter().map(Correction::facts));
        let ids = |log: &CorrectionLog| -> String {
            let ids: Vec<&str> = log.correction.iter().map(|c| c.id.as_str()).collect();
            format!("{ids:?}")
        };
        (!same).then(|| {
            format!(
                "has corrections {}, the English log {}: the ids, releases, dates and figures must be the same in every language",
                ids(self),
                ids(other)
            )
        })
    }

    /// Checks every correction against the archive: `export_of` gives the
    /// export of an archived release, and each correction's figures must be
    /// counts its release publishes.
    pub fn check_against<'a>(
        &self,
        export_of: impl Fn(&str) -> Option<&'a Export>,
    ) -> Result<(), DataError> {
        for (i, c) in self.correction.iter().enumerate() {
            let export = export_of(&c.release).ok_or_else(|| {
                invalid(
                    format!("correction[{i}].release"),
                    format!("{:?} is not a release in the archive", c.release),
                )
            })?;
            let r = &export.release;
            for (j, f) in c.figures.iter().enumerate() {
                let at = format!("correction[{i}].figures[{j}]");
                if f.week < r.first_week || f.week > r.last_week {
                    return Err(invalid(
                        format!("{at}.week"),
                        format!(
                            "{} is not covered by release {:?} ({} to {})",
                            f.week, c.release, r.first_week, r.last_week
                        ),
                    ));
                }
                if !export.regions.iter().any(|x| x.code == f.region) {
                    return Err(invalid(
                        format!("{at}.region"),
                        format!("{:?} is not a region of release {:?}", f.region, c.release),
                    ));
                }
                if !export.categories.iter().any(|x| x.code == f.category) {
                    return Err(invalid(
                        format!("{at}.category"),
                        format!("{:?} is not a type of release {:?}", f.category, c.release),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The corrections carried by `release`, in the order they were written.
    pub fn of_release<'a>(&'a self, release: &'a str) -> impl Iterator<Item = &'a Correction> {
        self.correction.iter().filter(move |c| c.release == release)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> serde_json::Value {
        serde_json::json!({ "correction": [{
            "id": "w34-late-reports",
            "release": "sample-2026-W42",
            "date": "2026-10-19",
            "wrong": "Two late reports were missed.",
            "done": "They are counted.",
            "figures": [{ "measure": "reported", "week": "2026-W34", "region": "UA-23", "category": "explosions" }],
        }]})
    }

    fn parse(json: serde_json::Value) -> Result<CorrectionLog, String> {
        let log: CorrectionLog = serde_json::from_value(json).map_err(|e| e.to_string())?;
        log.validate().map_err(|e| e.to_string())?;
        Ok(log)
    }

    fn with(f: impl FnOnce(&mut serde_json::Value)) -> serde_json::Value {
        let mut json = log();
        f(&mut json["correction"][0]);
        json
    }

    #[test]
    fn a_log_reads_with_its_figures() {
        let log = parse(log()).unwrap();
        let c = &log.correction[0];
        assert_eq!(c.anchor(), "correction-w34-late-reports");
        assert_eq!(c.figures[0].measure, Measure::Reported);
        assert_eq!(c.figures[0].week.to_string(), "2026-W34");
        assert_eq!(log.of_release("sample-2026-W42").count(), 1);
        assert_eq!(log.of_release("sample-2026-W41").count(), 0);
        assert_eq!(parse(serde_json::json!({})).unwrap().correction, []);
    }

    #[test]
    fn markup_unknown_fields_and_repeated_ids_are_refused() {
        let e = parse(with(|c| c["wrong"] = "<b>Two</b> late".into())).unwrap_err();
        assert!(e.starts_with("correction[0].wrong:"), "{e}");
        assert!(parse(with(|c| c["oops"] = 1.into())).is_err());
        let mut twice = log();
        let first = twice["correction"][0].clone();
        twice["correction"].as_array_mut().unwrap().push(first);
        let e = parse(twice).unwrap_err();
        assert!(e.contains("duplicate code"), "{e}");
        let e = parse(with(|c| c["figures"][0]["measure"] = "heard".into())).unwrap_err();
        assert!(e.contains("unknown variant"), "{e}");
    }

    #[test]
    fn languages_must_tell_of_the_same_corrections() {
        let en = parse(log()).unwrap();
        let de = parse(with(|c| {
            c["wrong"] = "Zwei späte Meldungen fehlten.".into()
        }))
        .unwrap();
        assert_eq!(de.differs_from(&en), None, "only the texts differ");
        let other_week = parse(with(|c| c["figures"][0]["week"] = "2026-W35".into())).unwrap();
        let e = other_week.differs_from(&en).unwrap();
        assert!(e.contains("must be the same in every language"), "{e}");
    }

    #[test]
    fn figures_must_be_counts_of_their_release() {
        let sample = Export::shipped_sample();
        let category = sample.categories[0].code.clone();
        let log = parse(with(|c| c["figures"][0]["category"] = category.into())).unwrap();
        assert_eq!(log.check_against(|_| Some(&sample)), Ok(()));
        let e = log.check_against(|_| None).unwrap_err().to_string();
        assert!(e.contains("is not a release in the archive"), "{e}");
        let far = parse(with(|c| c["figures"][0]["week"] = "2025-W01".into())).unwrap();
        let e = far
            .check_against(|_| Some(&sample))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("correction[0].figures[0].week"), "{e}");
        let nowhere = parse(with(|c| c["figures"][0]["region"] = "UA-99".into())).unwrap();
        let e = nowhere
            .check_against(|_| Some(&sample))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("correction[0].figures[0].region"), "{e}");
    }
}
