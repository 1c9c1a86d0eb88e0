//! Loading and saving Automerge documents inside a write transaction.

use std::collections::BTreeSet;

use automerge::{
    hydrate,
    transaction::{CommitOptions, Transactable},
    ActorId, AutoCommit, ChangeHash,
};
use rusqlite::{params, OptionalExtension};

use super::kind::{Batch, Known, RecordKind};
use super::Tx;
use crate::am::field::common::{DELETED_AT, KIND, UPDATED_AT};
use crate::am::View;
use crate::error::{Error, Result};
use crate::ids::{DocId, RecordId};
use crate::time::Timestamp;

/// A document opened for editing, with the state it had when opened (or last committed) so
/// the change can say which fields it touched.
pub struct Doc {
    /// The document.
    pub am: AutoCommit,
    /// Its id.
    pub id: DocId,
    /// Its root as of the last commit (or the opening): after a commit, the state the
    /// projection is read from, so a write hydrates the root once.
    root: hydrate::Map,
    /// No change of this document has been stored yet.
    fresh: bool,
}

/// A change made and encoded, ready for the change log: what [`Doc::commit`] returns. Making
/// one needs no database, so imports make them on several threads and store them in one.
#[derive(Clone, Debug)]
pub struct Committed {
    /// The document it changes.
    pub id: DocId,
    /// The `kind` the document names, when it names one.
    pub kind: Option<String>,
    /// The change's hash.
    pub hash: String,
    /// The fields the change touched, comma-separated (the change's own message).
    pub message: String,
    /// The encoded change.
    pub bytes: Vec<u8>,
    /// The whole document: for a document's first change, the change itself (Automerge loads a
    /// change chunk as a document), which spares a second encoding.
    pub snapshot: Vec<u8>,
    /// The document's heads after the change, comma-separated.
    pub heads: String,
}

/// The `kind` a hydrated root names.
fn kind_of(root: &hydrate::Map) -> Option<String> {
    KIND.get(&View::new(root))
}

impl Committed {
    /// The first change of a new document whose whole state is `root` (which names its `kind`
    /// and its `updated_at`), encoded straight from the values by [`crate::am::first_change`]:
    /// no document is built. The change's message lists the root's fields. Needs no database,
    /// so imports make them on several threads.
    pub fn first(id: DocId, actor: &ActorId, root: &hydrate::Map, now: Timestamp) -> Committed {
        let mut fields: Vec<&str> = root
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| *k != UPDATED_AT.key())
            .collect();
        fields.sort_unstable();
        let message = fields.join(",");
        let change = crate::am::first_change::encode(actor, root, &message, now.0);
        let hash = change.hash().to_string();
        // Kept uncompressed (Automerge reads both): deflating 100,000 small changes costs more
        // than the bytes it saves.
        let bytes = change.raw_bytes().to_vec();
        Committed {
            id,
            kind: kind_of(root),
            hash: hash.clone(),
            message,
            // A document's first change is the whole document: Automerge loads a change chunk
            // as a document.
            snapshot: bytes.clone(),
            bytes,
            heads: hash,
        }
    }
}

impl Doc {
    /// A new document whose whole first state is `root` (which names its `kind`), built in one
    /// batch; Automerge requires the document to be empty for that. Needs no database.
    pub fn from_root(id: DocId, actor: ActorId, root: &hydrate::Map) -> Result<Doc> {
        let mut am = AutoCommit::new().with_actor(actor);
        am.init_root_from_hydrate(root)?;
        Ok(Doc {
            am,
            id,
            root: hydrate::Map::default(),
            fresh: true,
        })
    }

    /// A stored document, from its snapshot, to be edited as `actor`. Needs no database.
    pub fn from_snapshot(id: DocId, actor: ActorId, snapshot: &[u8]) -> Result<Doc> {
        let am = AutoCommit::load(snapshot)
            .map_err(|e| Error::Corrupt(format!("document {id}: {e}")))?
            .with_actor(actor);
        let root = View::root(&am)?;
        Ok(Doc {
            am,
            id,
            root,
            fresh: false,
        })
    }

    /// The document's root as of its last commit (or its opening), hydrated.
    pub fn root(&self) -> &hydrate::Map {
        &self.root
    }

