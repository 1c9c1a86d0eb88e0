//! Follow-ups as a record kind: their row in the projection, and the queries over it.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::FollowUp;
use crate::am::View;
use crate::error::Result;
use crate::ids::{ContactId, FollowUpId};
use crate::store::kind::{RecordKind, Table, Writer};
use crate::time::Timestamp;

/// The follow-up record kind.
pub struct FollowUps;

impl RecordKind for FollowUps {
    const NAME: &'static str = "follow_up";
    const ID_TABLE: &'static str = "follow_ups";
    const TABLES: &'static [Table] = &[Table::rows(
        "follow_ups",
        "SELECT id, contact_id, status, due_at, effective_at, created_at, updated_at, deleted_at, record
           FROM follow_ups ORDER BY id",
    )];
    type Id = FollowUpId;
    type Rows = FollowUp;

    fn read(id: FollowUpId, root: &View<'_>) -> Result<FollowUp> {
        super::read_root(root, id)
    }

    fn write(f: &mut FollowUp, w: &mut Writer<'_>) -> Result<()> {
        write(w.conn, f)
    }
}

fn write(conn: &Connection, f: &FollowUp) -> Result<()> {
    let json = serde_json::to_string(f).expect("follow-ups serialise");
    conn.prepare_cached(
        "INSERT INTO follow_ups(id, contact_id, status, due_at, effective_at, created_at, updated_at, deleted_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET contact_id = excluded.contact_id, status = excluded.status,
            due_at = excluded.due_at, effective_at = excluded.effective_at, created_at = excluded.created_at,
            updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, record = excluded.record",
    )?
    .execute(params![
        f.id,
        f.contact_id,
        f.status.as_str(),
        f.due_at.0,
        f.effective_at().0,
        f.created_at.0,
        f.updated_at.0,
        f.deleted_at.map(|t| t.0),
        json
    ])?;
    Ok(())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<FollowUp> {
    let json: String = r.get(0)?;
    serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn collect(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<FollowUp>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(p, from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The follow-up `id` as projected.
pub fn get(conn: &Connection, id: FollowUpId) -> Result<FollowUp> {
    conn.prepare_cached("SELECT record FROM follow_ups WHERE id = ?1")?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| crate::ids::not_found(id))
}

/// Turns what a person typed (a full id, or the unique start of one) into a follow-up id.
pub fn resolve(conn: &Connection, input: &str) -> Result<FollowUpId> {
    crate::store::kind::resolve::<FollowUps>(conn, input)
}

/// Open follow-ups of live contacts that ask for attention at or before `until`, earliest
/// first (so overdue ones lead), each with the contact's name.
pub fn due_by(conn: &Connection, until: Timestamp) -> Result<Vec<(FollowUp, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.record, c.name FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
         WHERE f.status = 'open' AND f.deleted_at IS NULL AND c.deleted_at IS NULL AND f.effective_at <= ?1
         ORDER BY f.effective_at, f.id",
    )?;
    let rows = stmt.query_map([until.0], |r| Ok((from_row(r)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every follow-up that is not deleted: open ones first by when they are due, then the rest,
/// latest first.
pub fn list_all(conn: &Connection) -> Result<Vec<FollowUp>> {
    collect(
        conn,
        "SELECT record FROM follow_ups WHERE deleted_at IS NULL
         ORDER BY status <> 'open', CASE WHEN status = 'open' THEN effective_at ELSE -effective_at END, id",
        [],
    )
}

/// The follow-ups of `contact` not deleted: open ones first, by when they are due.
pub fn for_contact(conn: &Connection, contact: ContactId) -> Result<Vec<FollowUp>> {
    collect(
        conn,
        "SELECT record FROM follow_ups WHERE contact_id = ?1 AND deleted_at IS NULL
         ORDER BY status <> 'open', effective_at",
        [contact],
    )
}
