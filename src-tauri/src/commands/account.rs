//! Settings, the sync account, and rebuilding the projection.

use kith_core::settings::{self, Setting, SettingEntry};
use kith_core::store::RebuildReport;
use kith_core::sync::{account, run::SyncReport};
use serde_json::Value;
use tauri::{AppHandle, Emitter};

use super::S;
use crate::ipc::*;
use crate::state::{blocking, with_store};

#[tauri::command]
pub async fn settings_list(app: S<'_>) -> IpcResult<Vec<SettingEntry>> {
    with_store(&app, |s, _| settings::list(s)).await
}

#[tauri::command]
pub async fn settings_set(app: S<'_>, input: Option<Value>) -> IpcResult<Setting> {
    let input: SettingChange = parse(input)?;
    with_store(&app, move |s, _| settings::set(s, &input.key, &input.value)).await
}

/// Whether Kith starts (in the tray) when the user logs in.
#[tauri::command]
pub async fn start_at_login_get(app: AppHandle) -> IpcResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch()
        .is_enabled()
        .map_err(|e| IpcError::internal(format!("reading the login item failed: {e}")))
}

/// Turns starting at login on or off; returns the state the system now reports.
#[tauri::command]
pub async fn start_at_login_set(app: AppHandle, input: Option<Value>) -> IpcResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    let enabled: bool = parse(input)?;
    let login = app.autolaunch();
    let done = if enabled {
        login.enable()
    } else {
        login.disable()
    };
    done.and_then(|()| login.is_enabled())
        .map_err(|e| IpcError::internal(format!("changing the login item failed: {e}")))
}

#[tauri::command]
pub async fn sync_status(app: S<'_>) -> IpcResult<SyncStatus> {
    with_store(&app, |s, _| {
        Ok(SyncStatus {
            account: account::account(s)?,
            waiting: s.outbox_len()? as u32,
        })
    })
    .await
}

#[tauri::command]
pub async fn sync_sign_in(app: S<'_>, input: Option<Value>) -> IpcResult<SignInResult> {
    let input: SignInRequest = parse(input)?;
    let inner = app.inner().clone();
    blocking(move || {
        let mut store = inner.second_store()?;
        let device = input
            .device_name
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(account::default_device_name);
        let signed_in = match input.recovery_key.filter(|k| !k.trim().is_empty()) {
            None => account::create_account(
                &mut store,
                &input.server,
                &input.email,
                &input.password,
                &device,
            )?,
            Some(key) => account::login(
                &mut store,
                &input.server,
                &input.email,
                &input.password,
                &key,
                &device,
            )?,
        };
        Ok(SignInResult {
            account: signed_in.account,
            recovery_key: signed_in.recovery_key,
        })
    })
    .await
}

#[tauri::command]
pub async fn sync_sign_out(app: S<'_>) -> IpcResult<()> {
    with_store(&app, |s, _| account::logout(s).map(|_| ())).await
}

#[tauri::command]
pub async fn sync_now(app: S<'_>, handle: AppHandle) -> IpcResult<SyncReport> {
    let inner = app.inner().clone();
    blocking(move || {
        let mut store = inner.second_store()?;
        kith_core::sync::run::sync(&mut store, &mut |r| {
            let _ = handle.emit(EVENT_SYNC_PROGRESS, r.clone());
        })
    })
    .await
}

#[tauri::command]
pub async fn rebuild(app: S<'_>) -> IpcResult<RebuildReport> {
    let inner = app.inner().clone();
    blocking(move || inner.second_store()?.rebuild()).await
}
