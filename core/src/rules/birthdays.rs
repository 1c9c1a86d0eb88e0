//! Upcoming birthdays, for full and yearless dates and for 29 February.

use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::birthday::Birthday;
use crate::error::Result;
use crate::ids::ContactId;
use crate::time::{is_leap_year, Timestamp};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// The window from today as month-day ranges, in calendar order (two when it wraps past New
/// Year). In a common year a range that ends on 28 February also takes 29 February, which is
/// celebrated that day.
fn windows(today: NaiveDate, within_days: i64) -> Vec<(u32, u32)> {
    let last = today + Duration::days(within_days.clamp(0, 364));
    let mut ranges = if last.year() > today.year() {
        vec![
            (md(today), 1231, today.year()),
            (101, md(last), last.year()),
        ]
    } else {
        vec![(md(today), md(last), today.year())]
    };
    for (_, end, year) in &mut ranges {
        if *end == 228 && !is_leap_year(*year) {
            *end = 229;
        }
    }
    ranges.into_iter().map(|(a, b, _)| (a, b)).collect()
}

const SCOPE: &str =
    "birthday_md IS NOT NULL AND deleted_at IS NULL AND birthday_md BETWEEN ?1 AND ?2";

/// Live contacts whose birthday falls within `within_days` of today (today included), soonest
/// first, at most `limit`. 29 February birthdays are celebrated on 28 February in other years.
pub fn upcoming_birthdays(
    conn: &Connection,
    now: Timestamp,
    tz: Tz,
    within_days: i64,
    limit: u32,
) -> Result<Vec<UpcomingBirthday>> {
    let today = now.local_date(tz);
    let mut out = Vec::new();
    for (a, b) in windows(today, within_days) {
        let want = limit as usize - out.len().min(limit as usize);
        if want == 0 {
            break;
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, name, birthday FROM contacts WHERE {SCOPE} ORDER BY birthday_md LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![a, b, want as i64], |r| {
            Ok((
                r.get::<_, ContactId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, name, text) = row?;
            let Ok(birthday) = Birthday::parse(&text, "birthday") else {
                continue;
            };
            let date = birthday.next_on_or_after(today);
            out.push(UpcomingBirthday {
                contact_id: id,
                name,
                birthday,
                date,
                days_until: (date - today).num_days(),
                turning: birthday.year().map(|y| date.year() - y),
            });
        }
    }
    out.sort_by(|x, y| x.date.cmp(&y.date).then_with(|| x.name.cmp(&y.name)));
    Ok(out)
}

/// How many birthdays [`upcoming_birthdays`] would list without a limit.
pub fn upcoming_birthdays_count(
    conn: &Connection,
    now: Timestamp,
    tz: Tz,
    within_days: i64,
) -> Result<usize> {
    let mut total = 0;
    for (a, b) in windows(now.local_date(tz), within_days) {
        let n: i64 = conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM contacts WHERE {SCOPE}"))?
            .query_row(params![a, b], |r| r.get(0))?;
        total += n as usize;
    }
    Ok(total)
}
