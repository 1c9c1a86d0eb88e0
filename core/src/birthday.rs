//! Birthdays are calendar dates, not instants: a full date, or a month and day without a year
//! (`--MM-DD`, the vCard 4 form). 29 February is celebrated on 28 February in other years.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::time::is_leap_year;

// IPC type: ts-rs copies doc comments into ui/src/lib/bindings.ts; its docs come with the IPC
// rework (see the desktop's bindings).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub enum Birthday {
    Full(NaiveDate),
    Yearless { month: u32, day: u32 },
}

impl Birthday {
    /// Parses `YYYY-MM-DD` or `--MM-DD`; `what` names the input in the error.
    pub fn parse(s: &str, what: &str) -> Result<Self> {
        let s = s.trim();
        let bad =
            |why: &str| Error::invalid(what, format!("'{s}' {why}; use YYYY-MM-DD or --MM-DD"));
        if let Some(md) = s.strip_prefix("--") {
            let (m, d) = md.split_once('-').ok_or_else(|| bad("is not a birthday"))?;
            let (month, day): (u32, u32) = (
                m.parse().map_err(|_| bad("is not a birthday"))?,
                d.parse().map_err(|_| bad("is not a birthday"))?,
            );
            // 2000 is a leap year, so 29 February is accepted.
            NaiveDate::from_ymd_opt(2000, month, day)
                .ok_or_else(|| bad("is not a calendar day"))?;
            return Ok(Birthday::Yearless { month, day });
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Birthday::Full)
            .map_err(|_| bad("is not a date"))
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u32 {
        match self {
            Birthday::Full(d) => d.month(),
            Birthday::Yearless { month, .. } => *month,
        }
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u32 {
        match self {
            Birthday::Full(d) => d.day(),
            Birthday::Yearless { day, .. } => *day,
        }
    }

    /// The year of birth, when it is known.
    pub fn year(&self) -> Option<i32> {
        match self {
            Birthday::Full(d) => Some(d.year()),
            Birthday::Yearless { .. } => None,
        }
    }

    /// The date it is celebrated in `year` (29 February falls back to 28 February).
    pub fn in_year(&self, year: i32) -> NaiveDate {
        let (m, d) = (self.month(), self.day());
        NaiveDate::from_ymd_opt(year, m, d)
            .or_else(|| {
                (m == 2 && d == 29 && !is_leap_year(year))
                    .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
                    .flatten()
            })
            .expect("birthday month and day were validated when parsed")
    }

    /// The first celebration on or after `today`.
    pub fn next_on_or_after(&self, today: NaiveDate) -> NaiveDate {
        let this_year = self.in_year(today.year());
        if this_year >= today {
            this_year
        } else {
            self.in_year(today.year() + 1)
        }
    }
}

impl fmt::Display for Birthday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Birthday::Full(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Birthday::Yearless { month, day } => write!(f, "--{month:02}-{day:02}"),
        }
    }
}

impl Serialize for Birthday {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Birthday {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Birthday::parse(&s, "birthday").map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_yearless_birthdays_round_trip_and_bad_ones_are_refused() {
        for s in ["1990-02-28", "--02-29", "--12-31", "2000-02-29"] {
            assert_eq!(Birthday::parse(s, "b").unwrap().to_string(), s);
        }
        for bad in ["1990-02-29", "--13-01", "--02-30", "12-10", "", "--1-1x"] {
            assert!(Birthday::parse(bad, "b").is_err(), "{bad}");
        }
    }

    #[test]
    fn the_next_celebration_handles_year_end_and_leap_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let leap = Birthday::parse("--02-29", "b").unwrap();
        assert_eq!(leap.next_on_or_after(d("2027-01-01")), d("2027-02-28"));
        assert_eq!(leap.next_on_or_after(d("2028-02-29")), d("2028-02-29"));
        assert_eq!(leap.next_on_or_after(d("2027-03-01")), d("2028-02-29"));
        let nye = Birthday::parse("--12-31", "b").unwrap();
        assert_eq!(nye.next_on_or_after(d("2027-01-01")), d("2027-12-31"));
    }
}
