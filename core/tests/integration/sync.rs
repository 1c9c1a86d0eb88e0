//! The outbox, applying changes from another replica, noticing other writers, and rebuild.

use kith_core::{
    contacts::{self, ContactChanges},
    store::{RemoteChange, Store},
    Error,
};

use crate::{add, fresh, named, T0};

fn remote(s: &Store) -> Vec<RemoteChange> {
    s.changes_after(0, 10_000)
        .unwrap()
        .into_iter()
        .map(RemoteChange::from)
        .collect()
}

#[test]
fn the_outbox_holds_local_changes_until_pushed() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("A"), T0);
    s.write(|tx| contacts::update(tx, c.id, named("B"), T0))
        .unwrap();
    let out = s.outbox(100).unwrap();
    assert_eq!(out.len(), 2);
    assert!(out.iter().all(|o| o.doc_id == c.id.to_string()));
    s.mark_pushed(&[out[0].seq]).unwrap();
    assert_eq!(s.outbox(100).unwrap(), vec![out[1].clone()]);
}

#[test]
fn changes_out_of_order_wait_for_their_dependencies_and_duplicates_are_harmless() {
    let (_a, mut a) = fresh();
    let (_b, mut b) = fresh();
    let c = add(&mut a, named("First"), T0);
    a.write(|tx| contacts::update(tx, c.id, named("Second"), T0))
        .unwrap();
    a.write(|tx| {
        contacts::update(
            tx,
            c.id,
            ContactChanges {
                company: Some("Co".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    let mut changes = remote(&a);
    changes.reverse();
    // Only the last two, which depend on the first: nothing can be shown yet.
    let r = b.apply_remote(&changes[..2], T0).unwrap();
    assert_eq!((r.new, r.pending), (2, 2));
    assert!(matches!(
        contacts::get(b.conn(), c.id),
        Err(Error::NotFound { .. })
    ));
    // Everything, twice: the first arrives and unblocks the rest.
    let mut twice = changes.clone();
    twice.extend(changes.clone());
    let r = b.apply_remote(&twice, T0).unwrap();
    assert_eq!((r.new, r.pending), (1, 0));
    assert_eq!(
        contacts::get(b.conn(), c.id).unwrap(),
        contacts::get(a.conn(), c.id).unwrap()
    );
    assert_eq!(a.projection_dump().unwrap(), b.projection_dump().unwrap());
    // Received changes are not ours to push.
    assert!(b.outbox(100).unwrap().is_empty());
    assert_eq!(
        b.history(c.id)
            .unwrap()
            .iter()
            .filter(|h| h.this_device)
            .count(),
        0
    );
}

#[test]
fn concurrent_edits_to_one_field_converge_on_both_sides() {
    let (_a, mut a) = fresh();
    let (_b, mut b) = fresh();
    let c = add(&mut a, named("Shared"), T0);
    b.apply_remote(&remote(&a), T0).unwrap();
    a.write(|tx| {
        contacts::update(
            tx,
            c.id,
            ContactChanges {
                company: Some("From A".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    b.write(|tx| {
        contacts::update(
            tx,
            c.id,
            ContactChanges {
                company: Some("From B".into()),
                add_tags: vec!["b".into()],
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    let (from_a, from_b) = (remote(&a), remote(&b));
    a.apply_remote(&from_b, T0).unwrap();
    b.apply_remote(&from_a, T0).unwrap();
    assert_eq!(a.projection_dump().unwrap(), b.projection_dump().unwrap());
    let merged = contacts::get(a.conn(), c.id).unwrap();
    assert!(["From A", "From B"].contains(&merged.company.as_deref().unwrap()));
    assert_eq!(merged.tags, vec!["b"]);
    let conflicts = contacts::conflicts(&a, c.id).unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].field, "company");
    let mut values = conflicts[0].values.clone();
    values.sort();
    assert_eq!(values, vec!["From A", "From B"]);
    for s in [&mut a, &mut b] {
        assert!(s.rebuild().unwrap().matched);
    }
}

#[test]
fn a_malformed_batch_is_refused_whole() {
    let (_a, mut a) = fresh();
    let (_b, mut b) = fresh();
    add(&mut a, named("A"), T0);
    let mut batch = remote(&a);
    batch.push(RemoteChange {
        doc_id: batch[0].doc_id.clone(),
        bytes: b"not automerge".to_vec(),
    });
    match b.apply_remote(&batch, T0) {
        Err(Error::Invalid { what, .. }) => assert_eq!(what, "change 2"),
        other => panic!("expected invalid input, got {other:?}"),
    }
    let bad_id = vec![RemoteChange {
        doc_id: "../etc".into(),
        bytes: batch[0].bytes.clone(),
    }];
    assert!(matches!(
        b.apply_remote(&bad_id, T0),
        Err(Error::Invalid { .. })
    ));
    assert!(b.changes_after(0, 10).unwrap().is_empty());
    assert!(b.projection_dump().unwrap().is_empty());
}

#[test]
fn another_connection_notices_writes_to_the_same_file() {
    let (dir, mut writer) = fresh();
    let mut watcher = Store::open(&dir.path().join("kith.db"), "US").unwrap();
    assert!(watcher.external_changes().unwrap().is_empty());
    let c = add(&mut writer, named("Seen"), T0);
    assert_eq!(watcher.external_changes().unwrap(), vec![c.id.to_string()]);
    assert!(
        watcher.external_changes().unwrap().is_empty(),
        "each change is reported once"
    );
    // Our own writes are not news.
    add(&mut watcher, named("Mine"), T0);
    assert!(watcher.external_changes().unwrap().is_empty());
    assert_eq!(writer.external_changes().unwrap().len(), 1);
}

#[test]
fn rebuild_recreates_a_damaged_projection_and_reports_the_mismatch() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("Keep"), T0);
    assert_eq!(
        s.rebuild().unwrap(),
        kith_core::store::RebuildReport {
            documents: 1,
            matched: true
        }
    );
    s.conn()
        .execute("UPDATE contacts SET name = 'tampered'", [])
        .unwrap();
    let r = s.rebuild().unwrap();
    assert!(!r.matched);
    assert_eq!(contacts::get(s.conn(), c.id).unwrap().name, "Keep");
    assert!(s.rebuild().unwrap().matched);
}

#[test]
fn writes_succeed_while_a_reader_pins_the_log_past_the_checkpoint_threshold() {
    // The writer checkpoints from its WAL hook past 8,000 pages; with a reader pinning the log
    // that checkpoint cannot finish, and the commits must still succeed.
    let (dir, mut s) = fresh();
    let reader = rusqlite::Connection::open(dir.path().join("kith.db")).unwrap();
    reader
        .execute_batch("BEGIN; SELECT COUNT(*) FROM contacts;")
        .unwrap();
    for n in 0..400 {
        let c = ContactChanges {
            company: Some(format!("Company {n}")),
            tags: Some(vec![format!("t{n}")]),
            ..named(&format!("Person {n}"))
        };
        s.write(|tx| contacts::create(tx, c, T0)).unwrap();
    }
    let frames: i64 = s
        .conn()
        .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
        .unwrap();
    assert!(
        frames > 8_000,
        "the log grew past the writer's threshold ({frames} frames)"
    );
    reader.execute_batch("COMMIT").unwrap();
    assert_eq!(
        contacts::list(s.conn(), &Default::default()).unwrap().len(),
        400
    );
}
