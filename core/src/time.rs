//! Instants and the user's calendar.
//!
//! Instants are UTC milliseconds ([`Timestamp`]); calendar questions ("today", "tomorrow
//! morning", "in three days") are answered in the user's time zone, which every rule takes as a
//! parameter together with `now`, so nothing here reads the clock.

use std::fmt;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// A moment in time, as UTC milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The system clock. Only binaries call this; library code takes `now` as a parameter.
    pub fn now() -> Self {
        Timestamp(Utc::now().timestamp_millis())
    }

    /// The instant as a chrono UTC time (the earliest one chrono has, if out of its range).
    pub fn to_utc(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The instant of a chrono UTC time, to the millisecond.
    pub fn from_utc(t: DateTime<Utc>) -> Self {
        Timestamp(t.timestamp_millis())
    }

    /// RFC 3339 in UTC with milliseconds: `2026-11-21T18:00:00.000Z`.
    pub fn to_rfc3339(self) -> String {
        self.to_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// Parses RFC 3339 with any offset; `None` if `s` is not RFC 3339.
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| Timestamp(t.timestamp_millis()))
    }

    /// The instant `ms` milliseconds later (earlier if negative), saturating.
    pub fn plus_ms(self, ms: i64) -> Self {
        Timestamp(self.0.saturating_add(ms))
    }

    /// The calendar date of this instant in `tz`.
    pub fn local_date(self, tz: Tz) -> NaiveDate {
        self.to_utc().with_timezone(&tz).date_naive()
    }

    /// Readable local time for people: `2026-11-21 18:00`.
    pub fn display_local(self, tz: Tz) -> String {
        self.to_utc()
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// The same wall-clock time `days` calendar days later in `tz` (so a daily reminder stays at
    /// 09:00 across a DST change).
    pub fn add_local_days(self, days: i64, tz: Tz) -> Self {
        let local = self.to_utc().with_timezone(&tz).naive_local();
        local_to_instant(local + Duration::days(days), tz)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse_rfc3339(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("'{s}' is not an RFC 3339 time")))
    }
}

/// The instant a local wall-clock time names. In a DST gap the clock jumps forward, so the
/// time is read as the moment just after the gap; in an overlap the earlier of the two is meant.
pub fn local_to_instant(local: NaiveDateTime, tz: Tz) -> Timestamp {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Timestamp(t.timestamp_millis()),
        LocalResult::Ambiguous(a, _) => Timestamp(a.timestamp_millis()),
        LocalResult::None => {
            // Walk forward minute by minute until we leave the gap (gaps are at most a few hours).
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return Timestamp(t.timestamp_millis());
                }
            }
            Timestamp(Utc.from_utc_datetime(&local).timestamp_millis())
        }
    }
}

/// Midnight at the start of `date` in `tz`.
pub fn start_of_day(date: NaiveDate, tz: Tz) -> Timestamp {
    local_to_instant(date.and_time(NaiveTime::MIN), tz)
}

/// Parses the `WHEN` that ends a range (`--to`): a bare date means the end of that day, so
/// `--from 2026-11-01 --to 2026-11-30` holds all of November 30th; anything else is read as
/// [`parse_when`] reads it. The result is the last millisecond the range holds.
pub fn parse_when_end(input: &str, now: Timestamp, tz: Tz, what: &str) -> Result<Timestamp> {
    let at = parse_when(input, now, tz, what)?;
    match NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d") {
        Ok(d) => Ok(start_of_day(d.succ_opt().unwrap_or(d), tz).plus_ms(-1)),
        Err(_) => Ok(at),
    }
}

