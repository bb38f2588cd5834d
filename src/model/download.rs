//! The statistics as downloads with their metadata: the whole export as
//! CSV, and one view (a filter) as CSV or JSON.
//!
//! The header is a block of `# key: value` lines before the column names, so
//! the file says which release it comes from wherever it travels (read it
//! with `pandas.read_csv(url, comment="#")` or DuckDB's
//! `read_csv(url, comment = '#')`). Rows are the week × region × category
//! cells, then the published totals, where `_T` stands for "all" in the
//! week, region or category column. A withheld count is written as
//! [`SUPPRESSED_SYMBOL`], never as a number.

use super::count::{Count, Total, SUPPRESSED_SYMBOL};
use super::export::{Export, Measure, Series};
use super::json_writer::JsonWriter;
use super::query::{Query, Selection};
use super::Lang;
use std::fmt::Write;

/// The code that stands for "all weeks", "all regions" or "all categories".
pub const TOTAL_CODE: &str = "_T";

/// One CSV field: quoted when it holds a separator, quote or line break, and
/// with a leading apostrophe when a spreadsheet would read it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// When the release was generated, as the export writes it
/// (`2026-11-23T06:00:00Z`).
fn timestamp(r: &super::export::ExportRelease) -> String {
    format!("{}T{}Z", r.generated_at.date_naive(), r.generated_at.time())
}

fn count(c: Count) -> String {
    match c {
        Count::Value(n) => n.to_string(),
        Count::Suppressed => SUPPRESSED_SYMBOL.to_owned(),
    }
}

fn total(t: Total) -> String {
    match t {
        Total::Exact(n) => n.to_string(),
        Total::AtLeast(0) => SUPPRESSED_SYMBOL.to_owned(),
        Total::AtLeast(n) => format!(">={n}"),
    }
}

/// The `# key: value` header; `filter` for a download of one view.
pub(crate) fn metadata(export: &Export, filter: Option<&str>) -> String {
    let r = &export.release;
    let mut lines = vec![
        "Security Guarantees Transparency Portal: ceasefire verification statistics".to_owned(),
    ];
    if r.sample {
        lines.push("SAMPLE DATA: synthetic figures for demonstration, not real events".into());
    }
    lines.extend([
        format!("release: {}", r.release_id),
        format!("generated_at: {}", timestamp(r)),
        format!("data_as_of: {}", r.data_as_of),
        format!("period: {} to {}", r.first_week, r.last_week),
        format!("sample: {}", r.sample),
        format!("methodology_version: {}", r.methodology_version),
        format!("k: {}", r.k),
        format!(
            "suppressed: {SUPPRESSED_SYMBOL} = withheld to protect people (a count from 1 to {}, or one that would reveal such a count)",
            r.k - 1
        ),
    ]);
    match filter {
        None => lines.extend([
            format!("totals: {TOTAL_CODE} in week, region or category = all of them; a sum over cells that include {SUPPRESSED_SYMBOL} is a lower bound, use the published totals"),
            "attributed_*: concluded cases by attribution outcome, published in the totals only".into(),
        ]),
        Some(filter) => lines.extend([
            format!("filter: {}", if filter.is_empty() { "none (the whole release)" } else { filter }),
            format!("totals: the last row ({TOTAL_CODE}) is this view's total; >=N means at least N (the sum includes withheld counts)"),
            "attributed_*: concluded cases by attribution outcome, given only where a published total covers the view".into(),
        ]),
    }
    lines.extend([
        format!("licence: {}", r.licence),
        format!("sha256: {}", r.sha256),
    ]);
    lines.iter().map(|l| format!("# {l}\n")).collect()
}

/// The columns of both CSV downloads, before one `attributed_{outcome}`
/// column per outcome of the export.
pub const CSV_COLUMNS: &str =
    "week,region,region_name,category,category_label,reported,verified,referred,concluded";

/// Writes the CSV rows, in the one column layout of both downloads.
struct Table<'a> {
    export: &'a Export,
    out: String,
    regions: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    weeks: Vec<String>,
}

