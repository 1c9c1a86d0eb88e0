//! The event writers' contract, checked by a real iCalendar parser (the `icalendar` crate):
//! any note and any name come back as written through escaping and folding, no line is longer
//! than 75 octets, and the times and recurrence rules mean what Kith means.

use chrono::{NaiveDate, TimeZone};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, Event, EventLike};
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::followups::FollowUpStatus;
use crate::ids::FollowUpId;

fn follow_up(note: Option<&str>) -> FollowUp {
    FollowUp {
        id: FollowUpId(Uuid::from_u128(0x0190_e8a0_0000_7000_8000_0000_0000_0001)),
        contact_id: ContactId(Uuid::from_u128(7)),
        due_at: Timestamp::parse_rfc3339("2026-03-10T15:00:00Z").unwrap(),
        note: note.map(str::to_string),
        status: FollowUpStatus::Open,
        snoozed_until: None,
        completed_at: None,
        repeat_every_days: None,
        previous_id: None,
        created_at: Timestamp::parse_rfc3339("2026-03-01T12:00:00Z").unwrap(),
        updated_at: Timestamp::parse_rfc3339("2026-03-02T12:00:00Z").unwrap(),
        deleted_at: None,
    }
}

const NOW: Timestamp = Timestamp(1_773_154_800_000); // 2026-03-10T15:00:00Z

/// One event in a calendar of its own, as the writer folds it.
fn calendar(
    event: impl FnOnce(&mut dyn FnMut(&str) -> io::Result<()>) -> io::Result<()>,
) -> String {
    let mut out = Vec::new();
    let mut w = |line: &str| fold(&mut out, line);
    w("BEGIN:VCALENDAR").unwrap();
    w("VERSION:2.0").unwrap();
    w(&format!("PRODID:{PRODID}")).unwrap();
    event(&mut w).unwrap();
    w("END:VCALENDAR").unwrap();
    String::from_utf8(out).expect("the writer writes UTF-8")
}

fn follow_up_ics(f: &FollowUp, name: &str) -> String {
    calendar(|w| follow_up_event(&mut |l: &str| w(l), f, name, NOW))
}

fn birthday_ics(birthday: &str) -> String {
    let row = BirthdayRow {
        contact_id: ContactId(Uuid::from_u128(9)),
        name: "Ada".into(),
        birthday: Birthday::parse(birthday, "birthday").unwrap(),
        updated_at: NOW,
    };
    calendar(|w| birthday_event(&mut |l: &str| w(l), &row, NOW))
}

/// Every physical line ends in CRLF and is at most 75 octets.
fn assert_folded(ics: &str) {
    assert!(ics.ends_with("\r\n"), "{ics:?}");
    for line in ics.split_terminator("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
}

fn only_event(ics: &str) -> Event {
    let cal: Calendar = ics.parse().unwrap_or_else(|e| panic!("{e}\n{ics}"));
    let mut events: Vec<Event> = cal
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1, "{ics}");
    events.remove(0)
}

#[test]
fn a_follow_up_is_a_30_minute_event_at_its_due_moment_in_utc() {
    let ics = follow_up_ics(&follow_up(Some("send the contract")), "Ada Lovelace");
    assert_folded(&ics);
    assert!(ics.contains("\r\nDTSTART:20260310T150000Z\r\n"), "{ics}");
    assert!(ics.contains("\r\nDURATION:PT30M\r\n"), "{ics}");
    let e = only_event(&ics);
    assert_eq!(
        e.get_uid(),
        Some("followup-0190e8a0-0000-7000-8000-000000000001@kith")
    );
    assert_eq!(
        e.get_summary(),
        Some("Follow up: Ada Lovelace — send the contract")
    );
    assert_eq!(e.get_description(), Some("send the contract"));
    assert_eq!(
        e.get_start(),
        Some(DatePerhapsTime::from(
            chrono::Utc.with_ymd_and_hms(2026, 3, 10, 15, 0, 0).unwrap()
        ))
    );
    assert_eq!(e.get_timestamp(), Some(NOW.to_utc()));
    assert_eq!(
        e.get_last_modified(),
        Some(chrono::Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap())
    );
    // Seconds from 2020-01-01 to 2026-03-02T12:00:00Z.
    assert_eq!(e.get_sequence(), Some(194_616_000));
}

#[test]
fn a_snoozed_follow_up_starts_when_the_snooze_ends_and_a_bare_one_has_no_description() {
    let mut f = follow_up(None);
    f.snoozed_until = Timestamp::parse_rfc3339("2026-03-12T09:30:00.750Z");
    let e = only_event(&follow_up_ics(&f, "Bo"));
    assert_eq!(e.get_summary(), Some("Follow up: Bo"));
    assert_eq!(e.get_description(), None);
    assert_eq!(
        e.get_start(),
        Some(DatePerhapsTime::from(
            chrono::Utc.with_ymd_and_hms(2026, 3, 12, 9, 30, 0).unwrap()
        )),
        "milliseconds are dropped"
    );
}

