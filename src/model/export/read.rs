//! Reading an export: [`Export::parse`], the one validating entry point,
//! [`Export::read_file`], and the export's fields out of parsed JSON with
//! the reader every data file shares (`json_read`).

use super::types::{
    measure_name, Category, Export, ExportRelease, Margins, Measures, OpenByAge, Outcome, Region,
    Series, EXPORT_SCHEMA_VERSION, MAX_EXPORT_BYTES,
};
use crate::model::age::AgeBand;
use crate::model::error::DataError;
use crate::model::json_read::{read_json, At, FromNode, Node};

impl Export {
    /// Parses and validates an export.
    pub fn parse(json: &str) -> Result<Export, DataError> {
        if json.len() > MAX_EXPORT_BYTES {
            return Err(DataError::TooLarge {
                size: json.len(),
                max: MAX_EXPORT_BYTES,
            });
        }
        let export = read_json::<Export>(json)?;
        export.validate()?;
        Ok(export)
    }

    /// Reads an export file as a browser reads it, for `exporter validate`
    /// and the prerender: at most [`MAX_EXPORT_BYTES`] + 1 bytes (a larger
    /// file is refused without reading the rest), a leading byte order mark
    /// dropped and invalid UTF-8 replaced by U+FFFD, which no label may
    /// hold. Both sides then give the same verdict on the same bytes.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn read_file(path: &std::path::Path) -> std::io::Result<String> {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::fs::File::open(path)?
            .take(MAX_EXPORT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        Ok(String::from_utf8_lossy(text).into_owned())
    }
}

impl FromNode for Export {
    /// Reads an export out of parsed JSON, checking the version first (so a
    /// file of another version says so instead of failing on a field), then
    /// every field's type. [`Export::parse`] then checks the content.
    fn read<N: Node>(root: N) -> Result<Export, DataError> {
        let root = At::versioned(root, EXPORT_SCHEMA_VERSION)?;
        root.object_with(
            &[
                "schema_version",
                "release",
                "regions",
                "categories",
                "outcomes",
                "cells",
                "margins",
            ],
            &["open_by_age"],
        )?;
        let list = |key: &str, fields: &[&str]| -> Result<Vec<At<N>>, DataError> {
            let items = root.field(key)?.items()?;
            for item in &items {
                item.object(fields)?;
            }
            Ok(items)
        };
        let regions = list("regions", &["code", "name"])?
            .iter()
            .map(|r| {
                Ok(Region {
                    code: r.field("code")?.text()?,
                    name: r.field("name")?.translations()?,
                })
            })
            .collect::<Result<_, DataError>>()?;
        let categories = list("categories", &["code", "label", "description"])?
            .iter()
            .map(|c| {
                Ok(Category {
                    code: c.field("code")?.text()?,
                    label: c.field("label")?.translations()?,
                    description: c.field("description")?.translations()?,
                })
            })
            .collect::<Result<_, DataError>>()?;
        let outcomes = list("outcomes", &["code", "label"])?
            .iter()
            .map(|o| {
                Ok(Outcome {
                    code: o.field("code")?.text()?,
                    label: o.field("label")?.translations()?,
                })
            })
            .collect::<Result<_, DataError>>()?;
        let cells = root.field("cells")?;
        cells.object(&["reported", "verified", "referred", "concluded"])?;
        let margins = root.field("margins")?;
        margins.object(&["by_week", "by_region", "by_category", "total"])?;
        Ok(Export {
            schema_version: EXPORT_SCHEMA_VERSION,
            release: read_release(&root.field("release")?)?,
            regions,
            categories,
            outcomes,
            cells: read_measures(&cells)?,
            margins: Margins {
                by_week: read_series(&margins.field("by_week")?)?,
                by_region: read_series(&margins.field("by_region")?)?,
                by_category: read_series(&margins.field("by_category")?)?,
                total: read_series(&margins.field("total")?)?,
            },
            open_by_age: match root.node.get("open_by_age") {
                Some(open) if !open.is_null() => {
                    Some(read_open_by_age(&root.field("open_by_age")?)?)
                }
                _ => None,
            },
        })
    }
}

fn read_release<N: Node>(r: &At<N>) -> Result<ExportRelease, DataError> {
    r.object(&[
        "release_id",
        "generated_at",
        "data_as_of",
        "first_week",
        "last_week",
        "methodology_version",
        "k",
        "sample",
        "licence",
        "sha256",
    ])?;
    Ok(ExportRelease {
        release_id: r.field("release_id")?.text()?,
        generated_at: r.field("generated_at")?.date_time()?,
        data_as_of: r.field("data_as_of")?.date()?,
        first_week: r.field("first_week")?.week()?,
        last_week: r.field("last_week")?.week()?,
        methodology_version: r.field("methodology_version")?.text()?,
        k: r.field("k")?.whole()? as u32,
        sample: r.field("sample")?.boolean()?,
        licence: r.field("licence")?.text()?,
        sha256: r.field("sha256")?.text()?,
    })
}

fn read_measures<N: Node>(m: &At<N>) -> Result<Measures, DataError> {
    Measures::try_from_fn(|measure| m.field(&measure_name(measure))?.counts())
}

