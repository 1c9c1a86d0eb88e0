//! The device side of sync: the account kept in the database file, the HTTP calls to
//! `kith-sync-server`, and one sync run (push the outbox, then pull until caught up).
//!
//! Every change leaves the device sealed ([`super::crypto`]); the server sees opaque ids and
//! ciphertext. Network failures are retried with backoff and then reported as
//! [`Error::Offline`], which callers treat as the normal state of a laptop on a train.

use std::io::{BufRead, BufReader};
use std::time::Duration;

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::crypto::{change_plaintext, split_plaintext, WorkspaceKey};
use super::protocol::{self as p, ErrorBody};
use super::secrets::{self, Place, Secrets};
use crate::error::{Error, Result};
use crate::store::{RemoteChange, Store};
use crate::time::Timestamp;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
/// How often a failed request is tried again, and how long to wait before each try.
const BACKOFF_MS: [u64; 4] = [200, 500, 1_000, 2_000];
/// Keep a push body comfortably under the server's limit.
const PUSH_BODY_BUDGET: usize = p::MAX_BODY_BYTES / 2;
const PUSH_BATCH: usize = 500;

const M_SERVER: &str = "sync.server";
const M_EMAIL: &str = "sync.email";
const M_WORKSPACE: &str = "sync.workspace";
const M_DEVICE: &str = "sync.device";
const M_CURSOR: &str = "sync.cursor";

/// The sync account of a database file (no secrets: those are in the keyring).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub server: String,
    pub email: String,
    pub workspace_id: String,
    /// The server's id of this device.
    pub device_id: String,
}

/// What one sync run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Local changes the server accepted (or already had).
    pub pushed: usize,
    /// Changes from other devices new to this file.
    pub pulled: usize,
    /// The server sequence number this file has seen everything up to.
    pub cursor: i64,
}

/// What creating an account or logging in left: the account, where its secrets went, and
/// (for a new account) the recovery key to show once.
#[derive(Debug)]
pub struct SignedIn {
    pub account: Account,
    pub place: Place,
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

/// The server URL as given, checked and without a trailing slash.
pub fn server_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| Error::invalid("--server", "must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(Error::invalid("--server", "has no host"));
    }
    Ok(url.to_string())
}

/// An HTTP connection to one server, as one device (or as nobody, to sign in).
pub struct Client {
    agent: ureq::Agent,
    base: String,
    token: Option<String>,
}

impl Client {
    pub fn new(server: &str, token: Option<String>) -> Result<Client> {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("kith/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Client {
            agent,
            base: server_url(server)?,
            token,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}{path}", self.base, p::API_PREFIX)
    }

    fn auth(&self) -> Result<String> {
        self.token
            .as_ref()
            .map(|t| format!("Bearer {t}"))
            .ok_or(Error::NotSignedIn)
    }

