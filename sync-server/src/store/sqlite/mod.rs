//! The SQLite store: one file in WAL mode, one writer connection and a few reader connections,
//! all driven from `spawn_blocking` so a query never stalls the async runtime.
//!
//! A request waits for its connection before it takes a blocking thread: with 200 devices
//! syncing at once, taking the thread first parked 200 threads on the writer's lock and opened a
//! new reader connection for every read beyond the idle few (a fresh page cache and schema read
//! each time, then closed again), and a quarter of the server's time went to the kernel
//! zeroing the memory for them.
//!
//! Only one server process may use a file: the live channel is in-process. Run PostgreSQL to run
//! several instances.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{
    AccountRecord, Caller, ChangeId, DeviceRecord, NewAccount, NewChange, NewDevice, Page, Store,
    StoreError, StoreFuture, Stored, StoredChange, TokenHash,
};
use crate::live::Hub;

mod push;
use push::{push_all, PushJob};

/// Numbered migrations; the file's `user_version` says how many have run.
const MIGRATIONS: &[&str] = &[include_str!("../../../migrations/sqlite/0001_initial.sql")];
/// Reader connections: reads beyond this many wait for one to be free.
const READERS: usize = 4;

/// The SQLite store: one writer and a few reader connections on `server.db`.
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    /// One permit for the writer: a write waits here, not on a blocking thread.
    writing: tokio::sync::Semaphore,
    /// Pushes waiting for the writer, stored together by whoever holds it next.
    pushes: Mutex<Vec<PushJob>>,
    readers: Mutex<Vec<Connection>>,
    /// [`READERS`] permits, each good for one reader connection (opened on first use).
    reading: tokio::sync::Semaphore,
    hub: Arc<Hub>,
}

/// Opens a connection with the pragmas every connection needs (they are per connection, so they
/// live here and not in a migration).
fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as i64;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > known {
        return Err(StoreError::SchemaTooNew {
            found: version,
            known,
        });
    }
    for sql in &MIGRATIONS[version as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if missing) the database file and brings its schema up to date.
    pub fn open(path: &Path, hub: Arc<Hub>) -> Result<Self, StoreError> {
        let mut writer = open_connection(path)?;
        migrate(&mut writer)?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                writer: Mutex::new(writer),
                writing: tokio::sync::Semaphore::new(1),
                pushes: Mutex::new(Vec::new()),
                readers: Mutex::new(Vec::new()),
                reading: tokio::sync::Semaphore::new(READERS),
                hub,
            }),
        })
    }

    fn write<T, F>(&self, f: F) -> StoreFuture<'_, T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection, &Hub) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        Box::pin(async move {
            let _permit = permit(&inner.writing).await?;
            let task = inner.clone();
            tokio::task::spawn_blocking(move || {
                let mut conn = task.writer.lock().unwrap_or_else(|e| e.into_inner());
                f(&mut conn, &task.hub)
            })
            .await
            .map_err(|e| StoreError::Task(e.to_string()))?
        })
    }

    fn read<T, F>(&self, f: F) -> StoreFuture<'_, T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        Box::pin(async move {
            // A permit means a connection is free, or fewer than READERS exist yet.
            let _permit = permit(&inner.reading).await?;
            let task = inner.clone();
            tokio::task::spawn_blocking(move || {
                let idle = task.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let conn = match idle {
                    Some(conn) => conn,
                    None => open_connection(&task.path)?,
                };
                let result = f(&conn);
                task.readers
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(conn);
                result
            })
            .await
            .map_err(|e| StoreError::Task(e.to_string()))?
        })
    }
}

/// A turn at a connection (the semaphores are never closed).
async fn permit(
    turns: &tokio::sync::Semaphore,
) -> Result<tokio::sync::SemaphorePermit<'_>, StoreError> {
    turns
        .acquire()
        .await
        .map_err(|e| StoreError::Task(e.to_string()))
}

fn change_id(bytes: Vec<u8>) -> Result<ChangeId, StoreError> {
    let len = bytes.len();
    bytes.try_into().map_err(|_| {
        StoreError::Sqlite(rusqlite::Error::InvalidColumnType(
            1,
            format!("change id of {len} bytes"),
            rusqlite::types::Type::Blob,
        ))
    })
}

