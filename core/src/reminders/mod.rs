//! Reminders: what should reach the user now — due follow-ups, people past their keep-in-touch
//! cadence, birthdays — once per device, and when to look again.
//!
//! [`plan`] is a pure function of `(file, settings, now, time zone)`: the desktop app's reminder
//! clock asks it what to show, shows it, records it with [`mark_notified`], then sleeps until
//! [`Plan::next`] (or until the data, the clock or the time zone changes). Tests call it with any
//! `now` they like, which is how DST, time-zone changes and a laptop asleep for days are tested.
//!
//! Each occurrence has a key ([`Reminder::key`]) naming exactly what was due:
//!
//! - a follow-up at its effective moment (`f:<id>:<ms>`): snoozing moves the moment, so a
//!   snoozed follow-up reminds again when the snooze ends, and a repeating one's next occurrence
//!   is a new follow-up;
//! - a keep-in-touch cadence running out (`k:<contact>:<reference ms>:<days>`): logging an
//!   interaction moves the reference, which resets the clock for that person;
//! - a birthday on a date (`b:<contact>:<date>`), and its early notice (`b:<contact>:<date>:<lead>`).
//!
//! Keys shown are kept in the file's `notified` table, which is never synced: "already shown"
//! is a fact about this device. A follow-up done on another device is not due any more once
//! its change arrives, so it is never shown here.

use chrono::{Duration, NaiveDate, NaiveTime, Timelike};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::followups::{self, FollowUp};
use crate::ids::ContactId;
use crate::rules::{self, UpcomingBirthday};
use crate::settings::Settings;
use crate::store::Store;
use crate::time::{local_to_instant, Timestamp};

/// How far back a birthday is still worth a reminder on start or after sleep: a birthday last
/// week is still a nudge to write; one from last month is not.
pub const BIRTHDAY_CATCH_UP_DAYS: i64 = 7;

/// The `meta` key holding the end of "Pause reminders for 1 hour" (milliseconds).
const PAUSED_UNTIL: &str = "reminders.paused_until";

/// Before this local hour, "tomorrow morning" means the morning of the day that has just begun:
/// snoozing at 00:30 is meant for the coming morning, not the one after it.
const NIGHT_ENDS_HOUR: u32 = 4;

/// Margin between the order SQL reads cadences in (milliseconds since the reference) and the
/// calendar moments they fall due (local days, at the morning time): one day of time zone, one
/// day of morning time, one of DST.
const CADENCE_MARGIN_MS: i64 = 3 * 86_400_000;

/// What one reminder is about.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// A follow-up fell due.
    FollowUp(FollowUp),
    /// A person is past their keep-in-touch cadence.
    KeepInTouch {
        /// The cadence, in days.
        keep_in_touch_days: u32,
        /// The last interaction with them, if any.
        last_contacted_at: Option<Timestamp>,
        /// Local calendar days since the last interaction (or since the contact was added).
        days_since: i64,
    },
    /// A birthday is today or close.
    Birthday {
        /// This year's (or next year's) date of it.
        date: NaiveDate,
        /// Local days from now until the birthday; negative when it has passed.
        days_until: i64,
        /// The age they turn, when the year of birth is known.
        turning: Option<i32>,
    },
}

/// One occurrence to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Reminder {
    /// Names this occurrence for [`mark_notified`]; see the module documentation.
    pub key: String,
    /// The person it is about.
    pub contact_id: ContactId,
    /// Their name, to show.
    pub contact_name: String,
    /// The moment it came due.
    pub at: Timestamp,
    /// What it is about.
    pub what: What,
}

/// What [`plan`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Due, not yet shown on this device, and allowed now; earliest first.
    pub due: Vec<Reminder>,
    /// Due and not yet shown, but held back by quiet hours or a pause.
    pub held: usize,
    /// When to plan again: the next moment something falls due, or quiet hours or a pause
    /// end. `None` when nothing is ever due.
    pub next: Option<Timestamp>,
}

