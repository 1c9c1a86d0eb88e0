//! The import engine: one transaction for the whole file, read in chunks.
//!
//! For each chunk of records the engine
//! 1. **plans** on the reading thread: every person is matched by the fingerprint of the row
//!    it came from (seen before: unchanged), then by email (case-insensitive), then by E.164
//!    phone, against the database as it was before the import (read through a connection of
//!    its own) and against everyone the import placed before, and is to be created, merged or
//!    left alone; never matched on a name alone;
//! 2. **builds** the Automerge changes on every core: people are split between threads by
//!    contact, so all edits of one contact happen in order on one thread;
//! 3. **writes** the changes, snapshots and projection rows in file order.
//!
//! Nothing is committed until the last chunk is written, so a crash or SIGKILL leaves the file
//! exactly as it was, and `--dry-run` is the same run rolled back.

use std::collections::HashMap;
use std::time::Instant;

use serde::Serialize;

use super::merge::{creation, fingerprint, fingerprint_with, merge, sanitise};
use super::model::{Draft, Format, RowError, SourceRecord};
use super::placement::{link, Action, Plan, Planner, PossibleDuplicate};
use crate::am::View;
use crate::contacts::{self, ContactRows, Contacts};
use crate::error::{Error, Result};
use crate::ids::{ContactId, RecordId};
use crate::store::kind::{Batch, Known, RecordKind};
use crate::store::{Committed, Doc, Store, Tx};
use crate::time::Timestamp;

/// What an import did; every record read is counted in exactly one of created, updated,
/// unchanged or errors.
// IPC type: ts-rs copies doc comments into ui/src/lib/bindings.ts; its docs come with the IPC
// rework (see the desktop's bindings).
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub format: Format,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
    /// What was read with a guess or kept aside (a line kept as a custom field, a value
    /// decoded as Windows-1252), by row; the row is still counted above.
    pub warnings: Vec<RowError>,
    /// People of this file placed as separate contacts although they share an email or phone
    /// with an earlier row of the file under a different name: maybe one person, maybe not.
    pub possible_duplicates: Vec<PossibleDuplicate>,
    pub duration_ms: u64,
}

/// Records per chunk: large enough to keep both cores busy, small enough to bound memory.
const CHUNK: usize = 2_000;

/// Records in the first chunk. Chunk sizes double from here up to [`CHUNK`]: the first chunk
/// is built with nothing to write beside it, so a small one gets both cores working sooner.
const FIRST_CHUNK: usize = 250;

enum Built {
    Written(Box<Written>),
    Unchanged,
}

/// A change ready to store, with the rows it projects to.
struct Written {
    committed: Committed,
    rows: ContactRows,
    created: bool,
}

/// Imports `records` (already opened in `format`) into `store`, calling `progress` with the
/// number of records done after each chunk. With `dry_run` nothing is written.
pub fn run(
    store: &mut Store,
    records: super::model::Records<'_>,
    format: Format,
    dry_run: bool,
    progress: &mut dyn FnMut(usize),
    now: Timestamp,
) -> Result<ImportReport> {
    let started = Instant::now();
    let region = store.default_region().to_string();
    let path = store.path();
    let mut report = std::thread::scope(|s| {
        let body = |tx: &mut Tx<'_>| -> Result<ImportReport> {
            // Reading, preparing (parsing cells, normalising phones, fingerprints) and placing
            // happen on a thread of their own, a couple of chunks ahead, so this thread only
            // writes: the database is the one part that cannot be shared between cores. The
            // thread starts inside the transaction, so what it reads of the database is what
            // the file held when the import began, and no other writer can change that.
            let (ready, chunks) = std::sync::mpsc::sync_channel::<Result<Planned>>(2);
            s.spawn(move || {
                crate::par::yield_to_writer();
                read_and_plan(records, &region, &path, ready)
            });
            let mut report = ImportReport {
                format,
                rows: 0,
                created: 0,
                updated: 0,
                unchanged: 0,
                errors: Vec::new(),
                warnings: Vec::new(),
                possible_duplicates: Vec::new(),
                duration_ms: 0,
            };
            // What the writer is done with is freed on a thread of its own: dropping a chunk's
            // contacts, changes and drafts cost the writer a twentieth of its time.
            let (trash, bin) = std::sync::mpsc::sync_channel::<Garbage>(2);
            s.spawn(move || {
                crate::par::yield_to_writer();
                bin.iter().for_each(drop);
            });
            let mut importer = Importer::new(tx, now, trash);
            for planned in chunks {
                let mut planned = planned?;
                report.rows += planned.records;
                report.errors.append(&mut planned.errors);
                report.warnings.append(&mut planned.warnings);
                report
                    .possible_duplicates
                    .append(&mut planned.possible_duplicates);
                importer.step(planned, &mut report)?;
                progress(report.rows);
            }
            importer.finish()?;
            progress(report.rows);
            report.errors.sort_by_key(|e| e.row);
            report.warnings.sort_by_key(|e| e.row);
            Ok(report)
        };
        if dry_run {
            store.write_then_discard(body)
        } else {
            store.write(body)
        }
    })?;
    report.duration_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// A record as the reading thread prepared it, or why it cannot be imported.
