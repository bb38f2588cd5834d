//! The anonymising exporter.
//!
//! `exporter export` reads a raw incident CSV (contract: `src/exporter/input.rs`
//! and the README), bins it to ISO weeks, aggregates by week × region ×
//! category along the verification funnel, withholds small and recoverable
//! counts, and writes `export.json` and `release.json` atomically.
//! `exporter sample` writes the shipped sample release from synthetic
//! incidents; `exporter synthesize` writes synthetic incidents only, for
//! benchmarks; `exporter validate` checks an export as the portal does.
//!
//! `export` and `sample` add the release to the archive in the output
//! folder (`releases.json`, `releases/{id}/`) and write it as the latest at
//! the stable names; see [`portal::exporter::archive`].
//!
//! Exit codes: [`EXIT_CODES`], also printed by `--help`.

use clap::{Args, Parser, Subcommand};
use portal::exporter::archive::{Archive, ArchiveError};
use portal::exporter::input::{aggregate, InputError};
use portal::exporter::regions::{load_table, RegionMatcher};
use portal::exporter::series::{revised, FRESH_WEEKS, REVISION_CYCLE};
use portal::exporter::{build_export, sample, state, write_atomically, BuildError, Dimensions};
use portal::model::download::export_csv;
use portal::model::export::ExportRelease;
use portal::model::week::IsoWeek;
use portal::model::Release;
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_CODES: &str = "Exit codes:
  0  success
  1  the input breaks its contract (the message names the row and the column)
  2  wrong command-line usage
  3  too many region spellings could not be mapped
  4  the result failed validation
  5  a file could not be read or written
  6  the release archive refused the release (an id already published, a date
     not later than the last release's, an archived file missing or changed, or
     the private state of an archived release missing); nothing was written
  7  the release cannot be made safe against the releases already published
     (the message says which count in which week, or that k is lower than an
     archived release's); nothing was written";

#[derive(Parser)]
#[command(
    version,
    about = "Anonymising exporter for the Security Guarantees Transparency Portal",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Aggregate and protect a raw incident CSV into export.json and release.json.
    Export {
        /// The raw incident CSV.
        #[arg(long)]
        input: PathBuf,
        /// Where export.json and release.json are written.
        #[arg(long, default_value = "public/data")]
        out_dir: PathBuf,
        #[arg(long, default_value = "data/dimensions.json")]
        dimensions: PathBuf,
        #[arg(long, default_value = "data/region-spellings.json")]
        spellings: PathBuf,
        /// Largest share of rows whose region cannot be mapped (0 to 1).
        #[arg(long, default_value_t = 0.01)]
        max_unmapped: f64,
        /// The exporter's private state: the true counts of every release it
        /// published, needed to protect the next. Never publish it.
        #[arg(long, default_value = "data/private")]
        state_dir: PathBuf,
        #[command(flatten)]
        release: ReleaseArgs,
    },
    /// Parse and validate an export as the portal does; print the time taken.
    Validate {
        file: PathBuf,
        /// Parse this many times and report the fastest run.
        #[arg(long, default_value_t = 1)]
        repeat: u32,
    },
    /// Write the shipped sample series: synthetic raw incidents (no real
    /// events) as they finally stand into --csv, and as they stood each week
    /// into weekly/ beside it, each week's exported with the sample settings
    /// into the archive in --out-dir.
    Sample {
        #[arg(long, default_value = "target/sample/incidents.csv")]
        csv: PathBuf,
        #[arg(long, default_value = "public/data")]
        out_dir: PathBuf,
        #[arg(long, default_value = "data/dimensions.json")]
        dimensions: PathBuf,
        /// The spelling table the releases are exported with.
        #[arg(long, default_value = "data/region-spellings.json")]
        spellings: PathBuf,
        /// The region names the incidents are written with (code → names),
        /// fixed apart from the spelling table so that the sample stays the
        /// same when the table grows.
        #[arg(long, default_value = SAMPLE_NAMES)]
        names: PathBuf,
        /// The private state of the sample releases (true counts).
        #[arg(long, default_value = "target/sample/state")]
        state_dir: PathBuf,
    },
    /// Write synthetic raw incidents only, for benchmarks: --weeks weeks up
    /// to the sample's last week, about --rows rows.
    Synthesize {
        #[arg(long)]
        weeks: u32,
        #[arg(long)]
        rows: u64,
        /// The incidents as they stood at the end of this week (one of the
        /// --weeks): later weeks left out, late reports not yet in, each
        /// incident at the stage it had reached. A weekly release's input.
        #[arg(long)]
        as_of: Option<IsoWeek>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "data/dimensions.json")]
        dimensions: PathBuf,
        /// The region names the incidents are written with (code → names).
        #[arg(long, default_value = SAMPLE_NAMES)]
        names: PathBuf,
    },
}

