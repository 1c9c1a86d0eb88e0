//! The contact's rows in the projection: `contacts`, its emails, phones and tags, and its
//! search entry. Written the same way by local writes, remote changes and rebuilds.

use rusqlite::{params, Connection, OptionalExtension};

use super::model::Contact;
use crate::error::Result;
use crate::phone::digits;

/// Search-index rows waiting to be inserted. FTS5 flushes its pending terms to a new segment
/// at every statement that writes to it, so an import of 100,000 contacts inserting one row
/// per statement built 100,000 tiny segments and spent a quarter of its time merging them;
/// gathered, a chunk is one statement and one segment.
#[derive(Default)]
pub struct SearchRows {
    /// Contacts whose old row must go first.
    deletes: Vec<i64>,
    rows: Vec<(i64, [String; 5])>,
    /// Where each contact's row is in `rows`: a contact written twice keeps its latest text.
    at: std::collections::HashMap<i64, usize>,
}

impl SearchRows {
    fn set(&mut self, pk: i64, text: [String; 5]) {
        match self.at.get(&pk) {
            Some(&i) => self.rows[i].1 = text,
            None => {
                self.at.insert(pk, self.rows.len());
                self.rows.push((pk, text));
            }
        }
    }

    /// A contact deleted since its row was gathered has no row.
    fn forget(&mut self, pk: i64) {
        if let Some(i) = self.at.remove(&pk) {
            self.rows[i].1 = Default::default();
            self.rows[i].0 = -1;
        }
    }