type Read = std::result::Result<Prepared, RowError>;

/// A chunk as the reading thread hands it over: how many records it read, those that cannot
/// be imported, and where each person of the others goes.
struct Planned {
    records: usize,
    errors: Vec<RowError>,
    warnings: Vec<RowError>,
    possible_duplicates: Vec<PossibleDuplicate>,
    actions: Vec<Action>,
    rows: Vec<RowActions>,
}

/// The reading thread: reads `records` in chunks, prepares and places each chunk's people and
/// hands the chunks to the writer, stopping when the writer stops listening.
fn read_and_plan(
    records: super::model::Records<'_>,
    region: &str,
    path: &std::path::Path,
    ready: std::sync::mpsc::SyncSender<Result<Planned>>,
) {
    let conn = match crate::store::open_reader(path) {
        Ok(c) => c,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let mut planner = Planner::default();
    let mut size = FIRST_CHUNK;
    let mut chunk = Vec::with_capacity(size);
    let mut warnings = Vec::new();
    for item in records {
        let item = item.map(|mut rec| {
            warnings.append(&mut rec.warnings);
            rec
        });
        chunk.push(item.and_then(|rec| prepare(rec, region)));
        if chunk.len() == size {
            size = (size * 2).min(CHUNK);
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(size));
            let planned = plan(&mut planner, &conn, full, std::mem::take(&mut warnings));
            if ready.send(planned).is_err() {
                return; // the import stopped
            }
        }
    }
    let _ = ready.send(plan(&mut planner, &conn, chunk, warnings));
}

/// Places a chunk's people. The planner remembers every person of the import: the writer is
/// a chunk or two behind, and `conn` sees the database as it was before the import anyway.
fn plan(
    planner: &mut Planner,
    conn: &rusqlite::Connection,
    chunk: Vec<Read>,
    warnings: Vec<RowError>,
) -> Result<Planned> {
    let records = chunk.len();
    let mut errors = Vec::new();
    let mut prepared: Vec<Prepared> = Vec::with_capacity(chunk.len());
    for r in chunk {
        match r {
            Ok(p) => prepared.push(p),
            Err(e) => errors.push(e),
        }
    }
    // Every person was fingerprinted and cleaned already; the database is asked once per
    // chunk, not once per person.
    let everyone: Vec<&(Draft, String)> = prepared.iter().flat_map(|(_, _, p)| p.iter()).collect();
    planner.prefetch(conn, &everyone)?;
    let mut actions: Vec<Action> = Vec::with_capacity(everyone.len());
    let mut possible_duplicates = Vec::new();
    let mut rows = Vec::with_capacity(prepared.len());
    for (row, linked, people) in prepared {
        let first = actions.len();
        for (draft, key) in people {
            let (target, plan) = planner.locate(&draft, &key, row, &mut possible_duplicates);
            planner.remember(&draft, &key, target, row);
            actions.push(Action {
                target,
                plan,
                draft,
                key,
            });
        }
        if linked && actions.len() - first > 1 {
            link(&mut actions[first..]);
        }
        rows.push((row, first..actions.len()));
    }
    Ok(Planned {
        records,
        errors,
        warnings,
        possible_duplicates,
        actions,
        rows,
    })
}

