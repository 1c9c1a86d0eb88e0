//! Pushing and pulling sealed changes, and following a workspace's cursor. The server never
//! opens a change: it checks the shape, deduplicates on the id and hands out sequence numbers.

use std::collections::HashSet;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kith_protocol::{PullResponse, PulledChange, PushRequest, PushResponse};
use tokio::sync::watch;

use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::relay::Relay;
use crate::store::Caller;
use crate::validate;

/// The one workspace a caller may touch is its account's; any other id, existing or not, gets
/// the same "not found".
fn own_workspace(caller: &Caller, workspace_id: &str) -> Result<(), ApiError> {
    if caller.workspace_id == workspace_id {
        Ok(())
    } else {
        Err(ApiError::workspace_not_found())
    }
}

/// Checks the whole push, then stores the changes the workspace does not have yet, in one
/// transaction. A change id seen twice in one request counts as a duplicate the second time.
pub async fn push(
    relay: &Relay,
    caller: &Caller,
    workspace_id: &str,
    request: PushRequest,
    now: i64,
) -> Result<PushResponse, ApiError> {
    own_workspace(caller, workspace_id)?;
    let changes = validate::push(&request.changes).map_err(ApiError::BadRequest)?;
    let mut seen = HashSet::new();
    let unique: Vec<_> = changes.into_iter().filter(|c| seen.insert(c.id)).collect();
    let repeated = (request.changes.len() - unique.len()) as u32;
    let stored = relay
        .store
        .push(
            workspace_id.to_owned(),
            caller.device_id.clone(),
            unique,
            now,
        )
        .await?;
    Metrics::count(&relay.metrics.changes_accepted, stored.accepted.into());
    Metrics::count(
        &relay.metrics.changes_duplicate,
        (stored.duplicates + repeated).into(),
    );
    Ok(PushResponse {
        accepted: stored.accepted,
        duplicates: stored.duplicates + repeated,
        cursor: stored.cursor,
    })
}

/// One page of changes after `after`.
pub async fn pull(
    relay: &Relay,
    caller: &Caller,
    workspace_id: &str,
    query: Option<&str>,
) -> Result<PullResponse, ApiError> {
    own_workspace(caller, workspace_id)?;
    let query = validate::pull_query(query).map_err(ApiError::BadRequest)?;
    let page = relay
        .store
        .pull(workspace_id.to_owned(), query.after, query.limit)
        .await?;
    let cursor = page.changes.last().map_or(query.after, |c| c.seq);
    Ok(PullResponse {
        changes: page
            .changes
            .into_iter()
            .map(|c| PulledChange {
                seq: c.seq,
                id: hex::encode(c.id),
                data: STANDARD.encode(c.data),
            })
            .collect(),
        cursor,
        more: page.more,
    })
}

/// Follows the workspace's cursor: the receiver holds the current cursor at once and changes
/// whenever a push (on any instance) moves it.
pub async fn follow(
    relay: &Relay,
    caller: &Caller,
    workspace_id: &str,
) -> Result<watch::Receiver<i64>, ApiError> {
    own_workspace(caller, workspace_id)?;
    // Subscribe first, then read: a push between the two is still seen.
    let receiver = relay.hub.subscribe(workspace_id);
    let cursor = relay.store.cursor(workspace_id.to_owned()).await?;
    relay.hub.publish(workspace_id, cursor);
    Ok(receiver)
}
