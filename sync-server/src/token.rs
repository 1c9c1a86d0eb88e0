//! Device tokens: 32 random bytes, handed to the device once as 64 lowercase hex digits and kept
//! by the server only as their SHA-256, so a copy of the database cannot be used to sign in.

use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::store::TokenHash;

/// A token as the device receives it, with the hash the server keeps.
pub struct IssuedToken {
    /// 64 hex digits, sent once to the device.
    pub token: String,
    /// Its SHA-256, the only form stored.
    pub hash: TokenHash,
}

/// A new token of 256 random bits from `rng`.
pub fn issue(rng: &mut impl RngCore) -> IssuedToken {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash(&token);
    IssuedToken { token, hash }
}

/// The stored form of a token.
pub fn hash(token: &str) -> TokenHash {
    Sha256::digest(token.as_bytes()).into()
}

/// The token of an `Authorization: Bearer <token>` header value, if it is well formed.
pub fn from_authorization(header: &str) -> Option<&str> {
    let (scheme, token) = header.split_once(' ')?;
    let token = token.trim();
    let well_formed = token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (scheme.eq_ignore_ascii_case("bearer") && well_formed).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_64_hex_digits_and_only_its_hash_is_kept() {
        let issued = issue(&mut rand::rng());
        assert_eq!(issued.token.len(), 64);
        assert!(kith_protocol::is_change_id(&issued.token));
        assert_eq!(issued.hash, hash(&issued.token));
        assert_ne!(hex::encode(issued.hash), issued.token);
        assert_ne!(issue(&mut rand::rng()).token, issued.token);
    }

    #[test]
    fn the_hash_is_sha256_of_the_hex_text() {
        assert_eq!(
            hex::encode(hash("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn bearer_headers_are_read_strictly() {
        let t = "0f".repeat(32);
        assert_eq!(from_authorization(&format!("Bearer {t}")), Some(&t[..]));
        assert_eq!(from_authorization(&format!("bearer {t}")), Some(&t[..]));
        assert_eq!(from_authorization(&format!("Basic {t}")), None);
        assert_eq!(
            from_authorization(&format!("Bearer {}", t.to_uppercase())),
            None
        );
        assert_eq!(from_authorization("Bearer short"), None);
        assert_eq!(from_authorization(&t), None);
    }
}
