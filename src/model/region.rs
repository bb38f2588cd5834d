//! The 27 first-level units of Ukraine under ISO 3166-2:UA: 24 oblasts, the
//! Autonomous Republic of Crimea and the cities of Kyiv and Sevastopol.

/// Every ISO 3166-2:UA code, in code order.
pub const REGION_CODES: [&str; 27] = [
    "UA-05", "UA-07", "UA-09", "UA-12", "UA-14", "UA-18", "UA-21", "UA-23", "UA-26", "UA-30",
    "UA-32", "UA-35", "UA-40", "UA-43", "UA-46", "UA-48", "UA-51", "UA-53", "UA-56", "UA-59",
    "UA-61", "UA-63", "UA-65", "UA-68", "UA-71", "UA-74", "UA-77",
];

/// Whether `code` is one of the 27 ISO 3166-2:UA codes.
///
/// ```
/// assert!(portal::model::region::is_region_code("UA-30"));
/// assert!(!portal::model::region::is_region_code("UA-31"));
/// ```
pub fn is_region_code(code: &str) -> bool {
    REGION_CODES.binary_search(&code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_complete() {
        let mut sorted = REGION_CODES;
        sorted.sort_unstable();
        assert_eq!(sorted, REGION_CODES, "binary_search needs code order");
        for special in ["UA-30", "UA-40", "UA-43"] {
            assert!(
                is_region_code(special),
                "{special} (Kyiv, Sevastopol, Crimea)"
            );
        }
    }
}