    /// Deletes the old rows and inserts and forgets the gathered ones, in one statement each.
    pub fn insert(&mut self, conn: &Connection) -> Result<()> {
        match self.deletes.as_slice() {
            [] => {}
            [pk] => {
                conn.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?
                    .execute([pk])?;
            }
            many => {
                let list = serde_json::to_string(many).expect("row ids serialise");
                conn.prepare_cached(
                    "DELETE FROM contacts_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
                )?
                .execute([list])?;
            }
        }
        self.deletes.clear();
        self.rows.retain(|(pk, _)| *pk >= 0);
        if let [(pk, [name, company, emails, phones, tags])] = self.rows.as_slice() {
            // One contact (an ordinary edit): no JSON round trip.
            conn.prepare_cached(
                "INSERT INTO contacts_fts(rowid, name, company, emails, phones, tags)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![pk, name, company, emails, phones, tags])?;
            self.rows.clear();
            self.at.clear();
            return Ok(());
        }
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = serde_json::to_string(&self.rows).expect("search rows serialise");
        conn.prepare_cached(
            "INSERT INTO contacts_fts(rowid, name, company, emails, phones, tags)
             SELECT value ->> 0, value ->> '$[1][0]', value ->> '$[1][1]', value ->> '$[1][2]',
                    value ->> '$[1][3]', value ->> '$[1][4]'
             FROM json_each(?1)",
        )?
        .execute([rows])?;
        self.rows.clear();
        self.at.clear();
        Ok(())
    }
}

/// Writes a contact's rows, its search row joining `search` (inserted by the caller, see
/// [`SearchRows`]). `new` promises the contact has no rows yet (an import creating it), which
/// spares clearing rows that cannot exist.
pub fn write_rows(
    conn: &Connection,
    c: &Contact,
    import_keys: &[String],
    new: bool,
    search: &mut SearchRows,
) -> Result<()> {
    let mut record = c.clone();
    record.last_contacted_at = None;
    let json = serde_json::to_string(&record).expect("contacts serialise");
    let id = c.id.to_string();
    let birthday = c.birthday.map(|b| b.to_string());
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
        json
    ];
    // The row as it was, unless `new` promises there is none: its pk, whether it was live
    // (only a live contact has a search entry) and its record, to compare the search text.
    let old: Option<(i64, bool, Option<Contact>)> = if new {
        None
    } else {
        conn.prepare_cached("SELECT pk, deleted_at IS NULL, record FROM contacts WHERE id = ?1")?
            .query_row([&id], |r| {
                let record: String = r.get(2)?;
                Ok((r.get(0)?, r.get(1)?, serde_json::from_str(&record).ok()))
            })
            .optional()?
    };
    let pk: i64 = match &old {
        None => {
            conn.prepare_cached(
                "INSERT INTO contacts(id, name, company, status, vip, industry, birthday,
                    birthday_md, keep_in_touch_days, created_at, updated_at, deleted_at,
                    last_contacted_at, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL, ?13)",
            )?
            .execute(values)?;
            conn.last_insert_rowid()
        }
        Some((pk, _, _)) => {
            conn.prepare_cached(
                "UPDATE contacts SET name = ?2, company = ?3, status = ?4, vip = ?5, industry = ?6,
                    birthday = ?7, birthday_md = ?8, keep_in_touch_days = ?9, created_at = ?10,
                    updated_at = ?11, deleted_at = ?12, record = ?13
                 WHERE id = ?1",
            )?
            .execute(values)?;
            *pk
        }
    };
    if !new {
        // Interactions may have arrived (by sync) before their contact: derive the time from
        // them. (Kept out of the INSERT, where a subquery on a bound id made SQLite re-prepare
        // the statement on every row.)
        refresh_last_contacted(conn, &id)?;
    }
    if old.is_some() {
        for sql in [
            "DELETE FROM contact_emails WHERE contact_pk = ?1",
            "DELETE FROM contact_phones WHERE contact_pk = ?1",
            "DELETE FROM contact_tags WHERE contact_pk = ?1",
            "DELETE FROM contact_import_keys WHERE contact_pk = ?1",
        ] {
            conn.prepare_cached(sql)?.execute([pk])?;
        }
    }
    let mut key =
        conn.prepare_cached("INSERT INTO contact_import_keys(contact_pk, key) VALUES (?1, ?2)")?;
    for k in import_keys {
        key.execute(params![pk, k])?;
    }
    let mut email = conn.prepare_cached(
        "INSERT INTO contact_emails(contact_pk, position, label, email, email_key) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, e) in c.emails.iter().enumerate() {
        email.execute(params![
            pk,
            i as i64,
            e.label,
            e.value,
            e.value.to_lowercase()
        ])?;
    }
    let mut phone = conn.prepare_cached(
        "INSERT INTO contact_phones(contact_pk, position, label, phone, e164) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, p) in c.phones.iter().enumerate() {
        phone.execute(params![pk, i as i64, p.label, p.value, p.e164])?;
    }
    let mut tag =
        conn.prepare_cached("INSERT INTO contact_tags(contact_pk, tag) VALUES (?1, ?2)")?;
    for t in &c.tags {
        tag.execute(params![pk, t])?;
    }
    // The search entry is rewritten only when its text changes: in a contentless FTS5 table
    // every delete leaves a tombstone that later merges and searches must check, and two
    // devices converging spent half their time in those checks, mostly for edits (a title,
    // a note) that touch no searched field.
    let had_entry = matches!(old, Some((_, true, _)));
    let text = c.deleted_at.is_none().then(|| search_text(c));
    let unchanged = match &old {
        Some((_, true, Some(before))) => text.is_some() && text == Some(search_text(before)),
        _ => false,
    };
    if !unchanged {
        if had_entry {
            search.deletes.push(pk);
        }
        match text {
            Some(text) => search.set(pk, text),
            None => search.forget(pk),
        }
    }
    Ok(())
}

/// What a live contact's search entry holds: name, company, emails, phones and tags.
fn search_text(c: &Contact) -> [String; 5] {
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

/// Re-derives a contact's last-contacted time after one of its interactions changed.
///
/// Two statements, not an UPDATE with a subquery on the bound id: SQLite re-prepared that one
/// on every run, a sixteenth of a new device's first sync.
pub fn refresh_last_contacted(conn: &Connection, contact_id: &str) -> Result<()> {
    let last: Option<i64> = conn
        .prepare_cached(
            "SELECT MAX(occurred_at) FROM interactions WHERE contact_id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([contact_id], |r| r.get(0))?;
    conn.prepare_cached(
        "UPDATE contacts SET last_contacted_at = ?2
         WHERE id = ?1 AND last_contacted_at IS NOT ?2",
    )?
    .execute(params![contact_id, last])?;
    Ok(())
}
