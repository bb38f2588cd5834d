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
mod i18n {
    use super::catalogue;
    use leptos_i18n_build::{Config, TranslationsInfos};
    use std::error::Error;
    use std::path::PathBuf;

    const LOCALES: [&str; 4] = ["en", "uk", "de", "fr"];

    pub fn generate() -> Result<(), Box<dyn Error>> {
        println!("cargo::rerun-if-changed=src/model/catalogue.rs");
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

        let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
        let cfg = Config::new("en")?.add_locales(["uk", "de", "fr"])?;
        let infos = TranslationsInfos::parse(cfg)?;
        infos.emit_diagnostics();
        infos.rerun_if_locales_changed();
        infos.generate_i18n_module(out)?;
        Ok(())
    }
}
