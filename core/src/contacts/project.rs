//! The contact's rows in the projection: `contacts`, its emails, phones and tags, and its
//! search entry. Written the same way by local writes, remote changes and rebuilds.

use rusqlite::{params, Connection};

use super::model::Contact;
use crate::error::Result;
use crate::phone::digits;

pub fn write(conn: &Connection, c: &Contact, import_keys: &[String]) -> Result<()> {
    write_rows(conn, c, import_keys, false)
}

/// Like [`write`]; `new` promises the contact has no rows yet (an import creating it), which
/// spares clearing rows that cannot exist.
pub fn write_rows(conn: &Connection, c: &Contact, import_keys: &[String], new: bool) -> Result<()> {
    let mut record = c.clone();
    record.last_contacted_at = None;
    let json = serde_json::to_string(&record).expect("contacts serialise");
    let pk: i64 = conn
        .prepare_cached(
            "INSERT INTO contacts(id, name, company, status, vip, industry, birthday, birthday_md,
                keep_in_touch_days, created_at, updated_at, deleted_at, last_contacted_at, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL, ?13)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, company = excluded.company,
                status = excluded.status, vip = excluded.vip, industry = excluded.industry,
                birthday = excluded.birthday, birthday_md = excluded.birthday_md,
                keep_in_touch_days = excluded.keep_in_touch_days, created_at = excluded.created_at,
                updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
                record = excluded.record
             RETURNING pk",
        )?
        .query_row(
            params![
                c.id.to_string(),
                c.name,
                c.company,
                c.status.as_str(),
                c.vip,
                c.industry,
                c.birthday.map(|b| b.to_string()),
                c.birthday.map(|b| b.month() * 100 + b.day()),
                c.keep_in_touch_days,
                c.created_at.0,
                c.updated_at.0,
                c.deleted_at.map(|t| t.0),
                json
            ],
            |r| r.get(0),
        )?;
    if !new {
        // Interactions may have arrived (by sync) before their contact: derive the time from
        // them. (Kept out of the INSERT, where a subquery on a bound id made SQLite re-prepare
        // the statement on every row.)
        refresh_last_contacted(conn, &c.id.to_string())?;
        conn.prepare_cached("DELETE FROM contact_emails WHERE contact_pk = ?1")?
            .execute([pk])?;
        conn.prepare_cached("DELETE FROM contact_phones WHERE contact_pk = ?1")?
            .execute([pk])?;
        conn.prepare_cached("DELETE FROM contact_tags WHERE contact_pk = ?1")?
            .execute([pk])?;
        conn.prepare_cached("DELETE FROM contact_import_keys WHERE contact_pk = ?1")?
            .execute([pk])?;
        conn.prepare_cached("DELETE FROM contacts_fts WHERE rowid = ?1")?
            .execute([pk])?;
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
    if c.deleted_at.is_none() {
        conn.prepare_cached(
            "INSERT INTO contacts_fts(rowid, name, company, emails, phones, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![pk, c.name, c.company, emails_text(c), phones_text(c), c.tags.join(" ")])?;
    }
    Ok(())
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
pub fn refresh_last_contacted(conn: &Connection, contact_id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contacts SET last_contacted_at =
            (SELECT MAX(occurred_at) FROM interactions WHERE contact_id = ?1 AND deleted_at IS NULL)
         WHERE id = ?1",
    )?
    .execute([contact_id])?;
    Ok(())
}
