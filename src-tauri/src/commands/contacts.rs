//! Listing, reading and editing contacts.

use kith_core::contacts::{self, Contact, ContactChanges, ContactFilter, Facets};
use kith_core::ids::ContactId;
use kith_core::store::{Store, Tx};
use kith_core::time::Timestamp;
use kith_core::{search, Error};
use serde_json::Value;

use super::{contact_id, S};
use crate::ipc::*;
use crate::state::with_store;

/// The most rows one `contact_list` call returns.
pub const PAGE_LIMIT: u32 = 500;
/// The most contacts a search ranks; the list says "1000" when there are more.
pub const SEARCH_LIMIT: u32 = 1000;

#[tauri::command]
pub async fn contact_list(app: S<'_>, input: Option<Value>) -> IpcResult<ContactPage> {
    let input: ContactQuery = parse(input)?;
    with_store(&app, move |s, _| list_contacts(s, input)).await
}

/// A page of contacts: the filters over the projection, or over the search's best matches.
pub fn list_contacts(s: &Store, q: ContactQuery) -> kith_core::Result<ContactPage> {
    if q.limit == 0 || q.limit > PAGE_LIMIT {
        return Err(Error::invalid(
            "limit",
            format!("{} is out of range; use 1 to {PAGE_LIMIT}", q.limit),
        ));
    }
    let filter = ContactFilter {
        tag: q.tag.filter(|t| !t.is_empty()),
        vip: q.vip,
        status: q.status,
        industry: q.industry.filter(|i| !i.is_empty()),
        sort: q.sort,
        limit: Some(q.limit),
        offset: q.offset,
        deleted: false,
    };
    let text = q.search.as_deref().map(str::trim).unwrap_or_default();
    let (total, rows) = if text.is_empty() {
        (
            contacts::count(s.conn(), &filter)?,
            contacts::list(s.conn(), &filter)?,
        )
    } else {
        let hits = search::search_filtered(s.conn(), text, &filter, SEARCH_LIMIT)?;
        let total = hits.len() as u32;
        let page = hits
            .into_iter()
            .skip(q.offset as usize)
            .take(q.limit as usize)
            .collect();
        (total, page)
    };
    Ok(ContactPage {
        total,
        offset: q.offset,
        rows: rows.into_iter().map(ContactRow::from).collect(),
    })
}

#[tauri::command]
pub async fn contact_facets(app: S<'_>) -> IpcResult<Facets> {
    with_store(&app, |s, _| contacts::facets(s.conn())).await
}

#[tauri::command]
pub async fn contact_get(app: S<'_>, input: Option<Value>) -> IpcResult<ContactDetail> {
    let input: String = parse(input)?;
    with_store(&app, move |s, _| {
        let id = contact_id(s, &input)?;
        Ok(ContactDetail {
            contact: contacts::get(s.conn(), id)?,
            interactions: kith_core::interactions::for_contact(s.conn(), id, 500)?,
            follow_ups: kith_core::followups::for_contact(s.conn(), id)?,
            history: s.history(id)?,
            conflicts: contacts::conflicts(s, id)?,
        })
    })
    .await
}

#[tauri::command]
pub async fn contact_create(app: S<'_>, input: Option<Value>) -> IpcResult<Contact> {
    let input: ContactChanges = parse(input)?;
    with_store(&app, move |s, inner| {
        let now = inner.now();
        s.write(|tx| contacts::create(tx, input, now))
    })
    .await
}

#[tauri::command]
pub async fn contact_update(app: S<'_>, input: Option<Value>) -> IpcResult<Contact> {
    let input: ContactUpdate = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.id)?;
        let now = inner.now();
        s.write(|tx| contacts::update(tx, id, input.changes, now))
    })
    .await
}

#[tauri::command]
pub async fn contact_keep_value(app: S<'_>, input: Option<Value>) -> IpcResult<Contact> {
    let input: KeepValue = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.id)?;
        let changes = ContactChanges::keep_value(&input.field, &input.value)?;
        let now = inner.now();
        s.write(|tx| contacts::update(tx, id, changes, now))
    })
    .await
}

/// Applies `op` to every contact of `ids` in one transaction; returns how many.
fn for_each(
    s: &mut Store,
    ids: &[String],
    now: Timestamp,
    mut op: impl FnMut(&mut Tx<'_>, ContactId, Timestamp) -> kith_core::Result<Contact>,
) -> kith_core::Result<u32> {
    let ids: Vec<ContactId> = ids
        .iter()
        .map(|id| contact_id(s, id))
        .collect::<kith_core::Result<_>>()?;
    s.write(|tx| {
        for id in &ids {
            op(tx, *id, now)?;
        }
        Ok(ids.len() as u32)
    })
}

#[tauri::command]
pub async fn contacts_edit(app: S<'_>, input: Option<Value>) -> IpcResult<u32> {
    let input: BulkEdit = parse(input)?;
    with_store(&app, move |s, inner| {
        for_each(s, &input.ids, inner.now(), |tx, id, now| {
            contacts::update(tx, id, input.changes.clone(), now)
        })
    })
    .await
}

#[tauri::command]
pub async fn contacts_delete(app: S<'_>, input: Option<Value>) -> IpcResult<u32> {
    let input: Vec<String> = parse(input)?;
    with_store(&app, move |s, inner| {
        for_each(s, &input, inner.now(), contacts::delete)
    })
    .await
}

#[tauri::command]
pub async fn contacts_restore(app: S<'_>, input: Option<Value>) -> IpcResult<u32> {
    let input: Vec<String> = parse(input)?;
    with_store(&app, move |s, inner| {
        for_each(s, &input, inner.now(), contacts::restore)
    })
    .await
}
