//! A live contact's entry in the search index (`contacts_fts`), and how entries are replaced.
//!
//! The index is contentless: it keeps the terms, not the text, so an entry is taken out by
//! giving the text it was made from (FTS5's `'delete'` command), which the contact's stored
//! record gives back (`search_text` of the record is exactly what was indexed). Until
//! migration 0009 the index used `contentless_delete`, which deletes by row id and leaves a
//! tombstone instead; once a tenth of the entries were tombstones FTS5 rewrote the whole index,
//! and two devices converging after 10,000 edits spent a second and a half doing it.
//!
//! So `search_text` must give, for a stored record, exactly the text its entry was made from:
//! a change to what is indexed needs a migration that empties and refills the index (as
//! 0009 does, in `store::open`; about 1.2 s for 100,000 contacts), or old entries would be
//! taken out with the wrong text. The canonical projection lists every indexed term, so the
//! rebuild and replica tests catch an entry that was not.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::model::Contact;
use crate::error::Result;
use crate::phone::digits;

/// An entry's text: name, company, emails, phones and tags.
pub(crate) type Text = [String; 5];

/// What a live contact's search entry holds: name, company, emails, phones and tags.
pub(crate) fn search_text(c: &Contact) -> Text {
    [
        c.name.clone(),
        c.company.clone().unwrap_or_default(),
        emails_text(c),
        phones_text(c),
        c.tags.join(" "),
    ]
}

fn emails_text(c: &Contact) -> String {
    c.emails
        .iter()
        .map(|e| e.value.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each phone as typed, as bare digits and as E.164 digits, so any way of typing it matches.
fn phones_text(c: &Contact) -> String {
    let mut parts = Vec::new();
    for p in &c.phones {
        parts.push(p.value.clone());
        parts.push(digits(&p.value));
        if let Some(e) = &p.e164 {
            parts.push(digits(e));
        }
    }
    parts.join(" ")
}

/// Search entries waiting to be replaced. FTS5 flushes its pending terms to a new segment at
/// every statement that writes to it, so an import of 100,000 contacts inserting one row per
/// statement built 100,000 tiny segments and spent a quarter of its time merging them;
/// gathered, a chunk is one statement (and one segment) of deletions and one of insertions.
#[derive(Default)]
pub struct SearchRows {
    /// Entries in the index to take out, with the text each was made from.
    deletes: Vec<(i64, Text)>,
    /// Entries to put in; a row id of -1 marks one forgotten since.
    rows: Vec<(i64, Text)>,
    /// Where each contact's entry is in `rows`: a contact written twice keeps its latest text.
    at: HashMap<i64, usize>,
}

impl SearchRows {
    /// Replaces contact `pk`'s entry: `old` is the text of the entry the index holds now (none
    /// for a contact that was deleted or new), `new` what it should hold.
    pub(crate) fn replace(&mut self, pk: i64, old: Option<Text>, new: Option<Text>) {
        // A contact written earlier in this batch: the index still holds what it held before
        // the batch, and that entry is already on its way out.
        if !self.at.contains_key(&pk) {
            // Unchanged text (a title, a note): the entry stays as it is.
            if old.is_some() && old == new {
                return;
            }
            if let Some(old) = old {
                self.deletes.push((pk, old));
            }
        }
        match new {
            Some(text) => match self.at.get(&pk) {
                Some(&i) => self.rows[i].1 = text,
                None => {
                    self.at.insert(pk, self.rows.len());
                    self.rows.push((pk, text));
                }
            },
            None => {
                if let Some(i) = self.at.remove(&pk) {
                    self.rows[i] = (-1, Default::default());
                }
            }
        }
    }

    /// Deletes the old entries and inserts the gathered ones, in one statement each, and
    /// forgets them.
    pub fn insert(&mut self, conn: &Connection) -> Result<()> {
        let deletes = std::mem::take(&mut self.deletes);
        write(conn, DELETE, &deletes)?;
        let rows: Vec<(i64, Text)> = std::mem::take(&mut self.rows)
            .into_iter()
            .filter(|(pk, _)| *pk >= 0)
            .collect();
        self.at.clear();
        write(conn, INSERT, &rows)
    }
}

/// How one entry, and many (as JSON), are taken out of the index.
const DELETE: [&str; 2] = [
    "INSERT INTO contacts_fts(contacts_fts, rowid, name, company, emails, phones, tags)
     VALUES ('delete', ?1, ?2, ?3, ?4, ?5, ?6)",
    "INSERT INTO contacts_fts(contacts_fts, rowid, name, company, emails, phones, tags)
     SELECT 'delete', value ->> 0, value ->> '$[1][0]', value ->> '$[1][1]',
            value ->> '$[1][2]', value ->> '$[1][3]', value ->> '$[1][4]'
     FROM json_each(?1)",
];

/// How one entry, and many (as JSON), are put in.
const INSERT: [&str; 2] = [
    "INSERT INTO contacts_fts(rowid, name, company, emails, phones, tags)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "INSERT INTO contacts_fts(rowid, name, company, emails, phones, tags)
     SELECT value ->> 0, value ->> '$[1][0]', value ->> '$[1][1]',
            value ->> '$[1][2]', value ->> '$[1][3]', value ->> '$[1][4]'
     FROM json_each(?1)",
];

/// Runs `sql` (the one-entry and many-entries forms of [`DELETE`] or [`INSERT`]) for `rows`.
fn write(conn: &Connection, [one, many]: [&str; 2], rows: &[(i64, Text)]) -> Result<()> {
    match rows {
        [] => {}
        // One contact (an ordinary edit): no JSON round trip.
        [(pk, [name, company, emails, phones, tags])] => {
            conn.prepare_cached(one)?
                .execute(params![pk, name, company, emails, phones, tags])?;
        }
        rows => {
            let json = serde_json::to_string(rows).expect("search rows serialise");
            conn.prepare_cached(many)?.execute([json])?;
        }
    }
    Ok(())
}

impl crate::store::kind::Deferred for SearchRows {
    fn flush(&mut self, conn: &Connection) -> Result<()> {
        self.insert(conn)
    }
}

/// Fills the (empty) index with every live contact's entry, from the stored records.
pub(crate) fn fill(conn: &Connection) -> Result<()> {
    let mut rows = SearchRows::default();
    let mut stmt = conn.prepare("SELECT pk, record FROM contacts WHERE deleted_at IS NULL")?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let pk: i64 = r.get(0)?;
        let record: String = r.get(1)?;
        // A record this version cannot read has no entry (and `kith rebuild` remakes both).
        if let Ok(c) = serde_json::from_str::<Contact>(&record) {
            rows.replace(pk, None, Some(search_text(&c)));
        }
        if rows.rows.len() >= 10_000 {
            rows.insert(conn)?;
        }
    }
    rows.insert(conn)
}
