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
    /// id (Kith's own exports), email or phone takes the merge; otherwise a new contact.
    pub(super) fn locate(&mut self, d: &Draft, key: &str) -> (ContactId, Plan) {
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
        if let Some(id) = by_email.or_else(by_phone) {
            return (*id, Plan::Merge);
        }
        let id = d.id.unwrap_or_default();
        self.existing.insert(id.to_string(), id);
        (id, Plan::Create)
    }

    pub(super) fn remember(&mut self, d: &Draft, key: &str, id: ContactId) {
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
