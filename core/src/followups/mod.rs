//! Follow-ups: the next thing to do about a person, at a moment. A repeating follow-up schedules
//! its next occurrence when completed.

pub mod project;

use automerge::{AutoCommit, ROOT};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use project::{due_by, for_contact, get, list_all, resolve};

use crate::am;
use crate::error::{Error, Result};
use crate::ids::{ContactId, FollowUpId};
use crate::store::{DocKind, Tx};
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

pub fn read(doc: &AutoCommit, id: FollowUpId) -> Result<FollowUp> {
    read_root(&am::View::new(&am::View::root(doc)?), id)
}

/// Reads the follow-up from its document's hydrated root.
pub(crate) fn read_root(v: &am::View<'_>, id: FollowUpId) -> Result<FollowUp> {
    let contact = v.str("contact_id").unwrap_or_default();
    Ok(FollowUp {
        id,
        contact_id: ContactId::parse(&contact, "contact_id")
            .map_err(|e| Error::Corrupt(e.to_string()))?,
        due_at: v.require_ts("due_at")?,
        note: v.opt_str("note"),
        status: v
            .str("status")
            .and_then(|s| FollowUpStatus::parse(&s))
            .unwrap_or(FollowUpStatus::Open),
        snoozed_until: v.ts("snoozed_until"),
        completed_at: v.ts("completed_at"),
        repeat_every_days: v
            .i64("repeat_every_days")
            .and_then(|d| u32::try_from(d).ok())
            .filter(|d| *d > 0),
        previous_id: v
            .opt_str("previous_id")
            .and_then(|p| FollowUpId::parse(&p, "previous_id").ok()),
        created_at: v.require_ts("created_at")?,
        updated_at: v.require_ts("updated_at")?,
        deleted_at: v.ts("deleted_at"),
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
    let mut d = tx.new_doc(&id.to_string(), DocKind::FollowUp)?;
    write_new(
        &mut d.am,
        contact,
        due_at,
        note,
        repeat_every_days,
        None,
        now,
    )?;
    tx.save_doc(&mut d, now)?;
    get(tx.conn(), id)
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
    am::put_str(doc, &ROOT, "contact_id", Some(&contact.to_string()))?;
    am::put_ts(doc, &ROOT, "due_at", Some(due_at))?;
    am::put_str(doc, &ROOT, "note", note.map(str::trim))?;
    am::put_str(doc, &ROOT, "status", Some(FollowUpStatus::Open.as_str()))?;
    am::put_i64(doc, &ROOT, "repeat_every_days", every.map(i64::from))?;
    am::put_str(
        doc,
        &ROOT,
        "previous_id",
        previous.map(|p| p.to_string()).as_deref(),
    )?;
    am::put_ts(doc, &ROOT, "created_at", Some(now))?;
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
    let mut d = open_for_change(tx, id)?;
    let f = read(&d.am, id)?;
    am::put_str(
        &mut d.am,
        &ROOT,
        "status",
        Some(FollowUpStatus::Done.as_str()),
    )?;
    am::put_ts(&mut d.am, &ROOT, "completed_at", Some(now))?;
    tx.save_doc(&mut d, now)?;
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
            let mut n = tx.open_or_new_doc(&nid.to_string(), DocKind::FollowUp)?;
            write_new(
                &mut n.am,
                f.contact_id,
                due,
                f.note.as_deref(),
                Some(every),
                Some(id),
                now,
            )?;
            tx.save_doc(&mut n, now)?;
            Some(get(tx.conn(), nid)?)
        }
        None => None,
    };
    Ok((get(tx.conn(), id)?, next))
}

/// Puts an open follow-up off until `until`.
pub fn snooze(
    tx: &mut Tx<'_>,
    id: FollowUpId,
    until: Timestamp,
    now: Timestamp,
) -> Result<FollowUp> {
    let mut d = open_for_change(tx, id)?;
    am::put_ts(&mut d.am, &ROOT, "snoozed_until", Some(until))?;
    tx.save_doc(&mut d, now)?;
    get(tx.conn(), id)
}

/// Closes an open follow-up without doing it; a repeating one does not schedule another.
pub fn dismiss(tx: &mut Tx<'_>, id: FollowUpId, now: Timestamp) -> Result<FollowUp> {
    let mut d = open_for_change(tx, id)?;
    am::put_str(
        &mut d.am,
        &ROOT,
        "status",
        Some(FollowUpStatus::Dismissed.as_str()),
    )?;
    tx.save_doc(&mut d, now)?;
    get(tx.conn(), id)
}

pub fn delete(tx: &mut Tx<'_>, id: FollowUpId, now: Timestamp) -> Result<FollowUp> {
    tx.set_deleted(&id.to_string(), DocKind::FollowUp, Some(now), now)?;
    get(tx.conn(), id)
}

pub fn restore(tx: &mut Tx<'_>, id: FollowUpId, now: Timestamp) -> Result<FollowUp> {
    tx.set_deleted(&id.to_string(), DocKind::FollowUp, None, now)?;
    get(tx.conn(), id)
}

/// Opens a follow-up that must still be open and not deleted.
fn open_for_change(tx: &Tx<'_>, id: FollowUpId) -> Result<crate::store::Doc> {
    let d = tx.open_record(&id.to_string(), DocKind::FollowUp)?;
    let f = read(&d.am, id)?;
    if f.deleted_at.is_some() {
        return Err(Error::invalid("follow-up", format!("{id} is deleted")));
    }
    if f.status != FollowUpStatus::Open {
        return Err(Error::invalid(
            "follow-up",
            format!("{id} is already {}", f.status.as_str()),
        ));
    }
    Ok(d)
}
