//! Replicas converge through an unreliable network: 3 to 5 devices edit while a simulated network
//! between them drops, duplicates, reorders and delays their messages and partitions them into
//! groups that cannot talk for a while. Once the network heals, a sync that retries whatever was
//! not acknowledged brings every device to the same state: the same change log, the same
//! Automerge heads for every document, the same projection (which is what a rebuild from the log
//! gives), and every word anyone added to a note still there.
//!
//! Every replica is its own SQLite file opened with `Store::open`, so each has its own Automerge
//! actor. A message carries a page of the sender's `changes_after(cursor, limit)`; the receiver
//! stores it with `apply_remote` and acknowledges the sender's sequence numbers, and the
//! acknowledgement travels through the same bad network. The sender keeps, per peer, how far it
//! has sent and what has been acknowledged, and resends what is unacknowledged every few steps:
//! a dropped message is recovered only by that resending.

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;

use common::replicas::{
    assert_converged, assert_same_heads, assert_words_kept, op, open, remote, run_op,
    seed_shared_start, Op, Words, T0,
};
use kith_core::contacts::{self, ContactChanges};
use kith_core::interactions::{self, InteractionChanges};
use kith_core::store::{RemoteChange, Store};
use kith_core::time::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// A sender resends what its peer has not acknowledged once this many steps have passed since it
/// last did.
const RETRY_AFTER: u64 = 3;
/// Steps the healed network may take to settle before the test calls it stuck.
const SETTLE_STEPS: u64 = 300;

/// How bad the network is while it is not healed.
#[derive(Clone, Copy, Debug)]
struct Weather {
    /// Percent of messages lost.
    drop_pct: u32,
    /// Percent of messages delivered twice (each copy with its own delay).
    dup_pct: u32,
    /// A message waits up to this many steps before it is delivered.
    max_delay: u64,
    /// Percent chance per step that a connected network splits into groups.
    partition_pct: u32,
}

/// What the network did, to check that the test exercises what it claims.
#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    messages: usize,
    dropped: usize,
    duplicated: usize,
    delayed: usize,
    /// Delivered before a message sent earlier on the same link.
    reordered: usize,
    /// Lost because sender and receiver were in different groups.
    cut_off: usize,
    partitions: usize,
    /// Batches that arrived holding a change whose dependency had not arrived yet.
    arrived_early: usize,
    /// Resent batches that brought the receiver changes it did not have.
    recovered: usize,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.messages += o.messages;
        self.dropped += o.dropped;
        self.duplicated += o.duplicated;
        self.delayed += o.delayed;
        self.reordered += o.reordered;
        self.cut_off += o.cut_off;
        self.partitions += o.partitions;
        self.arrived_early += o.arrived_early;
        self.recovered += o.recovered;
    }
}

#[derive(Clone, Debug)]
enum Body {
    /// Changes from the sender's log, each with its sequence number there.
    Changes {
        changes: Vec<(i64, RemoteChange)>,
        resent: bool,
    },
    /// The sender's sequence numbers the receiver has stored.
    Ack(Vec<i64>),
}

#[derive(Clone, Debug)]
struct Message {
    from: usize,
    to: usize,
    /// Order of sending, to notice reordering.
    serial: u64,
    /// The step at which it is delivered.
    due: u64,
    body: Body,
}

/// What sender `s` knows about its peer `r`.
#[derive(Clone, Debug, Default)]
struct Link {
    /// The highest of `s`'s sequence numbers sent to `r` at least once.
    sent: i64,
    /// `s`'s sequence numbers `r` has acknowledged.
    acked: BTreeSet<i64>,
    last_resend: u64,
    /// The highest serial delivered on this link, to count reordering.
    last_serial: u64,
}

