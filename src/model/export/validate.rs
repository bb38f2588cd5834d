//! Validation of an export: what the types cannot say. Every error names
//! the JSON path of the figure it refuses and why.
//!
//! The sum audits (cells against margins, margins against each other, open
//! cases against referred and concluded ones) run on every target, the
//! browser included, on purpose: the explorer loads an export that the
//! prerender did not see (a newer or an archived release), and it must reach
//! the verdict the exporter and the prerender reach natively on the same
//! bytes, not show figures that a native check would refuse.

use super::types::{
    measure_name, Export, Measure, MAX_CATEGORIES, MAX_OUTCOMES, MAX_WEEKS, UNDETERMINED,
};
use crate::model::age::{week_bands, AGE_BANDS};
use crate::model::count::{Count, MAX_CELL_COUNT};
use crate::model::error::DataError;
use crate::model::region::is_region_code;
use crate::model::release::{check_data_as_of, check_release_id, check_sha256};
use crate::model::text::{check_code, check_text, check_translations, invalid};

/// Refuses a published count of `counts` (the array at `path`) from 1 to
/// k − 1: the figures a release exists to withhold. Zero is always
/// published, so every other count is at least k.
fn below_k(path: &dyn Fn() -> String, counts: &[Count], k: u32) -> Result<(), DataError> {
    for (i, &count) in counts.iter().enumerate() {
        if let Count::Value(n @ 1..) = count {
            if n < k {
                return Err(invalid(
                    format!("{}[{i}]", path()),
                    format!(
                        "{n} is published, but a count from 1 to {} must be withheld (k = {k})",
                        k - 1
                    ),
                ));
            }
        }
    }
    Ok(())
}

impl Export {
    /// The release's `sha256` must be `actual`, the fingerprint of what
    /// the file holds: a figure changed after the release was
    /// fingerprinted, or a fingerprint copied from another release, is
    /// refused.
    pub fn check_fingerprint(&self, actual: &str) -> Result<(), DataError> {
        if actual == self.release.sha256 {
            return Ok(());
        }
        Err(invalid(
            "$.release.sha256",
            format!(
                "is not the fingerprint of this file's content, which is {actual}: the figures were changed after the release was fingerprinted, or the fingerprint is another release's"
            ),
        ))
    }

    /// Checks everything the reader (`read.rs`) cannot see in a
    /// field alone: the release, the dimensions, every array's length,
    /// that no count from 1 to k − 1 is published, the sum audits, and
    /// natively the fingerprint (the browser checks it with its own
    /// `crypto.subtle`, see `api.rs`).
    pub(super) fn validate(&self) -> Result<(), DataError> {
        self.validate_release()?;
        self.validate_dimensions()?;
        let (weeks, regions, categories) =
            (self.week_count(), self.regions.len(), self.categories.len());
        let k = self.release.k;
        for measure in Measure::ALL {
            let cells = self.cells.measure(measure);
            let path = || format!("$.cells.{}", measure_name(measure));
            if cells.len() != weeks * regions * categories {
                return Err(invalid(
                    path(),
                    format!(
                        "has {} counts, expected {}",
                        cells.len(),
                        weeks * regions * categories
                    ),
                ));
            }
            below_k(&path, cells, k)?;
        }
        let mut expected: Vec<&str> = self.outcomes.iter().map(|o| o.code.as_str()).collect();
        crate::model::sort_small(&mut expected, &|a, b| a < b);
        for (kind, series, len) in self.margin_kinds() {
            let path = format!("$.margins.{kind}");
            let keys: Vec<&str> = series.attributed.keys().map(String::as_str).collect();
            if keys != expected {
                return Err(invalid(
                    format!("{path}.attributed"),
                    format!("has outcomes {keys:?}, expected {expected:?}"),
                ));
            }
            for (name, counts) in series.arrays() {
                if counts.len() != len {
                    return Err(invalid(
                        format!("{path}.{name}"),
                        format!("has {} counts, expected {len}", counts.len()),
                    ));
                }
                below_k(&|| format!("{path}.{name}"), counts, k)?;
            }
        }
        self.validate_open_by_age_shape()?;
        self.validate_cell_sums()?;
        self.validate_margin_sums()?;
        self.validate_open_by_age_sums()?;
        #[cfg(not(target_arch = "wasm32"))]
        self.check_fingerprint(&self.fingerprint())?;
        Ok(())
    }

