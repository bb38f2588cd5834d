//! The portal's four languages.

use serde::{Deserialize, Serialize};

/// A language the portal is published in.
///
/// ```
/// use portal::model::Lang;
/// assert_eq!("uk".parse::<Lang>(), Ok(Lang::Uk));
/// assert_eq!(Lang::De.code(), "de");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Uk,
    En,
    De,
    Fr,
}

impl Lang {
    /// Every language, Ukrainian first: the order of the language switcher.
    pub const ALL: [Lang; 4] = [Lang::Uk, Lang::En, Lang::De, Lang::Fr];

    /// BCP 47 code, also the first path segment of every route.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Uk => "uk",
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
        }
    }

    /// The language's name in itself, as a reader looks for it in a switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Uk => "Українська",
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
        }
    }

    /// Open Graph locale (`og:locale`).
    pub fn og_locale(self) -> &'static str {
        match self {
            Lang::Uk => "uk_UA",
            Lang::En => "en_GB",
            Lang::De => "de_DE",
            Lang::Fr => "fr_FR",
        }
    }
}

/// A path segment or query value that names no portal language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language code {0:?} (expected one of uk, en, de, fr)")]
pub struct UnknownLang(pub String);

impl std::str::FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == s)
            .ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
    }

    #[test]
    fn unknown_code_is_an_error_naming_it() {
        let err = "ru".parse::<Lang>().unwrap_err();
        assert!(err.to_string().contains("\"ru\""), "{err}");
        assert!("EN".parse::<Lang>().is_err(), "codes are lower case");
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&Lang::Fr).unwrap(), "\"fr\"");
    }
}
