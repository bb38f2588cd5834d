//! Region spellings as people write them, mapped through the shipped table
//! (`data/region-spellings.json`), and names that are not regions of
//! Ukraine, which must stay unmapped.
//!
//! The official names come from Debian's iso-codes, copied once into
//! `tests/fixtures/` (the files say how), so that the test needs no package.

#![cfg(feature = "exporter")]
#![expect(
    clippy::unwrap_used,
    reason = "a test fails by panicking, its helpers too"
)]

use portal::exporter::regions::{load_table, NonRegion, RegionMatcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> RegionMatcher {
    RegionMatcher::load(&root().join("data/region-spellings.json")).unwrap()
}

/// The rows (code, language, name) of a fixture copied from iso-codes.
fn fixture(name: &str) -> Vec<(String, String, String)> {
    let path = root().join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; it is a copy of Debian's iso-codes made once, see its header",
            path.display()
        )
    });
    let rows: Vec<_> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            let [code, lang, name] = fields[..] else {
                panic!("{}: not code, language, name: {l:?}", path.display())
            };
            (code.to_owned(), lang.to_owned(), name.to_owned())
        })
        .collect();
    assert!(!rows.is_empty(), "{} has no rows", path.display());
    rows
}

/// The names that map to another code than their own, or to none.
fn wrong<'a>(
    m: &RegionMatcher,
    cases: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    cases
        .into_iter()
        .filter(|(name, code)| m.code(name) != Some(code))
        .map(|(name, code)| format!("{name:?} → {:?}, not {code}", m.code(name)))
        .collect()
}