#[test]
fn a_multi_line_note_puts_its_first_line_in_the_summary_and_all_of_it_in_the_description() {
    let note = "\n  call about the lease\nthen: sign, date; send";
    let e = only_event(&follow_up_ics(&follow_up(Some(note)), "Cy"));
    assert_eq!(
        e.get_summary(),
        Some("Follow up: Cy — call about the lease")
    );
    assert_eq!(
        e.get_description(),
        Some("call about the lease\nthen: sign, date; send")
    );
}

/// The local dates a birthday's event falls on from `from` to `to` (inclusive), by expanding
/// its `DTSTART` and `RRULE` with a real RRULE engine.
fn celebrations(ics: &str, from: i32, to: i32) -> Vec<NaiveDate> {
    let e = only_event(ics);
    let set = e
        .get_recurrence()
        .unwrap_or_else(|err| panic!("{err}\n{ics}"));
    let tz = icalendar::Tz::LOCAL;
    let after = tz.with_ymd_and_hms(from, 1, 1, 0, 0, 0).unwrap();
    let before = tz.with_ymd_and_hms(to, 12, 31, 23, 59, 59).unwrap();
    set.after(after)
        .before(before)
        .all(100)
        .dates
        .into_iter()
        .map(|d| d.date_naive())
        .collect()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_full_birthday_repeats_yearly_from_the_date_of_birth() {
    let ics = birthday_ics("1815-12-10");
    assert_folded(&ics);
    assert!(ics.contains("\r\nRRULE:FREQ=YEARLY\r\n"), "{ics}");
    let e = only_event(&ics);
    assert_eq!(
        e.get_uid(),
        Some("birthday-00000000-0000-0000-0000-000000000009@kith")
    );
    assert_eq!(e.get_summary(), Some("Birthday: Ada"));
    assert_eq!(e.get_description(), Some("Born 10 December 1815."));
    assert_eq!(e.get_start(), Some(DatePerhapsTime::Date(d("1815-12-10"))));
    assert_eq!(e.get_end(), Some(DatePerhapsTime::Date(d("1815-12-11"))));
    assert_eq!(
        celebrations(&ics, 2026, 2028),
        vec![d("2026-12-10"), d("2027-12-10"), d("2028-12-10")]
    );
}

#[test]
fn a_yearless_birthday_is_anchored_in_1604_and_keeps_its_month_and_day() {
    let ics = birthday_ics("--07-04");
    let e = only_event(&ics);
    assert_eq!(e.get_start(), Some(DatePerhapsTime::Date(d("1604-07-04"))));
    assert_eq!(e.get_description(), None, "no year of birth to tell");
    assert_eq!(
        celebrations(&ics, 2026, 2027),
        vec![d("2026-07-04"), d("2027-07-04")]
    );
}

#[test]
fn a_29_february_birthday_falls_on_28_february_in_common_years() {
    for (birthday, start) in [("--02-29", "1604-02-29"), ("2000-02-29", "2000-02-29")] {
        let ics = birthday_ics(birthday);
        assert!(
            ics.contains("\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n"),
            "{ics}"
        );
        let e = only_event(&ics);
        assert_eq!(e.get_start(), Some(DatePerhapsTime::Date(d(start))));
        assert_eq!(
            celebrations(&ics, 2026, 2029),
            vec![
                d("2026-02-28"),
                d("2027-02-28"),
                d("2028-02-29"),
                d("2029-02-28")
            ],
            "{birthday}"
        );
    }
}

/// Text a note or a name may hold: iCalendar's separators and escapes, line breaks of every
/// kind, right-to-left scripts and overrides, emoji with joiners, long runs that must fold.
fn text() -> impl Strategy<Value = String> {
    // '|' separates the pieces.
    let fixed = ",|;|:|\\|\\n|\\,|\"|\n|\r\n|\r|\t| |שלום|مرحبا|\u{202E}abc|😀|👨‍👩‍👧|é|\u{7}";
    let piece = prop_oneof![
        prop::sample::select(fixed.split('|').collect::<Vec<_>>()).prop_map(str::to_string),
        "[a-zA-Z0-9@.+-]{1,30}",
        "\\PC{1,6}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

/// What a note reads as after the writer: trimmed, ASCII controls other than tab and line
/// breaks gone, then line breaks as `\n` (so a CR and an LF a bell apart are one CRLF, as the
/// writer drops the bell before it reads the line breaks).
fn as_written(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_ascii_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_note_and_name_round_trip_through_escaping_and_folding(
        note in text().prop_filter("not blank", |s| !s.trim().is_empty()),
        name in text().prop_map(|s| s.replace(['\r', '\n'], " ").trim().to_string())
            .prop_filter("not blank", |s| !s.is_empty()),
    ) {
        let ics = follow_up_ics(&follow_up(Some(&note)), &name);
        assert_folded(&ics);
        let e = only_event(&ics);
        let description = as_written(&note);
        prop_assert_eq!(e.get_description(), Some(description.as_str()), "{}", ics);
        let summary = e.get_summary().unwrap_or_default().to_string();
        let expected_name = format!("Follow up: {}", as_written(&name));
        prop_assert!(summary.starts_with(&expected_name), "{} in\n{}", summary, ics);
    }
}
