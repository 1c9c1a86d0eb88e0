//! The sync account of a database file: creating one, logging a device in and out, and the
//! signed-in client. The account lives in the file's `meta` table; its secrets in the keyring
//! ([`super::secrets`]).

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::crypto::WorkspaceKey;
use super::protocol as p;
use super::secrets::{self, Place, Secrets};
use crate::error::{Error, Result};
use crate::store::Store;

pub(super) const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

const M_SERVER: &str = "sync.server";
const M_EMAIL: &str = "sync.email";
const M_WORKSPACE: &str = "sync.workspace";
const M_DEVICE: &str = "sync.device";
/// The server sequence number this file has pulled everything up to.
pub(super) const M_CURSOR: &str = "sync.cursor";

/// The sync account of a database file (no secrets: those are in the keyring).
// IPC type: ts-rs copies doc comments into ui/src/lib/bindings.ts; its docs come with the IPC
// rework (see the desktop's bindings).
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Account {
    pub server: String,
    pub email: String,
    pub workspace_id: String,
    /// The server's id of this device.
    pub device_id: String,
}

/// What creating an account or logging in left: the account, where its secrets went, and
/// (for a new account) the recovery key to show once.
#[derive(Debug)]
pub struct SignedIn {
    /// The account, as now stored in the database file.
    pub account: Account,
    /// Where the device's secrets were kept.
    pub place: Place,
    /// The recovery key of a new account, to show once; `None` after a login.
    pub recovery_key: Option<String>,
}

/// The account of `store`, if it has one.
pub fn account(store: &Store) -> Result<Option<Account>> {
    let get = |k| store.meta(k);
    match (
        get(M_SERVER)?,
        get(M_EMAIL)?,
        get(M_WORKSPACE)?,
        get(M_DEVICE)?,
    ) {
        (Some(server), Some(email), Some(workspace_id), Some(device_id)) => Ok(Some(Account {
            server,
            email,
            workspace_id,
            device_id,
        })),
        _ => Ok(None),
    }
}

/// A device name for the server's device list: the machine's host name.
pub fn default_device_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this computer".into());
    format!("kith on {host}")
}

fn remember(
    store: &mut Store,
    account: &Account,
    session: &p::Session,
    key: WorkspaceKey,
) -> Result<Place> {
    let place = secrets::save(
        &store.path(),
        &store.device_id(),
        &Secrets {
            token: session.token.clone(),
            key,
        },
    )?;
    store.set_meta(&[
        (M_SERVER, Some(&account.server)),
        (M_EMAIL, Some(&account.email)),
        (M_WORKSPACE, Some(&account.workspace_id)),
        (M_DEVICE, Some(&account.device_id)),
        (M_CURSOR, Some("0")),
    ])?;
    Ok(place)
}

fn refuse_if_signed_in(store: &Store) -> Result<()> {
    if let Some(a) = account(store)? {
        return Err(Error::invalid(
            "account",
            format!(
                "this database is already signed in to {} as {}; run `kith logout` first",
                a.server, a.email
            ),
        ));
    }
    Ok(())
}

/// Creates an account on `server` with this database as its first device, and a new
/// workspace key; the recovery key in the answer is shown once and needed by other devices.
pub fn create_account(
    store: &mut Store,
    server: &str,
    email: &str,
    password: &str,
    device_name: &str,
) -> Result<SignedIn> {
    refuse_if_signed_in(store)?;
    let client = Client::new(server, None)?;
    let key = WorkspaceKey::generate();
    let session = client.create_account(&p::CreateAccount {
        email: email.trim().to_string(),
        password: password.to_string(),
        device_name: device_name.to_string(),
        key_check: B64.encode(key.key_check()),
    })?;
    let account = Account {
        server: client.server().to_string(),
        email: email.trim().to_lowercase(),
        workspace_id: session.workspace_id.clone(),
        device_id: session.device_id.clone(),
    };
    let recovery_key = key.recovery_key();
    let place = remember(store, &account, &session, key)?;
    Ok(SignedIn {
        account,
        place,
        recovery_key: Some(recovery_key),
    })
}

/// Logs this database in as a new device of an existing account; `recovery_key` must be the
/// account's (checked before anything is stored; a wrong one logs the new device out again).
pub fn login(
    store: &mut Store,
    server: &str,
    email: &str,
    password: &str,
    recovery_key: &str,
    device_name: &str,
) -> Result<SignedIn> {
    refuse_if_signed_in(store)?;
    let key = WorkspaceKey::from_recovery_key(recovery_key)?;
    let client = Client::new(server, None)?;
    let session = client.login(&p::Login {
        email: email.trim().to_string(),
        password: password.to_string(),
        device_name: device_name.to_string(),
    })?;
    let check = B64.decode(&session.key_check).unwrap_or_default();
    if !key.matches(&check) {
        let _ = Client::new(server, Some(session.token.clone()))?.logout();
        return Err(Error::invalid(
            "recovery key",
            "does not belong to this account",
        ));
    }
    let account = Account {
        server: client.server().to_string(),
        email: email.trim().to_lowercase(),
        workspace_id: session.workspace_id.clone(),
        device_id: session.device_id.clone(),
    };
    let place = remember(store, &account, &session, key)?;
    Ok(SignedIn {
        account,
        place,
        recovery_key: None,
    })
}

/// The signed-in client and account of `store`.
pub fn connect(store: &Store) -> Result<(Client, Account, Secrets)> {
    let account = account(store)?.ok_or(Error::NotSignedIn)?;
    let secrets = secrets::load(&store.path(), &store.device_id())?.ok_or_else(|| {
        Error::Keyring(format!(
            "the sync secrets of this database are missing from the keyring and from {}; run `kith logout` and `kith login` again",
            secrets::fallback_path(&store.path()).display()
        ))
    })?;
    let client = Client::new(&account.server, Some(secrets.token.clone()))?;
    Ok((client, account, secrets))
}

/// Revokes this device on the server (when reachable) and forgets the account and its secrets.
/// Returns a warning when the server could not be told.
pub fn logout(store: &mut Store) -> Result<Option<String>> {
    let Some(account) = account(store)? else {
        return Err(Error::NotSignedIn);
    };
    let warning = match connect(store) {
        Ok((client, _, _)) => match client.logout() {
            Ok(()) => None,
            Err(Error::Server { status: 401, .. }) => None,
            Err(e) => Some(format!(
                "could not tell {} ({e}); this device stays in the device list until revoked from another device",
                account.server
            )),
        },
        Err(e) => Some(format!("{e}")),
    };
    secrets::delete(&store.path(), &store.device_id())?;
    store.set_meta(&[
        (M_SERVER, None),
        (M_EMAIL, None),
        (M_WORKSPACE, None),
        (M_DEVICE, None),
        (M_CURSOR, None),
    ])?;
    Ok(warning)
}
