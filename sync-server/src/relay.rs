//! The relay: what every request handler works through. It holds the store (SQLite or
//! PostgreSQL, behind [`Store`]), the live hub, password hashing, the login limiter and the
//! metrics; the use cases in [`crate::accounts`] and [`crate::changes`] take it by reference.

use std::sync::Arc;

use rand::RngCore;

use crate::live::Hub;
use crate::metrics::Metrics;
use crate::password::Passwords;
use crate::rate_limit::LoginLimiter;
use crate::store::Store;
use crate::token::{self, IssuedToken};

/// Everything a request's use case needs: the storage, the live hub and the shared limits.
pub struct Relay {
    /// Accounts, devices and changes (SQLite or PostgreSQL).
    pub store: Arc<dyn Store>,
    /// Who is following which workspace's live channel.
    pub hub: Arc<Hub>,
    /// Password hashing, bounded to the machine's cores.
    pub passwords: Passwords,
    /// The failed-login limits per account and per address.
    pub limiter: LoginLimiter,
    /// The counters `/metrics` renders.
    pub metrics: Arc<Metrics>,
}

impl Relay {
    /// A relay over `store` and `hub`, with default limits; `rng` seeds the password hasher.
    pub fn new(store: Arc<dyn Store>, hub: Arc<Hub>, rng: &mut impl RngCore) -> Self {
        Relay {
            store,
            hub,
            passwords: Passwords::new(rng),
            limiter: LoginLimiter::default(),
            metrics: Arc::new(Metrics::default()),
        }
    }
}

/// The random values a signup or login needs, drawn before any `await` (thread-local generators
/// cannot cross one) and passed in, so the use cases take their randomness as a parameter.
pub struct Fresh {
    /// The id of the account a signup creates.
    pub account_id: String,
    /// The id of the workspace a signup creates.
    pub workspace_id: String,
    /// The id of the device that signs in.
    pub device_id: String,
    /// The salt of the password hash a signup stores.
    pub salt: [u8; 16],
    /// The device token to hand out.
    pub token: IssuedToken,
}

impl Fresh {
    /// Draws every value from `rng`.
    pub fn draw(rng: &mut impl RngCore) -> Self {
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        Fresh {
            account_id: uuid_v4(rng),
            workspace_id: uuid_v4(rng),
            device_id: uuid_v4(rng),
            salt,
            token: token::issue(rng),
        }
    }
}

fn uuid_v4(rng: &mut impl RngCore) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_are_distinct_uuid_v4() {
        let fresh = Fresh::draw(&mut rand::rng());
        let parsed = uuid::Uuid::parse_str(&fresh.workspace_id).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_ne!(fresh.workspace_id, fresh.device_id);
        assert_ne!(fresh.account_id, fresh.device_id);
    }
}
