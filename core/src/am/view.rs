//! Reading a record's fields from its hydrated root.

use automerge::{AutoCommit, ReadDoc, ScalarValue, ROOT};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::time::Timestamp;

/// Read access to a whole map at once: the document's root hydrated in one pass, then read field
/// by field with the same meanings as the getters of [`super`] (`get_str`, `get_i64`,
/// `get_bool`, `get_set`, `get_list`). Reading a record's twenty-odd fields one `get` at a time
/// costs several times more, and every projection (each local edit, each change from another
/// device) reads one.
pub struct View<'a>(&'a automerge::hydrate::Map);

impl<'a> View<'a> {
    /// A view of a hydrated map (a document's root or a nested map).
    pub fn new(map: &'a automerge::hydrate::Map) -> Self {
        View(map)
    }

    /// The document's root, hydrated.
    pub fn root(doc: &AutoCommit) -> Result<automerge::hydrate::Map> {
        Ok(match doc.hydrate(ROOT, None)? {
            automerge::hydrate::Value::Map(m) => m,
            _ => automerge::hydrate::Map::default(),
        })
    }

    fn text(v: &automerge::hydrate::Value) -> Option<String> {
        match v {
            automerge::hydrate::Value::Scalar(ScalarValue::Str(s)) => Some(s.to_string()),
            automerge::hydrate::Value::Text(t) => Some(t.to_string()),
            _ => None,
        }
    }

    /// A string field.
    pub fn str(&self, key: &str) -> Option<String> {
        self.0.get(key).and_then(Self::text)
    }

    /// A string field that is absent when empty.
    pub fn opt_str(&self, key: &str) -> Option<String> {
        self.str(key).filter(|s| !s.is_empty())
    }

    /// An integer field.
    pub fn i64(&self, key: &str) -> Option<i64> {
        match self.0.get(key)? {
            automerge::hydrate::Value::Scalar(ScalarValue::Int(i) | ScalarValue::Timestamp(i)) => {
                Some(*i)
            }
            automerge::hydrate::Value::Scalar(ScalarValue::Uint(u)) => i64::try_from(*u).ok(),
            _ => None,
        }
    }

    /// A boolean field; absent is false.
    pub fn bool(&self, key: &str) -> bool {
        matches!(
            self.0.get(key),
            Some(automerge::hydrate::Value::Scalar(ScalarValue::Boolean(
                true
            )))
        )
    }

    /// A timestamp field.
    pub fn ts(&self, key: &str) -> Option<Timestamp> {
        self.i64(key).map(Timestamp)
    }

    /// A timestamp the record cannot do without; its absence means the document is damaged.
    pub fn require_ts(&self, key: &str) -> Result<Timestamp> {
        self.ts(key)
            .ok_or_else(|| Error::Corrupt(format!("document has no {key}")))
    }

    /// A nested map field.
    pub fn map(&self, key: &str) -> Option<View<'a>> {
        match self.0.get(key)? {
            automerge::hydrate::Value::Map(m) => Some(View(m)),
            _ => None,
        }
    }

    /// The keys of a set, sorted.
    pub fn set(&self, key: &str) -> Vec<String> {
        let mut keys: Vec<String> = match self.map(key) {
            Some(m) => m.0.iter().map(|(k, _)| k.clone()).collect(),
            None => Vec::new(),
        };
        keys.sort();
        keys
    }

    /// A list of small records stored as maps of strings.
    pub fn list<T: DeserializeOwned>(&self, key: &str) -> Result<Vec<T>> {
        let Some(automerge::hydrate::Value::List(list)) = self.0.get(key) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let automerge::hydrate::Value::Map(m) = &item.value else {
                continue;
            };
            let fields: serde_json::Map<String, serde_json::Value> = m
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.clone(), serde_json::Value::String(Self::text(&v.value)?)))
                })
                .collect();
            out.push(
                serde_json::from_value(serde_json::Value::Object(fields))
                    .map_err(|e| Error::Corrupt(format!("{key}[{i}]: {e}")))?,
            );
        }
        Ok(out)
    }
}
