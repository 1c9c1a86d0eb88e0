//! Replicas and the edits made on them, shared by the sync property tests: each replica is its
//! own SQLite file opened with `Store::open` (so its own Automerge actor), a generator of random
//! user edits (`op()`), `run_op` to make one on one replica, the words every text edit inserts
//! (so a merge can be checked for lost edits), and `assert_converged` for the end state.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kith_core::birthday::Birthday;
use kith_core::contacts::{self, ContactChanges, ContactStatus, Email, Phone};
use kith_core::followups;
use kith_core::ids::{ContactId, FollowUpId, InteractionId};
use kith_core::interactions::{self, InteractionChanges, InteractionKind};
use kith_core::store::{RemoteChange, Store};
use kith_core::time::Timestamp;
use proptest::prelude::*;

pub const T0: i64 = 1_800_000_000_000;
pub const HOUR_MS: i64 = 3_600_000;
pub const TZ: chrono_tz::Tz = chrono_tz::Europe::Berlin;

pub fn open(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(format!("{name}.db")), "US").unwrap()
}

pub fn remote(store: &Store, after: i64) -> Vec<(i64, RemoteChange)> {
    store
        .changes_after(after, 10_000)
        .unwrap()
        .into_iter()
        .map(|c| (c.seq, RemoteChange::from(c)))
        .collect()
}

