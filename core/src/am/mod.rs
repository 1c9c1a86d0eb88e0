//! Small, typed accessors over Automerge documents.
//!
//! Records are maps at the document root. Scalars merge per field (last writer wins,
//! deterministically); long text is an Automerge Text so concurrent edits merge by character;
//! sets are maps from key to `true`; ordered lists of small records (emails, addresses, custom
//! fields) are lists of maps whose values are strings. Writers only touch a field when its value
//! really changes, so an edit produces the smallest change and the history names real edits.

use automerge::{
    transaction::Transactable, AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value,
};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{Error, Result};
use crate::time::Timestamp;

pub use automerge::ROOT;

/// A string field; Text objects read as their content.
pub fn get_str(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<String>> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Scalar(v), _)) => v.as_str().map(str::to_owned),
        Some((Value::Object(ObjType::Text), id)) => Some(doc.text(&id)?),
        _ => None,
    })
}

/// A string field that is absent when empty.
pub fn get_opt_str(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<String>> {
    Ok(get_str(doc, obj, key)?.filter(|s| !s.is_empty()))
}

/// An integer field (also a timestamp or an unsigned that fits).
pub fn get_i64(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<i64>> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Scalar(v), _)) => match v.as_ref() {
            ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Some(*i),
            ScalarValue::Uint(u) => i64::try_from(*u).ok(),
            _ => None,
        },
        _ => None,
    })
}

/// A boolean field; absent is false.
pub fn get_bool(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<bool> {
    Ok(matches!(doc.get(obj, key)?, Some((Value::Scalar(v), _)) if v.as_bool() == Some(true)))
}

/// A timestamp field (UTC milliseconds).
pub fn get_ts(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<Timestamp>> {
    Ok(get_i64(doc, obj, key)?.map(Timestamp))
}

/// A timestamp the record cannot do without; its absence means the document is damaged.
pub fn require_ts(doc: &AutoCommit, key: &str) -> Result<Timestamp> {
    get_ts(doc, &ROOT, key)?.ok_or_else(|| Error::Corrupt(format!("document has no {key}")))
}

fn current_scalar(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<ScalarValue>> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Scalar(v), _)) => Some(v.into_owned()),
        Some((Value::Object(_), _)) => Some(ScalarValue::Null),
        None => None,
    })
}

/// Sets (or, with `None`, removes) a scalar field when it differs from what the document holds.
pub fn put(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: Option<ScalarValue>) -> Result<()> {
    let current = current_scalar(doc, obj, key)?;
    match value {
        Some(v) if current.as_ref() != Some(&v) => doc.put(obj, key, v)?,
        None if current.is_some() => doc.delete(obj, key)?,
        _ => {}
    }
    Ok(())
}

/// Sets a string field; `None` or empty removes it.
pub fn put_str(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: Option<&str>) -> Result<()> {
    put(
        doc,
        obj,
        key,
        value.filter(|s| !s.is_empty()).map(ScalarValue::from),
    )
}

/// Sets an integer field; `None` removes it.
pub fn put_i64(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: Option<i64>) -> Result<()> {
    put(doc, obj, key, value.map(ScalarValue::Int))
}

/// Sets a timestamp field; `None` removes it.
pub fn put_ts(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    value: Option<Timestamp>,
) -> Result<()> {
    put_i64(doc, obj, key, value.map(|t| t.0))
}

/// Sets a boolean field.
pub fn put_bool(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: bool) -> Result<()> {
    put(doc, obj, key, Some(ScalarValue::Boolean(value)))
}

/// The map at `obj[key]`, created when missing.
pub fn map_at(doc: &mut AutoCommit, obj: &ObjId, key: &str) -> Result<ObjId> {
    match doc.get(obj, key)? {
        Some((Value::Object(ObjType::Map), id)) => Ok(id),
        _ => Ok(doc.put_object(obj, key, ObjType::Map)?),
    }
}

/// The map at `obj[key]` when it exists, for readers.
pub fn find_map(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<ObjId>> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Object(ObjType::Map), id)) => Some(id),
        _ => None,
    })
}

/// Edits the Text at `obj[key]` into `new` by a character diff, so a concurrent edit elsewhere
/// in the same text survives the merge.
pub fn put_text(doc: &mut AutoCommit, obj: &ObjId, key: &str, new: &str) -> Result<()> {
    let text = match doc.get(obj, key)? {
        Some((Value::Object(ObjType::Text), id)) => id,
        _ if new.is_empty() => return Ok(()),
        _ => doc.put_object(obj, key, ObjType::Text)?,
    };
    if doc.text(&text)? != new {
        doc.update_text(&text, new)?;
    }
    Ok(())
}

/// The keys of a set (a map from key to `true`), sorted.
pub fn get_set(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Vec<String>> {
    let Some(set) = find_map(doc, obj, key)? else {
        return Ok(Vec::new());
    };
    Ok(doc.keys(&set).collect())
}

/// Adds and removes members of a set, leaving the others (and concurrent additions) alone.
pub fn edit_set(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    add: &[String],
    remove: &[String],
) -> Result<()> {
    if add.is_empty() && remove.is_empty() {
        return Ok(());
    }
    let set = map_at(doc, obj, key)?;
    for k in remove {
        if doc.get(&set, k.as_str())?.is_some() {
            doc.delete(&set, k.as_str())?;
        }
    }
    for k in add {
        if doc.get(&set, k.as_str())?.is_none() {
            doc.put(&set, k.as_str(), true)?;
        }
    }
    Ok(())
}

/// A list of small records stored as maps of strings.
pub fn get_list<T: DeserializeOwned>(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Vec<T>> {
    let list = match doc.get(obj, key)? {
        Some((Value::Object(ObjType::List), id)) => id,
        _ => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for i in 0..doc.length(&list) {
        let Some((Value::Object(ObjType::Map), item)) = doc.get(&list, i)? else {
            continue;
        };
        let mut fields = serde_json::Map::new();
        for k in doc.keys(&item).collect::<Vec<_>>() {
            if let Some(v) = get_str(doc, &item, &k)? {
                fields.insert(k, serde_json::Value::String(v));
            }
        }
        let value = serde_json::from_value(serde_json::Value::Object(fields))
            .map_err(|e| Error::Corrupt(format!("{key}[{i}]: {e}")))?;
        out.push(value);
    }
    Ok(out)
}

/// Replaces a list of small records when it differs from what the document holds.
pub fn put_list<T: Serialize + DeserializeOwned + PartialEq>(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    items: &[T],
) -> Result<()> {
    if get_list::<T>(doc, obj, key)? == items {
        return Ok(());
    }
    let list = doc.put_object(obj, key, ObjType::List)?;
    for (i, item) in items.iter().enumerate() {
        let map = doc.insert_object(&list, i, ObjType::Map)?;
        let fields = match serde_json::to_value(item) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => continue,
        };
        for (k, v) in fields {
            if let serde_json::Value::String(s) = v {
                doc.put(&map, k.as_str(), s)?;
            }
        }
    }
    Ok(())
}

/// Every value two devices set concurrently for `key`, when there is more than one.
pub fn conflicts(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Vec<String>> {
    let all = doc.get_all(obj, key)?;
    if all.len() < 2 {
        return Ok(Vec::new());
    }
    Ok(all
        .into_iter()
        .map(|(v, id)| match v {
            Value::Scalar(s) => s
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| s.to_string()),
            Value::Object(ObjType::Text) => doc.text(&id).unwrap_or_default(),
            Value::Object(t) => format!("({t})"),
        })
        .collect())
}

pub mod build;
pub mod field;

pub mod first_change;

mod view;
pub use view::View;