    fn validate_release(&self) -> Result<(), DataError> {
        let r = &self.release;
        check_release_id("$.release.release_id", &r.release_id)?;
        check_data_as_of("$.release.data_as_of", r.data_as_of, r.generated_at)?;
        let weeks = r.first_week.count_to(r.last_week);
        if weeks == 0 {
            return Err(invalid(
                "$.release.last_week",
                format!("{} is before first_week {}", r.last_week, r.first_week),
            ));
        }
        if weeks > MAX_WEEKS {
            return Err(invalid(
                "$.release.last_week",
                format!("the period has {weeks} weeks, more than {MAX_WEEKS}"),
            ));
        }
        if r.last_week.monday() > r.data_as_of {
            return Err(invalid(
                "$.release.last_week",
                format!("{} starts after data_as_of {}", r.last_week, r.data_as_of),
            ));
        }
        if !(2..=100).contains(&r.k) {
            return Err(invalid(
                "$.release.k",
                format!("{} is outside 2 to 100", r.k),
            ));
        }
        check_text("$.release.methodology_version", &r.methodology_version)?;
        check_text("$.release.licence", &r.licence)?;
        check_sha256("$.release.sha256", &r.sha256)
    }

    fn validate_dimensions(&self) -> Result<(), DataError> {
        if self.regions.is_empty() || self.categories.is_empty() {
            return Err(invalid("$", "needs at least one region and one category"));
        }
        for (path, count, max) in [
            ("$.categories", self.categories.len(), MAX_CATEGORIES),
            ("$.outcomes", self.outcomes.len(), MAX_OUTCOMES),
        ] {
            if count > max {
                return Err(invalid(
                    path,
                    format!("has {count} entries, more than the {max} allowed"),
                ));
            }
        }
        let mut seen = Vec::new();
        for (i, region) in self.regions.iter().enumerate() {
            let path = format!("$.regions[{i}]");
            if !is_region_code(&region.code) {
                return Err(invalid(
                    format!("{path}.code"),
                    format!("{:?} is not an ISO 3166-2:UA code", region.code),
                ));
            }
            if seen.contains(&region.code) {
                return Err(invalid(
                    format!("{path}.code"),
                    format!("duplicate code {:?}", region.code),
                ));
            }
            seen.push(region.code.clone());
            check_translations(&format!("{path}.name"), &region.name)?;
        }
        let mut seen = Vec::new();
        for (i, category) in self.categories.iter().enumerate() {
            let path = format!("$.categories[{i}]");
            check_code(&format!("{path}.code"), &category.code, &mut seen)?;
            check_translations(&format!("{path}.label"), &category.label)?;
            check_translations(&format!("{path}.description"), &category.description)?;
        }
        let mut seen = Vec::new();
        for (i, outcome) in self.outcomes.iter().enumerate() {
            let path = format!("$.outcomes[{i}]");
            check_code(&format!("{path}.code"), &outcome.code, &mut seen)?;
            check_translations(&format!("{path}.label"), &outcome.label)?;
        }
        if !seen.iter().any(|c| c == UNDETERMINED) {
            return Err(invalid("$.outcomes", format!("lacks {UNDETERMINED:?}")));
        }
        Ok(())
    }

