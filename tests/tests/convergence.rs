//! Replicas converge: whatever each device edits offline, once every change has reached every
//! device — in any order, duplicated, split into any batches, a change before the one it
//! depends on — all devices show the same projection, that projection is what a rebuild from the
//! log gives, and concurrent edits to the same note keep everybody's words.
//!
//! Every replica is its own SQLite file opened with `Store::open`, so each has its own Automerge
//! actor; changes travel only through `changes_after` on the sender and `apply_remote` on the
//! receiver, as they would through the sync server.

mod common;

use common::replicas::{
    assert_converged, assert_words_kept, one_query, op, open, remote, run_op, seed_shared_start,
    Op, Words, HOUR_MS, T0, TZ,
};
use kith_core::contacts::{self, BackgroundChanges, ContactChanges};
use kith_core::interactions::{self, InteractionChanges};
use kith_core::store::{RemoteChange, Store};
use kith_core::time::Timestamp;
use kith_core::{followups, Error};
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

// ---------------------------------------------------------------------------------------------
// Deterministic cases.

#[test]
fn two_replicas_editing_the_same_note_offline_both_keep_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), "a");
    let mut b = open(dir.path(), "b");
    let t = |m: i64| Timestamp(T0 + m * 60_000);
    let ada = a
        .write(|tx| {
            contacts::create(
                tx,
                ContactChanges {
                    name: Some("Ada".into()),
                    ..Default::default()
                },
                t(0),
            )
        })
        .unwrap();
    let call = a
        .write(|tx| {
            interactions::create(
                tx,
                ada.id,
                InteractionChanges {
                    notes: Some("Discussed the engine.".into()),
                    ..Default::default()
                },
                t(1),
            )
        })
        .unwrap();
    b.apply_remote(
        &remote(&a, 0)
            .into_iter()
            .map(|(_, c)| c)
            .collect::<Vec<_>>(),
        t(2),
    )
    .unwrap();
    let seen_a = one_query(&a, "SELECT MAX(seq) FROM changes");
    let seen_b = one_query(&b, "SELECT MAX(seq) FROM changes");

    // Offline: A appends, B prepends, to the same note; and both touch the contact's background.
    let edit_notes = |s: &mut Store, f: &dyn Fn(&str) -> String, now| {
        s.write(|tx| {
            let current = interactions::get(tx.conn(), call.id)?.notes;
            interactions::update(
                tx,
                call.id,
                InteractionChanges {
                    notes: Some(f(&current)),
                    ..Default::default()
                },
                now,
            )
        })
        .unwrap()
    };
    edit_notes(
        &mut a,
        &|n| format!("{n} Follow up on the Analytical Engine."),
        t(3),
    );
    edit_notes(&mut b, &|n| format!("Tuesday: {n}"), t(4));
    for (s, likes, now) in [(&mut a, "tea", t(5)), (&mut b, "poetry", t(6))] {
        s.write(|tx| {
            let changes = ContactChanges {
                company: Some(format!("likes {likes}")),
                background: BackgroundChanges {
                    likes: Some(likes.into()),
                    ..Default::default()
                },
                ..Default::default()
            };
            contacts::update(tx, ada.id, changes, now)
        })
        .unwrap();
    }

    let to_b: Vec<_> = remote(&a, seen_a).into_iter().map(|(_, c)| c).collect();
    let to_a: Vec<_> = remote(&b, seen_b).into_iter().map(|(_, c)| c).collect();
    a.apply_remote(&to_a, t(7)).unwrap();
    b.apply_remote(&to_b, t(7)).unwrap();

    for s in [&a, &b] {
        let notes = interactions::get(s.conn(), call.id).unwrap().notes;
        assert_eq!(
            notes,
            "Tuesday: Discussed the engine. Follow up on the Analytical Engine."
        );
        let likes = contacts::get(s.conn(), ada.id).unwrap().background.likes;
        assert!(
            likes.contains("tea") && likes.contains("poetry"),
            "background lost an edit: {likes:?}"
        );
    }
    // The company was set concurrently: one value wins, the same one on both.
    assert_eq!(
        contacts::get(a.conn(), ada.id).unwrap().company,
        contacts::get(b.conn(), ada.id).unwrap().company
    );
    assert_converged(&mut [a, b]);
}

