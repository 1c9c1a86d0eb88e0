//! Everything a contact's screen shows, read in one call: the contact, its recent interactions,
//! its follow-ups, the history of its changes and the fields two devices disagree on.

use serde::Serialize;

use super::{conflicts, get, Contact, FieldConflict};
use crate::error::Result;
use crate::followups::{self, FollowUp};
use crate::ids::ContactId;
use crate::interactions::{self, Interaction};
use crate::store::{HistoryEntry, Store};

/// The most interactions a contact's screen lists, newest first.
pub const INTERACTION_LIMIT: u32 = 500;

/// Everything the contact screen shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContactDetail {
    /// The contact.
    pub contact: Contact,
    /// Its latest interactions (at most 500), newest first.
    pub interactions: Vec<Interaction>,
    /// Its follow-ups, open and finished.
    pub follow_ups: Vec<FollowUp>,
    /// Every change to the contact, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The fields two devices set concurrently, with each value.
    pub conflicts: Vec<FieldConflict>,
}

/// The screen of contact `id`; a deleted contact is still shown (its screen offers restore).
pub fn detail(store: &Store, id: ContactId) -> Result<ContactDetail> {
    Ok(ContactDetail {
        contact: get(store.conn(), id)?,
        interactions: interactions::for_contact(store.conn(), id, INTERACTION_LIMIT)?,
        follow_ups: followups::for_contact(store.conn(), id)?,
        history: store.history(id)?,
        conflicts: conflicts(store, id)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::{create, update, ContactChanges};
    use crate::interactions::{InteractionChanges, InteractionKind};
    use crate::time::Timestamp;

    #[test]
    fn a_contact_screen_holds_its_records_and_its_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
        let now = Timestamp::parse_rfc3339("2026-01-05T10:00:00Z").unwrap();
        let (ada, other) = store
            .write(|tx| {
                let named = |n: &str| ContactChanges {
                    name: Some(n.into()),
                    ..Default::default()
                };
                let ada = create(tx, named("Ada Lovelace"), now)?.id;
                let other = create(tx, named("Grace Hopper"), now)?.id;
                update(
                    tx,
                    ada,
                    ContactChanges {
                        title: Some("Mathematician".into()),
                        ..Default::default()
                    },
                    now,
                )?;
                for (who, notes) in [(ada, "about the engine"), (other, "about the navy")] {
                    let changes = InteractionChanges {
                        kind: Some(InteractionKind::Call),
                        notes: Some(notes.into()),
                        ..Default::default()
                    };
                    interactions::create(tx, who, changes, now)?;
                }
                followups::create(tx, ada, now, Some("send the notes"), None, now)?;
                Ok((ada, other))
            })
            .unwrap();

        let d = detail(&store, ada).unwrap();
        assert_eq!(d.contact.title.as_deref(), Some("Mathematician"));
        assert_eq!(d.interactions.len(), 1, "only Ada's interactions");
        assert_eq!(d.interactions[0].notes, "about the engine");
        assert_eq!(d.follow_ups.len(), 1);
        assert_eq!(d.history.len(), 2, "created, then edited");
        assert!(d.conflicts.is_empty());
        assert_eq!(detail(&store, other).unwrap().follow_ups.len(), 0);
    }

    #[test]
    fn an_unknown_contact_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
        let e = detail(&store, ContactId::new()).unwrap_err();
        assert_eq!(e.code(), "not_found", "{e}");
    }
}
