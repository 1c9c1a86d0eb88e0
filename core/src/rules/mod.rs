//! What needs the user's attention, as pure functions of `(store, now, time zone)`: due and
//! overdue follow-ups, people past their keep-in-touch cadence, upcoming birthdays, recent
//! interactions and VIPs. The CLI's dashboard, the desktop app and its reminder clock all ask
//! these; none of them reads the clock.

mod birthdays;

use chrono::Duration;
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::Serialize;

pub use birthdays::{upcoming_birthdays, UpcomingBirthday};

use crate::contacts::{self, Contact, ContactFilter};
use crate::error::Result;
use crate::followups::{self, FollowUp};
use crate::ids::ContactId;
use crate::interactions::{self, Interaction};
use crate::time::{days_ms, start_of_day, Timestamp};

/// A follow-up with the name of the person it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
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

fn contact_name(conn: &Connection, id: ContactId) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT name FROM contacts WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?)
}

/// Open follow-ups due today or earlier, split into overdue and due today.
pub fn due(conn: &Connection, now: Timestamp, tz: Tz) -> Result<DueFollowUps> {
    let today = now.local_date(tz);
    let start_today = start_of_day(today, tz);
    let start_tomorrow = start_of_day(today + Duration::days(1), tz);
    let mut out = DueFollowUps::default();
    for f in followups::due_by(conn, start_tomorrow.plus_ms(-1))? {
        let item = DueFollowUp {
            contact_name: contact_name(conn, f.contact_id)?,
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

/// Active contacts whose last interaction (or creation, when there is none) is at least their
/// cadence in calendar days ago, most overdue first. Logging an interaction resets the clock.
pub fn reach_out(conn: &Connection, now: Timestamp, tz: Tz) -> Result<Vec<ReachOut>> {
    let today = now.local_date(tz);
    // A coarse filter in SQL with a day of slack either way for time zones; the calendar check
    // below decides.
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, keep_in_touch_days, last_contacted_at, created_at FROM contacts
         WHERE keep_in_touch_days IS NOT NULL AND deleted_at IS NULL AND status = 'active'
           AND COALESCE(last_contacted_at, created_at) <= ?1 - (keep_in_touch_days - 2) * ?2",
    )?;
    let rows = stmt.query_map(params![now.0, days_ms(1)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, cadence, last, created) = row?;
        let reference = Timestamp(last.unwrap_or(created));
        let days_since = (today - reference.local_date(tz)).num_days();
        let days_overdue = days_since - i64::from(cadence);
        if days_overdue >= 0 {
            out.push(ReachOut {
                contact_id: ContactId(
                    uuid::Uuid::parse_str(&id).map_err(|e| crate::Error::Corrupt(e.to_string()))?,
                ),
                name,
                keep_in_touch_days: cadence,
                last_contacted_at: last.map(Timestamp),
                days_since,
                days_overdue,
            });
        }
    }
    out.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(out)
}

/// An interaction with the name of the person it was with.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    interactions::recent(conn, now, limit)?
        .into_iter()
        .map(|i| {
            Ok(RecentInteraction {
                contact_name: contact_name(conn, i.contact_id)?,
                interaction: i,
            })
        })
        .collect()
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
pub struct Dashboard {
    pub overdue: Vec<DueFollowUp>,
    pub due_today: Vec<DueFollowUp>,
    pub reach_out: Vec<ReachOut>,
    pub birthdays: Vec<UpcomingBirthday>,
    pub recent_interactions: Vec<RecentInteraction>,
    pub vips: Vec<Contact>,
}

/// How far ahead the dashboard looks for birthdays.
pub const BIRTHDAY_WINDOW_DAYS: i64 = 14;

pub fn dashboard(conn: &Connection, now: Timestamp, tz: Tz) -> Result<Dashboard> {
    let DueFollowUps { overdue, due_today } = due(conn, now, tz)?;
    Ok(Dashboard {
        overdue,
        due_today,
        reach_out: reach_out(conn, now, tz)?,
        birthdays: upcoming_birthdays(conn, now, tz, BIRTHDAY_WINDOW_DAYS)?,
        recent_interactions: recent_interactions(conn, now, 10)?,
        vips: vips(conn, 20)?,
    })
}