    /// Each published margin must agree with its cells: equal to their sum
    /// when all are published, at least the published part otherwise, and
    /// never published beside exactly one withheld cell (which it would
    /// reveal by subtraction).
    fn validate_cell_sums(&self) -> Result<(), DataError> {
        let (weeks, regions, categories) =
            (self.week_count(), self.regions.len(), self.categories.len());
        let m = &self.margins;
        for measure in Measure::ALL {
            let cells = self.cells.measure(measure);
            let too_large = cells.iter().enumerate().find_map(|(i, c)| match c {
                Count::Value(n) if *n > MAX_CELL_COUNT => Some((i, *n)),
                _ => None,
            });
            if let Some((i, n)) = too_large {
                return Err(invalid(
                    format!("$.cells.{}[{i}]", measure_name(measure)),
                    format!(
                        "count {n} is larger than {MAX_CELL_COUNT}, more than any week in one region"
                    ),
                ));
            }
            let mut week_sums = vec![Sum::default(); weeks];
            let mut region_sums = vec![Sum::default(); regions];
            let mut category_sums = vec![Sum::default(); categories];
            // In the cells' own order (see `cell_index`), one row of
            // categories at a time: no index to compute or check per cell.
            let week_len = (regions * categories).max(1);
            for (week, week_sum) in cells.chunks_exact(week_len).zip(&mut week_sums) {
                for (row, region_sum) in week.chunks_exact(categories.max(1)).zip(&mut region_sums)
                {
                    let mut row_sum = Sum::default();
                    for (&count, category_sum) in row.iter().zip(&mut category_sums) {
                        category_sum.add(count);
                        row_sum.add(count);
                    }
                    region_sum.merge(row_sum);
                    week_sum.merge(row_sum);
                }
            }
            let mut grand = Sum::default();
            week_sums.iter().for_each(|&sum| grand.merge(sum));
            let name = measure_name(measure);
            let checks = [
                ("by_week", m.by_week.measure(measure), week_sums),
                ("by_region", m.by_region.measure(measure), region_sums),
                ("by_category", m.by_category.measure(measure), category_sums),
                ("total", m.total.measure(measure), vec![grand]),
            ];
            for (margin, published, sums) in checks {
                for (i, (count, sum)) in published.iter().zip(sums).enumerate() {
                    sum.check(&|| format!("$.margins.{margin}.{name}[{i}]"), *count)?;
                }
            }
        }
        Ok(())
    }

    /// The margins among themselves: each kind of margin adds up to the
    /// total, and at every margin the outcomes add up to the concluded cases.
    fn validate_margin_sums(&self) -> Result<(), DataError> {
        let total = &self.margins.total;
        for (name, totals) in total.arrays() {
            for (kind, series, _) in &self.margin_kinds()[..3] {
                let entries = series
                    .arrays()
                    .find(|(n, _)| *n == name)
                    .map(|(_, c)| c)
                    .unwrap_or_default();
                let mut sum = Sum::default();
                entries.iter().for_each(|c| sum.add(*c));
                sum.check(
                    &|| format!("$.margins.total.{name}[0] (from {kind})"),
                    totals[0],
                )?;
            }
        }
        for (kind, series, len) in self.margin_kinds() {
            for j in 0..len {
                let mut sum = Sum::default();
                series
                    .attributed
                    .values()
                    .for_each(|counts| sum.add(counts[j]));
                sum.check(
                    &|| format!("$.margins.{kind}.concluded[{j}] (from attributed)"),
                    series.measures.concluded[j],
                )?;
            }
        }
        Ok(())
    }

    /// The bands as the portal defines them, and arrays of the right length.
    fn validate_open_by_age_shape(&self) -> Result<(), DataError> {
        let Some(open) = &self.open_by_age else {
            return Ok(());
        };
        if open.bands.len() != AGE_BANDS.len() {
            return Err(invalid(
                "$.open_by_age.bands",
                format!(
                    "has {} bands, expected {}",
                    open.bands.len(),
                    AGE_BANDS.len()
                ),
            ));
        }
        if let Some(i) = (0..AGE_BANDS.len()).find(|&i| open.bands[i] != AGE_BANDS[i]) {
            return Err(invalid(
                format!("$.open_by_age.bands[{i}]"),
                format!("must be {}, as the portal defines its bands", AGE_BANDS[i]),
            ));
        }
        let mut expected: Vec<&str> = AGE_BANDS.iter().map(|b| b.code.as_ref()).collect();
        crate::model::sort_small(&mut expected, &|a, b| a < b);
        let regions = self.regions.len();
        for (kind, series, len) in [
            ("by_region", &open.by_region, regions),
            ("total", &open.total, 1),
        ] {
            let keys: Vec<&str> = series.keys().map(String::as_str).collect();
            if keys != expected {
                return Err(invalid(
                    format!("$.open_by_age.{kind}"),
                    format!("has bands {keys:?}, expected {expected:?}"),
                ));
            }
            for (code, counts) in series {
                if counts.len() != len {
                    return Err(invalid(
                        format!("$.open_by_age.{kind}.{code}"),
                        format!("has {} counts, expected {len}", counts.len()),
                    ));
                }
                below_k(
                    &|| format!("$.open_by_age.{kind}.{code}"),
                    counts,
                    self.release.k,
                )?;
            }
        }
        Ok(())
    }

