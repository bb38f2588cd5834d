//! The exporter as a data team runs it: the real binary on real files.

#![cfg(feature = "exporter")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking, its helpers too"
)]

use portal::model::archive::LeftOut;
use portal::model::export::Export;
use portal::model::Release;
use std::path::Path;
use std::process::Command;

const EXPORTER: &str = env!("CARGO_BIN_EXE_exporter");

fn run(args: &[&str]) -> (i32, String) {
    run_with(args, &[])
}

#[test]
fn every_shipped_data_file_parses_and_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/data");
    let release =
        Release::parse(&std::fs::read_to_string(dir.join("release.json")).unwrap()).unwrap();
    let export = Export::parse(&std::fs::read_to_string(dir.join("export.json")).unwrap()).unwrap();
    assert_eq!(export.release.release_id, release.release_id);
    assert!(
        export.release.sample && release.sample,
        "the shipped data is labelled sample data"
    );
    assert_eq!(export.release.sha256, export.fingerprint());
    check_open_cases(&export);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("schema/v1.json")).unwrap())
            .unwrap();
    assert_eq!(schema["title"], "Export");
    check_csv_download(
        &std::fs::read_to_string(dir.join("export.csv")).unwrap(),
        &export,
    );
}

/// The sample publishes its open cases by age in total where its weekly
/// figures determine them (a band with a withheld weekly total of referred
/// or concluded cases is withheld): the oldest band, whose weeks are
/// complete, is published, the younger ones are not. Published bands are
/// referred cases not yet concluded, so together no more than the referred
/// ones where that total is published; the portal's report shows each band
/// exactly as published, a withheld one as a lower bound.
fn check_open_cases(export: &Export) {
    use portal::model::count::{Count, Total};
    use portal::model::query::Query;
    let open = export
        .open_by_age
        .as_ref()
        .expect("the sample has open cases by age");
    let bands: Vec<Count> = open
        .bands
        .iter()
        .map(|b| open.total[b.code.as_ref()][0])
        .collect();
    assert!(matches!(bands.last(), Some(Count::Value(n)) if *n > 0));
    assert!(bands.contains(&Count::Suppressed));
    let published: u32 = bands
        .iter()
        .map(|c| match c {
            Count::Value(n) => *n,
            Count::Suppressed => 0,
        })
        .sum();
    if let Count::Value(referred) = export.margins.total.measures.referred[0] {
        assert!(published <= referred);
    }
    let all = Query::default().resolve(export);
    let report = export.report(&all).open_by_age.unwrap();
    for (count, total) in bands.iter().zip(report) {
        match (count, total) {
            (Count::Value(n), Total::Exact(m)) => assert_eq!(u64::from(*n), m),
            (Count::Suppressed, Total::AtLeast(_)) => {}
            other => panic!("a band reported otherwise than published: {other:?}"),
        }
    }
}

/// The CSV download says which release it is and agrees with the JSON:
/// every cell and total, with withheld counts as the symbol, never a number.
fn check_csv_download(text: &str, export: &Export) {
    use portal::model::count::{Count, SUPPRESSED_SYMBOL};
    use portal::model::export::Measure;
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with("# ")).collect();
    for line in [
        format!("# release: {}", export.release.release_id),
        format!("# data_as_of: {}", export.release.data_as_of),
        format!("# k: {}", export.release.k),
        format!("# licence: {}", export.release.licence),
        "# sample: true".to_owned(),
    ] {
        assert!(
            header.contains(&line.as_str()),
            "the CSV header lacks {line:?}"
        );
    }
    assert!(header
        .iter()
        .any(|l| l.starts_with(&format!("# suppressed: {SUPPRESSED_SYMBOL} = withheld"))));
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cells = export.cells.reported.len();
    assert_eq!(
        rows.len(),
        cells + export.week_count() + export.regions.len() + export.categories.len() + 1
    );
    let shown = |c: Count| match c {
        Count::Value(n) => n.to_string(),
        Count::Suppressed => SUPPRESSED_SYMBOL.to_owned(),
    };
    for (i, row) in rows.iter().take(cells).enumerate() {
        for (m, measure) in Measure::ALL.into_iter().enumerate() {
            assert_eq!(
                row[5 + m],
                shown(export.cells.measure(measure)[i]),
                "row {i}"
            );
        }
    }
    let total = rows.last().unwrap();
    assert_eq!(
        total.iter().take(4).collect::<Vec<_>>(),
        ["_T", "_T", "", "_T"]
    );
    assert_eq!(total[5], shown(export.margins.total.measures.reported[0]));
    assert_eq!(
        total[9],
        shown(export.margins.total.attributed["russia"][0])
    );
}

