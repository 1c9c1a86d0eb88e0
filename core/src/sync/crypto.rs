//! End-to-end encryption of changes: the workspace key, the recovery key that carries it to a
//! new device, sealing and opening changes, and the opaque ids the server deduplicates on.
//!
//! - The **workspace key** (256 random bits) is made on the first device and never sent to the
//!   server. Two keys are derived from it: one seals, one names changes.
//! - A change is sealed with XChaCha20-Poly1305 under a random 192-bit nonce; the workspace id is
//!   the associated data, so a sealed change cannot be replayed into another workspace. The
//!   plaintext holds the document id and the Automerge change, so the server sees neither.
//! - A change's **id** is an HMAC of its Automerge hash: the same change always gets the same id
//!   (so the server deduplicates it), and the id says nothing about the content.
//! - The **recovery key** is the workspace key in Crockford base32 with a checksum, grouped for
//!   reading aloud: `KITH-XXXXX-XXXXX-...`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

const NONCE: usize = 24;
/// The version byte every sealed value starts with.
const VERSION: u8 = 1;
const KEY_CHECK: &[u8] = b"kith workspace key check v1";
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The key every device of a workspace shares.
#[derive(Clone, PartialEq, Eq)]
pub struct WorkspaceKey([u8; 32]);

impl std::fmt::Debug for WorkspaceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WorkspaceKey(…)")
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

impl WorkspaceKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        rand::rng().fill_bytes(&mut k);
        WorkspaceKey(k)
    }

    /// The key from its 32 raw bytes (as the keyring or a recovery key holds it).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let k: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::invalid("workspace key", "is not 32 bytes"))?;
        Ok(WorkspaceKey(k))
    }

    /// The key's 32 raw bytes, to store or to show as a recovery key.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        let k = hmac(&self.0, &[b"kith/seal/v1"]);
        XChaCha20Poly1305::new_from_slice(&k).expect("a 32-byte key")
    }

    /// Seals `plain` for `workspace`: version, nonce, ciphertext and tag.
    pub fn seal(&self, workspace: &str, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: workspace.as_bytes(),
                },
            )
            .expect("sealing cannot fail");
        let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens what [`WorkspaceKey::seal`] sealed for `workspace`; anything else (another key,
    /// another workspace, a flipped bit) is refused.
    pub fn open(&self, workspace: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        let bad = || Error::invalid("sealed change", "does not open with this workspace key");
        if sealed.len() < 1 + NONCE + 16 || sealed[0] != VERSION {
            return Err(bad());
        }
        let nonce: [u8; NONCE] = sealed[1..1 + NONCE].try_into().map_err(|_| bad())?;
        self.cipher()
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &sealed[1 + NONCE..],
                    aad: workspace.as_bytes(),
                },
            )
            .map_err(|_| bad())
    }

    /// The opaque id of the change whose Automerge hash is `hash` (64 lowercase hex digits).
    pub fn change_id(&self, hash: &[u8]) -> String {
        let id_key = hmac(&self.0, &[b"kith/change-id/v1"]);
        hex(&hmac(&id_key, &[hash]))
    }

    /// What the server keeps so a joining device can tell a wrong recovery key: a constant
    /// sealed under the key. Not bound to a workspace (the workspace does not exist yet).
    pub fn key_check(&self) -> Vec<u8> {
        self.seal("", KEY_CHECK)
    }

    /// Whether `check` was made by [`WorkspaceKey::key_check`] with this key.
    pub fn matches(&self, check: &[u8]) -> bool {
        self.open("", check).is_ok_and(|p| p == KEY_CHECK)
    }

    /// The key as a person copies it: `KITH-` then 11 groups of 5 characters.
    pub fn recovery_key(&self) -> String {
        let mut bytes = self.0.to_vec();
        bytes.extend_from_slice(&Sha256::digest(self.0)[..2]);
        let mut chars = String::new();
        let (mut acc, mut bits) = (0u32, 0u32);
        for b in bytes {
            acc = (acc << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                chars.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
            }
        }
        if bits > 0 {
            chars.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
        }
        let groups: Vec<&str> = chars
            .as_bytes()
            .chunks(5)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect();
        format!("KITH-{}", groups.join("-"))
    }

    /// Reads a recovery key as typed: case, spaces and dashes do not matter, and O/I/L read as
    /// 0/1/1. A typo is caught by the checksum.
    pub fn from_recovery_key(text: &str) -> Result<Self> {
        let what = "recovery key";
        let mut body: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if let Some(rest) = body.strip_prefix("KITH") {
            body = rest.to_string();
        }
        let mut bytes = Vec::with_capacity(34);
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in body.chars() {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = ALPHABET
                .iter()
                .position(|a| *a as char == c)
                .ok_or_else(|| {
                    Error::invalid(what, format!("'{c}' is not a recovery-key character"))
                })?;
            acc = ((acc << 5) | v as u32) & 0xffff;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                bytes.push((acc >> bits) as u8);
            }
        }
        if bytes.len() != 34 {
            return Err(Error::invalid(
                what,
                "has the wrong length: it is KITH- and 11 groups of 5 characters",
            ));
        }
        let (key, sum) = bytes.split_at(32);
        if Sha256::digest(key)[..2] != *sum {
            return Err(Error::invalid(
                what,
                "has a typo: its checksum does not match",
            ));
        }
        WorkspaceKey::from_bytes(key)
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// What a sealed change holds: the document's id and the Automerge change.
pub fn change_plaintext(doc_id: &uuid::Uuid, change: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + change.len());
    out.extend_from_slice(doc_id.as_bytes());
    out.extend_from_slice(change);
    out
}

