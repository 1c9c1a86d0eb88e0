//! Notices every commit to the database file — this window's, the CLI's, a sync run's — and
//! tells the window, so what it shows is never stale and nobody has to restart.

use std::path::PathBuf;
use std::time::Duration;

use tauri::{AppHandle, Emitter};

use kith_core::store::Store;

use crate::ipc::{Changed, EVENT_CHANGED};
use crate::reminders::Clock;

/// The file's commit counter as this connection sees it (`None` when it cannot be read, which
/// the next successful read then counts as a change).
fn data_version(store: &Store) -> Option<i64> {
    store
        .conn()
        .query_row("PRAGMA data_version", [], |r| r.get(0))
        .ok()
}

/// How often the file's `data_version` is read: one cheap pragma, well under a second of delay.
const POLL: Duration = Duration::from_millis(250);
/// Beyond this many changed records the event says "everything" (an empty list).
const MAX_IDS: usize = 500;

/// Starts the watcher thread on its own connection to `path`. Every commit wakes `clock`,
/// settings and the reminder clock's own records included; commits that changed records also
/// reach the window.
pub fn spawn(app: AppHandle, path: PathBuf, clock: Clock) {
    std::thread::Builder::new()
        .name("kith-watch".into())
        .spawn(move || {
            let mut store = match crate::state::open_store(&path) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("kith-desktop: cannot watch the database for changes: {e}");
                    return;
                }
            };
            // Start from now: what was there before the window opened is not news.
            let _ = store.external_changes();
            let mut version = data_version(&store);
            loop {
                std::thread::sleep(POLL);
                let now = data_version(&store);
                if now == version {
                    continue;
                }
                version = now;
                clock.wake();
                match store.external_changes() {
                    Ok(ids) if ids.is_empty() => {}
                    Ok(mut ids) => {
                        if ids.len() > MAX_IDS {
                            ids.clear();
                        }
                        let _ = app.emit(EVENT_CHANGED, Changed { ids });
                    }
                    Err(e) => eprintln!("kith-desktop: reading database changes failed: {e}"),
                }
            }
        })
        .expect("spawn the database watcher");
}