#[test]
fn the_sample_series_regenerates_byte_for_byte_and_drops_every_other_column() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("incidents.csv");
    let out = tmp.path().join("out");
    let (code, log) = run(&[
        "sample",
        "--csv",
        csv.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--state-dir",
        tmp.path().join("state").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{log}");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/data");
    let fresh = snapshot(&out);
    let names: Vec<_> = fresh
        .keys()
        .map(|p| p.strip_prefix(&out).unwrap())
        .collect();
    let releases = portal::exporter::sample::SAMPLE_RELEASES as usize;
    assert!(
        names.len() == 4 + 5 * releases && names.iter().all(|n| !n.starts_with("schema")),
        "the latest files, the archive index and each archived release, signed: {names:?}"
    );
    for (path, bytes) in &fresh {
        let name = path.strip_prefix(&out).unwrap();
        assert!(
            *bytes == std::fs::read(shipped.join(name)).unwrap(),
            "{} differs: run `make data`",
            name.display()
        );
    }
    // The input carries ids, free text, coordinates and monitor ids; none of
    // those values may appear in any output.
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let dropped: Vec<usize> = ["id", "notes", "lat", "lon", "monitor_id"]
        .iter()
        .map(|c| headers.iter().position(|h| h == *c).unwrap())
        .collect();
    let mut secrets = std::collections::HashSet::new();
    for record in reader.records() {
        let record = record.unwrap();
        for &i in &dropped {
            secrets.insert(record[i].to_owned());
        }
    }
    assert!(
        secrets.iter().any(|s| s.starts_with("MON-"))
            && secrets.iter().any(|s| s.starts_with("synthetic note"))
    );
    for name in ["export.json", "export.csv", "release.json"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let strings: Vec<String> = serde_json::from_str(&text)
            .map(|v| serde_json_strings(&v))
            .unwrap_or_default();
        let tokens: std::collections::HashSet<&str> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
            .chain(strings.iter().map(String::as_str))
            .collect();
        let leaked: Vec<_> = secrets
            .iter()
            .filter(|s| tokens.contains(s.as_str()))
            .take(3)
            .collect();
        assert!(
            leaked.is_empty(),
            "{name} contains input-only values {leaked:?}"
        );
    }
}

/// Every string anywhere in a JSON value.
fn serde_json_strings(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(items) => items.iter().flat_map(serde_json_strings).collect(),
        serde_json::Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| std::iter::once(k.clone()).chain(serde_json_strings(v)))
            .collect(),
        _ => vec![],
    }
}

/// Runs `exporter export` on `csv` into `out` (the input goes beside it)
/// for the period `[generated_at, data_as_of, first_week, last_week]`, with
/// `extra` arguments; a failed run leaves no output.
fn export_into(csv: &[u8], out: &Path, period: [&str; 4], extra: &[&str]) -> (i32, String) {
    let result = release_into(csv, out, "t-1", period, extra);
    assert!(
        result.0 == 0 || !out.join("export.json").exists(),
        "a failed run leaves no output"
    );
    result
}

/// [`export_into`] as release `id`, into a folder that may hold an archive.
fn release_into(
    csv: &[u8],
    out: &Path,
    id: &str,
    period: [&str; 4],
    extra: &[&str],
) -> (i32, String) {
    let input = out.with_extension("csv");
    std::fs::write(&input, csv).unwrap();
    let state = out.with_extension("state");
    let [generated_at, data_as_of, first_week, last_week] = period;
    let mut args = vec![
        "export",
        "--input",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--state-dir",
        state.to_str().unwrap(),
        "--release-id",
        id,
        "--generated-at",
        generated_at,
        "--data-as-of",
        data_as_of,
        "--first-week",
        first_week,
        "--last-week",
        last_week,
    ];
    args.extend(extra);
    run(&args)
}

/// [`export_into`] a temporary directory, for two weeks of February 2026.
fn export_csv(csv: impl AsRef<[u8]>) -> (i32, String) {
    let tmp = tempfile::tempdir().unwrap();
    let period = ["2026-02-10T00:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
    export_into(csv.as_ref(), &tmp.path().join("out"), period, &[])
}

const HEADER: &str = "id,reported_at,region,category,status,attribution\n";

#[test]
fn open_cases_are_aged_from_their_incident_week_to_data_as_of() {
    // Kyiv, 2026-W01 to W10, data to Sunday 8 March (W10): 6 cases referred
    // in W01 (9 weeks old), 2 of them concluded; 5 referred in W10.
    let mut rows = String::from(HEADER);
    for i in 0..6 {
        let status = if i < 2 {
            "concluded,russia"
        } else {
            "referred,"
        };
        rows += &format!("a{i},2026-01-02,Kyiv,mortar,{status}\n");
    }
    for i in 0..5 {
        rows += &format!("b{i},2026-03-04,Kyiv,mortar,referred,\n");
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let period = ["2026-03-09T00:00:00Z", "2026-03-08", "2026-W01", "2026-W10"];
    let (code, log) = export_into(rows.as_bytes(), &out, period, &["--k", "2"]);
    assert_eq!(code, 0, "{log}");
    let export = Export::parse(&std::fs::read_to_string(out.join("export.json")).unwrap()).unwrap();
    let open = export.open_by_age.unwrap();
    let kyiv = export
        .regions
        .iter()
        .position(|r| r.code == "UA-30")
        .unwrap();
    use portal::model::count::Count::Value;
    for (band, expected) in [("w0-4", 5), ("w5-12", 4), ("w13-26", 0), ("w27-plus", 0)] {
        assert_eq!(open.total[band], [Value(expected)], "{band}");
        assert_eq!(open.by_region[band][kyiv], Value(expected), "{band}");
    }
}

#[test]
fn bad_input_is_named_by_line_and_column() {
    let (code, log) = export_csv(b"");
    assert_eq!(code, 1, "{log}");
    assert!(log.contains("the input is empty"), "{log}");
    let (code, log) =
        export_csv(b"id,reported_at,region,category,status\n1,2026-02-02,Kyiv,mortar,reported\n");
    assert_eq!(code, 1);
    assert!(
        log.contains("the header lacks the column \"attribution\""),
        "{log}"
    );
    let (code, log) = export_csv(format!(
        "{HEADER}1,2026-02-02,Kyiv,mortar,reported,\n2,2026-02-31,Kyiv,mortar,reported,\n"
    ));
    assert_eq!(code, 1);
    assert!(
        log.contains("line 3, column reported_at: \"2026-02-31\""),
        "{log}"
    );
    let (code, log) =
        export_csv(format!("{HEADER}1,2026-02-02,Kyiv,mortar,rumoured,\n").as_bytes());
    assert_eq!(code, 1);
    assert!(log.contains("line 2, column status"), "{log}");
    let (code, log) =
        export_csv(format!("{HEADER}1,2026-02-02,Kyiv,mortar,concluded,\n").as_bytes());
    assert_eq!(code, 1);
    assert!(log.contains("line 2, column attribution"), "{log}");
}

#[test]
fn a_repeated_header_column_or_an_unsplit_header_is_explained() {
    let (code, log) = export_csv(
        "id,reported_at,region,category,status,attribution,region\n1,2026-02-02,Kyiv,mortar,reported,,Lviv\n",
    );
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("line 1: the header names the column \"region\" twice (columns 3 and 7)"),
        "{log}"
    );
    // Semicolons, but one column misspelt: detection fails, the message
    // shows the header as read and points at --delimiter.
    let (code, log) = export_csv(
        "id;reported_at;regoin;category;status;attribution\n1;2026-02-02;Kyiv;mortar;reported;\n",
    );
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("[\"id;reported_at;regoin;category;status;attribution\"]")
            && log.contains("name it with --delimiter"),
        "{log}"
    );
}

