//! The window's IPC commands: each a few lines over kith-core, run off the UI thread, failing
//! with [`IpcError`](crate::ipc::IpcError) `{code, message}`. Each takes one argument named
//! `input` (or none), read by [`parse`](crate::ipc::parse).

pub mod account;
pub mod contacts;
pub mod files;
pub mod records;

use kith_core::rules::{self, Dashboard};
use kith_core::store::Store;
use tauri::State;

use crate::ipc::{AppInfo, IpcResult};
use crate::state::{with_store, Shared};

pub(crate) type S<'a> = State<'a, Shared>;

/// A contact named by the window: a full id or a unique start of one.
pub(crate) fn contact_id(store: &Store, id: &str) -> kith_core::Result<kith_core::ids::ContactId> {
    kith_core::contacts::resolve(store.conn(), id)
}

#[tauri::command]
pub async fn app_info(app: S<'_>) -> IpcResult<AppInfo> {
    with_store(&app, |s, inner| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: inner.path.display().to_string(),
            device_id: s.device_id(),
            contacts: kith_core::contacts::count(s.conn(), &Default::default())?,
        })
    })
    .await
}

#[tauri::command]
pub async fn dashboard(app: S<'_>) -> IpcResult<Dashboard> {
    with_store(&app, |s, inner| {
        rules::dashboard(s.conn(), inner.now(), inner.tz())
    })
    .await
}
