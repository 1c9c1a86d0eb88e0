//! Open follow-ups and birthdays as one iCalendar file (RFC 5545), for a calendar app to import
//! or subscribe to.
//!
//! Choices, each so that a calendar that imports the file again updates what it has:
//!
//! - **`UID`** comes from the record id (`followup-<follow-up id>@kith`,
//!   `birthday-<contact id>@kith`), so the same item always has the same `UID` and two items
//!   never share one. **`SEQUENCE`** and **`LAST-MODIFIED`** come from the record's
//!   `updated_at`, so an edited record wins over the copy a calendar holds; **`DTSTAMP`** is the
//!   moment of the export.
//! - **Follow-ups** are 30-minute events at the moment they next ask for attention (the snooze
//!   when snoozed, else the due moment), written in UTC so the file needs no `VTIMEZONE`; the
//!   calendar shows them in its own zone. Only open follow-ups of live contacts are written:
//!   done, dismissed and deleted ones drop out of the next export.
//! - **Birthdays** are all-day events repeating every year (`RRULE:FREQ=YEARLY`) from the date
//!   of birth. 29 February repeats on the last day of February
//!   (`RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1`), which is 28 February in common years, as
//!   Kith's own reminders have it.
//! - **Text** is escaped and lines folded at 75 octets as [`super::content_line`] does for
//!   vCard; control characters other than tab, which `TEXT` may not hold, are dropped.

use std::io::{self, Write};

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;

use super::content_line::{fold, text};
use crate::birthday::Birthday;
use crate::error::{Error, Result};
use crate::followups::{self, FollowUp};
use crate::ids::ContactId;
use crate::time::Timestamp;

/// The `PRODID` of every calendar Kith writes.
pub const PRODID: &str = "-//Kith//Kith CRM//EN";

/// How long a follow-up's event lasts in the calendar.
const FOLLOW_UP_DURATION: &str = "PT30M";

/// The year a birthday without one starts repeating from. iCalendar has no yearless date, so a
/// `DTSTART` needs some year: 1604 is far enough back that every celebration a calendar shows
/// comes after it, and it is a leap year, so `--02-29` is a real date in it. Apple's address
/// book uses the same year for the same reason; the year means nothing.
const YEARLESS_ANCHOR: i32 = 1604;

/// The moment `SEQUENCE` counts seconds from: 2020-01-01T00:00:00Z. Counting from here rather
/// than from 1970 keeps the number inside iCalendar's 32-bit `INTEGER` until 2088.
const SEQUENCE_EPOCH_MS: i64 = 1_577_836_800_000;

/// A live contact's birthday, as the event needs it.
struct BirthdayRow {
    contact_id: ContactId,
    name: String,
    birthday: Birthday,
    updated_at: Timestamp,
}

/// Writes every open follow-up of a live contact and every live contact's birthday to `out` as
/// one `VCALENDAR`, stamped `now`; returns how many events.
pub fn write(conn: &Connection, now: Timestamp, out: &mut (impl Write + ?Sized)) -> Result<usize> {
    // No follow-up is due after the end of time: this is every open one, earliest first.
    let open = followups::due_by(conn, Timestamp(i64::MAX))?;
    let birthdays = birthdays(conn)?;
    let mut w = |line: &str| fold(out, line);
    w("BEGIN:VCALENDAR")?;
    w("VERSION:2.0")?;
    w(&format!("PRODID:{PRODID}"))?;
    w("CALSCALE:GREGORIAN")?;
    w("X-WR-CALNAME:Kith")?;
    for (f, name) in &open {
        follow_up_event(&mut w, f, name, now)?;
    }
    for b in &birthdays {
        birthday_event(&mut w, b, now)?;
    }
    w("END:VCALENDAR")?;
    Ok(open.len() + birthdays.len())
}

