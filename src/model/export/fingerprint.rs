//! The fingerprint of an export: SHA-256 of its canonical content. The
//! content is written by hand (the wasm writes it too, for the browser's
//! `crypto.subtle` to hash), byte for byte as serde_json wrote it when
//! releases were first fingerprinted.

use super::types::{measure_name, Export, Measure};
use crate::model::count::Count;
use crate::model::json_writer::JsonWriter;
use crate::model::sorted_map::SortedMap;
use crate::model::text::Translations;

impl Export {
    /// The canonical content behind the fingerprint: everything but the
    /// release metadata, as compact JSON (no whitespace, UTF-8, keys in the
    /// order the export format lists them, the keys of outcomes and age
    /// bands sorted), in one array: `[regions, categories, outcomes, cells,
    /// margins]`, or `[[regions, …, margins], open_by_age]` when the export
    /// has open cases (so that older releases, written before they were
    /// added, keep their fingerprint). The README shows how to recompute it
    /// with standard tools.
    pub fn canonical_content(&self) -> String {
        let mut writer = JsonWriter::compact();
        let j = &mut writer;
        if self.open_by_age.is_some() {
            j.open('[');
            j.item();
        }
        j.open('[');
        j.item();
        write_objects(j, &self.regions, |j, region| {
            j.field("code", &region.code);
            write_translations(j, "name", &region.name);
        });
        j.item();
        write_objects(j, &self.categories, |j, category| {
            j.field("code", &category.code);
            write_translations(j, "label", &category.label);
            write_translations(j, "description", &category.description);
        });
        j.item();
        write_objects(j, &self.outcomes, |j, outcome| {
            j.field("code", &outcome.code);
            write_translations(j, "label", &outcome.label);
        });
        j.item();
        j.open('{');
        write_measures(j, |measure| self.cells.measure(measure));
        j.close('}');
        j.item();
        j.open('{');
        for (kind, series, _) in self.margin_kinds() {
            j.key(kind);
            j.open('{');
            write_measures(j, |measure| series.measure(measure));
            write_count_lists(j, "attributed", &series.attributed);
            j.close('}');
        }
        j.close('}');
        j.close(']');
        if let Some(open) = &self.open_by_age {
            j.item();
            j.open('{');
            j.key("bands");
            write_objects(j, &open.bands, |j, band| {
                j.field("code", &band.code);
                j.key("min_weeks");
                j.number(band.min_weeks);
                j.key("max_weeks");
                match band.max_weeks {
                    Some(weeks) => j.number(weeks),
                    None => j.raw("null"),
                }
            });
            write_count_lists(j, "by_region", &open.by_region);
            write_count_lists(j, "total", &open.total);
            j.close('}');
            j.close(']');
        }
        writer.finish()
    }

    /// SHA-256 of [`Export::canonical_content`]: what `release.sha256`
    /// must be. The browser computes it with its own `crypto.subtle`
    /// instead (see `api.rs`), which costs the wasm no hash function.
    pub fn fingerprint(&self) -> String {
        crate::model::digest::sha256_hex(self.canonical_content().as_bytes())
    }
}

/// An array with one object per item, whose members `members` writes.
fn write_objects<T>(j: &mut JsonWriter, items: &[T], members: impl Fn(&mut JsonWriter, &T)) {
    j.open('[');
    for item in items {
        j.item();
        j.open('{');
        members(j, item);
        j.close('}');
    }
    j.close(']');
}

/// A count array per measure, by the measure's name.
fn write_measures<'a>(j: &mut JsonWriter, counts: impl Fn(Measure) -> &'a [Count]) {
    for measure in Measure::ALL {
        write_counts(j, &measure_name(measure), counts(measure));
    }
}

fn write_translations(j: &mut JsonWriter, key: &str, texts: &Translations) {
    j.key(key);
    j.open('{');
    for (lang, text) in texts {
        j.field(lang.code(), text);
    }
    j.close('}');
}

fn write_counts(j: &mut JsonWriter, key: &str, counts: &[Count]) {
    j.key(key);
    j.open('[');
    for count in counts {
        j.item();
        match count {
            Count::Value(n) => j.count(*n),
            Count::Suppressed => j.raw("null"),
        }
    }
    j.close(']');
}

fn write_count_lists(j: &mut JsonWriter, key: &str, lists: &SortedMap<String, Vec<Count>>) {
    j.key(key);
    j.open('{');
    for (code, counts) in lists {
        write_counts(j, code, counts);
    }
    j.close('}');
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{valid, with_open};
    use super::*;
    use crate::model::json_read::FromNode;
    use serde_json::json;

    #[test]
    fn the_fingerprint_covers_the_counts() {
        let a = Export::read(&valid()).unwrap();
        let mut changed = valid();
        changed["cells"]["reported"][0] = json!(20);
        let b = Export::read(&changed).unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 64);
        let open = Export::read(&with_open()).unwrap();
        let mut changed = with_open();
        changed["open_by_age"]["total"]["w13-26"] = json!([null]);
        let closed = Export::read(&changed).unwrap();
        assert_ne!(open.fingerprint(), closed.fingerprint());
        assert_ne!(open.fingerprint(), a.fingerprint());
    }

    /// Releases were fingerprinted over serde_json's output of the export's
    /// types before the hand-written writer (which the wasm shares) took
    /// over: the content must stay byte for byte the same, labels with
    /// quotes, backslashes and Cyrillic included.
    #[test]
    fn the_canonical_content_is_what_serde_json_wrote() {
        let mut e = Export::shipped_sample();
        e.regions[0].name.insert(
            crate::model::Lang::En,
            "a \"quoted\" back\\slash – Київ".to_owned(),
        );
        let content = (&e.regions, &e.categories, &e.outcomes, &e.cells, &e.margins);
        let open = e.open_by_age.as_ref().expect("the sample has open cases");
        assert_eq!(
            e.canonical_content(),
            serde_json::to_string(&(content, open)).unwrap()
        );
        e.open_by_age = None;
        let content = (&e.regions, &e.categories, &e.outcomes, &e.cells, &e.margins);
        assert_eq!(
            e.canonical_content(),
            serde_json::to_string(&content).unwrap()
        );
    }
}
