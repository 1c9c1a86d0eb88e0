//! Rebuilding the projection from the change log, and checking it against the live one.

use std::hash::{Hash, Hasher};

use automerge::{AutoCommit, Change};
use serde::Serialize;

use super::kind::{Batch, Known, Registry};
use super::{project, Store};
use crate::error::{Error, Result};
use crate::ids::DocId;

// IPC type: ts-rs copies doc comments into ui/src/lib/bindings.ts; its docs come with the IPC
// rework (see the desktop's bindings).
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RebuildReport {
    /// The documents the projection was rebuilt from.
    pub documents: usize,
    /// Whether the rebuilt projection equals the one it replaced.
    pub matched: bool,
}

fn digest(conn: &rusqlite::Connection, kinds: &Registry) -> Result<(u64, usize)> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut n = 0;
    project::visit(conn, kinds, |l| {
        l.hash(&mut h);
        n += 1;
    })?;
    Ok((h.finish(), n))
}

impl Store {
    /// The projection as canonical lines, for comparing replicas.
    pub fn projection_dump(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        project::visit(&self.conn, self.kinds, |l| out.push(l.to_string()))?;
        Ok(out)
    }

    /// Drops every projection row and recomputes it from the change log, one document at a time,
    /// in one transaction. Reports whether the result equals what was there before.
    pub fn rebuild(&mut self) -> Result<RebuildReport> {
        let kinds = self.kinds;
        self.write(|tx| {
            let before = digest(tx.conn(), kinds)?;
            project::clear(tx.conn(), kinds)?;
            let ids: Vec<DocId> = tx
                .conn()
                .prepare("SELECT DISTINCT doc_id FROM changes ORDER BY doc_id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = tx
                .conn()
                .prepare("SELECT bytes FROM changes WHERE doc_id = ?1 ORDER BY seq")?;
            let mut batch = Batch::default();
            for id in &ids {
                let mut changes = Vec::new();
                for bytes in stmt.query_map([id], |r| r.get::<_, Vec<u8>>(0))? {
                    changes.push(
                        Change::from_bytes(bytes?).map_err(|e| Error::Corrupt(e.to_string()))?,
                    );
                }
                let mut am = AutoCommit::new();
                am.apply_changes(changes)?;
                if let Some(rows) = kinds.read(*id, &crate::am::View::root(&am)?)? {
                    rows.write(&mut batch, tx.conn(), Known::Maybe)?;
                }
            }
            batch.flush(tx.conn())?;
            let after = digest(tx.conn(), kinds)?;
            Ok(RebuildReport {
                documents: ids.len(),
                matched: before == after,
            })
        })
    }
}
