//! # kith-core
//!
//! Kith is a local-first CRM: the whole CRM lives in one SQLite file, and every record is an
//! [Automerge](https://automerge.org) document so a user's devices merge without conflicts.
//!
//! ## The model
//!
//! A record (a [`contacts::Contact`], an [`interactions::Interaction`], a
//! [`followups::FollowUp`]) is an Automerge document named by a UUIDv7. The file keeps two
//! shapes of the same truth:
//!
//! - the **log**: every Automerge change (`changes`) and a compacted snapshot of each document
//!   (`docs`; empty for a document that is still its first change, which Automerge loads as the
//!   document), which is what sync exchanges;
//! - the **projection**: plain tables (`contacts`, `interactions`, `follow_ups`, an FTS5 index)
//!   that every read uses, so lists, search and the dashboard never load a document.
//!
//! A write ([`store::Store::write`]) edits the document, appends the change and re-projects the
//! record in one SQLite transaction; [`store::Store::apply_remote`] does the same for changes
//! from another device, and [`store::Store::rebuild`] recomputes the projection from the log and
//! says whether it matched.
//!
//! ```no_run
//! use kith_core::{contacts, store::Store, time::Timestamp};
//!
//! let mut store = Store::open("kith.db".as_ref(), "US")?;
//! let now = Timestamp::now();
//! let ada = store.write(|tx| {
//!     contacts::create(tx, contacts::ContactChanges { name: Some("Ada Lovelace".into()), ..Default::default() }, now)
//! })?;
//! assert_eq!(kith_core::search::search(store.conn(), "ada", 10)?[0].contact.id, ada.id);
//! # Ok::<(), kith_core::Error>(())
//! ```
//!
//! Business rules ([`rules`]) are pure functions of `(store, now, time zone)`.

pub mod am;
pub mod birthday;
pub mod contacts;
pub mod error;
pub mod export;
pub mod followups;
pub mod ids;
pub mod import;
pub mod interactions;
pub mod kinds;
mod par;
pub mod phone;
pub mod reminders;
pub mod rules;
pub mod search;
pub mod settings;
pub mod store;
pub mod sync;
pub mod time;

pub use error::{Error, Result};

/// The global allocator every Kith binary sets (`#[global_allocator] static A: Allocator =
/// Allocator;`): an import allocates and frees millions of small strings on every core, and
/// glibc's malloc took a fifth of its CPU time; with mimalloc 100,000 rows import ~20% faster.
/// A library cannot choose for the program, so each binary names it.
pub use mimalloc::MiMalloc as Allocator;
