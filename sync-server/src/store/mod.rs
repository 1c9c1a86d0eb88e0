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

/// What a store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Signing up with an email that has an account.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// A write to a workspace that is not there.
    #[error("the workspace does not exist")]
    NoSuchWorkspace,
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("postgresql: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// No PostgreSQL connection could be had.
    #[error("postgresql connection pool: {0}")]
    Pool(String),
    /// The database was migrated by a newer server.
    #[error("the database schema is version {found}, newer than this server knows ({known}); run a newer kith-sync-server")]
    SchemaTooNew {
        /// The schema version the database has.
        found: i64,
        /// The newest this server knows.
        known: i64,
    },
    /// A blocking database task panicked or was cancelled.
    #[error("a database task stopped before it answered: {0}")]
    Task(String),
}

/// A new account with its workspace and its first device, stored together or not at all.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// The new account's id.
    pub account_id: String,
    /// Trimmed and lower-cased.
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The id of its one workspace.
    pub workspace_id: String,
    /// The sealed value devices test a recovery key against (opaque here).
    pub key_check: Vec<u8>,
    /// Its first device.
    pub device: NewDevice,
    /// UTC milliseconds.
    pub created_at: i64,
}

/// A device signing in.
#[derive(Clone, Debug)]
pub struct NewDevice {
    /// The new device's id.
    pub device_id: String,
    /// The name it gave.
    pub name: String,
    /// The hash of the token it was issued.
    pub token_hash: TokenHash,
    /// UTC milliseconds.
    pub created_at: i64,
}

/// What login needs to know about an account.
#[derive(Clone, Debug)]
pub struct AccountRecord {
    /// The account's id.
    pub account_id: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Its workspace.
    pub workspace_id: String,
    /// The sealed key check, handed to the device that logs in.
    pub key_check: Vec<u8>,
}

/// The device (and so account and workspace) a valid, unrevoked token belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The calling device.
    pub device_id: String,
    /// Its account.
    pub account_id: String,
    /// Its account's workspace.
    pub workspace_id: String,
    /// When it was last seen, UTC milliseconds (written at most every `SEEN_EVERY_MS`).
    pub last_seen_at: Option<i64>,
}

/// A device of an account, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    /// The device's id.
    pub device_id: String,
    /// Its name.
    pub name: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds.
    pub last_seen_at: Option<i64>,
    /// UTC milliseconds; a revoked device's token no longer works.
    pub revoked_at: Option<i64>,
}

/// A validated change on its way in: `data` is the decoded ciphertext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewChange {
    /// Its id.
    pub id: ChangeId,
    /// The ciphertext.
    pub data: Vec<u8>,
}

/// A stored change on its way out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredChange {
    /// Its sequence number in the workspace.
    pub seq: i64,
    /// Its id.
    pub id: ChangeId,
    /// The ciphertext.
    pub data: Vec<u8>,
}

/// What a push stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Changes that were new.
    pub accepted: u32,
    /// Changes the workspace already had.
    pub duplicates: u32,
    /// The workspace's newest sequence number after the push.
    pub cursor: i64,
}

/// One page of a pull.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The changes, in sequence order.
    pub changes: Vec<StoredChange>,
    /// Whether more follow.
    pub more: bool,
}

/// Accounts, devices and each workspace's change log; SQLite or PostgreSQL.
pub trait Store: Send + Sync + 'static {
    /// Whether the database answers.
    fn check(&self) -> StoreFuture<'_, ()>;

    /// Stores the account, its workspace and its first device in one transaction;
    /// [`StoreError::EmailTaken`] when the email is in use.
    fn create_account(&self, account: NewAccount) -> StoreFuture<'_, ()>;

    /// The account with this (normalized) email.
    fn find_account(&self, email: String) -> StoreFuture<'_, Option<AccountRecord>>;

    /// Adds a logged-in device to the account.
    fn add_device(&self, account_id: String, device: NewDevice) -> StoreFuture<'_, ()>;

    /// The caller a token hash belongs to, if that device exists and is not revoked. Read from
    /// the database on every call, so a revoke takes effect at once on every instance.
    fn authenticate(&self, token_hash: TokenHash) -> StoreFuture<'_, Option<Caller>>;

    /// Records that the device was seen at `now`.
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
