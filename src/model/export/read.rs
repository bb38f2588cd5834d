//! Reading an export: [`Export::parse`], the one validating entry point,
//! [`Export::read_file`], and the reader of an export and of its release
//! manifest out of parsed JSON: one
//! reader for every target, over serde_json's `Value` natively and over the
//! browser's own `JSON.parse` result in the wasm, so that both give the same
//! verdict on the same file.
//!
//! Why not `#[derive(Deserialize)]`: the derived impls of the export's
//! eight types cost the wasm about 11 KB compressed (measured on the
//! statistics page), more than this reader and the browser's parser
//! together, and the page's code budget is 100 KB. Walking the tree also
//! names the JSON path of every error directly.

use super::types::{
    Category, Cells, Export, ExportRelease, Margins, OpenByAge, Outcome, Region, Series,
    EXPORT_SCHEMA_VERSION, MAX_EXPORT_BYTES,
};
use crate::model::age::AgeBand;
use crate::model::count::{Count, MAX_COUNT};
use crate::model::release::{DataError, Release, RELEASE_SCHEMA_VERSION};
use crate::model::sorted_map::SortedMap;
use crate::model::text::{invalid, Translations};
use crate::model::time::{parse_date, parse_rfc3339};
use crate::model::week::IsoWeek;
use crate::model::Lang;
use chrono::{DateTime, NaiveDate, Utc};

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

/// A data file's content, read out of its parsed JSON (by [`read_json`]).
pub(crate) trait FromNode: Sized {
    /// Reads the version first, then every field's type; the caller then
    /// checks the content.
    fn read<N: Node>(root: N) -> Result<Self, DataError>;
}

/// Parses `json` and reads a `T` out of it: with serde_json natively, with
/// the browser's own `JSON.parse` in the wasm (no JSON parser in the wasm).
pub(crate) fn read_json<T: FromNode>(json: &str) -> Result<T, DataError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let root: serde_json::Value = serde_json::from_str(json).map_err(DataError::from_json)?;
        T::read(&root)
    }
    #[cfg(target_arch = "wasm32")]
    T::read(
        js_sys::JSON::parse(json)
            .map_err(|e| DataError::Unreadable(String::from(js_sys::Error::from(e).message())))?,
    )
}

/// A parsed JSON value, as far as the reader needs to see it.
pub trait Node: Sized {
    /// The member `key` of an object; `None` when absent or not an object.
    fn get(&self, key: &str) -> Option<Self>;
    /// An object's keys; `None` when not an object.
    fn keys(&self) -> Option<Vec<String>>;
    /// An array's elements; `None` when not an array.
    fn items(&self) -> Option<Vec<Self>>;
    fn text(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    fn is_null(&self) -> bool;
    /// An array of counts in one step: each as [`count_of`] reads it (a
    /// whole number up to [`MAX_COUNT`]), or [`WITHHELD`] for `null`; `None` when this is not an array
    /// of such counts, and the reader then walks it item by item to say
    /// what is wrong where. In the browser one call into JavaScript per
    /// array instead of four per count: an export holds hundreds of
    /// thousands of counts.
    fn counts(&self) -> Option<Vec<u32>>;
}

/// A withheld count (`null`) in [`Node::counts`]: above any count.
const WITHHELD: u32 = u32::MAX;

impl Node for &serde_json::Value {
    fn get(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }

    fn keys(&self) -> Option<Vec<String>> {
        Some(self.as_object()?.keys().cloned().collect())
    }

