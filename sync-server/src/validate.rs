//! Checks on everything a device sends, before anything is stored. Each error message names the
//! field (and for a push, the change's index in `changes`, counted from 0) and what was wrong.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kith_protocol::{
    is_change_id, SealedChange, MAX_CHANGE_BYTES, MAX_DEVICE_NAME_CHARS, MAX_PAGE,
    MAX_PUSH_CHANGES, MIN_PASSWORD_CHARS,
};

use crate::store::NewChange;

/// Longest email kept (RFC 5321's limit on a path).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest password accepted at signup; argon2 would take more, but nobody types more.
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// Largest `key_check`, decoded.
pub const MAX_KEY_CHECK_BYTES: usize = 4096;

/// The email as stored: trimmed and lower-cased, one `@` with something on each side.
pub fn email(raw: &str) -> Result<String, String> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err("email is empty".to_owned());
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(format!("email is longer than {MAX_EMAIL_CHARS} characters"));
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("email contains spaces or control characters".to_owned());
    }
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !domain.contains('@') =>
        {
            Ok(email)
        }
        _ => Err("email must have exactly one @ with text on both sides".to_owned()),
    }
}

/// Checks a new account's password: long enough, not too long.
pub fn new_password(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "password is {chars} characters; it needs at least {MIN_PASSWORD_CHARS}"
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!(
            "password is longer than {MAX_PASSWORD_CHARS} characters"
        ));
    }
    Ok(())
}

/// The device name as stored: trimmed, 1 to `MAX_DEVICE_NAME_CHARS` characters, no control
/// characters.
pub fn device_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars == 0 {
        return Err("device_name is empty".to_owned());
    }
    if chars > MAX_DEVICE_NAME_CHARS {
        return Err(format!(
            "device_name is {chars} characters; at most {MAX_DEVICE_NAME_CHARS} are kept"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("device_name contains control characters".to_owned());
    }
    Ok(name.to_owned())
}

/// Decodes a signup's `key_check` (standard base64) and checks its size.
pub fn key_check(raw: &str) -> Result<Vec<u8>, String> {
    let bytes = STANDARD
        .decode(raw)
        .map_err(|e| format!("key_check is not valid base64 (standard alphabet, padded): {e}"))?;
    if bytes.is_empty() {
        return Err("key_check is empty".to_owned());
    }
    if bytes.len() > MAX_KEY_CHECK_BYTES {
        return Err(format!(
            "key_check is {} bytes decoded; at most {MAX_KEY_CHECK_BYTES} are accepted",
            bytes.len()
        ));
    }
    Ok(bytes)
}

/// Checks every change of a push and decodes it; the first problem found is the answer.
pub fn push(changes: &[SealedChange]) -> Result<Vec<NewChange>, String> {
    if changes.len() > MAX_PUSH_CHANGES {
        return Err(format!(
            "changes has {} entries; at most {MAX_PUSH_CHANGES} fit in one push",
            changes.len()
        ));
    }
    changes
        .iter()
        .enumerate()
        .map(|(i, change)| {
            if !is_change_id(&change.id) {
                return Err(format!(
                    "changes[{i}]: id is not 64 lowercase hex digits"
                ));
            }
            let mut id = [0u8; 32];
            hex::decode_to_slice(&change.id, &mut id)
                .map_err(|e| format!("changes[{i}]: id is not hex: {e}"))?;
            if change.data.is_empty() {
                return Err(format!("changes[{i}]: data is empty"));
            }
            // Base64 is 4 characters per 3 bytes: a longer text cannot fit the limit.
            if change.data.len() > MAX_CHANGE_BYTES.div_ceil(3) * 4 {
                return Err(format!(
                    "changes[{i}]: data is more than {MAX_CHANGE_BYTES} bytes decoded"
                ));
            }
            let data = STANDARD.decode(&change.data).map_err(|e| {
                format!("changes[{i}]: data is not valid base64 (standard alphabet, padded): {e}")
            })?;
            if data.len() > MAX_CHANGE_BYTES {
                return Err(format!(
                    "changes[{i}]: data is {} bytes decoded; at most {MAX_CHANGE_BYTES} are accepted",
                    data.len()
                ));
            }
            Ok(NewChange { id, data })
        })
        .collect()
}

/// `?after=C&limit=N` of a pull.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PullQuery {
    /// The sequence number to pull after.
    pub after: i64,
    /// The page size, at most `MAX_PAGE`.
    pub limit: u32,
}

