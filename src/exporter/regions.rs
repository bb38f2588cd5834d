//! Region names as they appear in incident data, mapped to ISO 3166-2:UA
//! through the table in `data/region-spellings.json` (code → spellings).
//!
//! Matching ignores case, diacritics, punctuation and spacing: a name is
//! cut into words at spaces, hyphens and other punctuation, and compared
//! as its words run together, so "Ivano-Frankivsk", "Ivano Frankivsk" and
//! "IVANOFRANKIVSK" are one name. Apostrophes (', ’, ʼ, ‘, `, and ʹ for
//! the soft sign) join the letters around them: "Donets'ka" is "Donetska",
//! "L'viv" is "Lviv". Only the French elision before a vowel ("oblast
//! d'Odessa") cuts the word.
//!
//! A spelling is first looked up whole ("Kyiv Oblast" and "Kyiv city"
//! differ), then without the country ("Kyiv Oblast, Ukraine"); failing
//! that, without the words that only say "this is a region" ("oblast",
//! "область", "region", …), so that "Kharkivska oblast, Ukraine" finds
//! "Kharkivska". A core shared by two regions ("Kyiv") matches neither.
//!
//! A name the table does not map may name no region at all: a sea, the
//! country, a city other than Kyiv and Sevastopol, a place abroad. The
//! exporter says which look so ([`RegionMatcher::non_region`], from the
//! small word lists below), so that they are left unmapped instead of
//! being added to the table.

use super::{read_table, TableFileError};
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

const COUNTRY_WORDS: &[&str] = &[
    "ukraine",
    "ukraina",
    "ukrajina",
    "ukrayina",
    "україна",
    "украина",
];

/// Words that say "this is a region".
const REGION_WORDS: &[&str] = &[
    "oblast",
    "obl",
    "region",
    "reg",
    "gebiet",
    "область",
    "обл",
    "области",
    "oblasti",
];

/// The small words that go with them ("oblast d'Odessa", "the Ukraine").
const FILLER_WORDS: &[&str] = &["de", "d", "l", "the"];

/// The regions that are cities: Kyiv and Sevastopol.
const CITY_REGIONS: [&str; 2] = ["UA-30", "UA-40"];

/// Words that name a city as a city ("Kharkiv city", "м. Одеса").
#[rustfmt::skip]
const CITY_WORDS: &[&str] = &[
    "city", "misto", "місто", "м", "gorod", "город", "г", "stadt", "ville",
];

/// Cities that are not the centre of an oblast, as reporters write them:
/// their bare name stands for no region (a centre's does).
#[rustfmt::skip]
const CITIES: &[&str] = &[
    "Mariupol", "Маріуполь", "Мариуполь",
    "Melitopol", "Мелітополь", "Мелитополь",
    "Berdiansk", "Berdyansk", "Бердянськ", "Бердянск",
    "Enerhodar", "Energodar", "Енергодар", "Энергодар",
    "Nikopol", "Нікополь", "Никополь",
    "Kryvyi Rih", "Krivoy Rog", "Кривий Ріг", "Кривой Рог",
    "Kremenchuk", "Kremenchug", "Кременчук", "Кременчуг",
    "Kramatorsk", "Краматорськ", "Краматорск",
    "Sloviansk", "Slavyansk", "Слов'янськ", "Славянск",
    "Bakhmut", "Artemivsk", "Бахмут",
    "Avdiivka", "Avdeevka", "Авдіївка", "Авдеевка",
    "Pokrovsk", "Покровськ", "Покровск",
    "Toretsk", "Торецьк", "Торецк",
    "Vuhledar", "Ugledar", "Вугледар", "Угледар",
    "Chasiv Yar", "Часів Яр", "Часов Яр",
    "Kostiantynivka", "Konstantinovka", "Костянтинівка", "Константиновка",
    "Horlivka", "Gorlovka", "Горлівка", "Горловка",
    "Makiivka", "Makeevka", "Макіївка", "Макеевка",
    "Sievierodonetsk", "Severodonetsk", "Сєвєродонецьк", "Северодонецк",
    "Lysychansk", "Lisichansk", "Лисичанськ", "Лисичанск",
    "Kupiansk", "Kupyansk", "Куп'янськ", "Купянск",
    "Izium", "Izyum", "Ізюм", "Изюм",
    "Vovchansk", "Volchansk", "Вовчанськ", "Волчанск",
    "Nova Kakhovka", "Нова Каховка", "Новая Каховка",
    "Huliaipole", "Gulyaypole", "Гуляйполе",
    "Orikhiv", "Orekhov", "Оріхів", "Орехов",
    "Tokmak", "Токмак",
    "Kerch", "Керч", "Керчь",
    "Yalta", "Ялта",
    "Yevpatoriia", "Evpatoria", "Євпаторія", "Евпатория",
    "Feodosiia", "Feodosia", "Феодосія", "Феодосия",
    "Bucha", "Буча",
    "Irpin", "Ірпінь", "Ирпень",
    "Izmail", "Ізмаїл", "Измаил",
    "Ochakiv", "Ochakov", "Очаків", "Очаков",
];

