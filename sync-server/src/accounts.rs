//! Accounts and devices: signup, login, authenticating a device token, listing and revoking
//! devices. One function per use case; the HTTP handlers only parse and call these.

use std::net::IpAddr;
use std::time::Instant;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kith_protocol::{CreateAccount, DeviceInfo, Login, Session};

use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::relay::{Fresh, Relay};
use crate::store::{Caller, NewAccount, NewDevice, StoreError};
use crate::{token, validate};

/// `last_seen_at` is written at most this often per device (milliseconds), so that being seen
/// costs a write once a minute, not on every request.
pub const SEEN_EVERY_MS: i64 = 60_000;

/// Creates an account, its workspace and its first device.
pub async fn create(
    relay: &Relay,
    request: CreateAccount,
    now: i64,
    fresh: Fresh,
) -> Result<Session, ApiError> {
    let email = validate::email(&request.email).map_err(ApiError::BadRequest)?;
    validate::new_password(&request.password).map_err(ApiError::BadRequest)?;
    let device_name = validate::device_name(&request.device_name).map_err(ApiError::BadRequest)?;
    let key_check = validate::key_check(&request.key_check).map_err(ApiError::BadRequest)?;
    let password_hash = relay.passwords.hash(request.password, fresh.salt).await;
    let account = NewAccount {
        account_id: fresh.account_id,
        email,
        password_hash,
        workspace_id: fresh.workspace_id.clone(),
        key_check,
        device: NewDevice {
            device_id: fresh.device_id.clone(),
            name: device_name,
            token_hash: fresh.token.hash,
            created_at: now,
        },
        created_at: now,
    };
    let session = Session {
        workspace_id: fresh.workspace_id,
        device_id: fresh.device_id,
        token: fresh.token.token,
        key_check: STANDARD.encode(&account.key_check),
    };
    match relay.store.create_account(account).await {
        Ok(()) => Ok(session),
        // The only answer that tells an email is in use; signup cannot avoid it, so it says
        // no more than that.
        Err(StoreError::EmailTaken) => Err(ApiError::Conflict(
            "could not create an account with this email".to_owned(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Logs a new device into an account. A wrong password and an unknown email give the same
/// answer after the same work (an unknown email is checked against a dummy hash).
pub async fn login(
    relay: &Relay,
    request: Login,
    client: IpAddr,
    now: i64,
    clock: Instant,
    fresh: Fresh,
) -> Result<Session, ApiError> {
    let device_name = validate::device_name(&request.device_name).map_err(ApiError::BadRequest)?;
    // A malformed email names no account: it is simply wrong, like an unknown one.
    let email = validate::email(&request.email).unwrap_or_else(|_| request.email.clone());
    if let Err(wait) = relay.limiter.check(&email, client, clock) {
        Metrics::count(&relay.metrics.rate_limited, 1);
        return Err(ApiError::RateLimited(wait));
    }
    let account = relay.store.find_account(email.clone()).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    if !relay.passwords.verify(request.password, hash).await {
        relay.limiter.record_failure(&email, client, clock);
        Metrics::count(&relay.metrics.login_failures, 1);
        return Err(ApiError::InvalidCredentials);
    }
    let account = account.ok_or(ApiError::InvalidCredentials)?;
    relay.limiter.record_success(&email);
    relay
        .store
        .add_device(
            account.account_id,
            NewDevice {
                device_id: fresh.device_id.clone(),
                name: device_name,
                token_hash: fresh.token.hash,
                created_at: now,
            },
        )
        .await?;
    Ok(Session {
        workspace_id: account.workspace_id,
        device_id: fresh.device_id,
        token: fresh.token.token,
        key_check: STANDARD.encode(&account.key_check),
    })
}

/// The device behind an `Authorization` header. Asks the database every time, so a revoked
/// device is refused at once on every instance; notes when the device was last seen.
pub async fn authenticate(
    relay: &Relay,
    authorization: Option<&str>,
    now: i64,
) -> Result<Caller, ApiError> {
    let token = authorization
        .and_then(token::from_authorization)
        .ok_or(ApiError::Unauthorized)?;
    let caller = relay
        .store
        .authenticate(token::hash(token))
        .await?
        .ok_or(ApiError::Unauthorized)?;
    if caller
        .last_seen_at
        .is_none_or(|seen| now - seen >= SEEN_EVERY_MS)
    {
        relay
            .store
            .touch_device(caller.device_id.clone(), now)
            .await?;
    }
    Ok(caller)
}

/// `GET /v1/devices`: every device of the caller's account, the caller marked `current`.
pub async fn devices(relay: &Relay, caller: &Caller) -> Result<Vec<DeviceInfo>, ApiError> {
    let devices = relay.store.devices(caller.account_id.clone()).await?;
    Ok(devices
        .into_iter()
        .map(|d| DeviceInfo {
            current: d.device_id == caller.device_id,
            device_id: d.device_id,
            name: d.name,
            created_at: d.created_at,
            last_seen_at: d.last_seen_at,
            revoked_at: d.revoked_at,
        })
        .collect())
}

/// Revokes one of the caller's account's devices; a device of another account is "not found",
/// exactly like an unknown id.
pub async fn revoke(
    relay: &Relay,
    caller: &Caller,
    device_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    let found = relay
        .store
        .revoke_device(caller.account_id.clone(), device_id.to_owned(), now)
        .await?;
    if found {
        Ok(())
    } else {
        Err(ApiError::device_not_found())
    }
}

/// Revokes the caller's own device.
pub async fn logout(relay: &Relay, caller: &Caller, now: i64) -> Result<(), ApiError> {
    revoke(relay, caller, &caller.device_id, now).await
}
