//! Loading and saving Automerge documents inside a write transaction.

use std::collections::BTreeSet;

use automerge::{
    hydrate,
    transaction::{CommitOptions, Transactable},
    ActorId, AutoCommit, ChangeHash, ReadDoc, ROOT,
};
use rusqlite::{params, OptionalExtension};

use super::{project, Tx};
use crate::error::{Error, Result};
use crate::time::Timestamp;

/// What a document records; stored in the document itself under `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocKind {
    Contact,
    Interaction,
    FollowUp,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Contact => "contact",
            DocKind::Interaction => "interaction",
            DocKind::FollowUp => "follow_up",
        }
    }

    /// How errors name a record of this kind.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Contact => "contact",
            DocKind::Interaction => "interaction",
            DocKind::FollowUp => "follow-up",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "contact" => Some(DocKind::Contact),
            "interaction" => Some(DocKind::Interaction),
            "follow_up" => Some(DocKind::FollowUp),
            _ => None,
        }
    }

    /// The kind a document says it is, when it says.
    pub fn of(doc: &AutoCommit) -> Result<Option<Self>> {
        Ok(crate::am::get_str(doc, &ROOT, "kind")?
            .as_deref()
            .and_then(DocKind::parse))
    }
}

/// A document opened for editing, with the state it had when opened so the change can say which
/// fields it touched.
pub struct Doc {
    pub am: AutoCommit,
    pub id: String,
    before: hydrate::Map,
    /// No change of this document has been stored yet.
    fresh: bool,
}

/// A change made and encoded, ready for the change log: what [`Doc::commit`] returns. Making
/// one needs no database, so imports make them on several threads and store them in one.
#[derive(Clone, Debug)]
pub struct Committed {
    pub id: String,
    pub kind: Option<DocKind>,
    pub hash: String,
    /// The fields the change touched, comma-separated (the change's own message).
    pub message: String,
    pub bytes: Vec<u8>,
    /// The whole document: for a document's first change, the change itself (Automerge loads a
    /// change chunk as a document), which spares a second encoding.
    pub snapshot: Vec<u8>,
    pub heads: String,
}

impl Doc {
    /// A new document whose whole first state is `root` (which names its `kind`), built in one
    /// batch; Automerge requires the document to be empty for that. Needs no database.
    pub fn from_root(id: &str, actor: ActorId, root: &hydrate::Map) -> Result<Doc> {
        let mut am = AutoCommit::new().with_actor(actor);
        am.init_root_from_hydrate(root)?;
        Ok(Doc {
            am,
            id: id.to_string(),
            before: hydrate::Map::default(),
            fresh: true,
        })
    }

