//! Published counts, which may be suppressed, and sums over them.
//!
//! In the export a suppressed count is `null`, never a number. In Rust it is
//! [`Count::Suppressed`], so every view has to decide what to show for it;
//! there is no way to print it as a number by accident. A sum over counts that
//! include suppressed ones is a [`Total::AtLeast`] bound.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Largest count the format accepts anywhere, totals over years included;
/// a larger one is an error in the data. (Single cells have a far lower
/// limit: [`MAX_CELL_COUNT`].)
pub const MAX_COUNT: u32 = 1_000_000_000;

/// Largest count one week × region × category cell may hold: far above
/// anything a monitoring mission reports in a week.
pub const MAX_CELL_COUNT: u32 = 1_000_000;

/// How a withheld count is written where a number would stand: in CSV
/// downloads, and on the page with a legend. One symbol for every withheld
/// count, small or withheld to protect another: the reader cannot tell which,
/// by design.
pub const SUPPRESSED_SYMBOL: &str = "x";

/// One published count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Count {
    /// The exact count (zero included: zero is never suppressed).
    Value(u32),
    /// Withheld to protect people; between 1 and whatever the release's k
    /// and secondary suppression allow, and never shown as a number.
    Suppressed,
}

/// A sum of counts: exact when every term was published, otherwise a lower
/// bound (the sum of the published terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Total {
    Exact(u64),
    AtLeast(u64),
}

impl Total {
    /// The sum of `counts`.
    ///
    /// ```
    /// use portal::model::count::{Count, Total};
    /// let counts = [Count::Value(90), Count::Suppressed, Count::Value(50)];
    /// assert_eq!(Total::sum(counts), Total::AtLeast(140));
    /// assert_eq!(Total::sum([Count::Value(2), Count::Value(3)]), Total::Exact(5));
    /// ```
    pub fn sum(counts: impl IntoIterator<Item = Count>) -> Total {
        counts.into_iter().fold(Total::Exact(0), Total::add)
    }

    fn add(self, count: Count) -> Total {
        match (self, count) {
            (Total::Exact(a), Count::Value(b)) => Total::Exact(a + u64::from(b)),
            (Total::Exact(a) | Total::AtLeast(a), Count::Suppressed) => Total::AtLeast(a),
            (Total::AtLeast(a), Count::Value(b)) => Total::AtLeast(a + u64::from(b)),
        }
    }

    /// The known part of the sum: the exact value or the lower bound.
    pub fn floor(self) -> u64 {
        match self {
            Total::Exact(n) | Total::AtLeast(n) => n,
        }
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Count::Value(n) => serializer.serialize_u32(*n),
            Count::Suppressed => serializer.serialize_none(),
        }
    }
}

struct CountVisitor;

impl Visitor<'_> for CountVisitor {
    type Value = Count;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "a whole number from 0 to {MAX_COUNT}, or null for a suppressed count"
        )
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Count, E> {
        u32::try_from(n)
            .ok()
            .filter(|n| *n <= MAX_COUNT)
            .map(Count::Value)
            .ok_or_else(|| E::custom(format!("count {n} is larger than {MAX_COUNT}")))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Count, E> {
        match u64::try_from(n) {
            Ok(n) => self.visit_u64(n),
            Err(_) => Err(E::custom(format!("count {n} is negative"))),
        }
    }

    // The number itself is not repeated: formatting a float would bring
    // float printing into the wasm for one error message; the path and the
    // position name it.
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Count, E> {
        Err(E::custom("count is not a whole number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
        Ok(Count::Suppressed)
    }

    fn visit_none<E: de::Error>(self) -> Result<Count, E> {
        Ok(Count::Suppressed)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        deserializer.deserialize_any(CountVisitor)
    }
}

#[cfg(feature = "ssr")]
impl schemars::JsonSchema for Count {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A count from 0 to 1000000, or null where it is suppressed to protect people.",
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": MAX_COUNT,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Count, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn null_is_suppressed_and_numbers_are_values() {
        assert_eq!(parse("null"), Ok(Count::Suppressed));
        assert_eq!(parse("0"), Ok(Count::Value(0)));
        assert_eq!(parse("17"), Ok(Count::Value(17)));
        assert_eq!(
            serde_json::to_string(&[Count::Value(3), Count::Suppressed]).unwrap(),
            "[3,null]"
        );
    }

    #[test]
    fn negative_fractional_and_absurd_counts_are_rejected_with_a_reason() {
        assert!(parse("-1").unwrap_err().contains("is negative"));
        assert!(parse("2.5").unwrap_err().contains("not a whole number"));
        assert!(parse("3.0").unwrap_err().contains("not a whole number"));
        assert!(parse("1000000001").unwrap_err().contains("larger than"));
        assert!(parse("\"5\"").is_err());
    }

    #[test]
    fn totals_are_exact_only_without_suppressed_terms() {
        assert_eq!(Total::sum([]), Total::Exact(0));
        assert_eq!(Total::sum([Count::Suppressed]), Total::AtLeast(0));
        assert_eq!(Total::sum([Count::Suppressed, Count::Value(7)]).floor(), 7);
    }
}