impl<'a> Table<'a> {
    fn new(export: &'a Export, filter: Option<&str>) -> Table<'a> {
        let mut out = metadata(export, filter);
        out.push_str(CSV_COLUMNS);
        for o in &export.outcomes {
            let _ = write!(out, ",attributed_{}", o.code);
        }
        out.push('\n');
        let en = |t: &super::text::Translations| field(t.get(&Lang::En).map_or("", String::as_str));
        Table {
            regions: export
                .regions
                .iter()
                .map(|r| (r.code.clone(), en(&r.name)))
                .collect(),
            categories: export
                .categories
                .iter()
                .map(|c| (c.code.clone(), en(&c.label)))
                .collect(),
            weeks: export.weeks().map(|w| w.to_string()).collect(),
            export,
            out,
        }
    }

    /// One row; `None` for "all" in a column.
    fn row(
        &mut self,
        week: Option<usize>,
        region: Option<usize>,
        category: Option<usize>,
        figures: [String; 4],
        attributed: Option<Vec<String>>,
    ) {
        let all = (TOTAL_CODE.to_owned(), String::new());
        let week = week.map_or(TOTAL_CODE, |w| self.weeks[w].as_str());
        let region = region.map_or(&all, |r| &self.regions[r]);
        let category = category.map_or(&all, |c| &self.categories[c]);
        let _ = write!(
            self.out,
            "{week},{},{},{},{}",
            region.0, region.1, category.0, category.1
        );
        for figure in figures {
            let _ = write!(self.out, ",{figure}");
        }
        match attributed {
            Some(values) => values.iter().for_each(|v| {
                let _ = write!(self.out, ",{v}");
            }),
            None => self.out.push_str(&",".repeat(self.export.outcomes.len())),
        }
        self.out.push('\n');
    }

    /// The week × region × category cells of `selection`.
    fn cells(&mut self, selection: &Selection) {
        let export = self.export;
        for w in selection.weeks.clone() {
            for &r in &selection.regions {
                for &c in &selection.categories {
                    let i = export.cell_index(w, r, c);
                    let figures = Measure::ALL.map(|m| count(export.cells.measure(m)[i]));
                    self.row(Some(w), Some(r), Some(c), figures, None);
                }
            }
        }
    }

    /// The published totals of `series` at `i`.
    fn margin(&mut self, series: &Series, i: usize, at: [Option<usize>; 3]) {
        let figures = Measure::ALL.map(|m| count(series.measure(m)[i]));
        let attributed = self
            .export
            .outcomes
            .iter()
            .map(|o| {
                series
                    .attributed
                    .get(&o.code)
                    .map_or(String::new(), |a| count(a[i]))
            })
            .collect();
        self.row(at[0], at[1], at[2], figures, Some(attributed));
    }
}

/// The whole export as CSV: metadata header, the cells, then the totals.
pub fn export_csv(export: &Export) -> String {
    let mut table = Table::new(export, None);
    table.cells(&Query::default().resolve(export));
    let m = &export.margins;
    for w in 0..export.week_count() {
        table.margin(&m.by_week, w, [Some(w), None, None]);
    }
    for r in 0..export.regions.len() {
        table.margin(&m.by_region, r, [None, Some(r), None]);
    }
    for c in 0..export.categories.len() {
        table.margin(&m.by_category, c, [None, None, Some(c)]);
    }
    table.margin(&m.total, 0, [None, None, None]);
    table.out
}

/// One view of the statistics (`query`) as CSV: the header with the
/// filter, the selected cells, then the view's totals.
pub fn view_csv(export: &Export, query: &Query) -> String {
    let mut table = Table::new(export, Some(&query.to_query_string()));
    let selection = query.resolve(export);
    table.cells(&selection);
    let report = export.report(&selection);
    let attributed = report
        .attributed
        .map(|totals| totals.into_iter().map(total).collect());
    table.row(None, None, None, report.funnel.map(total), attributed);
    table.out
}

/// A figure: a number when exact, else `{"at_least": n}`, or
/// `{"withheld": true}` when nothing of it is published.
fn write_total(j: &mut JsonWriter, t: Total) {
    match t {
        Total::Exact(n) => j.number(n),
        Total::AtLeast(n) => {
            j.open('{');
            if n == 0 {
                j.key("withheld");
                j.raw("true");
            } else {
                j.key("at_least");
                j.number(n);
            }
            j.close('}');
        }
    }
}

/// One view of the statistics (`query`) as JSON: the release's metadata,
/// the filter, and the figures the page shows for it. Keys are in
/// alphabetical order, as serde_json's maps wrote them.
pub fn view_json(export: &Export, query: &Query) -> String {
    let r = &export.release;
    let selection = query.resolve(export);
    let report = export.report(&selection);
    let en = |t: &super::text::Translations| t.get(&Lang::En).cloned().unwrap_or_default();
    let mut writer = JsonWriter::pretty();
    let j = &mut writer;
    j.open('{');
    j.key("attributed");
    match &report.attributed {
        None => j.raw("null"),
        Some(totals) => {
            j.open('[');
            for (o, &t) in export.outcomes.iter().zip(totals) {
                j.item();
                j.open('{');
                j.key("concluded");
                write_total(j, t);
                j.field("label", &en(&o.label));
                j.field("outcome", &o.code);
                j.close('}');
            }
            j.close(']');
        }
    }
    j.field("data_as_of", &r.data_as_of.to_string());
    j.field("filter", &query.to_query_string());
    j.key("funnel");
    j.open('{');
    for (name, i) in [
        ("concluded", 3),
        ("referred", 2),
        ("reported", 0),
        ("verified", 1),
    ] {
        j.key(name);
        write_total(j, report.funnel[i]);
    }
    j.close('}');
    j.field("generated_at", &timestamp(r));
    j.key("k");
    j.number(r.k);
    j.field("licence", &r.licence);
    j.field("methodology_version", &r.methodology_version);
    j.field("release", &r.release_id);
    j.key("reported_by_category");
    j.open('[');
    for &(i, t) in &report.by_category {
        j.item();
        j.open('{');
        j.field("category", &export.categories[i].code);
        j.field("label", &en(&export.categories[i].label));
        j.key("reported");
        write_total(j, t);
        j.close('}');
    }
    j.close(']');
    j.key("reported_by_region");
    j.open('[');
    for &(i, t) in &report.by_region {
        j.item();
        j.open('{');
        j.field("name", &en(&export.regions[i].name));
        j.field("region", &export.regions[i].code);
        j.key("reported");
        write_total(j, t);
        j.close('}');
    }
    j.close(']');
    j.key("reported_by_week");
    j.open('[');
    for (w, t) in &report.weekly {
        j.item();
        j.open('{');
        j.key("reported");
        write_total(j, *t);
        j.field("week", &w.to_string());
        j.close('}');
    }
    j.close(']');
    j.key("sample");
    j.raw(if r.sample { "true" } else { "false" });
    j.field("sha256", &r.sha256);
    j.field(
        "suppressed",
        "withheld to protect people: a count from 1 to k - 1, or one that would reveal such a count",
    );
    j.field(
        "title",
        "Security Guarantees Transparency Portal: ceasefire verification statistics",
    );
    j.key("weeks");
    j.open('[');
    for w in [selection.weeks.start, selection.weeks.end.saturating_sub(1)] {
        j.item();
        j.string(&r.first_week.plus(w as u32).to_string());
    }
    j.close(']');
    j.close('}');
    writer.finish() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A figure as the JSON download writes it, read back.
    fn total_json(t: Total) -> Value {
        let mut j = JsonWriter::compact();
        write_total(&mut j, t);
        serde_json::from_str(&j.finish()).unwrap()
    }

    #[test]
    fn a_view_as_csv_has_its_filter_its_cells_and_its_total() {
        let e = Export::shipped_sample();
        let (query, _) = Query::parse("period=last-4&region=UA-14,UA-09", &e);
        let csv = view_csv(&e, &query);
        assert!(
            csv.contains("# filter: period=last-4&region=UA-09,UA-14\n"),
            "{csv}"
        );
        assert!(csv.contains("# SAMPLE DATA"));
        assert!(csv.contains(&format!("# release: {}\n", e.release.release_id)));
        let rows: Vec<&str> = csv.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rows.len(), 1 + 4 * 2 * e.categories.len() + 1);
        let selection = query.resolve(&e);
        let report = e.report(&selection);
        let last: Vec<&str> = rows.last().unwrap().split(',').collect();
        assert_eq!(&last[..3], ["_T", "_T", ""]);
        assert_eq!(last[5..9], report.funnel.map(total));
        for row in &rows[1..rows.len() - 1] {
            let fields: Vec<&str> = row.split(',').collect();
            assert!(["UA-09", "UA-14"].contains(&fields[1]), "{row}");
            for figure in &fields[5..9] {
                assert!(*figure == "x" || figure.parse::<u32>().is_ok(), "{row}");
            }
        }
        assert!(
            rows.iter().any(|r| r.contains(",x")),
            "the sample withholds some of these cells"
        );
    }