    /// Sends a request (again, after a network failure or a 5xx, with backoff) and reads the
    /// answer: the JSON body on success, the server's reason otherwise.
    fn call<T: DeserializeOwned>(
        &self,
        send: impl Fn(
            &ureq::Agent,
        ) -> std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Option<T>> {
        let mut last = String::new();
        for (attempt, wait) in std::iter::once(0).chain(BACKOFF_MS).enumerate() {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(wait));
            }
            let mut resp = match send(&self.agent) {
                Ok(r) => r,
                Err(e) => {
                    last = network_error(&e);
                    continue;
                }
            };
            let status = resp.status().as_u16();
            if status >= 500 {
                last = format!("the server answered {status}");
                continue;
            }
            let body = resp
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_string();
            let body = match body {
                Ok(b) => b,
                Err(e) => {
                    last = network_error(&e);
                    continue;
                }
            };
            if (200..300).contains(&status) {
                if status == 204 || body.is_empty() {
                    return Ok(None);
                }
                return serde_json::from_str(&body)
                    .map(Some)
                    .map_err(|e| Error::Server {
                        status,
                        code: "bad_response".into(),
                        message: format!("the answer is not what kith expects: {e}"),
                    });
            }
            let err: ErrorBody = serde_json::from_str(&body).unwrap_or(ErrorBody {
                code: "unknown".into(),
                message: format!("HTTP {status}"),
            });
            return Err(Error::Server {
                status,
                code: err.code,
                message: err.message,
            });
        }
        Err(Error::Offline(format!(
            "could not reach {}: {last}",
            self.base
        )))
    }

    fn expect<T: DeserializeOwned>(&self, v: Option<T>) -> Result<T> {
        v.ok_or_else(|| Error::Server {
            status: 204,
            code: "bad_response".into(),
            message: "the answer has no body".into(),
        })
    }

    pub fn create_account(&self, req: &p::CreateAccount) -> Result<p::Session> {
        let url = self.url("/accounts");
        let v = self.call(|a| a.post(&url).send_json(req))?;
        self.expect(v)
    }

    pub fn login(&self, req: &p::Login) -> Result<p::Session> {
        let url = self.url("/login");
        let v = self.call(|a| a.post(&url).send_json(req))?;
        self.expect(v)
    }

    pub fn logout(&self) -> Result<()> {
        let (url, auth) = (self.url("/logout"), self.auth()?);
        self.call::<serde_json::Value>(|a| {
            a.post(&url).header("Authorization", &auth).send_empty()
        })?;
        Ok(())
    }

    pub fn devices(&self) -> Result<Vec<p::DeviceInfo>> {
        let (url, auth) = (self.url("/devices"), self.auth()?);
        let v = self.call(|a| a.get(&url).header("Authorization", &auth).call())?;
        self.expect(v)
    }

    pub fn revoke(&self, device_id: &str) -> Result<()> {
        let (url, auth) = (self.url(&format!("/devices/{device_id}")), self.auth()?);
        self.call::<serde_json::Value>(|a| a.delete(&url).header("Authorization", &auth).call())?;
        Ok(())
    }

    pub fn push(&self, workspace: &str, req: &p::PushRequest) -> Result<p::PushResponse> {
        let (url, auth) = (
            self.url(&format!("/workspaces/{workspace}/changes")),
            self.auth()?,
        );
        let v = self.call(|a| a.post(&url).header("Authorization", &auth).send_json(req))?;
        self.expect(v)
    }

    pub fn pull(&self, workspace: &str, after: i64, limit: u32) -> Result<p::PullResponse> {
        let (url, auth) = (
            self.url(&format!("/workspaces/{workspace}/changes")),
            self.auth()?,
        );
        let v = self.call(|a| {
            a.get(&url)
                .header("Authorization", &auth)
                .query("after", after.to_string())
                .query("limit", limit.to_string())
                .call()
        })?;
        self.expect(v)
    }

    /// Follows the workspace's live channel, calling `moved` with the server's newest sequence
    /// number at once and whenever it grows, until `moved` returns false or the connection
    /// ends (an error then, so the caller can reconnect).
    pub fn follow(&self, workspace: &str, mut moved: impl FnMut(i64) -> bool) -> Result<()> {
        let (url, auth) = (
            self.url(&format!("/workspaces/{workspace}/events")),
            self.auth()?,
        );
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .build()
            .into();
        let resp = agent
            .get(&url)
            .header("Authorization", &auth)
            .header("Accept", "text/event-stream")
            .call()
            .map_err(|e| {
                Error::Offline(format!(
                    "could not reach {}: {}",
                    self.base,
                    network_error(&e)
                ))
            })?;
        let status = resp.status().as_u16();
        if status != 200 {
            return Err(Error::Server {
                status,
                code: "events".into(),
                message: "the server refused the live channel".into(),
            });
        }
        let reader = BufReader::new(resp.into_body().into_reader());
        let mut event = String::new();
        for line in reader.lines() {
            let line = line.map_err(|e| Error::Offline(format!("the live channel closed: {e}")))?;
            if let Some(name) = line.strip_prefix("event:") {
                event = name.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:") {
                if event == p::EVENT_MOVED {
                    if let Ok(m) = serde_json::from_str::<p::Moved>(data.trim()) {
                        if !moved(m.cursor) {
                            return Ok(());
                        }
                    }
                }
            } else if line.is_empty() {
                event.clear();
            }
        }
        Err(Error::Offline("the live channel closed".into()))
    }
}

fn network_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => io.to_string(),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::HostNotFound => "host not found".into(),
        other => other.to_string(),
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
        server: client.base.clone(),
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
        server: client.base.clone(),
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