    /// Commits a document made by [`Doc::from_root`] and not edited since, without comparing
    /// states: its fields are the root's keys. The change is kept uncompressed (Automerge reads
    /// both), which spares deflating 100,000 small changes in an import.
    pub fn commit_new(mut self, root: &hydrate::Map, now: Timestamp) -> Result<Committed> {
        let mut fields: Vec<&str> = root
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| *k != "updated_at")
            .collect();
        fields.sort_unstable();
        let message = fields.join(",");
        let (hash, change) = if root.get("updated_at").is_some() {
            self.commit_as_is(&message, now)?
        } else {
            self.stamp_and_commit(&message, now)?
        };
        let bytes = change.raw_bytes().to_vec();
        Ok(Committed {
            id: self.id,
            kind: crate::am::get_str(&self.am, &ROOT, "kind")?
                .as_deref()
                .and_then(DocKind::parse),
            hash: hash.to_string(),
            message,
            snapshot: bytes.clone(),
            bytes,
            heads: hash.to_string(),
        })
    }

    /// Stamps `updated_at` and commits the open edits as one change saying which fields it
    /// touched.
    fn stamp_and_commit(
        &mut self,
        message: &str,
        now: Timestamp,
    ) -> Result<(ChangeHash, automerge::Change)> {
        crate::am::put_ts(&mut self.am, &ROOT, "updated_at", Some(now))?;
        self.commit_as_is(message, now)
    }

    /// Commits the open edits as they are.
    fn commit_as_is(
        &mut self,
        message: &str,
        now: Timestamp,
    ) -> Result<(ChangeHash, automerge::Change)> {
        let opts = CommitOptions::default()
            .with_message(message)
            .with_time(now.0);
        let hash = self
            .am
            .commit_with(opts)
            .ok_or_else(|| Error::Corrupt("empty commit".into()))?;
        let change = self
            .am
            .get_last_local_change()
            .ok_or_else(|| Error::Corrupt("commit without a change".into()))?;
        Ok((hash, change))
    }

    /// A stored document, from its snapshot, to be edited as `actor`. Needs no database.
    pub fn from_snapshot(id: &str, actor: ActorId, snapshot: &[u8]) -> Result<Doc> {
        let am = AutoCommit::load(snapshot)
            .map_err(|e| Error::Corrupt(format!("document {id}: {e}")))?
            .with_actor(actor);
        let before = root_map(&am)?;
        Ok(Doc {
            am,
            id: id.to_string(),
            before,
            fresh: false,
        })
    }

    /// Commits the edits made since the document was opened (or last committed) as one change,
    /// stamped `updated_at = now`. `None` when the edits changed nothing.
    pub fn commit(&mut self, now: Timestamp) -> Result<Option<Committed>> {
        let after = root_map(&self.am)?;
        let fields = changed_fields(&self.before, &after);
        if fields.is_empty() {
            self.am.rollback();
            return Ok(None);
        }
        // (`get_heads` would close the open transaction, so freshness is tracked instead.)
        let first = std::mem::take(&mut self.fresh);
        let message = fields.join(",");
        let (hash, mut change) = self.stamp_and_commit(&message, now)?;
        let bytes = change.bytes().into_owned();
        let snapshot = if first { bytes.clone() } else { self.am.save() };
        self.before = after;
        Ok(Some(Committed {
            id: self.id.clone(),
            kind: DocKind::of(&self.am)?,
            hash: hash.to_string(),
            message,
            bytes,
            snapshot,
            heads: heads_text(&self.am.get_heads()),
        }))
    }
}

