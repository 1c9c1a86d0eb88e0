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

pub struct Relay {
    pub store: Arc<dyn Store>,
    pub hub: Arc<Hub>,
    pub passwords: Passwords,
    pub limiter: LoginLimiter,
    pub metrics: Arc<Metrics>,
}

impl Relay {
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
    pub account_id: String,
    pub workspace_id: String,
    pub device_id: String,
    pub salt: [u8; 16],
    pub token: IssuedToken,
}

impl Fresh {
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