/// Reads a pull's query string. `after` defaults to 0 and `limit` to `DEFAULT_PAGE`; a `limit`
/// above `MAX_PAGE` is served as `MAX_PAGE`. Other parameters are ignored.
pub fn pull_query(query: Option<&str>) -> Result<PullQuery, String> {
    let mut after = 0i64;
    let mut limit = kith_protocol::DEFAULT_PAGE;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "after" => {
                after = value
                    .parse()
                    .ok()
                    .filter(|n: &i64| *n >= 0)
                    .ok_or_else(|| {
                        "query parameter after must be a whole number, 0 or more".to_owned()
                    })?;
            }
            "limit" => {
                let n: u64 = value.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    "query parameter limit must be a whole number, 1 or more".to_owned()
                })?;
                limit = n.min(u64::from(MAX_PAGE)) as u32;
            }
            _ => {}
        }
    }
    Ok(PullQuery { after, limit })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_protocol::DEFAULT_PAGE;

    fn change(id: &str, data: &str) -> SealedChange {
        SealedChange {
            id: id.to_owned(),
            data: data.to_owned(),
        }
    }

    #[test]
    fn emails_are_trimmed_lowercased_and_need_one_at() {
        assert_eq!(
            email("  Ada@Example.COM "),
            Ok("ada@example.com".to_owned())
        );
        assert!(email("ada.example.com").is_err());
        assert!(email("a@b@c").is_err());
        assert!(email("@b").is_err());
        assert!(email("a@").is_err());
        assert!(email("a b@c").is_err());
        assert!(email("").is_err());
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(email(&long).unwrap_err().contains("254"));
    }

    #[test]
    fn passwords_need_the_minimum_length_in_characters() {
        assert!(new_password("1234567").is_err());
        assert!(new_password("12345678").is_ok());
        // Eight characters, more bytes.
        assert!(new_password("éééééééé").is_ok());
        assert!(new_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
    }

    #[test]
    fn device_names_are_trimmed_and_bounded() {
        assert_eq!(device_name(" laptop "), Ok("laptop".to_owned()));
        assert!(device_name("   ").is_err());
        assert!(device_name(&"x".repeat(MAX_DEVICE_NAME_CHARS)).is_ok());
        assert!(device_name(&"x".repeat(MAX_DEVICE_NAME_CHARS + 1)).is_err());
        assert!(device_name("a\u{7}b").is_err());
    }

    #[test]
    fn key_check_is_non_empty_padded_base64_up_to_4_kib() {
        assert_eq!(key_check("AQID"), Ok(vec![1, 2, 3]));
        assert!(key_check("AQI").is_err());
        assert!(key_check("").is_err());
        assert!(key_check("!!!!").is_err());
        assert!(key_check(&STANDARD.encode(vec![0u8; MAX_KEY_CHECK_BYTES])).is_ok());
        assert!(key_check(&STANDARD.encode(vec![0u8; MAX_KEY_CHECK_BYTES + 1])).is_err());
    }

    #[test]
    fn a_push_error_names_the_change_and_the_problem() {
        let good = "ab".repeat(32);
        let ok = push(&[change(&good, "AQID")]).unwrap();
        assert_eq!(ok[0].data, vec![1, 2, 3]);
        assert_eq!(ok[0].id[0], 0xab);

        let e = push(&[change(&good, "AQID"), change("xyz", "AQID")]).unwrap_err();
        assert_eq!(e, "changes[1]: id is not 64 lowercase hex digits");
        let e = push(&[change(&good.to_uppercase(), "AQID")]).unwrap_err();
        assert!(e.starts_with("changes[0]: id"));
        let e = push(&[change(&good, "")]).unwrap_err();
        assert_eq!(e, "changes[0]: data is empty");
        let e = push(&[change(&good, "AQI")]).unwrap_err();
        assert!(e.starts_with("changes[0]: data is not valid base64"), "{e}");
    }

    #[test]
    fn a_push_has_bounded_size_and_count() {
        let id = "cd".repeat(32);
        let big = STANDARD.encode(vec![7u8; MAX_CHANGE_BYTES + 1]);
        let e = push(&[change(&id, &big)]).unwrap_err();
        assert!(e.starts_with("changes[0]: data is"), "{e}");
        assert!(e.contains("1048576"), "{e}");
        let far_too_big = STANDARD.encode(vec![7u8; MAX_CHANGE_BYTES + 10]);
        let e = push(&[change(&id, &far_too_big)]).unwrap_err();
        assert!(e.starts_with("changes[0]: data is more than"), "{e}");
        let exact = STANDARD.encode(vec![7u8; MAX_CHANGE_BYTES]);
        assert!(push(&[change(&id, &exact)]).is_ok());

        let many = vec![change(&id, "AQID"); MAX_PUSH_CHANGES + 1];
        assert!(push(&many).unwrap_err().contains("at most 1000"));
        assert!(push(&[]).unwrap().is_empty());
    }

    #[test]
    fn pull_queries_default_clamp_and_refuse_nonsense() {
        let q = |s: &str| pull_query(Some(s));
        assert_eq!(
            pull_query(None),
            Ok(PullQuery {
                after: 0,
                limit: DEFAULT_PAGE
            })
        );
        assert_eq!(
            q("after=5&limit=10"),
            Ok(PullQuery {
                after: 5,
                limit: 10
            })
        );
        assert_eq!(q("limit=100000").unwrap().limit, MAX_PAGE);
        assert_eq!(q("after=2&other=x").unwrap().after, 2);
        assert!(q("after=-1").unwrap_err().contains("after"));
        assert!(q("after=abc").unwrap_err().contains("after"));
        assert!(q("limit=0").unwrap_err().contains("limit"));
        assert!(q("limit=").unwrap_err().contains("limit"));
    }
}
