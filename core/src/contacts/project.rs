//! Contacts as a record kind: their rows in the projection (`contacts`, its emails, phones,
//! tags and import keys, and its search entry), written the same way by local writes, imports,
//! remote changes and rebuilds.

use rusqlite::{params, Connection, OptionalExtension};

use super::model::Contact;
use super::search_entry::{search_text, SearchRows};
use crate::am::View;
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::store::kind::{Known, RecordKind, Table, Writer};
use crate::time::Timestamp;

/// The contact record kind.
pub struct Contacts;

impl RecordKind for Contacts {
    const NAME: &'static str = "contact";
    const ID_TABLE: &'static str = "contacts";
    const TABLES: &'static [Table] = &[
        Table::rows(
            "contact_import_keys",
            "SELECT c.id, k.key FROM contact_import_keys k JOIN contacts c ON c.pk = k.contact_pk
               ORDER BY c.id, k.key",
        ),
        Table::rows(
            "contact_emails",
            "SELECT c.id, e.email_key FROM contact_emails e
               JOIN contacts c ON c.pk = e.contact_pk ORDER BY c.id, e.email_key",
        ),
        Table::rows(
            "contact_phones",
            "SELECT c.id, p.e164 FROM contact_phones p
               JOIN contacts c ON c.pk = p.contact_pk ORDER BY c.id, p.e164",
        ),
        Table::rows(
            "contact_tags",
            "SELECT c.id, t.tag FROM contact_tags t JOIN contacts c ON c.pk = t.contact_pk
               ORDER BY c.id, t.tag",
        ),
        // Every term of every search entry, where it is: an entry taken out by the wrong text
        // would leave terms behind (see `contacts::search_entry`).
        Table::search(
            "contacts_fts",
            "SELECT c.id, v.term, v.col, v.offset FROM temp.contacts_fts_terms v
               JOIN contacts c ON c.pk = v.doc ORDER BY c.id, v.term, v.col, v.offset",
        ),
        Table::rows(
            "contacts",
            "SELECT id, name, company, status, vip, industry, birthday, birthday_md,
                    keep_in_touch_days, created_at, updated_at, deleted_at, last_contacted_at,
                    record
               FROM contacts ORDER BY id",
        ),
    ];
    type Id = ContactId;
    type Rows = ContactRows;

    fn read(id: ContactId, root: &View<'_>) -> Result<ContactRows> {
        let keys = root.set("import_keys");
        Ok(ContactRows::new(super::doc::read_root(root, id)?, keys))
    }

    fn write(rows: &mut ContactRows, w: &mut Writer<'_>) -> Result<()> {
        let (conn, known) = (w.conn, w.known);
        write_rows(conn, rows, known, w.deferred::<SearchRows>())
    }

    fn after_migration(conn: &Connection, version: usize) -> Result<()> {
        if version == 9 {
            // The search index was made anew; its entries' text is made here, in Rust.
            super::search_entry::fill(conn)?;
        }
        Ok(())
    }
}

/// A contact's projection rows, made from the contact alone: no database, so imports and syncs
/// make them on every core and the one thread holding the transaction only stores them.
pub struct ContactRows {
    id: ContactId,
    /// Without `last_contacted_at`, which the projection derives from interactions.
    contact: Contact,
    /// The contact as JSON, for show and export.
    record: String,
    birthday: Option<String>,
    /// What its lookup tables hold: lower-cased emails, E.164 phones, tags.
    lookups: Lookups,
    /// Fingerprints of the imported rows merged into it (they live in the document only).
    import_keys: Vec<String>,
    /// Its search entry; `None` for a deleted contact, which has none.
    search: Option<[String; 5]>,
}

