//! Synthetic raw incidents for the sample data: seeded, so the same seed
//! always gives the same file. They describe no real events.
//!
//! The generator writes the contract's columns with messy region spellings,
//! plus columns the exporter must drop (free text, coordinates, a monitor id),
//! as real inputs have them.

use super::input::COLUMNS;
use super::Dimensions;
use crate::model::export::ExportRelease;
use crate::model::week::IsoWeek;
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::io::Write;

/// The settings of the shipped sample release: `exporter sample` uses them,
/// and a test checks that they reproduce `public/data/` byte for byte.
pub fn sample_settings() -> ExportRelease {
    let week = |s: &str| s.parse::<IsoWeek>().unwrap_or_else(|e| panic!("{e}"));
    ExportRelease {
        release_id: "sample-2026-W47".into(),
        generated_at: "2026-11-23T06:00:00Z".parse().unwrap_or_default(),
        data_as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default(),
        first_week: week("2026-W03"),
        last_week: week("2026-W47"),
        methodology_version: "1.0".into(),
        k: 5,
        sample: true,
        licence: "CC BY 4.0".into(),
        sha256: String::new(),
    }
}

/// The seed of the shipped sample.
pub const SAMPLE_SEED: u64 = 2026;

/// Regions along the former contact line see more incidents in the sample.
const BUSY: [&str; 8] = [
    "UA-09", "UA-12", "UA-14", "UA-23", "UA-59", "UA-63", "UA-65", "UA-74",
];

/// The mean number of incidents of one category in one region and week
/// (`w` counts from the first week): slowly calming after the ceasefire, more
/// along the former contact line, fewer in the rarer categories.
fn cell_mean(w: u32, region: &str, category: usize) -> f64 {
    let calm = 1.0 / (1.0 + f64::from(w) / 20.0);
    let base = if BUSY.contains(&region) { 9.0 } else { 0.35 };
    base * calm / (1.0 + category as f64 * 0.35)
}

/// The `scale` for [`generate`] that gives about `rows` incidents.
pub fn scale_for_rows(rows: u64, first: IsoWeek, last: IsoWeek, dims: &Dimensions) -> f64 {
    let weeks = first.count_to(last);
    let means: f64 = (0..weeks)
        .flat_map(|w| {
            dims.regions.iter().flat_map(move |r| {
                (0..dims.categories.len()).map(move |c| cell_mean(w, &r.code, c) + 0.3)
            })
        })
        .sum();
    let cells = f64::from(weeks) * (dims.regions.len() * dims.categories.len()) as f64;
    (rows as f64 + 0.5 * cells) / means
}

/// Writes synthetic incidents for every week from `first` to `last`; `scale`
/// multiplies the number of incidents (1 for the shipped sample).
pub fn generate(
    out: &mut impl Write,
    seed: u64,
    first: IsoWeek,
    last: IsoWeek,
    dims: &Dimensions,
    spellings: &BTreeMap<String, Vec<String>>,
    scale: f64,
) -> std::io::Result<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS.iter().chain(&["notes", "lat", "lon", "monitor_id"]))?;
    let mut rows = 0u64;
    for w in 0..first.count_to(last) {
        let monday = first.plus(w).monday();
        for region in &dims.regions {
            let names = &spellings[&region.code];
            for (c, category) in dims.categories.iter().enumerate() {
                let mean = cell_mean(w, &region.code, c);
                let n = ((mean * rng.random_range(0.0..2.0) + rng.random_range(0.0..0.6)) * scale)
                    as u32;
                for _ in 0..n {
                    rows += 1;
                    let day = monday + Duration::days(rng.random_range(0..7));
                    let (hour, minute): (u32, u32) =
                        (rng.random_range(0..24), rng.random_range(0..60));
                    let name = &names[rng.random_range(0..names.len())];
                    let name = match rng.random_range(0..4) {
                        0 => name.to_uppercase(),
                        1 => format!("{name}, Ukraine"),
                        _ => name.clone(),
                    };
                    let depth = (0..3).take_while(|_| rng.random_bool(0.6)).count();
                    let status = ["reported", "verified", "referred", "concluded"][depth];
                    let attribution = if depth == 3 {
                        [
                            "russia",
                            "russia",
                            "russia",
                            "ukraine",
                            "undetermined",
                            "undetermined",
                        ][rng.random_range(0..6)]
                    } else {
                        ""
                    };
                    writer.write_record([
                        format!("SAMPLE-{rows:07}"),
                        format!("{day}T{hour:02}:{minute:02}:00+02:00"),
                        name,
                        category.code.clone(),
                        status.to_owned(),
                        attribution.to_owned(),
                        format!("synthetic note {rows}: monitor heard {}", category.code),
                        format!("{:.5}", rng.random_range(44.0..52.5)),
                        format!("{:.5}", rng.random_range(22.0..40.5)),
                        format!("MON-{:03}", rng.random_range(1..400)),
                    ])?;
                }
            }
        }
    }
    writer.flush()?;
    Ok(rows)
}
