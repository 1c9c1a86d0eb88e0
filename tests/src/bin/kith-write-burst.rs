//! `kith-write-burst DB [MAX_WRITES] [SEED]`: hammers a Kith file with small writes until it is
//! killed (or has made `MAX_WRITES`, a million by default), for the crash test.
//!
//! Every write is its own `Store::write` transaction: contact creates with emails, phones and
//! tags, contact edits, soft deletes and restores, interactions and note edits, follow-up
//! creates, snoozes and completions. After each write that committed a change the program prints
//! `SEQ DOC_ID` — the local sequence number and document of the newest row in `changes` — and
//! flushes, so whoever reads stdout knows that change is durable in the file (as far as a killed
//! process, not a lost machine, is concerned). The file may already hold data from an earlier,
//! killed run; the burst carries on editing those records.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use kith_core::contacts::{self, ContactChanges, ContactStatus, Email, Phone};
use kith_core::followups;
use kith_core::ids::{ContactId, FollowUpId, InteractionId};
use kith_core::interactions::{self, InteractionChanges, InteractionKind};
use kith_core::store::Store;
use kith_core::time::Timestamp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HOUR_MS: i64 = 3_600_000;
const TAGS: [&str; 6] = [
    "client", "friend", "investor", "supplier", "press", "family",
];

/// The records the burst knows about, so edits hit existing documents.
#[derive(Default)]
struct Known {
    live: Vec<ContactId>,
    deleted: Vec<ContactId>,
    interactions: Vec<InteractionId>,
    open_follow_ups: Vec<FollowUpId>,
}

fn ids<T>(store: &Store, sql: &str, wrap: fn(uuid::Uuid) -> T) -> anyhow::Result<Vec<T>> {
    let mut stmt = store.conn().prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for id in rows {
        out.push(wrap(uuid::Uuid::parse_str(&id?)?));
    }
    Ok(out)
}

impl Known {
    /// What an earlier run left in the file.
    fn load(store: &Store) -> anyhow::Result<Known> {
        Ok(Known {
            live: ids(store, "SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id", ContactId)?,
            deleted: ids(store, "SELECT id FROM contacts WHERE deleted_at IS NOT NULL ORDER BY id", ContactId)?,
            interactions: ids(
                store,
                "SELECT id FROM interactions WHERE deleted_at IS NULL ORDER BY id",
                InteractionId,
            )?,
            open_follow_ups: ids(
                store,
                "SELECT id FROM follow_ups WHERE status = 'open' AND deleted_at IS NULL ORDER BY id",
                FollowUpId,
            )?,
        })
    }
}

fn pick<T: Copy>(rng: &mut StdRng, from: &[T]) -> Option<T> {
    (!from.is_empty()).then(|| from[rng.random_range(0..from.len())])
}

fn word(rng: &mut StdRng) -> String {
    format!("{:08x}", rng.random::<u32>())
}

fn new_contact(rng: &mut StdRng) -> ContactChanges {
    let n = rng.random_range(0..1_000_000u32);
    let tags: Vec<String> = (0..rng.random_range(0..=3))
        .map(|_| TAGS[rng.random_range(0..TAGS.len())].to_string())
        .collect();
    ContactChanges {
        name: Some(format!("Person {n}")),
        company: Some(format!("Company {}", word(rng))),
        emails: Some(
            (0..rng.random_range(1..=2))
                .map(|i| Email {
                    label: ["work", "home"][i].into(),
                    value: format!("p{n}.{i}@example.com"),
                })
                .collect(),
        ),
        phones: Some(
            (0..rng.random_range(1..=2))
                .map(|i| Phone {
                    label: ["mobile", "office"][i].into(),
                    value: format!("(415) 555-{:04}", rng.random_range(0..10_000)),
                    e164: None,
                })
                .collect(),
        ),
        tags: Some(tags),
        ..Default::default()
    }
}

