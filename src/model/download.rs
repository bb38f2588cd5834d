//! The statistics as a CSV download with a metadata header.
//!
//! The header is a block of `# key: value` lines before the column names, so
//! the file says which release it comes from wherever it travels (read it
//! with `pandas.read_csv(url, comment="#")` or DuckDB's
//! `read_csv(url, comment = '#')`). Rows are the week × region × category
//! cells, then the published totals, where `_T` stands for "all" in the
//! week, region or category column. A withheld count is written as
//! [`SUPPRESSED_SYMBOL`], never as a number.

use super::count::{Count, SUPPRESSED_SYMBOL};
use super::export::{Export, Measure, Series};
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

fn count(c: Count) -> String {
    match c {
        Count::Value(n) => n.to_string(),
        Count::Suppressed => SUPPRESSED_SYMBOL.to_owned(),
    }
}

fn metadata(export: &Export) -> String {
    let r = &export.release;
    let mut lines = vec![
        "Security Guarantees Transparency Portal: ceasefire verification statistics".to_owned(),
    ];
    if r.sample {
        lines.push("SAMPLE DATA: synthetic figures for demonstration, not real events".into());
    }
    lines.extend([
        format!("release: {}", r.release_id),
        format!(
            "generated_at: {}T{}Z",
            r.generated_at.date_naive(),
            r.generated_at.time()
        ),
        format!("data_as_of: {}", r.data_as_of),
        format!("period: {} to {}", r.first_week, r.last_week),
        format!("sample: {}", r.sample),
        format!("methodology_version: {}", r.methodology_version),
        format!("k: {}", r.k),
        format!(
            "suppressed: {SUPPRESSED_SYMBOL} = withheld to protect people (a count from 1 to {}, or one that would reveal such a count)",
            r.k - 1
        ),
        format!("totals: {TOTAL_CODE} in week, region or category = all of them; a sum over cells that include {SUPPRESSED_SYMBOL} is a lower bound, use the published totals"),
        "attributed_*: concluded cases by attribution outcome, published in the totals only".into(),
        format!("licence: {}", r.licence),
        format!("sha256: {}", r.sha256),
    ]);
    lines.iter().map(|l| format!("# {l}\n")).collect()
}

/// The whole export as CSV: metadata header, the cells, then the totals.
pub fn export_csv(export: &Export) -> String {
    let mut out = metadata(export);
    let outcomes: Vec<&str> = export.outcomes.iter().map(|o| o.code.as_str()).collect();
    out.push_str(
        "week,region,region_name,category,category_label,reported,verified,referred,concluded",
    );
    for code in &outcomes {
        let _ = write!(out, ",attributed_{code}");
    }
    out.push('\n');
    let en = |t: &super::text::Translations| t.get(&Lang::En).cloned().unwrap_or_default();
    let regions: Vec<(String, String)> = export
        .regions
        .iter()
        .map(|r| (r.code.clone(), field(&en(&r.name))))
        .collect();
    let categories: Vec<(String, String)> = export
        .categories
        .iter()
        .map(|c| (c.code.clone(), field(&en(&c.label))))
        .collect();
    let all = (TOTAL_CODE.to_owned(), String::new());
    let mut row = |week: &str,
                   region: &(String, String),
                   category: &(String, String),
                   counts: [Count; 4],
                   attributed: Option<Vec<Count>>| {
        let _ = write!(
            out,
            "{week},{},{},{},{}",
            region.0, region.1, category.0, category.1
        );
        for c in counts {
            let _ = write!(out, ",{}", count(c));
        }
        match attributed {
            Some(values) => values.into_iter().for_each(|c| {
                let _ = write!(out, ",{}", count(c));
            }),
            None => out.push_str(&",".repeat(outcomes.len())),
        }
        out.push('\n');
    };
    let weeks: Vec<String> = (0..export.week_count() as u32)
        .map(|w| export.release.first_week.plus(w).to_string())
        .collect();
    for (w, week) in weeks.iter().enumerate() {
        for (r, region) in regions.iter().enumerate() {
            for (c, category) in categories.iter().enumerate() {
                let i = export.cell_index(w, r, c);
                row(
                    week,
                    region,
                    category,
                    Measure::ALL.map(|m| export.cells.measure(m)[i]),
                    None,
                );
            }
        }
    }
    let margin = |series: &Series, i: usize| {
        (
            Measure::ALL.map(|m| series.measure(m)[i]),
            Some(outcomes.iter().map(|o| series.attributed[*o][i]).collect()),
        )
    };
    let m = &export.margins;
    for (w, week) in weeks.iter().enumerate() {
        let (counts, attributed) = margin(&m.by_week, w);
        row(week, &all, &all, counts, attributed);
    }
    for (r, region) in regions.iter().enumerate() {
        let (counts, attributed) = margin(&m.by_region, r);
        row(TOTAL_CODE, region, &all, counts, attributed);
    }
    for (c, category) in categories.iter().enumerate() {
        let (counts, attributed) = margin(&m.by_category, c);
        row(TOTAL_CODE, &all, category, counts, attributed);
    }
    let (counts, attributed) = margin(&m.total, 0);
    row(TOTAL_CODE, &all, &all, counts, attributed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_defused() {
        assert_eq!(field("Kyiv"), "Kyiv");
        assert_eq!(field("Kyiv, city"), "\"Kyiv, city\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
