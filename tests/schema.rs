//! The published JSON Schema (`public/data/schema/v1.json`) is generated from
//! the Rust types; this test fails when the committed file is stale.
//! `UPDATE_SCHEMA=1 cargo test --features ssr --test schema` rewrites it.

#![cfg(feature = "ssr")]

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/public/data/schema/v1.json");

#[test]
fn the_published_schema_matches_the_types() {
    let generated = portal::model::export::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(PATH, &generated).expect("write the schema");
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "public/data/schema/v1.json is stale: run `UPDATE_SCHEMA=1 cargo test --features ssr --test schema`"
    );
}