#[test]
fn invalid_utf8_is_an_error_with_its_line() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend(b"1,2026-02-02,Ky\xffiv,mortar,reported,\n");
    let (code, log) = export_csv(&bytes);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("line 2, column region") && log.to_lowercase().contains("utf-8"),
        "{log}"
    );
}

/// The message of exit 3 (alone with `--quiet`) lists the spellings with
/// their rows and says which look like no region: those are never to be
/// added to the spelling table.
#[test]
fn too_many_unknown_regions_stop_the_export_with_the_spellings_and_what_they_look_like() {
    let mut rows = String::from(HEADER);
    let mut spellings = vec![
        ("Atlantis".to_owned(), 20),
        ("Black Sea".to_owned(), 3),
        ("Ukraine".to_owned(), 2),
        (String::new(), 1),
        ("Kharkiv city".to_owned(), 1),
        ("Belgorod Oblast".to_owned(), 1),
    ];
    spellings.extend((0..16).map(|i| (format!("Nowhere {i}"), 1)));
    for (spelling, n) in &spellings {
        for i in 0..*n {
            rows += &format!("{spelling}-{i},2026-02-02,{spelling},mortar,reported,\n");
        }
    }
    rows += "x,2026-02-03,Odessa,mortar,reported,\n";
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let summary = tmp.path().join("summary.json");
    let period = ["2026-02-10T00:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
    let (code, log) = export_into(
        rows.as_bytes(),
        &out,
        period,
        &["--quiet", "--summary-json", summary.to_str().unwrap()],
    );
    assert_eq!(code, 3, "{log}");
    for line in [
        "exporter: 97.78 % of the rows in the period name a region the spelling table lacks (limit 1.00 %):\n        20  \"Atlantis\"\n",
        "\n         3  \"Black Sea\": looks like a sea or river, no region; leave it unmapped\n",
        "\n         2  \"Ukraine\": looks like the whole country, no region; leave it unmapped\n",
        "\n         1  \"\": looks like no name, no region; leave it unmapped\n",
        "\n         1  \"Kharkiv city\": looks like a city other than Kyiv and Sevastopol, no region; leave it unmapped\n",
        "\n         1  \"Belgorod Oblast\": looks like a place abroad, no region; leave it unmapped\n",
        "\n         1  \"Nowhere 0\"\n",
        "\n  … and 2 more spellings in 2 rows (the summary lists every one)\n",
        "\nAdd the spellings that name a region to a copy of data/region-spellings.json named with --spellings and run again.\n",
        "belongs in no table: correct those rows, or leave them out with a higher --max-unmapped.\n",
    ] {
        assert!(log.contains(line), "{line:?} missing from\n{log}");
    }
    assert!(!log.contains("Nowhere 9"), "{log}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    let looks: Vec<(&str, &str)> = summary["unmapped"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| Some((u["spelling"].as_str()?, u["looks_like"].as_str()?)))
        .collect();
    assert_eq!(
        looks,
        [
            ("Black Sea", "water"),
            ("Ukraine", "country"),
            ("", "no-name"),
            ("Belgorod Oblast", "abroad"),
            ("Kharkiv city", "city")
        ]
    );
    assert_eq!(summary["unmapped"].as_array().unwrap().len(), 22);
    // Nothing but names that are no region: nothing to add to the table.
    let rows: String = rows
        .lines()
        .filter(|l| !l.contains("Atlantis") && !l.contains("Nowhere"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (code, log) = export_into(rows.as_bytes(), &tmp.path().join("again"), period, &[]);
    assert_eq!(code, 3, "{log}");
    assert!(
        !log.contains("Add the spellings") && log.contains("belongs in no table"),
        "{log}"
    );
}

#[test]
fn the_unmapped_share_counts_the_rows_in_the_period_only() {
    // 1 of 10 rows in the period is unmapped (10 %); 30 rows of 2025 would
    // have made it 2.5 % of all rows.
    let mut rows = String::from(HEADER);
    for i in 0..9 {
        rows += &format!("in{i},2026-02-02,Kyiv,mortar,reported,\n");
    }
    rows += "in9,2026-02-02,Atlantis,mortar,reported,\n";
    for i in 0..30 {
        rows += &format!("old{i},2025-06-02,Kyiv,mortar,reported,\n");
    }
    let tmp = tempfile::tempdir().unwrap();
    let period = ["2026-02-10T00:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
    let out = tmp.path().join("out");
    let (code, log) = export_into(rows.as_bytes(), &out, period, &["--max-unmapped", "0.05"]);
    assert_eq!(code, 3, "{log}");
    assert!(
        log.contains("10.00 % of the rows in the period name a region"),
        "{log}"
    );
    let (code, log) = export_into(rows.as_bytes(), &out, period, &["--max-unmapped", "0.1"]);
    assert_eq!(code, 0, "{log}");
    // The release's entry in the archive says how many rows it left out for
    // their region.
    assert_eq!(
        left_out(&out),
        Some(LeftOut {
            with_problems: 0,
            unknown_region: 1
        })
    );
}

/// What the latest release's entry in the archive index says it left out.
fn left_out(out: &Path) -> Option<LeftOut> {
    use portal::model::archive::ReleaseIndex;
    let text = std::fs::read_to_string(out.join("releases.json")).unwrap();
    let index = ReleaseIndex::parse(&text).unwrap();
    index.latest().unwrap().left_out
}

/// The fixture `tests/fixtures/exporter/messy.csv`, read for two weeks of
/// February 2026, with `extra` arguments; the summary as JSON.
fn export_messy(out: &Path, extra: &[&str]) -> (i32, String, serde_json::Value) {
    let csv = std::fs::read(fixture("messy.csv")).unwrap();
    let summary = out.with_extension("summary.json");
    let period = ["2026-02-10T00:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
    let mut args = vec!["--summary-json", summary.to_str().unwrap()];
    args.extend(extra);
    let (code, log) = export_into(&csv, out, period, &args);
    let json = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    (code, log, json)
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exporter")
        .join(name)
}

/// Every problem of a summary as (kind, line, column).
fn problems(summary: &serde_json::Value) -> Vec<(String, u64, String)> {
    let mut all = Vec::new();
    for group in summary["problems"].as_array().unwrap() {
        let listed = group["problems"].as_array().unwrap();
        assert_eq!(group["count"], listed.len());
        for p in listed {
            assert_eq!(p["kind"], group["kind"]);
            all.push((
                p["kind"].as_str().unwrap().to_owned(),
                p["line"].as_u64().unwrap(),
                p["column"].as_str().unwrap_or("").to_owned(),
            ));
        }
    }
    all
}

/// The messy fixture holds every kind of problem once or twice, after a
/// quoted field with a line break: each is reported with its physical line
/// and column, in one run, and the run fails.
#[test]
fn every_problem_is_reported_in_one_pass_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, log, summary) = export_messy(&tmp.path().join("out"), &[]);
    assert_eq!(code, 1, "{log}");
    let expected = [
        ("fields", 16, ""),
        ("encoding", 17, "region"),
        ("empty-id", 6, "id"),
        ("date", 5, "reported_at"),
        ("status", 7, "status"),
        ("category", 8, "category"),
        ("attribution", 9, "attribution"),
        ("attribution", 10, "attribution"),
        ("duplicate-id", 12, "id"),
        ("repeated-row", 11, "id"),
        ("before-period", 15, "reported_at"),
        ("after-period", 13, "reported_at"),
        ("after-period", 14, "reported_at"),
    ]
    .map(|(kind, line, column)| (kind.to_owned(), line, column.to_owned()));
    assert_eq!(problems(&summary), expected);
    let rows = &summary["rows"];
    assert_eq!(
        [
            &rows["read"],
            &rows["counted"],
            &rows["bad"],
            &rows["outside_period"],
            &rows["unmapped"]
        ],
        [17, 3, 10, 3, 1]
    );
    assert_eq!(summary["exit_code"], 1);
    assert!(summary["error"]
        .as_str()
        .unwrap()
        .contains("10 rows have problems"));
    for line in [
        "line 5, column reported_at: \"2026-02-31\" is not an RFC 3339 date-time",
        "line 6, column id: is empty",
        "line 12, column id: \"a2\" is the id of line 3 too, whose row differs",
        "line 11, column id: repeats line 2 exactly",
        "line 14, column reported_at: \"2202-02-02\" is after the period, which ends on 2026-02-08",
        "a probable typo",
        "line 16: 8 fields where the header has 7",
        "line 17, column region: \"Ky\u{FFFD}iv\" is not valid UTF-8",
    ] {
        assert!(log.contains(line), "{line:?} missing from\n{log}");
    }
    assert!(
        !log.contains("line 13, column reported_at: \"2026-02-09\" is after the period, which ends on 2026-02-08 (--last-week 2026-W06, --data-as-of 2026-02-08): more"),
        "a day late is no typo: {log}"
    );
}

/// Under quarantine the rows left out go, unchanged, to a private file;
/// the rest is published and the summary says how many and why.
#[test]
fn quarantine_publishes_the_rest_and_keeps_the_rows_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let quarantine = tmp.path().join("left-out.csv");
    let (code, log, summary) = export_messy(
        &out,
        &[
            "--on-bad-rows=quarantine",
            "--quarantine",
            quarantine.to_str().unwrap(),
            "--max-unmapped",
            "0.5",
            "--k",
            "2",
        ],
    );
    assert_eq!(code, 0, "{log}");
    assert_eq!(summary["counted"]["reported"], 3);
    assert_eq!(summary["quarantine"]["rows"], 14);
    let left: Vec<u8> = std::fs::read(&quarantine).unwrap();
    let input = std::fs::read(fixture("messy.csv")).unwrap();
    let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    // Every line but the counted a1 (2), a2 (3 and 4) and a14 (19), as it
    // was: the quarantine file is the input without the published rows.
    let kept: Vec<u8> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| ![1, 2, 3, 18].contains(i))
        .flat_map(|(_, l)| l.iter().copied().chain([b'\n']))
        .collect();
    assert_eq!(
        String::from_utf8_lossy(&left),
        String::from_utf8_lossy(&kept[..kept.len() - 1])
    );
    assert!(!out.join("left-out.csv").exists());
    // The release's entry in the archive says how many rows were left out
    // and why, never which: rows dated outside the period are not among them.
    let export = Export::parse(&std::fs::read_to_string(out.join("export.json")).unwrap()).unwrap();
    assert_eq!(export.release.release_id, "t-1");
    let index = std::fs::read_to_string(out.join("releases.json")).unwrap();
    assert!(
        index.contains(
            "\"left_out\": {\n        \"with_problems\": 10,\n        \"unknown_region\": 1\n      }"
        ),
        "{index}"
    );
    assert_eq!(
        left_out(&out),
        Some(LeftOut {
            with_problems: 10,
            unknown_region: 1
        })
    );
    assert_eq!(
        summary["left_out"],
        serde_json::json!({ "with_problems": 10, "unknown_region": 1 })
    );
    assert!(
        log.contains(
            "the release says it leaves out 10 rows with problems and 1 with an unknown region"
        ),
        "{log}"
    );
}

#[test]
fn repeated_ids_are_errors_and_exact_copies_can_be_collapsed() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = format!(
        "{HEADER}a,2026-02-02,Kyiv,mortar,reported,\nb,2026-02-02,Lviv,mortar,reported,\na,2026-02-02,Kyiv,mortar,reported,\na,2026-02-02,Kyiv,mortar,reported,\n"
    );
    let period = ["2026-02-10T00:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
    let out = tmp.path().join("out");
    let (code, log) = export_into(rows.as_bytes(), &out, period, &[]);
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("line 4, column id: repeats line 2 exactly")
            && log.contains("line 5, column id: repeats line 2 exactly"),
        "{log}"
    );
    let (code, log) = export_into(
        rows.as_bytes(),
        &out,
        period,
        &["--collapse-repeats", "--k", "2"],
    );
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("2 exact copies collapsed"), "{log}");
    assert!(log.contains("reported 2, verified 0"), "{log}");
    // A repeated id with other content is an error even then.
    let other = format!("{rows}a,2026-02-03,Kyiv,mortar,reported,\n");
    let (code, log) = export_into(
        other.as_bytes(),
        &tmp.path().join("other"),
        period,
        &["--collapse-repeats"],
    );
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("line 6, column id: \"a\" is the id of line 2 too"),
        "{log}"
    );
}

