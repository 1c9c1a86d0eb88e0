//! Placing the people of an import: each goes to an existing contact (matched by the
//! fingerprint of its row, its Kith id, its email or its phone, never a name alone) or to a
//! new one. The database is asked once per chunk; what this import has placed is remembered.

use std::collections::HashMap;

use crate::contacts::CustomField;
use crate::error::Result;
use crate::ids::ContactId;
use crate::import::model::Draft;
use rusqlite::Connection;

pub(super) enum Plan {
    Create,
    Merge,
    Unchanged,
}

/// A person placed as a contact of their own although an earlier row of the same file has
/// their email or phone under another name (six colleagues sharing an office address in a
/// LinkedIn export): never merged silently, listed so the user can merge the ones that are one
/// person.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PossibleDuplicate {
    /// The row of this person.
    pub row: usize,
    /// Their name as the row gives it.
    pub name: String,
    /// The contact they became.
    pub contact: ContactId,
    /// The earlier row they share an email or phone with.
    pub other_row: usize,
    /// The name on that row.
    pub other_name: String,
    /// The contact that row went to.
    pub other_contact: ContactId,
    /// The email or phone number the two rows share.
    pub shared: String,
}

/// One person of the file, and where they go.
pub(super) struct Action {
    pub target: ContactId,
    pub plan: Plan,
    pub draft: Draft,
    pub key: String,
}

/// Where each person of a chunk goes, and the lookups that decided it.
#[derive(Default)]
pub(super) struct Planner {
    by_key: HashMap<String, ContactId>,
    by_email: HashMap<String, ContactId>,
    by_phone: HashMap<String, ContactId>,
    /// Contacts that exist (in the database, or created by this import), by id.
    existing: HashMap<String, ContactId>,
    /// Each email (lower-case) and E.164 phone an earlier row of this file had, and the
    /// contact that row went to. One id per value: a 100,000-row file costs little more.
    seen: HashMap<String, ContactId>,
    /// The first row of this file placed on each contact.
    first_rows: HashMap<ContactId, FirstRow>,
    /// The contacts made for people of another name on a shared email or phone, by that value
    /// and the name's [`name_key`]: their later rows merge there.
    split: HashMap<(String, String), ContactId>,
}

/// The first row of the file placed on a contact.
struct FirstRow {
    row: usize,
    /// Its name as [`name_key`] compares it, and as written.
    key: String,
    name: String,
}

/// A name as rows are compared by: case, spacing and punctuation ignored; empty when the row
/// has no name of its own (the import names such a person by their email or phone).
fn name_key(d: &Draft) -> String {
    let name = d.name.as_deref().unwrap_or("").trim();
    let borrowed = d.emails.iter().any(|e| e.value.trim() == name)
        || d.phones.iter().any(|p| p.value.trim() == name);
    if borrowed {
        return String::new();
    }
    name.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The emails (lower-case) and E.164 phones a person can be matched by, each with the value
/// as the row wrote it.
fn handles(d: &Draft) -> impl Iterator<Item = (String, &str)> + '_ {
    let emails = d
        .emails
        .iter()
        .map(|e| (e.value.trim().to_lowercase(), e.value.trim()));
    let phones = d
        .phones
        .iter()
        .filter_map(|p| Some((p.e164.clone()?, p.value.as_str())));
    emails.chain(phones)
}

