//! Building a whole new document at once (`init_root_from_hydrate`) is an order of magnitude
//! faster than one `put` per field, which matters when an import creates 100,000 documents.

use std::collections::HashMap;

use automerge::hydrate::{List, Map, Value};
use serde::Serialize;

/// The root map of a new document, filled field by field.
#[derive(Default)]
pub struct Root(HashMap<String, Value>);

impl Root {
    /// A string field, trimmed; left out when absent or empty.
    pub fn str(&mut self, key: &str, v: Option<&str>) -> &mut Self {
        if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
            self.0.insert(key.into(), Value::scalar(v));
        }
        self
    }

    /// An integer field, left out when absent.
    pub fn int(&mut self, key: &str, v: Option<i64>) -> &mut Self {
        if let Some(v) = v {
            self.0.insert(key.into(), Value::scalar(v));
        }
        self
    }

    /// A boolean field.
    pub fn bool(&mut self, key: &str, v: bool) -> &mut Self {
        self.0.insert(key.into(), Value::scalar(v));
        self
    }

    /// A set (map from member to `true`), created even when empty.
    pub fn set(&mut self, key: &str, members: &[String]) -> &mut Self {
        let m: HashMap<String, Value> = members
            .iter()
            .map(|k| (k.clone(), Value::scalar(true)))
            .collect();
        self.0.insert(key.into(), Map::from(m).into());
        self
    }

    /// A map of Texts, created even when empty.
    pub fn texts(&mut self, key: &str, fields: &[(&str, &str)]) -> &mut Self {
        let enc = automerge::TextEncoding::platform_default();
        let m: HashMap<String, Value> = fields
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::text(enc, v)))
            .collect();
        self.0.insert(key.into(), Map::from(m).into());
        self
    }

    /// A Text, created even when empty.
    pub fn text(&mut self, key: &str, v: &str) -> &mut Self {
        self.0.insert(
            key.into(),
            Value::text(automerge::TextEncoding::platform_default(), v),
        );
        self
    }

    /// A list of small records as maps of strings (the shape `get_list` reads), when there
    /// are any.
    pub fn list<T: Serialize>(&mut self, key: &str, items: &[T]) -> &mut Self {
        if items.is_empty() {
            return self;
        }
        let values: Vec<Value> = items
            .iter()
            .filter_map(|item| match serde_json::to_value(item) {
                Ok(serde_json::Value::Object(fields)) => Some(fields),
                _ => None,
            })
            .map(|fields| {
                let m: HashMap<String, Value> = fields
                    .into_iter()
                    .filter_map(|(k, v)| match v {
                        serde_json::Value::String(s) => Some((k, Value::scalar(s))),
                        _ => None,
                    })
                    .collect();
                Value::from(Map::from(m))
            })
            .collect();
        self.0.insert(key.into(), List::from(values).into());
        self
    }

    /// The filled map, to hydrate a new document with.
    pub fn into_map(self) -> Map {
        Map::from(self.0)
    }
}
