//! Dates and times in data files: read by hand in the one format the files
//! use, so that chrono's general-purpose parser (several kinds of format,
//! RFC 2822 among them) stays out of the wasm. Written by chrono as before.
//! Use with `#[serde(deserialize_with = "…")]`.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{de::Error, Deserialize, Deserializer};

fn digits(text: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = text.get(range)?;
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())?
}

/// A calendar date written `YYYY-MM-DD`.
///
/// ```
/// use portal::model::time::parse_date;
/// assert!(parse_date("2026-11-22").is_some());
/// assert!(parse_date("2026-02-30").is_none());
/// assert!(parse_date("22.11.2026").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(text, 0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(text, 5..7)?, digits(text, 8..10)?)
}

/// An RFC 3339 date-time (`2026-11-23T06:00:00Z`, `2026-11-23T08:00:00.5+02:00`).
///
/// ```
/// use portal::model::time::parse_rfc3339;
/// let t = parse_rfc3339("2026-11-23T08:00:00+02:00").unwrap();
/// assert_eq!(t, parse_rfc3339("2026-11-23T06:00:00Z").unwrap());
/// assert!(parse_rfc3339("2026-11-23 06:00").is_none());
/// ```
pub fn parse_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    let date = parse_date(text.get(..10)?)?;
    let b = text.as_bytes();
    if !matches!(b.get(10), Some(b'T' | b't'))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let (hour, minute, second) = (
        digits(text, 11..13)?,
        digits(text, 14..16)?,
        digits(text, 17..19)?,
    );
    let mut rest = &text[19..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 || len > 9 {
            return None;
        }
        nanos = digits(fraction, 0..len)? * 10u32.pow(9 - len as u32);
        rest = &fraction[len..];
    }
    let offset = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let minutes = i64::from(digits(rest, 1..3)? * 60 + digits(rest, 4..6)?);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let local = date.and_time(time);
    let utc = local.checked_sub_signed(TimeDelta::try_minutes(offset)?)?;
    Some(DateTime::from_naive_utc_and_offset(utc, Utc))
}

/// Deserialises a `YYYY-MM-DD` date.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(d)?;
    parse_date(&text)
        .ok_or_else(|| D::Error::custom(format!("{text:?} is not a date written YYYY-MM-DD")))
}

/// Deserialises an optional `YYYY-MM-DD` date (use with `#[serde(default)]`).
pub fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

/// Deserialises an RFC 3339 date-time.
pub fn utc<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(d)?;
    parse_rfc3339(&text)
        .ok_or_else(|| D::Error::custom(format!("{text:?} is not an RFC 3339 date-time")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_chrono_where_both_read() {
        for text in [
            "2026-11-23T06:00:00Z",
            "2026-11-23t06:00:00z",
            "2026-01-01T00:30:00+01:00",
            "2025-12-31T23:59:59.123456789-05:30",
            "2024-02-29T12:00:00Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text).unwrap().to_utc();
            assert_eq!(parse_rfc3339(text), Some(chrono), "{text}");
        }
        for bad in [
            "2026-11-23",
            "2026-11-23T06:00Z",
            "2026-11-23T25:00:00Z",
            "2026-11-23T06:00:00",
            "2026-11-23T06:00:00+2:00",
            "2026-13-01T00:00:00Z",
            "2026-11-23T06:00:00.Z",
            "+026-11-23T06:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2026-1-1"), None);
    }
}