/// Carries an import from chunk to chunk. While the worker threads build chunk k, this thread
/// writes chunk k-1, so the cores are busy in both phases; `recent` holds the documents chunk
/// k-1 produced (one map per building thread), for merges in chunk k.
struct Importer<'t, 'c> {
    tx: &'t mut Tx<'c>,
    recent: Vec<Latest>,
    unwritten: Vec<Built>,
    now: Timestamp,
    trash: std::sync::mpsc::SyncSender<Garbage>,
}

/// A chunk's built changes and drafts, once written.
type Garbage = (Vec<Built>, Vec<Action>);

impl<'t, 'c> Importer<'t, 'c> {
    fn new(
        tx: &'t mut Tx<'c>,
        now: Timestamp,
        trash: std::sync::mpsc::SyncSender<Garbage>,
    ) -> Self {
        Importer {
            tx,
            recent: Vec::new(),
            unwritten: Vec::new(),
            now,
            trash,
        }
    }

    /// Builds the chunk on the worker threads while writing the previous one, and counts its
    /// rows.
    fn step(&mut self, planned: Planned, report: &mut ImportReport) -> Result<()> {
        let Planned { actions, rows, .. } = planned;
        let mut snapshots: HashMap<ContactId, Vec<u8>> = HashMap::new();
        for a in actions.iter().filter(|a| matches!(a.plan, Plan::Merge)) {
            if let std::collections::hash_map::Entry::Vacant(slot) = snapshots.entry(a.target) {
                let known = match self.recent.iter().find_map(|m| m.get(&a.target)) {
                    Some(s) => Some(s.clone()),
                    None => self.tx.snapshot(a.target.doc())?,
                };
                if let Some(s) = known {
                    slot.insert(s);
                }
            }
        }
        let mut previous = std::mem::take(&mut self.unwritten);
        let (built, latest) = build_all(self.tx, &actions, &snapshots, self.now, |tx| {
            write(tx, &mut previous, self.now)
        })?;
        self.recent = latest;
        for (_, range) in rows {
            let outcome = built[range].iter().map(|b| match b {
                Built::Written(w) if w.created => 2,
                Built::Written(_) => 1,
                Built::Unchanged => 0,
            });
            match outcome.max() {
                Some(2) => report.created += 1,
                Some(1) => report.updated += 1,
                _ => report.unchanged += 1,
            }
        }
        self.unwritten = built;
        // A send fails only when the freeing thread is gone, and then this thread frees.
        let _ = self.trash.send((previous, actions));
        Ok(())
    }

    /// Writes what the last step built.
    fn finish(mut self) -> Result<()> {
        write(self.tx, &mut self.unwritten, self.now)
    }
}

/// Fingerprints and cleans a record's people, or says why the record holds no one to import.
fn prepare(rec: SourceRecord, region: &str) -> std::result::Result<Prepared, RowError> {
    let people: Vec<Draft> = rec.people.into_iter().filter(|d| !d.is_empty()).collect();
    if people.is_empty() || people.iter().any(|d| !d.is_identifiable()) {
        let message = if people.is_empty() {
            "the row holds no person"
        } else {
            "no name, email or phone"
        };
        return Err(RowError {
            row: rec.row,
            column: None,
            message: message.into(),
        });
    }
    let own: Vec<String> = people.iter().map(fingerprint).collect();
    let placed = people
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let others: Vec<&str> = own
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, k)| k.as_str())
                .collect();
            let key = fingerprint_with(&own[i], if rec.linked { &others } else { &[] });
            (sanitise(d, region), key)
        })
        .collect();
    Ok((rec.row, rec.linked, placed))
}

/// A record read and cleaned, before its people are placed: row number, whether its people
/// are linked, and each person with the fingerprint of what the row says about them.
type Prepared = (usize, bool, Vec<(Draft, String)>);

/// A record's row number and the actions of its people.
type RowActions = (usize, std::ops::Range<usize>);

/// The latest state of each contact a building thread wrote, as bytes: a document is small on
/// disk but large in memory, so none is kept between rows.
type Latest = HashMap<ContactId, Vec<u8>>;

