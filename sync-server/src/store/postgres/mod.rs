//! The PostgreSQL store, for several server instances on one database.
//!
//! Sequence numbers stay gap-free under concurrent pushes from any instance because a push locks
//! its workspace row (`SELECT ... FOR UPDATE`) and advances the row's `last_seq` counter in the
//! same transaction. The transaction also `NOTIFY`s `kith_moved`; every instance keeps one
//! connection that `LISTEN`s and forwards what it hears to its [`Hub`], so a push to instance A
//! wakes the streams on instance B.

mod listen;

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio::sync::oneshot;
use tokio_postgres::{NoTls, Row};

use self::listen::{listen, CHANNEL_MOVED, CHANNEL_REVOKED};
use super::{
    AccountRecord, Caller, ChangeId, DeviceRecord, NewAccount, NewChange, NewDevice, Page, Store,
    StoreError, StoreFuture, Stored, StoredChange, TokenHash,
};
use crate::live::Hub;

/// Numbered migrations; `kith_schema_version` says how many have run.
const MIGRATIONS: &[&str] = &[include_str!(
    "../../../migrations/postgres/0001_initial.sql"
)];
const POOL_SIZE: usize = 16;
/// How long to wait for the `LISTEN` connection before giving up at start.
const LISTEN_READY: Duration = Duration::from_secs(10);

/// The PostgreSQL store: a connection pool, and one `LISTEN` connection for the live hub.
pub struct PostgresStore {
    pool: Pool,
    hub: Arc<Hub>,
    listener: tokio::task::JoinHandle<()>,
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

/// Where a URL points, without its password, for error messages.
pub fn describe_url(url: &str) -> String {
    match tokio_postgres::Config::from_str(url) {
        Ok(config) => {
            let host = match config.get_hosts().first() {
                Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
                #[cfg(unix)]
                Some(tokio_postgres::config::Host::Unix(p)) => p.display().to_string(),
                None => "localhost".to_owned(),
            };
            let port = config.get_ports().first().copied().unwrap_or(5432);
            let db = config.get_dbname().unwrap_or("(default database)");
            format!("{host}:{port}/{db}")
        }
        Err(_) => "an unreadable URL".to_owned(),
    }
}

impl PostgresStore {
    /// Connects, creates or updates the schema (idempotently, safe when several instances start
    /// at once) and starts the connection that listens for moves.
    pub async fn connect(url: &str, hub: Arc<Hub>) -> Result<Self, StoreError> {
        let mut config = tokio_postgres::Config::from_str(url)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(10)))
            .create_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        migrate(&pool).await?;
        let (ready_tx, ready_rx) = oneshot::channel();
        let listener = tokio::spawn(listen(config, pool.clone(), hub.clone(), Some(ready_tx)));
        match tokio::time::timeout(LISTEN_READY, ready_rx).await {
            Ok(Ok(())) => {}
            _ => {
                listener.abort();
                return Err(StoreError::Pool(
                    "the connection that listens for workspace moves did not start".to_owned(),
                ));
            }
        }
        Ok(PostgresStore {
            pool,
            hub,
            listener,
        })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool
            .get()
            .await
            .map_err(|e| StoreError::Pool(e.to_string()))
    }
}

