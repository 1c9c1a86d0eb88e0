//! The app's one open database and its clock, shared by every command.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kith_core::phone::region_from_locale;
use kith_core::store::Store;
use kith_core::time::{self, Timestamp};

use crate::ipc::{IpcError, IpcResult};

/// Which file the app opens: `KITH_DB` when set, else the default the CLI shares.
pub fn database_path() -> PathBuf {
    std::env::var_os("KITH_DB")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(kith_core::store::default_path)
}

fn region() -> String {
    let lang = std::env::var("LC_ALL")
        .or_else(|_| std::env::var("LANG"))
        .ok();
    region_from_locale(lang.as_deref())
}

/// Opens (creating when missing) the database at `path`.
pub fn open_store(path: &Path) -> kith_core::Result<Store> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            kith_core::Error::invalid(dir.display().to_string(), format!("cannot be created: {e}"))
        })?;
    }
    Store::open(path, &region())
}

pub struct Inner {
    pub store: Mutex<Store>,
    pub path: PathBuf,
    /// `KITH_NOW` pins the clock (RFC 3339), as for the CLI, so tests get repeatable days.
    pinned_now: Option<Timestamp>,
}

pub type Shared = Arc<Inner>;

impl Inner {
    pub fn open(path: PathBuf) -> kith_core::Result<Shared> {
        let pinned_now = match std::env::var("KITH_NOW") {
            Ok(v) => Some(Timestamp::parse_rfc3339(&v).ok_or_else(|| {
                kith_core::Error::invalid("KITH_NOW", format!("'{v}' is not an RFC 3339 time"))
            })?),
            Err(_) => None,
        };
        Ok(Arc::new(Inner {
            store: Mutex::new(open_store(&path)?),
            path,
            pinned_now,
        }))
    }

    pub fn now(&self) -> Timestamp {
        self.pinned_now.unwrap_or_else(Timestamp::now)
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        time::local_time_zone()
    }

    /// A second handle on the same file, for long work (import, sync, rebuild) that must not
    /// hold the window's handle while it runs: reads go on meanwhile.
    pub fn second_store(&self) -> kith_core::Result<Store> {
        open_store(&self.path)
    }
}

/// The app's open database, as [`crate::run`] handed it to Tauri.
pub fn shared(app: &tauri::AppHandle) -> Shared {
    use tauri::Manager;
    app.state::<Shared>().inner().clone()
}

/// Runs `f` with the app's store on a blocking thread, so the UI thread never waits on SQLite.
pub async fn with_store<T: Send + 'static>(
    app: &tauri::AppHandle,
    f: impl FnOnce(&mut Store, &Inner) -> kith_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    let shared = shared(app);
    blocking(move || {
        let mut store = shared
            .store
            .lock()
            .map_err(|_| kith_core::Error::Corrupt("the database handle was poisoned".into()))?;
        f(&mut store, &shared)
    })
    .await
}

/// Runs `f` on a blocking thread.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> kith_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::internal(format!("the task stopped: {e}")))?
        .map_err(IpcError::from)
}