    fn items(&self) -> Option<Vec<Self>> {
        Some(self.as_array()?.iter().collect())
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn is_null(&self) -> bool {
        serde_json::Value::is_null(self)
    }

    fn counts(&self) -> Option<Vec<u32>> {
        self.as_array()?
            .iter()
            .map(|v| match v.is_null() {
                true => Some(WITHHELD),
                false => match count_of(v.as_f64()) {
                    Ok(Count::Value(n)) => Some(n),
                    _ => None,
                },
            })
            .collect()
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function counts(a, max, withheld) {
  if (!Array.isArray(a)) return;
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v === null) out[i] = withheld;
    else if (Number.isInteger(v) && v >= 0 && v <= max) out[i] = v;
    else return;
  }
  return out;
}")]
extern "C" {
    fn counts(
        array: &wasm_bindgen::JsValue,
        max: u32,
        withheld: u32,
    ) -> Option<js_sys::Uint32Array>;
}

#[cfg(target_arch = "wasm32")]
impl Node for wasm_bindgen::JsValue {
    fn get(&self, key: &str) -> Option<Self> {
        if !self.is_object() || js_sys::Array::is_array(self) {
            return None;
        }
        let object: &js_sys::Object = wasm_bindgen::JsCast::unchecked_ref(self);
        let key = wasm_bindgen::JsValue::from_str(key);
        if !js_sys::Object::has_own(object, &key) {
            return None;
        }
        js_sys::Reflect::get(self, &key).ok()
    }

    fn keys(&self) -> Option<Vec<String>> {
        if !self.is_object() || js_sys::Array::is_array(self) {
            return None;
        }
        let object: &js_sys::Object = wasm_bindgen::JsCast::unchecked_ref(self);
        Some(
            js_sys::Object::keys(object)
                .iter()
                .filter_map(|k| k.as_string())
                .collect(),
        )
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self).then(|| {
            let array: &js_sys::Array = wasm_bindgen::JsCast::unchecked_ref(self);
            array.iter().collect()
        })
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn is_null(&self) -> bool {
        self.is_null()
    }

    fn counts(&self) -> Option<Vec<u32>> {
        counts(self, MAX_COUNT, WITHHELD).map(|counts| counts.to_vec())
    }
}

/// A count that is not `null`: a whole number up to [`MAX_COUNT`], or why
/// not. The reason does not repeat an out-of-range number: read as a
/// float, `99999999999999999999` or `1e308` would print as another number
/// than the file holds, and the path says where it is.
fn count_of(number: Option<f64>) -> Result<Count, String> {
    let n = number.ok_or("is not a count (a whole number, or null where withheld)")?;
    if n.fract() != 0.0 {
        Err("count is not a whole number".to_owned())
    } else if n < 0.0 {
        Err("count is negative".to_owned())
    } else if n > f64::from(MAX_COUNT) {
        Err(format!("count is larger than {MAX_COUNT}"))
    } else {
        Ok(Count::Value(n as u32))
    }
}

/// A value with the JSON path it was found at.
struct At<N> {
    node: N,
    path: String,
}

impl<N: Node> At<N> {
    fn root(node: N) -> At<N> {
        At {
            node,
            path: "$".to_owned(),
        }
    }

    /// The top of a versioned file: an object whose `schema_version` is
    /// `supported`. Checked before any other field, so that a file of
    /// another version says so instead of failing on a field.
    fn versioned(node: N, supported: u32) -> Result<At<N>, DataError> {
        let root = At::root(node);
        root.keys()?;
        let version = root
            .node
            .get("schema_version")
            .ok_or_else(|| invalid("$.schema_version", "is missing"))?;
        match version.number() {
            Some(v) if v == f64::from(supported) => Ok(root),
            Some(v) if v >= 0.0 && v.fract() == 0.0 => Err(DataError::UnsupportedVersion {
                found: v as u64,
                supported,
            }),
            _ => Err(invalid("$.schema_version", "is not a whole number")),
        }
    }

    /// Checks that this is an object with exactly `fields`.
    fn object(&self, fields: &[&str]) -> Result<(), DataError> {
        self.object_with(fields, &[])
    }