/// Words of seas and rivers.
#[rustfmt::skip]
const WATER_WORDS: &[&str] = &[
    "sea", "море", "моря", "meer", "mer",
    "azov", "asow", "азов", "азовське", "азовское", "азовського", "азовского",
    "river", "річка", "ріка", "река", "fluss", "fleuve", "rivière",
    "strait", "протока", "пролив", "bay", "затока", "залив",
    "lake", "озеро",
    "Dnieper", "Dniester",
];

/// Words of the neighbouring countries, of their kinds of region, and of
/// their regions along the border.
#[rustfmt::skip]
const ABROAD_WORDS: &[&str] = &[
    "Russia", "Russland", "Russie", "Росія", "Россия", "РФ",
    "Belarus", "Weißrussland", "Biélorussie", "Білорусь", "Беларусь",
    "Moldova", "Moldau", "Moldavie", "Молдова", "Молдавия",
    "Transnistria", "Transnistrien", "Transnistrie", "Pridnestrovie", "Nistrului",
    "Придністров'я", "Приднестровье",
    "Poland", "Polen", "Pologne", "Польща", "Польша",
    "Romania", "Rumänien", "Roumanie", "Румунія", "Румыния",
    "Hungary", "Ungarn", "Hongrie", "Угорщина", "Венгрия",
    "Slovakia", "Slowakei", "Slovaquie", "Словаччина", "Словакия",
    "krai", "kray", "край", "kraj", "voivodeship", "województwo", "воєводство", "воеводство",
    "voblast", "voblasć", "вобласць", "județ", "judetul", "megye", "Landschaftsverband",
    "Belgorod", "Belgorodskaja", "Белгород", "Белгородская", "Бєлгород", "Бєлгородська",
    "Білгородська",
    "Bryansk", "Brjanskaja", "Брянск", "Брянська", "Брянская",
    "Kursk", "Kurskaja", "Курск", "Курська", "Курская",
    "Voronezh", "Voronezhskaya", "Woronesch", "Voronej", "Воронеж", "Воронезька", "Воронізька",
    "Воронежская",
    "Rostov", "Rostovskaja", "Ростов", "Ростовська", "Ростовская",
    "Krasnodar", "Krasnodarskij", "Краснодар", "Краснодарський", "Краснодарский",
    "Gomel", "Homel", "Gomel'skaja", "Гомель", "Гомельська", "Гомельская",
    "Brest", "Bresckaja", "Брест", "Брестська", "Брестская",
    "Minsk", "Minskaja", "Мінськ", "Минск", "Мінська", "Минская",
    "Chișinău", "Кишинів", "Кишинев",
    "Podkarpackie", "Karpatenvorland", "Basses-Carpates", "Підкарпатське", "Подкарпатское",
    "Lubelskie", "Lublin", "Люблінське", "Люблинское",
    "Suceava", "Сучава", "Maramureș", "Марамуреш", "Botoșani", "Ботошані",
    "Szabolcs", "Сабольч",
    "Košice", "Košický", "Кошицький", "Prešov", "Prešovský", "Пряшівський",
];