    /// Commits the edits made since the document was opened (or last committed) as one change,
    /// stamped `updated_at = now`. `None` when the edits changed nothing.
    pub fn commit(&mut self, now: Timestamp) -> Result<Option<Committed>> {
        let mut after = View::root(&self.am)?;
        let fields = changed_fields(&self.root, &after);
        if fields.is_empty() {
            self.am.rollback();
            return Ok(None);
        }
        // (`get_heads` would close the open transaction, so freshness is tracked instead.)
        let first = std::mem::take(&mut self.fresh);
        let message = fields.join(",");
        UPDATED_AT.put(&mut self.am, Some(now))?;
        // The root just hydrated, with the stamp: the one read of the new state.
        after.insert(
            UPDATED_AT.key().to_string(),
            hydrate::MapValue {
                value: hydrate::Value::Scalar(automerge::ScalarValue::Int(now.0)),
                conflict: false,
            },
        );
        let opts = CommitOptions::default()
            .with_message(&message)
            .with_time(now.0);
        let hash = self
            .am
            .commit_with(opts)
            .ok_or_else(|| Error::Corrupt("empty commit".into()))?;
        let change = self
            .am
            .get_last_local_change()
            .ok_or_else(|| Error::Corrupt("commit without a change".into()))?;
        let bytes = change.raw_bytes().to_vec();
        let snapshot = if first { bytes.clone() } else { self.am.save() };
        self.root = after;
        Ok(Some(Committed {
            id: self.id,
            kind: kind_of(&self.root),
            hash: hash.to_string(),
            message,
            bytes,
            snapshot,
            heads: heads_text(&self.am.get_heads()),
        }))
    }
}