pub fn one_query(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn hashes(store: &Store) -> BTreeSet<String> {
    let mut stmt = store.conn().prepare("SELECT hash FROM changes").unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// Every replica shows the same projection, has nothing pending, and rebuilding it from the log
/// on each replica reproduces it exactly.
pub fn assert_converged(stores: &mut [Store]) {
    let first_hashes = hashes(&stores[0]);
    let first = stores[0].projection_dump().unwrap();
    for (i, s) in stores.iter().enumerate() {
        assert_eq!(
            one_query(s, "SELECT COUNT(*) FROM changes WHERE applied = 0"),
            0,
            "replica {i} has pending changes"
        );
        assert_eq!(
            hashes(s),
            first_hashes,
            "replica {i} holds a different set of changes"
        );
        let dump = s.projection_dump().unwrap();
        if dump != first {
            let only_here: Vec<_> = dump.iter().filter(|l| !first.contains(l)).collect();
            let only_there: Vec<_> = first.iter().filter(|l| !dump.contains(l)).collect();
            panic!("replica {i} differs from replica 0:\n  only on {i}: {only_here:#?}\n  only on 0: {only_there:#?}");
        }
    }
    for (i, s) in stores.iter_mut().enumerate() {
        let before = s.projection_dump().unwrap();
        let report = s.rebuild().unwrap();
        assert!(
            report.matched,
            "replica {i}: rebuild did not match the live projection"
        );
        assert_eq!(
            s.projection_dump().unwrap(),
            before,
            "replica {i}: rebuild changed the projection"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Random edits.

#[derive(Clone, Debug)]
pub enum ContactEdit {
    Name(u8),
    Company(Option<u8>),
    Vip(bool),
    Status(u8),
    KeepInTouch(Option<u8>),
    AddTag(u8),
    RemoveTag(u8),
    /// Appends (or prepends) a unique word to one of the background texts.
    Background {
        field: u8,
        prepend: bool,
    },
    /// Replaces the whole list (a list merges as one value).
    Emails(u8),
    Phones(u8),
    Tags(u8),
    Birthday(Option<u8>),
}

#[derive(Clone, Debug)]
pub enum Op {
    CreateContact,
    EditContact {
        target: usize,
        edit: ContactEdit,
    },
    DeleteContact {
        target: usize,
    },
    RestoreContact {
        target: usize,
    },
    LogInteraction {
        target: usize,
        kind: u8,
        hours_ago: u8,
    },
    /// Appends (or prepends) a unique word to an interaction's notes.
    EditNotes {
        target: usize,
        prepend: bool,
    },
    /// Rewrites the middle of the notes, deleting text (so concurrent words may go with it).
    RewriteNotes {
        target: usize,
    },
    EditInteraction {
        target: usize,
        kind: u8,
        hours_ago: u8,
    },
    DeleteInteraction {
        target: usize,
    },
    RestoreInteraction {
        target: usize,
    },
    CreateFollowUp {
        target: usize,
        due_in_hours: i16,
        every: Option<u8>,
    },
    CompleteFollowUp {
        target: usize,
    },
    SnoozeFollowUp {
        target: usize,
        hours: u8,
    },
    DismissFollowUp {
        target: usize,
    },
    DeleteFollowUp {
        target: usize,
    },
    RestoreFollowUp {
        target: usize,
    },
}

pub const TAGS: [&str; 4] = ["client", "friend", "investor", "press"];

pub fn contact_edit() -> impl Strategy<Value = ContactEdit> {
    prop_oneof![
        1 => (0u8..4).prop_map(ContactEdit::Name),
        1 => proptest::option::of(0u8..3).prop_map(ContactEdit::Company),
        1 => any::<bool>().prop_map(ContactEdit::Vip),
        1 => (0u8..3).prop_map(ContactEdit::Status),
        1 => proptest::option::of(0u8..3).prop_map(ContactEdit::KeepInTouch),
        1 => (0u8..4).prop_map(ContactEdit::AddTag),
        1 => (0u8..4).prop_map(ContactEdit::RemoveTag),
        2 => ((0u8..5), any::<bool>()).prop_map(|(field, prepend)| ContactEdit::Background { field, prepend }),
        1 => (0u8..3).prop_map(ContactEdit::Emails),
        1 => (0u8..3).prop_map(ContactEdit::Phones),
        1 => (0u8..4).prop_map(ContactEdit::Tags),
        1 => proptest::option::of(0u8..3).prop_map(ContactEdit::Birthday),
    ]
}

pub fn op() -> impl Strategy<Value = Op> {
    let t = 0usize..8;
    prop_oneof![
        2 => Just(Op::CreateContact),
        6 => (t.clone(), contact_edit()).prop_map(|(target, edit)| Op::EditContact { target, edit }),
        1 => t.clone().prop_map(|target| Op::DeleteContact { target }),
        1 => t.clone().prop_map(|target| Op::RestoreContact { target }),
        2 => (t.clone(), 0u8..6, 0u8..48).prop_map(|(target, kind, hours_ago)| Op::LogInteraction { target, kind, hours_ago }),
        4 => (t.clone(), any::<bool>()).prop_map(|(target, prepend)| Op::EditNotes { target, prepend }),
        1 => t.clone().prop_map(|target| Op::RewriteNotes { target }),
        1 => (t.clone(), 0u8..6, 0u8..48)
            .prop_map(|(target, kind, hours_ago)| Op::EditInteraction { target, kind, hours_ago }),
        1 => t.clone().prop_map(|target| Op::DeleteInteraction { target }),
        1 => t.clone().prop_map(|target| Op::RestoreInteraction { target }),
        2 => (t.clone(), -48i16..240, proptest::option::of(1u8..8))
            .prop_map(|(target, due_in_hours, every)| Op::CreateFollowUp { target, due_in_hours, every }),
        2 => t.clone().prop_map(|target| Op::CompleteFollowUp { target }),
        1 => (t.clone(), 1u8..72).prop_map(|(target, hours)| Op::SnoozeFollowUp { target, hours }),
        1 => t.clone().prop_map(|target| Op::DismissFollowUp { target }),
        1 => t.clone().prop_map(|target| Op::DeleteFollowUp { target }),
        1 => t.prop_map(|target| Op::RestoreFollowUp { target }),
    ]
}

/// The words inserted into each text, which must all be there after the merge: appends and
/// prepends never delete text, so every insertion, concurrent or not, survives.
#[derive(Default)]
pub struct Words {
    /// (interaction id) -> words.
    notes: BTreeMap<InteractionId, Vec<String>>,
    /// (contact id, background field) -> words.
    background: BTreeMap<(ContactId, &'static str), Vec<String>>,
    /// Notes some replica rewrote, deleting text: they only have to converge.
    rewritten: BTreeSet<InteractionId>,
    next: u32,
}

impl Words {
    fn fresh(&mut self, replica: usize) -> String {
        self.next += 1;
        format!("<r{replica}w{}>", self.next)
    }
}

/// Ids this replica's projection holds, in an order every replica agrees on.
pub fn ids_of(store: &Store, table: &str) -> Vec<uuid::Uuid> {
    let mut stmt = store
        .conn()
        .prepare(&format!("SELECT id FROM {table} ORDER BY created_at, id"))
        .unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|id| uuid::Uuid::parse_str(&id.unwrap()).unwrap())
        .collect()
}

pub fn nth(store: &Store, table: &str, target: usize) -> Option<uuid::Uuid> {
    let all = ids_of(store, table);
    (!all.is_empty()).then(|| all[target % all.len()])
}

pub fn with_word(current: &str, word: &str, prepend: bool) -> String {
    if prepend {
        format!("{word} {current}")
    } else {
        format!("{current} {word}")
    }
}

/// Runs one op on one replica. Refusals that a user could meet too (restoring what is not
/// deleted, completing what is done, logging on a deleted contact) are fine; anything else fails.
pub fn run_op(store: &mut Store, replica: usize, op: &Op, now: Timestamp, words: &mut Words) {
    let result: kith_core::Result<()> = match op {
        Op::CreateContact => store
            .write(|tx| {
                let changes = ContactChanges {
                    name: Some(format!("Person {replica}-{}", now.0 % 100_000)),
                    tags: Some(vec![TAGS[replica % TAGS.len()].into()]),
                    ..Default::default()
                };
                contacts::create(tx, changes, now)
            })
            .map(drop),
        Op::EditContact { target, edit } => {
            let Some(id) = nth(store, "contacts", *target).map(ContactId) else {
                return;
            };
            let mut changes = ContactChanges::default();
            match edit {
                ContactEdit::Name(n) => {
                    changes.name = Some(["Ada", "Grace", "Edsger", "Barbara"][*n as usize].into())
                }
                ContactEdit::Company(c) => {
                    changes.company = Some(
                        c.map(|c| ["Acme", "Initech", "Hooli"][c as usize])
                            .unwrap_or("")
                            .into(),
                    )
                }
                ContactEdit::Vip(v) => changes.vip = Some(*v),
                ContactEdit::Status(s) => {
                    changes.status = Some(
                        [
                            ContactStatus::Active,
                            ContactStatus::Inactive,
                            ContactStatus::Archived,
                        ][*s as usize],
                    )
                }
                ContactEdit::KeepInTouch(d) => {
                    changes.keep_in_touch_days = Some(d.map(|d| [7, 30, 90][d as usize]))
                }
                ContactEdit::AddTag(t) => changes.add_tags = vec![TAGS[*t as usize].into()],
                ContactEdit::RemoveTag(t) => changes.remove_tags = vec![TAGS[*t as usize].into()],
                ContactEdit::Emails(k) => {
                    let emails = (0..*k).map(|i| Email {
                        label: "work".into(),
                        value: format!("p{replica}.{i}.{}@example.com", now.0 % 997),
                    });
                    changes.emails = Some(emails.collect())
                }
                ContactEdit::Phones(k) => {
                    let phones = (0..*k).map(|i| Phone {
                        label: "mobile".into(),
                        value: format!("(415) 555-{:04}", (now.0 / 1000 + i64::from(i)) % 10_000),
                        e164: None,
                    });
                    changes.phones = Some(phones.collect())
                }
                ContactEdit::Tags(k) => {
                    changes.tags = Some(TAGS[..*k as usize].iter().map(|t| t.to_string()).collect())
                }
                ContactEdit::Birthday(b) => {
                    let day = b.map(|b| ["1815-12-10", "--02-29", "1906-12-09"][b as usize]);
                    changes.birthday = Some(day.map(|d| Birthday::parse(d, "birthday").unwrap()))
                }
                ContactEdit::Background { .. } => {}
            }
            let background = match edit {
                ContactEdit::Background { field, prepend } => {
                    let field = contacts::Background::FIELDS[*field as usize];
                    Some((field, words.fresh(replica), *prepend))
                }
                _ => None,
            };
            let r = store.write(|tx| {
                if let Some((field, word, prepend)) = &background {
                    let current = contacts::get(tx.conn(), id)?
                        .background
                        .get(field)
                        .to_string();
                    let new = Some(with_word(&current, word, *prepend));
                    match *field {
                        "family" => changes.background.family = new,
                        "company" => changes.background.company = new,
                        "likes" => changes.background.likes = new,
                        "dislikes" => changes.background.dislikes = new,
                        _ => changes.background.misc = new,
                    }
                }
                contacts::update(tx, id, changes, now)
            });
            if let (Ok(_), Some((field, word, _))) = (&r, background) {
                words.background.entry((id, field)).or_default().push(word);
            }
            r.map(drop)
        }
        Op::DeleteContact { target } => {
            let Some(id) = nth(store, "contacts", *target).map(ContactId) else {
                return;
            };
            store.write(|tx| contacts::delete(tx, id, now)).map(drop)
        }
        Op::RestoreContact { target } => {
            let Some(id) = nth(store, "contacts", *target).map(ContactId) else {
                return;
            };
            store.write(|tx| contacts::restore(tx, id, now)).map(drop)
        }
        Op::LogInteraction {
            target,
            kind,
            hours_ago,
        } => {
            let Some(contact) = nth(store, "contacts", *target).map(ContactId) else {
                return;
            };
            let word = words.fresh(replica);
            let changes = InteractionChanges {
                kind: Some(InteractionKind::ALL[*kind as usize]),
                occurred_at: Some(now.plus_ms(-i64::from(*hours_ago) * HOUR_MS)),
                notes: Some(word.clone()),
                ..Default::default()
            };
            let r = store.write(|tx| interactions::create(tx, contact, changes, now));
            if let Ok(i) = &r {
                words.notes.entry(i.id).or_default().push(word);
            }
            r.map(drop)
        }
        Op::EditNotes { target, prepend } => {
            let Some(id) = nth(store, "interactions", *target).map(InteractionId) else {
                return;
            };
            let word = words.fresh(replica);
            let r = store.write(|tx| {
                let current = interactions::get(tx.conn(), id)?.notes;
                let changes = InteractionChanges {
                    notes: Some(with_word(&current, &word, *prepend)),
                    ..Default::default()
                };
                interactions::update(tx, id, changes, now)
            });
            if r.is_ok() {
                words.notes.entry(id).or_default().push(word);
            }
            r.map(drop)
        }
        Op::RewriteNotes { target } => {
            let Some(id) = nth(store, "interactions", *target).map(InteractionId) else {
                return;
            };
            let word = words.fresh(replica);
            let r = store.write(|tx| {
                let current: Vec<char> = interactions::get(tx.conn(), id)?.notes.chars().collect();
                let (a, b) = (current.len() / 3, 2 * current.len() / 3);
                let head: String = current[..a].iter().collect();
                let tail: String = current[b..].iter().collect();
                let changes = InteractionChanges {
                    notes: Some(format!("{head}{word}{tail}")),
                    ..Default::default()
                };
                interactions::update(tx, id, changes, now)
            });
            if r.is_ok() {
                // Deleting text can take concurrent words with it; this note only has to converge.
                words.rewritten.insert(id);
            }
            r.map(drop)
        }
        Op::EditInteraction {
            target,
            kind,
            hours_ago,
        } => {
            let Some(id) = nth(store, "interactions", *target).map(InteractionId) else {
                return;
            };
            let changes = InteractionChanges {
                kind: Some(InteractionKind::ALL[*kind as usize]),
                occurred_at: Some(now.plus_ms(-i64::from(*hours_ago) * HOUR_MS)),
                ..Default::default()
            };
            store
                .write(|tx| interactions::update(tx, id, changes, now))
                .map(drop)
        }
        Op::DeleteInteraction { target } => {
            let Some(id) = nth(store, "interactions", *target).map(InteractionId) else {
                return;
            };
            store
                .write(|tx| interactions::delete(tx, id, now))
                .map(drop)
        }
        Op::RestoreInteraction { target } => {
            let Some(id) = nth(store, "interactions", *target).map(InteractionId) else {
                return;
            };
            store
                .write(|tx| interactions::restore(tx, id, now))
                .map(drop)
        }
        Op::CreateFollowUp {
            target,
            due_in_hours,
            every,
        } => {
            let Some(contact) = nth(store, "contacts", *target).map(ContactId) else {
                return;
            };
            let due = now.plus_ms(i64::from(*due_in_hours) * HOUR_MS);
            let every = every.map(u32::from);
            store
                .write(|tx| followups::create(tx, contact, due, Some("call back"), every, now))
                .map(drop)
        }
        Op::CompleteFollowUp { target } => {
            let Some(id) = nth(store, "follow_ups", *target).map(FollowUpId) else {
                return;
            };
            store
                .write(|tx| followups::complete(tx, id, now, TZ))
                .map(drop)
        }
        Op::SnoozeFollowUp { target, hours } => {
            let Some(id) = nth(store, "follow_ups", *target).map(FollowUpId) else {
                return;
            };
            store
                .write(|tx| {
                    followups::snooze(tx, id, now.plus_ms(i64::from(*hours) * HOUR_MS), now)
                })
                .map(drop)
        }
        Op::DismissFollowUp { target } => {
            let Some(id) = nth(store, "follow_ups", *target).map(FollowUpId) else {
                return;
            };
            store.write(|tx| followups::dismiss(tx, id, now)).map(drop)
        }
        Op::DeleteFollowUp { target } => {
            let Some(id) = nth(store, "follow_ups", *target).map(FollowUpId) else {
                return;
            };
            store.write(|tx| followups::delete(tx, id, now)).map(drop)
        }
        Op::RestoreFollowUp { target } => {
            let Some(id) = nth(store, "follow_ups", *target).map(FollowUpId) else {
                return;
            };
            store.write(|tx| followups::restore(tx, id, now)).map(drop)
        }
    };
    if let Err(e) = result {
        assert!(e.is_bad_input(), "replica {replica}: {op:?} failed: {e}");
    }
}

/// A shared start, so random edits hit the same records concurrently from the first edit on:
/// `store` makes two contacts with a note and a repeating follow-up each. The caller sends it to
/// the other replicas.
pub fn seed_shared_start(store: &mut Store, words: &mut Words) {
    for k in 0..2 {
        let now = Timestamp(T0 - 10 * 60_000 + k);
        let ada = store
            .write(|tx| {
                let changes = ContactChanges {
                    name: Some(format!("Seed {k}")),
                    ..Default::default()
                };
                contacts::create(tx, changes, now)
            })
            .unwrap();
        let word = words.fresh(0);
        let changes = InteractionChanges {
            notes: Some(word.clone()),
            ..Default::default()
        };
        let call = store
            .write(|tx| interactions::create(tx, ada.id, changes, now))
            .unwrap();
        words.notes.entry(call.id).or_default().push(word);
        store
            .write(|tx| followups::create(tx, ada.id, now.plus_ms(HOUR_MS), None, Some(1), now))
            .unwrap();
    }
}

/// Every word any replica inserted into a note or a background text is there on every replica,
/// except in notes some replica rewrote (deleting text).
pub fn assert_words_kept(stores: &[Store], words: &Words) {
    for (i, s) in stores.iter().enumerate() {
        let kept = words
            .notes
            .iter()
            .filter(|(id, _)| !words.rewritten.contains(id));
        for (id, expected) in kept {
            let notes = interactions::get(s.conn(), *id).unwrap().notes;
            for w in expected {
                assert!(
                    notes.contains(w.as_str()),
                    "replica {i}: note {id} lost {w}: {notes:?}"
                );
            }
        }
        for ((id, field), expected) in &words.background {
            let c = contacts::get(s.conn(), *id).unwrap();
            let text = c.background.get(field);
            for w in expected {
                assert!(
                    text.contains(w.as_str()),
                    "replica {i}: contact {id} background.{field} lost {w}: {text:?}"
                );
            }
        }
    }
}

/// Each document's Automerge heads on this replica, from the `docs` table, checked against the
/// heads of the stored document itself.
pub fn doc_heads(store: &Store) -> BTreeMap<String, BTreeSet<String>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, heads FROM docs ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    let mut out = BTreeMap::new();
    for row in rows {
        let (id, heads) = row.unwrap();
        let column: BTreeSet<String> = heads.split(',').map(str::to_owned).collect();
        let doc_id = kith_core::ids::DocId::parse(&id, "docs.id").unwrap();
        let mut doc = store.load_doc(doc_id).unwrap().unwrap();
        let loaded: BTreeSet<String> = doc.get_heads().iter().map(|h| h.to_string()).collect();
        assert_eq!(
            column, loaded,
            "document {id}: the docs table's heads are not the stored document's"
        );
        out.insert(id, column);
    }
    out
}

/// Every replica holds the same documents with the same Automerge heads, and the same change
/// hashes for each document.
pub fn assert_same_heads(stores: &[Store]) {
    let per_doc_hashes = |s: &Store| -> BTreeSet<(String, String)> {
        let mut stmt = s
            .conn()
            .prepare("SELECT doc_id, hash FROM changes")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    let first = doc_heads(&stores[0]);
    let first_changes = per_doc_hashes(&stores[0]);
    assert!(!first.is_empty(), "no documents at all");
    for (i, s) in stores.iter().enumerate().skip(1) {
        let heads = doc_heads(s);
        let ids: BTreeSet<_> = heads.keys().collect();
        let first_ids: BTreeSet<_> = first.keys().collect();
        assert_eq!(
            ids, first_ids,
            "replica {i} holds other documents than replica 0"
        );
        for (id, h) in &heads {
            assert_eq!(
                h, &first[id],
                "replica {i}: document {id} has other heads than on replica 0"
            );
        }
        assert_eq!(
            per_doc_hashes(s),
            first_changes,
            "replica {i}: documents hold other changes than on replica 0"
        );
    }
}
