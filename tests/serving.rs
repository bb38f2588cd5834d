//! The servers' configurations and the README's table of headers are
//! generated from `src/model/serving.rs`; this test fails when a committed
//! copy is stale, so that none is edited by hand.
//! `UPDATE_SERVING=1 cargo test --features ssr --test serving` rewrites them.

#![cfg(feature = "ssr")]
#![expect(
    clippy::expect_used,
    reason = "a test fails by panicking, its helpers too"
)]

use portal::model::serving;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const UPDATE: &str = "`UPDATE_SERVING=1 cargo test --features ssr --test serving`";

/// The README's generated table sits between these lines.
const TABLE_START: &str =
    "<!-- The table below is generated from src/model/serving.rs (tests/serving.rs). -->\n";
const TABLE_END: &str = "<!-- End of the generated table. -->\n";

fn check(path: &str, generated: &str) {
    let path = format!("{ROOT}/{path}");
    if std::env::var_os("UPDATE_SERVING").is_some() {
        std::fs::write(&path, generated).expect("write the generated file");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} is not what src/model/serving.rs generates: run {UPDATE}"
    );
}

/// Every generated file, by its path in the repository.
fn generated() -> [(&'static str, String); 6] {
    [
        ("serve.toml", serving::static_web_server()),
        ("deploy/nginx.conf", serving::nginx()),
        ("deploy/nginx-portal.conf", serving::nginx_under("/portal")),
        ("deploy/Caddyfile", serving::caddy()),
        ("deploy/Caddyfile-portal", serving::caddy_under("/portal")),
        ("deploy/_headers", serving::headers_file()),
    ]
}

#[test]
fn server_configurations_are_generated() {
    for (path, generated) in generated() {
        check(path, &generated);
    }
}

/// The README tells operators which file is whose: it names every one.
#[test]
fn readme_names_every_generated_file() {
    let readme = std::fs::read_to_string(format!("{ROOT}/README.md")).expect("README.md");
    for (path, _) in generated() {
        assert!(
            readme.contains(&format!("`{path}`")),
            "README.md does not name {path}"
        );
    }
}

#[test]
fn readme_table_is_generated() {
    let path = format!("{ROOT}/README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme.find(TABLE_START).expect("the table's first marker") + TABLE_START.len();
    let end = start
        + readme[start..]
            .find(TABLE_END)
            .expect("the table's last marker");
    let table = serving::readme_table();
    if std::env::var_os("UPDATE_SERVING").is_some() {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).expect("write README.md");
    } else {
        assert!(
            readme[start..end] == table,
            "README.md's table of headers is not what src/model/serving.rs generates: run {UPDATE}"
        );
    }
}

/// The assets Trunk names after their content are those `index.html`
/// hands it (the crate, the style sheets, the icon), and nothing copied
/// verbatim from `public/` starts like one of them.
#[test]
fn hashed_stems_are_what_trunk_hashes() {
    let index = std::fs::read_to_string(format!("{ROOT}/index.html")).expect("index.html");
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[start..].split('"').next()?.to_owned())
    };
    let mut stems: Vec<String> = Vec::new();
    for tag in index.split('<').filter(|t| t.contains("data-trunk")) {
        let stem = match attribute(tag, "rel").as_deref() {
            Some("rust") => attribute(tag, "data-target-name"),
            Some("css" | "icon") => attribute(tag, "href").and_then(|href| {
                let name = href.rsplit('/').next()?;
                Some(name.split('.').next()?.to_owned())
            }),
            _ => None,
        };
        stems.extend(stem);
    }
    stems.sort();
    let mut expected: Vec<String> = serving::HASHED_STEMS.map(String::from).to_vec();
    expected.sort();
    assert_eq!(stems, expected, "index.html's hashed assets");
    for entry in std::fs::read_dir(format!("{ROOT}/public")).expect("public/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            !serving::Paths::Hashed.matches(&format!("/{name}")),
            "public/{name} would be cached for a year as if its name carried a hash"
        );
    }
}
