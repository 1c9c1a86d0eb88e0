//! kith-core's integration tests, all through real SQLite files (and, for `cli`, the real
//! `kith` binary). One test binary, as in ripgrep, so the crate links once.

mod cli;
mod cli_records;
mod ics;
mod import;
mod records;
mod rules;
mod search;
mod settings;
mod sync;

use kith_core::{
    contacts::{self, Contact, ContactChanges},
    store::Store,
    time::Timestamp,
};

/// A fresh database file in its own directory (kept alive by the returned guard).
pub fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
    (dir, store)
}

/// 2026-03-01T12:00:00Z, a fixed "now" for tests that do not care about the calendar.
pub const T0: Timestamp = Timestamp(1_772_366_400_000);

/// The changes that create a contact with just this name.
pub fn named(name: &str) -> ContactChanges {
    ContactChanges {
        name: Some(name.into()),
        ..Default::default()
    }
}

/// Creates a contact in one write.
pub fn add(store: &mut Store, changes: ContactChanges, now: Timestamp) -> Contact {
    store
        .write(|tx| contacts::create(tx, changes, now))
        .unwrap()
}