struct Net {
    rng: StdRng,
    weather: Weather,
    step: u64,
    serial: u64,
    /// Each replica's group while partitioned; replicas in different groups cannot talk.
    groups: Option<Vec<usize>>,
    /// Until healed, messages are dropped and partitions cut links. Duplicates, delays and
    /// reordering go on after healing.
    lossy: bool,
    queue: Vec<Message>,
    /// `links[s][r]`: sender `s`'s view of peer `r`.
    links: Vec<Vec<Link>>,
    stats: Stats,
}

impl Net {
    fn new(n: usize, weather: Weather, seed: u64) -> Net {
        Net {
            rng: StdRng::seed_from_u64(seed),
            weather,
            step: 0,
            serial: 0,
            groups: None,
            lossy: true,
            queue: Vec::new(),
            links: vec![vec![Link::default(); n]; n],
            stats: Stats::default(),
        }
    }

    fn can_talk(&self, a: usize, b: usize) -> bool {
        !self.lossy || self.groups.as_ref().is_none_or(|g| g[a] == g[b])
    }

    /// Hands a message to the network, which may lose it, deliver it twice, or hold it a while.
    fn post(&mut self, from: usize, to: usize, body: Body) {
        self.stats.messages += 1;
        self.serial += 1;
        if self.lossy
            && self
                .rng
                .random_bool(f64::from(self.weather.drop_pct) / 100.0)
        {
            self.stats.dropped += 1;
            return;
        }
        let copies = if self
            .rng
            .random_bool(f64::from(self.weather.dup_pct) / 100.0)
        {
            self.stats.duplicated += 1;
            2
        } else {
            1
        };
        for _ in 0..copies {
            let delay = self.rng.random_range(0..=self.weather.max_delay);
            if delay > 0 {
                self.stats.delayed += 1;
            }
            self.queue.push(Message {
                from,
                to,
                serial: self.serial,
                due: self.step + delay,
                body: body.clone(),
            });
        }
    }

    /// Sends changes in pages of random size.
    fn post_changes(
        &mut self,
        s: usize,
        r: usize,
        mut changes: Vec<(i64, RemoteChange)>,
        resent: bool,
    ) {
        while !changes.is_empty() {
            let take = self.rng.random_range(1..=changes.len().min(6));
            let page: Vec<_> = changes.drain(..take).collect();
            self.post(
                s,
                r,
                Body::Changes {
                    changes: page,
                    resent,
                },
            );
        }
    }

    /// One sync of `s` towards `r`: every few steps a resend of what `r` has not acknowledged,
    /// then what `s` holds beyond what it has sent `r`, in pages of `changes_after`.
    fn sync(&mut self, stores: &[Store], s: usize, r: usize) {
        if self.step >= self.links[s][r].last_resend + RETRY_AFTER {
            self.links[s][r].last_resend = self.step;
            let link = &self.links[s][r];
            let unacked: Vec<_> = remote(&stores[s], 0)
                .into_iter()
                .filter(|(seq, _)| *seq <= link.sent && !link.acked.contains(seq))
                .collect();
            self.post_changes(s, r, unacked, true);
        }
        loop {
            let limit = self.rng.random_range(1..=6);
            let page = stores[s]
                .changes_after(self.links[s][r].sent, limit)
                .unwrap();
            let Some(last) = page.last() else {
                break;
            };
            self.links[s][r].sent = last.seq;
            let page = page
                .into_iter()
                .map(|c| {
                    let change = RemoteChange {
                        doc_id: c.doc_id,
                        bytes: c.bytes,
                    };
                    (c.seq, change)
                })
                .collect();
            self.post_changes(s, r, page, false);
        }
    }