/// What is due at `now` in `tz`, under `settings`, with reminders paused until `paused_until`.
pub fn plan(
    conn: &Connection,
    settings: &Settings,
    paused_until: Option<Timestamp>,
    now: Timestamp,
    tz: Tz,
) -> Result<Plan> {
    let mut found = Found::default();
    if settings.remind_follow_ups {
        follow_ups(conn, now, &mut found)?;
    }
    if settings.remind_keep_in_touch {
        keep_in_touch(conn, settings.snooze_tomorrow_time, now, tz, &mut found)?;
    }
    if settings.remind_birthdays {
        birthdays(conn, settings, now, tz, &mut found)?;
    }
    let mut due = Vec::with_capacity(found.due.len());
    for r in found.due {
        if !was_notified(conn, &r.key)? {
            due.push(r);
        }
    }
    due.sort_by(|a, b| (a.at, &a.contact_name, &a.key).cmp(&(b.at, &b.contact_name, &b.key)));
    let release = release_at(settings, paused_until, now, tz);
    if release > now && !due.is_empty() {
        return Ok(Plan {
            held: due.len(),
            due: Vec::new(),
            next: Some(release),
        });
    }
    Ok(Plan {
        due,
        held: 0,
        next: found.next,
    })
}

/// [`plan`] with the settings and pause stored in `store`.
pub fn plan_for(store: &Store, now: Timestamp, tz: Tz) -> Result<Plan> {
    let settings = Settings::load(store)?;
    plan(store.conn(), &settings, paused_until(store)?, now, tz)
}

/// The first moment at or after `now` when reminders may interrupt: after the pause, outside
/// quiet hours.
fn release_at(
    settings: &Settings,
    paused_until: Option<Timestamp>,
    now: Timestamp,
    tz: Tz,
) -> Timestamp {
    let mut at = paused_until.filter(|p| *p > now).unwrap_or(now);
    let local = at.to_utc().with_timezone(&tz).naive_local();
    let end = settings.quiet_hours.end_after(local);
    if end != local {
        at = local_to_instant(end, tz).max(at);
    }
    at
}

#[derive(Default)]
struct Found {
    due: Vec<Reminder>,
    next: Option<Timestamp>,
}

impl Found {
    /// Files an occurrence due at `at`: due now, or a candidate for the next wake.
    fn add(&mut self, now: Timestamp, at: Timestamp, make: impl FnOnce() -> Reminder) {
        if at <= now {
            self.due.push(make());
        } else {
            self.later(at);
        }
    }

    fn later(&mut self, at: Timestamp) {
        self.next = Some(self.next.map_or(at, |n| n.min(at)));
    }
}

fn follow_ups(conn: &Connection, now: Timestamp, found: &mut Found) -> Result<()> {
    for (f, name) in followups::due_by(conn, now)? {
        found.due.push(Reminder {
            key: format!("f:{}:{}", f.id, f.effective_at().0),
            contact_id: f.contact_id,
            contact_name: name,
            at: f.effective_at(),
            what: What::FollowUp(f),
        });
    }
    let next: Option<i64> = conn
        .prepare_cached(
            "SELECT MIN(f.effective_at) FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
             WHERE f.status = 'open' AND f.deleted_at IS NULL AND c.deleted_at IS NULL
               AND f.effective_at > ?1",
        )?
        .query_row([now.0], |r| r.get(0))?;
    if let Some(ms) = next {
        found.later(Timestamp(ms));
    }
    Ok(())
}

/// The moment a cadence runs out: the morning of the day `days` local days after `reference`.
fn cadence_due(reference: Timestamp, days: u32, morning: NaiveTime, tz: Tz) -> Timestamp {
    let date = reference.local_date(tz) + Duration::days(i64::from(days));
    local_to_instant(date.and_time(morning), tz)
}

fn keep_in_touch(
    conn: &Connection,
    morning: NaiveTime,
    now: Timestamp,
    tz: Tz,
    found: &mut Found,
) -> Result<()> {
    // Walks the cadence index in order of when each runs out; everything up to `now` (give or
    // take the margin) is due, and the walk stops once it is past the earliest future moment.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, name, keep_in_touch_days, last_contacted_at, created_at, {due} FROM contacts
         WHERE {scope} ORDER BY {due}",
        due = rules::CADENCE_DUE,
        scope = rules::CADENCE_SCOPE,
    ))?;
    let mut rows = stmt.query([])?;
    let today = now.local_date(tz);
    while let Some(r) = rows.next()? {
        let ms: i64 = r.get(5)?;
        if ms > now.0 + CADENCE_MARGIN_MS
            && found.next.is_some_and(|n| ms > n.0 + CADENCE_MARGIN_MS)
        {
            break;
        }
        let (contact_id, name, days): (ContactId, String, u32) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let last: Option<i64> = r.get(3)?;
        let reference = Timestamp(last.unwrap_or(r.get(4)?));
        let at = cadence_due(reference, days, morning, tz);
        found.add(now, at, || Reminder {
            key: format!("k:{contact_id}:{}:{days}", reference.0),
            contact_id,
            contact_name: name,
            at,
            what: What::KeepInTouch {
                keep_in_touch_days: days,
                last_contacted_at: last.map(Timestamp),
                days_since: (today - reference.local_date(tz)).num_days(),
            },
        });
    }
    Ok(())
}