impl Store for SqliteStore {
    fn check(&self) -> StoreFuture<'_, ()> {
        self.read(|conn| {
            conn.query_row("SELECT count(*) FROM workspaces", [], |row| {
                row.get::<_, i64>(0)
            })?;
            Ok(())
        })
    }

    fn create_account(&self, account: NewAccount) -> StoreFuture<'_, ()> {
        self.write(move |conn, _| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let inserted = tx.execute(
                "INSERT INTO accounts (id, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (email) DO NOTHING",
                params![
                    account.account_id,
                    account.email,
                    account.password_hash,
                    account.created_at
                ],
            )?;
            if inserted == 0 {
                return Err(StoreError::EmailTaken);
            }
            tx.execute(
                "INSERT INTO workspaces (id, account_id, key_check, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![
                    account.workspace_id,
                    account.account_id,
                    account.key_check,
                    account.created_at
                ],
            )?;
            insert_device(&tx, &account.account_id, &account.device)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn find_account(&self, email: String) -> StoreFuture<'_, Option<AccountRecord>> {
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT a.id, a.password_hash, w.id, w.key_check
                     FROM accounts a JOIN workspaces w ON w.account_id = a.id
                     WHERE a.email = ?1",
                    [email],
                    |row| {
                        Ok(AccountRecord {
                            account_id: row.get(0)?,
                            password_hash: row.get(1)?,
                            workspace_id: row.get(2)?,
                            key_check: row.get(3)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    fn add_device(&self, account_id: String, device: NewDevice) -> StoreFuture<'_, ()> {
        self.write(move |conn, _| {
            insert_device(conn, &account_id, &device)?;
            Ok(())
        })
    }

    fn authenticate(&self, token_hash: TokenHash) -> StoreFuture<'_, Option<Caller>> {
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT d.id, d.account_id, w.id, d.last_seen_at
                     FROM devices d JOIN workspaces w ON w.account_id = d.account_id
                     WHERE d.token_hash = ?1 AND d.revoked_at IS NULL",
                    [&token_hash[..]],
                    |row| {
                        Ok(Caller {
                            device_id: row.get(0)?,
                            account_id: row.get(1)?,
                            workspace_id: row.get(2)?,
                            last_seen_at: row.get(3)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    fn touch_device(&self, device_id: String, now: i64) -> StoreFuture<'_, ()> {
        self.write(move |conn, _| {
            conn.execute(
                "UPDATE devices SET last_seen_at = ?2 WHERE id = ?1",
                params![device_id, now],
            )?;
            Ok(())
        })
    }

    fn devices(&self, account_id: String) -> StoreFuture<'_, Vec<DeviceRecord>> {
        self.read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT id, name, created_at, last_seen_at, revoked_at FROM devices
                 WHERE account_id = ?1 ORDER BY created_at, id",
            )?;
            let rows = stmt.query_map([account_id], |row| {
                Ok(DeviceRecord {
                    device_id: row.get(0)?,
                    name: row.get(1)?,
                    created_at: row.get(2)?,
                    last_seen_at: row.get(3)?,
                    revoked_at: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn revoke_device(
        &self,
        account_id: String,
        device_id: String,
        now: i64,
    ) -> StoreFuture<'_, bool> {
        self.write(move |conn, hub| {
            let found = conn.execute(
                "UPDATE devices SET revoked_at = coalesce(revoked_at, ?3)
                 WHERE id = ?1 AND account_id = ?2",
                params![device_id, account_id, now],
            )? > 0;
            if found {
                hub.publish_revoked(&device_id);
            }
            Ok(found)
        })
    }

    fn push(
        &self,
        workspace_id: String,
        device_id: String,
        changes: Vec<NewChange>,
        now: i64,
    ) -> StoreFuture<'_, Stored> {
        let inner = self.inner.clone();
        Box::pin(async move {
            let (done, answer) = tokio::sync::oneshot::channel();
            inner
                .pushes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(PushJob {
                    workspace_id,
                    device_id,
                    changes,
                    now,
                    done,
                });
            {
                // Whoever holds the writer next stores every push waiting by then, this one
                // included unless an earlier holder already took it.
                let _permit = permit(&inner.writing).await?;
                let jobs =
                    std::mem::take(&mut *inner.pushes.lock().unwrap_or_else(|e| e.into_inner()));
                if !jobs.is_empty() {
                    let task = inner.clone();
                    tokio::task::spawn_blocking(move || {
                        let mut conn = task.writer.lock().unwrap_or_else(|e| e.into_inner());
                        push_all(&mut conn, &task.hub, jobs);
                    })
                    .await
                    .map_err(|e| StoreError::Task(e.to_string()))?;
                }
            }
            answer
                .await
                .map_err(|_| StoreError::Task("the push was not stored".to_owned()))?
        })
    }

    fn pull(&self, workspace_id: String, after: i64, limit: u32) -> StoreFuture<'_, Page> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT seq, id, data FROM changes WHERE workspace_id = ?1 AND seq > ?2
                 ORDER BY seq LIMIT ?3",
            )?;
            let mut rows = stmt.query(params![workspace_id, after, i64::from(limit) + 1])?;
            let mut changes = Vec::new();
            let mut more = false;
            while let Some(row) = rows.next()? {
                if changes.len() == limit as usize {
                    more = true;
                    break;
                }
                changes.push(StoredChange {
                    seq: row.get(0)?,
                    id: change_id(row.get(1)?)?,
                    data: row.get(2)?,
                });
            }
            Ok(Page { changes, more })
        })
    }

    fn cursor(&self, workspace_id: String) -> StoreFuture<'_, i64> {
        self.read(move |conn| {
            conn.query_row(
                "SELECT last_seq FROM workspaces WHERE id = ?1",
                [workspace_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(StoreError::NoSuchWorkspace)
        })
    }
}

fn insert_device(
    conn: &Connection,
    account_id: &str,
    device: &NewDevice,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO devices (id, account_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            device.device_id,
            account_id,
            device.name,
            &device.token_hash[..],
            device.created_at
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_set_applies_to_a_new_file_and_again_as_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.db");
        let mut conn = open_connection(&path).unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_file_from_a_newer_server_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.db");
        let mut conn = open_connection(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(StoreError::SchemaTooNew { found: 99, .. })
        ));
    }
}