/// The stored snapshot of document `id`, on any connection.
pub(crate) fn read_snapshot(conn: &rusqlite::Connection, id: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT snapshot FROM docs WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn root_map(doc: &AutoCommit) -> Result<hydrate::Map> {
    Ok(match doc.hydrate(ROOT, None)? {
        hydrate::Value::Map(m) => m,
        _ => hydrate::Map::default(),
    })
}

/// The root keys whose value differs between two states of a document, sorted.
fn changed_fields(before: &hydrate::Map, after: &hydrate::Map) -> Vec<String> {
    let keys: BTreeSet<&String> = before.iter().chain(after.iter()).map(|(k, _)| k).collect();
    keys.into_iter()
        .filter(|k| before.get(k) != after.get(k))
        .filter(|k| k.as_str() != "updated_at")
        .cloned()
        .collect()
}

pub(crate) fn heads_text(heads: &[ChangeHash]) -> String {
    heads
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

impl Tx<'_> {
    /// Opens a stored document for editing as this device.
    pub(crate) fn open_doc(&self, id: &str) -> Result<Option<Doc>> {
        self.snapshot(id)?
            .map(|s| Doc::from_snapshot(id, self.actor.clone(), &s))
            .transpose()
    }

    /// Opens a stored record of `kind`; any other id is not found.
    pub(crate) fn open_record(&self, id: &str, kind: DocKind) -> Result<Doc> {
        match self.open_doc(id)? {
            Some(d) if DocKind::of(&d.am)? == Some(kind) => Ok(d),
            _ => Err(Error::NotFound {
                kind: kind.label(),
                id: id.to_string(),
            }),
        }
    }

    /// Soft-deletes (`Some(now)`) or restores (`None`) a record. Deleting what is deleted, or
    /// restoring what is not, is refused so the user hears that nothing happened.
    pub(crate) fn set_deleted(
        &mut self,
        id: &str,
        kind: DocKind,
        at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<()> {
        let mut d = self.open_record(id, kind)?;
        match (crate::am::get_ts(&d.am, &ROOT, "deleted_at")?, at) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    kind.label(),
                    format!("{id} is already deleted"),
                ))
            }
            (None, None) => {
                return Err(Error::invalid(kind.label(), format!("{id} is not deleted")))
            }
            _ => {}
        }
        crate::am::put_ts(&mut d.am, &ROOT, "deleted_at", at)?;
        self.save_doc(&mut d, now)?;
        Ok(())
    }

    /// A new, empty document of `kind`; nothing is stored until [`Tx::save_doc`].
    pub(crate) fn new_doc(&self, id: &str, kind: DocKind) -> Result<Doc> {
        let mut am = AutoCommit::new().with_actor(self.actor.clone());
        let before = hydrate::Map::default();
        crate::am::put_str(&mut am, &ROOT, "kind", Some(kind.as_str()))?;
        Ok(Doc {
            am,
            id: id.to_string(),
            before,
            fresh: true,
        })
    }

    /// A new document whose whole first state is `root`; see [`Doc::from_root`].
    pub(crate) fn new_doc_from(&self, id: &str, root: &hydrate::Map) -> Result<Doc> {
        Doc::from_root(id, self.actor.clone(), root)
    }

    /// This device's Automerge actor, for work done off the transaction's thread.
    pub(crate) fn actor(&self) -> ActorId {
        self.actor.clone()
    }

    /// The stored snapshot of a document.
    pub(crate) fn snapshot(&self, id: &str) -> Result<Option<Vec<u8>>> {
        read_snapshot(&self.tx, id)
    }

    /// The stored document, or a new one when this id has never been seen (ids derived from
    /// other records, such as the next occurrence of a repeating follow-up, may already have
    /// arrived from another device).
    pub(crate) fn open_or_new_doc(&self, id: &str, kind: DocKind) -> Result<Doc> {
        match self.open_doc(id)? {
            Some(doc) => Ok(doc),
            None => self.new_doc(id, kind),
        }
    }

    /// Stores a committed change: its row in the change log and the document's new snapshot.
    /// The caller projects the record.
    pub(crate) fn store_commit(&mut self, c: &Committed, now: Timestamp) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO changes(doc_id, hash, actor, at, message, local, pushed, applied, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 0, 1, ?6)",
            )?
            .execute(params![c.id, c.hash, self.actor.to_hex_string(), now.0, c.message, c.bytes])?;
        self.upsert_doc(&c.id, c.kind, &c.snapshot, &c.heads, now)
    }

    fn upsert_doc(
        &self,
        id: &str,
        kind: Option<DocKind>,
        snapshot: &[u8],
        heads: &str,
        now: Timestamp,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO docs(id, kind, snapshot, heads, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, snapshot = excluded.snapshot,
                   heads = excluded.heads, updated_at = excluded.updated_at",
            )?
            .execute(params![id, kind.map(DocKind::as_str), snapshot, heads, now.0])?;
        Ok(())
    }

    /// Commits the edits made to `doc` as one Automerge change, appends it to the change log,
    /// stores the new snapshot and re-projects the document. Returns false when the edits
    /// changed nothing (no change is recorded then).
    pub(crate) fn save_doc(&mut self, doc: &mut Doc, now: Timestamp) -> Result<bool> {
        let Some(committed) = doc.commit(now)? else {
            return Ok(false);
        };
        self.store_commit(&committed, now)?;
        project::project(self, &doc.id, &doc.am)?;
        Ok(true)
    }

    /// Stores a document's whole state (after changes from another replica were applied).
    pub(crate) fn store_snapshot(
        &mut self,
        id: &str,
        am: &mut AutoCommit,
        now: Timestamp,
    ) -> Result<()> {
        let heads = heads_text(&am.get_heads());
        self.upsert_doc(id, DocKind::of(am)?, &am.save(), &heads, now)
    }
}
