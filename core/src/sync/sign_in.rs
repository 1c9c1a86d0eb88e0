//! Signing a database in to a sync server from one form: with no recovery key it creates a new
//! account (and answers the recovery key to show once); with one, this device joins the
//! account that key belongs to.

use serde::{Deserialize, Serialize};

use super::account::{self, Account};
use crate::error::Result;
use crate::store::Store;

/// What the sign-in form holds.
#[derive(Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// The sync server's address.
    pub server: String,
    /// The account's email.
    pub email: String,
    /// The account's password.
    pub password: String,
    /// Null or blank creates a new account; otherwise this device joins the account.
    pub recovery_key: Option<String>,
    /// Null or blank names the device after the machine.
    pub device_name: Option<String>,
}

impl std::fmt::Debug for SignInRequest {
    // Never print the password or the recovery key (nor who is signing in).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInRequest").finish_non_exhaustive()
    }
}

/// What a sign-in made: the account, and a new account's recovery key.
#[derive(Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignInResult {
    /// The account this device is now signed in to.
    pub account: Account,
    /// For a new account, the recovery key to show once; null when joining.
    pub recovery_key: Option<String>,
}

impl std::fmt::Debug for SignInResult {
    // The recovery key is shown to the person once, never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInResult").finish_non_exhaustive()
    }
}

/// Creates an account or joins one, as [`SignInRequest::recovery_key`] says, naming the device
/// after the machine unless the request names it.
pub fn sign_in(store: &mut Store, req: SignInRequest) -> Result<SignInResult> {
    sign_in_as(store, req, account::default_device_name)
}

fn sign_in_as(
    store: &mut Store,
    req: SignInRequest,
    default_device: impl FnOnce() -> String,
) -> Result<SignInResult> {
    let device = blank_is_none(req.device_name).unwrap_or_else(default_device);
    let signed_in = match blank_is_none(req.recovery_key) {
        None => account::create_account(store, &req.server, &req.email, &req.password, &device)?,
        Some(key) => account::login(store, &req.server, &req.email, &req.password, &key, &device)?,
    };
    Ok(SignInResult {
        account: signed_in.account,
        recovery_key: signed_in.recovery_key,
    })
}

fn blank_is_none(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(recovery_key: Option<&str>, device_name: Option<&str>) -> SignInRequest {
        SignInRequest {
            // Refused before any network call, so the tests below see which path was taken.
            server: "kith.example".into(),
            email: "ada@example.com".into(),
            password: "correct horse battery staple".into(),
            recovery_key: recovery_key.map(str::to_string),
            device_name: device_name.map(str::to_string),
        }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
        (dir, store)
    }

    #[test]
    fn a_blank_recovery_key_creates_an_account_and_a_bad_one_is_refused_before_the_network() {
        let (_d, mut s) = store();
        // Creating goes straight to the server (whose address is refused).
        for key in [None, Some(""), Some("   ")] {
            let e = sign_in_as(&mut s, request(key, None), || "laptop".into()).unwrap_err();
            assert!(e.to_string().starts_with("--server"), "{key:?}: {e}");
        }
        // Joining reads the key first: a malformed one never reaches the server.
        let e =
            sign_in_as(&mut s, request(Some("not a key"), None), || "laptop".into()).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{e}");
        assert!(e.to_string().starts_with("recovery key"), "{e}");
        // A well-formed key gets past that, to the server.
        let key = crate::sync::crypto::WorkspaceKey::generate().recovery_key();
        let e = sign_in_as(&mut s, request(Some(&key), None), || "laptop".into()).unwrap_err();
        assert!(e.to_string().starts_with("--server"), "{e}");
        assert_eq!(account::account(&s).unwrap(), None, "nothing was stored");
    }

    #[test]
    fn the_device_is_named_after_the_machine_only_when_the_form_leaves_it_blank() {
        let (_d, mut s) = store();
        let mut asked = false;
        let _ = sign_in_as(&mut s, request(None, Some("  ")), || {
            asked = true;
            "laptop".into()
        });
        assert!(asked, "a blank name falls back to the machine's");
        let _ = sign_in_as(&mut s, request(None, Some("work phone")), || {
            panic!("a named device needs no default")
        });
    }

    #[test]
    fn the_request_never_prints_its_secrets() {
        let shown = format!("{:?}", request(Some("KITH-SECRET"), None));
        assert!(!shown.contains("SECRET") && !shown.contains("horse") && !shown.contains("ada"));
    }
}