impl ContactRows {
    pub(crate) fn new(mut contact: Contact, import_keys: Vec<String>) -> Self {
        contact.last_contacted_at = None;
        let record = serde_json::to_string(&contact).expect("contacts serialise");
        ContactRows {
            id: contact.id,
            birthday: contact.birthday.map(|b| b.to_string()),
            search: contact.deleted_at.is_none().then(|| search_text(&contact)),
            lookups: Lookups::of(&contact),
            record,
            import_keys,
            contact,
        }
    }
}

/// The values a contact is found by in the lookup tables, each list sorted and without repeats.
#[derive(Default)]
struct Lookups {
    emails: Vec<String>,
    phones: Vec<String>,
    tags: Vec<String>,
}

impl Lookups {
    fn of(c: &Contact) -> Lookups {
        let sorted = |mut v: Vec<String>| {
            v.sort_unstable();
            v.dedup();
            v
        };
        Lookups {
            emails: sorted(c.emails.iter().map(|e| e.value.to_lowercase()).collect()),
            phones: sorted(c.phones.iter().filter_map(|p| p.e164.clone()).collect()),
            tags: sorted(c.tags.clone()),
        }
    }

    /// Each table's (old, new) values, in [`LOOKUP_TABLES`] order.
    fn pairs<'a>(&'a self, now: &'a Lookups) -> [(&'a [String], &'a [String]); 3] {
        [
            (&self.emails, &now.emails),
            (&self.phones, &now.phones),
            (&self.tags, &now.tags),
        ]
    }
}

/// The lookup tables, each keyed (value, contact) without a rowid, so a row is one B-tree entry
/// (migration 0008): how to clear a contact's rows, delete one and insert one.
const LOOKUP_TABLES: [[&str; 3]; 3] = [
    [
        "DELETE FROM contact_emails WHERE contact_pk = ?1",
        "DELETE FROM contact_emails WHERE email_key = ?1 AND contact_pk = ?2",
        "INSERT OR IGNORE INTO contact_emails(email_key, contact_pk) VALUES (?1, ?2)",
    ],
    [
        "DELETE FROM contact_phones WHERE contact_pk = ?1",
        "DELETE FROM contact_phones WHERE e164 = ?1 AND contact_pk = ?2",
        "INSERT OR IGNORE INTO contact_phones(e164, contact_pk) VALUES (?1, ?2)",
    ],
    [
        "DELETE FROM contact_tags WHERE contact_pk = ?1",
        "DELETE FROM contact_tags WHERE tag = ?1 AND contact_pk = ?2",
        "INSERT OR IGNORE INTO contact_tags(tag, contact_pk) VALUES (?1, ?2)",
    ],
];

impl ContactRows {
    /// The contact as written, with when it was last contacted (which the projection derives
    /// from interactions): what a read of it gives.
    pub fn into_contact(self) -> Contact {
        self.contact
    }
}

