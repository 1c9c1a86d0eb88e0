//! The store: one SQLite file holding Automerge documents, their change log and the projection.
//!
//! Every write goes doc → change → `changes` row → projection inside one `BEGIN IMMEDIATE`
//! transaction ([`Store::write`]), so a crash leaves all of it or none of it, and two processes
//! writing the same file (the app and the CLI) take turns instead of losing each other's edits:
//! each write loads the document inside its own transaction.

mod checkpoint;
mod docs;
mod history;
pub mod kind;
mod open;
mod project;
mod rebuild;
mod sync;

use automerge::ActorId;
use rusqlite::{Connection, TransactionBehavior};

use crate::error::Result;

pub use docs::{Committed, Doc};
pub use history::{FieldChange, HistoryEntry};
pub use kind::{RecordKind, Registry};
pub use open::SCHEMA_VERSION;
pub(crate) use open::{decode_hex, open_reader};
pub use rebuild::RebuildReport;
pub use sync::{ApplyReport, Received, RemoteChange, StoredChange};

/// Where the database lives when nobody names another file: `kith.db` in the platform's data
/// directory (`~/.local/share/kith` on Linux). The CLI and the desktop app share it.
pub fn default_path() -> std::path::PathBuf {
    directories::ProjectDirs::from("", "", "kith")
        .map(|d| d.data_dir().join("kith.db"))
        .unwrap_or_else(|| std::path::PathBuf::from("kith.db"))
}

/// An open Kith database file.
pub struct Store {
    conn: Connection,
    actor: ActorId,
    region: String,
    /// The record kinds the file holds.
    kinds: &'static Registry,
    /// `PRAGMA data_version` when we last looked, to notice other processes' commits.
    data_version: i64,
    /// The highest change sequence number this handle has reported or written.
    seen_seq: i64,
    /// Declared after `conn` so it is dropped after it (see `Checkpointer`'s drop).
    _checkpointer: checkpoint::Checkpointer,
}

/// One write transaction. Domain functions take `&mut Tx` so a CLI command, an import of
/// 100,000 rows or a sync batch each commit as one unit.
pub struct Tx<'s> {
    tx: rusqlite::Transaction<'s>,
    actor: &'s ActorId,
    region: &'s str,
    kinds: &'static Registry,
}

impl Store {
    /// Runs `f` in one immediate transaction and commits when it returns `Ok`; any error rolls
    /// everything back, so bad input leaves the file untouched.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let out = self.transact(true, f)?;
        // Our own commit does not move data_version for this connection, so only the sequence
        // number needs catching up: what we wrote is not news to us.
        self.seen_seq = open::max_seq(&self.conn)?;
        Ok(out)
    }

    /// Runs `f` in one immediate transaction like [`Store::write`], then rolls everything back:
    /// what a write would do, without doing it (an import's `--dry-run`).
    pub fn write_then_discard<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.transact(false, f)
    }

    fn transact<T>(&mut self, keep: bool, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut w = Tx {
            tx,
            actor: &self.actor,
            region: &self.region,
            kinds: self.kinds,
        };
        let out = f(&mut w)?;
        if keep {
            w.tx.commit()?;
        } else {
            w.tx.rollback()?;
        }
        Ok(out)
    }

    /// Read-only access for queries: lists, search, rules.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// This device's Automerge actor id, as hex; it names the device in the change history.
    pub fn device_id(&self) -> String {
        self.actor.to_hex_string()
    }

    /// The region phone numbers without a country code are read in.
    pub fn default_region(&self) -> &str {
        &self.region
    }

    /// The database file's path.
    pub fn path(&self) -> std::path::PathBuf {
        std::path::PathBuf::from(self.conn.path().unwrap_or_default())
    }

    /// A setting kept in the file (`meta`), such as the sync account.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets (or, with `None`, removes) settings kept in the file, in one transaction.
    pub fn set_meta(&mut self, entries: &[(&str, Option<&str>)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (key, value) in entries {
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO meta(key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, v],
                )?,
                None => tx.execute("DELETE FROM meta WHERE key = ?1", [key])?,
            };
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes a consistent copy of the whole file to `to` (which must not exist yet), while
    /// other readers and writers carry on.
    pub fn backup_to(&self, to: &std::path::Path) -> Result<()> {
        if to.exists() {
            return Err(crate::Error::invalid(
                to.display().to_string(),
                "already exists; choose a new file name for the backup",
            ));
        }
        let target = to.to_str().ok_or_else(|| {
            crate::Error::invalid(to.display().to_string(), "is not a UTF-8 path")
        })?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        Ok(())
    }

    /// The record kinds this file holds.
    pub fn kinds(&self) -> &'static Registry {
        self.kinds
    }

    /// The current Automerge document `id`, for the few questions the projection does not answer
    /// (the values two devices set concurrently). Lists and search never need this.
    pub fn load_doc(&self, id: crate::ids::DocId) -> Result<Option<automerge::AutoCommit>> {
        docs::read_snapshot(&self.conn, id)?
            .map(|s| {
                automerge::AutoCommit::load(&s)
                    .map_err(|e| crate::Error::Corrupt(format!("document {id}: {e}")))
            })
            .transpose()
    }

    /// Documents changed by other processes (the CLI, a sync run) since the last call, oldest
    /// first. Cheap when nothing happened: one `PRAGMA data_version`.
    pub fn external_changes(&mut self) -> Result<Vec<String>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if version == self.data_version {
            return Ok(Vec::new());
        }
        self.data_version = version;
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc_id, MAX(seq) AS s FROM changes WHERE seq > ?1 GROUP BY doc_id ORDER BY s",
        )?;
        let rows = stmt
            .query_map([self.seen_seq], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if let Some((_, s)) = rows.last() {
            self.seen_seq = *s;
        }
        Ok(rows.into_iter().map(|(d, _)| d).collect())
    }
}

impl Tx<'_> {
    /// The transaction's connection, for reads and for rows a kind writes.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The region phone numbers without a country code are read in.
    pub fn default_region(&self) -> &str {
        self.region
    }
}