/// A spreadsheet's semicolons in Windows-1251, UTF-16 with a byte order
/// mark, and tabs in UTF-8 with one: the same four incidents each time.
#[test]
fn delimiters_and_encodings_data_teams_receive_are_read() {
    for (file, extra) in [
        (
            "windows-1251-semicolon.csv",
            &["--encoding", "windows-1251"][..],
        ),
        (
            "windows-1251-semicolon.csv",
            &["--encoding", "cp1251", "--delimiter", ";"][..],
        ),
        ("utf-16-bom.csv", &[][..]),
        ("utf-8-bom.csv", &["--encoding", "windows-1251"][..]),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let csv = std::fs::read(fixture(file)).unwrap();
        let summary = tmp.path().join("summary.json");
        let period = ["2026-02-10T00:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
        let mut args = vec!["--k", "2", "--summary-json", summary.to_str().unwrap()];
        args.extend(extra);
        let (code, log) = export_into(&csv, &out, period, &args);
        assert_eq!(code, 0, "{file}: {log}");
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        assert_eq!(
            [&summary["rows"]["counted"], &summary["rows"]["unmapped"]],
            [4, 0],
            "{file}: {log}"
        );
        assert_eq!(summary["counted"]["concluded"], 1, "{file}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let csv = std::fs::read(fixture("windows-1251-semicolon.csv")).unwrap();
    let period = ["2026-02-10T00:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
    let (code, log) = export_into(&csv, &tmp.path().join("out"), period, &[]);
    assert_eq!(code, 1, "read as UTF-8: {log}");
    assert!(
        log.contains("not valid UTF-8") && log.contains("--encoding"),
        "{log}"
    );
}

/// Standard input in, the JSON summary alone on standard output, from a
/// folder that is not the repository (the tables are compiled in).
#[test]
fn stdin_quiet_and_json_on_stdout_work_from_any_folder() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(EXPORTER)
        .args([
            "export",
            "--input",
            "-",
            "--out-dir",
            "out",
            "--state-dir",
            "state",
            "--release-id",
            "t-1",
            "--generated-at",
            "2026-02-10T00:00:00Z",
            "--data-as-of",
            "2026-02-08",
            "--first-week",
            "2026-W05",
            "--last-week",
            "2026-W06",
            "--k",
            "2",
            "--quiet",
            "--summary-json",
            "-",
        ])
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{HEADER}a,2026-02-02,Kyiv Oblast,mortar,verified,\nb,2026-02-03,Lviv,tank,reported,\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["input"]["path"], "-");
    assert_eq!(summary["counted"]["reported"], 2);
    assert_eq!(summary["counted"]["verified"], 1);
    assert_eq!(summary["exit_code"], 0);
    assert!(tmp.path().join("out/export.json").exists());
}

/// Every file under `dir` with its bytes, to see that a refused run wrote
/// nothing.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// `n` verified mortar incidents in Kyiv, on the first five days of the
/// week of 2026-02-02, as the export reads them.
fn rows(n: usize) -> String {
    let mut rows = String::from(HEADER);
    for i in 0..n {
        rows += &format!("{i},2026-02-0{},Kyiv,mortar,verified,\n", 2 + i % 5);
    }
    rows
}

#[test]
fn releases_go_into_an_immutable_archive_that_refuses_what_would_change_it() {
    use portal::model::archive::ReleaseIndex;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fn week<'a>(at: &'a str, day: &'a str) -> [&'a str; 4] {
        [at, day, "2026-W05", "2026-W06"]
    }
    let first = week("2026-02-09T06:00:00Z", "2026-02-08");
    let second = week("2026-02-16T06:00:00Z", "2026-02-15");
    let (code, log) = release_into(rows(12).as_bytes(), &out, "r-1", first, &[]);
    assert_eq!(code, 0, "{log}");
    let (code, log) = release_into(rows(14).as_bytes(), &out, "r-2", second, &[]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("archive: 2 releases"), "{log}");

    let index =
        ReleaseIndex::parse(&std::fs::read_to_string(out.join("releases.json")).unwrap()).unwrap();
    let ids: Vec<&str> = index
        .releases
        .iter()
        .map(|r| r.release_id.as_str())
        .collect();
    assert_eq!(ids, ["r-1", "r-2"], "oldest first");
    for name in ["export.json", "export.csv", "release.json"] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(out.join("releases/r-2").join(name)).unwrap(),
            "{name}: the stable URL serves the latest release"
        );
        let bytes = std::fs::read(out.join("releases/r-1").join(name)).unwrap();
        assert_eq!(
            portal::model::digest::sha256_hex(&bytes),
            index.releases[0].files[name],
            "{name} of the first release is kept with its fingerprint"
        );
    }
    let first_export =
        Export::parse(&std::fs::read_to_string(out.join("releases/r-1/export.json")).unwrap())
            .unwrap();
    assert_eq!(index.releases[0].sha256, first_export.release.sha256);
    assert_eq!(index.releases[0].data_as_of.to_string(), "2026-02-08");

    // Each refusal: exit code 6, its message, and not a byte changed.
    let refused = |id: &str, period: [&str; 4], message: &str| {
        let before = snapshot(&out);
        let (code, log) = release_into(rows(15).as_bytes(), &out, id, period, &[]);
        assert_eq!(code, 6, "{log}");
        assert!(log.contains(message), "expected {message:?} in {log}");
        let mut after = snapshot(&out);
        after.remove(&out.with_extension("csv"));
        assert!(before == after, "a refused run changed the archive");
    };
    let third = week("2026-02-23T06:00:00Z", "2026-02-22");
    refused("r-2", third, "release \"r-2\" is already in the archive");
    refused(
        "r-3",
        week("2026-02-23T06:00:00Z", "2026-02-15"),
        "has data as of 2026-02-15, not later than 2026-02-15 of the last release \"r-2\"",
    );
    refused(
        "r-3",
        week("2026-02-16T06:00:00Z", "2026-02-16"),
        "was generated at 2026-02-16 06:00:00 UTC, not later than",
    );
    let archived = out.join("releases/r-1/export.csv");
    let original = std::fs::read(&archived).unwrap();
    std::fs::write(&archived, b"changed").unwrap();
    refused("r-3", third, "releases/r-1/export.csv does not match the fingerprint the archive recorded for release \"r-1\"");
    std::fs::remove_file(&archived).unwrap();
    refused("r-3", third, "the archive lists release \"r-1\", but");
    std::fs::write(&archived, &original).unwrap();
    std::fs::write(out.join("export.json"), b"{}").unwrap();
    refused(
        "r-3",
        third,
        "does not match the fingerprint the archive recorded for release \"r-2\"",
    );
    std::fs::copy(
        out.join("releases/r-2/export.json"),
        out.join("export.json"),
    )
    .unwrap();
    let state = out.with_extension("state").join("r-1.json");
    let kept = std::fs::read(&state).unwrap();
    std::fs::remove_file(&state).unwrap();
    refused(
        "r-3",
        third,
        "the exporter's private state lacks its true counts",
    );
    std::fs::write(&state, kept).unwrap();
    let (code, log) = release_into(rows(15).as_bytes(), &out, "r-3", third, &["--k", "3"]);
    assert_eq!(code, 7, "{log}");
    assert!(
        log.contains("was protected with k = 5, this one with k = 3"),
        "{log}"
    );
    let (code, log) = release_into(rows(15).as_bytes(), &out, "r-3", third, &[]);
    assert_eq!(
        code, 0,
        "once restored, the archive takes the next release: {log}"
    );

    // The sample is written only where no real release would be lost.
    let (code, log) = run(&[
        "sample",
        "--csv",
        tmp.path().join("s.csv").to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 6, "{log}");
    assert!(log.contains("which is not sample data"), "{log}");
}

