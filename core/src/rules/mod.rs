//! What needs the user's attention, as pure functions of `(store, now, time zone)`: due and
//! overdue follow-ups, people past their keep-in-touch cadence, upcoming birthdays, recent
//! interactions and VIPs. The CLI's dashboard, the desktop app and its reminder clock all ask
//! these; none of them reads the clock.

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

mod birthdays;

use chrono::Duration;
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::Serialize;

pub use birthdays::{upcoming_birthdays, upcoming_birthdays_count, UpcomingBirthday};

use crate::contacts::{self, Contact, ContactFilter};
use crate::error::Result;
use crate::followups::{self, FollowUp};
use crate::ids::ContactId;
use crate::interactions::{self, Interaction};
use crate::time::{start_of_day, Timestamp};

/// A follow-up with the name of the person it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DueFollowUp {
    #[serde(flatten)]
    pub follow_up: FollowUp,
    pub contact_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DueFollowUps {
    /// Due before today began, earliest first.
    pub overdue: Vec<DueFollowUp>,
    /// Due at any time today (local), earliest first.
    pub due_today: Vec<DueFollowUp>,
}

/// Open follow-ups due today or earlier, split into overdue and due today.
pub fn due(conn: &Connection, now: Timestamp, tz: Tz) -> Result<DueFollowUps> {
    let today = now.local_date(tz);
    let start_today = start_of_day(today, tz);
    let start_tomorrow = start_of_day(today + Duration::days(1), tz);
    let mut out = DueFollowUps::default();
    for (f, name) in followups::due_by(conn, start_tomorrow.plus_ms(-1))? {
        let item = DueFollowUp {
            contact_name: name,
            follow_up: f,
        };
        if item.follow_up.effective_at() < start_today {
            out.overdue.push(item);
        } else {
            out.due_today.push(item);
        }
    }
    Ok(out)
}

/// A person past their keep-in-touch cadence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReachOut {
    pub contact_id: ContactId,
    pub name: String,
    pub keep_in_touch_days: u32,
    pub last_contacted_at: Option<Timestamp>,
    /// Calendar days since the last interaction (or since the contact was added).
    pub days_since: i64,
    /// Calendar days past the cadence (0 on the day it falls due).
    pub days_overdue: i64,
}

/// The moment a contact's cadence runs out, and the contacts that have one; both spelled exactly
/// as in the `contacts_reach_out` index so SQLite reads that index in order.
pub(crate) const CADENCE_DUE: &str =
    "COALESCE(last_contacted_at, created_at) + keep_in_touch_days * 86400000";
pub(crate) const CADENCE_SCOPE: &str =
    "keep_in_touch_days IS NOT NULL AND deleted_at IS NULL AND status = 'active'";

type CadenceRow = (ContactId, String, u32, Option<i64>, i64);

