//! What sync needs from the store: the outbox of local changes, and applying changes that came
//! from another replica. The transport (and its encryption) lives elsewhere; here a change is
//! just a document id and Automerge bytes.

use std::collections::{BTreeMap, HashSet};

use automerge::{AutoCommit, Change, ChangeHash};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::kind::{Batch, Known, Projection, Registry};
use super::{Store, Tx};
use crate::error::{Error, Result};
use crate::ids::DocId;
use crate::time::Timestamp;

/// A change as stored in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredChange {
    /// Its place in this file's log (`changes.seq`).
    pub seq: i64,
    /// The Automerge document (record) it belongs to.
    pub doc_id: String,
    /// The Automerge change hash, hex.
    pub hash: String,
    /// The encoded Automerge change.
    pub bytes: Vec<u8>,
}

/// A change received from another replica.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteChange {
    /// The Automerge document (record) it belongs to.
    pub doc_id: String,
    /// The encoded Automerge change.
    pub bytes: Vec<u8>,
}

/// A stored change as another replica receives it.
impl From<StoredChange> for RemoteChange {
    fn from(c: StoredChange) -> Self {
        RemoteChange {
            doc_id: c.doc_id,
            bytes: c.bytes,
        }
    }
}

/// What [`Store::apply_remote`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ApplyReport {
    /// Changes this file had not seen before.
    pub new: usize,
    /// Changes still waiting for a change they depend on.
    pub pending: usize,
    /// Documents whose state moved.
    pub documents: usize,
}

