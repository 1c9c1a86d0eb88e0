//! Pushes, committed together: every push waiting for the writer goes into one transaction.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::live::Hub;
use crate::store::{NewChange, StoreError, Stored};

/// A push waiting for the writer.
pub(super) struct PushJob {
    pub(super) workspace_id: String,
    pub(super) device_id: String,
    pub(super) changes: Vec<NewChange>,
    pub(super) now: i64,
    pub(super) done: tokio::sync::oneshot::Sender<Result<Stored, StoreError>>,
}

/// Stores every waiting push in one transaction (group commit): under a burst of devices the
/// writer's time went to committing, once per push; now pushes that wait while one is stored
/// are committed together. A push for a workspace that does not exist is refused alone (that
/// is found before it writes anything); any other failure fails the whole group, whose
/// devices retry.
pub(super) fn push_all(conn: &mut Connection, hub: &Hub, jobs: Vec<PushJob>) {
    let stored = (|| -> Result<Vec<Result<Stored, StoreError>>, StoreError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(jobs.len());
        for job in &jobs {
            out.push(match push_one(&tx, job) {
                Err(StoreError::NoSuchWorkspace) => Err(StoreError::NoSuchWorkspace),
                other => Ok(other?),
            });
        }
        tx.commit()?;
        Ok(out)
    })();
    match stored {
        Ok(results) => {
            for (job, result) in jobs.into_iter().zip(results) {
                if let Ok(s) = &result {
                    if s.accepted > 0 {
                        hub.publish(&job.workspace_id, s.cursor);
                    }
                }
                let _ = job.done.send(result);
            }
        }
        Err(e) => {
            let message = e.to_string();
            for job in jobs {
                let _ = job.done.send(Err(StoreError::Task(message.clone())));
            }
        }
    }
}

/// One push's rows: gap-free sequence numbers after the workspace's last, duplicates skipped.
fn push_one(tx: &Connection, job: &PushJob) -> Result<Stored, StoreError> {
    let mut cursor: i64 = tx
        .prepare_cached("SELECT last_seq FROM workspaces WHERE id = ?1")?
        .query_row([&job.workspace_id], |row| row.get(0))
        .optional()?
        .ok_or(StoreError::NoSuchWorkspace)?;
    let mut accepted = 0u32;
    let mut insert = tx.prepare_cached(
        "INSERT INTO changes (workspace_id, seq, id, data, size, received_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (workspace_id, id) DO NOTHING",
    )?;
    for change in &job.changes {
        let inserted = insert.execute(params![
            job.workspace_id,
            cursor + 1,
            &change.id[..],
            change.data,
            change.data.len() as i64,
            job.now,
            job.device_id
        ])?;
        if inserted > 0 {
            cursor += 1;
            accepted += 1;
        }
    }
    if accepted > 0 {
        tx.prepare_cached("UPDATE workspaces SET last_seq = ?2 WHERE id = ?1")?
            .execute(params![job.workspace_id, cursor])?;
    }
    Ok(Stored {
        accepted,
        duplicates: job.changes.len() as u32 - accepted,
        cursor,
    })
}
