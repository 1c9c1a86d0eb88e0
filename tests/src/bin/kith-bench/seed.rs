//! A large database, written through kith-core's real write path (`Store::write` +
//! `contacts::create` / `interactions::create` / `followups::create`), many records per
//! transaction so 600k records take minutes.

use std::time::Instant;

use anyhow::{Context, Result};
use chrono_tz::Tz;
use kith_core::contacts;
use kith_core::followups;
use kith_core::ids::ContactId;
use kith_core::interactions::{self, InteractionChanges};
use kith_core::store::Store;
use kith_core::time::Timestamp;
use rand::Rng;
use rusqlite::OptionalExtension;

use crate::data::{Gen, TODO};

pub const DAY: i64 = 86_400_000;
/// The bench's clock, 2026-11-20T17:00:00Z. Seeded records are created in the three years
/// before it; records the timed runs write are created at or after it.
pub const NOW: Timestamp = Timestamp(1_795_194_000_000);
const SPAN: i64 = 3 * 365 * DAY;
const START: i64 = NOW.0 - SPAN;
/// Records per `store.write` transaction while seeding.
pub const BATCH: usize = 1_000;
/// Bumped whenever the generated data changes, so a reused file can be told apart.
pub const SEED_VERSION: u32 = 2;

/// How many seeded records of each kind a file holds (or should hold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub contacts: usize,
    pub interactions: usize,
    pub followups: usize,
}

/// Seeded records: those created before [`NOW`] (timed writes are created after it).
pub fn existing(store: &Store) -> Result<Counts> {
    let count = |table: &str| -> Result<usize> {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE created_at < ?1");
        Ok(store
            .conn()
            .query_row(&sql, [NOW.0], |r| r.get::<_, i64>(0))? as usize)
    };
    Ok(Counts {
        contacts: count("contacts")?,
        interactions: count("interactions")?,
        followups: count("follow_ups")?,
    })
}

struct Seeded {
    id: ContactId,
    created: Timestamp,
    first: &'static str,
    company: Option<&'static str>,
    /// Kept in touch with, or a VIP: these people get half of all interactions.
    engaged: bool,
}

struct Progress {
    what: &'static str,
    total: usize,
    started: Instant,
}

impl Progress {
    fn new(what: &'static str, total: usize) -> Self {
        Progress {
            what,
            total,
            started: Instant::now(),
        }
    }

