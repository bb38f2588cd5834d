//! Published counts, which may be suppressed, and sums over them.
//!
//! In the export a suppressed count is `null`, never a number. In Rust it is
//! [`Count::Suppressed`], so every view has to decide what to show for it;
//! there is no way to print it as a number by accident. A sum over counts that
//! include suppressed ones is a [`Total::AtLeast`] bound.

use serde::{Serialize, Serializer};

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

    #[test]
    fn null_stands_for_a_suppressed_count() {
        assert_eq!(
            serde_json::to_string(&[Count::Value(3), Count::Suppressed]).unwrap(),
            "[3,null]"
        );
    }

    #[test]
    fn totals_are_exact_only_without_suppressed_terms() {
        assert_eq!(Total::sum([]), Total::Exact(0));
        assert_eq!(Total::sum([Count::Suppressed]), Total::AtLeast(0));
        assert_eq!(Total::sum([Count::Suppressed, Count::Value(7)]).floor(), 7);
    }
}
