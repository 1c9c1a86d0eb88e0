//! Listing, reading and editing contacts.

use kith_core::contacts::{
    self, bulk, BulkEdit, Contact, ContactChanges, ContactDetail, ContactPage, ContactQuery, Facets,
};
use kith_core::ids::ContactId;
use tauri::AppHandle;

use crate::ipc::*;
use crate::state::with_store;

pub async fn list(app: AppHandle, q: ContactQuery) -> IpcResult<ContactPage> {
    with_store(&app, move |s, _| contacts::page(s.conn(), q)).await
}

pub async fn facets(app: AppHandle) -> IpcResult<Facets> {
    with_store(&app, |s, _| contacts::facets(s.conn())).await
}

pub async fn get(app: AppHandle, id: ContactId) -> IpcResult<ContactDetail> {
    with_store(&app, move |s, _| contacts::detail(s, id)).await
}

pub async fn create(app: AppHandle, changes: ContactChanges) -> IpcResult<Contact> {
    with_store(&app, move |s, inner| {
        let now = inner.now();
        s.write(|tx| contacts::create(tx, changes, now))
    })
    .await
}

pub async fn update(app: AppHandle, input: ContactUpdate) -> IpcResult<Contact> {
    with_store(&app, move |s, inner| {
        let now = inner.now();
        s.write(|tx| contacts::update(tx, input.id, input.changes, now))
    })
    .await
}

pub async fn keep_value(app: AppHandle, input: KeepValue) -> IpcResult<Contact> {
    with_store(&app, move |s, inner| {
        let changes = ContactChanges::keep_value(&input.field, &input.value)?;
        let now = inner.now();
        s.write(|tx| contacts::update(tx, input.id, changes, now))
    })
    .await
}

pub async fn edit_all(app: AppHandle, edit: BulkEdit) -> IpcResult<u32> {
    with_store(&app, move |s, inner| bulk::edit(s, edit, inner.now())).await
}

pub async fn delete_all(app: AppHandle, ids: Vec<ContactId>) -> IpcResult<u32> {
    with_store(&app, move |s, inner| bulk::delete_all(s, &ids, inner.now())).await
}

pub async fn restore_all(app: AppHandle, ids: Vec<ContactId>) -> IpcResult<u32> {
    with_store(&app, move |s, inner| {
        bulk::restore_all(s, &ids, inner.now())
    })
    .await
}