#[test]
fn a_change_that_arrives_before_its_dependency_waits_and_then_applies() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), "a");
    let mut b = open(dir.path(), "b");
    let ada = a
        .write(|tx| {
            contacts::create(
                tx,
                ContactChanges {
                    name: Some("Ada".into()),
                    ..Default::default()
                },
                Timestamp(T0),
            )
        })
        .unwrap();
    a.write(|tx| {
        let changes = ContactChanges {
            company: Some("Babbage & Co".into()),
            vip: Some(true),
            ..Default::default()
        };
        contacts::update(tx, ada.id, changes, Timestamp(T0 + 1000))
    })
    .unwrap();
    let changes: Vec<RemoteChange> = remote(&a, 0).into_iter().map(|(_, c)| c).collect();
    assert_eq!(changes.len(), 2);
    let (create, edit) = (changes[0].clone(), changes[1].clone());

    let report = b
        .apply_remote(std::slice::from_ref(&edit), Timestamp(T0 + 2000))
        .unwrap();
    assert_eq!(
        (report.new, report.pending),
        (1, 1),
        "the edit waits for the create"
    );
    assert!(matches!(
        contacts::get(b.conn(), ada.id),
        Err(Error::NotFound { .. })
    ));
    assert!(b.projection_dump().unwrap().is_empty());

    // The same early change again changes nothing.
    let report = b
        .apply_remote(std::slice::from_ref(&edit), Timestamp(T0 + 2500))
        .unwrap();
    assert_eq!((report.new, report.pending), (0, 0));

    let report = b
        .apply_remote(&[create.clone(), edit], Timestamp(T0 + 3000))
        .unwrap();
    assert_eq!(
        (report.new, report.pending),
        (1, 0),
        "the create arrived, so the edit applies"
    );
    let got = contacts::get(b.conn(), ada.id).unwrap();
    assert_eq!(
        (got.company.as_deref(), got.vip),
        (Some("Babbage & Co"), true)
    );
    assert_converged(&mut [a, b]);
}

#[test]
fn two_replicas_completing_the_same_repeating_follow_up_offline_schedule_one_next_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), "a");
    let mut b = open(dir.path(), "b");
    let ada = a
        .write(|tx| {
            let changes = ContactChanges {
                name: Some("Ada".into()),
                ..Default::default()
            };
            contacts::create(tx, changes, Timestamp(T0))
        })
        .unwrap();
    let weekly = a
        .write(|tx| {
            followups::create(
                tx,
                ada.id,
                Timestamp(T0 + HOUR_MS),
                Some("weekly call"),
                Some(7),
                Timestamp(T0),
            )
        })
        .unwrap();
    b.apply_remote(
        &remote(&a, 0)
            .into_iter()
            .map(|(_, c)| c)
            .collect::<Vec<_>>(),
        Timestamp(T0),
    )
    .unwrap();
    let (seen_a, seen_b) = (
        one_query(&a, "SELECT MAX(seq) FROM changes"),
        one_query(&b, "SELECT MAX(seq) FROM changes"),
    );

    // Both devices complete it offline, minutes apart, and each schedules the next one.
    let (_, next_a) = a
        .write(|tx| followups::complete(tx, weekly.id, Timestamp(T0 + 2 * HOUR_MS), TZ))
        .unwrap();
    let (_, next_b) = b
        .write(|tx| followups::complete(tx, weekly.id, Timestamp(T0 + 2 * HOUR_MS + 60_000), TZ))
        .unwrap();
    let (next_a, next_b) = (next_a.unwrap(), next_b.unwrap());
    assert_eq!(
        next_a.id, next_b.id,
        "both devices name the next occurrence the same"
    );

    let to_b: Vec<_> = remote(&a, seen_a).into_iter().map(|(_, c)| c).collect();
    let to_a: Vec<_> = remote(&b, seen_b).into_iter().map(|(_, c)| c).collect();
    a.apply_remote(&to_a, Timestamp(T0 + 3 * HOUR_MS)).unwrap();
    b.apply_remote(&to_b, Timestamp(T0 + 3 * HOUR_MS)).unwrap();
    for s in [&a, &b] {
        let open: Vec<_> = followups::for_contact(s.conn(), ada.id)
            .unwrap()
            .into_iter()
            .filter(|f| f.status == followups::FollowUpStatus::Open)
            .collect();
        assert_eq!(open.len(), 1, "one next occurrence, not two: {open:#?}");
        assert_eq!((open[0].id, open[0].due_at), (next_a.id, next_a.due_at));
    }
    assert_converged(&mut [a, b]);
}

// ---------------------------------------------------------------------------------------------
// The property.

#[derive(Clone, Debug)]
struct Round {
    /// (replica, op), made offline between exchanges.
    edits: Vec<(usize, Op)>,
    /// Seeds the delivery of this round's exchange: which pairs talk, the order, the batches,
    /// the duplicates.
    delivery_seed: u64,
}

#[derive(Clone, Debug)]
struct Scenario {
    replicas: usize,
    /// Each replica's clock is this many minutes off, so "later" is not a global truth.
    skew_minutes: Vec<i16>,
    rounds: Vec<Round>,
    final_seed: u64,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (2usize..=3)
        .prop_flat_map(|replicas| {
            let round = (
                proptest::collection::vec((0..replicas, op()), 1..16),
                any::<u64>(),
            )
                .prop_map(|(edits, delivery_seed)| Round {
                    edits,
                    delivery_seed,
                });
            (
                Just(replicas),
                proptest::collection::vec(-90i16..90, replicas),
                proptest::collection::vec(round, 1..8),
                any::<u64>(),
            )
        })
        .prop_map(|(replicas, skew_minutes, rounds, final_seed)| Scenario {
            replicas,
            skew_minutes,
            rounds,
            final_seed,
        })
}

