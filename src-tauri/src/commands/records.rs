//! Interactions, the quick-log draft, and follow-ups.

use kith_core::followups::{self, FollowUp};
use kith_core::interactions::{self, Interaction, InteractionChanges};
use serde_json::Value;

use super::{contact_id, S};
use crate::ipc::*;
use crate::state::with_store;

/// Where the quick-log form keeps the note being typed (device-local, never synced).
const DRAFT_KEY: &str = "desktop.draft.interaction";

#[tauri::command]
pub async fn interaction_create(app: S<'_>, input: Option<Value>) -> IpcResult<Interaction> {
    let input: NewInteraction = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.contact_id)?;
        let now = inner.now();
        let changes = InteractionChanges {
            kind: Some(input.kind),
            occurred_at: input.occurred_at,
            notes: Some(input.notes),
            ..Default::default()
        };
        s.write(|tx| interactions::create(tx, id, changes, now))
    })
    .await
}

/// Commands that take only a record's id and `now`: resolve the id, write `op`.
macro_rules! by_id {
    ($($name:ident: $resolve:path => $op:path, $out:ty);* $(;)?) => {$(
        #[tauri::command]
        pub async fn $name(app: S<'_>, input: Option<Value>) -> IpcResult<$out> {
            let input: String = parse(input)?;
            with_store(&app, move |s, inner| {
                let id = $resolve(s.conn(), &input)?;
                let now = inner.now();
                s.write(|tx| $op(tx, id, now))
            })
            .await
        }
    )*};
}

by_id! {
    interaction_delete: interactions::resolve => interactions::delete, Interaction;
    interaction_restore: interactions::resolve => interactions::restore, Interaction;
    followup_dismiss: followups::resolve => followups::dismiss, FollowUp;
    followup_delete: followups::resolve => followups::delete, FollowUp;
    followup_restore: followups::resolve => followups::restore, FollowUp;
}

#[tauri::command]
pub async fn draft_get(app: S<'_>) -> IpcResult<Option<String>> {
    with_store(&app, |s, _| s.meta(DRAFT_KEY)).await
}

#[tauri::command]
pub async fn draft_set(app: S<'_>, input: Option<Value>) -> IpcResult<()> {
    let input: Option<String> = parse(input)?;
    with_store(&app, move |s, _| {
        s.set_meta(&[(DRAFT_KEY, input.as_deref())])
    })
    .await
}

#[tauri::command]
pub async fn followup_create(app: S<'_>, input: Option<Value>) -> IpcResult<FollowUp> {
    let input: NewFollowUp = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.contact_id)?;
        let now = inner.now();
        let note = input.note.as_deref().filter(|n| !n.trim().is_empty());
        s.write(|tx| followups::create(tx, id, input.due_at, note, input.repeat_every_days, now))
    })
    .await
}

#[tauri::command]
pub async fn followup_done(app: S<'_>, input: Option<Value>) -> IpcResult<FollowUp> {
    let input: String = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = followups::resolve(s.conn(), &input)?;
        let (now, tz) = (inner.now(), inner.tz());
        Ok(s.write(|tx| followups::complete(tx, id, now, tz))?.0)
    })
    .await
}

#[tauri::command]
pub async fn followup_snooze(app: S<'_>, input: Option<Value>) -> IpcResult<FollowUp> {
    let input: Snooze = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = followups::resolve(s.conn(), &input.id)?;
        let now = inner.now();
        s.write(|tx| followups::snooze(tx, id, input.until, now))
    })
    .await
}