/// One write in its own transaction. `Ok(false)` when there was nothing to write to.
fn one_write(
    store: &mut Store,
    known: &mut Known,
    rng: &mut StdRng,
    now: Timestamp,
) -> kith_core::Result<bool> {
    match rng.random_range(0..100) {
        // Contacts with emails, phones and tags.
        0..=24 => {
            let changes = new_contact(rng);
            let c = store.write(|tx| contacts::create(tx, changes, now))?;
            known.live.push(c.id);
        }
        // A contact edit touching scalars, the tag set and a background text.
        25..=44 => {
            let Some(id) = pick(rng, &known.live) else {
                return Ok(false);
            };
            let mut changes = ContactChanges {
                company: Some(format!("Company {}", word(rng))),
                vip: Some(rng.random_bool(0.3)),
                status: Some(
                    [ContactStatus::Active, ContactStatus::Inactive][rng.random_range(0..2)],
                ),
                keep_in_touch_days: Some(Some(rng.random_range(7..60))),
                add_tags: vec![TAGS[rng.random_range(0..TAGS.len())].to_string()],
                remove_tags: vec![TAGS[rng.random_range(0..TAGS.len())].to_string()],
                ..Default::default()
            };
            changes
                .add_tags
                .retain(|t| !changes.remove_tags.contains(t));
            let extra = word(rng);
            store.write(move |tx| {
                let current = contacts::get(tx.conn(), id)?;
                changes.background.likes = Some(format!("{} {extra}", current.background.likes));
                contacts::update(tx, id, changes, now)
            })?;
        }
        // Soft delete and restore.
        45..=49 => {
            if rng.random_bool(0.5) && known.live.len() > 3 {
                let i = rng.random_range(0..known.live.len());
                let id = known.live.swap_remove(i);
                store.write(|tx| contacts::delete(tx, id, now))?;
                known.deleted.push(id);
            } else if !known.deleted.is_empty() {
                let i = rng.random_range(0..known.deleted.len());
                let id = known.deleted.swap_remove(i);
                store.write(|tx| contacts::restore(tx, id, now))?;
                known.live.push(id);
            } else {
                return Ok(false);
            }
        }
        // Interactions.
        50..=69 => {
            let Some(contact) = pick(rng, &known.live) else {
                return Ok(false);
            };
            let changes = InteractionChanges {
                kind: Some(InteractionKind::ALL[rng.random_range(0..InteractionKind::ALL.len())]),
                occurred_at: Some(now.plus_ms(-rng.random_range(0..72) * HOUR_MS)),
                notes: Some(format!("talked about {}", word(rng))),
                ..Default::default()
            };
            let i = store.write(|tx| interactions::create(tx, contact, changes, now))?;
            known.interactions.push(i.id);
        }
        // Appending to a note, as the desktop app does while someone types.
        70..=79 => {
            let Some(id) = pick(rng, &known.interactions) else {
                return Ok(false);
            };
            let extra = word(rng);
            store.write(|tx| {
                let current = interactions::get(tx.conn(), id)?;
                let changes = InteractionChanges {
                    notes: Some(format!("{} and {extra}", current.notes)),
                    ..Default::default()
                };
                interactions::update(tx, id, changes, now)
            })?;
        }
        // Follow-ups, some repeating.
        80..=89 => {
            let Some(contact) = pick(rng, &known.live) else {
                return Ok(false);
            };
            let due = now.plus_ms(rng.random_range(-48..240) * HOUR_MS);
            let every = rng.random_bool(0.3).then(|| rng.random_range(1..30));
            let note = format!("follow up on {}", word(rng));
            let f =
                store.write(|tx| followups::create(tx, contact, due, Some(&note), every, now))?;
            known.open_follow_ups.push(f.id);
        }
        // Snoozing and completing them.
        _ => {
            if known.open_follow_ups.is_empty() {
                return Ok(false);
            }
            let i = rng.random_range(0..known.open_follow_ups.len());
            let id = known.open_follow_ups[i];
            if rng.random_bool(0.5) {
                let until = now.plus_ms(rng.random_range(1..48) * HOUR_MS);
                store.write(|tx| followups::snooze(tx, id, until, now))?;
            } else {
                known.open_follow_ups.swap_remove(i);
                let (_, next) = store
                    .write(|tx| followups::complete(tx, id, now, chrono_tz::Europe::Berlin))?;
                known.open_follow_ups.extend(next.map(|n| n.id));
            }
        }
    }
    Ok(true)
}

fn newest_change(store: &Store) -> anyhow::Result<Option<(i64, String)>> {
    use rusqlite::OptionalExtension;
    Ok(store
        .conn()
        .query_row(
            "SELECT seq, doc_id FROM changes ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let path = PathBuf::from(
        args.next()
            .context("usage: kith-write-burst DB [MAX_WRITES] [SEED]")?,
    );
    let max: u64 = match args.next() {
        Some(a) => a
            .to_str()
            .context("MAX_WRITES is not text")?
            .parse()
            .context("MAX_WRITES")?,
        None => 1_000_000,
    };
    let seed: u64 = match args.next() {
        Some(a) => a
            .to_str()
            .context("SEED is not text")?
            .parse()
            .context("SEED")?,
        None => rand::random(),
    };
    let mut store = Store::open(&path, "US")?;
    let mut known = Known::load(&store)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut last_seq = newest_change(&store)?.map_or(0, |(s, _)| s);
    let mut clock = Timestamp::now();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut written = 0;
    while written < max {
        // Strictly increasing, so every change has its own moment even within a millisecond.
        clock = Timestamp::now().max(clock.plus_ms(1));
        match one_write(&mut store, &mut known, &mut rng, clock) {
            Ok(true) => {}
            Ok(false) => continue,
            // The burst's picture of the file can be stale only through its own bugs; a refused
            // edit is skipped, not fatal, but anything else (a database error) is.
            Err(e) if e.is_bad_input() => continue,
            Err(e) => return Err(e).context("write failed"),
        }
        let Some((seq, doc_id)) = newest_change(&store)? else {
            bail!("a write committed without a change")
        };
        if seq == last_seq {
            continue; // the edit changed nothing, so nothing was recorded
        }
        last_seq = seq;
        writeln!(out, "{seq} {doc_id}")?;
        out.flush()?;
        written += 1;
    }
    Ok(())
}