fn read_series<N: Node>(s: &At<N>) -> Result<Series, DataError> {
    s.object(&[
        "reported",
        "verified",
        "referred",
        "concluded",
        "attributed",
    ])?;
    Ok(Series {
        measures: read_measures(s)?,
        attributed: s.field("attributed")?.count_lists()?,
    })
}

fn read_open_by_age<N: Node>(o: &At<N>) -> Result<OpenByAge, DataError> {
    o.object(&["bands", "by_region", "total"])?;
    let bands = o
        .field("bands")?
        .items()?
        .iter()
        .map(|b| {
            b.object(&["code", "min_weeks", "max_weeks"])?;
            let max = b.field("max_weeks")?;
            Ok(AgeBand {
                code: b.field("code")?.text()?.into(),
                min_weeks: b.field("min_weeks")?.whole()? as u32,
                max_weeks: if max.node.is_null() {
                    None
                } else {
                    Some(max.whole()? as u32)
                },
            })
        })
        .collect::<Result<_, DataError>>()?;
    Ok(OpenByAge {
        bands,
        by_region: o.field("by_region")?.count_lists()?,
        total: o.field("total")?.count_lists()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::release::Release;
    use serde_json::{json, Value};

    fn error_of(export: &Value) -> String {
        Export::read(export).unwrap_err().to_string()
    }

    fn shipped() -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/public/data/export.json"
            ))
            .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn reads_what_the_exporter_writes() {
        let value = shipped();
        let export = Export::read(&value).unwrap();
        assert_eq!(serde_json::to_value(&export).unwrap(), value);
    }

    #[test]
    fn reads_the_manifest_the_exporter_writes() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data/release.json"
        ))
        .unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let release = Release::read(&value).unwrap();
        assert_eq!(serde_json::to_value(&release).unwrap(), value);
        assert_eq!(
            release,
            Release::from(&Export::read(&shipped()).unwrap().release)
        );
    }

    #[test]
    fn every_error_names_its_path() {
        let mut e = shipped();
        e["schema_version"] = json!(2);
        e["extra"] = json!(1);
        assert!(error_of(&e).starts_with("schema_version 2 is not supported"));
        let mut e = shipped();
        e["regions"][3].as_object_mut().unwrap().remove("name");
        assert_eq!(error_of(&e), "$.regions[3].name: is missing");
        let mut e = shipped();
        e["margins"]["total"]["colour"] = json!("red");
        assert_eq!(
            error_of(&e),
            "$.margins.total.colour: unknown field `colour`"
        );
        let mut e = shipped();
        e["release"]["k"] = json!("5");
        assert_eq!(error_of(&e), "$.release.k: is not a whole number");
        e["release"]["k"] = json!(4_294_967_296_u64);
        assert_eq!(error_of(&e), "$.release.k: is larger than 4294967295");
        let mut e = shipped();
        e["release"]["generated_at"] = json!("yesterday");
        assert_eq!(
            error_of(&e),
            "$.release.generated_at: \"yesterday\" is not an RFC 3339 date-time"
        );
        let mut e = shipped();
        e["categories"][0]["label"]["es"] = json!("x");
        assert_eq!(
            error_of(&e),
            "$.categories[0].label.es: \"es\" is not a portal language"
        );
        let mut e = shipped();
        e["margins"]["by_week"]["attributed"]["undetermined"][2] = json!("7");
        assert_eq!(
            error_of(&e),
            "$.margins.by_week.attributed.undetermined[2]: is not a count (a whole number, or null where withheld)"
        );
        let mut e = shipped();
        e["cells"] = json!([]);
        assert_eq!(error_of(&e), "$.cells: is not an object");
    }

    /// A file is read as a browser reads it: a byte order mark dropped,
    /// bytes that are not UTF-8 replaced by U+FFFD (refused in a label),
    /// and never more than the limit and one byte, even from a file
    /// without end.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn files_are_read_as_the_browser_reads_them() {
        use super::super::fixtures::{sealed, valid};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        let text = sealed(valid()).to_string();
        std::fs::write(
            &path,
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        )
        .unwrap();
        assert_eq!(Export::read_file(&path).unwrap(), text);
        // "Mörser" written in Latin-1: its ö is the byte F6, no UTF-8.
        let mut e = valid();
        e["categories"][0]["label"]["de"] = json!("M@rser");
        let mut raw = sealed(e).to_string().into_bytes();
        let at = raw.windows(6).position(|w| w == b"M@rser").unwrap();
        raw[at + 1] = 0xF6;
        std::fs::write(&path, raw).unwrap();
        let read = Export::read_file(&path).unwrap();
        assert_eq!(
            Export::parse(&read).unwrap_err().to_string(),
            "$.categories[0].label.de: contains the forbidden character U+FFFD"
        );
        let endless = Export::read_file(std::path::Path::new("/dev/zero")).unwrap();
        assert_eq!(endless.len(), MAX_EXPORT_BYTES + 1);
        assert!(matches!(
            Export::parse(&endless),
            Err(DataError::TooLarge { .. })
        ));
    }
}
