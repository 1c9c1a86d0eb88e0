//! The library's error type. Messages are lower-case and say what was wrong and where, because
//! the CLI and the desktop app show them to the user as they are.

use thiserror::Error;

/// Anything `kith-core` can fail with.
#[derive(Debug, Error)]
pub enum Error {
    /// The caller gave something malformed; `what` names the field, flag or row.
    #[error("{what}: {message}")]
    Invalid {
        /// The field, flag or row.
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// An id that names no record of that kind.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// The kind of record (`contact`, `interaction`, ...).
        kind: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The file was written by a newer Kith than this one.
    #[error("the database schema is version {found}, newer than this kith understands ({known}); upgrade kith")]
    SchemaTooNew {
        /// The schema version of the file.
        found: i64,
        /// The newest this kith knows.
        known: i64,
    },
    /// A stored document or change could not be read back.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Automerge could not apply or build a change.
    #[error("automerge error: {0}")]
    Automerge(#[from] automerge::AutomergeError),
    /// Reading or writing a file failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// The sync server could not be reached (no network, server down): normal for a local-first
    /// app; the outbox waits.
    #[error("offline: {0}")]
    Offline(String),
    /// The sync server answered with an error; `code` is its machine-readable code.
    #[error("the sync server refused: {message} ({status} {code})")]
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's stable code (`ErrorBody::code`).
        code: String,
        /// The server's reason, for people.
        message: String,
    },
    /// Sync needs an account on this database first.
    #[error("this database is not signed in to a sync server: run `kith account create` or `kith login`")]
    NotSignedIn,
    /// The OS keyring (or its fallback file) failed.
    #[error("keyring: {0}")]
    Keyring(String),
}

impl Error {
    /// An [`Error::Invalid`]: the input `what` (a flag, a field, a column) and what is wrong
    /// with it.
    pub fn invalid(what: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            what: what.into(),
            message: message.into(),
        }
    }

    /// True when the error is the caller's input, not the machine: the CLI exits 2 for these.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::NotFound { .. })
    }

    /// A stable machine-readable code, for IPC `{code, message}` and `--json` errors.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid_input",
            Error::NotFound { .. } => "not_found",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::Corrupt(_) => "corrupt",
            Error::Sqlite(_) => "database",
            Error::Automerge(_) => "automerge",
            Error::Io(_) => "io",
            Error::Offline(_) => "offline",
            Error::Server { .. } => "server",
            Error::NotSignedIn => "not_signed_in",
            Error::Keyring(_) => "keyring",
        }
    }
}

/// kith-core's result: [`Error`](enum@Error) unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;
