//! `kith followup ics` over a real database file: which follow-ups and birthdays become events,
//! UIDs stable across exports and distinct per item, times and dates that a real iCalendar
//! parser (the `icalendar` crate) reads back as Kith meant them, and `--out` through the binary.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, Event};
use kith_core::{
    birthday::Birthday,
    contacts::{self, ContactChanges},
    export::ics,
    followups,
    store::Store,
    time::Timestamp,
};

use crate::cli::Cli;
use crate::{add, fresh, T0};

fn at(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

fn born(name: &str, birthday: &str) -> ContactChanges {
    ContactChanges {
        name: Some(name.into()),
        birthday: Some(Some(Birthday::parse(birthday, "birthday").unwrap())),
        ..Default::default()
    }
}

fn export(s: &Store, now: Timestamp) -> (usize, String) {
    let mut out = Vec::new();
    let n = ics::write(s.conn(), now, &mut out).unwrap();
    (n, String::from_utf8(out).expect("the writer writes UTF-8"))
}

/// Every physical line ends in CRLF and is at most 75 octets.
fn assert_folded(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(!line.contains(['\r', '\n']), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
}

/// The events of a calendar by UID, through the parser.
fn events(text: &str) -> BTreeMap<String, Event> {
    let cal: Calendar = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(cal.property_value("VERSION"), Some("2.0"));
    assert_eq!(cal.property_value("PRODID"), Some("-//Kith//Kith CRM//EN"));
    assert_eq!(cal.property_value("CALSCALE"), Some("GREGORIAN"));
    let mut by_uid = BTreeMap::new();
    for c in cal.components {
        if let CalendarComponent::Event(e) = c {
            let uid = e.get_uid().expect("every event has a UID").to_string();
            assert!(by_uid.insert(uid.clone(), e).is_none(), "{uid} twice");
        }
    }
    by_uid
}

fn start_utc(e: &Event) -> Timestamp {
    match e.get_start() {
        Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t))) => {
            Timestamp::from_utc(t)
        }
        other => panic!("a follow-up starts at a UTC time, not {other:?}"),
    }
}

fn start_date(e: &Event) -> NaiveDate {
    match e.get_start() {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("a birthday starts on a date, not {other:?}"),
    }
}

#[test]
fn open_follow_ups_and_live_birthdays_become_events_with_stable_distinct_uids() {
    let (_d, mut s) = fresh();
    let ada = add(&mut s, born("Ada Lovelace", "1815-12-10"), T0);
    let bo = add(&mut s, born("Bo", "--02-29"), T0);
    let cy = add(&mut s, born("Cy", "--07-04"), T0);
    let gone = add(&mut s, born("Gone", "1990-01-01"), T0);
    let due = at("2026-03-10T15:00:00Z");
    let note = "send the contract, signed; then\nbook the room 🎉 — שלום";
    let open = s
        .write(|tx| followups::create(tx, ada.id, due, Some(note), None, T0))
        .unwrap();
    let snoozed = s
        .write(|tx| followups::create(tx, bo.id, due, None, Some(7), T0))
        .unwrap();
    let until = at("2026-03-12T08:30:00Z");
    s.write(|tx| followups::snooze(tx, snoozed.id, until, T0))
        .unwrap();
    let done = s
        .write(|tx| followups::create(tx, cy.id, due, Some("done"), None, T0))
        .unwrap();
    s.write(|tx| followups::complete(tx, done.id, T0, chrono_tz::UTC))
        .unwrap();
    let dismissed = s
        .write(|tx| followups::create(tx, cy.id, due, Some("no"), None, T0))
        .unwrap();
    s.write(|tx| followups::dismiss(tx, dismissed.id, T0))
        .unwrap();
    let deleted = s
        .write(|tx| followups::create(tx, cy.id, due, Some("gone"), None, T0))
        .unwrap();
    s.write(|tx| followups::delete(tx, deleted.id, T0)).unwrap();
    s.write(|tx| followups::create(tx, gone.id, due, Some("x"), None, T0))
        .unwrap();
    s.write(|tx| contacts::delete(tx, gone.id, T0)).unwrap();

    let (n, first) = export(&s, T0);
    assert_folded(&first);
    assert!(
        first.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{first}"
    );
    let ev = events(&first);
    assert_eq!(n, ev.len());
    let expected: Vec<String> = vec![
        format!("birthday-{}@kith", ada.id),
        format!("birthday-{}@kith", bo.id),
        format!("birthday-{}@kith", cy.id),
        format!("followup-{}@kith", open.id),
        format!("followup-{}@kith", snoozed.id),
    ];
    let mut uids: Vec<String> = ev.keys().cloned().collect();
    uids.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(
        uids, want,
        "done, dismissed, deleted and deleted contacts' items are left out"
    );

    let f = &ev[&format!("followup-{}@kith", open.id)];
    assert_eq!(start_utc(f), due);
    assert_eq!(
        f.get_summary(),
        Some("Follow up: Ada Lovelace — send the contract, signed; then")
    );
    assert_eq!(f.get_description(), Some(note));
    assert_eq!(f.property_value("DURATION"), Some("PT30M"));
    assert_eq!(
        start_utc(&ev[&format!("followup-{}@kith", snoozed.id)]),
        until,
        "a snoozed follow-up is due when the snooze ends"
    );

    let date = |id: &kith_core::ids::ContactId| start_date(&ev[&format!("birthday-{id}@kith")]);
    assert_eq!(
        date(&ada.id),
        NaiveDate::from_ymd_opt(1815, 12, 10).unwrap()
    );
    for (id, month, day) in [(&bo.id, 2, 29), (&cy.id, 7, 4)] {
        let d = date(id);
        assert_eq!((d.year(), d.month(), d.day()), (1604, month, day));
    }

    // A later export, stamped later, names the same items with the same UIDs; an edit raises
    // that record's SEQUENCE.
    s.write(|tx| followups::snooze(tx, open.id, until, at("2026-03-05T10:00:00Z")))
        .unwrap();
    let (n2, second) = export(&s, at("2026-03-06T00:00:00Z"));
    let ev2 = events(&second);
    assert_eq!(n2, n);
    assert_eq!(
        ev2.keys().collect::<Vec<_>>(),
        ev.keys().collect::<Vec<_>>()
    );
    let uid = format!("followup-{}@kith", open.id);
    assert!(ev2[&uid].get_sequence() > ev[&uid].get_sequence());
    assert_eq!(start_utc(&ev2[&uid]), until);
    assert!(ev2[&uid].get_timestamp() > ev[&uid].get_timestamp());
    let same = format!("birthday-{}@kith", ada.id);
    assert_eq!(ev2[&same].get_sequence(), ev[&same].get_sequence());
}

