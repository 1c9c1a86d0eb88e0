//! Interactions in the projection, and the queries over them.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Interaction;
use crate::contacts::project::refresh_last_contacted;
use crate::error::{Error, Result};
use crate::ids::{ContactId, InteractionId};

pub fn write(conn: &Connection, i: &Interaction) -> Result<()> {
    let json = serde_json::to_string(i).expect("interactions serialise");
    let contact = i.contact_id.to_string();
    let old_contact: Option<String> = conn
        .prepare_cached("SELECT contact_id FROM interactions WHERE id = ?1")?
        .query_row([i.id.to_string()], |r| r.get(0))
        .optional()?;
    let pk: i64 = conn
        .prepare_cached(
            "INSERT INTO interactions(id, contact_id, kind, occurred_at, created_at, updated_at, deleted_at, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET contact_id = excluded.contact_id, kind = excluded.kind,
                occurred_at = excluded.occurred_at, created_at = excluded.created_at,
                updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, record = excluded.record
             RETURNING pk",
        )?
        .query_row(
            params![
                i.id.to_string(),
                contact,
                i.kind.as_str(),
                i.occurred_at.0,
                i.created_at.0,
                i.updated_at.0,
                i.deleted_at.map(|t| t.0),
                json
            ],
            |r| r.get(0),
        )?;
    conn.prepare_cached("DELETE FROM interactions_fts WHERE rowid = ?1")?
        .execute([pk])?;
    if i.deleted_at.is_none() && !i.notes.is_empty() {
        conn.prepare_cached("INSERT INTO interactions_fts(rowid, notes) VALUES (?1, ?2)")?
            .execute(params![pk, i.notes])?;
    }
    refresh_last_contacted(conn, &contact)?;
    if let Some(old) = old_contact.filter(|o| *o != contact) {
        refresh_last_contacted(conn, &old)?;
    }
    Ok(())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Interaction> {
    let json: String = r.get(0)?;
    serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub fn get(conn: &Connection, id: InteractionId) -> Result<Interaction> {
    conn.prepare_cached("SELECT record FROM interactions WHERE id = ?1")?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            kind: "interaction",
            id: id.to_string(),
        })
}

pub fn resolve(conn: &Connection, input: &str) -> Result<InteractionId> {
    crate::contacts::query::resolve_id(conn, "interactions", "interaction", input)
        .map(InteractionId)
}

/// A contact's timeline, newest first.
pub fn for_contact(conn: &Connection, contact: ContactId, limit: u32) -> Result<Vec<Interaction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT record FROM interactions WHERE contact_id = ?1 AND deleted_at IS NULL
         ORDER BY occurred_at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![contact.to_string(), limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest interactions with live contacts that happened at or before `now`, newest first.
pub fn recent(
    conn: &Connection,
    now: crate::time::Timestamp,
    limit: u32,
) -> Result<Vec<(Interaction, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.record, c.name FROM interactions i JOIN contacts c ON c.id = i.contact_id
         WHERE i.deleted_at IS NULL AND c.deleted_at IS NULL AND i.occurred_at <= ?1
         ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now.0, limit], |r| Ok((from_row(r)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
