//! Password hashing with argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane), run on the
//! blocking pool and at most one per core at a time, so a burst of logins costs bounded memory
//! and never stalls the async runtime.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// argon2id memory, in KiB (OWASP's recommended minimum, 19 MiB).
pub const MEMORY_KIB: u32 = 19_456;
/// argon2id passes over the memory.
pub const PASSES: u32 = 2;
/// argon2id lanes.
pub const LANES: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of `password` hashed with `salt` (slow on purpose: call off the runtime).
pub fn hash_blocking(password: &str, salt: [u8; 16]) -> String {
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id hashing with valid parameters does not fail")
        .to_string()
}

/// Whether `password` matches a stored PHC string (parameters are read from the string).
pub fn verify_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(hash) => argon2().verify_password(password.as_bytes(), &hash).is_ok(),
        Err(_) => false,
    }
}

/// Password hashing and checking on blocking threads, at most one per core at a time.
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the account does not exist, so the answer takes as long.
    dummy_hash: String,
}

impl Passwords {
    /// Hashing limited to the machine's cores; `rng` makes the dummy hash.
    pub fn new(rng: &mut impl rand::RngCore) -> Self {
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        let mut secret = [0u8; 16];
        rng.fill_bytes(&mut secret);
        let lanes = std::thread::available_parallelism().map_or(2, |n| n.get());
        Passwords {
            permits: Arc::new(Semaphore::new(lanes)),
            dummy_hash: hash_blocking(&hex::encode(secret), salt),
        }
    }

    /// [`hash_blocking`] on a blocking thread, waiting for a free core first.
    pub async fn hash(&self, password: String, salt: [u8; 16]) -> String {
        self.run(move || hash_blocking(&password, salt)).await
    }

    /// Verifies against the account's hash, or against a dummy when there is no account; the
    /// dummy never matches.
    pub async fn verify(&self, password: String, phc: Option<String>) -> bool {
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| self.dummy_hash.clone());
        let matched = self.run(move || verify_blocking(&password, &phc)).await;
        matched && known
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        let _permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        tokio::task::spawn_blocking(work)
            .await
            .expect("password hashing does not panic")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_at_owasp_parameters() {
        let phc = hash_blocking("correct horse", [7; 16]);
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(!phc.contains("correct horse"));
        assert!(verify_blocking("correct horse", &phc));
        assert!(!verify_blocking("correct horsE", &phc));
        assert!(!verify_blocking("correct horse", "not a phc string"));
    }

    #[tokio::test]
    async fn the_dummy_hash_never_lets_anyone_in() {
        let passwords = Passwords::new(&mut rand::rng());
        let dummy = passwords.dummy_hash.clone();
        assert!(!passwords.verify("anything".into(), None).await);
        assert!(!passwords.verify("anything".into(), Some(dummy)).await);
        let phc = passwords.hash("s3cret-enough".into(), [1; 16]).await;
        assert!(passwords.verify("s3cret-enough".into(), Some(phc)).await);
    }
}
