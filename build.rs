//! Generates the leptos_i18n module from `locales/*.json` and fails the build
//! when any catalogue lacks a key the others have. Only the web stack has
//! UI strings: the exporter alone (`--features exporter`) needs nothing here.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "web")]
    i18n::generate()?;
    Ok(())
}

#[cfg(feature = "web")]
#[path = "src/model/catalogue.rs"]
mod catalogue;

#[cfg(feature = "web")]
#[path = "src/model/typography.rs"]
#[expect(dead_code, reason = "the build uses the pass, not the checks")]
mod typography;

#[cfg(feature = "web")]
mod i18n {
    use super::{catalogue, typography};
    use leptos_i18n_build::{Config, TranslationsInfos};
    use std::error::Error;
    use std::path::PathBuf;

    const LOCALES: [&str; 4] = ["en", "uk", "de", "fr"];

    pub fn generate() -> Result<(), Box<dyn Error>> {
        println!("cargo::rerun-if-changed=src/model/catalogue.rs");
        println!("cargo::rerun-if-changed=src/model/typography.rs");
        println!("cargo::rerun-if-changed=locales");

        let mut catalogues = Vec::new();
        for lang in LOCALES {
            let path = format!("locales/{lang}.json");
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
            let value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
            catalogues.push((lang.to_owned(), value));
        }
        let problems = catalogue::check_catalogues(&catalogues);
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(format!("incomplete translations:\n  {}", list.join("\n  ")).into());
        }

        // The catalogues leptos_i18n compiles are the ones in locales/ set
        // in each language's typography (French spacing, the Ukrainian
        // apostrophe), so that no string needs it typed by hand.
        let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?);
        let typeset = out_dir.join("locales");
        std::fs::create_dir_all(&typeset)?;
        for (lang, mut value) in catalogues {
            if let Some(map) = value.as_object_mut() {
                for text in map.values_mut() {
                    if let Some(s) = text.as_str() {
                        *text = typography::typeset(&lang, s).into();
                    }
                }
            }
            std::fs::write(typeset.join(format!("{lang}.json")), value.to_string())?;
        }
        let out = out_dir.join("i18n");
        let cfg = Config::new("en")?
            .add_locales(["uk", "de", "fr"])?
            .locales_path(typeset.to_string_lossy().into_owned());
        let infos = TranslationsInfos::parse(cfg)?;
        // Not `rerun_if_locales_changed`: it would name the files written
        // above, newer than every run, and rebuild the crate each time.
        infos.emit_diagnostics();
        infos.generate_i18n_module(out)?;
        Ok(())
    }
}