    /// The equations that tie open cases to referred and concluded ones
    /// (referred = open + concluded, over each band's weeks) and to each
    /// other (the regions of a band add up to its total): true where all
    /// terms are published, possible where some are not, and never with
    /// exactly one withheld term, which the others would reveal.
    fn validate_open_by_age_sums(&self) -> Result<(), DataError> {
        let Some(open) = &self.open_by_age else {
            return Ok(());
        };
        let (weeks, regions, categories) =
            (self.week_count(), self.regions.len(), self.categories.len());
        let bands = week_bands(self.release.first_week, weeks, self.release.data_as_of);
        let band_count = AGE_BANDS.len();
        let (cells, m) = (&self.cells, &self.margins);
        // Per band and region: its referred and concluded cells.
        let mut slabs = vec![Balance::default(); band_count * regions];
        for w in 0..weeks {
            for r in 0..regions {
                let slab = &mut slabs[bands[w] * regions + r];
                for c in 0..categories {
                    let i = self.cell_index(w, r, c);
                    slab.referred.add(cells.referred[i]);
                    slab.rest.add(cells.concluded[i]);
                }
            }
        }
        let mut across_regions = vec![Balance::default(); regions];
        let mut across_total = Balance::default();
        for (b, band) in AGE_BANDS.iter().enumerate() {
            let code = band.code.as_ref();
            // The shape check has found every band, with one total.
            let (Some(by_region), Some(&[total])) = (
                open.by_region.get(code),
                open.total.get(code).map(Vec::as_slice),
            ) else {
                continue;
            };
            let mut from_weeks = Balance::default();
            for w in (0..weeks).filter(|&w| bands[w] == b) {
                from_weeks.referred.add(m.by_week.measures.referred[w]);
                from_weeks.rest.add(m.by_week.measures.concluded[w]);
            }
            from_weeks.rest.add(total);
            from_weeks.check(&|| format!("$.open_by_age.total.{code}[0] (from by_week)"))?;
            let mut from_regions = Sum::default();
            for (r, &count) in by_region.iter().enumerate() {
                let mut slab = slabs[b * regions + r];
                slab.rest.add(count);
                slab.check(&|| format!("$.open_by_age.by_region.{code}[{r}] (from cells)"))?;
                from_regions.add(count);
                across_regions[r].rest.add(count);
            }
            from_regions.check(
                &|| format!("$.open_by_age.total.{code}[0] (from by_region)"),
                total,
            )?;
            across_total.rest.add(total);
        }
        for (r, mut balance) in across_regions.into_iter().enumerate() {
            balance.referred.add(m.by_region.measures.referred[r]);
            balance.rest.add(m.by_region.measures.concluded[r]);
            balance.check(&|| format!("$.open_by_age.by_region.*[{r}]"))?;
        }
        across_total.referred.add(m.total.measures.referred[0]);
        across_total.rest.add(m.total.measures.concluded[0]);
        across_total.check(&|| "$.open_by_age.total.*[0]".to_owned())
    }
}

/// The equation referred = open + concluded over some cells, as published.
#[derive(Debug, Clone, Copy, Default)]
struct Balance {
    referred: Sum,
    /// Open and concluded cases.
    rest: Sum,
}