fn rows_to_changes(
    stmt: &mut rusqlite::CachedStatement<'_>,
    p: impl rusqlite::Params,
) -> Result<Vec<StoredChange>> {
    let rows = stmt.query_map(p, |r| {
        Ok(StoredChange {
            seq: r.get(0)?,
            doc_id: r.get(1)?,
            hash: r.get(2)?,
            bytes: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Local changes the sync server has not acknowledged, oldest first.
    pub fn outbox(&self, limit: u32) -> Result<Vec<StoredChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, doc_id, hash, bytes FROM changes WHERE local = 1 AND pushed = 0 ORDER BY seq LIMIT ?1",
        )?;
        rows_to_changes(&mut stmt, [limit])
    }

    /// How many local changes the sync server has not acknowledged.
    pub fn outbox_len(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM changes WHERE local = 1 AND pushed = 0",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Records that the server acknowledged these changes.
    pub fn mark_pushed(&mut self, seqs: &[i64]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached("UPDATE changes SET pushed = 1 WHERE seq = ?1")?;
            for s in seqs {
                stmt.execute([s])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every change this file holds (local or received) after local sequence number `seq`.
    pub fn changes_after(&self, seq: i64, limit: u32) -> Result<Vec<StoredChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, doc_id, hash, bytes FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        rows_to_changes(&mut stmt, params![seq, limit])
    }

    /// Applies changes from another replica in one transaction. Duplicates are ignored; a change
    /// whose dependencies have not arrived is kept and applied when they do. A batch holding
    /// anything that is not a valid change is refused whole, before anything is written.
    pub fn apply_remote(
        &mut self,
        changes: &[RemoteChange],
        now: Timestamp,
    ) -> Result<ApplyReport> {
        let received = Received::read(self.kinds, changes.to_vec())?;
        self.apply_received(received, now)
    }

    /// Applies changes [`Received::new`] has checked and read (on another thread, while this
    /// one stored the previous batch), as [`Store::apply_remote`] does.
    pub fn apply_received(&mut self, received: Received, now: Timestamp) -> Result<ApplyReport> {
        let Received { ids, incoming } = received;
        self.write(|tx| {
            let mut report = ApplyReport::default();
            // The changes this file has not seen, by document, each with its place in the batch.
            let mut seen = HashSet::new();
            let mut fresh: BTreeMap<DocId, Vec<Incoming>> = BTreeMap::new();
            for incoming in incoming {
                let hash = incoming.change.hash();
                if !seen.insert(hash) || known_change(tx, &hash.to_string())? {
                    continue;
                }
                report.new += 1;
                fresh.entry(ids[incoming.row.at]).or_default().push(incoming);
            }
            report.documents = fresh.len();
            // Each document is loaded here, its changes applied and its record read on every
            // core (pure Automerge work, most of the cost) unless it is new to this file and
            // arrived whole (read already), and the results written here, so a change is
            // stored once, already marked applied or waiting.
            let mut work = Vec::with_capacity(fresh.len());
            for (doc_id, new) in fresh {
                work.push(load_pending(tx, doc_id, new)?);
            }
            let mut applied = Vec::with_capacity(work.len());
            let mut rest = Vec::new();
            for p in work {
                match p.read_already() {
                    Ok(a) => applied.push(Ok(a)),
                    Err(p) => rest.push(p),
                }
            }
            let kinds = tx.kinds;
            applied.extend(crate::par::map(rest, |p| apply_pending(kinds, p)));
            let mut rows = Vec::with_capacity(report.new);
            let mut docs = Vec::with_capacity(applied.len());
            for a in applied {
                let mut a = a?;
                rows.append(&mut a.new);
                docs.push(a);
            }
            // In the order they came, as before: the log's sequence follows arrival.
            rows.sort_unstable_by_key(|(_, r)| r.at);
            let mut insert = tx.tx.prepare_cached(
                "INSERT OR IGNORE INTO changes(doc_id, hash, actor, at, message, local, pushed, applied, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, 1, ?6, ?7)",
            )?;
            for (doc_id, r) in &rows {
                insert.execute(params![doc_id, r.hash, r.actor, r.time, r.message, r.applied, r.bytes])?;
            }
            drop(insert);
            // Search rows are inserted together at the end: FTS5 flushes what it holds at
            // every later statement of the transaction, so one contact at a time wrote a tiny
            // index segment per document.
            let mut batch = Batch::default();
            for a in docs {
                report.pending += store_applied(tx, a, now, &mut batch)?;
            }
            batch.flush(tx.conn())?;
            Ok(report)
        })
    }
}

/// Changes from another replica, checked and read as far as that needs no database: each is a
/// valid Automerge change for a document with a uuid, and a record's first change is already
/// read into its rows. Made on any thread: a sync run reads the next page while the last one
/// is stored.
pub struct Received {
    /// Each change's document id, by its place in the batch.
    ids: Vec<DocId>,
    incoming: Vec<Incoming>,
}

/// A received change: the change, its row in the log (not yet marked applied or waiting; it
/// knows the change's place in the batch), and, for a first change, what its record projects
/// to.
struct Incoming {
    change: Change,
    row: NewRow,
    first: Option<Projection>,
}

impl Received {
    /// Checks and reads `changes` on every core, each record's kind read through `kinds`. A
    /// batch holding anything that is not a valid change is refused whole.
    pub fn read(kinds: &'static Registry, changes: Vec<RemoteChange>) -> Result<Received> {
        let ids: Vec<DocId> = changes
            .iter()
            .enumerate()
            .map(|(i, c)| DocId::parse(&c.doc_id, &format!("change {}", i + 1)))
            .collect::<Result<_>>()?;
        let items: Vec<(usize, RemoteChange)> = changes.into_iter().enumerate().collect();
        let incoming = crate::par::map(items, |(i, c)| {
            let id = ids[i];
            let change = Change::from_bytes(c.bytes).map_err(|e| {
                Error::invalid(
                    format!("change {}", i + 1),
                    format!("not an automerge change: {e}"),
                )
            })?;
            // Read now in case the document is new to the file, as most are on a first sync; a
            // record that does not read here goes through Automerge, which says what is wrong.
            let first = crate::am::first_change::decode(&change)
                .and_then(|root| kinds.read(id, &root).ok().flatten());
            let row = NewRow {
                at: i,
                hash: change.hash().to_string(),
                actor: change.actor_id().to_hex_string(),
                time: change.timestamp(),
                message: change.message().map(str::to_owned),
                applied: false,
                bytes: change.raw_bytes().to_vec(),
            };
            Ok(Incoming { change, row, first })
        })
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
        Ok(Received { ids, incoming })
    }
}

fn known_change(tx: &Tx<'_>, hash: &str) -> Result<bool> {
    Ok(tx
        .tx
        .prepare_cached("SELECT 1 FROM changes WHERE hash = ?1")?
        .exists([hash])?)
}

/// A document with changes to apply: the ones already stored and waiting for their
/// dependencies, and the ones just received.
struct Pending {
    doc_id: DocId,
    /// The stored document; `None` when it is new to this file.
    known: Option<Vec<u8>>,
    /// Stored changes not yet applied, with their local sequence numbers.
    waiting: Vec<(i64, Vec<u8>)>,
    /// Changes just received.
    new: Vec<Incoming>,
}

impl Pending {
    /// A document new to this file whose whole history is one change (how every record
    /// starts, so a new device's first sync is mostly these).
    fn whole(&self) -> bool {
        self.known.is_none()
            && self.waiting.is_empty()
            && matches!(self.new.as_slice(), [i] if i.change.deps().is_empty())
    }

    /// What to store for a whole document [`Received::new`] has already read, without
    /// building a document for it; any other comes back, to be applied.
    fn read_already(self) -> std::result::Result<Applied, Pending> {
        if !self.whole() {
            return Err(self);
        }
        let doc_id = self.doc_id;
        match <[Incoming; 1]>::try_from(self.new) {
            Ok(
                [Incoming {
                    change,
                    mut row,
                    first: Some(projection),
                    ..
                }],
            ) => {
                row.applied = true;
                Ok(Applied {
                    doc_id,
                    fresh: true,
                    applied: Vec::new(),
                    new: vec![(doc_id, row)],
                    waiting: 0,
                    state: Some((
                        super::docs::FIRST_CHANGE_IS_SNAPSHOT.to_vec(),
                        super::docs::heads_text(&[change.hash()]),
                        Some(projection),
                    )),
                })
            }
            Ok(one) => Err(Pending {
                new: one.into(),
                ..self
            }),
            Err(new) => Err(Pending { new, ..self }),
        }
    }
}

/// A received change as it will be stored in the log.
struct NewRow {
    /// Its place in the batch.
    at: usize,
    hash: String,
    actor: String,
    time: i64,
    message: Option<String>,
    applied: bool,
    bytes: Vec<u8>,
}

/// What applying a document's changes gave: what to store.
struct Applied {
    doc_id: DocId,
    fresh: bool,
    /// Stored changes that applied now.
    applied: Vec<i64>,
    /// Received changes, marked applied or not.
    new: Vec<(DocId, NewRow)>,
    waiting: usize,
    /// The document's new state, when any change applied: snapshot (empty for a document that
    /// is its first change), heads and rows (none while its kind has not arrived).
    state: Option<(Vec<u8>, String, Option<Projection>)>,
}

fn load_pending(tx: &Tx<'_>, doc_id: DocId, new: Vec<Incoming>) -> Result<Pending> {
    let known = tx.snapshot(doc_id)?;
    let waiting = tx
        .tx
        .prepare_cached(
            "SELECT seq, bytes FROM changes WHERE doc_id = ?1 AND applied = 0 ORDER BY seq",
        )?
        .query_map([doc_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Pending {
        doc_id,
        known,
        waiting,
        new,
    })
}

/// Applies a document's changes; needs no database.
fn apply_pending(kinds: &Registry, p: Pending) -> Result<Applied> {
    // A whole document keeps no separate snapshot, as a local creation does: the change in
    // the log is the document.
    let whole = p.whole();
    let Pending {
        doc_id,
        known,
        waiting,
        new,
    } = p;
    let mut am = match &known {
        Some(s) => {
            AutoCommit::load(s).map_err(|e| Error::Corrupt(format!("document {doc_id}: {e}")))?
        }
        None => AutoCommit::new(),
    };
    let mut changes = Vec::with_capacity(waiting.len() + new.len());
    for (_, bytes) in &waiting {
        changes.push(Change::from_bytes(bytes.clone()).map_err(|e| Error::Corrupt(e.to_string()))?);
    }
    let hashes: Vec<ChangeHash> = changes
        .iter()
        .chain(new.iter().map(|i| &i.change))
        .map(Change::hash)
        .collect();
    let mut rows: Vec<(DocId, NewRow)> = Vec::with_capacity(new.len());
    for i in new {
        changes.push(i.change);
        rows.push((doc_id, i.row));
    }
    am.apply_changes(changes)?;
    // (The metadata lookup: `get_change_by_hash` re-encodes the change.)
    let done: Vec<bool> = hashes
        .iter()
        .map(|h| am.get_change_meta_by_hash(h).is_some())
        .collect();
    let (old_done, new_done) = done.split_at(waiting.len());
    let applied: Vec<i64> = waiting
        .iter()
        .zip(old_done)
        .filter(|(_, d)| **d)
        .map(|((seq, _), _)| *seq)
        .collect();
    for ((_, row), d) in rows.iter_mut().zip(new_done) {
        row.applied = *d;
    }
    let moved = applied.len() + rows.iter().filter(|(_, r)| r.applied).count();
    let still = hashes.len() - moved;
    let state = if moved == 0 {
        None
    } else {
        let (snapshot, heads) = if whole && still == 0 {
            let empty = super::docs::FIRST_CHANGE_IS_SNAPSHOT.to_vec();
            (empty, super::docs::heads_text(&hashes))
        } else {
            (am.save(), super::docs::heads_text(&am.get_heads()))
        };
        let rows = kinds.read(doc_id, &crate::am::View::root(&am)?)?;
        Some((snapshot, heads, rows))
    };
    Ok(Applied {
        doc_id,
        fresh: known.is_none(),
        applied,
        new: rows,
        waiting: still,
        state,
    })
}

/// Stores what [`apply_pending`] gave (its received changes are already in the log); returns
/// how many changes still wait.
fn store_applied(tx: &mut Tx<'_>, a: Applied, now: Timestamp, batch: &mut Batch) -> Result<usize> {
    let mut mark = tx
        .tx
        .prepare_cached("UPDATE changes SET applied = 1 WHERE seq = ?1")?;
    for seq in &a.applied {
        mark.execute([seq])?;
    }
    if let Some((snapshot, heads, rows)) = a.state {
        let kind = rows.as_ref().map(Projection::kind);
        tx.upsert_doc(a.doc_id, kind, &snapshot, &heads, now)?;
        if let Some(rows) = rows {
            // A document new to this file has no rows, though records may name it already.
            let known = if a.fresh { Known::NoRows } else { Known::Maybe };
            rows.write(batch, tx.conn(), known)?;
        }
    }
    Ok(a.waiting)
}
