//! Interactions as a record kind: their rows in the projection (and their notes' search
//! entries), and the queries over them.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Interaction;
use crate::am::View;
use crate::contacts::project::refresh_last_contacted;
use crate::error::{Error, Result};
use crate::ids::{ContactId, InteractionId};
use crate::store::kind::{RecordKind, Table, Writer};

/// The interaction record kind.
pub struct Interactions;

impl RecordKind for Interactions {
    const NAME: &'static str = "interaction";
    const ID_TABLE: &'static str = "interactions";
    const TABLES: &'static [Table] = &[
        // Every term of every search entry, where it is: an entry taken out by the wrong text
        // would leave terms behind (see `contacts::search_entry`).
        Table::search(
            "interactions_fts",
            "SELECT i.id, v.term, v.offset FROM temp.interactions_fts_terms v
               JOIN interactions i ON i.pk = v.doc ORDER BY i.id, v.term, v.offset",
        ),
        Table::rows(
            "interactions",
            "SELECT id, contact_id, kind, occurred_at, created_at, updated_at, deleted_at, record
               FROM interactions ORDER BY id",
        ),
    ];
    type Id = InteractionId;
    type Rows = Interaction;

    fn read(id: InteractionId, root: &View<'_>) -> Result<Interaction> {
        super::read_root(root, id)
    }

    fn write(i: &mut Interaction, w: &mut Writer<'_>) -> Result<()> {
        write(w.conn, i)
    }

    fn after_migration(conn: &Connection, version: usize) -> Result<()> {
        if version == 9 {
            // The search index was made anew; its entries' text is made here, in Rust.
            fill_search(conn)?;
        }
        Ok(())
    }
}

fn write(conn: &Connection, i: &Interaction) -> Result<()> {
    let json = serde_json::to_string(i).expect("interactions serialise");
    let contact = i.contact_id;
    // The row as it was: its contact, and its notes when they were in the search index.
    let old: Option<(ContactId, Option<String>)> = conn
        .prepare_cached(
            "SELECT contact_id, deleted_at IS NULL, record FROM interactions WHERE id = ?1",
        )?
        .query_row([i.id], |r| {
            let live: bool = r.get(1)?;
            let record: String = r.get(2)?;
            Ok((r.get(0)?, live.then_some(record)))
        })
        .optional()?
        .map(|(contact, record)| -> Result<(ContactId, Option<String>)> {
            let notes = match record {
                Some(record) => {
                    search_notes(&serde_json::from_str::<Interaction>(&record).map_err(|_| {
                        Error::Corrupt(format!(
                            "interaction {}: its stored record cannot be read, so its search \
                             entry cannot be replaced; `kith rebuild` rebuilds both",
                            i.id
                        ))
                    })?)
                    .map(str::to_owned)
                }
                None => None,
            };
            Ok((contact, notes))
        })
        .transpose()?;
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
                i.id,
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
    // The index is contentless: an entry goes out by the text it was made from (see
    // `contacts::search_entry`), and stays when the notes did not change.
    let (old_contact, old_notes) = old.unzip();
    let new_notes = search_notes(i);
    let old_notes = old_notes.flatten();
    if old_notes.as_deref() != new_notes {
        if let Some(notes) = old_notes {
            conn.prepare_cached(
                "INSERT INTO interactions_fts(interactions_fts, rowid, notes) VALUES ('delete', ?1, ?2)",
            )?
            .execute(params![pk, notes])?;
        }
        if let Some(notes) = new_notes {
            conn.prepare_cached("INSERT INTO interactions_fts(rowid, notes) VALUES (?1, ?2)")?
                .execute(params![pk, notes])?;
        }
    }
    refresh_last_contacted(conn, contact)?;
    if let Some(old) = old_contact.filter(|o| *o != contact) {
        refresh_last_contacted(conn, old)?;
    }
    Ok(())
}

/// What a search entry holds of an interaction: its notes, while it is live and has some.
fn search_notes(i: &Interaction) -> Option<&str> {
    (i.deleted_at.is_none() && !i.notes.is_empty()).then_some(i.notes.as_str())
}

/// Fills the (empty) index with every live interaction's notes, from the stored records.
fn fill_search(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("SELECT pk, record FROM interactions WHERE deleted_at IS NULL")?;
    let mut insert = conn.prepare("INSERT INTO interactions_fts(rowid, notes) VALUES (?1, ?2)")?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let record: String = r.get(1)?;
        // A record this version cannot read has no entry (and `kith rebuild` remakes both).
        if let Ok(i) = serde_json::from_str::<Interaction>(&record) {
            if let Some(notes) = search_notes(&i) {
                insert.execute(params![r.get::<_, i64>(0)?, notes])?;
            }
        }
    }
    Ok(())
}

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Interaction> {
    let json: String = r.get(0)?;
    serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The interaction `id` as projected.
pub fn get(conn: &Connection, id: InteractionId) -> Result<Interaction> {
    conn.prepare_cached("SELECT record FROM interactions WHERE id = ?1")?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| crate::ids::not_found(id))
}

/// Turns what a person typed (a full id, or the unique start of one) into an interaction id.
pub fn resolve(conn: &Connection, input: &str) -> Result<InteractionId> {
    crate::store::kind::resolve::<Interactions>(conn, input)
}

/// A contact's timeline, newest first.
pub fn for_contact(conn: &Connection, contact: ContactId, limit: u32) -> Result<Vec<Interaction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT record FROM interactions WHERE contact_id = ?1 AND deleted_at IS NULL
         ORDER BY occurred_at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![contact, limit], from_row)?;
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
