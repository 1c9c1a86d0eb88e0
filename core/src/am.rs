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

pub fn get_bool(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<bool> {
    Ok(matches!(doc.get(obj, key)?, Some((Value::Scalar(v), _)) if v.as_bool() == Some(true)))
}

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

pub fn put_str(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: Option<&str>) -> Result<()> {
    put(
        doc,
        obj,
        key,
        value.filter(|s| !s.is_empty()).map(ScalarValue::from),
    )
}

pub fn put_i64(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: Option<i64>) -> Result<()> {
    put(doc, obj, key, value.map(ScalarValue::Int))
}

pub fn put_ts(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    value: Option<Timestamp>,
) -> Result<()> {
    put_i64(doc, obj, key, value.map(|t| t.0))
}

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

/// Building a whole new document at once (`init_root_from_hydrate`) is an order of magnitude
/// faster than one `put` per field, which matters when an import creates 100,000 documents.
pub mod build {
    use std::collections::HashMap;

    use automerge::hydrate::{List, Map, Value};
    use serde::Serialize;

    /// The root map of a new document, filled field by field.
    #[derive(Default)]
    pub struct Root(HashMap<String, Value>);

    impl Root {
        pub fn str(&mut self, key: &str, v: Option<&str>) -> &mut Self {
            if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
                self.0.insert(key.into(), Value::scalar(v));
            }
            self
        }

        pub fn int(&mut self, key: &str, v: Option<i64>) -> &mut Self {
            if let Some(v) = v {
                self.0.insert(key.into(), Value::scalar(v));
            }
            self
        }

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

        pub fn into_map(self) -> Map {
            Map::from(self.0)
        }
    }
}

/// Encoding a new document's first change straight from its values, without building the
/// document: the change Automerge makes for `init_root_from_hydrate` followed by a commit (the
/// same operations in the same order: each map's keys sorted, containers filled breadth first,
/// one operation per character of a Text), at a fraction of the cost, since no operation set is
/// built and then read back. An import creating 100,000 contacts spends most of its time here.
pub mod first_change {
    use std::collections::VecDeque;
    use std::num::NonZeroU64;

    use automerge::hydrate::{Map, Value};
    use automerge::legacy::{ElementId, Key, ObjectId, Op, OpId, OpType, SortedVec};
    use automerge::{ActorId, Change, ExpandedChange, ObjType, ScalarValue};

    /// The first change of a document whose whole state is `root`.
    pub fn encode(actor: &ActorId, root: &Map, message: &str, time: i64) -> Change {
        let mut ops = Ops {
            actor,
            ops: Vec::new(),
            queue: VecDeque::new(),
        };
        ops.map(ObjectId::Root, root);
        while let Some((obj, value)) = ops.queue.pop_front() {
            match value {
                Value::Map(m) => ops.map(obj, m),
                Value::List(l) => {
                    let mut elem = ElementId::Head;
                    for item in l.iter() {
                        elem = ElementId::Id(ops.push(obj.clone(), Key::Seq(elem), &item.value));
                    }
                }
                Value::Text(t) => {
                    let mut elem = ElementId::Head;
                    for c in t.to_string().chars() {
                        elem = ElementId::Id(ops.op(
                            obj.clone(),
                            Key::Seq(elem),
                            OpType::Put(ScalarValue::from(c)),
                            true,
                        ));
                    }
                }
                // Only containers are queued.
                Value::Scalar(_) => {}
            }
        }
        Change::from(ExpandedChange {
            operations: ops.ops,
            actor_id: actor.clone(),
            hash: None,
            seq: 1,
            start_op: NonZeroU64::MIN,
            time,
            message: Some(message.to_string()),
            deps: Vec::new(),
            extra_bytes: Vec::new(),
            author: None,
        })
    }

    struct Ops<'a> {
        actor: &'a ActorId,
        ops: Vec<Op>,
        queue: VecDeque<(ObjectId, &'a Value)>,
    }

    impl<'a> Ops<'a> {
        fn map(&mut self, obj: ObjectId, m: &'a Map) {
            let mut keys: Vec<_> = m.iter().collect();
            keys.sort_by_key(|(a, _)| *a);
            for (k, v) in keys {
                self.push(obj.clone(), Key::Map(k.as_str().into()), &v.value);
            }
        }

        /// Adds the operation that sets `key` of `obj` to `value`; a container is queued to be
        /// filled after its siblings.
        fn push(&mut self, obj: ObjectId, key: Key, value: &'a Value) -> OpId {
            let insert = matches!(key, Key::Seq(_));
            let action = match value {
                Value::Map(_) => OpType::Make(ObjType::Map),
                Value::List(_) => OpType::Make(ObjType::List),
                Value::Text(_) => OpType::Make(ObjType::Text),
                Value::Scalar(s) => OpType::Put(s.clone()),
            };
            let id = self.op(obj, key, action, insert);
            if !matches!(value, Value::Scalar(_)) {
                self.queue.push_back((ObjectId::Id(id.clone()), value));
            }
            id
        }

        fn op(&mut self, obj: ObjectId, key: Key, action: OpType, insert: bool) -> OpId {
            self.ops.push(Op {
                action,
                obj,
                key,
                pred: SortedVec::new(),
                insert,
            });
            OpId::new(self.ops.len() as u64, self.actor)
        }
    }
}

/// Read access to a whole map at once: the document's root hydrated in one pass, then read field
/// by field with the same meanings as [`get_str`], [`get_i64`], [`get_bool`], [`get_set`] and
/// [`get_list`]. Reading a record's twenty-odd fields one `get` at a time costs several times
/// more, and every projection (each local edit, each change from another device) reads one.
pub struct View<'a>(&'a automerge::hydrate::Map);

impl<'a> View<'a> {
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

    pub fn str(&self, key: &str) -> Option<String> {
        self.0.get(key).and_then(Self::text)
    }

    pub fn opt_str(&self, key: &str) -> Option<String> {
        self.str(key).filter(|s| !s.is_empty())
    }

    pub fn i64(&self, key: &str) -> Option<i64> {
        match self.0.get(key)? {
            automerge::hydrate::Value::Scalar(ScalarValue::Int(i) | ScalarValue::Timestamp(i)) => {
                Some(*i)
            }
            automerge::hydrate::Value::Scalar(ScalarValue::Uint(u)) => i64::try_from(*u).ok(),
            _ => None,
        }
    }

    pub fn bool(&self, key: &str) -> bool {
        matches!(
            self.0.get(key),
            Some(automerge::hydrate::Value::Scalar(ScalarValue::Boolean(
                true
            )))
        )
    }

    pub fn ts(&self, key: &str) -> Option<Timestamp> {
        self.i64(key).map(Timestamp)
    }

    pub fn require_ts(&self, key: &str) -> Result<Timestamp> {
        self.ts(key)
            .ok_or_else(|| Error::Corrupt(format!("document has no {key}")))
    }

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
