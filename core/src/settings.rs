//! Reminder settings: when Kith may interrupt, and about what.
//!
//! They live in the database file's `meta` table under `setting.<name>`, as the normalised text
//! `kith settings set` wrote (`22:00-07:30`, `on`, `3`), so the CLI and the desktop app read the
//! same values. `meta` is not part of the Automerge log, so settings belong to this file and are
//! not synced: quiet hours are a property of the device that rings, not of the address book.
//!
//! A missing key means the default. Every value is validated and normalised before it is
//! written, so [`Settings::load`] only meets a value it cannot read when the file was edited by
//! hand or by a newer Kith; it says which setting and how to fix it rather than guessing.

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

use chrono::{Duration, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::Store;

/// Prefix of the `meta` keys that hold settings, keeping them apart from sync's own keys.
const META_PREFIX: &str = "setting.";

/// The settings Kith knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKey {
    QuietHours,
    RemindFollowUps,
    RemindKeepInTouch,
    RemindBirthdays,
    BirthdayLeadDays,
    BirthdayTime,
    SnoozeTomorrowTime,
    Theme,
}

/// The form a setting's value takes, which decides how it is parsed and what errors say.
#[derive(Clone, Copy)]
enum Form {
    Window,
    Switch,
    Days {
        max: u32,
    },
    Clock,
    /// One of a fixed set of words.
    OneOf(&'static [&'static str]),
}

impl SettingKey {
    /// Every setting, in the order `kith settings list` shows them.
    pub const ALL: [SettingKey; 8] = [
        SettingKey::QuietHours,
        SettingKey::RemindFollowUps,
        SettingKey::RemindKeepInTouch,
        SettingKey::RemindBirthdays,
        SettingKey::BirthdayLeadDays,
        SettingKey::BirthdayTime,
        SettingKey::SnoozeTomorrowTime,
        SettingKey::Theme,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::QuietHours => "quiet_hours",
            SettingKey::RemindFollowUps => "reminders.followups",
            SettingKey::RemindKeepInTouch => "reminders.keep_in_touch",
            SettingKey::RemindBirthdays => "reminders.birthdays",
            SettingKey::BirthdayLeadDays => "birthday_lead_days",
            SettingKey::BirthdayTime => "birthday_time",
            SettingKey::SnoozeTomorrowTime => "snooze_tomorrow_time",
            SettingKey::Theme => "theme",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
                Error::invalid(
                    "setting",
                    format!("unknown setting '{s}'; known: {}", known.join(", ")),
                )
            })
    }

    /// The value when none is stored, in normalised form.
    pub fn default_value(self) -> &'static str {
        match self {
            SettingKey::QuietHours => "21:00-08:00",
            SettingKey::RemindFollowUps
            | SettingKey::RemindKeepInTouch
            | SettingKey::RemindBirthdays => "on",
            SettingKey::BirthdayLeadDays => "0",
            SettingKey::BirthdayTime | SettingKey::SnoozeTomorrowTime => "09:00",
            SettingKey::Theme => "system",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            SettingKey::QuietHours => {
                "local hours when no reminder interrupts (HH:MM-HH:MM, may wrap midnight; off)"
            }
            SettingKey::RemindFollowUps => "remind me of follow-ups when they fall due (on/off)",
            SettingKey::RemindKeepInTouch => {
                "remind me of people past their keep-in-touch cadence (on/off)"
            }
            SettingKey::RemindBirthdays => "remind me of birthdays (on/off)",
            SettingKey::BirthdayLeadDays => {
                "days before a birthday to remind me (0-30; 0 = on the day only)"
            }
            SettingKey::BirthdayTime => "local time a birthday reminder fires (HH:MM)",
            SettingKey::SnoozeTomorrowTime => {
                "local time \"snooze until tomorrow morning\" means (HH:MM)"
            }
            SettingKey::Theme => {
                "the desktop app's colours (light, dark, or system to follow the OS)"
            }
        }
    }

    fn form(self) -> Form {
        match self {
            SettingKey::QuietHours => Form::Window,
            SettingKey::RemindFollowUps
            | SettingKey::RemindKeepInTouch
            | SettingKey::RemindBirthdays => Form::Switch,
            SettingKey::BirthdayLeadDays => Form::Days { max: 30 },
            SettingKey::BirthdayTime | SettingKey::SnoozeTomorrowTime => Form::Clock,
            SettingKey::Theme => Form::OneOf(&["light", "dark", "system"]),
        }
    }

    fn meta_key(self) -> String {
        format!("{META_PREFIX}{}", self.as_str())
    }

    /// Checks `raw` against this setting's form and returns it normalised; the error names the
    /// setting and the form it expects.
    pub fn normalise(self, raw: &str) -> Result<String> {
        let v = raw.trim();
        let bad =
            |expected: &str| Error::invalid(self.as_str(), format!("'{v}' is not {expected}"));
        match self.form() {
            Form::Window => QuietHours::parse(v)
                .map(|q| q.to_string())
                .ok_or_else(|| bad("a time window; use HH:MM-HH:MM (e.g. 21:00-08:00) or off")),
            Form::Switch => parse_switch(v)
                .map(|on| if on { "on" } else { "off" }.to_string())
                .ok_or_else(|| bad("on or off; use on, off, yes, no, true, false, 1 or 0")),
            Form::Days { max } => v
                .parse::<u32>()
                .ok()
                .filter(|d| *d <= max)
                .map(|d| d.to_string())
                .ok_or_else(|| {
                    bad(&format!(
                        "a number of days; use a whole number from 0 to {max}"
                    ))
                }),
            Form::Clock => parse_clock(v)
                .map(|t| t.format("%H:%M").to_string())
                .ok_or_else(|| bad("a time of day; use HH:MM (e.g. 09:00)")),
            Form::OneOf(words) => words
                .iter()
                .find(|w| w.eq_ignore_ascii_case(v))
                .map(|w| w.to_string())
                .ok_or_else(|| bad(&format!("one of: {}", words.join(", ")))),
        }
    }
}

