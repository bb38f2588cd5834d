//! Reading a data file out of parsed JSON: one reader for every target,
//! over serde_json's `Value` natively and over the browser's own
//! `JSON.parse` result in the wasm, so that both give the same verdict on
//! the same file. The export (`export::read`) and the release manifest
//! (`release`) read their fields with it.
//!
//! Why not `#[derive(Deserialize)]`: the derived impls of the export's
//! eight types cost the wasm about 11 KB compressed (measured on the
//! statistics page), more than this reader and the browser's parser
//! together, and the page's code budget is 100 KB. Walking the tree also
//! names the JSON path of every error directly.

use super::count::{Count, MAX_COUNT};
use super::error::DataError;
use super::sorted_map::SortedMap;
use super::text::{invalid, Translations};
use super::time::{parse_date, parse_rfc3339};
use super::week::IsoWeek;
use super::Lang;
use chrono::{DateTime, NaiveDate, Utc};

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
pub(crate) struct At<N> {
    pub(crate) node: N,
    pub(crate) path: String,
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
    pub(crate) fn versioned(node: N, supported: u32) -> Result<At<N>, DataError> {
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
    pub(crate) fn object(&self, fields: &[&str]) -> Result<(), DataError> {
        self.object_with(fields, &[])
    }

    /// Checks that this is an object with `fields` and perhaps `optional`
    /// ones, nothing else.
    pub(crate) fn object_with(&self, fields: &[&str], optional: &[&str]) -> Result<(), DataError> {
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
    pub(crate) fn field(&self, key: &str) -> Result<At<N>, DataError> {
        let path = format!("{}.{key}", self.path);
        match self.node.get(key) {
            Some(node) => Ok(At { node, path }),
            None => Err(invalid(path, "is missing")),
        }
    }

    /// An object's member names.
    pub(crate) fn keys(&self) -> Result<Vec<String>, DataError> {
        self.node
            .keys()
            .ok_or_else(|| invalid(&self.path, "is not an object"))
    }

    pub(crate) fn items(&self) -> Result<Vec<At<N>>, DataError> {
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

    pub(crate) fn text(&self) -> Result<String, DataError> {
        self.node
            .text()
            .ok_or_else(|| invalid(&self.path, "is not a string"))
    }

    pub(crate) fn whole(&self) -> Result<u64, DataError> {
        match self.node.number() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(n as u64),
            Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                Err(invalid(&self.path, format!("is larger than {}", u32::MAX)))
            }
            _ => Err(invalid(&self.path, "is not a whole number")),
        }
    }

    /// An RFC 3339 date-time (`generated_at`).
    pub(crate) fn date_time(&self) -> Result<DateTime<Utc>, DataError> {
        let text = self.text()?;
        parse_rfc3339(&text)
            .ok_or_else(|| invalid(&self.path, format!("{text:?} is not an RFC 3339 date-time")))
    }

    /// A day, `YYYY-MM-DD` (`data_as_of`).
    pub(crate) fn date(&self) -> Result<NaiveDate, DataError> {
        let text = self.text()?;
        parse_date(&text)
            .ok_or_else(|| invalid(&self.path, format!("{text:?} is not a date (YYYY-MM-DD)")))
    }

    pub(crate) fn boolean(&self) -> Result<bool, DataError> {
        self.node
            .boolean()
            .ok_or_else(|| invalid(&self.path, "is not true or false"))
    }

    /// An array of counts: whole numbers, or `null` where withheld. The
    /// path of an element is written only for an error: an export has
    /// hundreds of thousands of counts.
    pub(crate) fn counts(&self) -> Result<Vec<Count>, DataError> {
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
    pub(crate) fn count_lists(&self) -> Result<SortedMap<String, Vec<Count>>, DataError> {
        let codes = self.keys()?;
        let mut lists = SortedMap::new();
        for code in codes {
            let counts = self.field(&code)?.counts()?;
            lists.insert(code, counts);
        }
        Ok(lists)
    }

    pub(crate) fn week(&self) -> Result<IsoWeek, DataError> {
        let text = self.text()?;
        text.parse().map_err(|_| {
            invalid(
                &self.path,
                format!("{text:?} is not an ISO week (2026-W05)"),
            )
        })
    }

    /// A text per language; which languages must be there is
    /// [`super::text::check_translations`]'s to say.
    pub(crate) fn translations(&self) -> Result<Translations, DataError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