    /// Checks that this is an object with `fields` and perhaps `optional`
    /// ones, nothing else.
    fn object_with(&self, fields: &[&str], optional: &[&str]) -> Result<(), DataError> {
        let keys = self.keys()?;
        let known = |k: &String| fields.contains(&k.as_str()) || optional.contains(&k.as_str());
        if let Some(key) = keys.iter().find(|k| !known(k)) {
            return Err(invalid(
                format!("{}.{key}", self.path),
                format!("unknown field `{key}`"),
            ));
        }
        match fields.iter().find(|f| !keys.iter().any(|k| k == *f)) {
            Some(missing) => Err(invalid(format!("{}.{missing}", self.path), "is missing")),
            None => Ok(()),
        }
    }

    /// The member `key`, which [`At::object`] has found.
    fn field(&self, key: &str) -> Result<At<N>, DataError> {
        let path = format!("{}.{key}", self.path);
        match self.node.get(key) {
            Some(node) => Ok(At { node, path }),
            None => Err(invalid(path, "is missing")),
        }
    }

    /// An object's member names.
    fn keys(&self) -> Result<Vec<String>, DataError> {
        self.node
            .keys()
            .ok_or_else(|| invalid(&self.path, "is not an object"))
    }

    fn items(&self) -> Result<Vec<At<N>>, DataError> {
        let items = self
            .node
            .items()
            .ok_or_else(|| invalid(&self.path, "is not an array"))?;
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, node)| At {
                node,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    fn text(&self) -> Result<String, DataError> {
        self.node
            .text()
            .ok_or_else(|| invalid(&self.path, "is not a string"))
    }

    fn whole(&self) -> Result<u64, DataError> {
        match self.node.number() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(n as u64),
            Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                Err(invalid(&self.path, format!("is larger than {}", u32::MAX)))
            }
            _ => Err(invalid(&self.path, "is not a whole number")),
        }
    }

    /// An RFC 3339 date-time (`generated_at`).
    fn date_time(&self) -> Result<DateTime<Utc>, DataError> {
        let text = self.text()?;
        parse_rfc3339(&text)
            .ok_or_else(|| invalid(&self.path, format!("{text:?} is not an RFC 3339 date-time")))
    }

    /// A day, `YYYY-MM-DD` (`data_as_of`).
    fn date(&self) -> Result<NaiveDate, DataError> {
        let text = self.text()?;
        parse_date(&text)
            .ok_or_else(|| invalid(&self.path, format!("{text:?} is not a date (YYYY-MM-DD)")))
    }

    fn boolean(&self) -> Result<bool, DataError> {
        self.node
            .boolean()
            .ok_or_else(|| invalid(&self.path, "is not true or false"))
    }

    /// An array of counts: whole numbers, or `null` where withheld. The
    /// path of an element is written only for an error: an export has
    /// hundreds of thousands of counts.
    fn counts(&self) -> Result<Vec<Count>, DataError> {
        if let Some(counts) = self.node.counts() {
            return Ok(counts
                .into_iter()
                .map(|n| match n {
                    WITHHELD => Count::Suppressed,
                    n => Count::Value(n),
                })
                .collect());
        }
        let items = self
            .node
            .items()
            .ok_or_else(|| invalid(&self.path, "is not an array"))?;
        let mut counts = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let count = if item.is_null() {
                Ok(Count::Suppressed)
            } else {
                count_of(item.number())
            };
            counts.push(count.map_err(|reason| invalid(format!("{}[{i}]", self.path), reason))?);
        }
        Ok(counts)
    }

    /// An object of count arrays by code (outcomes, age bands).
    fn count_lists(&self) -> Result<SortedMap<String, Vec<Count>>, DataError> {
        let codes = self.keys()?;
        let mut lists = SortedMap::new();
        for code in codes {
            let counts = self.field(&code)?.counts()?;
            lists.insert(code, counts);
        }
        Ok(lists)
    }

    fn week(&self) -> Result<IsoWeek, DataError> {
        let text = self.text()?;
        text.parse().map_err(|_| {
            invalid(
                &self.path,
                format!("{text:?} is not an ISO week (2026-W05)"),
            )
        })
    }

