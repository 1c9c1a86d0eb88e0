//! The window's IPC commands: each a few lines over kith-core, run off the UI thread, failing
//! with [`IpcError`](crate::ipc::IpcError) `{code, message}`. They are declared, with their
//! typed input and output, once in [`declared`]; the functions here get the app and the input
//! already read.

pub mod account;
pub mod contacts;
pub mod declared;
pub mod files;
pub mod records;

use kith_core::rules::{self, Dashboard};
use tauri::AppHandle;

use crate::ipc::{AppInfo, IpcResult};
use crate::state::with_store;

pub async fn app_info(app: AppHandle) -> IpcResult<AppInfo> {
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

pub async fn dashboard(app: AppHandle) -> IpcResult<Dashboard> {
    with_store(&app, |s, inner| {
        rules::dashboard(s.conn(), inner.now(), inner.tz())
    })
    .await
}
