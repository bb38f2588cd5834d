//! Synthetic raw incidents for the sample data: seeded, so the same seed
//! always gives the same file. They describe no real events.
//!
//! The generator writes the contract's columns with messy region spellings
//! (the shipped sample's are in `data/sample-region-names.json`, apart from
//! the spelling table, which may grow without changing the sample), plus
//! columns the exporter must drop (free text, coordinates, a monitor id),
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

/// How many weekly releases the shipped sample series has.
pub const SAMPLE_RELEASES: u32 = 12;

/// The settings of the shipped sample series, oldest first: one release a
/// week, each published on the Monday after its week with everything
/// reported by the Sunday. `exporter sample` uses them, and a test checks
/// that they reproduce `public/data/` byte for byte.
pub fn sample_series() -> Vec<ExportRelease> {
    let last = sample_week("2026-W47");
    (0..SAMPLE_RELEASES)
        .map(|n| {
            let week =
                IsoWeek::of(last.monday() - Duration::weeks(i64::from(SAMPLE_RELEASES - 1 - n)));
            let sunday = week.monday() + Duration::days(6);
            let published = (sunday + Duration::days(1)).and_hms_opt(6, 0, 0);
            ExportRelease {
                release_id: format!("sample-{week}"),
                generated_at: published.map(|t| t.and_utc()).unwrap_or_default(),
                data_as_of: sunday,
                first_week: sample_week("2026-W03"),
                last_week: week,
                methodology_version: "1.0".into(),
                k: 5,
                sample: true,
                licence: "CC BY 4.0".into(),
                sha256: String::new(),
            }
        })
        .collect()
}

/// The latest release of the sample series: what the pages show.
pub fn sample_settings() -> ExportRelease {
    sample_series()
        .pop()
        .unwrap_or_else(|| unreachable!("the series has releases"))
}

fn sample_week(s: &str) -> IsoWeek {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
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

/// The weeks of synthetic incidents: every week from `first` to `last`,
/// as the records stood at the end of week `as_of` (see [`generate`]).
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub first: IsoWeek,
    pub last: IsoWeek,
    pub as_of: Option<IsoWeek>,
}

/// Writes synthetic incidents for the weeks of `period`; `scale` multiplies
/// the number of incidents (1 for the shipped sample).
///
/// With `as_of`, the incidents as the monitoring mission's records stood at
/// the end of that week: an incident is reported in its week or up to six
/// weeks late, and moves along the funnel (verified, referred, concluded,
/// as far as it ever gets) over the weeks after; those not yet reported are
/// left out, the others carry the status they had reached, and an
/// attribution once concluded. Without it, every incident as it finally
/// stands. Either way the same seed gives the same incidents, with the same
/// ids: a later snapshot only adds and advances.
pub fn generate(
    out: &mut impl Write,
    seed: u64,
    period: Period,
    dims: &Dimensions,
    spellings: &BTreeMap<String, Vec<String>>,
    scale: f64,
) -> std::io::Result<u64> {
    let Period { first, last, as_of } = period;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // The timing draws from a stream of its own, so that the incidents
    // themselves are the same with or without snapshots.
    let mut timing = ChaCha8Rng::seed_from_u64(seed ^ TIMING_STREAM);
    let mut written = 0u64;
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
                    let attribution = (depth == 3).then(|| {
                        [
                            "russia",
                            "russia",
                            "russia",
                            "ukraine",
                            "undetermined",
                            "undetermined",
                        ][rng.random_range(0..6)]
                    });
                    let (lat, lon, monitor) = (
                        rng.random_range(44.0..52.5),
                        rng.random_range(22.0..40.5),
                        rng.random_range(1..400),
                    );
                    let reached = match as_of {
                        Some(week) => {
                            let now = first.count_to(week).saturating_sub(1);
                            let stages = stage_weeks(&mut timing, w);
                            stages.iter().take_while(|&&at| at <= now).count()
                        }
                        None => 4,
                    };
                    let Some(depth) = reached.checked_sub(1).map(|r| r.min(depth)) else {
                        continue;
                    };
                    let attribution = if depth == 3 { attribution } else { None };
                    written += 1;
                    writer.write_record([
                        format!("SAMPLE-{rows:07}"),
                        format!("{day}T{hour:02}:{minute:02}:00+02:00"),
                        name,
                        category.code.clone(),
                        ["reported", "verified", "referred", "concluded"][depth].to_owned(),
                        attribution.unwrap_or_default().to_owned(),
                        format!("synthetic note {rows}: monitor heard {}", category.code),
                        format!("{lat:.5}"),
                        format!("{lon:.5}"),
                        format!("MON-{monitor:03}"),
                    ])?;
                }
            }
        }
    }
    writer.flush()?;
    Ok(written)
}

/// Salt of the timing stream's seed.
const TIMING_STREAM: u64 = 0x005E_ED0F_7131;

/// The weeks (counted like `w`, from the first week) in which an incident
/// of week `w` is reported, verified, referred and concluded, had it got
/// that far: most are reported in their week, some up to six weeks late;
/// verification follows within two weeks, referral within three, and a
/// conclusion takes one to eight weeks more.
fn stage_weeks(rng: &mut ChaCha8Rng, w: u32) -> [u32; 4] {
    let late = if rng.random_bool(0.75) {
        0
    } else {
        rng.random_range(1..=6)
    };
    let reported = w + late;
    let verified = reported + rng.random_range(0..=2);
    let referred = verified + rng.random_range(0..=3);
    [
        reported,
        verified,
        referred,
        referred + rng.random_range(1..=8),
    ]
}