/// Splits what [`change_plaintext`] made.
pub fn split_plaintext(plain: &[u8]) -> Result<(uuid::Uuid, &[u8])> {
    if plain.len() <= 16 {
        return Err(Error::invalid("sealed change", "holds no change"));
    }
    let (id, change) = plain.split_at(16);
    Ok((uuid::Uuid::from_slice(id).expect("16 bytes"), change))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_changes_open_only_with_the_same_key_and_workspace() {
        let key = WorkspaceKey::generate();
        let sealed = key.seal("w1", b"hello");
        assert_eq!(key.open("w1", &sealed).unwrap(), b"hello");
        assert!(key.open("w2", &sealed).is_err());
        assert!(WorkspaceKey::generate().open("w1", &sealed).is_err());
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(key.open("w1", &flipped).is_err());
        assert!(key.open("w1", &sealed[..10]).is_err());
        // A fresh nonce each time: the same change never seals to the same bytes.
        assert_ne!(key.seal("w1", b"hello"), sealed);
    }

    #[test]
    fn recovery_keys_round_trip_and_catch_typos() {
        for _ in 0..50 {
            let key = WorkspaceKey::generate();
            let text = key.recovery_key();
            assert!(text.starts_with("KITH-"));
            assert_eq!(text.len(), 5 + 11 * 5 + 10);
            assert_eq!(WorkspaceKey::from_recovery_key(&text).unwrap(), key);
            let relaxed = text.to_lowercase().replace('-', " ");
            assert_eq!(WorkspaceKey::from_recovery_key(&relaxed).unwrap(), key);
            // Change one character of the body: the checksum notices.
            let mut chars: Vec<char> = text.chars().collect();
            let i = 7;
            chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
            let typo: String = chars.into_iter().collect();
            assert!(WorkspaceKey::from_recovery_key(&typo).is_err(), "{typo}");
        }
        assert!(WorkspaceKey::from_recovery_key("KITH-ABCDE").is_err());
        assert!(WorkspaceKey::from_recovery_key("KITH-ABCD!").is_err());
    }

    #[test]
    fn key_checks_tell_right_keys_from_wrong_ones() {
        let key = WorkspaceKey::generate();
        let check = key.key_check();
        assert!(key.matches(&check));
        assert!(!WorkspaceKey::generate().matches(&check));
    }

    #[test]
    fn change_ids_are_stable_opaque_and_per_workspace_key() {
        let (a, b) = (WorkspaceKey::generate(), WorkspaceKey::generate());
        let hash = [7u8; 32];
        assert_eq!(a.change_id(&hash), a.change_id(&hash));
        assert_ne!(a.change_id(&hash), b.change_id(&hash));
        assert!(crate::sync::protocol::is_change_id(&a.change_id(&hash)));
        assert!(!a.change_id(&hash).contains(&hex(&hash)));
    }
}