/// Apostrophes and the primes of transliterations: they join the letters
/// around them.
const APOSTROPHES: &[char] = &['\'', '’', 'ʼ', '‘', '`', '´', 'ʹ', 'ʺ', 'ʻ', '′', '＇'];

/// Invisible characters, dropped: the soft hyphen, zero-width spaces and
/// joiners, the byte order mark.
const INVISIBLE: &[char] = &[
    '\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}',
];

/// The words of a name: lower case, without diacritics, cut at spaces and
/// punctuation, with apostrophes dropped (but for the French elision of
/// "d'" and "l'" before a vowel, which cuts the word).
pub fn words(name: &str) -> Vec<String> {
    // Apostrophes as `'`, every other character that is not a letter or a
    // digit as a space.
    let mut plain = Vec::with_capacity(name.len());
    for c in name.chars() {
        if APOSTROPHES.contains(&c) {
            plain.push('\'');
        } else if !INVISIBLE.contains(&c) {
            for d in std::iter::once(c).nfkd() {
                if APOSTROPHES.contains(&d) {
                    plain.push('\'');
                } else if !unicode_normalization::char::is_combining_mark(d) {
                    plain.extend(
                        d.to_lowercase()
                            .map(|l| if l.is_alphanumeric() { l } else { ' ' }),
                    );
                }
            }
        }
    }
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in plain.iter().enumerate() {
        let elision = || {
            matches!(word.as_str(), "d" | "l")
                && plain
                    .get(i + 1)
                    .is_some_and(|next| "aeiouyh".contains(*next))
        };
        if c == ' ' || (c == '\'' && elision()) {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else if c != '\'' {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A name's words that are not in `skip`, run together: the form in which
/// names are compared.
fn key(words: &[String], skip: &[String]) -> String {
    words
        .iter()
        .filter(|w| !skip.contains(w))
        .map(String::as_str)
        .collect()
}

/// Reads the spelling table (code → spellings) from `path`.
pub fn load_table(path: &std::path::Path) -> Result<BTreeMap<String, Vec<String>>, TableFileError> {
    read_table(path)
}

/// Why a spelling table cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpellingError {
    #[error("{0:?} is not an ISO 3166-2:UA code")]
    NotRegionCode(String),
    #[error("{spelling:?} (under {code}) names no region, only words such as \"oblast\"")]
    NamesNoRegion { spelling: String, code: String },
    #[error("{spelling:?} is listed under both {other} and {code} (names that differ only in case, diacritics, spaces or punctuation are one)")]
    ListedTwice {
        spelling: String,
        other: String,
        code: String,
    },
}

/// What a name looks like that names no region of Ukraine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NonRegion {
    /// No name at all: empty, or only words such as "oblast".
    NoName,
    /// The whole country ("Ukraine").
    Country,
    /// A sea or a river ("Black Sea", "Dnipro River").
    Water,
    /// A city other than Kyiv and Sevastopol ("Kharkiv city", "Mariupol").
    City,
    /// A place in a neighbouring country ("Belgorod Oblast", "Transnistria").
    Abroad,
}

impl std::fmt::Display for NonRegion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NonRegion::NoName => "no name",
            NonRegion::Country => "the whole country",
            NonRegion::Water => "a sea or river",
            NonRegion::City => "a city other than Kyiv and Sevastopol",
            NonRegion::Abroad => "a place abroad",
        })
    }
}

/// The word lists that tell a [`NonRegion`], folded as names are.
#[derive(Debug, Clone)]
struct NonRegionWords {
    region: Vec<String>,
    city: Vec<String>,
    /// [`CITIES`] in the form names are compared in.
    cities: Vec<String>,
    water: Vec<String>,
    abroad: Vec<String>,
}