    fn deliver(&mut self, stores: &mut [Store], m: Message, now: Timestamp) {
        if !self.can_talk(m.from, m.to) {
            self.stats.cut_off += 1;
            return;
        }
        if matches!(m.body, Body::Changes { .. }) {
            let link = &mut self.links[m.from][m.to];
            if m.serial < link.last_serial {
                self.stats.reordered += 1;
            }
            link.last_serial = link.last_serial.max(m.serial);
        }
        match m.body {
            Body::Changes {
                mut changes,
                resent,
            } => {
                if self.rng.random_bool(0.3) {
                    changes.shuffle(&mut self.rng);
                }
                let batch: Vec<RemoteChange> = changes.iter().map(|(_, c)| c.clone()).collect();
                let report = stores[m.to].apply_remote(&batch, now).unwrap();
                if report.pending > 0 {
                    self.stats.arrived_early += 1;
                }
                if resent && report.new > 0 {
                    self.stats.recovered += 1;
                }
                let seqs = changes.iter().map(|(seq, _)| *seq).collect();
                self.post(m.to, m.from, Body::Ack(seqs));
            }
            Body::Ack(seqs) => self.links[m.to][m.from].acked.extend(seqs),
        }
    }

    /// While lossy, a connected network may split into groups, and a split one may heal.
    fn weather_partitions(&mut self, n: usize) {
        if !self.lossy || self.weather.partition_pct == 0 {
            return;
        }
        match self.groups {
            None if self
                .rng
                .random_bool(f64::from(self.weather.partition_pct) / 100.0) =>
            {
                let k = self.rng.random_range(2..=3);
                let mut groups: Vec<usize> = (0..n).map(|_| self.rng.random_range(0..k)).collect();
                if groups.iter().all(|g| *g == groups[0]) {
                    let lonely = self.rng.random_range(0..n);
                    groups[lonely] = (groups[lonely] + 1) % k;
                }
                self.groups = Some(groups);
                self.stats.partitions += 1;
            }
            Some(_) if self.rng.random_bool(0.25) => self.groups = None,
            _ => {}
        }
    }

    /// One step: partitions may change, replicas sync (each link with probability `sync_p`),
    /// and the messages due are delivered in random order.
    fn step(&mut self, stores: &mut [Store], now: Timestamp, sync_p: f64) {
        self.step += 1;
        let n = stores.len();
        self.weather_partitions(n);
        let mut pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|s| (0..n).filter(move |&r| r != s).map(move |r| (s, r)))
            .collect();
        pairs.shuffle(&mut self.rng);
        for (s, r) in pairs {
            if self.rng.random_bool(sync_p) {
                self.sync(stores, s, r);
            }
        }
        let (mut ready, later): (Vec<Message>, Vec<Message>) = std::mem::take(&mut self.queue)
            .into_iter()
            .partition(|m| m.due <= self.step);
        self.queue = later;
        ready.shuffle(&mut self.rng);
        for m in ready {
            self.deliver(stores, m, now);
        }
    }

    /// Whether `r` has acknowledged everything `s` holds.
    fn link_settled(&self, stores: &[Store], s: usize, r: usize) -> bool {
        remote(&stores[s], 0)
            .iter()
            .all(|(seq, _)| self.links[s][r].acked.contains(seq))
    }

    fn settled(&self, stores: &[Store]) -> bool {
        let n = stores.len();
        self.queue.is_empty()
            && (0..n).all(|s| (0..n).all(|r| r == s || self.link_settled(stores, s, r)))
    }

    /// Heals the network (no more drops or partitions) and syncs everyone with everyone until
    /// every replica has acknowledged everything every other replica holds and nothing is in
    /// flight. Returns the steps it took.
    fn heal(&mut self, stores: &mut [Store], now: Timestamp) -> u64 {
        self.lossy = false;
        self.groups = None;
        let start = self.step;
        while !self.settled(stores) {
            assert!(
                self.step - start < SETTLE_STEPS,
                "the healed network does not settle: {:?}",
                self.stats
            );
            self.step(stores, now, 1.0);
        }
        self.step - start
    }
}

// ---------------------------------------------------------------------------------------------
// A partition written out.

