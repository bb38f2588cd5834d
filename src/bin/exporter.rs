//! The anonymising exporter.
//!
//! `exporter export` reads a raw incident CSV (contract: `src/exporter/input.rs`
//! and the README), bins it to ISO weeks, aggregates by week × region ×
//! category along the verification funnel, withholds small and recoverable
//! counts, and writes `export.json` and `release.json` atomically.
//! `exporter sample` writes the shipped sample release from synthetic
//! incidents; `exporter synthesize` writes synthetic incidents only, for
//! benchmarks; `exporter validate` checks an export as the portal does.
//! `exporter sign` signs an archived release (`SHA256SUMS` and its minisign
//! signature), `exporter verify` checks a release folder against a public
//! key, and `exporter keygen` makes a key pair; see
//! [`portal::exporter::signing`].
//!
//! `export` and `sample` add the release to the archive in the output
//! folder (`releases.json`, `releases/{id}/`) and write it as the latest at
//! the stable names; see [`portal::exporter::archive`].
//!
//! Exit codes: [`EXIT_CODES`], also printed by `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use portal::exporter::archive::{sample_key, Archive, ArchiveError, Signed};
use portal::exporter::input::{aggregate, InputError, ReadOptions};
use portal::exporter::regions::RegionMatcher;
use portal::exporter::series::revised;
use portal::exporter::signing::{self, KeyError, PublicKey, SecretKey, VerifyError};
use portal::exporter::summary::{self, Summary};
use portal::exporter::{
    build_export, builtin, sample, state, write_atomically, BuildError, Dimensions,
};
use portal::model::archive::LeftOut;
use portal::model::download::export_csv;
use portal::model::export::ExportRelease;
use portal::model::week::IsoWeek;
use portal::model::Release;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const EXIT_CODES: &str = "Exit codes:
  0  success
  1  the input breaks its contract: rows with problems under --on-bad-rows=fail
     (the summary lists every one with its line, column and value), or a
     header without the required columns
  2  wrong command-line usage, or a key that is not a usable minisign key
  3  too many region spellings could not be mapped
  4  the result failed validation
  5  a file could not be read or written
  6  the release archive refused the release (an id already published, a date
     not later than the last release's, an archived file missing or changed, or
     the private state of an archived release missing; for sign, no such
     release, another signature already published, or the sample key over
     real data); nothing was written
  7  the release cannot be made safe against the releases already published
     (the message says which count in which week, or that k is lower than an
     archived release's); nothing was written
  8  the release does not verify (exporter verify): the message names the file
     that does not match, is missing, or was signed with another key or for
     another release";

/// Where `exporter sign` reads the secret key when no file is named: the
/// content of the key file, as a CI secret provides it.
const SECRET_KEY_VAR: &str = "EXPORTER_SECRET_KEY";

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
        /// The raw incident CSV; `-` reads standard input.
        #[arg(long)]
        input: PathBuf,
        /// Where export.json and release.json are written.
        #[arg(long, default_value = "public/data")]
        out_dir: PathBuf,
        #[command(flatten)]
        tables: TableArgs,
        /// Largest share of the well-formed rows in the period whose region
        /// cannot be mapped (0 to 1).
        #[arg(long, default_value_t = 0.01)]
        max_unmapped: f64,
        /// The exporter's private state: the true counts of every release it
        /// published, needed to protect the next. Never publish it.
        #[arg(long, default_value = "data/private")]
        state_dir: PathBuf,
        #[command(flatten)]
        reading: ReadArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        release: ReleaseArgs,
    },
    /// Parse and validate an export as the portal does; print the time taken.
    Validate {
        /// The export to check (export.json as the exporter wrote it).
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
        /// Where the incidents as they finally stand are written; the weekly
        /// files go into weekly/ beside it.
        #[arg(long, default_value = "target/sample/incidents.csv")]
        csv: PathBuf,
        /// The data folder the sample releases are archived into.
        #[arg(long, default_value = "public/data")]
        out_dir: PathBuf,
        #[command(flatten)]
        tables: TableArgs,
        /// The region names the incidents are written with (code → names),
        /// fixed apart from the spelling table so that the sample stays the
        /// same when the table grows [default: data/sample-region-names.json,
        /// compiled in].
        #[arg(long)]
        names: Option<PathBuf>,
        /// The private state of the sample releases (true counts).
        #[arg(long, default_value = "target/sample/state")]
        state_dir: PathBuf,
        /// Write the summaries of the releases as a JSON array into FILE
        /// (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        summary_json: Option<PathBuf>,
    },
    /// Sign an archived release: write SHA256SUMS (the SHA-256 of its files)
    /// and SHA256SUMS.minisig (its Ed25519 signature in minisign's format)
    /// into its folder.
    Sign {
        /// The data folder with the archive.
        #[arg(long, default_value = "public/data")]
        out_dir: PathBuf,
        /// The archived release to sign, as its folder under releases/ is
        /// named.
        #[arg(long)]
        release_id: String,
        /// The secret key (an unencrypted minisign secret key file). Without
        /// it, the key is read from the environment variable
        /// EXPORTER_SECRET_KEY (the file's content); never from the command
        /// line, where other users of the machine could read it.
        #[arg(long, value_name = "FILE")]
        secret_key_file: Option<PathBuf>,
    },
    /// Check a release folder (or a folder of downloaded files with their
    /// SHA256SUMS and SHA256SUMS.minisig) against the portal's public key.
    #[command(group(clap::ArgGroup::new("key").required(true)))]
    Verify {
        /// The folder, e.g. public/data/releases/2026-W48.
        dir: PathBuf,
        /// Check only these of the files SHA256SUMS lists (the ones you
        /// downloaded) [default: every one].
        files: Vec<String>,
        /// The public key, RW… as the methodology page gives it.
        #[arg(long, short = 'P', group = "key", value_name = "KEY")]
        public_key: Option<String>,
        /// The public key as a minisign .pub file.
        #[arg(long, short = 'p', group = "key", value_name = "FILE")]
        public_key_file: Option<PathBuf>,
    },
    /// Make a signing key pair: an unencrypted secret key file (keep it out
    /// of the repository, in the data team's secret store) and its public
    /// key file (publish it as content/signing-key.pub).
    Keygen {
        /// Where the secret key is written (created with mode 600; an
        /// existing file is never overwritten).
        #[arg(long, value_name = "FILE")]
        secret_key_file: PathBuf,
        /// Where the public key is written, as a minisign .pub file.
        #[arg(long, value_name = "FILE")]
        public_key_file: PathBuf,
    },
    /// Write synthetic raw incidents only, for benchmarks: --weeks weeks up
    /// to the sample's last week, about --rows rows.
    Synthesize {
        /// How many weeks of incidents, ending with the sample's last week.
        #[arg(long)]
        weeks: u32,
        /// About how many incident rows to write in all.
        #[arg(long)]
        rows: u64,
        /// The incidents as they stood at the end of this week (one of the
        /// --weeks): later weeks left out, late reports not yet in, each
        /// incident at the stage it had reached. A weekly release's input.
        #[arg(long)]
        as_of: Option<IsoWeek>,
        /// The CSV file the incidents are written to.
        #[arg(long)]
        out: PathBuf,
        /// The dimension labels (regions, types of violation, outcomes)
        /// [default: data/dimensions.json, compiled in].
        #[arg(long)]
        dimensions: Option<PathBuf>,
        /// The region names the incidents are written with (code → names)
        /// [default: data/sample-region-names.json, compiled in].
        #[arg(long)]
        names: Option<PathBuf>,
    },
}

