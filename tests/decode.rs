//! `make bench`: how long the browser takes to parse and validate an export,
//! measured in headless Chromium with the release build of the same
//! [`Export::parse`] the portal runs. The exports are made by `make bench`
//! first (a five-year table of sparse sample density, the five-year table
//! of ten million incidents, and an export at every limit the format sets);
//! the figures are printed, not asserted. For the record, the same for the
//! release manifest, all that the statistics page reads for its first view
//! ([`Release::parse`]).
//! Run with `make bench`.

#![cfg(target_arch = "wasm32")]

use portal::api::read_export;
use portal::model::export::Export;
use portal::model::Release;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXPORTS: [(&str, &str); 3] = [
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
    (
        "target/bench/limits/export.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/bench/limits/export.json"
        )),
    ),
];

/// How often each export is decoded: the export at the limits takes
/// seconds, and the test runner gives up on a page busy for 20.
fn runs(name: &str) -> usize {
    if name.contains("limits") {
        3
    } else {
        15
    }
}

/// The median and the fastest of `runs` runs of `run`, in milliseconds,
/// with the page's event loop let through between them.
async fn timed<F: std::future::Future<Output = ()>>(
    runs: usize,
    run: impl Fn() -> F,
) -> (f64, f64) {
    let window = web_sys::window().unwrap();
    let performance = window.performance().unwrap();
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = performance.now();
        run().await;
        times.push(performance.now() - started);
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            window.set_timeout_with_callback(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(pause).await.unwrap();
    }
    times.sort_by(f64::total_cmp);
    (times[runs / 2], times[0])
}

/// What the explorer does with a fetched export before it shows a figure:
/// [`Export::parse`] (every rule), then the fingerprint check (the
/// canonical content written in the wasm, hashed by `crypto.subtle`).
/// Printed: the parse, the browser's `JSON.parse` alone (the floor under
/// it), the canonical content alone, and all of it.
#[wasm_bindgen_test]
async fn decode_time_in_the_browser() {
    for (name, text) in EXPORTS {
        let (parse, fastest) = timed(runs(name), || async {
            std::hint::black_box(Export::parse(text).unwrap_or_else(|e| panic!("{name}: {e}")));
        })
        .await;
        let (json_parse, _) = timed(runs(name), || async {
            std::hint::black_box(js_sys::JSON::parse(text).unwrap());
        })
        .await;
        let export = Export::parse(text).unwrap();
        let (canonical, _) = timed(runs(name), || async {
            std::hint::black_box(export.canonical_content());
        })
        .await;
        let (checked, _) = timed(runs(name), || async {
            std::hint::black_box(
                read_export(name, text)
                    .await
                    .unwrap_or_else(|e| panic!("{e}")),
            );
        })
        .await;
        console_log!(
            "decode (wasm, Chromium): {name}: {} bytes, median {parse:.1} ms (of which the browser's JSON.parse {json_parse:.1} ms), fastest {fastest:.1} ms of {}; checked with its fingerprint median {checked:.1} ms (of which the canonical content {canonical:.1} ms)",
            text.len(),
            runs(name),
        );
    }
}

/// The release manifest the explorer reads on every statistics page:
/// [`Release::parse`], a thousand times per run (one takes microseconds,
/// below the browser's timer resolution).
#[wasm_bindgen_test]
async fn release_manifest_decode_time_in_the_browser() {
    const RELEASE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/release.json"
    ));
    const TIMES: usize = 1000;
    let (median, fastest) = timed(15, || async {
        for _ in 0..TIMES {
            std::hint::black_box(Release::parse(std::hint::black_box(RELEASE)).unwrap());
        }
    })
    .await;
    let micro = |ms: f64| ms * 1000.0 / TIMES as f64;
    console_log!(
        "decode (wasm, Chromium): public/data/release.json: {} bytes, median {:.1} µs, fastest {:.1} µs of 15 runs of {TIMES}",
        RELEASE.len(),
        micro(median),
        micro(fastest),
    );
}
