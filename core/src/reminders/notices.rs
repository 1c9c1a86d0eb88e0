//! What the reminders look like to the user: the text of each notification (one reminder, or
//! several grouped) and the tray's counts.

use chrono_tz::Tz;
use rusqlite::Connection;

use super::{Reminder, What};
use crate::error::Result;
use crate::ids::FollowUpId;
use crate::rules;
use crate::time::Timestamp;

/// One notification to show: one reminder, or several that fell due together.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The notification's title.
    pub summary: String,
    /// Its text.
    pub body: String,
    /// The reminders it carries, for [`mark_notified`](super::mark_notified).
    pub keys: Vec<String>,
    /// Set when the notice is about one follow-up, which can then be done or snoozed in place.
    pub follow_up: Option<FollowUpId>,
    /// The app route clicking the notice opens.
    pub route: String,
}

/// How many reminders a grouped notice names before "and N more".
const GROUP_NAMES: usize = 4;

/// The notifications for reminders due together: one per reminder when there is only one, else
/// one that groups them ("5 follow-ups due").
pub fn notices(due: &[Reminder], tz: Tz) -> Vec<Notice> {
    match due {
        [] => Vec::new(),
        [one] => vec![single(one, tz)],
        many => vec![grouped(many)],
    }
}

fn single(r: &Reminder, tz: Tz) -> Notice {
    let name = &r.contact_name;
    let (summary, body, follow_up) = match &r.what {
        What::FollowUp(f) => {
            let at = f.effective_at().to_utc().with_timezone(&tz);
            let when = format!("Due {}", at.format("%a %-d %b %H:%M"));
            let body = match f.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                Some(note) => format!("{note}\n{when}"),
                None => when,
            };
            (format!("Follow up with {name}"), body, Some(f.id))
        }
        What::KeepInTouch {
            days_since,
            last_contacted_at,
            ..
        } => {
            let body = match last_contacted_at {
                Some(_) => format!("Last contacted {}", days_ago(*days_since)),
                None => format!(
                    "Nothing logged since they were added {}",
                    days_ago(*days_since)
                ),
            };
            (format!("Reach out to {name}"), body, None)
        }
        What::Birthday {
            date,
            days_until,
            turning,
        } => {
            let when = match days_until {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                d if *d > 1 => format!("in {d} days"),
                -1 => "was yesterday".to_string(),
                d => format!("was {} days ago", -d),
            };
            let body = match turning {
                Some(age) if *days_until >= 0 => {
                    format!("Turns {age} on {}", date.format("%A %-d %B"))
                }
                Some(age) => format!("Turned {age} on {}", date.format("%A %-d %B")),
                None => date.format("%A %-d %B").to_string(),
            };
            (format!("{name}'s birthday {when}"), body, None)
        }
    };
    Notice {
        summary,
        body,
        keys: vec![r.key.clone()],
        follow_up,
        route: format!("/contact?id={}", r.contact_id),
    }
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        d => format!("{d} days ago"),
    }
}

fn grouped(many: &[Reminder]) -> Notice {
    let count = |k: fn(&What) -> bool| many.iter().filter(|r| k(&r.what)).count();
    let follow_ups = count(|w| matches!(w, What::FollowUp(_)));
    let reach_out = count(|w| matches!(w, What::KeepInTouch { .. }));
    let birthdays = count(|w| matches!(w, What::Birthday { .. }));
    let summary = if follow_ups == many.len() {
        counted([
            (follow_ups, "follow-up due", "follow-ups due"),
            (0, "", ""),
            (0, "", ""),
        ])
    } else {
        counted([
            (follow_ups, "follow-up", "follow-ups"),
            (
                reach_out,
                "person to reach out to",
                "people to reach out to",
            ),
            (birthdays, "birthday", "birthdays"),
        ])
    };
    let mut lines: Vec<String> = many
        .iter()
        .take(GROUP_NAMES)
        .map(|r| match r.what {
            What::FollowUp(_) => format!("Follow up with {}", r.contact_name),
            What::KeepInTouch { .. } => format!("Reach out to {}", r.contact_name),
            What::Birthday { .. } => format!("{}'s birthday", r.contact_name),
        })
        .collect();
    if many.len() > GROUP_NAMES {
        lines.push(format!("and {} more", many.len() - GROUP_NAMES));
    }
    Notice {
        summary,
        body: lines.join("\n"),
        keys: many.iter().map(|r| r.key.clone()).collect(),
        follow_up: None,
        route: "/".into(),
    }
}

/// What the tray shows: today's due follow-ups and how many things want attention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrayStatus {
    /// Overdue and due-today follow-ups, earliest first, at most the limit asked for.
    pub follow_ups: Vec<rules::DueFollowUp>,
    /// How many follow-ups are overdue or due today in all.
    pub follow_ups_total: usize,
    /// How many of the due follow-ups are overdue (they come first in `follow_ups`).
    pub overdue: usize,
    /// People past their keep-in-touch cadence.
    pub reach_out: usize,
    /// Birthdays today.
    pub birthdays_today: usize,
}

impl TrayStatus {
    /// Everything that wants attention today.
    pub fn total(&self) -> usize {
        self.follow_ups_total + self.reach_out + self.birthdays_today
    }

    /// The tray icon's tooltip.
    pub fn tooltip(&self) -> String {
        if self.total() == 0 {
            return "Kith — nothing due".into();
        }
        let parts = counted([
            (self.follow_ups_total, "follow-up due", "follow-ups due"),
            (
                self.reach_out,
                "person to reach out to",
                "people to reach out to",
            ),
            (self.birthdays_today, "birthday today", "birthdays today"),
        ]);
        format!("Kith — {parts}")
    }
}

/// The tray's view of `now`, listing at most `limit` follow-ups.
pub fn tray_status(conn: &Connection, now: Timestamp, tz: Tz, limit: usize) -> Result<TrayStatus> {
    let due = rules::due(conn, now, tz)?;
    let follow_ups_total = due.overdue.len() + due.due_today.len();
    let overdue = due.overdue.len();
    let follow_ups = due
        .overdue
        .into_iter()
        .chain(due.due_today)
        .take(limit)
        .collect();
    Ok(TrayStatus {
        follow_ups,
        follow_ups_total,
        overdue,
        reach_out: rules::reach_out_count(conn, now, tz)?,
        birthdays_today: rules::upcoming_birthdays_count(conn, now, tz, 0)?,
    })
}

/// "3 follow-ups due, 1 birthday": the counts that are not zero, each in its singular or plural.
fn counted(parts: [(usize, &str, &str); 3]) -> String {
    let parts: Vec<String> = parts
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, more)| format!("{n} {}", if n == 1 { one } else { more }))
        .collect();
    parts.join(", ")
}