fn birthdays(
    conn: &Connection,
    settings: &Settings,
    now: Timestamp,
    tz: Tz,
    found: &mut Found,
) -> Result<()> {
    let lead = i64::from(settings.birthday_lead_days);
    let today = now.local_date(tz);
    let moment = |date: NaiveDate| local_to_instant(date.and_time(settings.birthday_time), tz);
    let from = now.add_local_days(-BIRTHDAY_CATCH_UP_DAYS, tz);
    let window = BIRTHDAY_CATCH_UP_DAYS + lead + 1;
    let file = |b: UpcomingBirthday, found: &mut Found| {
        let on_the_day = moment(b.date);
        let early = (lead > 0).then(|| moment(b.date - Duration::days(lead)));
        let make = |key: String, at: Timestamp| Reminder {
            key,
            contact_id: b.contact_id,
            contact_name: b.name.clone(),
            at,
            what: What::Birthday {
                date: b.date,
                days_until: (b.date - today).num_days(),
                turning: b.turning,
            },
        };
        // Once the day itself has come, the early notice is superseded by the day's own.
        if let Some(at) = early.filter(|_| on_the_day > now) {
            found.add(now, at, || {
                make(format!("b:{}:{}:{lead}", b.contact_id, b.date), at)
            });
        }
        found.add(now, on_the_day, || {
            make(format!("b:{}:{}", b.contact_id, b.date), on_the_day)
        });
    };
    for b in rules::upcoming_birthdays(conn, from, tz, window, u32::MAX)? {
        file(b, found);
    }
    if found
        .next
        .is_none_or(|n| n.local_date(tz) > today + Duration::days(lead + 1))
    {
        // Nothing sooner: the first birthday beyond the window decides the next wake.
        let beyond = now.add_local_days(lead + 2, tz);
        if let Some(b) = rules::upcoming_birthdays(conn, beyond, tz, 366, 1)?.pop() {
            file(b, found);
        }
    }
    Ok(())
}

fn was_notified(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM notified WHERE key = ?1")?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Records that the occurrences `keys` were shown on this device at `now`.
pub fn mark_notified(conn: &Connection, keys: &[&str], now: Timestamp) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut stmt =
            tx.prepare_cached("INSERT OR IGNORE INTO notified(key, at) VALUES (?1, ?2)")?;
        for key in keys {
            stmt.execute(params![key, now.0])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Until when reminders are paused, if they are.
pub fn paused_until(store: &Store) -> Result<Option<Timestamp>> {
    match store.meta(PAUSED_UNTIL)? {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(|ms| Some(Timestamp(ms)))
            .map_err(|_| Error::Corrupt(format!("{PAUSED_UNTIL} is '{v}', not a time"))),
    }
}

/// Pauses reminders until `until`, or with `None` resumes them.
pub fn pause(store: &mut Store, until: Option<Timestamp>) -> Result<()> {
    let value = until.map(|t| t.0.to_string());
    store.set_meta(&[(PAUSED_UNTIL, value.as_deref())])
}

/// The snooze choices a notification offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Snooze {
    /// An hour from now.
    Hour,
    /// The next (or, in the small hours, the coming) morning, local time.
    TomorrowMorning,
}

/// When a follow-up snoozed at `now` with `choice` asks again. "Tomorrow morning" is the next
/// local `morning`, except in the small hours, when the coming morning is meant.
pub fn snooze_until(choice: Snooze, now: Timestamp, tz: Tz, morning: NaiveTime) -> Timestamp {
    match choice {
        Snooze::Hour => now.plus_ms(3_600_000),
        Snooze::TomorrowMorning => {
            let local = now.to_utc().with_timezone(&tz).naive_local();
            let day = if local.hour() < NIGHT_ENDS_HOUR && local.time() < morning {
                local.date()
            } else {
                local.date() + Duration::days(1)
            };
            local_to_instant(day.and_time(morning), tz)
        }
    }
}

mod notices;

pub use notices::{notices, tray_status, Notice, TrayStatus};

#[cfg(test)]
mod tests;