    #[test]
    fn a_view_as_json_gives_bounds_as_bounds() {
        let e = Export::shipped_sample();
        let (query, _) = Query::parse("category=small-arms,mortar", &e);
        let json: Value = serde_json::from_str(&view_json(&e, &query)).unwrap();
        assert_eq!(json["filter"], "category=mortar,small-arms");
        assert_eq!(json["sample"], true);
        assert_eq!(json["k"], e.release.k);
        let report = e.report(&query.resolve(&e));
        assert_eq!(json["funnel"]["reported"], total_json(report.funnel[0]));
        assert_eq!(
            json["reported_by_week"].as_array().unwrap().len(),
            e.week_count()
        );
        assert_eq!(
            json["reported_by_region"].as_array().unwrap().len(),
            e.regions.len()
        );
        assert!(
            json["attributed"].is_array(),
            "one dimension narrowed: published"
        );
        let (two, _) = Query::parse("period=last-12&category=mortar", &e);
        let json: Value = serde_json::from_str(&view_json(&e, &two)).unwrap();
        assert!(
            json["attributed"].is_null(),
            "two dimensions narrowed: not published"
        );
        assert_eq!(total_json(Total::AtLeast(140)), json!({ "at_least": 140 }));
        assert_eq!(total_json(Total::AtLeast(0)), json!({ "withheld": true }));
        assert_eq!(total_json(Total::Exact(7)), json!(7));
    }

    #[test]
    fn the_view_json_is_what_serde_json_writes() {
        let export = Export::shipped_sample();
        for q in [
            "",
            "period=last-12",
            "period=last-4&region=UA-14&category=mortar&sort=name-asc",
        ] {
            let (query, _) = Query::parse(q, &export);
            let written = view_json(&export, &query);
            let value: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(
                serde_json::to_string_pretty(&value).unwrap() + "\n",
                written,
                "{q}"
            );
            assert_eq!(
                value["generated_at"],
                serde_json::to_value(export.release.generated_at).unwrap()
            );
        }
    }

    #[test]
    fn fields_are_quoted_and_defused() {
        assert_eq!(field("Kyiv"), "Kyiv");
        assert_eq!(field("Kyiv, city"), "\"Kyiv, city\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
