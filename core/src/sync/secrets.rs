//! Where a device keeps its sync secrets (the device token and the workspace key): the OS
//! keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows), under
//! the identity of the database file, so two files on one machine are two devices. Where no
//! keyring answers, a file beside the database that only the user can read, and a warning.
//!
//! `KITH_KEYRING=file` skips the keyring (for headless machines and scripts).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::crypto::WorkspaceKey;
use crate::error::{Error, Result};

const SERVICE: &str = "kith";
/// A keyring that does not answer within this long is treated as absent.
const KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// A device's secrets.
#[derive(Clone)]
pub struct Secrets {
    /// The device token the server issued (`Authorization: Bearer`).
    pub token: String,
    /// The workspace key every change is sealed under; it never leaves the device.
    pub key: WorkspaceKey,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(…)")
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    token: String,
    key: String,
}

impl Secrets {
    fn encode(&self) -> String {
        serde_json::to_string(&Stored {
            token: self.token.clone(),
            key: base64::engine::general_purpose::STANDARD.encode(self.key.as_bytes()),
        })
        .expect("secrets serialise")
    }

    fn decode(text: &str, place: &str) -> Result<Secrets> {
        let bad = |m: &str| Error::Keyring(format!("{place}: {m}"));
        let s: Stored = serde_json::from_str(text).map_err(|_| bad("not a kith secret"))?;
        let key = base64::engine::general_purpose::STANDARD
            .decode(&s.key)
            .map_err(|_| bad("the workspace key is not base64"))?;
        Ok(Secrets {
            token: s.token,
            key: WorkspaceKey::from_bytes(&key).map_err(|_| bad("the workspace key is damaged"))?,
        })
    }
}

/// Where secrets went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The OS keyring (Secret Service, Keychain, Credential Manager).
    Keyring,
    /// The fallback file, and why the keyring was not used.
    File {
        /// The file.
        path: PathBuf,
        /// Why the keyring was not used.
        why: String,
    },
}

impl Place {
    /// The warning to show when the keyring was not used.
    pub fn warning(&self) -> Option<String> {
        match self {
            Place::Keyring => None,
            Place::File { path, why } => Some(format!(
                "warning: no OS keyring ({why}); the sync token and workspace key are in {} (readable only by you)",
                path.display()
            )),
        }
    }
}

/// The fallback file of the database at `db`.
pub fn fallback_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".secrets");
    db.with_file_name(name)
}

fn keyring_wanted() -> bool {
    std::env::var("KITH_KEYRING").map_or(true, |v| v != "file")
}

/// Runs a keyring call on its own thread, giving up after [`KEYRING_TIMEOUT`]: a Secret
/// Service that waits for an unlock prompt nobody sees must not hang the CLI.
fn with_keyring<T: Send + 'static>(
    device: &str,
    f: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
) -> std::result::Result<T, String> {
    let (tx, rx) = mpsc::channel();
    let user = device.to_string();
    std::thread::spawn(move || {
        let r = keyring::Entry::new(SERVICE, &user).and_then(|e| f(&e));
        let _ = tx.send(r);
    });
    match rx.recv_timeout(KEYRING_TIMEOUT) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(keyring_error(&e)),
        Err(_) => Err("the keyring did not answer".into()),
    }
}

fn keyring_error(e: &keyring::Error) -> String {
    match e {
        keyring::Error::NoDefaultStore => "no keyring service is running".into(),
        keyring::Error::NoStorageAccess(_) => "the keyring is locked".into(),
        keyring::Error::NoEntry => "no entry".into(),
        other => format!("the keyring failed: {other}"),
    }
}

/// Saves the secrets of device `device` of the database at `db`.
pub fn save(db: &Path, device: &str, secrets: &Secrets) -> Result<Place> {
    let text = secrets.encode();
    let why = if keyring_wanted() {
        let t = text.clone();
        match with_keyring(device, move |e| e.set_password(&t)) {
            Ok(()) => {
                // A stale fallback file must not outlive a move to the keyring.
                let _ = std::fs::remove_file(fallback_path(db));
                return Ok(Place::Keyring);
            }
            Err(why) => why,
        }
    } else {
        "KITH_KEYRING=file".to_string()
    };
    let path = fallback_path(db);
    write_private(&path, &text)?;
    Ok(Place::File { path, why })
}

/// The secrets of device `device`, from the keyring or the fallback file.
pub fn load(db: &Path, device: &str) -> Result<Option<Secrets>> {
    let path = fallback_path(db);
    if path.exists() {
        let text = std::fs::read_to_string(&path)?;
        return Secrets::decode(&text, &path.display().to_string()).map(Some);
    }
    if !keyring_wanted() {
        return Ok(None);
    }
    match with_keyring(device, |e| e.get_password()) {
        Ok(text) => Secrets::decode(&text, "the keyring entry").map(Some),
        Err(why) if why == "no entry" => Ok(None),
        Err(why) => Err(Error::Keyring(why)),
    }
}

/// Forgets the secrets of device `device` wherever they are.
pub fn delete(db: &Path, device: &str) -> Result<()> {
    match std::fs::remove_file(fallback_path(db)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    if keyring_wanted() {
        match with_keyring(device, |e| e.delete_credential()) {
            Ok(()) => {}
            Err(why) if why == "no entry" || why == "no keyring service is running" => {}
            Err(why) => return Err(Error::Keyring(why)),
        }
    }
    Ok(())
}

/// Writes `text` to a new file only the user can read.
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("secrets.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_file_round_trips_and_only_the_user_can_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        let secrets = Secrets {
            token: "ab".repeat(32),
            key: WorkspaceKey::generate(),
        };
        let path = fallback_path(&db);
        write_private(&path, &secrets.encode()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let back = load(&db, "device").unwrap().unwrap();
        assert_eq!(back.token, secrets.token);
        assert_eq!(back.key, secrets.key);
        std::fs::write(&path, "not json").unwrap();
        let err = load(&db, "device").unwrap_err().to_string();
        assert!(err.contains("not a kith secret"), "{err}");
        assert!(!err.contains(&secrets.token));
    }
}