/// The spelling table, ready for lookups.
#[derive(Debug, Clone)]
pub struct RegionMatcher {
    whole: HashMap<String, String>,
    core: HashMap<String, Option<String>>,
    /// The country words, folded as names are.
    country: Vec<String>,
    /// The country, region and filler words, folded as names are.
    country_and_region: Vec<String>,
    non_region: NonRegionWords,
}

impl RegionMatcher {
    /// Builds the matcher; a spelling listed under two codes, or one that
    /// is nothing but country and region words ("Oblast", "Ukraine"), is an
    /// error.
    pub fn new(table: &BTreeMap<String, Vec<String>>) -> Result<RegionMatcher, SpellingError> {
        let folded =
            |list: &[&str]| -> Vec<String> { list.iter().flat_map(|w| words(w)).collect() };
        let country = folded(COUNTRY_WORDS);
        let country_and_region = folded(&[COUNTRY_WORDS, REGION_WORDS, FILLER_WORDS].concat());
        let mut whole = HashMap::new();
        let mut core: HashMap<String, Option<String>> = HashMap::new();
        for (code, spellings) in table {
            if !crate::model::region::is_region_code(code) {
                return Err(SpellingError::NotRegionCode(code.clone()));
            }
            for spelling in spellings {
                let words = words(spelling);
                let stem = key(&words, &country_and_region);
                if stem.is_empty() {
                    return Err(SpellingError::NamesNoRegion {
                        spelling: spelling.clone(),
                        code: code.clone(),
                    });
                }
                if let Some(other) = whole.insert(key(&words, &[]), code.clone()) {
                    if &other != code {
                        return Err(SpellingError::ListedTwice {
                            spelling: spelling.clone(),
                            other,
                            code: code.clone(),
                        });
                    }
                }
                // A core shared by two codes ("Kyiv") is not used for matching.
                core.entry(stem)
                    .and_modify(|c| {
                        if c.as_deref() != Some(code) {
                            *c = None;
                        }
                    })
                    .or_insert_with(|| Some(code.clone()));
            }
        }
        let non_region = NonRegionWords {
            region: folded(REGION_WORDS),
            city: folded(CITY_WORDS),
            cities: CITIES.iter().map(|c| key(&words(c), &[])).collect(),
            water: folded(WATER_WORDS),
            abroad: folded(ABROAD_WORDS),
        };
        Ok(RegionMatcher {
            whole,
            core,
            country,
            country_and_region,
            non_region,
        })
    }

    pub fn load(path: &std::path::Path) -> Result<RegionMatcher, TableFileError> {
        RegionMatcher::new(&load_table(path)?).map_err(|e| TableFileError::new(path, e))
    }

    /// The ISO code for a spelling, if the table knows it.
    pub fn code(&self, name: &str) -> Option<&str> {
        let words = words(name);
        self.whole
            .get(&key(&words, &[]))
            .or_else(|| self.whole.get(&key(&words, &self.country)))
            .or_else(|| {
                self.core
                    .get(&key(&words, &self.country_and_region))
                    .and_then(Option::as_ref)
            })
            .map(String::as_str)
    }