fn cadence_rows(
    conn: &Connection,
    sql_tail: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<CadenceRow>> {
    let sql = format!(
        "SELECT id, name, keep_in_touch_days, last_contacted_at, created_at FROM contacts
         WHERE {CADENCE_SCOPE} AND {sql_tail}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(p, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The calendar check: due when at least `cadence` local days have passed since the reference.
fn past_cadence(row: CadenceRow, now: Timestamp, tz: Tz) -> Result<Option<ReachOut>> {
    let (id, name, cadence, last, created) = row;
    let reference = Timestamp(last.unwrap_or(created));
    let days_since = (now.local_date(tz) - reference.local_date(tz)).num_days();
    let days_overdue = days_since - i64::from(cadence);
    if days_overdue < 0 {
        return Ok(None);
    }
    Ok(Some(ReachOut {
        contact_id: id,
        name,
        keep_in_touch_days: cadence,
        last_contacted_at: last.map(Timestamp),
        days_since,
        days_overdue,
    }))
}

/// SQL compares milliseconds; the calendar decides. Two days either way covers any time zone.
const SLACK_MS: i64 = 2 * 86_400_000;

/// Active contacts whose last interaction (or creation, when there is none) is at least their
/// cadence in calendar days ago, most overdue first, at most `limit`. Logging an interaction
/// resets the clock.
pub fn reach_out(conn: &Connection, now: Timestamp, tz: Tz, limit: u32) -> Result<Vec<ReachOut>> {
    let tail = format!("{CADENCE_DUE} <= ?1 ORDER BY {CADENCE_DUE} LIMIT ?2");
    // A few extra rows: those nearest the boundary may fail the calendar check.
    let fetch = i64::from(limit).saturating_add(64);
    let mut out = Vec::new();
    for row in cadence_rows(conn, &tail, params![now.0 + SLACK_MS, fetch])? {
        if let Some(r) = past_cadence(row, now, tz)? {
            out.push(r);
        }
    }
    out.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.name.cmp(&b.name))
    });
    out.truncate(limit as usize);
    Ok(out)
}

/// How many contacts [`reach_out`] would list without a limit.
pub fn reach_out_count(conn: &Connection, now: Timestamp, tz: Tz) -> Result<usize> {
    let certain: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM contacts WHERE {CADENCE_SCOPE} AND {CADENCE_DUE} <= ?1"
        ))?
        .query_row([now.0 - SLACK_MS], |r| r.get(0))?;
    let band = cadence_rows(
        conn,
        &format!("{CADENCE_DUE} > ?1 AND {CADENCE_DUE} <= ?2"),
        params![now.0 - SLACK_MS, now.0 + SLACK_MS],
    )?;
    let mut near = 0;
    for row in band {
        near += usize::from(past_cadence(row, now, tz)?.is_some());
    }
    Ok(certain as usize + near)
}

/// An interaction with the name of the person it was with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecentInteraction {
    #[serde(flatten)]
    pub interaction: Interaction,
    pub contact_name: String,
}

/// The latest interactions that have happened by `now`.
pub fn recent_interactions(
    conn: &Connection,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<RecentInteraction>> {
    Ok(interactions::recent(conn, now, limit)?
        .into_iter()
        .map(|(interaction, contact_name)| RecentInteraction {
            interaction,
            contact_name,
        })
        .collect())
}

/// VIP contacts in name order.
pub fn vips(conn: &Connection, limit: u32) -> Result<Vec<Contact>> {
    contacts::list(
        conn,
        &ContactFilter {
            vip: true,
            limit: Some(limit),
            ..Default::default()
        },
    )
}

/// Everything the dashboard shows, at `now` in `tz`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    pub overdue: Vec<DueFollowUp>,
    pub due_today: Vec<DueFollowUp>,
    /// The most overdue people to reach out to, at most [`DASHBOARD_LIST_LIMIT`].
    pub reach_out: Vec<ReachOut>,
    pub reach_out_total: usize,
    /// The soonest birthdays, at most [`DASHBOARD_LIST_LIMIT`].
    pub birthdays: Vec<UpcomingBirthday>,
    pub birthdays_total: usize,
    pub recent_interactions: Vec<RecentInteraction>,
    pub vips: Vec<Contact>,
}

/// How far ahead the dashboard looks for birthdays.
pub const BIRTHDAY_WINDOW_DAYS: i64 = 14;

/// How many people the dashboard lists per section; the totals say how many there are.
pub const DASHBOARD_LIST_LIMIT: u32 = 20;

pub fn dashboard(conn: &Connection, now: Timestamp, tz: Tz) -> Result<Dashboard> {
    let DueFollowUps { overdue, due_today } = due(conn, now, tz)?;
    Ok(Dashboard {
        overdue,
        due_today,
        reach_out: reach_out(conn, now, tz, DASHBOARD_LIST_LIMIT)?,
        reach_out_total: reach_out_count(conn, now, tz)?,
        birthdays: upcoming_birthdays(conn, now, tz, BIRTHDAY_WINDOW_DAYS, DASHBOARD_LIST_LIMIT)?,
        birthdays_total: upcoming_birthdays_count(conn, now, tz, BIRTHDAY_WINDOW_DAYS)?,
        recent_interactions: recent_interactions(conn, now, 10)?,
        vips: vips(conn, 20)?,
    })
}