/// The dimension and spelling tables; the ones compiled in unless files
/// are named.
#[derive(Args)]
struct TableArgs {
    /// The dimension labels (regions, types of violation, outcomes)
    /// [default: data/dimensions.json, compiled in].
    #[arg(long)]
    dimensions: Option<PathBuf>,
    /// The region spelling table (code → spellings) [default:
    /// data/region-spellings.json, compiled in].
    #[arg(long)]
    spellings: Option<PathBuf>,
}

/// How the input is read, and what becomes of rows with problems.
#[derive(Args)]
struct ReadArgs {
    /// `fail`: rows with problems stop the export (every one is listed);
    /// `quarantine`: they, and the rows outside the period or with an
    /// unknown region, are left out, written unchanged to --quarantine,
    /// and the rest is published.
    #[arg(long, value_enum, default_value_t = OnBadRows::Fail)]
    on_bad_rows: OnBadRows,
    /// Where --on-bad-rows=quarantine writes the rows it leaves out
    /// [default: {state-dir}/{release-id}.quarantine.csv, private like the
    /// state].
    #[arg(long, value_name = "FILE")]
    quarantine: Option<PathBuf>,
    /// Count exact copies of an earlier row (same id, same fields) once
    /// instead of treating them as problems; they are listed all the same.
    #[arg(long)]
    collapse_repeats: bool,
    /// The field delimiter: one character, or `tab` [default: detected from
    /// the header: `,` `;` tab `|`].
    #[arg(long, value_parser = delimiter)]
    delimiter: Option<u8>,
    /// The input's encoding, as a WHATWG label: `utf-8`, `windows-1251`,
    /// `utf-16le`, … A byte order mark overrides it (UTF-8 or UTF-16).
    #[arg(long, default_value = "utf-8", value_parser = encoding)]
    encoding: &'static encoding_rs::Encoding,
}