impl Balance {
    /// `path` names the published figure checked, formatted only for an
    /// error.
    fn check(self, path: &dyn Fn() -> String) -> Result<(), DataError> {
        let (referred, rest) = (self.referred, self.rest);
        match (referred.suppressed, rest.suppressed) {
            (0, 0) if referred.known != rest.known => Err(invalid(
                path(),
                format!(
                    "open and concluded cases add up to {}, but {} were referred",
                    rest.known, referred.known
                ),
            )),
            (0, 1) | (1, 0) => Err(invalid(
                path(),
                "referred = open + concluded has exactly one withheld term here, which the others would reveal",
            )),
            (0, _) if rest.known > referred.known => Err(invalid(
                path(),
                format!(
                    "open and concluded cases add up to at least {}, but {} were referred",
                    rest.known, referred.known
                ),
            )),
            (_, 0) if referred.known > rest.known => Err(invalid(
                path(),
                format!(
                    "at least {} cases were referred, but open and concluded ones add up to {}",
                    referred.known, rest.known
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// The cells under one margin: the sum of the published ones and how many
/// are suppressed.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    known: u64,
    suppressed: usize,
}

impl Sum {
    fn add(&mut self, count: Count) {
        match count {
            Count::Value(n) => self.known += u64::from(n),
            Count::Suppressed => self.suppressed += 1,
        }
    }

    fn merge(&mut self, other: Sum) {
        self.known += other.known;
        self.suppressed += other.suppressed;
    }

    /// Whether `margin` agrees with the cells under it; `path` names it in
    /// the error (written only then: an export has thousands of margins).
    fn check(self, path: &dyn Fn() -> String, margin: Count) -> Result<(), DataError> {
        let Count::Value(published) = margin else {
            return Ok(());
        };
        let published = u64::from(published);
        match self.suppressed {
            0 if self.known != published => Err(invalid(
                path(),
                format!("is {published} but its cells add up to {}", self.known),
            )),
            1 => Err(invalid(
                path(),
                "is published beside exactly one withheld term, which it would reveal",
            )),
            _ if self.known > published => Err(invalid(
                path(),
                format!(
                    "is {published}, less than its published cells' {}",
                    self.known
                ),
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{sealed, valid, with_open};
    use super::*;
    use crate::model::export::MAX_EXPORT_BYTES;
    use serde_json::{json, Value};

    fn error_of(export: &Value) -> String {
        Export::parse(&export.to_string()).unwrap_err().to_string()
    }

    #[test]
    fn a_consistent_export_parses() {
        let export = Export::parse(&valid().to_string()).unwrap();
        assert_eq!(export.week_count(), 2);
        assert_eq!(
            export.cells.reported[export.cell_index(1, 0, 1)],
            Count::Value(20)
        );
        assert_eq!(
            export.margins.total.measures.reported,
            vec![Count::Value(105)]
        );
    }

    #[test]
    fn counts_are_checked_with_their_json_path() {
        let mut e = valid();
        e["cells"]["reported"][3] = json!(-2);
        // The JSON path and the reason.
        assert_eq!(error_of(&e), "$.cells.reported[3]: count is negative");
        e["cells"]["reported"][3] = json!(1.5);
        assert!(error_of(&e).starts_with("$.cells.reported[3]: count is not a whole number"));
        e["cells"]["reported"][3] = json!(5_000_000);
        assert!(
            error_of(&e).starts_with("$.cells.reported[3]: count 5000000 is larger than 1000000")
        );
        e["cells"]["reported"][3] = json!(5_000_000_000u64);
        assert!(error_of(&e).contains("larger than 1000000000"));
    }

    #[test]
    fn versions_codes_and_dates_are_checked() {
        let mut e = valid();
        e["schema_version"] = json!(2);
        assert!(error_of(&e).contains("schema_version 2 is not supported"));
        let mut e = valid();
        e["regions"][1]["code"] = json!("UA-99");
        assert_eq!(
            error_of(&e),
            "$.regions[1].code: \"UA-99\" is not an ISO 3166-2:UA code"
        );
        let mut e = valid();
        e["regions"][1]["code"] = json!("UA-30");
        assert!(error_of(&e).contains("duplicate code"));
        let mut e = valid();
        e["release"]["data_as_of"] = json!("2026-01-21");
        assert!(error_of(&e).starts_with("$.release.data_as_of: 2026-01-21 is after"));
        let mut e = valid();
        e["release"]["last_week"] = json!("2026-W54");
        assert!(
            error_of(&e).starts_with("$.release.last_week"),
            "{}",
            error_of(&e)
        );
    }

    #[test]
    fn labels_with_markup_control_bidi_or_invisible_characters_are_rejected() {
        for bad in [
            "<b>x</b>",
            "a\u{0007}b",
            "evil\u{202E}txt",
            "x\u{2066}y",
            "zero\u{200B}width",
            "line\u{2028}separator",
            "soft\u{AD}hyphen",
            "\u{FEFF}bom",
            "tag\u{E0041}",
        ] {
            let mut e = valid();
            e["categories"][0]["label"]["fr"] = json!(bad);
            assert!(
                error_of(&e)
                    .starts_with("$.categories[0].label.fr: contains the forbidden character"),
                "{bad}"
            );
        }
        // The joiners that scripts need are text.
        let mut e = valid();
        e["categories"][0]["label"]["fr"] = json!("क्\u{200D}ष \u{200C}x Обстріл");
        Export::parse(&sealed(e).to_string()).expect("joiners and Cyrillic are text");
        let mut e = valid();
        e["outcomes"][0]["label"]
            .as_object_mut()
            .unwrap()
            .remove("uk");
        assert_eq!(error_of(&e), "$.outcomes[0].label.uk: is missing");
    }

    #[test]
    fn a_published_count_below_k_is_refused_wherever_it_is() {
        let mut e = valid();
        e["cells"]["referred"][3] = json!(2);
        assert_eq!(
            error_of(&e),
            "$.cells.referred[3]: 2 is published, but a count from 1 to 4 must be withheld (k = 5)"
        );
        let mut e = valid();
        e["margins"]["by_region"]["attributed"]["party-a"][0] = json!(1);
        assert!(
            error_of(&e).starts_with("$.margins.by_region.attributed.party-a[0]: 1 is published")
        );
        let mut e = with_open();
        e["open_by_age"]["total"]["w13-26"] = json!([4]);
        assert!(error_of(&e).starts_with("$.open_by_age.total.w13-26[0]: 4 is published"));
        // Zero is always published; k itself is the smallest other count.
        let mut e = valid();
        e["release"]["k"] = json!(16);
        assert!(error_of(&e).starts_with("$.cells.reported[0]: 15 is published"));
        e["release"]["k"] = json!(6);
        assert!(error_of(&e).starts_with("$.cells.reported[4]: 5 is published"));
    }

    #[test]
    fn margins_must_agree_with_the_cells() {
        let mut e = valid();
        e["margins"]["by_week"]["reported"][0] = json!(55);
        assert_eq!(
            error_of(&e),
            "$.margins.by_week.reported[0]: is 55 but its cells add up to 50"
        );
    }

    #[test]
    fn a_margin_may_not_reveal_a_single_suppressed_cell() {
        let mut e = valid();
        e["cells"]["reported"][2] = Value::Null;
        assert_eq!(
            error_of(&e),
            "$.margins.by_week.reported[0]: is published beside exactly one withheld term, which it would reveal"
        );
        // The cell is week 0, region 1, category 0.
        for (margin, i) in [("by_week", 0), ("by_region", 1), ("by_category", 0)] {
            e["margins"][margin]["reported"][i] = Value::Null;
        }
        e["margins"]["total"]["reported"][0] = Value::Null;
        Export::parse(&sealed(e).to_string())
            .expect("suppressing every margin over the cell protects it");
    }

    #[test]
    fn array_lengths_and_outcomes_are_checked() {
        let mut e = valid();
        e["cells"]["verified"].as_array_mut().unwrap().pop();
        assert_eq!(error_of(&e), "$.cells.verified: has 7 counts, expected 8");
        let mut e = valid();
        e["margins"]["total"]["attributed"]
            .as_object_mut()
            .unwrap()
            .remove("party-a");
        assert!(error_of(&e).starts_with("$.margins.total.attributed: has outcomes"));
    }

    #[test]
    fn more_categories_or_outcomes_than_allowed_are_refused() {
        let mut e = valid();
        let category = e["categories"][0].clone();
        let many: Vec<Value> = (0..=MAX_CATEGORIES)
            .map(|i| {
                let mut c = category.clone();
                c["code"] = json!(format!("c{i}"));
                c
            })
            .collect();
        e["categories"] = json!(many);
        assert_eq!(
            error_of(&e),
            "$.categories: has 101 entries, more than the 100 allowed"
        );
        let mut e = valid();
        let outcome = e["outcomes"][0].clone();
        e["outcomes"] = json!(vec![outcome; MAX_OUTCOMES + 1]);
        assert_eq!(
            error_of(&e),
            "$.outcomes: has 21 entries, more than the 20 allowed"
        );
    }

    #[test]
    fn unknown_fields_and_oversized_files_are_rejected() {
        let mut e = valid();
        e["release"]["monitor_id"] = json!("m-17");
        assert!(error_of(&e).starts_with("$.release.monitor_id: unknown field `monitor_id`"));
        let big = " ".repeat(MAX_EXPORT_BYTES + 1);
        assert!(matches!(
            Export::parse(&big),
            Err(DataError::TooLarge { .. })
        ));
    }

    #[test]
    fn open_cases_must_use_the_portals_bands_and_the_right_lengths() {
        let mut e = with_open();
        e["open_by_age"]["bands"][1]["max_weeks"] = json!(13);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.bands[1]: must be w5-12 (5 to 12 weeks), as the portal defines its bands"
        );
        let mut e = with_open();
        e["open_by_age"]["bands"].as_array_mut().unwrap().pop();
        assert_eq!(error_of(&e), "$.open_by_age.bands: has 3 bands, expected 4");
        let mut e = with_open();
        e["open_by_age"]["total"]
            .as_object_mut()
            .unwrap()
            .remove("w27-plus");
        assert!(error_of(&e).starts_with("$.open_by_age.total: has bands [\"w0-4\""));
        let mut e = with_open();
        e["open_by_age"]["by_region"]["w0-4"] = json!([1, 1, 0]);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.by_region.w0-4: has 3 counts, expected 2"
        );
        let mut e = with_open();
        e["open_by_age"]["colour"] = json!("red");
        assert!(error_of(&e).starts_with("$.open_by_age.colour: unknown field"));
    }

    #[test]
    fn open_cases_must_be_referred_minus_concluded() {
        let mut e = with_open();
        e["open_by_age"]["total"]["w0-4"] = json!([15]);
        // 2026-W03: 25 referred, 15 concluded.
        assert_eq!(
            error_of(&e),
            "$.open_by_age.total.w0-4[0] (from by_week): open and concluded cases add up to 30, but 25 were referred"
        );
        let mut e = with_open();
        e["open_by_age"]["by_region"]["w5-12"] = json!([10, 5]);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.by_region.w5-12[0] (from cells): open and concluded cases add up to 15, but 10 were referred"
        );
    }

    #[test]
    fn open_cases_may_not_reveal_a_single_withheld_term() {
        let mut e = with_open();
        e["open_by_age"]["by_region"]["w0-4"][1] = Value::Null;
        assert_eq!(
            error_of(&e),
            "$.open_by_age.by_region.w0-4[1] (from cells): referred = open + concluded has exactly one withheld term here, which the others would reveal"
        );
        let mut e = with_open();
        e["open_by_age"]["total"]["w5-12"] = json!([null]);
        assert_eq!(
            error_of(&e),
            "$.open_by_age.total.w5-12[0] (from by_week): referred = open + concluded has exactly one withheld term here, which the others would reveal"
        );
        // Region 1's referred cells of 2026-W02 withheld, and the category
        // margins that would give each away: its band w5-12 tells only their
        // sum, which the week's margin tells already.
        let mut e = with_open();
        e["cells"]["referred"][2] = Value::Null;
        e["cells"]["referred"][3] = Value::Null;
        e["margins"]["by_category"]["referred"] = json!([null, null]);
        Export::parse(&sealed(e).to_string()).expect("two withheld cells under one band");
    }

    #[test]
    fn a_balance_checks_what_its_published_terms_allow() {
        let balance = |referred: &[Count], rest: &[Count]| {
            let mut b = Balance::default();
            referred.iter().for_each(|&c| b.referred.add(c));
            rest.iter().for_each(|&c| b.rest.add(c));
            b.check(&|| "$.x".to_owned()).map_err(|e| e.to_string())
        };
        let (n, x) = (Count::Value, Count::Suppressed);
        assert_eq!(balance(&[n(9)], &[n(4), n(5)]), Ok(()));
        assert_eq!(balance(&[n(9), x], &[n(4), n(5), x]), Ok(()));
        assert_eq!(
            balance(&[n(9), x], &[n(4), n(5), x, x]),
            Ok(()),
            "withheld terms on both sides: no bound"
        );
        assert_eq!(
            balance(&[n(5)], &[n(4), n(3), x, x]),
            Err("$.x: open and concluded cases add up to at least 7, but 5 were referred".into())
        );
        assert_eq!(
            balance(&[n(8), x, x], &[n(4), n(3)]),
            Err(
                "$.x: at least 8 cases were referred, but open and concluded ones add up to 7"
                    .into()
            )
        );
    }

    #[test]
    fn a_file_changed_after_its_fingerprint_is_refused() {
        let mut e = valid();
        // Still a consistent file: a cell and its margins moved together.
        for (table, i) in [
            ("cells", 0),
            ("by_week", 0),
            ("by_region", 0),
            ("by_category", 0),
        ] {
            let counts = if table == "cells" {
                &mut e["cells"]["reported"]
            } else {
                &mut e["margins"][table]["reported"]
            };
            counts[i] = json!(counts[i].as_u64().unwrap() + 5);
        }
        e["margins"]["total"]["reported"][0] = json!(110);
        let error = error_of(&e);
        assert!(
            error.starts_with("$.release.sha256: is not the fingerprint of this file's content"),
            "{error}"
        );
        Export::parse(&sealed(e).to_string()).expect("the same file, fingerprinted again");
    }
}
