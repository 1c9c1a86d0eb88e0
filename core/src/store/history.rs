//! The change history of a record: when, which device, which fields.

use serde::Serialize;

use super::Store;
use crate::error::Result;
use crate::time::Timestamp;

// IPC type: ts-rs copies doc comments into ui/src/lib/bindings.ts; its docs come with the IPC
// rework (see the desktop's bindings).
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub at: Timestamp,
    /// The Automerge actor of the device that made the change.
    pub device: String,
    pub this_device: bool,
    /// `created` for the change that made the record, else `edited`.
    pub action: &'static str,
    /// The fields the change set, as named in the record.
    pub fields: Vec<String>,
    pub hash: String,
}

impl Store {
    /// Every change to document `doc_id`, oldest first.
    pub fn history(&self, doc_id: &str) -> Result<Vec<HistoryEntry>> {
        let me = self.device_id();
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, message, hash FROM changes WHERE doc_id = ?1 ORDER BY at, seq",
        )?;
        let rows = stmt.query_map([doc_id], |r| {
            let actor: String = r.get(1)?;
            let message: Option<String> = r.get(2)?;
            let mut fields: Vec<String> = message
                .map(|m| {
                    m.split(',')
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            // The first change of a record writes its kind; that marks the creation.
            let created = fields.iter().any(|f| f == "kind");
            fields.retain(|f| f != "kind" && f != "created_at");
            Ok(HistoryEntry {
                at: Timestamp(r.get(0)?),
                this_device: actor == me,
                device: actor,
                action: if created { "created" } else { "edited" },
                fields,
                hash: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