/// What receiver `r` has pulled from sender `s`: the sender's sequence number it has reached.
type Cursors = Vec<Vec<i64>>;

/// Sends what `s` has after `r`'s cursor to `r`, shuffled, with duplicates (including changes
/// delivered long ago), in random batches. A partial delivery sends a random part and leaves the
/// cursor where it was, as a lost response would. Returns how many changes were new to `r`.
fn deliver(
    stores: &mut [Store],
    cursors: &mut Cursors,
    s: usize,
    r: usize,
    rng: &mut StdRng,
    partial: bool,
) -> usize {
    let fresh = remote(&stores[s], cursors[r][s]);
    let Some(&(top, _)) = fresh.last() else {
        return 0;
    };
    let mut parcel: Vec<RemoteChange> = fresh.into_iter().map(|(_, c)| c).collect();
    if partial {
        parcel.shuffle(rng);
        parcel.truncate(rng.random_range(0..=parcel.len()));
    }
    // Duplicates: some of this parcel twice, and some of what was already delivered.
    let again: Vec<RemoteChange> = parcel
        .iter()
        .filter(|_| rng.random_bool(0.2))
        .cloned()
        .collect();
    parcel.extend(again);
    if cursors[r][s] > 0 && rng.random_bool(0.5) {
        let old = remote(&stores[s], 0);
        let from = rng.random_range(0..old.len());
        let to = (from + rng.random_range(1..=4)).min(old.len());
        parcel.extend(old[from..to].iter().map(|(_, c)| c.clone()));
    }
    parcel.shuffle(rng);
    let mut new = 0;
    let now = Timestamp(T0);
    while !parcel.is_empty() {
        let take = rng.random_range(1..=parcel.len().min(5));
        let batch: Vec<RemoteChange> = parcel.drain(..take).collect();
        new += stores[r].apply_remote(&batch, now).unwrap().new;
    }
    if !partial {
        cursors[r][s] = top;
    }
    new
}

fn run(scenario: &Scenario) {
    let dir = tempfile::tempdir().unwrap();
    let n = scenario.replicas;
    let mut stores: Vec<Store> = (0..n)
        .map(|i| open(dir.path(), &format!("replica{i}")))
        .collect();
    let mut cursors: Cursors = vec![vec![0; n]; n];
    let mut words = Words::default();
    // A shared start, so the rounds edit the same records concurrently from the first edit on:
    // replica 0 makes it, and everyone receives it (in shuffled batches).
    seed_shared_start(&mut stores[0], &mut words);
    let mut rng = StdRng::seed_from_u64(scenario.final_seed ^ 0x5eed);
    for r in 1..n {
        deliver(&mut stores, &mut cursors, 0, r, &mut rng, false);
    }
    let mut tick = 0i64;
    for round in &scenario.rounds {
        for (replica, op) in &round.edits {
            tick += 1;
            let now =
                Timestamp(T0 + tick * 60_000 + i64::from(scenario.skew_minutes[*replica]) * 60_000);
            run_op(&mut stores[*replica], *replica, op, now, &mut words);
        }
        // An exchange: some pairs talk, in some order, some only partly.
        let mut rng = StdRng::seed_from_u64(round.delivery_seed);
        let mut pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|s| (0..n).filter(move |&r| r != s).map(move |r| (s, r)))
            .collect();
        pairs.shuffle(&mut rng);
        for (s, r) in pairs {
            match rng.random_range(0..4) {
                0 => {}
                1 => {
                    deliver(&mut stores, &mut cursors, s, r, &mut rng, true);
                }
                _ => {
                    deliver(&mut stores, &mut cursors, s, r, &mut rng, false);
                }
            }
        }
        // Mid-sync, with changes still waiting for their dependencies, each projection is
        // already exactly what its log gives: a waiting change shows nowhere, an applied one
        // everywhere it should.
        for (i, store) in stores.iter_mut().enumerate() {
            let report = store.rebuild().unwrap();
            assert!(
                report.matched,
                "replica {i}: mid-sync projection differs from a rebuild"
            );
        }
    }
    // The final exchange: everyone talks to everyone, still shuffled and duplicated, until a
    // whole pass brings nothing new.
    let mut rng = StdRng::seed_from_u64(scenario.final_seed);
    let mut passes = 0;
    loop {
        passes += 1;
        assert!(passes <= 2 * n + 2, "the exchange does not settle");
        let mut pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|s| (0..n).filter(move |&r| r != s).map(move |r| (s, r)))
            .collect();
        pairs.shuffle(&mut rng);
        let new: usize = pairs
            .into_iter()
            .map(|(s, r)| deliver(&mut stores, &mut cursors, s, r, &mut rng, false))
            .sum();
        if new == 0 {
            break;
        }
    }

    assert_words_kept(&stores, &words);
    assert_converged(&mut stores);
}

proptest! {
    #![proptest_config(ProptestConfig {
        // PROPTEST_CASES=2000 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(96),
        max_shrink_iters: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn replicas_converge_after_random_edits_and_shuffled_duplicate_delivery(s in scenario()) {
        run(&s);
    }
}
