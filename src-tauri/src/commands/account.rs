//! Settings, the sync account, and rebuilding the projection.

use kith_core::settings::{self, Setting, SettingEntry};
use kith_core::store::RebuildReport;
use kith_core::sync::sign_in::{self, SignInRequest, SignInResult};
use kith_core::sync::{account, run::SyncReport};
use tauri::{AppHandle, Emitter};

use crate::ipc::*;
use crate::state::{blocking, shared, with_store};

pub async fn settings_list(app: AppHandle) -> IpcResult<Vec<SettingEntry>> {
    with_store(&app, |s, _| settings::list(s)).await
}

pub async fn settings_set(app: AppHandle, input: SettingChange) -> IpcResult<Setting> {
    with_store(&app, move |s, _| settings::set(s, &input.key, &input.value)).await
}

/// Whether Kith starts (in the tray) when the user logs in.
pub async fn start_at_login_get(app: AppHandle) -> IpcResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch()
        .is_enabled()
        .map_err(|e| IpcError::internal(format!("reading the login item failed: {e}")))
}

/// Turns starting at login on or off; returns the state the system now reports.
pub async fn start_at_login_set(app: AppHandle, enabled: bool) -> IpcResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    let login = app.autolaunch();
    let done = if enabled {
        login.enable()
    } else {
        login.disable()
    };
    done.and_then(|()| login.is_enabled())
        .map_err(|e| IpcError::internal(format!("changing the login item failed: {e}")))
}

pub async fn sync_status(app: AppHandle) -> IpcResult<SyncStatus> {
    with_store(&app, |s, _| {
        Ok(SyncStatus {
            account: account::account(s)?,
            waiting: s.outbox_len()? as u32,
        })
    })
    .await
}

pub async fn sync_sign_in(app: AppHandle, input: SignInRequest) -> IpcResult<SignInResult> {
    let inner = shared(&app);
    blocking(move || sign_in::sign_in(&mut inner.second_store()?, input)).await
}

pub async fn sync_sign_out(app: AppHandle) -> IpcResult<()> {
    with_store(&app, |s, _| account::logout(s).map(|_| ())).await
}

pub async fn sync_now(handle: AppHandle) -> IpcResult<SyncReport> {
    let inner = shared(&handle);
    blocking(move || {
        let mut store = inner.second_store()?;
        kith_core::sync::run::sync(&mut store, &mut |r| {
            let _ = handle.emit(EVENT_SYNC_PROGRESS, r.clone());
        })
    })
    .await
}

pub async fn rebuild(app: AppHandle) -> IpcResult<RebuildReport> {
    let inner = shared(&app);
    blocking(move || inner.second_store()?.rebuild()).await
}
