//! Age bands of open Special Commission cases: referred, not yet concluded.
//!
//! The incident input has no referral date, so a case's age is counted from
//! its incident's ISO week to the week of the release's `data_as_of`, in
//! whole weeks: an incident in the week of `data_as_of` is 0 weeks old.
//! [`AGE_BANDS`] is the one definition of the bands; an export carries them
//! with their bounds, so that its readers need no code of ours.

use super::week::IsoWeek;
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;

/// One age band: open cases from `min_weeks` to `max_weeks` weeks old,
/// both included.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgeBand {
    /// `w0-4`, `w5-12`, `w13-26` or `w27-plus`.
    pub code: Cow<'static, str>,
    pub min_weeks: u32,
    /// `null` for the last band, which has no upper bound.
    pub max_weeks: Option<u32>,
}

/// The bands, youngest first. Four weeks is about a month; a quarter and a
/// half year are the marks a reader of backlog figures looks for.
pub static AGE_BANDS: [AgeBand; 4] = [
    band("w0-4", 0, Some(4)),
    band("w5-12", 5, Some(12)),
    band("w13-26", 13, Some(26)),
    band("w27-plus", 27, None),
];

impl std::fmt::Display for AgeBand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.max_weeks {
            Some(max) => write!(f, "{} ({} to {max} weeks)", self.code, self.min_weeks),
            None => write!(f, "{} ({} weeks or more)", self.code, self.min_weeks),
        }
    }
}

const fn band(code: &'static str, min_weeks: u32, max_weeks: Option<u32>) -> AgeBand {
    AgeBand {
        code: Cow::Borrowed(code),
        min_weeks,
        max_weeks,
    }
}

/// The index in [`AGE_BANDS`] of the band an age in weeks falls into.
///
/// ```
/// use portal::model::age::band_of;
/// assert_eq!([0, 4, 5, 12, 13, 26, 27, 500].map(band_of), [0, 0, 1, 1, 2, 2, 3, 3]);
/// ```
pub fn band_of(age_weeks: u32) -> usize {
    AGE_BANDS
        .iter()
        .position(|b| b.max_weeks.is_none_or(|max| age_weeks <= max))
        .unwrap_or(AGE_BANDS.len() - 1)
}

/// Whole weeks from `week` to the week of `as_of` (0 for that week itself
/// and for any later one).
///
/// ```
/// use chrono::NaiveDate;
/// use portal::model::age::age_in_weeks;
/// let sunday = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(); // in 2026-W47
/// assert_eq!(age_in_weeks("2026-W47".parse().unwrap(), sunday), 0);
/// assert_eq!(age_in_weeks("2026-W42".parse().unwrap(), sunday), 5);
/// ```
pub fn age_in_weeks(week: IsoWeek, as_of: NaiveDate) -> u32 {
    week.count_to(IsoWeek::of(as_of)).saturating_sub(1)
}

/// The band of each of `weeks` weeks from `first` on, for a release whose
/// data runs to `as_of`: the binning of the exporter, the validation and
/// the figures alike.
pub fn week_bands(first: IsoWeek, weeks: usize, as_of: NaiveDate) -> Vec<usize> {
    let first_age = age_in_weeks(first, as_of);
    (0..weeks)
        .map(|w| band_of(first_age.saturating_sub(u32::try_from(w).unwrap_or(u32::MAX))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bands_cover_every_age_once_in_order() {
        assert_eq!(AGE_BANDS[0].min_weeks, 0);
        for pair in AGE_BANDS.windows(2) {
            assert_eq!(pair[0].max_weeks.map(|m| m + 1), Some(pair[1].min_weeks));
        }
        assert_eq!(AGE_BANDS.last().and_then(|b| b.max_weeks), None);
        for (i, b) in AGE_BANDS.iter().enumerate() {
            assert_eq!(band_of(b.min_weeks), i, "{}", b.code);
            if let Some(max) = b.max_weeks {
                assert_eq!(band_of(max), i, "{}", b.code);
            }
        }
    }

    #[test]
    fn weeks_are_banded_by_their_age_at_data_as_of() {
        let first: IsoWeek = "2026-W03".parse().unwrap();
        // A Sunday in 2026-W47: the last week is 0 weeks old, the first 44.
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let bands = week_bands(first, 45, as_of);
        assert_eq!(bands.len(), 45);
        let count = |b: usize| bands.iter().filter(|&&x| x == b).count();
        assert_eq!([0, 1, 2, 3].map(count), [5, 8, 14, 18]);
        assert_eq!((bands[0], bands[44]), (3, 0));
        // Ages are counted to the week of data_as_of, not to the last week:
        // with data running two weeks past the last week, it is 2 weeks old.
        let later = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(age_in_weeks(first.plus(44), later), 2);
        assert_eq!(week_bands(first, 45, later)[44 - 2], 0);
        assert_eq!(week_bands(first, 45, later)[44 - 3], 1);
    }

    #[test]
    fn the_bands_serialise_with_their_bounds() {
        assert_eq!(
            serde_json::to_string(&AGE_BANDS[3]).unwrap(),
            r#"{"code":"w27-plus","min_weeks":27,"max_weeks":null}"#
        );
        assert_eq!(AGE_BANDS[1].to_string(), "w5-12 (5 to 12 weeks)");
        assert_eq!(AGE_BANDS[3].to_string(), "w27-plus (27 weeks or more)");
    }
}