#[test]
fn an_empty_database_is_a_valid_calendar_with_no_events() {
    let (_d, s) = fresh();
    let (n, text) = export(&s, T0);
    assert_eq!(n, 0);
    assert!(events(&text).is_empty());
    assert_folded(&text);
}

#[test]
fn followup_ics_out_writes_the_file_whole_and_says_how_many_events() {
    let k = Cli::new();
    let id = k.json(&[
        "contact",
        "add",
        "--name",
        "Ada, Countess; of Lovelace",
        "--birthday",
        "--12-10",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    k.json(&[
        "followup",
        "add",
        &id,
        "--due",
        "2026-03-11T09:00",
        "--note",
        "send the contract",
    ]);
    let path = k.dir.path().join("kith.ics");
    let summary = k.json(&["followup", "ics", "--out", path.to_str().unwrap()]);
    assert_eq!(
        summary,
        serde_json::json!({"events": 2, "out": path.display().to_string()})
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_folded(&text);
    let ev = events(&text);
    assert_eq!(ev.len(), 2);
    let followup = ev
        .values()
        .find(|e| e.get_uid().unwrap().starts_with("followup-"))
        .unwrap();
    assert_eq!(
        followup.get_summary(),
        Some("Follow up: Ada, Countess; of Lovelace — send the contract")
    );
    // 09:00 in London (the test's TZ) on 11 March is 09:00 UTC.
    assert_eq!(start_utc(followup), at("2026-03-11T09:00:00Z"));
    // DTSTAMP is the injected clock.
    assert_eq!(
        followup.get_timestamp().map(Timestamp::from_utc),
        Some(at(crate::cli::NOW))
    );
    let leftovers: Vec<_> = std::fs::read_dir(k.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Again: the file is replaced, not appended to, and the UIDs are the same.
    let again = k.run(&["followup", "ics", "--out", path.to_str().unwrap()]);
    assert!(again.status.success());
    assert!(String::from_utf8(again.stdout)
        .unwrap()
        .starts_with("Wrote 2 events"));
    assert_eq!(
        events(&std::fs::read_to_string(&path).unwrap())
            .keys()
            .collect::<Vec<_>>(),
        ev.keys().collect::<Vec<_>>()
    );

    // Without --out the calendar goes to stdout; with --json it would not be JSON.
    let stdout = k.run(&["followup", "ics"]);
    assert!(stdout.status.success());
    assert_eq!(String::from_utf8(stdout.stdout).unwrap(), text);
    let refused = k.run(&["--json", "followup", "ics"]);
    assert_eq!(refused.status.code(), Some(2));
    crate::cli::assert_error_stdout(true, &refused.stdout, &["invalid_input"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("add --out FILE"));
    let nowhere = k.dir.path().join("no/such/dir/kith.ics");
    let bad = k.run(&["followup", "ics", "--out", nowhere.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--out"));
}