/// Live contacts with a birthday, in name order.
fn birthdays(conn: &Connection) -> Result<Vec<BirthdayRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, birthday, updated_at FROM contacts
         WHERE birthday IS NOT NULL AND deleted_at IS NULL ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, ContactId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, birthday, updated_at) = row?;
        out.push(BirthdayRow {
            contact_id: id,
            birthday: Birthday::parse(&birthday, "birthday")
                .map_err(|e| Error::Corrupt(format!("contact {id}: {e}")))?,
            name,
            updated_at: Timestamp(updated_at),
        });
    }
    Ok(out)
}

fn follow_up_event(
    w: &mut impl FnMut(&str) -> io::Result<()>,
    f: &FollowUp,
    contact_name: &str,
    now: Timestamp,
) -> io::Result<()> {
    let note = f.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let mut summary = format!("Follow up: {contact_name}");
    let first_line =
        note.and_then(|n| n.split(['\r', '\n']).map(str::trim).find(|l| !l.is_empty()));
    if let Some(first) = first_line {
        summary.push_str(" — ");
        summary.push_str(first);
    }
    w("BEGIN:VEVENT")?;
    w(&format!("UID:followup-{}@kith", f.id))?;
    w(&format!("DTSTAMP:{}", utc(now)))?;
    w(&format!("DTSTART:{}", utc(f.effective_at())))?;
    w(&format!("DURATION:{FOLLOW_UP_DURATION}"))?;
    w(&format!("SUMMARY:{}", ics_text(&summary)))?;
    if let Some(n) = note {
        w(&format!("DESCRIPTION:{}", ics_text(n)))?;
    }
    w(&format!("SEQUENCE:{}", sequence(f.updated_at)))?;
    w(&format!("LAST-MODIFIED:{}", utc(f.updated_at)))?;
    w("END:VEVENT")
}

fn birthday_event(
    w: &mut impl FnMut(&str) -> io::Result<()>,
    b: &BirthdayRow,
    now: Timestamp,
) -> io::Result<()> {
    let born = match b.birthday {
        // iCalendar dates have four-digit years; a year outside them is as good as unknown.
        Birthday::Full(d) if (1..=9999).contains(&d.year()) => Some(d),
        _ => None,
    };
    let start = born.unwrap_or_else(|| b.birthday.in_year(YEARLESS_ANCHOR));
    let rule = if (b.birthday.month(), b.birthday.day()) == (2, 29) {
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    } else {
        "FREQ=YEARLY"
    };
    w("BEGIN:VEVENT")?;
    w(&format!("UID:birthday-{}@kith", b.contact_id))?;
    w(&format!("DTSTAMP:{}", utc(now)))?;
    w(&format!("DTSTART;VALUE=DATE:{}", date(start)))?;
    w(&format!(
        "DTEND;VALUE=DATE:{}",
        date(start + Duration::days(1))
    ))?;
    w(&format!("RRULE:{rule}"))?;
    w(&format!(
        "SUMMARY:{}",
        ics_text(&format!("Birthday: {}", b.name))
    ))?;
    if let Some(d) = born {
        w(&format!("DESCRIPTION:Born {}.", d.format("%-d %B %Y")))?;
    }
    // A birthday does not make anyone busy.
    w("TRANSP:TRANSPARENT")?;
    w(&format!("SEQUENCE:{}", sequence(b.updated_at)))?;
    w(&format!("LAST-MODIFIED:{}", utc(b.updated_at)))?;
    w("END:VEVENT")
}

/// A UTC `DATE-TIME`: `20260310T150000Z`. Milliseconds are dropped; iCalendar has none.
fn utc(t: Timestamp) -> String {
    t.to_utc().format("%Y%m%dT%H%M%SZ").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Seconds since [`SEQUENCE_EPOCH_MS`] at the record's last change: it grows with every edit a
/// second or more apart, which is all a calendar compares it for.
fn sequence(updated_at: Timestamp) -> i64 {
    ((updated_at.0 - SEQUENCE_EPOCH_MS) / 1000).clamp(0, i64::from(i32::MAX))
}

/// A `TEXT` value: control characters other than tab and line breaks dropped, then escaped.
fn ics_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !c.is_ascii_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    text(&kept)
}

#[cfg(test)]
mod tests;
