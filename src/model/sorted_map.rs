//! A map kept as a vector sorted by key: what the export's small maps
//! (a text per language, counts per outcome or age band) need from
//! `BTreeMap`, and the same order when written, for about 3 KB less wasm
//! (brotli, measured on the statistics page): every `BTreeMap<K, V>` the
//! islands use costs its own copy of the B-tree's node code. The maps hold
//! a handful of entries, so a search is a scan.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        SortedMap::default()
    }

    /// Inserts `value` at `key`, returning the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.entries.iter().position(|(k, _)| *k >= key) {
            Some(i) if self.entries[i].0 == key => {
                Some(std::mem::replace(&mut self.entries[i].1, value))
            }
            Some(i) => {
                self.entries.insert(i, (key, value));
                None
            }
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.entries
            .iter()
            .find(|(k, _)| k.borrow() == key)
            .map(|(_, v)| v)
    }
}

impl<K, V> SortedMap<K, V> {
    /// The entries in the order of their keys.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = SortedMap::new();
        for (k, v) in items {
            map.insert(k, v);
        }
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(items: [(K, V); N]) -> Self {
        items.into_iter().collect()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// `map[key]`, as for a `BTreeMap`: panics when the key is absent.
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no entry for the key"),
        }
    }
}

impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<K, V>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

#[cfg(feature = "ssr")]
impl<K: schemars::JsonSchema, V: schemars::JsonSchema> schemars::JsonSchema for SortedMap<K, V> {
    fn inline_schema() -> bool {
        <BTreeMap<K, V>>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<K, V>>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<K, V>>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<K, V>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_its_keys_in_order_and_replaces_on_a_repeated_key() {
        let mut map = SortedMap::new();
        for (k, v) in [("w5-12", 2), ("w0-4", 1), ("w27-plus", 4), ("w13-26", 3)] {
            assert_eq!(map.insert(k.to_owned(), v), None);
        }
        assert_eq!(map.insert("w0-4".to_owned(), 10), Some(1));
        let keys: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(keys, ["w0-4", "w13-26", "w27-plus", "w5-12"]);
        assert_eq!(map.get("w13-26"), Some(&3));
        assert_eq!(map.get("w0-4"), Some(&10));
        assert_eq!(map.get("w99"), None);
        assert_eq!(map.len(), 4);
    }

    #[test]
    fn is_written_and_read_as_a_btree_map_is() {
        let pairs = [
            ("b".to_owned(), 2),
            ("a".to_owned(), 1),
            ("c".to_owned(), 3),
        ];
        let map: SortedMap<String, u32> = pairs.clone().into();
        let btree: BTreeMap<String, u32> = pairs.into();
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(json, serde_json::to_string(&btree).unwrap());
        assert_eq!(
            serde_json::from_str::<SortedMap<String, u32>>(&json).unwrap(),
            map
        );
    }
}