/// Runs the exporter from the repository root with `vars` set in its
/// environment (and no secret key from the caller's): exit code and output.
fn run_with(args: &[&str], vars: &[(&str, &str)]) -> (i32, String) {
    let out = Command::new(EXPORTER)
        .args(args)
        .env_remove("EXPORTER_SECRET_KEY")
        .envs(vars.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run the exporter");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// A new key pair from `exporter keygen`: the secret key file and the
/// public key (`RW…`).
fn keygen(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let secret = dir.join(format!("{name}.key"));
    let public = dir.join(format!("{name}.pub"));
    let (code, log) = run(&[
        "keygen",
        "--secret-key-file",
        secret.to_str().unwrap(),
        "--public-key-file",
        public.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{log}");
    let text = std::fs::read_to_string(&public).unwrap();
    let key = text.lines().nth(1).unwrap().to_owned();
    assert!(log.contains(&key), "keygen prints the public key: {log}");
    (secret, key)
}

/// `exporter verify DIR --public-key KEY [FILE…]`.
fn verify(dir: &Path, key: &str, files: &[&str]) -> (i32, String) {
    let mut args = vec!["verify", dir.to_str().unwrap(), "--public-key", key];
    args.extend(files);
    run(&args)
}

/// A copy of a release's folder, to damage.
fn copy_release(from: &Path, to: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    to.to_owned()
}

#[test]
fn signed_releases_verify_and_each_kind_of_damage_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let first = ["2026-02-09T06:00:00Z", "2026-02-08", "2026-W05", "2026-W06"];
    let second = ["2026-02-16T06:00:00Z", "2026-02-15", "2026-W05", "2026-W06"];
    assert_eq!(
        release_into(rows(12).as_bytes(), &out, "r-1", first, &[]).0,
        0
    );
    assert_eq!(
        release_into(rows(14).as_bytes(), &out, "r-2", second, &[]).0,
        0
    );
    let index_before = std::fs::read(out.join("releases.json")).unwrap();
    let (secret, key) = keygen(tmp.path(), "team");
    let secret = secret.to_str().unwrap();
    let out_dir = out.to_str().unwrap();

    // No key, then the key from a file, then from the environment.
    let sign = |id: &str, vars: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["sign", "--out-dir", out_dir, "--release-id", id];
        args.extend(extra);
        run_with(&args, vars)
    };
    let (code, log) = sign("r-1", &[], &[]);
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("no secret key"), "{log}");
    let (code, log) = sign("r-1", &[], &["--secret-key-file", secret]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("sign: release r-1 signed with key"), "{log}");
    let key_text = std::fs::read_to_string(secret).unwrap();
    let (code, log) = sign("r-2", &[("EXPORTER_SECRET_KEY", &key_text)], &[]);
    assert_eq!(code, 0, "{log}");
    assert_eq!(
        std::fs::read(out.join("releases.json")).unwrap(),
        index_before,
        "signing leaves the index as it was"
    );
    let r1 = out.join("releases/r-1");
    let r2 = out.join("releases/r-2");
    let sums = std::fs::read_to_string(r2.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), 3, "{sums}");
    assert!(sums.ends_with("  release.json\n"), "{sums}");
    let signature = std::fs::read_to_string(r2.join("SHA256SUMS.minisig")).unwrap();
    assert!(
        signature.contains("\ntrusted comment: release:r-2 fingerprint:"),
        "{signature}"
    );

    // A valid release verifies, whole or one downloaded file.
    let (code, log) = verify(&r2, &key, &[]);
    assert_eq!(code, 0, "{log}");
    for line in ["export.csv: OK", "export.json: OK", "release.json: OK"] {
        assert!(log.contains(line), "{log}");
    }
    assert!(
        log.contains("verify: every file is as release r-2 published it"),
        "{log}"
    );
    let download = copy_release(&r2, &tmp.path().join("download"));
    std::fs::remove_file(download.join("export.json")).unwrap();
    std::fs::remove_file(download.join("release.json")).unwrap();
    let (code, log) = verify(&download, &key, &["export.csv"]);
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains("export.json"), "{log}");
    let (code, log) = verify(&download, &key, &["export.xlsx"]);
    assert_eq!(code, 8, "{log}");
    assert!(log.contains("export.xlsx is not listed in"), "{log}");

    // Each kind of damage is refused (exit 8), naming the file.
    let damaged = |name: &str, damage: &dyn Fn(&Path), message: &str| {
        let dir = copy_release(&r2, &tmp.path().join(name));
        damage(&dir);
        let (code, log) = verify(&dir, &key, &[]);
        assert_eq!(code, 8, "{name}: {log}");
        assert!(
            log.contains(message),
            "{name}: expected {message:?} in {log}"
        );
    };
    damaged(
        "one-byte",
        &|dir| {
            let path = dir.join("export.csv");
            let mut bytes = std::fs::read(&path).unwrap();
            let last = bytes.len() - 2;
            bytes[last] ^= 1;
            std::fs::write(&path, bytes).unwrap();
        },
        "export.csv does not match SHA256SUMS: its SHA-256 is",
    );
    damaged(
        "missing",
        &|dir| std::fs::remove_file(dir.join("export.json")).unwrap(),
        "export.json is missing: SHA256SUMS lists it",
    );
    damaged(
        "sums-changed",
        &|dir| {
            let path = dir.join("SHA256SUMS");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replacen("release.json", "release.jsom", 1)).unwrap();
        },
        "SHA256SUMS does not match its signature SHA256SUMS.minisig",
    );
    damaged(
        "unsigned",
        &|dir| std::fs::remove_file(dir.join("SHA256SUMS.minisig")).unwrap(),
        "SHA256SUMS.minisig is missing: the release is not signed",
    );
    for (name, files) in [
        ("other-release", &["SHA256SUMS", "SHA256SUMS.minisig"][..]),
        ("other-signature", &["SHA256SUMS.minisig"][..]),
    ] {
        damaged(
            name,
            &|dir| {
                for file in files {
                    std::fs::copy(r1.join(file), dir.join(file)).unwrap();
                }
            },
            "SHA256SUMS.minisig is the signature of release \"r-1\", but this folder holds release \"r-2\"",
        );
    }
    let (other_secret, other_key) = keygen(tmp.path(), "other");
    let (code, log) = verify(&r2, &other_key, &[]);
    assert_eq!(code, 8, "{log}");
    assert!(
        log.contains("SHA256SUMS.minisig was made with the key")
            && log.contains("not with the public key given"),
        "{log}"
    );
    let (code, log) = verify(&r2, "RWQnotakey", &[]);
    assert_eq!(code, 2, "{log}");
    assert!(
        log.contains("--public-key: not a minisign public key"),
        "{log}"
    );

    // A published signature is never replaced; the same one again is a
    // no-op. The sample key never signs a real release.
    let other_secret = other_secret.to_str().unwrap();
    let (code, log) = sign("r-1", &[], &["--secret-key-file", other_secret]);
    assert_eq!(code, 6, "{log}");
    assert!(
        log.contains("a published signature is not replaced"),
        "{log}"
    );
    let (code, log) = sign("r-1", &[], &["--secret-key-file", secret]);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("already signed with key") && log.contains(", unchanged:"),
        "{log}"
    );
    let (code, log) = sign("r-9", &[], &["--secret-key-file", secret]);
    assert_eq!(code, 6, "{log}");
    assert!(log.contains("has no release \"r-9\""), "{log}");
    std::fs::remove_file(r1.join("SHA256SUMS.minisig")).unwrap();
    let (code, log) = sign(
        "r-1",
        &[],
        &["--secret-key-file", "data/sample-signing-key.txt"],
    );
    assert_eq!(code, 6, "{log}");
    assert!(log.contains("this is the sample key"), "{log}");
}