    fn tick(&self, done: usize) {
        if !done.is_multiple_of(BATCH * 10) && done != self.total {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64();
        let rate = done as f64 / secs.max(1e-9);
        let eta = (self.total - done) as f64 / rate.max(1e-9);
        eprintln!(
            "  {:<13} {done:>8}/{:<8} {rate:>7.0}/s  {secs:>6.1}s  eta {eta:>5.0}s",
            self.what, self.total
        );
    }
}

/// Seeds an empty store with `want` records, `BATCH` per transaction. Returns the seconds taken
/// by each kind.
pub fn seed(store: &mut Store, want: Counts, tz: Tz) -> Result<[f64; 3]> {
    let mut g = Gen::new(0x6b17_4b17);
    let mut people: Vec<Seeded> = Vec::with_capacity(want.contacts);
    // Contacts are added steadily over three years, so row order follows time as in real use.
    let p = Progress::new("contacts", want.contacts);
    for start in (0..want.contacts).step_by(BATCH) {
        let end = (start + BATCH).min(want.contacts);
        store.write(|tx| {
            for i in start..end {
                let created =
                    Timestamp(START + (i as i64 * SPAN) / want.contacts as i64 + g.jitter(DAY / 2));
                let created = Timestamp(created.0.min(NOW.0 - DAY));
                let (changes, first, company) = g.contact();
                let engaged = changes.keep_in_touch_days.is_some() || changes.vip == Some(true);
                let c = contacts::create(tx, changes, created)?;
                people.push(Seeded {
                    id: c.id,
                    created,
                    first,
                    company,
                    engaged,
                });
            }
            Ok(())
        })?;
        p.tick(end);
    }
    let contact_secs = p.started.elapsed().as_secs_f64();
    // Half of all interactions go to the engaged eighth of the people (those the user keeps in
    // touch with, and VIPs); each happens after its contact was added.
    let engaged: Vec<usize> = (0..people.len()).filter(|&i| people[i].engaged).collect();
    let p = Progress::new("interactions", want.interactions);
    for start in (0..want.interactions).step_by(BATCH) {
        let end = (start + BATCH).min(want.interactions);
        store.write(|tx| {
            for k in start..end {
                let at = START + (k as i64 * SPAN) / want.interactions as i64 + g.jitter(DAY / 2);
                let at = at.clamp(START, NOW.0 - 60_000);
                let eligible = people.partition_point(|s| s.created.0 <= at).max(1);
                let e = engaged.partition_point(|&i| i < eligible);
                let who = if e > 0 && g.rng.random_bool(0.5) {
                    engaged[g.index(e)]
                } else {
                    g.index(eligible)
                };
                let person = &people[who];
                let at = at.max(person.created.0 + 60_000);
                let logged = Timestamp((at + g.rng.random_range(0..6 * 3_600_000)).min(NOW.0 - 1));
                let changes = InteractionChanges {
                    kind: Some(g.kind()),
                    occurred_at: Some(Timestamp(at)),
                    notes: Some(g.note(person.first, person.company)),
                    ..Default::default()
                };
                interactions::create(tx, person.id, changes, logged)?;
            }
            Ok(())
        })?;
        p.tick(end);
    }
    let interaction_secs = p.started.elapsed().as_secs_f64();
    // Follow-ups due from four months ago to eight months ahead; most past ones are done, the
    // rest are overdue. Repeating ones are all still ahead.
    let p = Progress::new("follow-ups", want.followups);
    for start in (0..want.followups).step_by(BATCH) {
        let end = (start + BATCH).min(want.followups);
        store.write(|tx| {
            for _ in start..end {
                let person = &people[g.index(people.len())];
                let repeat = g.rng.random_bool(0.1).then(|| g.pick(&[7, 14, 30, 90]));
                let from = if repeat.is_some() {
                    NOW.0
                } else {
                    NOW.0 - 120 * DAY
                };
                let due = g
                    .rng
                    .random_range(from..NOW.0 + 240 * DAY)
                    .max(person.created.0 + DAY);
                let created = Timestamp(
                    (due - g.rng.random_range(DAY..30 * DAY)).clamp(person.created.0, NOW.0 - 1),
                );
                let note = g.rng.random_bool(0.8).then(|| g.pick(TODO));
                let f = followups::create(tx, person.id, Timestamp(due), note, repeat, created)?;
                if due < NOW.0 - DAY && g.rng.random_bool(0.95) {
                    let done = Timestamp((due + g.rng.random_range(0..3 * DAY)).min(NOW.0 - 1));
                    followups::complete(tx, f.id, done, tz)?;
                }
            }
            Ok(())
        })?;
        p.tick(end);
    }
    let followup_secs = p.started.elapsed().as_secs_f64();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    Ok([contact_secs, interaction_secs, followup_secs])
}

/// A seeded contact, spread evenly over the file by a deterministic walk.
pub fn seeded_contact(conn: &rusqlite::Connection, g: &mut Gen, max_pk: i64) -> Result<ContactId> {
    let pk = 1 + g.index(max_pk as usize) as i64;
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM contacts WHERE pk >= ?1 AND created_at < ?2 AND deleted_at IS NULL ORDER BY pk LIMIT 1",
            rusqlite::params![pk, NOW.0],
            |r| r.get(0),
        )
        .optional()?;
    let id = id.context("no seeded contact at or after that row")?;
    Ok(ContactId::parse(&id, "contact id")?)
}
