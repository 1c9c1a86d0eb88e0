//! What crosses the IPC boundary besides kith-core's own types: the window's requests, the
//! shapes only the window needs, the events, and the error every failed command rejects with.

use kith_core::contacts::ContactChanges;
use kith_core::export::ExportFormat;
use kith_core::ids::{ContactId, FollowUpId, InteractionId};
use kith_core::import::csv::ColumnMap;
use kith_core::import::model::Format;
use kith_core::interactions::{InteractionChanges, InteractionKind};
use kith_core::sync::account::Account;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What every failed command rejects with: a stable machine-readable code and a message for
/// the person, naming what was wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl From<kith_core::Error> for IpcError {
    fn from(e: kith_core::Error) -> Self {
        IpcError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

impl IpcError {
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError {
            code: "internal".into(),
            message: message.into(),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

/// Reads a command's `input` as `T`, so a malformed payload fails like any other bad input:
/// `{code: "invalid_input", message: "input.changes.birthday: ..."}` naming where it was wrong.
/// A missing `input` reads as null.
pub fn parse<T: serde::de::DeserializeOwned>(input: Option<serde_json::Value>) -> IpcResult<T> {
    serde_path_to_error::deserialize(input.unwrap_or(serde_json::Value::Null)).map_err(|e| {
        let path = e.path().to_string();
        let what = if path == "." {
            "input".to_string()
        } else if path.starts_with('[') {
            format!("input{path}")
        } else {
            format!("input.{path}")
        };
        IpcError {
            code: "invalid_input".into(),
            message: format!("{what}: {}", e.inner()),
        }
    })
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub device_id: String,
    pub contacts: u32,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactUpdate {
    pub id: ContactId,
    pub changes: ContactChanges,
}

/// An edit to a logged interaction.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InteractionUpdate {
    pub id: InteractionId,
    pub changes: InteractionChanges,
}

/// One of the values two devices set concurrently, chosen to keep.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KeepValue {
    pub id: ContactId,
    pub field: String,
    pub value: String,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewInteraction {
    pub contact_id: ContactId,
    pub kind: InteractionKind,
    /// RFC 3339; null means now.
    #[ts(type = "string | null")]
    pub occurred_at: Option<kith_core::time::Timestamp>,
    pub notes: String,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewFollowUp {
    pub contact_id: ContactId,
    #[ts(type = "string")]
    pub due_at: kith_core::time::Timestamp,
    pub note: Option<String>,
    pub repeat_every_days: Option<u32>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Snooze {
    pub id: FollowUpId,
    #[ts(type = "string")]
    pub until: kith_core::time::Timestamp,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    pub path: String,
    /// Null recognises the format from the content.
    pub format: Option<Format>,
    /// How to read a CSV file's columns, when the user named them in the mapping step; null
    /// reads the header.
    pub columns: Option<ColumnMap>,
    pub dry_run: bool,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    pub path: String,
    pub format: ExportFormat,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SettingChange {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct SyncStatus {
    pub account: Option<Account>,
    /// Local changes not yet pushed.
    pub waiting: u32,
}

/// `kith://changed`: the database changed (this window, the CLI, a sync run). An empty `ids`
/// means too many records changed to list: refresh everything.
#[derive(Clone, Debug, Serialize, TS)]
pub struct Changed {
    pub ids: Vec<String>,
}

/// `kith://import-progress`: how far a running import has got.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ImportProgress {
    pub rows: u32,
    #[ts(type = "number")]
    pub bytes_read: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
}

/// `kith://navigate`: the tray or a second launch asks the window to show a route.
#[derive(Clone, Debug, Serialize, TS)]
pub struct Navigate {
    pub route: String,
}

/// The events the Rust side emits to the window.
pub const EVENT_CHANGED: &str = "kith://changed";
pub const EVENT_IMPORT_PROGRESS: &str = "kith://import-progress";
pub const EVENT_SYNC_PROGRESS: &str = "kith://sync-progress";
pub const EVENT_NAVIGATE: &str = "kith://navigate";

#[cfg(test)]
mod tests {
    use super::*;
    use kith_core::contacts::ContactQuery;
    use serde_json::json;

    fn error<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: serde_json::Value) -> IpcError {
        parse::<T>(Some(v)).expect_err("should be refused")
    }

    #[test]
    fn malformed_payloads_name_where_they_are_wrong() {
        let e = error::<ContactQuery>(json!({
            "search": null, "tag": null, "status": "lost", "vip": false, "industry": null,
            "sort": "name", "offset": 0, "limit": 50
        }));
        assert_eq!(e.code, "invalid_input");
        assert!(
            e.message
                .starts_with("input.status: unknown variant `lost`"),
            "{}",
            e.message
        );

        let id = ContactId::new().to_string();
        let e = error::<ContactUpdate>(json!({"id": id, "changes": {"nickname": "Ada"}}));
        assert!(
            e.message
                .starts_with("input.changes.nickname: unknown field `nickname`"),
            "{}",
            e.message
        );

        let e = error::<ContactUpdate>(json!({"id": id, "changes": {"birthday": "31/02"}}));
        assert!(
            e.message.starts_with("input.changes.birthday: "),
            "{}",
            e.message
        );

        let e = error::<NewFollowUp>(
            json!({"contact_id": id, "due_at": "tomorrow", "note": null, "repeat_every_days": null}),
        );
        assert!(
            e.message
                .contains("input.due_at: 'tomorrow' is not an RFC 3339 time"),
            "{}",
            e.message
        );

        let e = error::<NewInteraction>(
            json!({"contact_id": "0190", "kind": "call", "occurred_at": null, "notes": ""}),
        );
        assert_eq!(
            e.message, "input.contact_id: '0190' is not a contact id",
            "an id names the field it came in and its kind"
        );
        let e = error::<Vec<ContactId>>(json!([id, "x"]));
        assert_eq!(e.message, "input[1]: 'x' is not a contact id");

        let e = parse::<String>(None).unwrap_err();
        assert!(
            e.message.starts_with("input: invalid type: null"),
            "{}",
            e.message
        );
        assert_eq!(parse::<Option<String>>(None).unwrap(), None);
    }
}