/// The shipped sample verifies with the key the portal publishes
/// (`content/signing-key.pub`, also in the README), with `exporter verify`
/// and with the standard tools, `minisign` (installed by `make test`'s
/// tools) and `sha256sum`, as the methodology page tells readers.
#[test]
fn the_shipped_sample_verifies_with_the_published_key_and_the_standard_tools() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let published = std::fs::read_to_string(root.join("content/signing-key.pub")).unwrap();
    let key = published.lines().nth(1).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("minisign -Vm SHA256SUMS -P {key}")),
        "the README gives the published key"
    );
    let secret = std::fs::read_to_string(root.join("data/sample-signing-key.txt")).unwrap();
    assert!(
        secret.starts_with("untrusted comment: SAMPLE KEY") && secret.contains("public on purpose"),
        "the sample key says what it is"
    );
    let releases = root.join("public/data/releases");
    let mut ids: Vec<String> = std::fs::read_dir(&releases)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    ids.sort();
    assert_eq!(
        ids.len(),
        portal::exporter::sample::SAMPLE_RELEASES as usize
    );
    for id in &ids {
        let (code, log) = run(&[
            "verify",
            releases.join(id).to_str().unwrap(),
            "--public-key-file",
            "content/signing-key.pub",
        ]);
        assert_eq!(code, 0, "{log}");
        assert!(log.contains(&format!("as release {id} published")), "{log}");
    }

    let minisign = Command::new("minisign").arg("-v").output();
    let Ok(version) = minisign else {
        assert!(
            std::env::var_os("CI").is_none(),
            "minisign is missing: scripts/install-tools.sh test installs it"
        );
        eprintln!("minisign is not installed: the check with the standard tool is skipped");
        return;
    };
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("minisign"));
    let tool = |dir: &Path, program: &str, args: &[&str]| {
        let out = Command::new(program)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    for id in &ids {
        let dir = releases.join(id);
        let (ok, log) = tool(&dir, "minisign", &["-Vm", "SHA256SUMS", "-P", key]);
        assert!(ok, "{id}: {log}");
        assert!(
            log.contains("Signature and comment signature verified")
                && log.contains(&format!("Trusted comment: release:{id} fingerprint:")),
            "{id}: {log}"
        );
        let (ok, log) = tool(&dir, "sha256sum", &["-c", "SHA256SUMS"]);
        assert!(ok && log.contains("export.csv: OK"), "{id}: {log}");
    }
    // A downloaded CSV alone, then the same with one byte changed.
    let tmp = tempfile::tempdir().unwrap();
    let latest = releases.join(ids.last().unwrap());
    for file in ["export.csv", "SHA256SUMS", "SHA256SUMS.minisig"] {
        std::fs::copy(latest.join(file), tmp.path().join(file)).unwrap();
    }
    let (ok, log) = tool(tmp.path(), "minisign", &["-Vm", "SHA256SUMS", "-P", key]);
    assert!(ok, "{log}");
    let check = ["-c", "--ignore-missing", "SHA256SUMS"];
    let (ok, log) = tool(tmp.path(), "sha256sum", &check);
    assert!(ok && log.trim() == "export.csv: OK", "{log}");
    let csv = tmp.path().join("export.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replacen(",5,", ",6,", 1)).unwrap();
    let (ok, log) = tool(tmp.path(), "sha256sum", &check);
    assert!(!ok && log.contains("export.csv: FAILED"), "{log}");
    let sums = tmp.path().join("SHA256SUMS");
    let text = std::fs::read_to_string(&sums).unwrap();
    std::fs::write(&sums, text.replacen('1', "2", 1)).unwrap();
    let (ok, log) = tool(tmp.path(), "minisign", &["-Vm", "SHA256SUMS", "-P", key]);
    assert!(
        !ok && log.contains("Signature verification failed"),
        "{log}"
    );
}
