//! Reading contacts: SQL over the projection, never the documents.

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::{Contact, ContactStatus};

use crate::error::Result;
use crate::ids::ContactId;
use crate::time::Timestamp;

/// Which contacts a list shows. Deleted contacts are left out unless asked for.
#[derive(Clone, Debug, Default)]
pub struct ContactFilter {
    pub tag: Option<String>,
    pub vip: bool,
    pub status: Option<ContactStatus>,
    pub industry: Option<String>,
    pub deleted: bool,
    pub sort: ContactSort,
    pub limit: Option<u32>,
    pub offset: u32,
}

impl ContactFilter {
    /// Whether `c` passes the filter's conditions (not its order, limit or offset): for
    /// narrowing results that came from elsewhere, such as a search.
    pub fn matches(&self, c: &Contact) -> bool {
        self.deleted == c.deleted_at.is_some()
            && (!self.vip || c.vip)
            && self.status.is_none_or(|s| c.status == s)
            && self
                .industry
                .as_ref()
                .is_none_or(|i| c.industry.as_ref() == Some(i))
            && self.tag.as_ref().is_none_or(|t| c.tags.contains(t))
    }
}

/// The order of a contact list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    /// By name, case-insensitively.
    #[default]
    Name,
    /// Most recently contacted first; never-contacted people last, by name.
    LastContacted,
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
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| crate::ids::not_found(id))
}

/// Contacts in name order.
///
/// The WHERE clause is assembled from fixed fragments (never from the filter's text, which is
/// bound) so SQLite sees plain conditions and walks the name indexes instead of sorting 100k rows.
pub fn list(conn: &Connection, f: &ContactFilter) -> Result<Vec<Contact>> {
    let (mut sql, mut args) = filtered("c.record, c.last_contacted_at", f);
    args.push(Box::new(f.limit.map(i64::from).unwrap_or(-1)));
    args.push(Box::new(i64::from(f.offset)));
    let order = match f.sort {
        ContactSort::Name => "c.name COLLATE NOCASE, c.id",
        ContactSort::LastContacted => {
            "c.last_contacted_at IS NULL, c.last_contacted_at DESC, c.name COLLATE NOCASE, c.id"
        }
    };
    sql.push_str(&format!(
        " ORDER BY {order} LIMIT ?{} OFFSET ?{}",
        args.len() - 1,
        args.len()
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many contacts `f` selects, ignoring its limit and offset.
pub fn count(conn: &Connection, f: &ContactFilter) -> Result<u32> {
    let (sql, args) = filtered("COUNT(*)", f);
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
}

type Args = Vec<Box<dyn rusqlite::ToSql>>;

/// `SELECT columns FROM contacts c WHERE ...` for the filter's conditions, with their values.
fn filtered(columns: &str, f: &ContactFilter) -> (String, Args) {
    let mut sql = format!("SELECT {columns} FROM contacts c WHERE ");
    sql.push_str(if f.deleted {
        "c.deleted_at IS NOT NULL"
    } else {
        "c.deleted_at IS NULL"
    });
    let mut args: Args = Vec::new();
    if f.vip {
        sql.push_str(" AND c.vip = 1");
    }
    if let Some(status) = f.status {
        args.push(Box::new(status.as_str()));
        sql.push_str(&format!(" AND c.status = ?{}", args.len()));
    }
    if let Some(industry) = &f.industry {
        args.push(Box::new(industry.clone()));
        sql.push_str(&format!(" AND c.industry = ?{}", args.len()));
    }
    if let Some(tag) = &f.tag {
        args.push(Box::new(tag.clone()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_pk = c.pk AND t.tag = ?{})",
            args.len()
        ));
    }
    (sql, args)
}

/// Turns what a person typed (a full id, or the unique start of one) into a contact id.
pub fn resolve(conn: &Connection, input: &str) -> Result<ContactId> {
    crate::store::kind::resolve::<super::Contacts>(conn, input)
}

/// How many live contacts carry one value (a tag, an industry, a status).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Count {
    pub name: String,
    pub count: u32,
}

/// What the live contacts can be filtered by, with how many each choice selects.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Facets {
    /// The most used tags first, at most [`FACET_LIMIT`].
    pub tags: Vec<Count>,
    /// The most common industries first, at most [`FACET_LIMIT`].
    pub industries: Vec<Count>,
    pub statuses: Vec<Count>,
    pub vips: u32,
    pub total: u32,
}

/// How many tags or industries [`facets`] lists.
pub const FACET_LIMIT: u32 = 200;

// The filter counts read only the small indexes of migration 0007, never the contacts table
// itself (a test holds each plan to that).
const FACET_TOTALS: &str =
    "SELECT COUNT(*), COALESCE(SUM(vip), 0) FROM contacts WHERE deleted_at IS NULL";
// Deleted contacts are few: leaving them out beats looking up every tagged one.
const FACET_TAGS: &str = "SELECT tag, COUNT(*) AS n FROM contact_tags
     WHERE contact_pk NOT IN (SELECT pk FROM contacts WHERE deleted_at IS NOT NULL)
     GROUP BY tag ORDER BY n DESC, tag LIMIT ?1";
const FACET_INDUSTRIES: &str = "SELECT industry, COUNT(*) AS n FROM contacts
     WHERE deleted_at IS NULL AND industry IS NOT NULL AND industry <> ''
     GROUP BY industry ORDER BY n DESC, industry LIMIT ?1";
const FACET_STATUSES: &str = "SELECT status, COUNT(*) AS n FROM contacts WHERE deleted_at IS NULL
     GROUP BY status ORDER BY n DESC, status LIMIT ?1";

pub fn facets(conn: &Connection) -> Result<Facets> {
    let counts = |sql: &str| -> Result<Vec<Count>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([FACET_LIMIT], |r| {
            Ok(Count {
                name: r.get(0)?,
                count: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let (total, vips) = conn
        .prepare_cached(FACET_TOTALS)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Facets {
        tags: counts(FACET_TAGS)?,
        industries: counts(FACET_INDUSTRIES)?,
        statuses: counts(FACET_STATUSES)?,
        vips,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No facet query reads a column of the contacts table itself, only its indexes: a table
    /// read would go through every record (most of a second on 100k contacts). The VDBE program
    /// is checked, not the plan's wording: a partial index whose condition the query repeats
    /// serves alone even where the plan says "USING INDEX" (SQLite defers the table seek until a
    /// table column is read, and none is).
    #[test]
    fn facets_read_indexes_not_the_contacts_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("kith.db"), "US").unwrap();
        let conn = store.conn();
        let root: i64 = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'contacts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        for sql in [FACET_TOTALS, FACET_TAGS, FACET_INDUSTRIES, FACET_STATUSES] {
            let mut stmt = conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
            let limit = [FACET_LIMIT];
            let args: &[u32] = &limit[..stmt.parameter_count()];
            let program: Vec<(String, i64, i64)> = stmt
                .query_map(rusqlite::params_from_iter(args), |r| {
                    Ok((r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let table_cursors: Vec<i64> = program
                .iter()
                .filter(|(op, _, p2)| op == "OpenRead" && *p2 == root)
                .map(|(_, p1, _)| *p1)
                .collect();
            let reads: Vec<_> = program
                .iter()
                .filter(|(op, p1, _)| op == "Column" && table_cursors.contains(p1))
                .collect();
            assert!(
                reads.is_empty(),
                "{sql}\nreads the contacts table: {reads:?}"
            );
        }
    }
}
