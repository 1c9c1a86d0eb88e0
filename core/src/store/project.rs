//! The one way a document becomes projection rows, shared by local writes, remote changes and
//! rebuilds (design rule 1).

use automerge::AutoCommit;
use rusqlite::Connection;
use uuid::Uuid;

use super::{DocKind, Tx};
use crate::contacts::project::{ContactRows, Known};
use crate::contacts::search_entry::SearchRows;
use crate::error::{Error, Result};
use crate::ids::{ContactId, FollowUpId, InteractionId};
use crate::{contacts, followups, interactions};

pub(crate) fn project(tx: &Tx<'_>, id: &str, am: &AutoCommit) -> Result<()> {
    let mut search = SearchRows::default();
    project_into(tx.conn(), id, am, &mut search)?;
    search.insert(tx.conn())
}

/// Writes the rows of document `id`, except a contact's search row, which joins `search` (the
/// caller inserts those together: see [`SearchRows`]). A document whose kind has not arrived
/// yet (its first change is still in flight) has no rows.
pub(crate) fn project_into(
    conn: &Connection,
    id: &str,
    am: &AutoCommit,
    search: &mut SearchRows,
) -> Result<()> {
    Projection::read(id, am)?.write(conn, false, search)
}

/// What a document projects to, read without the database, so documents can be read on
/// several threads and written on the transaction's.
pub(crate) enum Projection {
    Contact(Box<ContactRows>),
    Interaction(Box<interactions::Interaction>),
    FollowUp(Box<followups::FollowUp>),
    /// The document's kind has not arrived yet.
    Nothing,
}

impl Projection {
    pub(crate) fn read(id: &str, am: &AutoCommit) -> Result<Projection> {
        Projection::from_root(id, &crate::am::View::root(am)?)
    }

    /// What a document whose root hydrates to `root` projects to.
    pub(crate) fn from_root(id: &str, root: &automerge::hydrate::Map) -> Result<Projection> {
        let uuid = Uuid::try_parse(id)
            .map_err(|_| Error::Corrupt(format!("document id {id} is not a uuid")))?;
        let v = crate::am::View::new(root);
        Ok(match v.str("kind").as_deref().and_then(DocKind::parse) {
            Some(DocKind::Contact) => {
                let keys = v.set("import_keys");
                let c = contacts::doc::read_root(&v, ContactId(uuid))?;
                Projection::Contact(Box::new(ContactRows::new(c, keys)))
            }
            Some(DocKind::Interaction) => {
                Projection::Interaction(Box::new(interactions::read_root(&v, InteractionId(uuid))?))
            }
            Some(DocKind::FollowUp) => {
                Projection::FollowUp(Box::new(followups::read_root(&v, FollowUpId(uuid))?))
            }
            None => Projection::Nothing,
        })
    }

    /// The kind of record this is, if it has arrived.
    pub(crate) fn kind(&self) -> Option<DocKind> {
        match self {
            Projection::Contact(_) => Some(DocKind::Contact),
            Projection::Interaction(_) => Some(DocKind::Interaction),
            Projection::FollowUp(_) => Some(DocKind::FollowUp),
            Projection::Nothing => None,
        }
    }

    /// Writes the rows. `fresh` promises the record has no rows yet (its document is new to
    /// this file), which spares looking for rows that cannot exist.
    pub(crate) fn write(
        self,
        conn: &Connection,
        fresh: bool,
        search: &mut SearchRows,
    ) -> Result<()> {
        match self {
            Projection::Contact(mut rows) => {
                let known = if fresh { Known::NoRows } else { Known::Maybe };
                contacts::project::write_rows(conn, &mut rows, known, search)
            }
            Projection::Interaction(i) => interactions::project::write(conn, &i),
            Projection::FollowUp(f) => followups::project::write(conn, &f),
            Projection::Nothing => Ok(()),
        }
    }
}

/// Every projection table, emptied before a rebuild.
pub(crate) const PROJECTION_TABLES: [&str; 9] = [
    "contact_import_keys",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "contacts_fts",
    "interactions_fts",
    "contacts",
    "interactions",
    "follow_ups",
];

/// The projection in a canonical order, one line per row, without the local row numbers that
/// differ between replicas. Two replicas that agree produce the same lines.
pub(crate) const CANONICAL_QUERIES: [&str; 9] = [
    "SELECT c.id, k.key FROM contact_import_keys k JOIN contacts c ON c.pk = k.contact_pk ORDER BY c.id, k.key",
    "SELECT id, name, company, status, vip, industry, birthday, birthday_md, keep_in_touch_days,
            created_at, updated_at, deleted_at, last_contacted_at, record FROM contacts ORDER BY id",
    "SELECT c.id, e.email_key FROM contact_emails e
       JOIN contacts c ON c.pk = e.contact_pk ORDER BY c.id, e.email_key",
    "SELECT c.id, p.e164 FROM contact_phones p
       JOIN contacts c ON c.pk = p.contact_pk ORDER BY c.id, p.e164",
    "SELECT c.id, t.tag FROM contact_tags t JOIN contacts c ON c.pk = t.contact_pk ORDER BY c.id, t.tag",
    // Every term of every search entry, where it is: an entry taken out by the wrong text
    // would leave terms behind (see `contacts::search_entry`).
    "SELECT c.id, v.term, v.col, v.offset FROM temp.kith_contacts_terms v
       JOIN contacts c ON c.pk = v.doc ORDER BY c.id, v.term, v.col, v.offset",
    "SELECT id, contact_id, kind, occurred_at, created_at, updated_at, deleted_at, record
       FROM interactions ORDER BY id",
    "SELECT i.id, v.term, v.offset FROM temp.kith_interactions_terms v
       JOIN interactions i ON i.pk = v.doc ORDER BY i.id, v.term, v.offset",
    "SELECT id, contact_id, status, due_at, effective_at, created_at, updated_at, deleted_at, record
       FROM follow_ups ORDER BY id",
];

/// Calls `line` with every canonical row of the projection.
pub(crate) fn visit(conn: &Connection, mut line: impl FnMut(&str)) -> Result<()> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kith_contacts_terms
            USING fts5vocab(main, contacts_fts, instance);
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.kith_interactions_terms
            USING fts5vocab(main, interactions_fts, instance);",
    )?;
    let mut buf = String::new();
    for (q, sql) in CANONICAL_QUERIES.iter().enumerate() {
        let mut stmt = conn.prepare(sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            buf.clear();
            buf.push_str(&q.to_string());
            for i in 0..n {
                buf.push('\u{1f}');
                buf.push_str(&format!("{:?}", r.get_ref(i)?));
            }
            line(&buf);
        }
    }
    Ok(())
}
