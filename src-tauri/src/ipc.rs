//! What crosses the IPC boundary besides kith-core's own types: the window's requests, the
//! shapes only the window needs, the events, and the error every failed command rejects with.

use kith_core::contacts::{Contact, ContactChanges, ContactSort, ContactStatus, FieldConflict};
use kith_core::export::ExportFormat;
use kith_core::followups::FollowUp;
use kith_core::import::model::Format;
use kith_core::interactions::{Interaction, InteractionKind};
use kith_core::store::HistoryEntry;
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

/// One page of the contact list: a search, filters and an order.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactQuery {
    /// What was typed in the search box; empty or null lists everyone.
    pub search: Option<String>,
    pub tag: Option<String>,
    pub status: Option<ContactStatus>,
    pub vip: bool,
    pub industry: Option<String>,
    pub sort: ContactSort,
    pub offset: u32,
    /// At most [`crate::commands::contacts::PAGE_LIMIT`].
    pub limit: u32,
}

/// A contact as a list row shows it.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ContactRow {
    pub id: String,
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub industry: Option<String>,
    pub status: ContactStatus,
    pub vip: bool,
    pub tags: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[ts(type = "string | null")]
    pub last_contacted_at: Option<kith_core::time::Timestamp>,
}

impl From<Contact> for ContactRow {
    fn from(c: Contact) -> Self {
        ContactRow {
            id: c.id.to_string(),
            email: c.emails.into_iter().next().map(|e| e.value),
            phone: c.phones.into_iter().next().map(|p| p.value),
            name: c.name,
            company: c.company,
            title: c.title,
            industry: c.industry,
            status: c.status,
            vip: c.vip,
            tags: c.tags,
            last_contacted_at: c.last_contacted_at,
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct ContactPage {
    /// How many contacts the query selects in all (a search counts at most
    /// [`crate::commands::contacts::SEARCH_LIMIT`]).
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ContactRow>,
}

/// Everything the contact screen shows.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ContactDetail {
    pub contact: Contact,
    pub interactions: Vec<Interaction>,
    pub follow_ups: Vec<FollowUp>,
    pub history: Vec<HistoryEntry>,
    pub conflicts: Vec<FieldConflict>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactUpdate {
    pub id: String,
    pub changes: ContactChanges,
}

/// The same edit (a tag added, a status set) to several contacts.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BulkEdit {
    pub ids: Vec<String>,
    pub changes: ContactChanges,
}

/// One of the values two devices set concurrently, chosen to keep.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KeepValue {
    pub id: String,
    pub field: String,
    pub value: String,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewInteraction {
    pub contact_id: String,
    pub kind: InteractionKind,
    /// RFC 3339; null means now.
    #[ts(type = "string | null")]
    pub occurred_at: Option<kith_core::time::Timestamp>,
    pub notes: String,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewFollowUp {
    pub contact_id: String,
    #[ts(type = "string")]
    pub due_at: kith_core::time::Timestamp,
    pub note: Option<String>,
    pub repeat_every_days: Option<u32>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Snooze {
    pub id: String,
    #[ts(type = "string")]
    pub until: kith_core::time::Timestamp,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    pub path: String,
    /// Null recognises the format from the content.
    pub format: Option<Format>,
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

#[derive(Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub server: String,
    pub email: String,
    pub password: String,
    /// Null or empty creates a new account; otherwise this device joins the account.
    pub recovery_key: Option<String>,
    /// Null names the device after the machine.
    pub device_name: Option<String>,
}

impl std::fmt::Debug for SignInRequest {
    // Never print the password or the recovery key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInRequest").finish_non_exhaustive()
    }
}

#[derive(Clone, Serialize, TS)]
pub struct SignInResult {
    pub account: Account,
    /// For a new account, the recovery key to show once; null when joining.
    pub recovery_key: Option<String>,
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

        let e = error::<ContactUpdate>(json!({"id": "x", "changes": {"nickname": "Ada"}}));
        assert!(
            e.message
                .starts_with("input.changes.nickname: unknown field `nickname`"),
            "{}",
            e.message
        );

        let e = error::<ContactUpdate>(json!({"id": "x", "changes": {"birthday": "31/02"}}));
        assert!(
            e.message.starts_with("input.changes.birthday: "),
            "{}",
            e.message
        );

        let e = error::<NewFollowUp>(
            json!({"contact_id": "x", "due_at": "tomorrow", "note": null, "repeat_every_days": null}),
        );
        assert!(
            e.message
                .contains("input.due_at: 'tomorrow' is not an RFC 3339 time"),
            "{}",
            e.message
        );

        let e = parse::<String>(None).unwrap_err();
        assert!(
            e.message.starts_with("input: invalid type: null"),
            "{}",
            e.message
        );
        assert_eq!(parse::<Option<String>>(None).unwrap(), None);
    }
}
