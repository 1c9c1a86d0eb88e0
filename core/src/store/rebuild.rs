//! Rebuilding the projection from the change log, and checking it against the live one.

use std::hash::{Hash, Hasher};

use automerge::{AutoCommit, Change};
use serde::Serialize;

use super::{project, Store};
use crate::error::{Error, Result};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RebuildReport {
    pub documents: usize,
    /// Whether the rebuilt projection equals the one it replaced.
    pub matched: bool,
}

fn digest(conn: &rusqlite::Connection) -> Result<(u64, usize)> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut n = 0;
    project::visit(conn, |l| {
        l.hash(&mut h);
        n += 1;
    })?;
    Ok((h.finish(), n))
}

impl Store {
    /// The projection as canonical lines, for comparing replicas.
    pub fn projection_dump(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        project::visit(&self.conn, |l| out.push(l.to_string()))?;
        Ok(out)
    }

    /// Drops every projection row and recomputes it from the change log, one document at a time,
    /// in one transaction. Reports whether the result equals what was there before.
    pub fn rebuild(&mut self) -> Result<RebuildReport> {
        self.write(|tx| {
            let before = digest(tx.conn())?;
            for table in project::PROJECTION_TABLES {
                // A contentless search index is emptied by its own command.
                let sql = if table.ends_with("_fts") {
                    format!("INSERT INTO {table}({table}) VALUES ('delete-all')")
                } else {
                    format!("DELETE FROM {table}")
                };
                tx.conn().execute(&sql, [])?;
            }
            let ids: Vec<String> = tx
                .conn()
                .prepare("SELECT DISTINCT doc_id FROM changes ORDER BY doc_id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = tx
                .conn()
                .prepare("SELECT bytes FROM changes WHERE doc_id = ?1 ORDER BY seq")?;
            let mut search = crate::contacts::search_entry::SearchRows::default();
            for id in &ids {
                let mut changes = Vec::new();
                for bytes in stmt.query_map([id], |r| r.get::<_, Vec<u8>>(0))? {
                    changes.push(
                        Change::from_bytes(bytes?).map_err(|e| Error::Corrupt(e.to_string()))?,
                    );
                }
                let mut am = AutoCommit::new();
                am.apply_changes(changes)?;
                project::project_into(tx.conn(), id, &am, &mut search)?;
            }
            search.insert(tx.conn())?;
            let after = digest(tx.conn())?;
            Ok(RebuildReport {
                documents: ids.len(),
                matched: before == after,
            })
        })
    }
}