/// Pushes the outbox, then pulls until caught up. Safe to run at any time and to interrupt:
/// pushing or pulling again is harmless.
pub fn sync(store: &mut Store, progress: &mut dyn FnMut(&SyncReport)) -> Result<SyncReport> {
    let (client, account, secrets) = connect(store)?;
    let ws = account.workspace_id.as_str();
    let mut report = SyncReport {
        cursor: store
            .meta(M_CURSOR)?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0),
        ..Default::default()
    };
    loop {
        let outbox = store.outbox(PUSH_BATCH as u32)?;
        if outbox.is_empty() {
            break;
        }
        let mut changes = Vec::with_capacity(outbox.len());
        let mut seqs = Vec::with_capacity(outbox.len());
        let mut size = 0;
        for c in &outbox {
            let doc = uuid::Uuid::try_parse(&c.doc_id).map_err(|_| {
                Error::Corrupt(format!("change {} names document {}", c.seq, c.doc_id))
            })?;
            let hash = crate::store::decode_hex(&c.hash)
                .ok_or_else(|| Error::Corrupt(format!("change {} has a malformed hash", c.seq)))?;
            let data = B64.encode(secrets.key.seal(ws, &change_plaintext(&doc, &c.bytes)));
            size += data.len() + 100;
            if size > PUSH_BODY_BUDGET && !changes.is_empty() {
                break;
            }
            changes.push(p::SealedChange {
                id: secrets.key.change_id(&hash),
                data,
            });
            seqs.push(c.seq);
        }
        client.push(ws, &p::PushRequest { changes })?;
        store.mark_pushed(&seqs)?;
        report.pushed += seqs.len();
        progress(&report);
    }
    loop {
        let page = client.pull(ws, report.cursor, p::MAX_PAGE)?;
        let mut batch = Vec::with_capacity(page.changes.len());
        for c in &page.changes {
            let sealed = B64.decode(&c.data).map_err(|_| Error::Server {
                status: 200,
                code: "bad_response".into(),
                message: format!("change {} is not base64", c.seq),
            })?;
            let plain = secrets.key.open(ws, &sealed).map_err(|_| {
                Error::invalid(
                    format!("change {} from the server", c.seq),
                    "does not open with this workspace key (was the recovery key of another account used?)",
                )
            })?;
            let (doc, bytes) = split_plaintext(&plain)?;
            batch.push(RemoteChange {
                doc_id: doc.to_string(),
                bytes: bytes.to_vec(),
            });
        }
        if !batch.is_empty() {
            let applied = store.apply_remote(&batch, Timestamp::now())?;
            report.pulled += applied.new;
        }
        if page.cursor != report.cursor {
            report.cursor = page.cursor;
            store.set_meta(&[(M_CURSOR, Some(&report.cursor.to_string()))])?;
        }
        progress(&report);
        if !page.more {
            break;
        }
    }
    Ok(report)
}

/// What [`watch`] tells its caller after each attempt.
pub type WatchEvent = Result<SyncReport>;

/// Keeps this database in sync until `stop` is set: syncs at once, then again whenever the
/// server says the workspace moved (its live channel), another process wrote to the file, or
/// a failed attempt's backoff ran out. Being offline is reported and retried, never fatal; a
/// revoked device or a missing account ends the watch with that error.
pub fn watch(
    store: &mut Store,
    stop: &std::sync::atomic::AtomicBool,
    on: &mut dyn FnMut(&WatchEvent),
) -> Result<()> {
    use std::sync::atomic::Ordering;
    use std::sync::mpsc;
    use std::time::Instant;

    let (_, account, secrets) = connect(store)?;
    let (tx, rx) = mpsc::channel::<i64>();
    {
        let (server, ws, token) = (
            account.server.clone(),
            account.workspace_id.clone(),
            secrets.token.clone(),
        );
        std::thread::spawn(move || {
            let Ok(client) = Client::new(&server, Some(token)) else {
                return;
            };
            let mut wait = Duration::from_millis(500);
            loop {
                let started = Instant::now();
                let _ = client.follow(&ws, |cursor| tx.send(cursor).is_ok());
                if tx.send(i64::MIN).is_err() {
                    return; // the watch ended
                }
                if started.elapsed() > Duration::from_secs(30) {
                    wait = Duration::from_millis(500);
                }
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_secs(30));
            }
        });
    }
    store.external_changes()?;
    let mut due = Some(Instant::now());
    let mut backoff = Duration::from_secs(1);
    let mut cursor = store
        .meta(M_CURSOR)?
        .and_then(|c| c.parse().ok())
        .unwrap_or(0i64);
    while !stop.load(Ordering::Relaxed) {
        if due.is_some_and(|t| Instant::now() >= t) {
            let result = sync(store, &mut |_| {});
            on(&result);
            match result {
                Ok(r) => {
                    cursor = r.cursor;
                    due = None;
                    backoff = Duration::from_secs(1);
                }
                Err(Error::NotSignedIn) => return Err(Error::NotSignedIn),
                Err(Error::Server {
                    status: 401,
                    code,
                    message,
                }) => {
                    return Err(Error::Server {
                        status: 401,
                        code,
                        message,
                    })
                }
                Err(_) => {
                    due = Some(Instant::now() + backoff);
                    backoff = (backoff * 2).min(Duration::from_secs(60));
                }
            }
        }
        match rx.recv_timeout(Duration::from_millis(250)) {
            // The server moved past us, or the channel came back after a break (which may
            // have hidden a move).
            Ok(c) if c > cursor || c == i64::MIN => {
                due.get_or_insert_with(Instant::now);
            }
            _ => {}
        }
        if !store.external_changes()?.is_empty() {
            due.get_or_insert_with(Instant::now);
        }
    }
    Ok(())
}
