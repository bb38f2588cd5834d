//! The 27 first-level units of Ukraine under ISO 3166-2:UA: 24 oblasts, the
//! Autonomous Republic of Crimea and the cities of Kyiv and Sevastopol.

/// Every ISO 3166-2:UA code, in code order.
pub const REGION_CODES: [&str; 27] = [
    "UA-05", "UA-07", "UA-09", "UA-12", "UA-14", "UA-18", "UA-21", "UA-23", "UA-26", "UA-30",
    "UA-32", "UA-35", "UA-40", "UA-43", "UA-46", "UA-48", "UA-51", "UA-53", "UA-56", "UA-59",
    "UA-61", "UA-63", "UA-65", "UA-68", "UA-71", "UA-74", "UA-77",
];

/// Where each unit sits on the tile-grid map: (code, Latin label, Cyrillic
/// label, column, row), columns west to east, rows north to south, roughly
/// as on a map of Ukraine. The labels are the usual short forms, Cyrillic
/// on the Ukrainian map (a Latin "KC" there reads as a foreign place); the
/// full name goes with each tile for screen readers and as its tooltip.
pub const TILES: [(&str, &str, &str, u8, u8); 27] = [
    ("UA-07", "VO", "Вл", 0, 0),
    ("UA-56", "RV", "Рв", 1, 0),
    ("UA-18", "ZT", "Жт", 2, 0),
    ("UA-32", "KV", "Кв", 3, 0),
    ("UA-74", "CH", "Чг", 4, 0),
    ("UA-59", "SU", "См", 5, 0),
    ("UA-46", "LV", "Лв", 0, 1),
    ("UA-61", "TE", "Тр", 1, 1),
    ("UA-68", "KM", "Хм", 2, 1),
    ("UA-30", "KC", "К", 3, 1),
    ("UA-53", "PL", "Пл", 4, 1),
    ("UA-63", "KH", "Хр", 5, 1),
    ("UA-09", "LU", "Лг", 6, 1),
    ("UA-21", "ZK", "Зк", 0, 2),
    ("UA-26", "IF", "ІФ", 1, 2),
    ("UA-05", "VI", "Вн", 2, 2),
    ("UA-71", "CK", "Чк", 3, 2),
    ("UA-35", "KR", "Кг", 4, 2),
    ("UA-12", "DP", "Дп", 5, 2),
    ("UA-14", "DO", "Дн", 6, 2),
    ("UA-77", "CV", "Чв", 1, 3),
    ("UA-48", "MY", "Мк", 3, 3),
    ("UA-65", "KS", "Хс", 4, 3),
    ("UA-23", "ZP", "Зп", 5, 3),
    ("UA-51", "OD", "Од", 2, 4),
    ("UA-43", "CR", "Кр", 4, 4),
    ("UA-40", "SE", "Св", 3, 5),
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
    fn every_unit_has_its_own_tile() {
        let mut codes: Vec<&str> = TILES.iter().map(|t| t.0).collect();
        codes.sort_unstable();
        assert_eq!(codes, REGION_CODES);
        let mut places: Vec<(u8, u8)> = TILES.iter().map(|t| (t.3, t.4)).collect();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), 27, "two units share a tile");
        for labels in [TILES.map(|t| t.1), TILES.map(|t| t.2)] {
            let mut labels = labels.to_vec();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), 27, "two units share a label");
        }
    }

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