/// What the run tells.
#[derive(Args)]
struct OutputArgs {
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Write the summary as JSON into FILE (`-`: standard output, the text
    /// summary then goes to standard error).
    #[arg(long, value_name = "FILE")]
    summary_json: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OnBadRows {
    Fail,
    Quarantine,
}

fn delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => match text.as_bytes() {
            [b] if b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') => Ok(*b),
            _ => Err(format!(
                "{text:?} is not one ASCII character other than a quote or a line break, nor `tab`"
            )),
        },
    }
}

fn encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        format!("{label:?} is not an encoding label (utf-8, windows-1251, utf-16le, …)")
    })
}

/// The release metadata the data team chooses.
#[derive(Args)]
struct ReleaseArgs {
    /// The release's id, unique in the archive and named in every file and
    /// citation (e.g. 2026-W48).
    #[arg(long)]
    release_id: String,
    /// RFC 3339; given, not read from the clock, so that runs are reproducible.
    #[arg(long)]
    generated_at: chrono::DateTime<chrono::Utc>,
    /// The last day the input's records cover (YYYY-MM-DD): later changes
    /// are in the next release.
    #[arg(long)]
    data_as_of: chrono::NaiveDate,
    /// The first ISO week of the monitoring period (e.g. 2026-W03).
    #[arg(long)]
    first_week: IsoWeek,
    /// The last ISO week published; rows after it are outside the period.
    #[arg(long)]
    last_week: IsoWeek,
    /// Counts from 1 to k − 1 are withheld.
    #[arg(long, default_value_t = 5)]
    k: u32,
    /// The version of the methodology page the release follows.
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
    #[error("{rows} rows have problems (listed in the summary): fix them, or publish the rest with --on-bad-rows=quarantine")]
    BadRows { rows: u64 },
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
    #[error("{0}")]
    Key(String),
    #[error(transparent)]
    Verify(#[from] VerifyError),
}

impl Failure {
    /// The exit code, as [`EXIT_CODES`] lists them (2 is clap's).
    fn code(&self) -> u8 {
        match self {
            Failure::Input(_) | Failure::BadRows { .. } => 1,
            Failure::Usage(_) | Failure::Key(_) => 2,
            Failure::Unmapped(_) => 3,
            Failure::Invalid(_) => 4,
            Failure::Io(_) | Failure::Archive(ArchiveError::Io { .. }) => 5,
            Failure::Archive(_) => 6,
            Failure::Build(BuildError::Blocked(_) | BuildError::LowerK { .. }) => 7,
            Failure::Build(_) => 4,
            Failure::Verify(VerifyError::Io { .. }) => 5,
            Failure::Verify(_) => 8,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
    move |e| Failure::Io(format!("{}: {e}", path.display()))
}

/// A table read from `path`, or the one compiled in (`builtin`, named
/// `name` in messages).
fn table<T: serde::de::DeserializeOwned>(
    path: Option<&Path>,
    name: &str,
    builtin: &'static str,
) -> Result<T, Failure> {
    let (text, origin) = match path {
        Some(path) => (
            std::borrow::Cow::Owned(std::fs::read_to_string(path).map_err(io(path))?),
            path.display().to_string(),
        ),
        None => (
            std::borrow::Cow::Borrowed(builtin),
            format!("{name} (compiled in)"),
        ),
    };
    serde_json::from_str(&text).map_err(|e| Failure::Io(format!("{origin}: {e}")))
}

/// The dimension labels, the region matcher, and where the spellings came
/// from (for the message that asks for more of them).
struct Tables {
    dims: Dimensions,
    matcher: RegionMatcher,
    spellings: String,
}

impl TableArgs {
    fn load(&self) -> Result<Tables, Failure> {
        let spellings = self.spellings.as_deref();
        let origin = spellings.map_or_else(
            || "a copy of data/region-spellings.json named with --spellings".to_owned(),
            |p| p.display().to_string(),
        );
        let names: BTreeMap<String, Vec<String>> =
            table(spellings, "data/region-spellings.json", builtin::SPELLINGS)?;
        Ok(Tables {
            dims: table(
                self.dimensions.as_deref(),
                "data/dimensions.json",
                builtin::DIMENSIONS,
            )?,
            matcher: RegionMatcher::new(&names)
                .map_err(|e| Failure::Io(format!("{origin}: {e}")))?,
            spellings: origin,
        })
    }
}

/// Where a release goes: the public data folder with its archive, and the
/// exporter's private state.
#[derive(Clone, Copy)]
struct Folders<'a> {
    out_dir: &'a Path,
    state_dir: &'a Path,
}

/// How one export reads its input and treats rows with problems.
struct Reading {
    /// The input; `-` is standard input.
    input: PathBuf,
    encoding: &'static encoding_rs::Encoding,
    options: ReadOptions,
    /// Where rows left out go, with `--on-bad-rows=quarantine`.
    quarantine: Option<PathBuf>,
    max_unmapped: f64,
}

/// Reads, aggregates, protects and writes one release into the archive in
/// `out_dir`, filling `summary` as it goes (it tells how far the run got
/// when it fails). The archive is checked first: a release it cannot take
/// is refused before any work.
fn export(
    settings: &ExportRelease,
    reading: &Reading,
    Folders { out_dir, state_dir }: Folders,
    tables: &Tables,
    summary: &mut Summary,
) -> Result<(), Failure> {
    let input = reading.input.as_path();
    summary.release_id = settings.release_id.clone();
    summary.input.path = input.display().to_string();
    summary.input.encoding = reading.encoding.name().to_lowercase();
    summary.max_unmapped = reading.max_unmapped;
    let archive = Archive::open(out_dir)?;
    archive.admits(settings)?;
    let history = archive.history(state_dir)?;
    let open = || -> Result<_, Failure> {
        let (source, size): (Box<dyn std::io::Read + Send>, Option<u64>) =
            if input == Path::new("-") {
                (Box::new(std::io::stdin()), None)
            } else {
                let file = std::fs::File::open(input).map_err(io(input))?;
                // A pipe (`<(…)`, /dev/stdin) has no size and cannot be
                // read again.
                let meta = file.metadata().map_err(io(input))?;
                (Box::new(file), meta.is_file().then_some(meta.len()))
            };
        // UTF-8 passes through unchecked here (no encoding given: only a
        // byte order mark would call for decoding): the reader names every
        // cell that is not UTF-8. Other encodings are decoded to UTF-8.
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(reading.encoding).filter(|&e| e != encoding_rs::UTF_8))
            .bom_override(true)
            // encoding_rs_io 0.1.8 keeps an explicit decoder when it passes
            // a UTF-8 byte order mark through: with an explicit encoding,
            // such a file is decoded as UTF-8 instead.
            .utf8_passthru(reading.encoding == encoding_rs::UTF_8)
            .strip_bom(true)
            .build(source);
        Ok((std::io::BufReader::with_capacity(1 << 20, decoded), size))
    };
    let (mut source, size) = open()?;
    // A regular file can be read again, so a run that stops on any problem looks
    // for repeated ids the cheap way, after the pass, and only a file that
    // has some is read a second time to list them (see `sort_ids`).
    let mut options = ReadOptions {
        input_bytes: size,
        sort_ids: size.is_some()
            && !reading.options.keep_left_out
            && !reading.options.collapse_repeats,
        ..reading.options
    };
    let started = std::time::Instant::now();
    // The bar appears only when reading takes more than a moment, and only
    // on a terminal.
    let bar =
        indicatif::ProgressBar::with_draw_target(size, indicatif::ProgressDrawTarget::hidden())
            .with_style(
                indicatif::ProgressStyle::with_template(
                    "exporter: {bar:40} {percent:>3} % of {total_bytes}, {msg} ({eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
    let (counts, stats) = loop {
        let read = aggregate(
            source,
            settings,
            &tables.dims,
            &tables.matcher,
            options,
            |rows, bytes| {
                if bar.is_hidden() && started.elapsed().as_millis() > 500 {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                bar.set_message(format!("{rows} rows"));
                bar.set_position(bytes);
            },
        )?;
        if !read.1.repeated_ids {
            break read;
        }
        options.sort_ids = false;
        source = open()?.0;
    };
    bar.finish_and_clear();
    let totals = counts
        .measures
        .each_ref()
        .map(|m| m.iter().map(|&n| u64::from(n)).sum::<u64>());
    summary.read(
        &stats,
        totals[0],
        started.elapsed().as_secs_f64(),
        &tables.matcher,
    );
    if stats.bad_rows > 0 && reading.quarantine.is_none() {
        return Err(Failure::BadRows {
            rows: stats.bad_rows,
        });
    }
    if summary.unmapped_share > reading.max_unmapped {
        return Err(Failure::Unmapped(
            summary.too_many_unmapped(&tables.spellings),
        ));
    }
    // How many rows that may be incidents of the period the release does
    // not count, for its entry in the archive index; rows dated outside the
    // period are not among them. (Under `fail`, rows with problems stopped
    // the run above.)
    summary.left_out = match (stats.bad_rows, stats.unmapped_rows) {
        (0, 0) => None,
        (with_problems, unknown_region) => Some(LeftOut {
            with_problems,
            unknown_region,
        }),
    };
    summary.counted = Some(summary::Funnel {
        reported: totals[0],
        verified: totals[1],
        referred: totals[2],
        concluded: totals[3],
    });
    let started = std::time::Instant::now();
    let built = build_export(settings, &tables.dims, &counts, &history)?;
    let export = &built.export;
    let (deferred, held): (Vec<IsoWeek>, Vec<IsoWeek>) = built
        .deferred
        .iter()
        .partition(|&&week| revised(week, settings.last_week));
    summary.protection = Some(summary::ProtectionSummary {
        seconds: started.elapsed().as_secs_f64(),
        k: settings.k,
        cells_per_measure: export.cells.reported.len(),
        archived_releases: history.len(),
        withheld: built.protection.clone(),
        revisions_held: held.len(),
        revisions_deferred: deferred,
    });
    let invalid = |e: serde_json::Error| Failure::Invalid(e.to_string());
    let json = serde_json::to_string(export).map_err(invalid)?;
    let release = serde_json::to_string_pretty(&Release::from(settings)).map_err(invalid)? + "\n";
    let files = [
        ("export.json", json),
        ("export.csv", export_csv(export)),
        ("release.json", release),
    ];
    if let Some(path) = &reading.quarantine {
        write_atomically(path, |out| {
            // Rows with another number of fields than the header are kept
            // as they are too.
            let mut csv = csv::WriterBuilder::new()
                .delimiter(stats.delimiter)
                .flexible(true)
                .from_writer(out);
            csv.write_byte_record(&stats.header)?;
            for record in &stats.left_out {
                csv.write_byte_record(record)?;
            }
            csv.flush()
        })
        .map_err(io(path))?;
        summary.quarantine = Some(summary::Quarantine {
            file: path.display().to_string(),
            rows: stats.left_out.len() as u64,
        });
    }
    // The true counts are kept first: a release published without them
    // would stop the next one.
    state::save(state_dir, &settings.release_id, &built.counts).map_err(io(state_dir))?;
    let index = archive.publish(&export.release, &files, summary.left_out)?;
    summary.files = files
        .iter()
        .map(|(name, text)| summary::Written {
            path: out_dir.join(name).display().to_string(),
            archived: format!("releases/{}/{name}", settings.release_id),
            bytes: text.len(),
        })
        .collect();
    summary.archive = Some(summary::Archive {
        index: out_dir
            .join(portal::model::archive::INDEX_FILE)
            .display()
            .to_string(),
        releases: index.releases.len(),
    });
    Ok(())
}

/// Ends a run's summary with its outcome: prints it (to standard error when
/// standard output carries the JSON) unless `quiet`.
fn report(summary: &mut Summary, result: &Result<(), Failure>, output: &OutputArgs) {
    summary.exit_code = result.as_ref().map_or_else(Failure::code, |()| 0);
    summary.error = result.as_ref().err().map(ToString::to_string);
    if output.quiet {
        return;
    }
    let text = summary.text();
    if output.summary_json.as_deref() == Some(Path::new("-")) {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
}

/// A key error, said of where the key came from.
fn key_error(origin: &str) -> impl FnOnce(KeyError) -> Failure + '_ {
    move |e| Failure::Key(format!("{origin}: {e}"))
}

/// The secret key from `file`, or else from [`SECRET_KEY_VAR`].
fn secret_key(file: Option<&Path>) -> Result<SecretKey, Failure> {
    match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(io(path))?;
            SecretKey::parse(&text).map_err(key_error(&path.display().to_string()))
        }
        None => match std::env::var(SECRET_KEY_VAR) {
            Ok(text) => SecretKey::parse(&text).map_err(key_error(SECRET_KEY_VAR)),
            Err(_) => Err(Failure::Usage(format!(
                "no secret key: name its file with --secret-key-file, or put its content in the environment variable {SECRET_KEY_VAR}"
            ))),
        },
    }
}

/// Signs release `id` of the archive in `out_dir` and says so.
fn sign(out_dir: &Path, id: &str, key: &SecretKey) -> Result<(), Failure> {
    let signed = Archive::open(out_dir)?.sign(id, key)?;
    let dir = out_dir.join(portal::model::archive::RELEASES_DIR).join(id);
    let (done, unchanged) = match signed {
        Signed::New => ("signed", ""),
        Signed::Unchanged => ("already signed", ", unchanged"),
    };
    println!(
        "sign: release {id} {done} with key {}{unchanged}: {} and {}",
        key.id(),
        dir.join(signing::SUMS_FILE).display(),
        signing::SIGNATURE_FILE
    );
    Ok(())
}

/// Writes a new file, refusing to replace one; a secret one is readable
/// by its owner only.
fn create(path: &Path, text: &str, secret: bool) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(io(path))
}

/// Writes `value` as JSON into `path` (`-`: standard output).
fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value).map_err(|e| Failure::Invalid(e.to_string()))?;
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{json}").map_err(io(path))
    } else {
        write_atomically(path, |out| writeln!(out, "{json}")).map_err(io(path))
    }
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
            tables,
            names,
            state_dir,
            summary_json,
        } => {
            let tables = tables.load()?;
            let region_names: BTreeMap<String, Vec<String>> = table(
                names.as_deref(),
                "data/sample-region-names.json",
                builtin::SAMPLE_NAMES,
            )?;
            let dims = &tables.dims;
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
                sample::generate(out, sample::SAMPLE_SEED, period, dims, &region_names, 1.0)
            })
            .map_err(io(&csv))?;
            println!(
                "sample: {rows} synthetic incidents as they finally stand in {}",
                csv.display()
            );
            Archive::clear_sample(&out_dir)?;
            let key = sample_key()?;
            let folders = Folders {
                out_dir: &out_dir,
                state_dir: &state_dir,
            };
            let output = OutputArgs {
                quiet: false,
                summary_json: summary_json.clone(),
            };
            let mut summaries = Vec::new();
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
                    sample::generate(out, sample::SAMPLE_SEED, period, dims, &region_names, 1.0)
                })
                .map_err(io(&snapshot))?;
                println!(
                    "sample: {rows} synthetic incidents reported by {} in {}",
                    settings.data_as_of,
                    snapshot.display()
                );
                let reading = Reading {
                    input: snapshot,
                    encoding: encoding_rs::UTF_8,
                    options: ReadOptions::default(),
                    quarantine: None,
                    max_unmapped: 0.0,
                };
                let mut summary = Summary::default();
                let result = export(settings, &reading, folders, &tables, &mut summary);
                report(&mut summary, &result, &output);
                summaries.push(summary);
                result?;
                sign(&out_dir, &settings.release_id, &key)?;
            }
            match &summary_json {
                Some(path) => write_json(path, &summaries),
                None => Ok(()),
            }
        }
        Command::Sign {
            out_dir,
            release_id,
            secret_key_file,
        } => {
            let key = secret_key(secret_key_file.as_deref())?;
            sign(&out_dir, &release_id, &key)
        }
        Command::Verify {
            dir,
            files,
            public_key,
            public_key_file,
        } => {
            let key = match (public_key, public_key_file) {
                (Some(text), _) => PublicKey::parse(&text).map_err(key_error("--public-key"))?,
                (None, Some(path)) => {
                    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
                    PublicKey::parse(&text).map_err(key_error(&path.display().to_string()))?
                }
                (None, None) => unreachable!("clap requires one of the key arguments"),
            };
            let verified = signing::verify_release(&dir, &key, &files)?;
            println!(
                "{}: a good signature by key {}; trusted comment: {}",
                dir.join(signing::SIGNATURE_FILE).display(),
                verified.key,
                verified.trusted_comment
            );
            for file in &verified.files {
                println!("{file}: OK");
            }
            println!(
                "verify: {} as release {} published {}",
                if files.is_empty() {
                    "every file is"
                } else {
                    "the files named are"
                },
                verified.release_id,
                if files.is_empty() { "it" } else { "them" },
            );
            Ok(())
        }
        Command::Keygen {
            secret_key_file,
            public_key_file,
        } => {
            let key = SecretKey::generate().map_err(|e| Failure::Key(e.to_string()))?;
            let public = key.public_key();
            create(
                &secret_key_file,
                &key.to_file(&format!("secret key {} of the portal's releases: keep it out of the repository, in the data team's secret store", key.id())),
                true,
            )?;
            create(&public_key_file, &public.to_file(), false)?;
            println!(
                "keygen: key {}: the secret key is in {} (keep it secret, and backed up: a lost key cannot sign again under the same public key), the public key in {}:\n{}",
                key.id(),
                secret_key_file.display(),
                public_key_file.display(),
                public.to_base64()
            );
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
            let dims: Dimensions = table(
                dimensions.as_deref(),
                "data/dimensions.json",
                builtin::DIMENSIONS,
            )?;
            let region_names: BTreeMap<String, Vec<String>> = table(
                names.as_deref(),
                "data/sample-region-names.json",
                builtin::SAMPLE_NAMES,
            )?;
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
            tables,
            max_unmapped,
            state_dir,
            reading,
            output,
            release,
        } => {
            let tables = tables.load()?;
            let settings: ExportRelease = release.into();
            let quarantine = (reading.on_bad_rows == OnBadRows::Quarantine).then(|| {
                reading.quarantine.clone().unwrap_or_else(|| {
                    state_dir.join(format!("{}.quarantine.csv", settings.release_id))
                })
            });
            let reading = Reading {
                input,
                encoding: reading.encoding,
                options: ReadOptions {
                    delimiter: reading.delimiter,
                    keep_left_out: quarantine.is_some(),
                    collapse_repeats: reading.collapse_repeats,
                    ..ReadOptions::default()
                },
                quarantine,
                max_unmapped,
            };
            let folders = Folders {
                out_dir: &out_dir,
                state_dir: &state_dir,
            };
            let mut summary = Summary::default();
            let result = export(&settings, &reading, folders, &tables, &mut summary);
            report(&mut summary, &result, &output);
            if let Some(path) = &output.summary_json {
                write_json(path, &summary)?;
            }
            result
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every argument of every command says what it is in `--help`.
    #[test]
    fn every_argument_has_help() {
        fn undocumented(command: &clap::Command, path: &str, found: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && arg.get_help().is_none() {
                    found.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                undocumented(sub, &format!("{path} {}", sub.get_name()), found);
            }
        }
        let mut found = Vec::new();
        undocumented(&Cli::command(), "exporter", &mut found);
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn help_lists_the_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        for code in 0..=8 {
            assert!(
                help.contains(&format!("\n  {code}  ")),
                "exit code {code}:\n{help}"
            );
        }
    }
}
