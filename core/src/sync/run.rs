//! One sync run (push the outbox, then pull until caught up) and the watch that repeats it.
//!
//! Every change leaves the device sealed ([`super::crypto`]); the server sees opaque ids and
//! ciphertext.

use std::time::Duration;

use base64::Engine as _;
use serde::Serialize;

use super::account::{connect, B64, M_CURSOR};
use super::client::Client;
use super::crypto::{change_plaintext, split_plaintext, WorkspaceKey};
use super::protocol as p;
use crate::error::{Error, Result};
use crate::store::{Received, RemoteChange, Store};
use crate::time::Timestamp;

/// Keep a push body comfortably under the server's limit.
const PUSH_BODY_BUDGET: usize = p::MAX_BODY_BYTES / 2;
const PUSH_BATCH: usize = 500;

/// What one sync run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// Local changes the server accepted (or already had).
    pub pushed: usize,
    /// Changes from other devices new to this file.
    pub pulled: usize,
    /// The server sequence number this file has seen everything up to.
    pub cursor: i64,
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
    // Pages are fetched, opened and read (`Received::new`) on a thread of their own, a page or
    // two ahead, while this thread stores the last one: a new device's first sync is as much
    // waiting for the server and reading changes as storing them.
    let start = report.cursor;
    std::thread::scope(|scope| -> Result<()> {
        let (ready, pages) = std::sync::mpsc::sync_channel::<Result<Opened>>(2);
        let (client, secrets) = (&client, &secrets);
        scope.spawn(move || {
            let mut cursor = start;
            loop {
                let opened = client
                    .pull(ws, cursor, p::MAX_PAGE)
                    .and_then(|page| open_page(page, ws, &secrets.key));
                let more = opened.as_ref().is_ok_and(|o| o.more);
                if let Ok(o) = &opened {
                    cursor = o.cursor;
                }
                if ready.send(opened).is_err() || !more {
                    return; // done, failed, or the applying side stopped
                }
            }
        });
        for opened in pages {
            let page = opened?;
            if let Some(changes) = page.changes {
                let applied = store.apply_received(changes, Timestamp::now())?;
                report.pulled += applied.new;
            }
            if page.cursor != report.cursor {
                report.cursor = page.cursor;
                store.set_meta(&[(M_CURSOR, Some(&report.cursor.to_string()))])?;
            }
            progress(&report);
        }
        Ok(())
    })?;
    Ok(report)
}

/// A page of changes from the server, opened and read; `None` when it held none.
struct Opened {
    changes: Option<Received>,
    cursor: i64,
    more: bool,
}

/// Opens every change of a pulled page with the workspace key, and reads them.
fn open_page(page: p::PullResponse, ws: &str, key: &WorkspaceKey) -> Result<Opened> {
    let mut changes = Vec::with_capacity(page.changes.len());
    for c in &page.changes {
        let sealed = B64.decode(&c.data).map_err(|_| Error::Server {
            status: 200,
            code: "bad_response".into(),
            message: format!("change {} is not base64", c.seq),
        })?;
        let plain = key.open(ws, &sealed).map_err(|_| {
            Error::invalid(
                format!("change {} from the server", c.seq),
                "does not open with this workspace key (was the recovery key of another account used?)",
            )
        })?;
        let (doc, bytes) = split_plaintext(&plain)?;
        changes.push(RemoteChange {
            doc_id: doc.to_string(),
            bytes: bytes.to_vec(),
        });
    }
    Ok(Opened {
        changes: (!changes.is_empty())
            .then(|| Received::new(changes))
            .transpose()?,
        cursor: page.cursor,
        more: page.more,
    })
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
