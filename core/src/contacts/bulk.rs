//! The same edit, deletion or restore applied to several contacts at once: all of them in one
//! transaction, so a bad id or a refused change leaves every contact as it was.

use serde::Deserialize;

use super::{delete, restore, update, Contact, ContactChanges};
use crate::error::Result;
use crate::ids::ContactId;
use crate::store::{Store, Tx};
use crate::time::Timestamp;

/// The same edit (a tag added, a status set) to several contacts.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct BulkEdit {
    /// The contacts to change.
    pub ids: Vec<ContactId>,
    /// The edit each of them gets.
    pub changes: ContactChanges,
}

/// Applies `edit.changes` to every contact of `edit.ids`; returns how many.
pub fn edit(store: &mut Store, edit: BulkEdit, now: Timestamp) -> Result<u32> {
    for_each(store, &edit.ids, now, |tx, id, now| {
        update(tx, id, edit.changes.clone(), now)
    })
}

/// Soft-deletes every contact of `ids`; returns how many.
pub fn delete_all(store: &mut Store, ids: &[ContactId], now: Timestamp) -> Result<u32> {
    for_each(store, ids, now, delete)
}

/// Brings back every contact of `ids`; returns how many.
pub fn restore_all(store: &mut Store, ids: &[ContactId], now: Timestamp) -> Result<u32> {
    for_each(store, ids, now, restore)
}

/// Applies `op` to every contact of `ids` in one transaction.
fn for_each(
    store: &mut Store,
    ids: &[ContactId],
    now: Timestamp,
    mut op: impl FnMut(&mut Tx<'_>, ContactId, Timestamp) -> Result<Contact>,
) -> Result<u32> {
    store.write(|tx| {
        for id in ids {
            op(tx, *id, now)?;
        }
        Ok(ids.len() as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::{create, get, ContactStatus};

    fn store_with(names: &[&str]) -> (tempfile::TempDir, Store, Vec<ContactId>, Timestamp) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
        let now = Timestamp::parse_rfc3339("2026-01-05T10:00:00Z").unwrap();
        let ids = store
            .write(|tx| {
                names
                    .iter()
                    .map(|n| {
                        let changes = ContactChanges {
                            name: Some(n.to_string()),
                            ..Default::default()
                        };
                        create(tx, changes, now).map(|c| c.id)
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .unwrap();
        (dir, store, ids, now)
    }

    fn archive() -> ContactChanges {
        ContactChanges {
            status: Some(ContactStatus::Archived),
            add_tags: vec!["old".into()],
            ..Default::default()
        }
    }

    #[test]
    fn an_edit_reaches_every_contact_named() {
        let (_d, mut s, ids, now) = store_with(&["Ada", "Grace", "Alan"]);
        let n = edit(
            &mut s,
            BulkEdit {
                ids: ids[..2].to_vec(),
                changes: archive(),
            },
            now,
        )
        .unwrap();
        assert_eq!(n, 2);
        for (id, archived) in ids.iter().zip([true, true, false]) {
            let c = get(s.conn(), *id).unwrap();
            assert_eq!(c.status == ContactStatus::Archived, archived, "{}", c.name);
            assert_eq!(c.tags == ["old"], archived, "{}", c.name);
        }
    }

    #[test]
    fn one_unknown_id_leaves_every_contact_as_it_was() {
        let (_d, mut s, ids, now) = store_with(&["Ada", "Grace"]);
        let before = s.outbox_len().unwrap();
        let named = vec![ids[0], ContactId::new(), ids[1]];
        let e = edit(
            &mut s,
            BulkEdit {
                ids: named.clone(),
                changes: archive(),
            },
            now,
        )
        .unwrap_err();
        assert_eq!(e.code(), "not_found", "{e}");
        assert!(delete_all(&mut s, &named, now).is_err());
        for id in &ids {
            let c = get(s.conn(), *id).unwrap();
            assert_eq!(c.status, ContactStatus::Active);
            assert!(c.tags.is_empty() && c.deleted_at.is_none());
        }
        assert_eq!(s.outbox_len().unwrap(), before, "no change was recorded");
    }

    #[test]
    fn deleted_contacts_come_back_on_restore() {
        let (_d, mut s, ids, now) = store_with(&["Ada", "Grace"]);
        assert_eq!(delete_all(&mut s, &ids, now).unwrap(), 2);
        assert!(ids
            .iter()
            .all(|id| get(s.conn(), *id).unwrap().deleted_at.is_some()));
        assert_eq!(restore_all(&mut s, &ids, now).unwrap(), 2);
        assert!(ids
            .iter()
            .all(|id| get(s.conn(), *id).unwrap().deleted_at.is_none()));
    }
}