/// One setting as `kith settings get` and `set` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Setting {
    pub key: &'static str,
    pub value: String,
}

/// One setting as `kith settings list` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingEntry {
    pub key: &'static str,
    pub value: String,
    pub default: &'static str,
    pub description: &'static str,
}

/// The stored value of `key` (or its default), normalised; a stored value that does not read
/// is corrupt, with the fix in the message.
fn stored(store: &Store, key: SettingKey) -> Result<String> {
    match store.meta(&key.meta_key())? {
        None => Ok(key.default_value().to_string()),
        Some(v) => key.normalise(&v).map_err(|_| {
            Error::Corrupt(format!(
                "the stored setting {} is '{v}', which this kith cannot read; \
                 run `kith settings set {} {}` to reset it",
                key.as_str(),
                key.as_str(),
                key.default_value()
            ))
        }),
    }
}

/// Every setting with its value, default and description, in [`SettingKey::ALL`] order.
pub fn list(store: &Store) -> Result<Vec<SettingEntry>> {
    SettingKey::ALL
        .into_iter()
        .map(|k| {
            Ok(SettingEntry {
                key: k.as_str(),
                value: stored(store, k)?,
                default: k.default_value(),
                description: k.description(),
            })
        })
        .collect()
}

/// The value of the setting named `key`.
pub fn get(store: &Store, key: &str) -> Result<Setting> {
    let key = SettingKey::parse(key)?;
    Ok(Setting {
        key: key.as_str(),
        value: stored(store, key)?,
    })
}

/// Validates, normalises and stores `value` for the setting named `key`; on any error nothing
/// is written.
pub fn set(store: &mut Store, key: &str, value: &str) -> Result<Setting> {
    let key = SettingKey::parse(key)?;
    let value = key.normalise(value)?;
    store.set_meta(&[(&key.meta_key(), Some(&value))])?;
    Ok(Setting {
        key: key.as_str(),
        value,
    })
}

/// The reminder settings, typed, as the reminder clock uses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub quiet_hours: QuietHours,
    pub remind_follow_ups: bool,
    pub remind_keep_in_touch: bool,
    pub remind_birthdays: bool,
    /// Days before a birthday its reminder fires; 0 is on the day only.
    pub birthday_lead_days: u32,
    pub birthday_time: NaiveTime,
    pub snooze_tomorrow_time: NaiveTime,
}