#[test]
fn two_sides_of_a_partition_edit_the_same_contact_and_note_while_a_third_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut stores: Vec<Store> = ["a", "b", "c"]
        .iter()
        .map(|name| open(dir.path(), name))
        .collect();
    let t = |m: i64| Timestamp(T0 + m * 60_000);
    let weather = Weather {
        drop_pct: 30,
        dup_pct: 20,
        max_delay: 2,
        partition_pct: 0,
    };
    let mut net = Net::new(3, weather, 7);

    let ada = stores[0]
        .write(|tx| {
            let changes = ContactChanges {
                name: Some("Ada".into()),
                company: Some("Babbage & Co".into()),
                ..Default::default()
            };
            contacts::create(tx, changes, t(0))
        })
        .unwrap();
    let call = stores[0]
        .write(|tx| {
            let changes = InteractionChanges {
                notes: Some("Met at the conference.".into()),
                ..Default::default()
            };
            interactions::create(tx, ada.id, changes, t(1))
        })
        .unwrap();
    net.heal(&mut stores, t(2));
    for s in &stores {
        assert_eq!(
            interactions::get(s.conn(), call.id).unwrap().notes,
            "Met at the conference."
        );
    }

    // A and B on one side, C on the other.
    net.lossy = true;
    net.groups = Some(vec![0, 0, 1]);
    let edit = |s: &mut Store, company: &str, notes: &dyn Fn(&str) -> String, now| {
        s.write(|tx| {
            let changes = ContactChanges {
                company: Some(company.into()),
                ..Default::default()
            };
            contacts::update(tx, ada.id, changes, now)?;
            let current = interactions::get(tx.conn(), call.id)?.notes;
            let changes = InteractionChanges {
                notes: Some(notes(&current)),
                ..Default::default()
            };
            interactions::update(tx, call.id, changes, now)
        })
        .unwrap();
    };
    edit(
        &mut stores[0],
        "Acme",
        &|n| format!("{n} A: ask about the engine."),
        t(3),
    );
    edit(
        &mut stores[1],
        "Initech",
        &|n| format!("B: send the paper. {n}"),
        t(4),
    );
    stores[2]
        .write(|tx| contacts::delete(tx, ada.id, t(5)))
        .unwrap();

    // The partition lasts until A and B have acknowledged each other everything, despite drops.
    let mut steps = 0;
    while !(net.link_settled(&stores, 0, 1) && net.link_settled(&stores, 1, 0)) || steps < 8 {
        steps += 1;
        assert!(steps < 100, "A and B do not settle: {:?}", net.stats);
        net.step(&mut stores, t(6), 1.0);
    }
    assert!(net.stats.cut_off > 0, "the partition cut nothing off");
    assert!(
        net.stats.dropped > 0,
        "nothing was dropped: {:?}",
        net.stats
    );
    let both = "B: send the paper. Met at the conference. A: ask about the engine.";
    for s in &stores[..2] {
        assert_eq!(interactions::get(s.conn(), call.id).unwrap().notes, both);
        assert_eq!(contacts::get(s.conn(), ada.id).unwrap().deleted_at, None);
    }
    assert_eq!(
        interactions::get(stores[2].conn(), call.id).unwrap().notes,
        "Met at the conference.",
        "C heard from A or B through the partition"
    );
    assert!(contacts::get(stores[2].conn(), ada.id)
        .unwrap()
        .deleted_at
        .is_some());

    net.heal(&mut stores, t(7));
    let company = contacts::get(stores[0].conn(), ada.id).unwrap().company;
    assert!(
        matches!(company.as_deref(), Some("Acme" | "Initech")),
        "{company:?}"
    );
    for s in &stores {
        assert_eq!(interactions::get(s.conn(), call.id).unwrap().notes, both);
        let c = contacts::get(s.conn(), ada.id).unwrap();
        assert!(c.deleted_at.is_some(), "the delete was lost");
        assert_eq!(c.company, company);
    }
    assert_same_heads(&stores);
    assert_converged(&mut stores);
}

// ---------------------------------------------------------------------------------------------
// The property.