/// What one worker thread built: (action index, change) pairs, and its contacts' latest states.
type ShardResult = Result<(Vec<(usize, Built)>, Latest)>;

/// Stores built changes and their projection rows, in file order.
fn write(tx: &mut Tx<'_>, built: &mut [Built], now: Timestamp) -> Result<()> {
    let mut batch = Batch::default();
    for b in built {
        if let Built::Written(w) = b {
            tx.store_commit(&w.committed, now)?;
            let known = if w.created {
                Known::Nothing
            } else {
                Known::Maybe
            };
            Contacts::write(&mut w.rows, &mut batch.writer(tx.conn(), known))?;
        }
    }
    batch.flush(tx.conn())
}

/// Builds every action's change on as many threads as there are cores, while this thread runs
/// `meanwhile` on the transaction; returns the changes in action order, and each thread's
/// latest states.
fn build_all(
    tx: &mut Tx<'_>,
    actions: &[Action],
    snapshots: &HashMap<ContactId, Vec<u8>>,
    now: Timestamp,
    meanwhile: impl FnOnce(&mut Tx<'_>) -> Result<()>,
) -> Result<(Vec<Built>, Vec<Latest>)> {
    // As many builders as cores, though this thread writes meanwhile: building costs more
    // than writing, and an idle core is the worse waste.
    let threads = crate::par::cores();
    let shard = |id: &ContactId| (id.0.as_u128() % threads as u128) as usize;
    let actor = tx.actor();
    let region = tx.default_region().to_string();
    let (written, results): (Result<()>, Vec<ShardResult>) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (actor, region) = (actor.clone(), region.as_str());
                s.spawn(move || {
                    crate::par::yield_to_writer();
                    let mine = actions
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| shard(&a.target) == t);
                    build_shard(mine, actor, region, snapshots, now)
                })
            })
            .collect();
        let written = meanwhile(tx);
        let results = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Corrupt("an import thread panicked".into())))
            })
            .collect();
        (written, results)
    });
    written?;
    let mut all: Vec<(usize, Built)> = Vec::with_capacity(actions.len());
    let mut latest = Vec::with_capacity(results.len());
    for r in results {
        let (built, states) = r?;
        all.extend(built);
        latest.push(states);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok((all.into_iter().map(|(_, b)| b).collect(), latest))
}

fn build_shard<'a>(
    mine: impl Iterator<Item = (usize, &'a Action)>,
    actor: automerge::ActorId,
    region: &str,
    stored: &HashMap<ContactId, Vec<u8>>,
    now: Timestamp,
) -> ShardResult {
    let mut latest = Latest::new();
    let mut out = Vec::new();
    for (i, a) in mine {
        let id = a.target.doc();
        let known = latest.get(&a.target).or_else(|| stored.get(&a.target));
        let built = match (&a.plan, known) {
            (Plan::Unchanged, _) => Built::Unchanged,
            (Plan::Create, None) => {
                let changes = contacts::doc::validate(creation(&a.draft, &a.key), region)?;
                let root = contacts::doc::initial(&changes, now);
                let committed = Committed::first(id, &actor, &root, now);
                latest.insert(a.target, committed.snapshot.clone());
                Built::Written(Box::new(Written {
                    committed,
                    rows: Contacts::read(a.target, &View::new(&root))?,
                    created: true,
                }))
            }
            (_, known) => {
                let snapshot = known.ok_or_else(|| {
                    Error::Corrupt(format!("contact {id} has no stored document"))
                })?;
                let mut doc = Doc::from_snapshot(id, actor.clone(), snapshot)?;
                let current = contacts::doc::read_root(&View::new(doc.root()), a.target)?;
                let changes = contacts::doc::validate(merge(&current, &a.draft, &a.key), region)?;
                contacts::doc::apply(&mut doc.am, &changes)?;
                match doc.commit(now)? {
                    Some(committed) => {
                        latest.insert(a.target, committed.snapshot.clone());
                        Built::Written(Box::new(Written {
                            committed,
                            rows: Contacts::read(a.target, &View::new(doc.root()))?,
                            created: false,
                        }))
                    }
                    None => Built::Unchanged,
                }
            }
        };
        out.push((i, built));
    }
    Ok((out, latest))
}
