//! Follow-ups: the next thing to do about a person, at a moment. A repeating follow-up schedules
//! its next occurrence when completed.

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

pub mod project;

use automerge::AutoCommit;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use project::{due_by, for_contact, get, list_all, resolve, FollowUps};

use crate::am;
use crate::error::{Error, Result};
use crate::ids::{ContactId, FollowUpId, RecordId};
use crate::store::Tx;
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FollowUpStatus {
    Open,
    Done,
    Dismissed,
}

impl FollowUpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpStatus::Open => "open",
            FollowUpStatus::Done => "done",
            FollowUpStatus::Dismissed => "dismissed",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            FollowUpStatus::Open,
            FollowUpStatus::Done,
            FollowUpStatus::Dismissed,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUp {
    pub id: FollowUpId,
    pub contact_id: ContactId,
    pub due_at: Timestamp,
    pub note: Option<String>,
    pub status: FollowUpStatus,
    pub snoozed_until: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub repeat_every_days: Option<u32>,
    /// The occurrence this one follows, for repeating follow-ups.
    pub previous_id: Option<FollowUpId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

impl FollowUp {
    /// When it next asks for attention: the snooze when snoozed, else the due moment.
    pub fn effective_at(&self) -> Timestamp {
        self.snoozed_until.unwrap_or(self.due_at)
    }
}

/// The fields of a follow-up's document: the one place their keys and shapes are spelled.
pub mod fields {
    use crate::am::field::{Field, Instant, Int, Str};

    pub use crate::am::field::common::{CREATED_AT, DELETED_AT, KIND, UPDATED_AT};
    /// The contact it is about.
    pub const CONTACT_ID: Field<Str> = Field::new("contact_id");
    /// When it is due.
    pub const DUE_AT: Field<Instant> = Field::new("due_at");
    /// What to do.
    pub const NOTE: Field<Str> = Field::new("note");
    /// open, done or dismissed.
    pub const STATUS: Field<Str> = Field::new("status");
    /// When it was put off to.
    pub const SNOOZED_UNTIL: Field<Instant> = Field::new("snoozed_until");
    /// When it was done.
    pub const COMPLETED_AT: Field<Instant> = Field::new("completed_at");
    /// Its repeat, in days.
    pub const REPEAT_EVERY_DAYS: Field<Int> = Field::new("repeat_every_days");
    /// The occurrence it follows.
    pub const PREVIOUS_ID: Field<Str> = Field::new("previous_id");
}

use fields::*;

/// Reads the follow-up a document holds.
pub fn read(doc: &AutoCommit, id: FollowUpId) -> Result<FollowUp> {
    read_root(&am::View::new(&am::View::root(doc)?), id)
}

/// Reads the follow-up from its document's hydrated root.
pub(crate) fn read_root(v: &am::View<'_>, id: FollowUpId) -> Result<FollowUp> {
    let contact = CONTACT_ID.get(v).unwrap_or_default();
    Ok(FollowUp {
        id,
        contact_id: ContactId::parse(&contact, "contact_id")
            .map_err(|e| Error::Corrupt(e.to_string()))?,
        due_at: DUE_AT.require(v)?,
        note: NOTE.get(v),
        status: STATUS
            .get(v)
            .and_then(|s| FollowUpStatus::parse(&s))
            .unwrap_or(FollowUpStatus::Open),
        snoozed_until: SNOOZED_UNTIL.get(v),
        completed_at: COMPLETED_AT.get(v),
        repeat_every_days: REPEAT_EVERY_DAYS
            .get(v)
            .and_then(|d| u32::try_from(d).ok())
            .filter(|d| *d > 0),
        previous_id: PREVIOUS_ID
            .get(v)
            .and_then(|p| FollowUpId::parse(&p, "previous_id").ok()),
        created_at: CREATED_AT.require(v)?,
        updated_at: UPDATED_AT.require(v)?,
        deleted_at: DELETED_AT.get(v),
    })
}

fn check_repeat(every: Option<u32>) -> Result<()> {
    match every {
        Some(d) if d == 0 || d > 3650 => Err(Error::invalid(
            "every",
            format!("{d} is not between 1 and 3650 days"),
        )),
        _ => Ok(()),
    }
}

/// Adds an open follow-up for a live contact.
pub fn create(
    tx: &mut Tx<'_>,
    contact: ContactId,
    due_at: Timestamp,
    note: Option<&str>,
    repeat_every_days: Option<u32>,
    now: Timestamp,
) -> Result<FollowUp> {
    check_repeat(repeat_every_days)?;
    let person = crate::contacts::get(tx.conn(), contact)?;
    if person.deleted_at.is_some() {
        return Err(Error::invalid(
            "contact",
            format!("{contact} is deleted; restore it first"),
        ));
    }
    let id = FollowUpId::new();
    let mut d = tx.new_doc::<FollowUps>(id)?;
    write_new(
        &mut d.am,
        contact,
        due_at,
        note,
        repeat_every_days,
        None,
        now,
    )?;
    tx.save_or::<FollowUps>(&mut d, now, |c| get(c, id))
}

fn write_new(
    doc: &mut AutoCommit,
    contact: ContactId,
    due_at: Timestamp,
    note: Option<&str>,
    every: Option<u32>,
    previous: Option<FollowUpId>,
    now: Timestamp,
) -> Result<()> {
    CONTACT_ID.put(doc, Some(&contact.to_string()))?;
    DUE_AT.put(doc, Some(due_at))?;
    NOTE.put(doc, note.map(str::trim))?;
    STATUS.put(doc, Some(FollowUpStatus::Open.as_str()))?;
    REPEAT_EVERY_DAYS.put(doc, every.map(i64::from))?;
    PREVIOUS_ID.put(doc, previous.map(|p| p.to_string()).as_deref())?;
    CREATED_AT.put(doc, Some(now))?;
    Ok(())
}

/// The id of the occurrence after `prev`, the same on every device, so two devices completing
/// the same repeating follow-up offline schedule one next occurrence, not two.
fn next_id(prev: FollowUpId, due: Timestamp) -> FollowUpId {
    let mut tail = [0u8; 10];
    tail.copy_from_slice(&prev.0.as_bytes()[6..16]);
    FollowUpId(uuid::Builder::from_unix_timestamp_millis(due.0.max(0) as u64, &tail).into_uuid())
}

/// Marks an open follow-up done at `now`. A repeating one schedules its next occurrence on the
/// same wall-clock time `every` days after the due moment, skipping occurrences already past.
/// Returns the completed follow-up and the next one.
pub fn complete(
    tx: &mut Tx<'_>,
    id: FollowUpId,
    now: Timestamp,
    tz: Tz,
) -> Result<(FollowUp, Option<FollowUp>)> {
    let (mut d, f) = open_for_change(tx, id)?;
    STATUS.put(&mut d.am, Some(FollowUpStatus::Done.as_str()))?;
    COMPLETED_AT.put(&mut d.am, Some(now))?;
    let done = tx.save_or::<FollowUps>(&mut d, now, |c| get(c, id))?;
    let next = match f.repeat_every_days {
        Some(every) => {
            let mut k = 1i64;
            let due = loop {
                let candidate = f.due_at.add_local_days(k * i64::from(every), tz);
                if candidate > now {
                    break candidate;
                }
                k += 1;
            };
            let nid = next_id(id, due);
            let mut n = tx.open_or_new::<FollowUps>(nid)?;
            write_new(
                &mut n.am,
                f.contact_id,
                due,
                f.note.as_deref(),
                Some(every),
                Some(id),
                now,
            )?;
            Some(tx.save_or::<FollowUps>(&mut n, now, |c| get(c, nid))?)
        }
        None => None,
    };
    Ok((done, next))
}

/// Puts an open follow-up off until `until`.
pub fn snooze(
    tx: &mut Tx<'_>,
    id: FollowUpId,
    until: Timestamp,
    now: Timestamp,
) -> Result<FollowUp> {
    let (mut d, _) = open_for_change(tx, id)?;
    SNOOZED_UNTIL.put(&mut d.am, Some(until))?;
    tx.save_or::<FollowUps>(&mut d, now, |c| get(c, id))
}

/// Closes an open follow-up without doing it; a repeating one does not schedule another.
pub fn dismiss(tx: &mut Tx<'_>, id: FollowUpId, now: Timestamp) -> Result<FollowUp> {
    let (mut d, _) = open_for_change(tx, id)?;
    STATUS.put(&mut d.am, Some(FollowUpStatus::Dismissed.as_str()))?;
    tx.save_or::<FollowUps>(&mut d, now, |c| get(c, id))
}

/// Soft-deletes a follow-up: it leaves every list and can be restored.
pub fn delete(tx: &mut Tx<'_>, id: FollowUpId, now: Timestamp) -> Result<FollowUp> {
    tx.set_deleted::<FollowUps>(id, Some(now), now)
}

/// Brings a deleted follow-up back.
pub fn restore(tx: &mut Tx<'_>, id: FollowUpId, now: Timestamp) -> Result<FollowUp> {
    tx.set_deleted::<FollowUps>(id, None, now)
}

/// Opens a follow-up that must still be open and not deleted, with what it holds.
fn open_for_change(tx: &Tx<'_>, id: FollowUpId) -> Result<(crate::store::Doc, FollowUp)> {
    let d = tx.open::<FollowUps>(id)?;
    let f = read_root(&am::View::new(d.root()), id)?;
    if f.deleted_at.is_some() {
        return Err(Error::invalid(
            FollowUpId::LABEL,
            format!("{id} is deleted"),
        ));
    }
    if f.status != FollowUpStatus::Open {
        return Err(Error::invalid(
            FollowUpId::LABEL,
            format!("{id} is already {}", f.status.as_str()),
        ));
    }
    Ok((d, f))
}