#[test]
fn every_name_of_iso_3166_2_ua_in_debian_iso_codes_maps_to_its_code() {
    let m = shipped();
    let rows = fixture("iso-3166-2-ua.tsv");
    let codes: BTreeSet<&str> = rows.iter().map(|(c, _, _)| c.as_str()).collect();
    assert_eq!(codes.len(), 27, "the whole list: {codes:?}");
    let languages: BTreeSet<&str> = rows.iter().map(|(_, l, _)| l.as_str()).collect();
    assert_eq!(
        languages,
        BTreeSet::from(["de", "en", "fr", "ru", "uk"]),
        "the romanised names and every translation asked for"
    );
    let wrong = wrong(
        &m,
        rows.iter()
            .map(|(code, _, name)| (name.as_str(), code.as_str())),
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_region_label_of_the_portal_maps_to_its_code_and_oblast_may_come_first() {
    #[derive(serde::Deserialize)]
    struct Region {
        code: String,
        name: BTreeMap<String, String>,
    }
    #[derive(serde::Deserialize)]
    struct Dimensions {
        regions: Vec<Region>,
    }
    let text = std::fs::read_to_string(root().join("data/dimensions.json")).unwrap();
    let dims: Dimensions = serde_json::from_str(&text).unwrap();
    let mut cases = Vec::new();
    for region in &dims.regions {
        for name in region.name.values() {
            cases.push((name.clone(), region.code.clone()));
        }
        // "Kyiv Oblast" also as "Oblast Kyiv", "oblast' Kyiv", "OBLAST KYIV, Ukraine".
        if let Some(stem) = region.name["en"].strip_suffix(" Oblast") {
            for name in [
                format!("Oblast {stem}"),
                format!("oblast' {stem}"),
                format!("OBLAST {}, Ukraine", stem.to_uppercase()),
            ] {
                cases.push((name, region.code.clone()));
            }
        }
    }
    assert_eq!(cases.len(), 27 * 4 + 24 * 3);
    let wrong = wrong(
        &shipped(),
        cases.iter().map(|(n, c)| (n.as_str(), c.as_str())),
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn apostrophes_and_hyphens_join_the_letters_around_them() {
    let m = shipped();
    let mut cases = Vec::new();
    // Every official romanisation with the soft sign written, in every
    // apostrophe people type: "Donets'ka oblast", "Zaporiz'ka oblast'".
    for (code, lang, name) in fixture("iso-3166-2-ua.tsv") {
        let Some(stem) = name.strip_suffix("ka oblast").filter(|_| lang == "en") else {
            continue;
        };
        for apostrophe in ['\'', '’', 'ʼ', '‘', '`', 'ʹ'] {
            cases.push((format!("{stem}{apostrophe}ka oblast"), code.clone()));
            cases.push((
                format!("{stem}{apostrophe}ka oblast{apostrophe}, Ukraine"),
                code.clone(),
            ));
        }
    }
    assert_eq!(cases.len(), 24 * 6 * 2);
    for (name, code) in [
        ("Donets'ka oblast", "UA-14"),
        ("Kharkivs'ka oblast", "UA-63"),
        ("Zaporiz'ka oblast", "UA-23"),
        ("Kyivs'ka oblast", "UA-32"),
        ("Donetsʹka oblastʹ", "UA-14"),
        ("L'viv", "UA-46"),
        ("L’vivs’ka oblast’", "UA-46"),
        ("Khmel'nyts'kyi", "UA-68"),
        ("Luhans'k", "UA-09"),
        ("Mykolaïv", "UA-48"),
        ("Запорізька обл.", "UA-23"),
        ("Ivano-Frankivsk", "UA-26"),
        ("Ivano Frankivsk", "UA-26"),
        ("Ivano–Frankivsk", "UA-26"),
        ("IvanoFrankivsk oblast", "UA-26"),
        ("Ivano-Frankivs'ka oblast", "UA-26"),
        ("Ivano\u{AD}Frankivsk", "UA-26"),
        ("Kyiv-city", "UA-30"),
        ("Kharkiv-Oblast", "UA-63"),
        // The French elision before a vowel cuts the word.
        ("oblast d'Odessa", "UA-51"),
        ("région d’Ivano-Frankivsk", "UA-26"),
        ("Région d'Odessa, Ukraine", "UA-51"),
    ] {
        cases.push((name.to_owned(), code.to_owned()));
    }
    let wrong = wrong(&m, cases.iter().map(|(n, c)| (n.as_str(), c.as_str())));
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn spellings_of_the_user_test_and_common_forms_in_five_languages() {
    let m = shipped();
    let wrong = wrong(
        &m,
        [
            ("Oblast Kyiv", "UA-32"),
            ("Oblast Kiev", "UA-32"),
            ("Kyivska oblast", "UA-32"),
            ("Київщина", "UA-32"),
            ("Киевская область", "UA-32"),
            ("Oblast Kiew", "UA-32"),
            ("Kyiv", "UA-30"),
            ("Київ", "UA-30"),
            ("Киев", "UA-30"),
            ("Kiew", "UA-30"),
            ("Kyïv", "UA-30"),
            ("Crimean Peninsula", "UA-43"),
            ("Avtonomna Respublika Krym", "UA-43"),
            ("Автономная Республика Крым", "UA-43"),
            ("АР Крим", "UA-43"),
            ("Halbinsel Krim", "UA-43"),
            ("péninsule de Crimée", "UA-43"),
            ("Municipalité de Sébastopol", "UA-40"),
            ("місто Севастополь", "UA-40"),
            ("Zaporizhya oblast", "UA-23"),
            ("Zaporizka oblast", "UA-23"),
            ("Запорожская область", "UA-23"),
            ("Ровненская область", "UA-56"),
            ("Ровно", "UA-56"),
            ("Gebiet Donezk", "UA-14"),
            ("Донеччина", "UA-14"),
            ("Донецкая область, Украина", "UA-14"),
            ("Запорізька область, Україна", "UA-23"),
            ("Николаев", "UA-48"),
            ("Луцьк", "UA-07"),
            ("Днепр", "UA-12"),
            ("Kropywnyzkyj", "UA-35"),
            ("Oujhorod", "UA-21"),
            ("Tchernovtsy", "UA-77"),
        ],
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The table's policy for cities: Kyiv (UA-30) and Sevastopol (UA-40) are
/// regions; the bare name of an oblast's centre stands for the oblast, as
/// reporters use it ("Lviv", "Kharkiv", "Lutsk"); a city named as a city,
/// any other city, a sea, the country and a neighbour's region are not a
/// region and stay unmapped (counted as such, up to `--max-unmapped`).
#[test]
fn names_that_are_not_regions_of_ukraine_are_never_mapped() {
    let m = shipped();
    let policy = wrong(
        &m,
        [
            ("Lviv", "UA-46"),
            ("Kharkiv", "UA-63"),
            ("Odesa", "UA-51"),
            ("Lutsk", "UA-07"),
            ("Kyiv city", "UA-30"),
            ("Sevastopol", "UA-40"),
        ],
    );
    assert!(policy.is_empty(), "{policy:#?}");
    // Each with what it looks like, which the exporter tells when it stops
    // for too many unmapped names, so that none is added to the table.
    let (water, city, country, no_name, abroad) = (
        Some(NonRegion::Water),
        Some(NonRegion::City),
        Some(NonRegion::Country),
        Some(NonRegion::NoName),
        Some(NonRegion::Abroad),
    );
    let held_out = [
        // Seas and rivers.
        ("Black Sea", water),
        ("Sea of Azov", water),
        ("Azov Sea", water),
        ("Чорне море", water),
        ("Азовське море", water),
        ("Черное море", water),
        ("Schwarzes Meer", water),
        ("mer Noire", water),
        ("Dnieper", water),
        ("Dnipro River", water),
        // Cities named as cities, and cities that are no oblast's name.
        ("Kharkiv city", city),
        ("Odesa city", city),
        ("city of Odesa", city),
        ("Lviv city", city),
        ("місто Харків", city),
        ("м. Одеса", city),
        ("город Харьков", city),
        ("Stadt Charkiw", city),
        ("ville d'Odessa", city),
        ("Mariupol", city),
        ("Kramatorsk", city),
        ("Melitopol", city),
        ("Kryvyi Rih", city),
        ("Bakhmut", city),
        ("Маріуполь", city),
        ("Mariupol, Ukraine", city),
        // The country, and words that name no region.
        ("Ukraine", country),
        ("Україна", country),
        ("Украина", country),
        ("the Ukraine", country),
        ("Ukraine, Ukraine", country),
        ("Oblast", no_name),
        ("область", no_name),
        ("region", no_name),
        ("", no_name),
        ("  ", no_name),
        ("'", no_name),
        // Neighbours' regions.
        ("Belgorod Oblast", abroad),
        ("Belgorod", abroad),
        ("Белгородская область", abroad),
        ("Білгородська область", abroad),
        ("Brest Region", abroad),
        ("Brest", abroad),
        ("Rostov Oblast", abroad),
        ("Ростовская область", abroad),
        ("Gomel", abroad),
        ("Homel", abroad),
        ("Kursk Oblast", abroad),
        ("Bryansk", abroad),
        ("Krasnodar Krai", abroad),
        ("Transnistria", abroad),
        ("Suceava", abroad),
        ("Podkarpackie", abroad),
        ("Minsk", abroad),
        // Two regions at once, and a core two regions share: they may be
        // written better, so they look like nothing in particular.
        ("Kyiv Donetsk", None),
        ("Kiev reg., Ukraine", None),
    ];
    let mapped: Vec<_> = held_out
        .iter()
        .filter_map(|(n, _)| m.code(n).map(|c| format!("{n:?} → {c}")))
        .collect();
    assert!(mapped.is_empty(), "{mapped:#?}");
    let mistaken: Vec<_> = held_out
        .iter()
        .filter(|(n, kind)| m.non_region(n) != *kind)
        .map(|(n, kind)| format!("{n:?} looks like {:?}, not {kind:?}", m.non_region(n)))
        .collect();
    assert!(mistaken.is_empty(), "{mistaken:#?}");
}

/// A name that may name a region, if not in a form the table knows, never
/// looks like a non-region: every spelling of the table and every name of
/// iso-codes, and names that say where a city or sea is.
#[test]
fn no_name_of_a_region_looks_like_a_non_region() {
    let m = shipped();
    let table = load_table(&root().join("data/region-spellings.json")).unwrap();
    let mut names: Vec<String> = table.into_values().flatten().collect();
    names.extend(fixture("iso-3166-2-ua.tsv").into_iter().map(|(_, _, n)| n));
    names.extend(
        [
            "Kyiv city centre",
            "Mariupol, Donetsk oblast",
            "Kharkiv city, Kharkiv oblast",
            "Zaporizhzhia, occupied by Russia",
            "Odesa oblast near Transnistria",
            "Atlantis",
        ]
        .map(String::from),
    );
    let mistaken: Vec<_> = names
        .iter()
        .filter_map(|n| {
            m.non_region(n)
                .map(|kind| format!("{n:?} looks like {kind}"))
        })
        .collect();
    assert!(mistaken.is_empty(), "{mistaken:#?}");
}

#[test]
fn no_subdivision_of_a_neighbouring_country_in_debian_iso_codes_maps() {
    let m = shipped();
    let rows = fixture("iso-3166-2-neighbours.tsv");
    let countries: BTreeSet<&str> = rows.iter().map(|(c, _, _)| &c[..2]).collect();
    assert_eq!(
        countries,
        BTreeSet::from(["BY", "HU", "MD", "PL", "RO", "RU", "SK"])
    );
    let mapped: Vec<_> = rows
        .iter()
        .filter_map(|(code, lang, name)| {
            m.code(name)
                .map(|c| format!("{code} ({lang}) {name:?} → {c}"))
        })
        .collect();
    assert!(mapped.is_empty(), "{mapped:#?}");
}

/// The neighbours' regions along the border, and their capitals near it,
/// look like places abroad under every name iso-codes gives them.
#[test]
fn the_neighbours_regions_along_the_border_look_like_places_abroad() {
    const BORDER: [&str; 20] = [
        "RU-BEL", "RU-BRY", "RU-KRS", "RU-VOR", "RU-ROS", "RU-KDA", "BY-BR", "BY-HO", "BY-MI",
        "BY-HM", "MD-SN", "MD-CU", "PL-06", "PL-18", "RO-SV", "RO-MM", "RO-BT", "HU-SZ", "SK-KI",
        "SK-PV",
    ];
    let m = shipped();
    let rows: Vec<_> = fixture("iso-3166-2-neighbours.tsv")
        .into_iter()
        .filter(|(code, _, _)| BORDER.contains(&code.as_str()))
        .collect();
    let codes: BTreeSet<&str> = rows.iter().map(|(c, _, _)| c.as_str()).collect();
    assert_eq!(codes.len(), BORDER.len());
    let mistaken: Vec<_> = rows
        .iter()
        .filter(|(_, _, name)| m.non_region(name) != Some(NonRegion::Abroad))
        .map(|(code, lang, name)| format!("{code} ({lang}) {name:?}: {:?}", m.non_region(name)))
        .collect();
    assert!(mistaken.is_empty(), "{mistaken:#?}");
}

/// The shipped sample is written with names of its own, fixed so that it
/// does not change when the table grows; the table maps every one, as the
/// sample writes it (upper case, with the country).
#[test]
fn every_name_the_sample_writes_maps_to_its_code() {
    let m = shipped();
    let names = load_table(&root().join("data/sample-region-names.json")).unwrap();
    assert_eq!(names.len(), 27);
    let cases: Vec<(String, &str)> = names
        .iter()
        .flat_map(|(code, names)| {
            names.iter().flat_map(move |n| {
                [n.clone(), n.to_uppercase(), format!("{n}, Ukraine")].map(|n| (n, code.as_str()))
            })
        })
        .collect();
    let wrong = wrong(&m, cases.iter().map(|(n, c)| (n.as_str(), *c)));
    assert!(wrong.is_empty(), "{wrong:#?}");
}