/// The stored snapshot of document `id`, on any connection. A document that is still its
/// first change keeps an empty snapshot (see [`FIRST_CHANGE_IS_SNAPSHOT`]): the change is the
/// document.
pub(crate) fn read_snapshot(conn: &rusqlite::Connection, id: DocId) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached(
            "SELECT CASE WHEN length(d.snapshot) > 0 THEN d.snapshot ELSE
                (SELECT c.bytes FROM changes c WHERE c.doc_id = d.id ORDER BY c.seq LIMIT 1) END
             FROM docs d WHERE d.id = ?1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// What `docs.snapshot` holds for a document whose whole history is its first change: nothing,
/// since Automerge loads that change (stored in `changes`) as the document. Storing it twice
/// made a fifth of the file after a large import (migration 0006).
pub(crate) const FIRST_CHANGE_IS_SNAPSHOT: &[u8] = &[];

/// The root keys whose value differs between two states of a document, sorted.
fn changed_fields(before: &hydrate::Map, after: &hydrate::Map) -> Vec<String> {
    let keys: BTreeSet<&String> = before.iter().chain(after.iter()).map(|(k, _)| k).collect();
    keys.into_iter()
        .filter(|k| before.get(k) != after.get(k))
        .filter(|k| k.as_str() != UPDATED_AT.key())
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
    fn open_doc(&self, id: DocId) -> Result<Option<Doc>> {
        self.snapshot(id)?
            .map(|s| Doc::from_snapshot(id, self.actor.clone(), &s))
            .transpose()
    }

    /// Opens a stored record of kind `K`; any other id is not found.
    pub fn open<K: RecordKind>(&self, id: K::Id) -> Result<Doc> {
        match self.open_doc(id.doc())? {
            Some(d) if KIND.get(&View::new(&d.root)).as_deref() == Some(K::NAME) => Ok(d),
            _ => Err(Error::NotFound {
                kind: <K::Id as RecordId>::LABEL,
                id: id.to_string(),
            }),
        }
    }

    /// Soft-deletes (`Some(now)`) or restores (`None`) a record, and returns its rows.
    /// Deleting what is deleted, or restoring what is not, is refused so the user hears that
    /// nothing happened.
    pub fn set_deleted<K: RecordKind>(
        &mut self,
        id: K::Id,
        at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<K::Rows> {
        let label = <K::Id as RecordId>::LABEL;
        let mut d = self.open::<K>(id)?;
        match (DELETED_AT.get(&View::new(&d.root)), at) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid(label, format!("{id} is already deleted")))
            }
            (None, None) => return Err(Error::invalid(label, format!("{id} is not deleted"))),
            _ => {}
        }
        DELETED_AT.put(&mut d.am, at)?;
        self.save::<K>(&mut d, now)?
            .ok_or_else(|| Error::Corrupt(format!("{label} {id}: deleting changed nothing")))
    }

    /// A new, empty document of kind `K`; nothing is stored until [`Tx::save`].
    pub fn new_doc<K: RecordKind>(&self, id: K::Id) -> Result<Doc> {
        let mut am = AutoCommit::new().with_actor(self.actor.clone());
        KIND.put(&mut am, Some(K::NAME))?;
        Ok(Doc {
            am,
            id: id.doc(),
            root: hydrate::Map::default(),
            fresh: true,
        })
    }

    /// A new document whose whole first state is `root`; see [`Doc::from_root`].
    pub fn new_doc_from(&self, id: DocId, root: &hydrate::Map) -> Result<Doc> {
        Doc::from_root(id, self.actor.clone(), root)
    }

    /// This device's Automerge actor, for work done off the transaction's thread.
    pub(crate) fn actor(&self) -> ActorId {
        self.actor.clone()
    }

    /// The stored snapshot of a document.
    pub(crate) fn snapshot(&self, id: DocId) -> Result<Option<Vec<u8>>> {
        read_snapshot(&self.tx, id)
    }

    /// The stored record, or a new document of kind `K` when this id has never been seen (ids
    /// derived from other records, such as the next occurrence of a repeating follow-up, may
    /// already have arrived from another device).
    pub fn open_or_new<K: RecordKind>(&self, id: K::Id) -> Result<Doc> {
        match self.open_doc(id.doc())? {
            Some(doc) => Ok(doc),
            None => self.new_doc::<K>(id),
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
        let snapshot = if c.snapshot == c.bytes {
            FIRST_CHANGE_IS_SNAPSHOT
        } else {
            &c.snapshot
        };
        self.upsert_doc(c.id, c.kind.as_deref(), snapshot, &c.heads, now)
    }

    /// Stores a document's state: the kind it names (when this build knows it), its snapshot
    /// and its heads.
    pub(crate) fn upsert_doc(
        &self,
        id: DocId,
        kind: Option<&str>,
        snapshot: &[u8],
        heads: &str,
        now: Timestamp,
    ) -> Result<()> {
        let kind = kind.and_then(|k| self.kinds.find(k)).map(|k| k.name());
        self.tx
            .prepare_cached(
                "INSERT INTO docs(id, kind, snapshot, heads, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, snapshot = excluded.snapshot,
                   heads = excluded.heads, updated_at = excluded.updated_at",
            )?
            .execute(params![id, kind, snapshot, heads, now.0])?;
        Ok(())
    }

    /// Commits the edits made to `doc` (a record of kind `K`) as one Automerge change, appends
    /// it to the change log, stores the new snapshot and writes the record's rows, which it
    /// returns. `None` when the edits changed nothing (no change is recorded then).
    pub fn save<K: RecordKind>(
        &mut self,
        doc: &mut Doc,
        now: Timestamp,
    ) -> Result<Option<K::Rows>> {
        // A kind left out of the registry would write here but never sync nor rebuild.
        if self.kinds.find(K::NAME).is_none() {
            return Err(Error::Corrupt(format!(
                "record kind {} is not in the registry (core/src/kinds.rs)",
                K::NAME
            )));
        }
        let Some(committed) = doc.commit(now)? else {
            return Ok(None);
        };
        self.store_commit(&committed, now)?;
        let mut rows = K::read(K::Id::from_uuid(doc.id.0), &View::new(doc.root()))?;
        let mut batch = Batch::default();
        K::write(&mut rows, &mut batch.writer(self.conn(), Known::Maybe))?;
        batch.flush(self.conn())?;
        Ok(Some(rows))
    }

    /// [`Tx::save`], or when the edits changed nothing, the record as `get` reads it.
    pub fn save_or<K: RecordKind>(
        &mut self,
        doc: &mut Doc,
        now: Timestamp,
        get: impl FnOnce(&rusqlite::Connection) -> Result<K::Rows>,
    ) -> Result<K::Rows> {
        match self.save::<K>(doc, now)? {
            Some(rows) => Ok(rows),
            None => get(self.conn()),
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::CommitOptions;
    use proptest::prelude::*;

    use super::*;
    use crate::contacts::{doc, ContactChanges, CustomField, Email, Phone};

    /// The change Automerge itself makes for a new document holding `root`.
    fn by_automerge(actor: &ActorId, root: &hydrate::Map, message: &str, time: i64) -> Vec<u8> {
        let mut am = AutoCommit::new().with_actor(actor.clone());
        am.init_root_from_hydrate(root).unwrap();
        am.commit_with(
            CommitOptions::default()
                .with_message(message)
                .with_time(time),
        );
        am.get_last_local_change().unwrap().raw_bytes().to_vec()
    }

    fn contact(name: String, text: String, n: usize) -> ContactChanges {
        let mut c = ContactChanges {
            name: Some(name),
            company: Some(text.clone()),
            vip: Some(n.is_multiple_of(2)),
            keep_in_touch_days: Some(Some(n as u32)),
            emails: Some(
                (0..n)
                    .map(|i| Email {
                        label: format!("l{i}"),
                        value: format!("p{i}@example.com"),
                    })
                    .collect(),
            ),
            phones: Some(
                (0..n)
                    .map(|i| Phone {
                        value: format!("+1 212 555 01{i:02}"),
                        ..Default::default()
                    })
                    .collect(),
            ),
            custom_fields: Some(vec![CustomField {
                key: format!("k {text}"),
                value: text.clone(),
            }]),
            tags: Some((0..n).map(|i| format!("tag {i} {text}")).collect()),
            add_import_keys: vec![format!("key{n}")],
            ..Default::default()
        };
        c.background.likes = Some(text.clone());
        c.background.misc = Some(format!("{text}\n{text}"));
        c
    }

    /// A document that is still its first change keeps no second copy of it; it loads from
    /// the change log, and its first edit stores a whole snapshot again.
    #[test]
    fn a_first_change_is_not_stored_twice() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(&dir.path().join("k.db"), "US").unwrap();
        let now = Timestamp(1_700_000_000_000);
        let made = store
            .write(|tx| crate::contacts::create(tx, contact("Ada".into(), "x".into(), 1), now))
            .unwrap();
        let id = made.id.doc();
        let stored = |store: &crate::store::Store| -> Vec<u8> {
            store
                .conn()
                .query_row("SELECT snapshot FROM docs WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        assert!(stored(&store).is_empty());
        let loaded = store.load_doc(id).unwrap().unwrap();
        assert_eq!(doc::read(&loaded, made.id).unwrap(), made);
        let edit = ContactChanges {
            title: Some("Countess".into()),
            ..Default::default()
        };
        let edited = store
            .write(|tx| crate::contacts::update(tx, made.id, edit, Timestamp(now.0 + 1)))
            .unwrap();
        assert!(!stored(&store).is_empty());
        let loaded = store.load_doc(id).unwrap().unwrap();
        assert_eq!(doc::read(&loaded, made.id).unwrap(), edited);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The first change is encoded byte for byte as Automerge encodes it, so its hash, its
        /// history and its merges are Automerge's own.
        #[test]
        fn first_changes_are_the_ones_automerge_makes(
            name in "\\PC{1,20}",
            text in "(\\PC|[😀👩‍👩‍👧\u{202e}\n,\"])*",
            n in 0usize..4,
            time in 0i64..4_000_000_000_000,
        ) {
            let actor = ActorId::random();
            let changes = doc::validate(contact(name, text, n), "US").unwrap();
            let root = doc::initial(&changes, Timestamp(time));
            let ours = Committed::first(DocId(uuid::Uuid::nil()), &actor, &root, Timestamp(time));
            let theirs = by_automerge(&actor, &root, &ours.message, time);
            prop_assert_eq!(&ours.bytes, &theirs);
            let mut loaded = AutoCommit::load(&ours.snapshot).unwrap();
            prop_assert_eq!(View::root(&loaded).unwrap(), root.clone());
            let change = automerge::Change::from_bytes(ours.bytes.clone()).unwrap();
            prop_assert_eq!(crate::am::first_change::decode(&change), Some(root));
            prop_assert_eq!(heads_text(&loaded.get_heads()), ours.heads);
            prop_assert_eq!(ours.kind.as_deref(), Some("contact"));
        }
    }
}