/// The region names the sample and synthetic incidents are written with.
const SAMPLE_NAMES: &str = "data/sample-region-names.json";

/// The release metadata the data team chooses.
#[derive(Args)]
struct ReleaseArgs {
    #[arg(long)]
    release_id: String,
    /// RFC 3339; given, not read from the clock, so that runs are reproducible.
    #[arg(long)]
    generated_at: chrono::DateTime<chrono::Utc>,
    #[arg(long)]
    data_as_of: chrono::NaiveDate,
    #[arg(long)]
    first_week: IsoWeek,
    #[arg(long)]
    last_week: IsoWeek,
    /// Counts from 1 to k − 1 are withheld.
    #[arg(long, default_value_t = 5)]
    k: u32,
    #[arg(long, default_value = "1.0")]
    methodology_version: String,
    /// The licence the data is published under.
    #[arg(long, default_value = "CC BY 4.0")]
    licence: String,
    /// Mark the release as synthetic sample data.
    #[arg(long)]
    sample: bool,
}

impl From<ReleaseArgs> for ExportRelease {
    fn from(a: ReleaseArgs) -> ExportRelease {
        ExportRelease {
            release_id: a.release_id,
            generated_at: a.generated_at,
            data_as_of: a.data_as_of,
            first_week: a.first_week,
            last_week: a.last_week,
            methodology_version: a.methodology_version,
            k: a.k,
            sample: a.sample,
            licence: a.licence,
            sha256: String::new(),
        }
    }
}

/// Why the exporter stopped; [`Failure::code`] is its exit code.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Unmapped(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(transparent)]
    Build(#[from] BuildError),
}

impl Failure {
    /// The exit code, as [`EXIT_CODES`] lists them (2 is clap's).
    fn code(&self) -> u8 {
        match self {
            Failure::Input(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Unmapped(_) => 3,
            Failure::Invalid(_) => 4,
            Failure::Io(_) | Failure::Archive(ArchiveError::Io { .. }) => 5,
            Failure::Archive(_) => 6,
            Failure::Build(BuildError::Blocked(_) | BuildError::LowerK { .. }) => 7,
            Failure::Build(_) => 4,
        }
    }
}

fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
    move |e| Failure::Io(format!("{}: {e}", path.display()))
}

/// Where a release goes: the public data folder with its archive, and the
/// exporter's private state.
#[derive(Clone, Copy)]
struct Folders<'a> {
    out_dir: &'a std::path::Path,
    state_dir: &'a std::path::Path,
}