    /// A text per language; which languages must be there is
    /// [`crate::model::text::check_translations`]'s to say.
    fn translations(&self) -> Result<Translations, DataError> {
        let keys = self.keys()?;
        let mut texts = SortedMap::new();
        for key in keys {
            let lang: Lang = key.parse().map_err(|_| {
                invalid(
                    format!("{}.{key}", self.path),
                    format!("{key:?} is not a portal language"),
                )
            })?;
            texts.insert(lang, self.field(&key)?.text()?);
        }
        Ok(texts)
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
            cells: Cells {
                reported: cells.field("reported")?.counts()?,
                verified: cells.field("verified")?.counts()?,
                referred: cells.field("referred")?.counts()?,
                concluded: cells.field("concluded")?.counts()?,
            },
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

impl FromNode for Release {
    /// Reads a release manifest out of parsed JSON, the version first, then
    /// every field's type, with the export's own rules for the fields they
    /// share. [`Release::parse`] then checks the content.
    fn read<N: Node>(root: N) -> Result<Release, DataError> {
        let r = At::versioned(root, RELEASE_SCHEMA_VERSION)?;
        r.object(&[
            "schema_version",
            "release_id",
            "generated_at",
            "data_as_of",
            "sample",
        ])?;
        Ok(Release {
            schema_version: RELEASE_SCHEMA_VERSION,
            release_id: r.field("release_id")?.text()?,
            generated_at: r.field("generated_at")?.date_time()?,
            data_as_of: r.field("data_as_of")?.date()?,
            sample: r.field("sample")?.boolean()?,
        })
    }
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
        reported: s.field("reported")?.counts()?,
        verified: s.field("verified")?.counts()?,
        referred: s.field("referred")?.counts()?,
        concluded: s.field("concluded")?.counts()?,
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
    fn counts_are_whole_numbers_in_range() {
        assert_eq!(count_of(Some(17.0)), Ok(Count::Value(17)));
        assert_eq!(count_of(Some(-1.0)).unwrap_err(), "count is negative");
        for huge in [1e308, 99999999999999999999.0] {
            assert_eq!(
                count_of(Some(huge)).unwrap_err(),
                "count is larger than 1000000000"
            );
        }
        assert_eq!(
            count_of(Some(2.5)).unwrap_err(),
            "count is not a whole number"
        );
        assert!(count_of(Some(1_000_000_001.0))
            .unwrap_err()
            .contains("larger than 1000000000"));
        assert!(count_of(None).is_err(), "a string or an object is no count");
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
    fn a_manifest_error_names_its_path_as_the_export_does() {
        let good = json!({
            "schema_version": 1,
            "release_id": "r-1",
            "generated_at": "2026-11-23T06:00:00Z",
            "data_as_of": "2026-11-22",
            "sample": true,
        });
        let error_of = |pointer: &str, bad: Value| {
            let mut value = good.clone();
            *value.pointer_mut(pointer).unwrap() = bad;
            Release::read(&value).unwrap_err().to_string()
        };
        assert!(Release::read(&good).is_ok());
        assert_eq!(
            error_of("/schema_version", json!("1")),
            "$.schema_version: is not a whole number"
        );
        assert_eq!(
            error_of("/schema_version", json!(2)),
            "schema_version 2 is not supported (this portal reads version 1)"
        );
        assert_eq!(
            error_of("/generated_at", json!("yesterday")),
            "$.generated_at: \"yesterday\" is not an RFC 3339 date-time"
        );
        assert_eq!(
            error_of("/data_as_of", json!("22.11.2026")),
            "$.data_as_of: \"22.11.2026\" is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            error_of("/sample", json!("yes")),
            "$.sample: is not true or false"
        );
        assert_eq!(error_of("", json!([])), "$: is not an object");
        let mut extra = good.clone();
        extra["monitor"] = json!("x");
        assert_eq!(
            Release::read(&extra).unwrap_err().to_string(),
            "$.monitor: unknown field `monitor`"
        );
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("sample");
        assert_eq!(
            Release::read(&missing).unwrap_err().to_string(),
            "$.sample: is missing"
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