#[derive(Clone, Debug)]
struct Round {
    /// (replica, op), made between network steps.
    edits: Vec<(usize, Op)>,
    /// Network steps after the edits.
    steps: u8,
}

#[derive(Clone, Debug)]
struct Scenario {
    replicas: usize,
    /// Each replica's clock is this many minutes off.
    skew_minutes: Vec<i16>,
    rounds: Vec<Round>,
    weather: Weather,
    /// Drives every decision of the network.
    net_seed: u64,
}

fn weather() -> impl Strategy<Value = Weather> {
    (5u32..=40, 5u32..=30, 1u64..=4, 5u32..=40).prop_map(
        |(drop_pct, dup_pct, max_delay, partition_pct)| Weather {
            drop_pct,
            dup_pct,
            max_delay,
            partition_pct,
        },
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (3usize..=5)
        .prop_flat_map(|replicas| {
            let round = (
                proptest::collection::vec((0..replicas, op()), 1..10),
                1u8..=4,
            )
                .prop_map(|(edits, steps)| Round { edits, steps });
            (
                Just(replicas),
                proptest::collection::vec(-90i16..90, replicas),
                proptest::collection::vec(round, 2..8),
                weather(),
                any::<u64>(),
            )
        })
        .prop_map(
            |(replicas, skew_minutes, rounds, weather, net_seed)| Scenario {
                replicas,
                skew_minutes,
                rounds,
                weather,
                net_seed,
            },
        )
}

fn run(scenario: &Scenario) -> Stats {
    let dir = tempfile::tempdir().unwrap();
    let n = scenario.replicas;
    let mut stores: Vec<Store> = (0..n)
        .map(|i| open(dir.path(), &format!("replica{i}")))
        .collect();
    let mut words = Words::default();
    let mut net = Net::new(n, scenario.weather, scenario.net_seed);
    // A shared start, delivered to everyone before the weather turns.
    seed_shared_start(&mut stores[0], &mut words);
    net.heal(&mut stores, Timestamp(T0));
    net.lossy = true;

    let mut tick = 0i64;
    for round in &scenario.rounds {
        for (replica, op) in &round.edits {
            tick += 1;
            let skew = i64::from(scenario.skew_minutes[*replica]);
            let now = Timestamp(T0 + (tick + skew) * 60_000);
            run_op(&mut stores[*replica], *replica, op, now, &mut words);
        }
        for _ in 0..round.steps {
            tick += 1;
            net.step(&mut stores, Timestamp(T0 + tick * 60_000), 0.5);
        }
    }
    tick += 1;
    net.heal(&mut stores, Timestamp(T0 + tick * 60_000));

    assert_converged(&mut stores);
    assert_same_heads(&stores);
    assert_words_kept(&stores, &words);
    net.stats
}

#[test]
fn replicas_converge_through_a_network_that_drops_duplicates_reorders_delays_and_partitions() {
    let config = Config {
        // PROPTEST_CASES=500 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(24),
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    };
    let cases = config.cases;
    let totals = RefCell::new(Stats::default());
    let mut runner = TestRunner::new(config);
    let result = runner.run(&scenario(), |s| {
        let stats = run(&s);
        totals.borrow_mut().add(&stats);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // Over a run of any size, every kind of fault happened and mattered: the test is not
    // passing because the network was kind.
    let t = totals.into_inner();
    eprintln!("the network over {cases} cases: {t:?}");
    if cases >= 16 {
        for (what, count) in [
            ("dropped", t.dropped),
            ("duplicated", t.duplicated),
            ("delayed", t.delayed),
            ("reordered", t.reordered),
            ("partitions", t.partitions),
            ("cut off by a partition", t.cut_off),
            ("arrived before a dependency", t.arrived_early),
            ("recovered by a resend", t.recovered),
        ] {
            assert!(count > 0, "no message was {what} over {cases} cases: {t:?}");
        }
    }
}
