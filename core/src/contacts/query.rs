//! Reading contacts: SQL over the projection, never the documents.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::{Contact, ContactStatus};

use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::time::Timestamp;

/// Which contacts a list shows. Deleted contacts are left out unless asked for.
#[derive(Clone, Debug, Default)]
pub struct ContactFilter {
    pub tag: Option<String>,
    pub vip: bool,
    pub status: Option<ContactStatus>,
    pub deleted: bool,
    pub limit: Option<u32>,
    pub offset: u32,
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    let json: String = r.get("record")?;
    let mut c: Contact = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    c.last_contacted_at = r.get::<_, Option<i64>>("last_contacted_at")?.map(Timestamp);
    Ok(c)
}

/// One contact, deleted or not.
pub fn get(conn: &Connection, id: ContactId) -> Result<Contact> {
    conn.prepare_cached("SELECT record, last_contacted_at FROM contacts WHERE id = ?1")?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            kind: "contact",
            id: id.to_string(),
        })
}

/// Contacts in name order.
///
/// The WHERE clause is assembled from fixed fragments (never from the filter's text, which is
/// bound) so SQLite sees plain conditions and walks the name indexes instead of sorting 100k rows.
pub fn list(conn: &Connection, f: &ContactFilter) -> Result<Vec<Contact>> {
    let mut sql = String::from("SELECT c.record, c.last_contacted_at FROM contacts c WHERE ");
    sql.push_str(if f.deleted {
        "c.deleted_at IS NOT NULL"
    } else {
        "c.deleted_at IS NULL"
    });
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if f.vip {
        sql.push_str(" AND c.vip = 1");
    }
    if let Some(status) = f.status {
        args.push(Box::new(status.as_str()));
        sql.push_str(&format!(" AND c.status = ?{}", args.len()));
    }
    if let Some(tag) = &f.tag {
        args.push(Box::new(tag.clone()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_pk = c.pk AND t.tag = ?{})",
            args.len()
        ));
    }
    args.push(Box::new(f.limit.map(i64::from).unwrap_or(-1)));
    args.push(Box::new(i64::from(f.offset)));
    sql.push_str(&format!(
        " ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?{} OFFSET ?{}",
        args.len() - 1,
        args.len()
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Turns what a person typed (a full id, or the unique start of one) into a contact id.
pub fn resolve(conn: &Connection, input: &str) -> Result<ContactId> {
    resolve_id(conn, "contacts", "contact", input).map(ContactId)
}

/// Resolves a full id or a unique prefix (at least 4 characters) against `table`.
pub(crate) fn resolve_id(
    conn: &Connection,
    table: &str,
    kind: &'static str,
    input: &str,
) -> Result<uuid::Uuid> {
    let s = input.trim().to_ascii_lowercase();
    if let Ok(u) = uuid::Uuid::try_parse(&s) {
        let found: Option<i64> = conn
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE id = ?1"),
                [u.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        return found
            .map(|_| u)
            .ok_or_else(|| Error::NotFound { kind, id: s });
    }
    if s.len() < 4 || !s.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Error::invalid(
            format!("{kind} id"),
            format!("'{}' is not a {kind} id", input.trim()),
        ));
    }
    let upper = format!("{s}\u{10ffff}");
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM {table} WHERE id >= ?1 AND id < ?2 LIMIT 2"
    ))?;
    let hits: Vec<String> = stmt
        .query_map(params![s, upper], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match hits.as_slice() {
        [one] => Ok(uuid::Uuid::parse_str(one).map_err(|e| Error::Corrupt(e.to_string()))?),
        [] => Err(Error::NotFound { kind, id: s }),
        _ => Err(Error::invalid(
            format!("{kind} id"),
            format!("'{s}' matches more than one {kind}; type more of the id"),
        )),
    }
}
