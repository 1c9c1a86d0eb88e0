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

impl Committed {
    /// The first change of a new document whose whole state is `root` (which names its `kind`
    /// and its `updated_at`), encoded straight from the values by [`crate::am::first_change`]:
    /// no document is built. The change's message lists the root's fields. Needs no database,
    /// so imports make them on several threads.
    pub fn first(id: &str, actor: &ActorId, root: &hydrate::Map, now: Timestamp) -> Committed {
        let mut fields: Vec<&str> = root
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| *k != "updated_at")
            .collect();
        fields.sort_unstable();
        let message = fields.join(",");
        let change = crate::am::first_change::encode(actor, root, &message, now.0);
        let hash = change.hash().to_string();
        // Kept uncompressed (Automerge reads both): deflating 100,000 small changes costs more
        // than the bytes it saves.
        let bytes = change.raw_bytes().to_vec();
        let kind = match root.get("kind") {
            Some(hydrate::Value::Scalar(s)) => s.as_str().and_then(DocKind::parse),
            _ => None,
        };
        Committed {
            id: id.to_string(),
            kind,
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
        let (hash, change) = self.stamp_and_commit(&message, now)?;
        let bytes = change.raw_bytes().to_vec();
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

/// The stored snapshot of document `id`, on any connection. A document that is still its
/// first change keeps an empty snapshot (see [`FIRST_CHANGE_IS_SNAPSHOT`]): the change is the
/// document.
pub(crate) fn read_snapshot(conn: &rusqlite::Connection, id: &str) -> Result<Option<Vec<u8>>> {
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
        let snapshot = if c.snapshot == c.bytes {
            FIRST_CHANGE_IS_SNAPSHOT
        } else {
            &c.snapshot
        };
        self.upsert_doc(&c.id, c.kind, snapshot, &c.heads, now)
    }

    pub(crate) fn upsert_doc(
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
        let id = made.id.to_string();
        let stored = |store: &crate::store::Store| -> Vec<u8> {
            store
                .conn()
                .query_row("SELECT snapshot FROM docs WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        assert!(stored(&store).is_empty());
        let loaded = store.load_doc(&id).unwrap().unwrap();
        assert_eq!(doc::read(&loaded, made.id).unwrap(), made);
        let edit = ContactChanges {
            title: Some("Countess".into()),
            ..Default::default()
        };
        let edited = store
            .write(|tx| crate::contacts::update(tx, made.id, edit, Timestamp(now.0 + 1)))
            .unwrap();
        assert!(!stored(&store).is_empty());
        let loaded = store.load_doc(&id).unwrap().unwrap();
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
            let ours = Committed::first("d", &actor, &root, Timestamp(time));
            let theirs = by_automerge(&actor, &root, &ours.message, time);
            prop_assert_eq!(&ours.bytes, &theirs);
            let mut loaded = AutoCommit::load(&ours.snapshot).unwrap();
            prop_assert_eq!(root_map(&loaded).unwrap(), root.clone());
            let change = automerge::Change::from_bytes(ours.bytes.clone()).unwrap();
            prop_assert_eq!(crate::am::first_change::decode(&change), Some(root));
            prop_assert_eq!(heads_text(&loaded.get_heads()), ours.heads);
            prop_assert_eq!(ours.kind, Some(DocKind::Contact));
        }
    }
}
