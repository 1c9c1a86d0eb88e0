//! Contacts: the people in the CRM.
//!
//! `create`, `update`, `delete` and `restore` are the only ways a contact changes; the CLI, the
//! desktop app, import and tests all call them inside a [`Tx`].

pub mod bulk;
pub mod detail;
pub mod doc;
pub mod model;
pub mod page;
pub mod project;
pub mod query;
pub mod search_entry;

use automerge::ROOT;

pub use bulk::BulkEdit;
pub use detail::{detail, ContactDetail};
pub use model::{
    Address, Background, BackgroundChanges, Contact, ContactChanges, ContactStatus, CustomField,
    Email, Phone, SocialLink,
};
pub use page::{page, ContactPage, ContactQuery, ContactRow};
pub use project::{ContactRows, Contacts};
pub use query::{count, facets, get, list, resolve, ContactFilter, ContactSort, Count, Facets};

use crate::am;
use crate::error::{Error, Result};
use crate::ids::{ContactId, RecordId};
use crate::store::{Doc, Tx};
use crate::time::Timestamp;

/// Adds a contact. `changes.name` is required.
pub fn create(tx: &mut Tx<'_>, changes: ContactChanges, now: Timestamp) -> Result<Contact> {
    create_with_id(tx, ContactId::new(), changes, now)
}

/// Adds a contact under a chosen id (tests, and records that must agree across devices).
pub fn create_with_id(
    tx: &mut Tx<'_>,
    id: ContactId,
    changes: ContactChanges,
    now: Timestamp,
) -> Result<Contact> {
    if changes.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(Error::invalid("name", "a contact needs a name"));
    }
    let changes = doc::validate(changes, tx.default_region())?;
    let mut d = tx.new_doc_from(id.doc(), &doc::initial(&changes, now))?;
    save(tx, &mut d, id, now)
}

/// Applies an edit; an edit that changes nothing records nothing.
pub fn update(
    tx: &mut Tx<'_>,
    id: ContactId,
    changes: ContactChanges,
    now: Timestamp,
) -> Result<Contact> {
    let changes = doc::validate(changes, tx.default_region())?;
    let mut d = tx.open::<Contacts>(id)?;
    doc::apply(&mut d.am, &changes)?;
    save(tx, &mut d, id, now)
}

/// Stores the edits made to contact `id` and gives it back as it now is.
fn save(tx: &mut Tx<'_>, d: &mut Doc, id: ContactId, now: Timestamp) -> Result<Contact> {
    match tx.save::<Contacts>(d, now)? {
        Some(rows) => Ok(rows.into_contact()),
        None => query::get(tx.conn(), id),
    }
}

/// Soft-deletes: the contact disappears from lists and search and can be restored.
pub fn delete(tx: &mut Tx<'_>, id: ContactId, now: Timestamp) -> Result<Contact> {
    set_deleted(tx, id, Some(now), now)
}

/// Brings a deleted contact back.
pub fn restore(tx: &mut Tx<'_>, id: ContactId, now: Timestamp) -> Result<Contact> {
    set_deleted(tx, id, None, now)
}

fn set_deleted(
    tx: &mut Tx<'_>,
    id: ContactId,
    at: Option<Timestamp>,
    now: Timestamp,
) -> Result<Contact> {
    tx.set_deleted::<Contacts>(id, at, now)
        .map(ContactRows::into_contact)
}

/// A field two devices set concurrently, with every value they set; the merged record shows one
/// of them (chosen the same way on every device) until someone picks.
// IPC type: ts-rs copies doc comments into ui/src/lib/bindings.ts; its docs come with the IPC
// rework (see the desktop's bindings).
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldConflict {
    pub field: String,
    pub values: Vec<String>,
}

/// The contact's fields that currently hold concurrent values.
pub fn conflicts(store: &crate::store::Store, id: ContactId) -> Result<Vec<FieldConflict>> {
    let doc = store
        .load_doc(id.doc())?
        .ok_or_else(|| crate::ids::not_found(id))?;
    let mut out = Vec::new();
    // When a record was last touched is bookkeeping, not a value anyone chooses between.
    let keys = automerge::ReadDoc::keys(&doc, ROOT)
        .filter(|k| k != "updated_at")
        .collect::<Vec<_>>();
    for field in keys {
        let values = am::conflicts(&doc, &ROOT, &field)?;
        if !values.is_empty() {
            out.push(FieldConflict { field, values });
        }
    }
    Ok(out)
}
