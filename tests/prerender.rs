//! The prerender step as `make build` runs it: the real binary on a copy of
//! the shipped content and data, with a minimal Trunk-like template.

#![cfg(feature = "ssr")]
#![expect(
    clippy::unwrap_used,
    reason = "a test fails by panicking, its helpers too"
)]

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A dist directory with a template and the shipped data, and a copy of
/// the shipped content.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    std::fs::create_dir_all(dist.join("data")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"></head><body></body></html>",
    )
    .unwrap();
    for name in ["release.json", "export.json"] {
        std::fs::copy(
            Path::new(ROOT).join("public/data").join(name),
            dist.join("data").join(name),
        )
        .unwrap();
    }
    copy_dir(
        &Path::new(ROOT).join("content"),
        &tmp.path().join("content"),
    );
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn prerender(site: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_prerender"))
        .arg(site.join("dist"))
        .arg("--content")
        .arg(site.join("content"))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn the_shipped_content_and_data_build() {
    let site = site();
    let (ok, log) = prerender(site.path());
    assert!(ok, "{log}");
    let home = std::fs::read_to_string(site.path().join("dist/en/index.html")).unwrap();
    assert!(home.contains("<html lang=\"en\">"));
}

#[test]
fn an_invalid_export_fails_the_build_naming_file_and_path() {
    let site = site();
    let path = site.path().join("dist/data/export.json");
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    export["regions"][0]["code"] = "UA-99".into();
    std::fs::write(&path, export.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("data/export.json: $.regions[0].code: \"UA-99\" is not an ISO 3166-2:UA code"),
        "{log}"
    );
}

#[test]
fn a_manifest_from_another_release_fails_the_build() {
    let site = site();
    let path = site.path().join("dist/data/release.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("sample-2026-W47", "sample-other")).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(log.contains("describe different releases"), "{log}");
}

#[test]
fn a_language_missing_a_provision_fails_the_build_naming_file_and_ids() {
    let site = site();
    let path = site.path().join("content/declaration/final/de.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text.find("## 4.").unwrap();
    let end = text.find("## 5.").unwrap();
    let text = format!("{}{}", &text[..cut], &text[end..]).replace("{#cell}", "{#zelle}");
    std::fs::write(&path, text).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("declaration/final/de.md: provision ids differ from")
            && log.contains("lacks [\"c4\", \"cell\"], has extra [\"zelle\"]"),
        "{log}"
    );
}

#[test]
fn parties_naming_an_unknown_source_or_provision_fail_the_build() {
    let site = site();
    let path = site.path().join("content/parties.json");
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut record = original.clone();
    record["parties"][1]["sources"][0] = "rumour-mill".into();
    std::fs::write(&path, record.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains(
            "parties.json: $.parties[1].sources[0]: names the unknown source \"rumour-mill\""
        ),
        "{log}"
    );
    let mut record = original.clone();
    record["disagreements"][0]["provisions"][0] = "c9".into();
    std::fs::write(&path, record.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("\"c9\" is not a provision of the declaration"),
        "{log}"
    );
    let mut record = original;
    record["parties"][0]["role"]["fr"] = "<b>rôle</b>".into();
    std::fs::write(&path, record.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains("$.parties[0].role.fr: contains the forbidden character U+003C"),
        "{log}"
    );
}

#[test]
fn a_component_placed_nowhere_fails_the_build() {
    let site = site();
    let path = site.path().join("content/pillars.json");
    let mut structure: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let around = structure["around"].as_array_mut().unwrap();
    around.retain(|a| a["provisions"][0] != "c5");
    std::fs::write(&path, structure.to_string()).unwrap();
    let (ok, log) = prerender(site.path());
    assert!(!ok);
    assert!(
        log.contains(
            "pillars.json: $: component \"c5\" belongs to no pillar and to nothing around them"
        ),
        "{log}"
    );
}
