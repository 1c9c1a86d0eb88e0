//! Storage behind one trait, with two implementations: SQLite (one file, one instance: the
//! default) and PostgreSQL (several instances on one database, live notifications through
//! `LISTEN/NOTIFY`). The HTTP layer holds an `Arc<dyn Store>` and never learns which one it has.
//!
//! A store also owns the "workspace moved" signal: after a push commits it makes sure every
//! live stream on every instance hears of the new cursor, through the [`Hub`] it was given.
//!
//! [`Hub`]: crate::live::Hub

mod postgres;
mod sqlite;

use std::future::Future;
use std::pin::Pin;

pub use self::postgres::{describe_url as postgres_url_described, PostgresStore};
pub use self::sqlite::SqliteStore;

/// What every store method returns: a boxed future, so `Store` stays object safe.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A change id as stored: the 32 bytes behind its 64 hex digits.
pub type ChangeId = [u8; 32];
/// SHA-256 of a device token; the token itself is never stored.
pub type TokenHash = [u8; 32];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("the workspace does not exist")]
    NoSuchWorkspace,
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgresql: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgresql connection pool: {0}")]
    Pool(String),
    #[error("the database schema is version {found}, newer than this server knows ({known}); run a newer kith-sync-server")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("a database task stopped before it answered: {0}")]
    Task(String),
}

/// A new account with its workspace and its first device, stored together or not at all.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub account_id: String,
    /// Trimmed and lower-cased.
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    pub workspace_id: String,
    pub key_check: Vec<u8>,
    pub device: NewDevice,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct NewDevice {
    pub device_id: String,
    pub name: String,
    pub token_hash: TokenHash,
    pub created_at: i64,
}

/// What login needs to know about an account.
#[derive(Clone, Debug)]
pub struct AccountRecord {
    pub account_id: String,
    pub password_hash: String,
    pub workspace_id: String,
    pub key_check: Vec<u8>,
}

/// The device (and so account and workspace) a valid, unrevoked token belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub device_id: String,
    pub account_id: String,
    pub workspace_id: String,
    pub last_seen_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    pub device_id: String,
    pub name: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A validated change on its way in: `data` is the decoded ciphertext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewChange {
    pub id: ChangeId,
    pub data: Vec<u8>,
}

/// A stored change on its way out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredChange {
    pub seq: i64,
    pub id: ChangeId,
    pub data: Vec<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
    pub accepted: u32,
    pub duplicates: u32,
    /// The workspace's newest sequence number after the push.
    pub cursor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub changes: Vec<StoredChange>,
    pub more: bool,
}

pub trait Store: Send + Sync + 'static {
    /// Whether the database answers.
    fn check(&self) -> StoreFuture<'_, ()>;

    /// Stores the account, its workspace and its first device in one transaction;
    /// [`StoreError::EmailTaken`] when the email is in use.
    fn create_account(&self, account: NewAccount) -> StoreFuture<'_, ()>;

    /// The account with this (normalized) email.
    fn find_account(&self, email: String) -> StoreFuture<'_, Option<AccountRecord>>;

    fn add_device(&self, account_id: String, device: NewDevice) -> StoreFuture<'_, ()>;

    /// The caller a token hash belongs to, if that device exists and is not revoked. Read from
    /// the database on every call, so a revoke takes effect at once on every instance.
    fn authenticate(&self, token_hash: TokenHash) -> StoreFuture<'_, Option<Caller>>;

    fn touch_device(&self, device_id: String, now: i64) -> StoreFuture<'_, ()>;

    /// Every device of the account, revoked ones too, oldest first.
    fn devices(&self, account_id: String) -> StoreFuture<'_, Vec<DeviceRecord>>;

    /// Revokes a device of this account (a revoked one stays revoked since its first revoke);
    /// `false` when the account has no such device. Closes the device's live streams.
    fn revoke_device(
        &self,
        account_id: String,
        device_id: String,
        now: i64,
    ) -> StoreFuture<'_, bool>;

    /// Stores the changes whose id the workspace does not have yet, each with the next sequence
    /// number, in one transaction; then wakes the workspace's live streams. `changes` holds no
    /// id twice.
    fn push(
        &self,
        workspace_id: String,
        device_id: String,
        changes: Vec<NewChange>,
        now: i64,
    ) -> StoreFuture<'_, Stored>;

    /// Up to `limit` changes with a sequence number above `after`, in order.
    fn pull(&self, workspace_id: String, after: i64, limit: u32) -> StoreFuture<'_, Page>;

    /// The workspace's newest sequence number (0 when it has none).
    fn cursor(&self, workspace_id: String) -> StoreFuture<'_, i64>;
}