/// Parses the `WHEN` of the CLI: ISO dates (local midnight) and date-times (local unless they
/// carry an offset), `now`, `today`, `tomorrow`, `yesterday`, `HH:MM` (today), and relative forms
/// `+3d`, `-2h`, `+30m`, `+1w`. `what` names the argument in the error.
pub fn parse_when(input: &str, now: Timestamp, tz: Tz, what: &str) -> Result<Timestamp> {
    let s = input.trim();
    let bad = || {
        Error::invalid(
            what,
            format!(
                "'{s}' is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM, HH:MM, now, today, \
                 tomorrow, or +3d / +2h / +30m / +1w"
            ),
        )
    };
    match s.to_ascii_lowercase().as_str() {
        "now" | "today" => return Ok(now),
        "tomorrow" => return Ok(now.add_local_days(1, tz)),
        "yesterday" => return Ok(now.add_local_days(-1, tz)),
        _ => {}
    }
    if let Some(rest) = s
        .strip_prefix('+')
        .map(|r| (1, r))
        .or(s.strip_prefix('-').map(|r| (-1, r)))
    {
        let (sign, body) = rest;
        let unit = body.chars().last().ok_or_else(bad)?;
        let n: i64 = body[..body.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| bad())?;
        if !(0..=100_000).contains(&n) {
            return Err(bad());
        }
        let n = sign * n;
        return match unit.to_ascii_lowercase() {
            'm' => Ok(now.plus_ms(n * 60_000)),
            'h' => Ok(now.plus_ms(n * 3_600_000)),
            'd' => Ok(now.add_local_days(n, tz)),
            'w' => Ok(now.add_local_days(7 * n, tz)),
            _ => Err(bad()),
        };
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Timestamp(t.timestamp_millis()));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(start_of_day(d, tz));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(local_to_instant(t, tz));
        }
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
        return Ok(local_to_instant(now.local_date(tz).and_time(t), tz));
    }
    Err(bad())
}

/// Is `year` a leap year in the proleptic Gregorian calendar?
pub fn is_leap_year(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

/// The time zone the user lives in: `TZ` when it names an IANA zone, else the system's, else UTC.
pub fn local_time_zone() -> Tz {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|v| v.trim_start_matches(':').parse().ok());
    from_env
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(chrono_tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NY: Tz = chrono_tz::America::New_York;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn when_accepts_iso_relative_and_named_forms() {
        let now = at("2026-03-07T15:00:00Z"); // 10:00 in New York, the day before DST starts
        let p = |s: &str| parse_when(s, now, NY, "--due").unwrap();
        assert_eq!(p("now"), now);
        assert_eq!(p("today"), now);
        assert_eq!(p("+2h"), at("2026-03-07T17:00:00Z"));
        assert_eq!(p("+30m"), at("2026-03-07T15:30:00Z"));
        // Calendar days keep the wall-clock time across the DST change.
        assert_eq!(p("tomorrow"), at("2026-03-08T14:00:00Z"));
        assert_eq!(p("+1d"), at("2026-03-08T14:00:00Z"));
        assert_eq!(p("-1w"), at("2026-02-28T15:00:00Z"));
        assert_eq!(p("2026-04-01"), at("2026-04-01T04:00:00Z"));
        assert_eq!(p("2026-04-01T09:30"), at("2026-04-01T13:30:00Z"));
        assert_eq!(p("2026-04-01 09:30"), at("2026-04-01T13:30:00Z"));
        assert_eq!(p("2026-04-01T09:30:00+02:00"), at("2026-04-01T07:30:00Z"));
        assert_eq!(p("18:00"), at("2026-03-07T23:00:00Z"));
    }

    #[test]
    fn a_range_ending_on_a_date_holds_that_whole_day() {
        let now = at("2026-03-07T15:00:00Z");
        let end = |s: &str| parse_when_end(s, now, NY, "--to").unwrap();
        // The day DST starts in New York has 23 hours; its last millisecond is 03:59:59.999Z.
        assert_eq!(end("2026-03-08"), at("2026-03-09T03:59:59.999Z"));
        assert_eq!(end("2026-03-08T09:00"), at("2026-03-08T13:00:00Z"));
        assert_eq!(end("now"), now);
        assert!(matches!(
            parse_when_end("someday", now, NY, "--to"),
            Err(Error::Invalid { what, .. }) if what == "--to"
        ));
    }

    #[test]
    fn malformed_when_names_the_argument() {
        let now = at("2026-03-07T15:00:00Z");
        for bad in ["", "soon", "+3", "+x d", "2026-13-01", "+3y", "25:00"] {
            match parse_when(bad, now, NY, "--at") {
                Err(Error::Invalid { what, .. }) => assert_eq!(what, "--at"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn a_time_in_the_spring_gap_is_read_as_just_after_it() {
        let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(local_to_instant(gap, NY), at("2026-03-08T07:00:00Z"));
        let overlap = NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        assert_eq!(
            local_to_instant(overlap, NY),
            at("2026-11-01T05:30:00Z"),
            "the earlier of the two"
        );
    }
}