impl Planner {
    /// Loads, in one query per kind, what the database knows of the chunk's fingerprints,
    /// emails, phones and ids, so placing each person needs no query of its own.
    pub(super) fn prefetch(
        &mut self,
        conn: &Connection,
        people: &[&(Draft, String)],
    ) -> Result<()> {
        let keys: Vec<&str> = people.iter().map(|(_, k)| k.as_str()).collect();
        let emails: Vec<String> = people
            .iter()
            .flat_map(|(d, _)| d.emails.iter().map(|e| e.value.trim().to_lowercase()))
            .collect();
        let phones: Vec<&str> = people
            .iter()
            .flat_map(|(d, _)| d.phones.iter().filter_map(|p| p.e164.as_deref()))
            .collect();
        let ids: Vec<String> = people
            .iter()
            .filter_map(|(d, _)| d.id.map(|i| i.to_string()))
            .collect();
        let queries: [(&str, String, &mut HashMap<String, ContactId>); 4] = [
            (
                "SELECT k.key, c.id FROM contact_import_keys k JOIN contacts c ON c.pk = k.contact_pk
                 WHERE k.key IN (SELECT value FROM json_each(?1))",
                serde_json::to_string(&keys).unwrap_or_default(),
                &mut self.by_key,
            ),
            (
                "SELECT e.email_key, c.id FROM contact_emails e JOIN contacts c ON c.pk = e.contact_pk
                 WHERE e.email_key IN (SELECT value FROM json_each(?1)) AND c.deleted_at IS NULL",
                serde_json::to_string(&emails).unwrap_or_default(),
                &mut self.by_email,
            ),
            (
                "SELECT p.e164, c.id FROM contact_phones p JOIN contacts c ON c.pk = p.contact_pk
                 WHERE p.e164 IN (SELECT value FROM json_each(?1)) AND c.deleted_at IS NULL",
                serde_json::to_string(&phones).unwrap_or_default(),
                &mut self.by_phone,
            ),
            (
                "SELECT id, id FROM contacts WHERE id IN (SELECT value FROM json_each(?1))",
                serde_json::to_string(&ids).unwrap_or_default(),
                &mut self.existing,
            ),
        ];
        for (sql, list, map) in queries {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map([list], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, ContactId>(1)?))
            })?;
            for row in rows {
                let (k, id) = row?;
                // What this import already placed wins over what the database held before it.
                map.entry(k).or_insert(id);
            }
        }
        Ok(())
    }

    /// Where a person goes: a row seen before is unchanged; otherwise the contact with the same
    /// id (Kith's own exports), email or phone takes the merge, except that a row whose email or
    /// phone an earlier row of this file had under a different name is a person of their own
    /// (and a [`PossibleDuplicate`]); otherwise a new contact.
    pub(super) fn locate(
        &mut self,
        d: &Draft,
        key: &str,
        row: usize,
        duplicates: &mut Vec<PossibleDuplicate>,
    ) -> (ContactId, Plan) {
        if let Some(id) = self.by_key.get(key) {
            return (*id, Plan::Unchanged);
        }
        // Kith's own exports name each person by id: that, not a shared office email or home
        // phone, says who they are.
        if let Some(id) = d.id {
            if self.existing.contains_key(&id.to_string()) {
                return (id, Plan::Merge);
            }
            self.existing.insert(id.to_string(), id);
            return (id, Plan::Create);
        }
        let by_email = d
            .emails
            .iter()
            .find_map(|e| self.by_email.get(&e.value.trim().to_lowercase()));
        let by_phone = || {
            d.phones
                .iter()
                .filter_map(|p| p.e164.as_deref())
                .find_map(|e| self.by_phone.get(e))
        };
        let Some(id) = by_email.or_else(by_phone).copied() else {
            let id = ContactId::default();
            self.existing.insert(id.to_string(), id);
            return (id, Plan::Create);
        };
        // An email or phone an earlier row of this file had under another name: not the same
        // person unless a row with this name already took it.
        let name = name_key(d);
        let clash = handles(d).find_map(|(h, written)| {
            let contact = *self.seen.get(&h)?;
            let first = self.first_rows.get(&contact)?;
            (!name.is_empty() && !first.key.is_empty() && first.key != name)
                .then_some((contact, first, written))
        });
        let Some((other_contact, first, shared)) = clash else {
            return (id, Plan::Merge);
        };
        let same = handles(d).find_map(|(h, _)| self.split.get(&(h, name.clone())).copied());
        if let Some(same) = same {
            return (same, Plan::Merge);
        }
        let new = ContactId::default();
        duplicates.push(PossibleDuplicate {
            row,
            name: d.name.clone().unwrap_or_default(),
            contact: new,
            other_row: first.row,
            other_name: first.name.clone(),
            other_contact,
            shared: shared.to_string(),
        });
        for (h, _) in handles(d) {
            self.split.insert((h, name.clone()), new);
        }
        self.existing.insert(new.to_string(), new);
        (new, Plan::Create)
    }

    pub(super) fn remember(&mut self, d: &Draft, key: &str, id: ContactId, row: usize) {
        for (h, _) in handles(d) {
            self.seen.entry(h).or_insert(id);
        }
        self.first_rows.entry(id).or_insert_with(|| FirstRow {
            row,
            key: name_key(d),
            name: d.name.clone().unwrap_or_default(),
        });
        self.by_key.insert(key.to_string(), id);
        for e in &d.emails {
            self.by_email
                .entry(e.value.trim().to_lowercase())
                .or_insert(id);
        }
        for e164 in d.phones.iter().filter_map(|p| p.e164.clone()) {
            self.by_phone.entry(e164).or_insert(id);
        }
    }
}

/// Names each co-owner on the others, as a custom field.
pub(super) fn link(actions: &mut [Action]) {
    let names: Vec<(String, ContactId)> = actions
        .iter()
        .map(|a| (a.draft.name.clone().unwrap_or_default(), a.target))
        .collect();
    for (i, a) in actions.iter_mut().enumerate() {
        for (j, (name, id)) in names.iter().enumerate() {
            if i != j {
                a.draft.custom_fields.push(CustomField {
                    key: "co-owner".into(),
                    value: format!("{name} ({id})"),
                });
            }
        }
    }
}
