//! The change history of a record: when, which device, which fields, and what each field held
//! before and after.

use std::collections::HashMap;

use automerge::{hydrate, AutoCommit, ChangeHash, ReadDoc, ScalarValue, ROOT};
use serde::Serialize;
use serde_json::Value as Json;

use super::Store;
use crate::am::field::common::KIND;
use crate::am::View;
use crate::error::{Error, Result};
use crate::ids::DocId;
use crate::time::Timestamp;

/// One change to a record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// When the change was made, by its author's clock.
    pub at: Timestamp,
    /// The Automerge actor of the device that made the change.
    pub device: String,
    /// Whether this file's device made it.
    pub this_device: bool,
    /// `created` for the change that made the record, else `edited`.
    pub action: &'static str,
    /// The fields the change set, as named in the record.
    pub fields: Vec<String>,
    /// Each of those fields' value before and after the change, as its author saw the record.
    pub changes: Vec<FieldChange>,
    /// The change's hash.
    pub hash: String,
}

/// What one field held before a change and after it. Values are JSON as the document holds
/// them: text as strings, sets as sorted lists, times (`*_at`, `*_until`) as RFC 3339, an
/// absent value as `null`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    /// The field, as named in the record.
    pub field: String,
    /// Its value before the change (`null` when it had none).
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub old: Json,
    /// Its value after the change (`null` when the change removed it).
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub new: Json,
}

impl Store {
    /// Every change to document `doc`, oldest first, each with its fields' old and new values.
    /// The kind's bookkeeping fields (its name, creation and edit stamps) are left out.
    pub fn history(&self, doc: impl Into<DocId>) -> Result<Vec<HistoryEntry>> {
        let doc: DocId = doc.into();
        let me = self.device_id();
        let Some(am) = self.load_doc(doc)? else {
            return Ok(Vec::new());
        };
        let root = View::root(&am)?;
        let bookkeeping = KIND
            .get(&View::new(&root))
            .and_then(|k| self.kinds.find(&k))
            .map(|k| k.bookkeeping())
            .unwrap_or(&[]);
        let mut states = States::new(&am);
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, message, hash FROM changes
             WHERE doc_id = ?1 AND applied = 1 ORDER BY at, seq",
        )?;
        let rows = stmt
            .query_map([doc], |r| {
                Ok((
                    Timestamp(r.get(0)?),
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (at, actor, message, hash) in rows {
            let mut fields: Vec<String> = message
                .unwrap_or_default()
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
            // The first change of a record writes its kind; that marks the creation.
            let created = fields.iter().any(|f| f == "kind");
            fields.retain(|f| !bookkeeping.contains(&f.as_str()) && f != "kind");
            let changes = states.changes(&hash, &fields)?;
            out.push(HistoryEntry {
                at,
                this_device: actor == me,
                device: actor,
                action: if created { "created" } else { "edited" },
                fields,
                changes,
                hash,
            });
        }
        Ok(out)
    }
}

/// The document's root as of given heads, hydrated once per set of heads: in a history made on
/// one device each change's "before" is the previous change's "after".
struct States<'a> {
    am: &'a AutoCommit,
    roots: HashMap<Vec<ChangeHash>, hydrate::Map>,
}

impl<'a> States<'a> {
    fn new(am: &'a AutoCommit) -> Self {
        States {
            am,
            roots: HashMap::new(),
        }
    }

    fn root_at(&mut self, heads: Vec<ChangeHash>) -> Result<&hydrate::Map> {
        if !self.roots.contains_key(&heads) {
            let root = if heads.is_empty() {
                hydrate::Map::default()
            } else {
                match self.am.hydrate(ROOT, Some(&heads))? {
                    hydrate::Value::Map(m) => m,
                    _ => hydrate::Map::default(),
                }
            };
            self.roots.insert(heads.clone(), root);
        }
        Ok(&self.roots[&heads])
    }

    /// `fields`' values before and after change `hash` (those that differ).
    fn changes(&mut self, hash: &str, fields: &[String]) -> Result<Vec<FieldChange>> {
        let h: ChangeHash = hash
            .parse()
            .map_err(|_| Error::Corrupt(format!("change {hash}: not a change hash")))?;
        let Some(deps) = ReadDoc::get_change_by_hash(self.am, &h).map(|c| c.deps().to_vec()) else {
            // A change the document does not hold (it was stored but never applied).
            return Ok(Vec::new());
        };
        let before: Vec<(String, Json)> = {
            let root = self.root_at(deps)?;
            fields
                .iter()
                .map(|f| (f.clone(), json_of(f, root.get(f))))
                .collect()
        };
        let after = self.root_at(vec![h])?;
        Ok(before
            .into_iter()
            .filter_map(|(field, old)| {
                let new = json_of(&field, after.get(&field));
                // An empty text made beside a record's first values is not news.
                (old != new && !(blank(&old) && blank(&new))).then_some(FieldChange {
                    field,
                    old,
                    new,
                })
            })
            .collect())
    }
}

/// Whether a value says nothing: absent, or an empty text, list or map.
fn blank(v: &Json) -> bool {
    match v {
        Json::Null => true,
        Json::String(s) => s.is_empty(),
        Json::Array(a) => a.is_empty(),
        Json::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A document value as JSON, for people to read.
fn json_of(key: &str, v: Option<&hydrate::Value>) -> Json {
    let Some(v) = v else { return Json::Null };
    let instant = key.ends_with("_at") || key.ends_with("_until");
    match v {
        hydrate::Value::Scalar(s) => match s {
            ScalarValue::Int(ms) | ScalarValue::Timestamp(ms) if instant => {
                Json::String(Timestamp(*ms).to_rfc3339())
            }
            ScalarValue::Str(s) => Json::String(s.to_string()),
            ScalarValue::Int(i) => Json::from(*i),
            ScalarValue::Uint(u) => Json::from(*u),
            ScalarValue::F64(f) => Json::from(*f),
            ScalarValue::Counter(c) => Json::from(i64::from(c)),
            ScalarValue::Timestamp(t) => Json::from(*t),
            ScalarValue::Boolean(b) => Json::Bool(*b),
            ScalarValue::Null => Json::Null,
            ScalarValue::Bytes(_) | ScalarValue::Unknown { .. } => Json::String("(binary)".into()),
        },
        hydrate::Value::Text(t) => Json::String(t.to_string()),
        hydrate::Value::List(l) => {
            Json::Array(l.iter().map(|i| json_of("", Some(&i.value))).collect())
        }
        hydrate::Value::Map(m) => {
            // A set is a map of its members to `true`: shown as the sorted members.
            let is_set = m.iter().next().is_some()
                && m.iter().all(|(_, v)| {
                    matches!(v.value, hydrate::Value::Scalar(ScalarValue::Boolean(true)))
                });
            if is_set {
                let mut keys: Vec<&String> = m.iter().map(|(k, _)| k).collect();
                keys.sort();
                Json::Array(keys.into_iter().map(|k| Json::String(k.clone())).collect())
            } else {
                Json::Object(
                    m.iter()
                        .map(|(k, v)| (k.clone(), json_of(k, Some(&v.value))))
                        .collect(),
                )
            }
        }
    }
}