async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    let mut client = pool
        .get()
        .await
        .map_err(|e| StoreError::Pool(e.to_string()))?;
    let tx = client.transaction().await?;
    // Instances starting together take turns; the lock ends with the transaction.
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('kith-sync-server schema'))",
        &[],
    )
    .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS kith_schema_version (version BIGINT NOT NULL)")
        .await?;
    let version: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM kith_schema_version",
            &[],
        )
        .await?
        .get(0);
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::SchemaTooNew {
            found: version,
            known,
        });
    }
    for sql in &MIGRATIONS[version as usize..] {
        tx.batch_execute(sql).await?;
    }
    if version < known {
        tx.execute("DELETE FROM kith_schema_version", &[]).await?;
        tx.execute(
            "INSERT INTO kith_schema_version (version) VALUES ($1)",
            &[&known],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn change_id(bytes: &[u8]) -> Result<ChangeId, StoreError> {
    bytes.try_into().map_err(|_| {
        StoreError::Pool(format!(
            "a stored change id has {} bytes, not 32",
            bytes.len()
        ))
    })
}

fn device_record(row: &Row) -> DeviceRecord {
    DeviceRecord {
        device_id: row.get(0),
        name: row.get(1),
        created_at: row.get(2),
        last_seen_at: row.get(3),
        revoked_at: row.get(4),
    }
}

const INSERT_DEVICE: &str =
    "INSERT INTO devices (id, account_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)";

impl Store for PostgresStore {
    fn check(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let client = self.client().await?;
            client.query_one("SELECT 1", &[]).await?;
            Ok(())
        })
    }

    fn create_account(&self, account: NewAccount) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            let inserted = tx
                .execute(
                    "INSERT INTO accounts (id, email, password_hash, created_at)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING",
                    &[
                        &account.account_id,
                        &account.email,
                        &account.password_hash,
                        &account.created_at,
                    ],
                )
                .await?;
            if inserted == 0 {
                return Err(StoreError::EmailTaken);
            }
            tx.execute(
                "INSERT INTO workspaces (id, account_id, key_check, created_at) VALUES ($1, $2, $3, $4)",
                &[
                    &account.workspace_id,
                    &account.account_id,
                    &account.key_check,
                    &account.created_at,
                ],
            )
            .await?;
            let device = &account.device;
            tx.execute(
                INSERT_DEVICE,
                &[
                    &device.device_id,
                    &account.account_id,
                    &device.name,
                    &&device.token_hash[..],
                    &device.created_at,
                ],
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn find_account(&self, email: String) -> StoreFuture<'_, Option<AccountRecord>> {
        Box::pin(async move {
            let client = self.client().await?;
            let row = client
                .query_opt(
                    "SELECT a.id, a.password_hash, w.id, w.key_check
                     FROM accounts a JOIN workspaces w ON w.account_id = a.id
                     WHERE a.email = $1",
                    &[&email],
                )
                .await?;
            Ok(row.map(|row| AccountRecord {
                account_id: row.get(0),
                password_hash: row.get(1),
                workspace_id: row.get(2),
                key_check: row.get(3),
            }))
        })
    }

    fn add_device(&self, account_id: String, device: NewDevice) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let client = self.client().await?;
            client
                .execute(
                    INSERT_DEVICE,
                    &[
                        &device.device_id,
                        &account_id,
                        &device.name,
                        &&device.token_hash[..],
                        &device.created_at,
                    ],
                )
                .await?;
            Ok(())
        })
    }

    fn authenticate(&self, token_hash: TokenHash) -> StoreFuture<'_, Option<Caller>> {
        Box::pin(async move {
            let client = self.client().await?;
            let stmt = client
                .prepare_cached(
                    "SELECT d.id, d.account_id, w.id, d.last_seen_at
                     FROM devices d JOIN workspaces w ON w.account_id = d.account_id
                     WHERE d.token_hash = $1 AND d.revoked_at IS NULL",
                )
                .await?;
            let row = client.query_opt(&stmt, &[&&token_hash[..]]).await?;
            Ok(row.map(|row| Caller {
                device_id: row.get(0),
                account_id: row.get(1),
                workspace_id: row.get(2),
                last_seen_at: row.get(3),
            }))
        })
    }

    fn touch_device(&self, device_id: String, now: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let client = self.client().await?;
            client
                .execute(
                    "UPDATE devices SET last_seen_at = $2 WHERE id = $1",
                    &[&device_id, &now],
                )
                .await?;
            Ok(())
        })
    }

    fn devices(&self, account_id: String) -> StoreFuture<'_, Vec<DeviceRecord>> {
        Box::pin(async move {
            let client = self.client().await?;
            let rows = client
                .query(
                    "SELECT id, name, created_at, last_seen_at, revoked_at FROM devices
                     WHERE account_id = $1 ORDER BY created_at, id",
                    &[&account_id],
                )
                .await?;
            Ok(rows.iter().map(device_record).collect())
        })
    }

    fn revoke_device(
        &self,
        account_id: String,
        device_id: String,
        now: i64,
    ) -> StoreFuture<'_, bool> {
        Box::pin(async move {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            let found = tx
                .execute(
                    "UPDATE devices SET revoked_at = coalesce(revoked_at, $3)
                     WHERE id = $1 AND account_id = $2",
                    &[&device_id, &account_id, &now],
                )
                .await?
                > 0;
            if found {
                tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL_REVOKED, &device_id])
                    .await?;
            }
            tx.commit().await?;
            if found {
                self.hub.publish_revoked(&device_id);
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
        Box::pin(async move {
            let mut client = self.client().await?;
            // Prepared once per connection: the workspace row stays locked from the first
            // statement to the commit, so every round trip saved shortens the queue of pushers.
            let lock = client
                .prepare_cached("SELECT last_seq FROM workspaces WHERE id = $1 FOR UPDATE")
                .await?;
            let find = client
                .prepare_cached(
                    "SELECT id FROM changes WHERE workspace_id = $1 AND id = ANY($2::bytea[])",
                )
                .await?;
            let insert = client
                .prepare_cached(
                    "INSERT INTO changes (workspace_id, seq, id, data, size, received_at, device_id)
                     SELECT $1, t.seq, t.id, t.data, octet_length(t.data), $5, $6
                     FROM unnest($2::bigint[], $3::bytea[], $4::bytea[]) AS t(seq, id, data)",
                )
                .await?;
            // Delivered to every listening instance when the transaction commits.
            let advance = client
                .prepare_cached(
                    "WITH moved AS (UPDATE workspaces SET last_seq = $2 WHERE id = $1)
                     SELECT pg_notify($3, $1 || ' ' || $2::text)",
                )
                .await?;
            let tx = client.transaction().await?;
            let row = tx.query_opt(&lock, &[&workspace_id]).await?;
            let mut cursor: i64 = row.ok_or(StoreError::NoSuchWorkspace)?.get(0);
            let ids: Vec<&[u8]> = changes.iter().map(|c| &c.id[..]).collect();
            // Read after the lock is held, so it sees every change committed before this push.
            let existing: HashSet<Vec<u8>> = tx
                .query(&find, &[&workspace_id, &ids])
                .await?
                .iter()
                .map(|row| row.get(0))
                .collect();
            let mut seqs = Vec::new();
            let mut new_ids: Vec<&[u8]> = Vec::new();
            let mut datas: Vec<&[u8]> = Vec::new();
            for change in &changes {
                if !existing.contains(&change.id[..]) {
                    cursor += 1;
                    seqs.push(cursor);
                    new_ids.push(&change.id[..]);
                    datas.push(&change.data[..]);
                }
            }
            let accepted = seqs.len() as u32;
            if accepted > 0 {
                tx.execute(
                    &insert,
                    &[&workspace_id, &seqs, &new_ids, &datas, &now, &device_id],
                )
                .await?;
                tx.query(&advance, &[&workspace_id, &cursor, &CHANNEL_MOVED])
                    .await?;
            }
            tx.commit().await?;
            if accepted > 0 {
                self.hub.publish(&workspace_id, cursor);
            }
            Ok(Stored {
                accepted,
                duplicates: changes.len() as u32 - accepted,
                cursor,
            })
        })
    }

    fn pull(&self, workspace_id: String, after: i64, limit: u32) -> StoreFuture<'_, Page> {
        Box::pin(async move {
            let client = self.client().await?;
            let stmt = client
                .prepare_cached(
                    "SELECT seq, id, data FROM changes WHERE workspace_id = $1 AND seq > $2
                     ORDER BY seq LIMIT $3",
                )
                .await?;
            let rows = client
                .query(&stmt, &[&workspace_id, &after, &(i64::from(limit) + 1)])
                .await?;
            let more = rows.len() > limit as usize;
            let changes = rows
                .iter()
                .take(limit as usize)
                .map(|row| {
                    Ok(StoredChange {
                        seq: row.get(0),
                        id: change_id(row.get(1))?,
                        data: row.get(2),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(Page { changes, more })
        })
    }

    fn cursor(&self, workspace_id: String) -> StoreFuture<'_, i64> {
        Box::pin(async move {
            let client = self.client().await?;
            let row = client
                .query_opt(
                    "SELECT last_seq FROM workspaces WHERE id = $1",
                    &[&workspace_id],
                )
                .await?;
            Ok(row.ok_or(StoreError::NoSuchWorkspace)?.get(0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_described_without_its_password() {
        let described = describe_url("postgres://kith:hunter22@db.example:6543/kith");
        assert_eq!(described, "db.example:6543/kith");
        assert!(!described.contains("hunter22"));
    }
}
