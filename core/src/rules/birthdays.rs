//! Upcoming birthdays, for full and yearless dates and for 29 February.

use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::birthday::Birthday;
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UpcomingBirthday {
    pub contact_id: ContactId,
    pub name: String,
    pub birthday: Birthday,
    /// The local date it is celebrated on.
    pub date: NaiveDate,
    pub days_until: i64,
    /// The age reached that day, when the year of birth is known.
    pub turning: Option<i32>,
}

fn md(d: NaiveDate) -> u32 {
    d.month() * 100 + d.day()
}

/// Live contacts whose birthday falls within `within_days` of today (today included), soonest
/// first. 29 February birthdays are celebrated on 28 February in other years.
pub fn upcoming_birthdays(
    conn: &Connection,
    now: Timestamp,
    tz: Tz,
    within_days: i64,
) -> Result<Vec<UpcomingBirthday>> {
    let today = now.local_date(tz);
    let last = today + Duration::days(within_days.clamp(0, 366));
    // The window as month-day ranges (two when it wraps past New Year); 29 February is always
    // fetched because in common years it is celebrated on the 28th.
    let (a, b) = (md(today), md(last));
    let wraps = last.year() > today.year() || within_days >= 365;
    let (r1, r2) = if wraps {
        ((a, 1231), (101, b))
    } else {
        ((a, b), (0, 0))
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, birthday FROM contacts
         WHERE birthday_md IS NOT NULL AND deleted_at IS NULL
           AND (birthday_md BETWEEN ?1 AND ?2 OR birthday_md BETWEEN ?3 AND ?4 OR birthday_md = 229)",
    )?;
    let rows = stmt.query_map(params![r1.0, r1.1, r2.0, r2.1], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, text) = row?;
        let Ok(birthday) = Birthday::parse(&text, "birthday") else {
            continue;
        };
        let date = birthday.next_on_or_after(today);
        let days_until = (date - today).num_days();
        if days_until > within_days {
            continue;
        }
        out.push(UpcomingBirthday {
            contact_id: ContactId(
                uuid::Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?,
            ),
            name,
            birthday,
            date,
            days_until,
            turning: birthday.year().map(|y| date.year() - y),
        });
    }
    out.sort_by(|x, y| x.date.cmp(&y.date).then_with(|| x.name.cmp(&y.name)));
    Ok(out)
}
