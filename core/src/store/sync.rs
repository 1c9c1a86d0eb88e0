//! What sync needs from the store: the outbox of local changes, and applying changes that came
//! from another replica. The transport (and its encryption) lives elsewhere; here a change is
//! just a document id and Automerge bytes.

use std::collections::BTreeSet;

use automerge::{AutoCommit, Change, ChangeHash};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::project::Projection;
use super::{DocKind, Store, Tx};
use crate::contacts::project::SearchRows;
use crate::error::{Error, Result};
use crate::time::Timestamp;

/// A change as stored in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredChange {
    pub seq: i64,
    pub doc_id: String,
    pub hash: String,
    pub bytes: Vec<u8>,
}

/// A change received from another replica.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteChange {
    pub doc_id: String,
    pub bytes: Vec<u8>,
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
        let mut decoded = Vec::with_capacity(changes.len());
        for (i, c) in changes.iter().enumerate() {
            uuid::Uuid::try_parse(&c.doc_id).map_err(|_| {
                Error::invalid(format!("change {}", i + 1), "the document id is not a uuid")
            })?;
            let change = Change::from_bytes(c.bytes.clone()).map_err(|e| {
                Error::invalid(
                    format!("change {}", i + 1),
                    format!("not an automerge change: {e}"),
                )
            })?;
            decoded.push((c, change));
        }
        self.write(|tx| {
            let mut report = ApplyReport::default();
            let mut touched = BTreeSet::new();
            for (c, change) in decoded {
                let (hash, actor, at) = (change.hash().to_string(), change.actor_id().to_hex_string(), change.timestamp());
                let message = change.message().map(str::to_owned);
                let inserted = tx
                    .tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO changes(doc_id, hash, actor, at, message, local, pushed, applied, bytes)
                         VALUES (?1, ?2, ?3, ?4, ?5, 0, 1, 0, ?6)",
                    )?
                    .execute(params![
                        c.doc_id,
                        hash,
                        actor,
                        at,
                        message,
                        change.raw_bytes()
                    ])?;
                if inserted == 1 {
                    report.new += 1;
                    touched.insert(c.doc_id.clone());
                }
            }
            // Each touched document is loaded here, its changes applied and its record read on
            // every core (pure Automerge work, most of the cost), and the results written here.
            report.documents = touched.len();
            let mut work = Vec::with_capacity(touched.len());
            for doc_id in touched {
                work.push(load_pending(tx, doc_id)?);
            }
            let applied = crate::par::map(work, apply_pending);
            // Search rows are inserted together at the end: FTS5 flushes what it holds at
            // every later statement of the transaction, so one contact at a time wrote a tiny
            // index segment per document.
            let mut search = SearchRows::default();
            for a in applied {
                report.pending += store_applied(tx, a?, now, &mut search)?;
            }
            search.insert(tx.conn())?;
            Ok(report)
        })
    }
}

/// A document with changes waiting to be applied, as loaded from the file.
struct Pending {
    doc_id: String,
    /// The stored document; `None` when it is new to this file.
    known: Option<Vec<u8>>,
    /// The changes not yet applied, oldest first, with their local sequence numbers.
    changes: Vec<(i64, Vec<u8>)>,
}

/// What applying a document's pending changes gave: which applied, and what to store.
struct Applied {
    doc_id: String,
    fresh: bool,
    applied: Vec<i64>,
    waiting: usize,
    /// The document's new state, when any change applied: kind, snapshot (empty for a
    /// document that is its first change), heads and rows.
    state: Option<(Option<DocKind>, Vec<u8>, String, Projection)>,
}

fn load_pending(tx: &Tx<'_>, doc_id: String) -> Result<Pending> {
    let known = tx.snapshot(&doc_id)?;
    let changes = tx
        .tx
        .prepare_cached(
            "SELECT seq, bytes FROM changes WHERE doc_id = ?1 AND applied = 0 ORDER BY seq",
        )?
        .query_map([&doc_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Pending {
        doc_id,
        known,
        changes,
    })
}

/// Applies a document's pending changes; needs no database.
fn apply_pending(p: Pending) -> Result<Applied> {
    let Pending {
        doc_id,
        known,
        changes: pending,
    } = p;
    let mut am = match &known {
        Some(s) => {
            AutoCommit::load(s).map_err(|e| Error::Corrupt(format!("document {doc_id}: {e}")))?
        }
        None => AutoCommit::new(),
    };
    let mut changes = Vec::with_capacity(pending.len());
    for (_, bytes) in &pending {
        changes.push(Change::from_bytes(bytes.clone()).map_err(|e| Error::Corrupt(e.to_string()))?);
    }
    let hashes: Vec<ChangeHash> = changes.iter().map(Change::hash).collect();
    // A document new to this file whose whole history is one change (how every record starts,
    // so a new device's first sync is mostly these) keeps no separate snapshot, as a local
    // creation does: the change in the log is the document.
    let whole = known.is_none() && pending.len() == 1 && changes[0].deps().is_empty();
    am.apply_changes(changes)?;
    let mut applied = Vec::with_capacity(pending.len());
    for ((seq, _), hash) in pending.iter().zip(&hashes) {
        // (The metadata lookup: `get_change_by_hash` re-encodes the change.)
        if am.get_change_meta_by_hash(hash).is_some() {
            applied.push(*seq);
        }
    }
    let waiting = pending.len() - applied.len();
    let state = if applied.is_empty() {
        None
    } else {
        let (snapshot, heads) = if whole {
            let empty = super::docs::FIRST_CHANGE_IS_SNAPSHOT.to_vec();
            (empty, super::docs::heads_text(&hashes))
        } else {
            (am.save(), super::docs::heads_text(&am.get_heads()))
        };
        let rows = Projection::read(&doc_id, &am)?;
        Some((DocKind::of(&am)?, snapshot, heads, rows))
    };
    Ok(Applied {
        doc_id,
        fresh: known.is_none(),
        applied,
        waiting,
        state,
    })
}

/// Stores what [`apply_pending`] gave; returns how many changes still wait.
fn store_applied(
    tx: &mut Tx<'_>,
    a: Applied,
    now: Timestamp,
    search: &mut SearchRows,
) -> Result<usize> {
    let mut mark = tx
        .tx
        .prepare_cached("UPDATE changes SET applied = 1 WHERE seq = ?1")?;
    for seq in &a.applied {
        mark.execute([seq])?;
    }
    if let Some((kind, snapshot, heads, rows)) = a.state {
        tx.upsert_doc(&a.doc_id, kind, &snapshot, &heads, now)?;
        rows.write(tx.conn(), a.fresh, search)?;
    }
    Ok(a.waiting)
}
