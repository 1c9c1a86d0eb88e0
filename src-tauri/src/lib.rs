//! # kith-desktop
//!
//! The Kith window and tray: a Tauri 2 shell whose IPC commands ([`commands`]) are thin calls
//! into kith-core over the same SQLite file the `kith` CLI uses. The page (SvelteKit, `ui/`)
//! gets only the commands it uses (declared once, with their typed input and output, in
//! [`commands::declared`]; granted one by one in `capabilities/main.json`) and the app's
//! events; no shell, HTTP or filesystem plugin.
//!
//! - The database is `KITH_DB` when set, else the platform data directory's `kith.db`.
//! - A watcher ([`watch`]) turns every commit to the file (this window, the CLI, sync) into a
//!   `kith://changed` event, so an open window never shows stale data.
//! - Closing the window hides it to the tray; a second launch focuses the running one.
//! - A reminder clock ([`reminders`]) shows due follow-ups, keep-in-touch cadences and
//!   birthdays as native notifications, once per device, and keeps the tray's list current.

// The desktop app's body, public only to its own binary, tests and binding generator; not an
// API. Exempt from `missing_docs` (the workspace lint); the IPC commands are being reworked.
#![allow(missing_docs)]

pub mod bindings;
pub mod commands;
pub mod declare;
pub mod ipc;
pub mod reminders;
pub mod state;
pub mod tray;
pub mod watch;

include!("command_names.rs");

pub use commands::declared::COMMAND_NAMES;

use tauri::{Manager, WindowEvent};

/// Opens the main window as `tauri.conf.json` describes it, on the route `KITH_START_ROUTE`
/// names (for example `/contacts`) or the dashboard.
pub fn open_window(app: &tauri::AppHandle) -> tauri::Result<()> {
    let mut config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .expect("tauri.conf.json describes the main window");
    if let Some(route) = std::env::var("KITH_START_ROUTE")
        .ok()
        .map(|r| r.trim().trim_start_matches('/').to_string())
        .filter(|r| !r.is_empty())
    {
        config.url = tauri::WebviewUrl::App(route.into());
    }
    tauri::WebviewWindowBuilder::from_config(app, &config)?.build()?;
    Ok(())
}

/// The argument the login item starts Kith with: tray only, no window.
pub const HIDDEN_ARG: &str = "--hidden";

/// Starts the app; returns when it quits.
pub fn run() {
    let path = state::database_path();
    let shared = match state::Inner::open(path.clone()) {
        Ok(s) => s,
        Err(e) => {
            // No window can help here (the file is damaged, newer, or unreadable): say so.
            eprintln!("kith-desktop: cannot open {}: {e}", path.display());
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        // First, so a second launch hands over before it opens anything.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            tray::show(app, None);
        }))
        .plugin(tauri_plugin_dialog::init())
        // Opt-in from Settings; the login item starts Kith in the tray, without its window.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_ARG]),
        ))
        .manage(shared.clone())
        .setup(move |app| {
            // Started at login (`--hidden`), Kith waits in the tray; the window opens on demand.
            if !std::env::args().any(|a| a == HIDDEN_ARG) {
                open_window(app.handle())?;
            }
            tray::install(app.handle())?;
            let clock = reminders::spawn(app.handle().clone(), shared);
            app.manage(clock.clone());
            reminders::watch_resume(clock.clone());
            watch::spawn(app.handle().clone(), path, clock);
            Ok(())
        })
        .on_window_event(|window, event| {
            // The window closes to the tray; "Quit" in the tray menu ends the app.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.app_handle().tray_by_id(tray::TRAY_ID).is_some() {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .invoke_handler(commands::declared::invoke_handler())
        .run(tauri::generate_context!())
        .expect("the Kith window failed");
}
