//! `make bench`: how long the browser takes to parse and validate an export,
//! measured in headless Chromium with the release build of the same
//! [`Export::parse`] the portal runs. The exports are made by `make bench`
//! first (a five-year table of sparse sample density, and the five-year
//! table of ten million incidents); the figures are printed, not asserted.
//! Run with `make bench`.

#![cfg(target_arch = "wasm32")]

use portal::model::export::Export;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXPORTS: [(&str, &str); 2] = [
    (
        "target/bench/5y/out/export.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/bench/5y/out/export.json"
        )),
    ),
    (
        "target/bench/10m/out/export.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/bench/10m/out/export.json"
        )),
    ),
];

#[wasm_bindgen_test]
fn decode_time_in_the_browser() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    for (name, text) in EXPORTS {
        let mut times: Vec<f64> = (0..15)
            .map(|_| {
                let started = performance.now();
                let export = Export::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
                let elapsed = performance.now() - started;
                std::hint::black_box(export);
                elapsed
            })
            .collect();
        times.sort_by(f64::total_cmp);
        console_log!(
            "decode (wasm, Chromium): {name}: {} bytes, median {:.1} ms, fastest {:.1} ms of 15",
            text.len(),
            times[7],
            times[0]
        );
    }
}