/// Writes a contact's rows, its search row joining `search` (inserted by the caller, see
/// [`SearchRows`], which takes the text out of `rows`). The rows stay the caller's to free.
fn write_rows(
    conn: &Connection,
    rows: &mut ContactRows,
    known: Known,
    search: &mut SearchRows,
) -> Result<()> {
    let text = rows.search.take();
    let ContactRows {
        id,
        contact: c,
        record,
        birthday,
        lookups,
        import_keys,
        ..
    } = &*rows;
    let id = *id;
    // The row as it was: its pk, whether it was live (only a live contact has a search entry)
    // and its record, to compare the search text and the child rows.
    let old: Option<(i64, bool, Option<Contact>)> = if known == Known::Maybe {
        conn.prepare_cached("SELECT pk, deleted_at IS NULL, record FROM contacts WHERE id = ?1")?
            .query_row([id], |r| {
                let record: String = r.get(2)?;
                Ok((r.get(0)?, r.get(1)?, serde_json::from_str(&record).ok()))
            })
            .optional()?
    } else {
        None
    };
    // Interactions may have arrived (by sync) before their contact.
    let last_contacted = match known {
        Known::Nothing => None,
        _ => last_contacted(conn, id)?,
    };
    let last_contacted_at = last_contacted.map(Timestamp);
    let values = params![
        id,
        c.name,
        c.company,
        c.status.as_str(),
        c.vip,
        c.industry,
        birthday,
        c.birthday.map(|b| b.month() * 100 + b.day()),
        c.keep_in_touch_days,
        c.created_at.0,
        c.updated_at.0,
        c.deleted_at.map(|t| t.0),
        last_contacted,
        record
    ];
    let pk: i64 = match &old {
        None => {
            conn.prepare_cached(
                "INSERT INTO contacts(id, name, company, status, vip, industry, birthday,
                    birthday_md, keep_in_touch_days, created_at, updated_at, deleted_at,
                    last_contacted_at, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(values)?;
            conn.last_insert_rowid()
        }
        Some((pk, _, _)) => {
            conn.prepare_cached(
                "UPDATE contacts SET name = ?2, company = ?3, status = ?4, vip = ?5, industry = ?6,
                    birthday = ?7, birthday_md = ?8, keep_in_touch_days = ?9, created_at = ?10,
                    updated_at = ?11, deleted_at = ?12, last_contacted_at = ?13, record = ?14
                 WHERE id = ?1",
            )?
            .execute(values)?;
            *pk
        }
    };
    // The lookup rows change only where the lists did: most edits touch none of them.
    let before = match &old {
        None => Lookups::default(),
        Some((_, _, Some(record))) => Lookups::of(record),
        Some((_, _, None)) => {
            // An unreadable old record: clear by contact (a scan, but this should not happen).
            for [clear, _, _] in LOOKUP_TABLES {
                conn.prepare_cached(clear)?.execute([pk])?;
            }
            Lookups::default()
        }
    };
    for ([_, delete, insert], (was, now)) in LOOKUP_TABLES.into_iter().zip(before.pairs(lookups)) {
        if was == now {
            continue;
        }
        let mut delete = conn.prepare_cached(delete)?;
        for gone in was.iter().filter(|v| now.binary_search(v).is_err()) {
            delete.execute(params![gone, pk])?;
        }
        let mut insert = conn.prepare_cached(insert)?;
        for added in now.iter().filter(|v| was.binary_search(v).is_err()) {
            insert.execute(params![added, pk])?;
        }
    }
    // Import keys only ever join a contact's set, so they are never deleted here.
    let mut key = conn.prepare_cached(
        "INSERT OR IGNORE INTO contact_import_keys(key, contact_pk) VALUES (?1, ?2)",
    )?;
    for k in import_keys {
        key.execute(params![k, pk])?;
    }
    // A live contact has a search entry, made from the text its record gives.
    let entry = match &old {
        Some((_, true, Some(before))) => Some(search_text(before)),
        Some((_, true, None)) => {
            return Err(Error::Corrupt(format!(
                "contact {id}: its stored record cannot be read, so its search entry cannot be \
                 replaced; `kith rebuild` rebuilds both"
            )))
        }
        _ => None,
    };
    search.replace(pk, entry, text);
    rows.contact.last_contacted_at = last_contacted_at;
    Ok(())
}

/// When the contact was last contacted: its latest live interaction.
fn last_contacted(conn: &Connection, contact_id: ContactId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT MAX(occurred_at) FROM interactions WHERE contact_id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([contact_id], |r| r.get(0))?)
}

/// Re-derives a contact's last-contacted time after one of its interactions changed.
///
/// Two statements, not an UPDATE with a subquery on the bound id: SQLite re-prepared that one
/// on every run, a sixteenth of a new device's first sync.
pub fn refresh_last_contacted(conn: &Connection, contact_id: ContactId) -> Result<()> {
    let last = last_contacted(conn, contact_id)?;
    conn.prepare_cached(
        "UPDATE contacts SET last_contacted_at = ?2
         WHERE id = ?1 AND last_contacted_at IS NOT ?2",
    )?
    .execute(params![contact_id, last])?;
    Ok(())
}
