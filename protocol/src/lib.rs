//! The wire protocol between a device and `kith-sync-server`: JSON bodies over HTTP, shared by
//! the server and the client so the two cannot drift. `sync-server/README.md` documents it.
//!
//! The server only ever sees what is here: opaque ids, ciphertext, sizes, sequence numbers and
//! times. Change content, document ids and the workspace key stay on the devices.
//!
//! This crate holds only serde types and limits, so the server builds without the client's
//! store, and kith-core re-exports it as `kith_core::sync::protocol`. A session goes:
//! [`CreateAccount`] or [`Login`] → a [`Session`] whose token signs every later request;
//! [`PushRequest`] of [`SealedChange`]s → [`PushResponse`]; pages of [`PullResponse`] after a
//! cursor; and a live channel of [`EVENT_MOVED`] events carrying [`Moved`] when the workspace's
//! newest sequence number grows. Every failure answers an [`ErrorBody`].

use serde::{Deserialize, Serialize};

/// Every route lives under this prefix.
pub const API_PREFIX: &str = "/v1";
/// Largest request body the server reads, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Most changes in one push.
pub const MAX_PUSH_CHANGES: usize = 1000;
/// Largest sealed change (`data` decoded), in bytes.
pub const MAX_CHANGE_BYTES: usize = 1024 * 1024;
/// Most changes in one pulled page, and the page size when the client asks for none.
pub const MAX_PAGE: u32 = 1000;
/// The page size of a pull that names no `limit`.
pub const DEFAULT_PAGE: u32 = 500;
/// Shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest device name kept.
pub const MAX_DEVICE_NAME_CHARS: usize = 100;
/// A change id: 64 lowercase hex digits (a keyed hash the device computes).
pub const CHANGE_ID_HEX: usize = 64;
/// The live channel's event name (server-sent events).
pub const EVENT_MOVED: &str = "moved";

/// `POST /v1/accounts`: creates an account, its workspace and its first device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAccount {
    /// The account's sign-in name; the server compares it case-insensitively.
    pub email: String,
    /// At least [`MIN_PASSWORD_CHARS`] characters; the server keeps only a hash of it.
    pub password: String,
    /// The first device's name, as listed by `GET /v1/devices`.
    pub device_name: String,
    /// Base64 (standard, padded) of a value sealed under the workspace key, so a device that
    /// joins later can tell a wrong recovery key from a right one. Opaque to the server.
    pub key_check: String,
}

/// `POST /v1/login`: logs a new device into an existing account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    /// The account's sign-in name.
    pub email: String,
    /// The account's password.
    pub password: String,
    /// The new device's name, as listed by `GET /v1/devices`.
    pub device_name: String,
}

/// The answer to creating an account or logging in (201 / 200).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The account's one workspace, named in the change routes.
    pub workspace_id: String,
    /// This device, as `DELETE /v1/devices/{device_id}` names it.
    pub device_id: String,
    /// The device token: 64 hex digits (256 random bits). Sent as `Authorization: Bearer`.
    pub token: String,
    /// The account's [`CreateAccount::key_check`], so a joining device can test its recovery key.
    pub key_check: String,
}

/// One entry of `GET /v1/devices`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// The device's id.
    pub device_id: String,
    /// The name the device gave when it signed in.
    pub name: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// When the device last made a request, UTC milliseconds.
    pub last_seen_at: Option<i64>,
    /// When the device was revoked (its token no longer works), UTC milliseconds.
    pub revoked_at: Option<i64>,
    /// Whether this is the device that asked.
    pub current: bool,
}

/// One change, sealed on the device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedChange {
    /// 64 lowercase hex digits; the server deduplicates on it within a workspace.
    pub id: String,
    /// Base64 (standard, padded) ciphertext.
    pub data: String,
}

/// `POST /v1/workspaces/{workspace_id}/changes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    /// At most [`MAX_PUSH_CHANGES`] changes.
    pub changes: Vec<SealedChange>,
}

/// The answer to a push (200): every change of the request is accepted or a duplicate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// How many changes were new and stored.
    pub accepted: u32,
    /// How many the workspace already held (same id), and were skipped.
    pub duplicates: u32,
    /// The workspace's newest sequence number after the push.
    pub cursor: i64,
}

/// One change of a pulled page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledChange {
    /// The per-workspace sequence number the server gave it (1, 2, 3, ...).
    pub seq: i64,
    /// The change id the device gave it ([`SealedChange::id`]).
    pub id: String,
    /// The ciphertext as pushed ([`SealedChange::data`]).
    pub data: String,
}

/// `GET /v1/workspaces/{workspace_id}/changes?after=C&limit=N` (200).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// The changes after the asked cursor, in sequence order.
    pub changes: Vec<PulledChange>,
    /// The sequence number to ask after next time (the last change's, or `after` when empty).
    pub cursor: i64,
    /// Whether more changes follow this page.
    pub more: bool,
}

/// The data of a `moved` event on `GET /v1/workspaces/{workspace_id}/events`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The workspace's newest sequence number.
    pub cursor: i64,
}

/// The body of every 4xx and 5xx answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable machine-readable code: `bad_request`, `unauthorized`, `invalid_credentials`,
    /// `not_found`, `conflict`, `too_large`, `rate_limited`, `internal`.
    pub code: String,
    /// What was wrong and where, for people; never echoes a password or token.
    pub message: String,
}

/// Whether `s` is a well-formed change id.
pub fn is_change_id(s: &str) -> bool {
    s.len() == CHANGE_ID_HEX && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_ids_are_64_lowercase_hex_digits() {
        assert!(is_change_id(&"ab".repeat(32)));
        assert!(!is_change_id(&"AB".repeat(32)));
        assert!(!is_change_id(&"ab".repeat(31)));
        assert!(!is_change_id(&"zz".repeat(32)));
    }
}
