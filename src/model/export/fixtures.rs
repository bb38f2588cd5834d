//! Exports for tests: a small valid one to break in each test, and the
//! shipped sample.

use super::{Export, Measure, Selection};
use crate::model::age::AGE_BANDS;
use crate::model::count::Count;
use crate::model::json_read::FromNode;
use serde_json::{json, Value};

fn texts(word: &str) -> Value {
    json!({ "uk": word, "en": word, "de": word, "fr": word })
}

/// Two weeks × two regions × two categories, every count published, the
/// margins the exact sums: a valid export to break in each test.
pub(crate) fn valid() -> Value {
    // week-major, then region, then category
    let reported = [15, 0, 25, 10, 5, 20, 0, 30];
    let referred = [10, 0, 15, 5, 0, 10, 0, 15];
    let concluded = [5, 0, 10, 0, 0, 5, 0, 10];
    let undetermined = [5, 0, 5, 0, 0, 0, 0, 5];
    let party = [0, 0, 5, 0, 0, 5, 0, 5];
    let series = |f: &dyn Fn(&[u32]) -> Vec<u32>| {
        json!({
            "reported": f(&reported), "verified": f(&reported), "referred": f(&referred),
            "concluded": f(&concluded),
            "attributed": { "party-a": f(&party), "undetermined": f(&undetermined) },
        })
    };
    let idx = |w: usize, r: usize, c: usize| (w * 2 + r) * 2 + c;
    let by = |key: fn(usize, usize, usize) -> usize, n: usize| {
        move |a: &[u32]| -> Vec<u32> {
            let mut out = vec![0; n];
            for w in 0..2 {
                for r in 0..2 {
                    for c in 0..2 {
                        out[key(w, r, c)] += a[idx(w, r, c)];
                    }
                }
            }
            out
        }
    };
    sealed(json!({
        "schema_version": 1,
        "release": {
            "release_id": "test-1", "generated_at": "2026-01-20T08:00:00Z",
            "data_as_of": "2026-01-18", "first_week": "2026-W02", "last_week": "2026-W03",
            "methodology_version": "1.0", "k": 5, "sample": true, "licence": "CC BY 4.0",
            "sha256": "0".repeat(64),
        },
        "regions": [ { "code": "UA-30", "name": texts("Kyiv") }, { "code": "UA-63", "name": texts("Kharkiv") } ],
        "categories": [
            { "code": "shelling", "label": texts("Shelling"), "description": texts("Impacts") },
            { "code": "small-arms", "label": texts("Small arms"), "description": texts("Fire") },
        ],
        "outcomes": [ { "code": "party-a", "label": texts("Party A") }, { "code": "undetermined", "label": texts("Undetermined") } ],
        "cells": { "reported": reported, "verified": reported, "referred": referred, "concluded": concluded },
        "margins": {
            "by_week": series(&by(|w, _, _| w, 2)),
            "by_region": series(&by(|_, r, _| r, 2)),
            "by_category": series(&by(|_, _, c| c, 2)),
            "total": series(&by(|_, _, _| 0, 1)),
        },
    }))
}

/// `export` with the fingerprint of its content, as the exporter
/// writes it.
pub(crate) fn sealed(mut export: Value) -> Value {
    let fingerprint = Export::read(&export).unwrap().fingerprint();
    export["release"]["sha256"] = json!(fingerprint);
    export
}

/// [`valid`] with open cases by age, its data running to 2026-W07: the
/// cases of 2026-W02 are 5 weeks old (band w5-12), those of 2026-W03 4
/// (w0-4). Open per cell: 5, 0, 5, 5 in the first week, 0, 5, 0, 5 in
/// the second.
pub(crate) fn with_open() -> Value {
    let mut e = valid();
    e["release"]["data_as_of"] = json!("2026-02-12");
    e["release"]["generated_at"] = json!("2026-02-13T08:00:00Z");
    e["open_by_age"] = json!({
        "bands": AGE_BANDS,
        "by_region": { "w0-4": [5, 5], "w5-12": [5, 10], "w13-26": [0, 0], "w27-plus": [0, 0] },
        "total": { "w0-4": [10], "w5-12": [15], "w13-26": [0], "w27-plus": [0] },
    });
    sealed(e)
}

impl Export {
    /// The sample export the portal ships (`public/data/export.json`), for
    /// tests of the code that reads exports.
    pub(crate) fn shipped_sample() -> Export {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data/export.json"
        ))
        .expect("the shipped sample export");
        Export::parse(&text).expect("the shipped sample export is valid")
    }

    /// The shipped sample with every report of one region withheld, the
    /// region's total of them too, while its verified violations stay
    /// published: its reports give only a bound, which the later stages
    /// raise. Gives the region's index too.
    pub(crate) fn sample_with_reports_withheld() -> (Export, usize) {
        let mut e = Export::shipped_sample();
        let verified = |r: usize| {
            let region = Selection {
                weeks: 0..e.week_count(),
                regions: vec![r],
                categories: (0..e.categories.len()).collect(),
            };
            e.total(&region, Measure::Verified).floor()
        };
        let r = (0..e.regions.len())
            .find(|&r| verified(r) > 0)
            .expect("a region with verified violations published");
        e.margins.by_region.measures.reported[r] = Count::Suppressed;
        for w in 0..e.week_count() {
            for c in 0..e.categories.len() {
                let i = e.cell_index(w, r, c);
                e.cells.reported[i] = Count::Suppressed;
            }
        }
        (e, r)
    }
}
