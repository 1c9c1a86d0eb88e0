//! Interactions, the quick-log draft, and follow-ups.

use kith_core::followups::{self, FollowUp};
use kith_core::ids::{FollowUpId, InteractionId};
use kith_core::interactions::{self, Interaction, InteractionChanges, InteractionFilter};
use tauri::AppHandle;

use crate::ipc::*;
use crate::state::with_store;

/// Where the quick-log form keeps the note being typed (device-local, never synced).
const DRAFT_KEY: &str = "desktop.draft.interaction";

pub async fn interaction_create(app: AppHandle, input: NewInteraction) -> IpcResult<Interaction> {
    with_store(&app, move |s, inner| {
        let now = inner.now();
        let changes = InteractionChanges {
            kind: Some(input.kind),
            occurred_at: input.occurred_at,
            notes: Some(input.notes),
            ..Default::default()
        };
        s.write(|tx| interactions::create(tx, input.contact_id, changes, now))
    })
    .await
}

pub async fn interaction_update(
    app: AppHandle,
    input: InteractionUpdate,
) -> IpcResult<Interaction> {
    with_store(&app, move |s, inner| {
        let now = inner.now();
        s.write(|tx| interactions::update(tx, input.id, input.changes, now))
    })
    .await
}

pub async fn interaction_list(
    app: AppHandle,
    filter: InteractionFilter,
) -> IpcResult<Vec<Interaction>> {
    with_store(&app, move |s, _| interactions::list(s.conn(), &filter)).await
}

/// Commands that take only a record's id and `now`: write `op`.
macro_rules! by_id {
    ($($name:ident: $id:ty => $op:path, $out:ty);* $(;)?) => {$(
        pub async fn $name(app: AppHandle, id: $id) -> IpcResult<$out> {
            with_store(&app, move |s, inner| {
                let now = inner.now();
                s.write(|tx| $op(tx, id, now))
            })
            .await
        }
    )*};
}

by_id! {
    interaction_delete: InteractionId => interactions::delete, Interaction;
    interaction_restore: InteractionId => interactions::restore, Interaction;
    followup_dismiss: FollowUpId => followups::dismiss, FollowUp;
    followup_delete: FollowUpId => followups::delete, FollowUp;
    followup_restore: FollowUpId => followups::restore, FollowUp;
}

pub async fn draft_get(app: AppHandle) -> IpcResult<Option<String>> {
    with_store(&app, |s, _| s.meta(DRAFT_KEY)).await
}

pub async fn draft_set(app: AppHandle, draft: Option<String>) -> IpcResult<()> {
    with_store(&app, move |s, _| {
        s.set_meta(&[(DRAFT_KEY, draft.as_deref())])
    })
    .await
}

pub async fn followup_create(app: AppHandle, input: NewFollowUp) -> IpcResult<FollowUp> {
    with_store(&app, move |s, inner| {
        let now = inner.now();
        let note = input.note.as_deref().filter(|n| !n.trim().is_empty());
        s.write(|tx| {
            followups::create(
                tx,
                input.contact_id,
                input.due_at,
                note,
                input.repeat_every_days,
                now,
            )
        })
    })
    .await
}

pub async fn followup_done(app: AppHandle, id: FollowUpId) -> IpcResult<FollowUp> {
    with_store(&app, move |s, inner| {
        let (now, tz) = (inner.now(), inner.tz());
        Ok(s.write(|tx| followups::complete(tx, id, now, tz))?.0)
    })
    .await
}

pub async fn followup_snooze(app: AppHandle, input: Snooze) -> IpcResult<FollowUp> {
    with_store(&app, move |s, inner| {
        let now = inner.now();
        s.write(|tx| followups::snooze(tx, input.id, input.until, now))
    })
    .await
}