/// Reads, aggregates, protects and writes one release into the archive in
/// `out_dir`; prints the summary. The archive is checked first: a release it
/// cannot take is refused before any work.
fn export(
    settings: &ExportRelease,
    input: &std::path::Path,
    Folders { out_dir, state_dir }: Folders,
    dims: &Dimensions,
    matcher: &RegionMatcher,
    spellings: &std::path::Path,
    max_unmapped: f64,
) -> Result<(), Failure> {
    let archive = Archive::open(out_dir)?;
    archive.admits(settings)?;
    let history = archive.history(state_dir)?;
    let file = std::fs::File::open(input).map_err(io(input))?;
    let size = file.metadata().map_err(io(input))?.len();
    let started = std::time::Instant::now();
    // The bar appears only when reading takes more than a moment, and only
    // on a terminal.
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(size),
        indicatif::ProgressDrawTarget::hidden(),
    )
    .with_style(
        indicatif::ProgressStyle::with_template(
            "exporter: {bar:40} {percent:>3} % of {total_bytes}, {msg} ({eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let (counts, stats) = aggregate(
        std::io::BufReader::with_capacity(1 << 20, file),
        settings,
        dims,
        matcher,
        |rows, bytes| {
            if bar.is_hidden() && started.elapsed().as_millis() > 500 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            bar.set_message(format!("{rows} rows"));
            bar.set_position(bytes);
        },
    )?;
    bar.finish_and_clear();
    let (first, last) = (settings.first_week, settings.last_week);
    println!(
        "exporter: read {} rows in {:.2} s",
        stats.rows,
        started.elapsed().as_secs_f64()
    );
    println!(
        "  outside {first}..{last} or after {}: {} rows dropped",
        settings.data_as_of, stats.outside_period
    );
    println!(
        "  region not recognised: {} rows dropped",
        stats.unmapped_rows
    );
    for (spelling, n) in &stats.unmapped {
        println!("    {n:>8}  {spelling:?}");
    }
    let share = stats.unmapped_rows as f64 / stats.rows as f64;
    if share > max_unmapped {
        return Err(Failure::Unmapped(format!(
            "{:.2} % of rows name a region the spelling table lacks (limit {:.2} %): add the spellings above to {}",
            share * 100.0, max_unmapped * 100.0, spellings.display()
        )));
    }
    let totals = counts
        .measures
        .each_ref()
        .map(|m| m.iter().map(|&n| u64::from(n)).sum::<u64>());
    println!(
        "  counted before protection: reported {}, verified {}, referred {}, concluded {}",
        totals[0], totals[1], totals[2], totals[3]
    );
    let started = std::time::Instant::now();
    let built = build_export(settings, dims, &counts, &history)?;
    let export = &built.export;
    println!(
        "  cells per measure: {}, k = {}; protected against {} archived release(s) in {:.1} s",
        export.cells.reported.len(),
        settings.k,
        history.len(),
        started.elapsed().as_secs_f64()
    );
    for (name, report) in &built.protection {
        println!(
            "    {name:<24} withheld {:>6} small (primary), {:>6} more (secondary), {:>6} as an earlier release withheld them: {} incidents hidden",
            report.primary, report.secondary, report.earlier, report.hidden
        );
    }
    let (deferred, held): (Vec<IsoWeek>, Vec<IsoWeek>) = built
        .deferred
        .iter()
        .partition(|&&week| revised(week, settings.last_week));
    if !held.is_empty() {
        println!(
            "  revisions held: {} older weeks keep the figures of the last release until their monthly revision (the latest {FRESH_WEEKS} weeks are revised every week, older ones when their age in weeks is a multiple of {REVISION_CYCLE})",
            held.len()
        );
    }
    if !deferred.is_empty() {
        let weeks: Vec<String> = deferred.iter().map(ToString::to_string).collect();
        println!(
            "  revisions deferred: {} keep the figures of the last release (publishing their revision now would narrow a withheld count; a later release publishes it)",
            weeks.join(", ")
        );
    }
    let invalid = |e: serde_json::Error| Failure::Invalid(e.to_string());
    let json = serde_json::to_string(export).map_err(invalid)?;
    let release = serde_json::to_string_pretty(&Release::from(settings)).map_err(invalid)? + "\n";
    let files = [
        ("export.json", json),
        ("export.csv", export_csv(export)),
        ("release.json", release),
    ];
    // The true counts are kept first: a release published without them
    // would stop the next one.
    state::save(state_dir, &settings.release_id, &built.counts).map_err(io(state_dir))?;
    let index = archive.publish(&export.release, &files)?;
    for (name, text) in &files {
        println!(
            "  wrote {} and releases/{}/{name} ({} bytes)",
            out_dir.join(name).display(),
            settings.release_id,
            text.len()
        );
    }
    println!(
        "  archive: {} releases in {}",
        index.releases.len(),
        out_dir.join(portal::model::archive::INDEX_FILE).display()
    );
    Ok(())
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Validate { file, repeat } => {
            let text = portal::model::export::Export::read_file(&file).map_err(io(&file))?;
            let mut fastest = f64::INFINITY;
            for _ in 0..repeat.max(1) {
                let started = std::time::Instant::now();
                let export = portal::model::export::Export::parse(&text)
                    .map_err(|e| Failure::Invalid(format!("{}: {e}", file.display())))?;
                fastest = fastest.min(started.elapsed().as_secs_f64());
                std::hint::black_box(export);
            }
            println!(
                "{}: valid, {} bytes, parsed and validated in {:.1} ms",
                file.display(),
                text.len(),
                fastest * 1000.0
            );
            Ok(())
        }
        Command::Sample {
            csv,
            out_dir,
            dimensions,
            spellings,
            names,
            state_dir,
        } => {
            let dims = Dimensions::load(&dimensions).map_err(Failure::Io)?;
            let region_names = load_table(&names).map_err(Failure::Io)?;
            let matcher = RegionMatcher::load(&spellings).map_err(Failure::Io)?;
            let series = sample::sample_series();
            let (Some(oldest), Some(latest)) = (series.first(), series.last()) else {
                unreachable!("the sample series has releases")
            };
            let (first, last) = (oldest.first_week, latest.last_week);
            let rows = write_atomically(&csv, |out| {
                let period = sample::Period {
                    first,
                    last,
                    as_of: None,
                };
                sample::generate(out, sample::SAMPLE_SEED, period, &dims, &region_names, 1.0)
            })
            .map_err(io(&csv))?;
            println!(
                "sample: {rows} synthetic incidents as they finally stand in {}",
                csv.display()
            );
            Archive::clear_sample(&out_dir)?;
            let folders = Folders {
                out_dir: &out_dir,
                state_dir: &state_dir,
            };
            // Each week's release from the records as they stood that week,
            // as a data team would run it.
            let weekly = csv.with_file_name("weekly");
            for settings in &series {
                let snapshot = weekly.join(format!("incidents-{}.csv", settings.last_week));
                let rows = write_atomically(&snapshot, |out| {
                    let period = sample::Period {
                        first,
                        last: settings.last_week,
                        as_of: Some(settings.last_week),
                    };
                    sample::generate(out, sample::SAMPLE_SEED, period, &dims, &region_names, 1.0)
                })
                .map_err(io(&snapshot))?;
                println!(
                    "sample: {rows} synthetic incidents reported by {} in {}",
                    settings.data_as_of,
                    snapshot.display()
                );
                export(
                    settings, &snapshot, folders, &dims, &matcher, &spellings, 0.0,
                )?;
            }
            Ok(())
        }
        Command::Synthesize {
            weeks,
            rows,
            as_of,
            out,
            dimensions,
            names,
        } => {
            let dims = Dimensions::load(&dimensions).map_err(Failure::Io)?;
            let region_names = load_table(&names).map_err(Failure::Io)?;
            let last = sample::sample_settings().last_week;
            let days = 7 * i64::from(weeks.max(1) - 1);
            let first = IsoWeek::of(last.monday() - chrono::Duration::days(days));
            let scale = sample::scale_for_rows(rows, first, last, &dims);
            if let Some(week) = as_of.filter(|w| *w < first || *w > last) {
                return Err(Failure::Usage(format!(
                    "--as-of {week} is not one of the weeks {first} to {last}"
                )));
            }
            let period = sample::Period {
                first,
                last: as_of.unwrap_or(last),
                as_of,
            };
            let started = std::time::Instant::now();
            let written = write_atomically(&out, |file| {
                sample::generate(
                    file,
                    sample::SAMPLE_SEED,
                    period,
                    &dims,
                    &region_names,
                    scale,
                )
            })
            .map_err(io(&out))?;
            println!(
                "synthesize: {written} synthetic incidents, {first} to {}, in {} ({:.1} s)",
                period.last,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Export {
            input,
            out_dir,
            dimensions,
            spellings,
            max_unmapped,
            state_dir,
            release,
        } => {
            let dims = Dimensions::load(&dimensions).map_err(Failure::Io)?;
            let matcher = RegionMatcher::load(&spellings).map_err(Failure::Io)?;
            let settings = release.into();
            let folders = Folders {
                out_dir: &out_dir,
                state_dir: &state_dir,
            };
            export(
                &settings,
                &input,
                folders,
                &dims,
                &matcher,
                &spellings,
                max_unmapped,
            )
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("exporter: {failure}");
            ExitCode::from(failure.code())
        }
    }
}