impl Default for Settings {
    fn default() -> Self {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("09:00 is a time");
        Settings {
            quiet_hours: QuietHours::Window {
                start: NaiveTime::from_hms_opt(21, 0, 0).expect("21:00 is a time"),
                end: NaiveTime::from_hms_opt(8, 0, 0).expect("08:00 is a time"),
            },
            remind_follow_ups: true,
            remind_keep_in_touch: true,
            remind_birthdays: true,
            birthday_lead_days: 0,
            birthday_time: nine,
            snooze_tomorrow_time: nine,
        }
    }
}

impl Settings {
    /// Reads every setting from `store`, defaults where none is stored.
    pub fn load(store: &Store) -> Result<Settings> {
        Ok(Settings {
            quiet_hours: typed(store, SettingKey::QuietHours, QuietHours::parse)?,
            remind_follow_ups: typed(store, SettingKey::RemindFollowUps, parse_switch)?,
            remind_keep_in_touch: typed(store, SettingKey::RemindKeepInTouch, parse_switch)?,
            remind_birthdays: typed(store, SettingKey::RemindBirthdays, parse_switch)?,
            birthday_lead_days: typed(store, SettingKey::BirthdayLeadDays, |v| v.parse().ok())?,
            birthday_time: typed(store, SettingKey::BirthdayTime, parse_clock)?,
            snooze_tomorrow_time: typed(store, SettingKey::SnoozeTomorrowTime, parse_clock)?,
        })
    }
}

/// The stored value of `key` read by `parse`. [`stored`] has already checked it against the
/// setting's form, which `parse` accepts, so a `None` here would be a bug between the two.
fn typed<T>(store: &Store, key: SettingKey, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    let v = stored(store, key)?;
    parse(&v).ok_or_else(|| Error::Corrupt(format!("setting {} is '{v}'", key.as_str())))
}

/// Hours of the local day when reminders wait. A window whose end is earlier than its start
/// wraps midnight (`21:00-08:00` is the night); the start is inside the window, the end is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuietHours {
    Off,
    Window { start: NaiveTime, end: NaiveTime },
}

impl QuietHours {
    /// Reads `HH:MM-HH:MM` (spaces around the dash allowed, `H:MM` too) or `off`. A window that
    /// starts where it ends is refused: it would mean either never or always.
    pub fn parse(s: &str) -> Option<QuietHours> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("off") {
            return Some(QuietHours::Off);
        }
        let (a, b) = s.split_once('-')?;
        let (start, end) = (parse_clock(a.trim())?, parse_clock(b.trim())?);
        (start != end).then_some(QuietHours::Window { start, end })
    }

    /// Is `t`, a local wall-clock time, inside quiet hours?
    pub fn contains(&self, t: NaiveTime) -> bool {
        match *self {
            QuietHours::Off => false,
            QuietHours::Window { start, end } if start < end => start <= t && t < end,
            QuietHours::Window { start, end } => t >= start || t < end,
        }
    }

    /// The first local moment at or after `at` outside quiet hours: `at` itself when it is not
    /// quiet, else the end of the window it falls in (the next morning, for a window that wraps
    /// midnight entered in the evening). Turning that into an instant, DST gaps included, is
    /// [`crate::time::local_to_instant`]'s job.
    pub fn end_after(&self, at: NaiveDateTime) -> NaiveDateTime {
        let QuietHours::Window { start, end } = *self else {
            return at;
        };
        if !self.contains(at.time()) {
            return at;
        }
        // In a wrapping window, times from `start` to midnight end the next day.
        let next_day = start > end && at.time() >= start;
        let date = if next_day {
            at.date() + Duration::days(1)
        } else {
            at.date()
        };
        date.and_time(end)
    }
}

impl std::fmt::Display for QuietHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QuietHours::Off => f.write_str("off"),
            QuietHours::Window { start, end } => {
                write!(f, "{}-{}", start.format("%H:%M"), end.format("%H:%M"))
            }
        }
    }
}

fn parse_switch(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" | "1" => Some(true),
        "off" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// `HH:MM` or `H:MM`, 00:00 to 23:59; no seconds, no `24:00`.
fn parse_clock(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    let digits =
        |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h, &[1, 2]) || !digits(m, &[2]) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

#[cfg(test)]
mod tests;
