//! ISO 8601 weeks (`2026-W02`), the time unit of the statistics.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// One ISO week: Monday to Sunday, numbered within its ISO year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

/// A string that is not an ISO week of the form `YYYY-Www`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an ISO week such as 2026-W02")]
pub struct BadWeek(pub String);

impl IsoWeek {
    /// The week, if `week` exists in ISO year `year` (1 to 52 or 53).
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| IsoWeek { year, week })
    }

    /// The ISO week that contains `date`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use portal::model::week::IsoWeek;
    /// // 1 January 2027 is a Friday, in the last ISO week of 2026.
    /// let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    /// assert_eq!(IsoWeek::of(d).to_string(), "2026-W53");
    /// ```
    pub fn of(date: NaiveDate) -> IsoWeek {
        let iso = date.iso_week();
        IsoWeek {
            year: iso.year(),
            week: iso.week(),
        }
    }

    /// The week's Monday.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    /// The week `n` weeks later.
    pub fn plus(self, n: u32) -> IsoWeek {
        IsoWeek::of(self.monday() + Days::new(7 * u64::from(n)))
    }

    /// How many weeks from `self` to `last`, both included; zero when `last`
    /// comes first.
    pub fn count_to(self, last: IsoWeek) -> u32 {
        let days = (last.monday() - self.monday()).num_days();
        u32::try_from(days / 7 + 1).unwrap_or(0)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = BadWeek;

    fn from_str(s: &str) -> Result<IsoWeek, BadWeek> {
        let bad = || BadWeek(s.to_owned());
        // Fixed positions rather than a search for "-W": the substring
        // searcher costs the wasm 1.5 KB, and the format has one length.
        let (Some(year), Some("-W"), Some(week)) = (s.get(..4), s.get(4..6), s.get(6..)) else {
            return Err(bad());
        };
        if week.len() != 2 {
            return Err(bad());
        }
        let year = year.parse().map_err(|_| bad())?;
        let week = week.parse().map_err(|_| bad())?;
        IsoWeek::new(year, week).ok_or_else(bad)
    }
}

impl Serialize for IsoWeek {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for IsoWeek {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<IsoWeek, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "ssr")]
impl schemars::JsonSchema for IsoWeek {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsoWeek".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An ISO 8601 week, such as 2026-W02.",
            "type": "string",
            "pattern": "^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let w: IsoWeek = "2026-W02".parse().unwrap();
        assert_eq!(w.to_string(), "2026-W02");
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
    }

    #[test]
    fn rejects_weeks_that_do_not_exist() {
        assert!(
            "2025-W53".parse::<IsoWeek>().is_err(),
            "2025 has 52 ISO weeks"
        );
        assert!("2026-W53".parse::<IsoWeek>().is_ok(), "2026 has 53");
        for bad in ["2026-W00", "2026-W7", "26-W07", "2026W07", "2026-W07x"] {
            assert!(bad.parse::<IsoWeek>().is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_and_steps_across_year_ends() {
        let first: IsoWeek = "2025-W52".parse().unwrap();
        let last: IsoWeek = "2026-W02".parse().unwrap();
        assert_eq!(first.count_to(last), 3);
        assert_eq!(first.plus(2), last);
        assert_eq!(last.count_to(first), 0);
        assert_eq!(first.count_to(first), 1);
    }
}