    /// What `name`, which the table does not map, looks like if it names
    /// no region of Ukraine, going by its words: nothing but words such as
    /// "oblast", the country, a sea or river, a place abroad (unless a
    /// word of it names a region: "Zaporizhzhia, occupied by Russia"), or
    /// a city other than Kyiv and Sevastopol (named as a city, or one of
    /// [`CITIES`]). A hint, from short lists: `None` says only that the
    /// name looks like none of those.
    pub fn non_region(&self, name: &str) -> Option<NonRegion> {
        let words = words(name);
        let lists = &self.non_region;
        let has = |list: &[String]| words.iter().any(|w| list.contains(w));
        // The regions that a word of the name names by itself.
        let regions: Vec<&str> = words.iter().filter_map(|w| self.code(w)).collect();
        if key(&words, &self.country_and_region).is_empty() {
            Some(if has(&self.country) {
                NonRegion::Country
            } else {
                NonRegion::NoName
            })
        } else if has(&lists.water) {
            Some(NonRegion::Water)
        } else if has(&lists.abroad) && regions.is_empty() {
            Some(NonRegion::Abroad)
        } else if !has(&lists.region)
            && (has(&lists.city) || lists.cities.contains(&key(&words, &self.country)))
            && !regions.iter().any(|code| CITY_REGIONS.contains(code))
        {
            Some(NonRegion::City)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> RegionMatcher {
        RegionMatcher::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/region-spellings.json"),
        )
        .unwrap()
    }

    #[test]
    fn messy_spellings_find_their_region() {
        let m = shipped();
        for (name, code) in [
            ("Zaporizhzhia", "UA-23"),
            ("Zaporizhia Oblast", "UA-23"),
            ("SAPORISCHSCHJA", "UA-23"),
            ("Запорізька область", "UA-23"),
            ("Odessa", "UA-51"),
            ("odesa oblast, Ukraine", "UA-51"),
            ("Kyiv", "UA-30"),
            ("Kiev city", "UA-30"),
            ("Kyiv Oblast", "UA-32"),
            ("Kiev oblast, Ukraine", "UA-32"),
            ("Kiev, Ukraine", "UA-30"),
            ("Kyivska oblast", "UA-32"),
            ("Crimea", "UA-43"),
            ("Sébastopol", "UA-40"),
            ("Kharkiv region", "UA-63"),
            ("  kharkivska   OBLAST ", "UA-63"),
        ] {
            assert_eq!(m.code(name), Some(code), "{name}");
        }
        assert_eq!(m.code("Atlantis"), None);
        assert_eq!(
            m.code("Kiev reg., Ukraine"),
            None,
            "city or oblast: ambiguous"
        );
    }

    #[test]
    fn words_lose_case_diacritics_and_apostrophes_and_part_at_punctuation() {
        for (name, expected) in [
            ("Donets'ka oblast'", &["donetska", "oblast"][..]),
            ("Donetsʹka oblastʹ", &["donetska", "oblast"]),
            (
                " Ivano-Frankivsk,  UKRAINE ",
                &["ivano", "frankivsk", "ukraine"],
            ),
            ("Ivano\u{AD}Frankivsk", &["ivanofrankivsk"]),
            ("oblast d'Odessa", &["oblast", "d", "odessa"]),
            ("L’viv", &["lviv"]),
            ("presqu'île de Crimée", &["presquile", "de", "crimee"]),
            ("Mykolaïv", &["mykolaiv"]),
            ("Запорізька обл.", &["запорізька", "обл"]),
            ("В'язівка", &["вязівка"]),
            ("''", &[]),
        ] {
            assert_eq!(words(name), expected, "{name}");
        }
    }

    #[test]
    fn every_region_has_spellings_and_none_is_ambiguous() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/region-spellings.json"
        ))
        .unwrap();
        let table: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).unwrap();
        assert_eq!(table.len(), 27);
        let mut twice = BTreeMap::new();
        twice.insert("UA-05".to_owned(), vec!["Same".to_owned()]);
        twice.insert("UA-07".to_owned(), vec!["same".to_owned()]);
        assert!(matches!(
            RegionMatcher::new(&twice),
            Err(SpellingError::ListedTwice { .. })
        ));
        // Spellings that differ only in spaces, hyphens or apostrophes are one.
        twice.insert("UA-07".to_owned(), vec!["S'a-me".to_owned()]);
        assert!(matches!(
            RegionMatcher::new(&twice),
            Err(SpellingError::ListedTwice { .. })
        ));
        let mut nothing = BTreeMap::new();
        nothing.insert("UA-05".to_owned(), vec!["Oblast, Ukraine".to_owned()]);
        assert_eq!(
            RegionMatcher::new(&nothing).err().map(|e| e.to_string()),
            Some(
                "\"Oblast, Ukraine\" (under UA-05) names no region, only words such as \"oblast\""
                    .to_owned()
            )
        );
    }
}
