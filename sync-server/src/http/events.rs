//! `GET /v1/workspaces/{workspace_id}/events`: server-sent events. One `moved` event with the
//! current cursor on connect, then one whenever the workspace's newest sequence number grows;
//! keep-alive comments in between. The stream ends when its device is revoked or the server
//! shuts down.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use kith_protocol::{Moved, EVENT_MOVED};
use tokio::sync::{broadcast, watch};

use super::extract::Authenticated;
use super::AppState;
use crate::changes;
use crate::error::ApiError;
use crate::metrics::StreamGauge;
use crate::relay::Relay;
use crate::store::Caller;

/// How often an idle event stream sends a comment, so proxies keep it open.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub async fn events(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(workspace_id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let revocations = state.relay.hub.revocations();
    let cursor = changes::follow(&state.relay, &caller, &workspace_id).await?;
    let follow = Follow {
        _gauge: state.relay.metrics.stream_opened(),
        relay: state.relay.clone(),
        caller,
        cursor,
        revocations,
        closing: state.relay.hub.closing(),
        first: true,
    };
    let stream = futures_util::stream::unfold(follow, |mut follow| async move {
        let cursor = follow.next_cursor().await?;
        let event = Event::default()
            .event(EVENT_MOVED)
            .json_data(Moved { cursor })
            .expect("a cursor serializes");
        Some((Ok(event), follow))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

enum Woke {
    Moved(bool),
    Revoked(Result<String, broadcast::error::RecvError>),
    Closing,
}

struct Follow {
    /// Held for its `Drop`: counts the stream as open while it lives.
    _gauge: StreamGauge,
    relay: Arc<Relay>,
    caller: Caller,
    cursor: watch::Receiver<i64>,
    revocations: broadcast::Receiver<String>,
    closing: watch::Receiver<bool>,
    first: bool,
}

impl Follow {
    /// The next cursor to announce, or `None` when the stream should end.
    async fn next_cursor(&mut self) -> Option<i64> {
        if self.first {
            self.first = false;
            return Some(*self.cursor.borrow_and_update());
        }
        loop {
            let woke = tokio::select! {
                changed = self.cursor.changed() => Woke::Moved(changed.is_ok()),
                revoked = self.revocations.recv() => Woke::Revoked(revoked),
                _ = self.closing.wait_for(|closing| *closing) => Woke::Closing,
            };
            match woke {
                Woke::Moved(true) => return Some(*self.cursor.borrow_and_update()),
                Woke::Moved(false) | Woke::Closing => return None,
                Woke::Revoked(Ok(device_id)) if device_id == self.caller.device_id => return None,
                Woke::Revoked(Ok(_)) => {}
                // Missed some revokes: ask the database whether this device is still in.
                Woke::Revoked(Err(broadcast::error::RecvError::Lagged(_))) => {
                    if !self.still_allowed().await {
                        return None;
                    }
                }
                Woke::Revoked(Err(broadcast::error::RecvError::Closed)) => return None,
            }
        }
    }

    async fn still_allowed(&self) -> bool {
        match self
            .relay
            .store
            .devices(self.caller.account_id.clone())
            .await
        {
            Ok(devices) => devices
                .iter()
                .any(|d| d.device_id == self.caller.device_id && d.revoked_at.is_none()),
            Err(_) => true,
        }
    }
}
