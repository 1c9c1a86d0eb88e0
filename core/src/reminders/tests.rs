//! The reminder clock's rules with an injected clock: DST both ways, a time-zone change, a
//! laptop asleep for days, a repeating follow-up done late, snoozes across midnight, quiet hours,
//! pauses, keep-in-touch reset by an interaction, and 29 February birthdays in common years.

use chrono::{NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::*;
use crate::birthday::Birthday;
use crate::contacts::{self, ContactChanges};
use crate::ids::FollowUpId;
use crate::interactions::{self, InteractionChanges, InteractionKind};
use crate::settings::QuietHours;

const BERLIN: Tz = chrono_tz::Europe::Berlin;
const NEW_YORK: Tz = chrono_tz::America::New_York;

/// The instant a local wall-clock time names in `tz` (`YYYY-MM-DD HH:MM`).
fn at(tz: Tz, s: &str) -> Timestamp {
    local_to_instant(
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
        tz,
    )
}

fn hm(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

/// Reminders always allowed: no quiet hours.
fn loud() -> Settings {
    Settings {
        quiet_hours: QuietHours::Off,
        ..Settings::default()
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
    (dir, store)
}

fn person(
    store: &mut Store,
    name: &str,
    now: Timestamp,
    f: impl FnOnce(&mut ContactChanges),
) -> ContactId {
    let mut c = ContactChanges {
        name: Some(name.into()),
        ..Default::default()
    };
    f(&mut c);
    store.write(|tx| contacts::create(tx, c, now)).unwrap().id
}

fn follow_up(
    store: &mut Store,
    who: ContactId,
    due: Timestamp,
    every: Option<u32>,
    now: Timestamp,
) -> FollowUpId {
    store
        .write(|tx| followups::create(tx, who, due, Some("Send the quote"), every, now))
        .unwrap()
        .id
}

/// Plans at `now`, shows what is due (records it) and returns the plan.
fn ring(store: &Store, settings: &Settings, now: Timestamp, tz: Tz) -> Plan {
    let p = plan(store.conn(), settings, None, now, tz).unwrap();
    let keys: Vec<&str> = p.due.iter().map(|r| r.key.as_str()).collect();
    mark_notified(store.conn(), &keys, now).unwrap();
    p
}

fn names(p: &Plan) -> Vec<&str> {
    p.due.iter().map(|r| r.contact_name.as_str()).collect()
}

#[test]
fn a_follow_up_rings_at_its_moment_once_and_the_next_wake_is_exact() {
    let (_d, mut s) = store();
    let t0 = at(BERLIN, "2027-05-03 08:00");
    let ada = person(&mut s, "Ada", t0, |_| {});
    let due = at(BERLIN, "2027-05-03 14:30");
    follow_up(&mut s, ada, due, None, t0);

    let before = ring(&s, &loud(), t0, BERLIN);
    assert!(before.due.is_empty());
    assert_eq!(
        before.next,
        Some(due),
        "sleeps until exactly the due moment"
    );
    assert!(ring(&s, &loud(), due.plus_ms(-1), BERLIN).due.is_empty());

    let p = ring(&s, &loud(), due, BERLIN);
    assert_eq!(names(&p), ["Ada"]);
    assert_eq!(p.due[0].at, due);
    assert_eq!(p.next, None, "nothing else is ever due");
    assert!(
        ring(&s, &loud(), due.plus_ms(60_000), BERLIN)
            .due
            .is_empty(),
        "shown once"
    );

    // A restart is a new handle on the same file: still shown once.
    let path = s.path();
    drop(s);
    let s = Store::open(&path, "US").unwrap();
    assert!(ring(&s, &loud(), due.plus_ms(3_600_000), BERLIN)
        .due
        .is_empty());
}

#[test]
fn a_daily_follow_up_keeps_its_wall_clock_time_across_dst_both_ways() {
    for (tz, before, after) in [
        // Spring forward: 28 March 2027 in Berlin has 23 hours.
        (BERLIN, "2027-03-27 09:00", "2027-03-28 09:00"),
        // Fall back: 7 November 2027 in New York has 25 hours.
        (NEW_YORK, "2027-11-06 09:00", "2027-11-07 09:00"),
    ] {
        let (_d, mut s) = store();
        let t0 = at(tz, before).plus_ms(-3_600_000);
        let ada = person(&mut s, "Ada", t0, |_| {});
        let first = follow_up(&mut s, ada, at(tz, before), Some(1), t0);
        assert_eq!(names(&ring(&s, &loud(), at(tz, before), tz)), ["Ada"]);
        let done_at = at(tz, before).plus_ms(5 * 60_000);
        s.write(|tx| followups::complete(tx, first, done_at, tz))
            .unwrap();

        let p = ring(&s, &loud(), done_at, tz);
        assert!(p.due.is_empty());
        assert_eq!(
            p.next,
            Some(at(tz, after)),
            "{tz}: the next one is at 09:00 local"
        );
        let hours = (at(tz, after).0 - at(tz, before).0) / 3_600_000;
        assert_eq!(hours, if tz == BERLIN { 23 } else { 25 }, "{tz}");
        assert_eq!(names(&ring(&s, &loud(), at(tz, after), tz)), ["Ada"]);
    }
}

#[test]
fn a_moment_in_the_spring_gap_rings_just_after_it_and_one_in_the_autumn_overlap_rings_once() {
    // Birthdays at 02:30: that time does not exist in Berlin on 28 March 2027.
    let (_d, mut s) = store();
    let t0 = at(BERLIN, "2027-03-01 12:00");
    person(&mut s, "Gap", t0, |c| {
        c.birthday = Some(Some(Birthday::parse("--03-28", "b").unwrap()))
    });
    let settings = Settings {
        birthday_time: hm("02:30"),
        ..loud()
    };
    let p = ring(&s, &settings, at(BERLIN, "2027-03-28 01:00"), BERLIN);
    assert_eq!(p.next, Some(at(BERLIN, "2027-03-28 03:00")));
    assert_eq!(
        names(&ring(&s, &settings, at(BERLIN, "2027-03-28 03:00"), BERLIN)),
        ["Gap"]
    );

    // 01:30 happens twice in New York on 7 November 2027; the birthday rings at the first.
    let (_d2, mut s) = store();
    person(&mut s, "Twice", t0, |c| {
        c.birthday = Some(Some(Birthday::parse("1990-11-07", "b").unwrap()))
    });
    let settings = Settings {
        birthday_time: hm("01:30"),
        ..loud()
    };
    let first = at(NEW_YORK, "2027-11-07 01:30");
    assert_eq!(
        ring(&s, &settings, first.plus_ms(-1), NEW_YORK).next,
        Some(first)
    );
    let p = ring(&s, &settings, first, NEW_YORK);
    assert_eq!(names(&p), ["Twice"]);
    // An hour later the clock reads 01:30 again: nothing new.
    assert!(ring(&s, &settings, first.plus_ms(3_600_000), NEW_YORK)
        .due
        .is_empty());
}

#[test]
fn moving_time_zone_moves_local_reminders_but_never_repeats_one() {
    let (_d, mut s) = store();
    let t0 = at(BERLIN, "2027-06-01 07:00");
    let ada = person(&mut s, "Ada", t0, |c| {
        c.birthday = Some(Some(Birthday::parse("--06-01", "b").unwrap()))
    });
    let call = at(BERLIN, "2027-06-01 12:00");
    follow_up(&mut s, ada, call, None, t0);

    // In Berlin the birthday rings at 09:00 Berlin time, before the 12:00 call.
    assert_eq!(
        ring(&s, &loud(), t0, BERLIN).next,
        Some(at(BERLIN, "2027-06-01 09:00"))
    );
    // The same instant seen from New York (01:00 there): the birthday moves to 09:00 New York
    // time, after the call (06:00 there), which is an instant and does not move.
    let p = plan(s.conn(), &loud(), None, t0, NEW_YORK).unwrap();
    assert_eq!(p.next, Some(call));
    let p = plan(s.conn(), &loud(), None, call.plus_ms(1), NEW_YORK).unwrap();
    assert_eq!(p.next, Some(at(NEW_YORK, "2027-06-01 09:00")));

    // Shown in Berlin at 09:00, then the user flies west: 09:00 in New York shows only the
    // follow-up that fell due meanwhile, not the birthday again.
    assert_eq!(
        names(&ring(&s, &loud(), at(BERLIN, "2027-06-01 09:00"), BERLIN)),
        ["Ada"]
    );
    let p = ring(&s, &loud(), at(NEW_YORK, "2027-06-01 09:00"), NEW_YORK);
    assert_eq!(p.due.len(), 1);
    assert!(matches!(p.due[0].what, What::FollowUp(_)));
}

#[test]
fn a_laptop_asleep_for_three_days_catches_up_once_in_one_group() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-09-06 08:00");
    let ada = person(&mut s, "Ada", t0, |_| {});
    let bob = person(&mut s, "Bob", t0, |c| c.keep_in_touch_days = Some(Some(2)));
    person(&mut s, "Cy", t0, |c| {
        c.birthday = Some(Some(Birthday::parse("1980-09-08", "b").unwrap()))
    });
    follow_up(&mut s, ada, at(tz, "2027-09-06 15:00"), None, t0);
    follow_up(&mut s, bob, at(tz, "2027-09-07 11:00"), None, t0);
    follow_up(&mut s, ada, at(tz, "2027-10-01 09:00"), None, t0);

    let asleep = ring(&s, &loud(), t0, tz);
    assert!(asleep.due.is_empty());
    assert_eq!(asleep.next, Some(at(tz, "2027-09-06 15:00")));

    // The lid opens three days later.
    let woke = at(tz, "2027-09-09 10:00");
    let p = ring(&s, &loud(), woke, tz);
    let mut got = names(&p);
    got.sort();
    assert_eq!(
        got,
        ["Ada", "Bob", "Bob", "Cy"],
        "two follow-ups, a cadence, a birthday"
    );
    assert_eq!(p.next, Some(at(tz, "2027-10-01 09:00")));
    let shown = notices(&p.due, tz);
    assert_eq!(shown.len(), 1, "one grouped notification");
    assert_eq!(
        shown[0].summary,
        "2 follow-ups, 1 person to reach out to, 1 birthday"
    );
    assert_eq!(shown[0].keys.len(), 4);
    assert_eq!(shown[0].route, "/");

    assert!(
        ring(&s, &loud(), woke.plus_ms(1000), tz).due.is_empty(),
        "caught up once"
    );
}

#[test]
fn a_repeating_follow_up_completed_late_skips_the_missed_days_without_ringing_for_them() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-02-01 08:00");
    let ada = person(&mut s, "Ada", t0, |_| {});
    let weekly = follow_up(&mut s, ada, at(tz, "2027-02-01 09:00"), Some(7), t0);
    assert_eq!(
        names(&ring(&s, &loud(), at(tz, "2027-02-01 09:00"), tz)),
        ["Ada"]
    );

    // Done 17 days late: the occurrences of the 8th and 15th are gone, the next is the 22nd.
    let late = at(tz, "2027-02-18 20:00");
    let (_, next) = s
        .write(|tx| followups::complete(tx, weekly, late, tz))
        .unwrap();
    let next = next.unwrap();
    assert_eq!(next.due_at, at(tz, "2027-02-22 09:00"));
    let p = ring(&s, &loud(), late, tz);
    assert!(p.due.is_empty(), "nothing rings for the skipped weeks");
    assert_eq!(p.next, Some(next.due_at));
    assert_eq!(names(&ring(&s, &loud(), next.due_at, tz)), ["Ada"]);
}

#[test]
fn snoozing_across_midnight_rings_again_at_the_new_moment() {
    let (_d, mut s) = store();
    let tz = NEW_YORK;
    let t0 = at(tz, "2027-04-10 20:00");
    let ada = person(&mut s, "Ada", t0, |_| {});
    let id = follow_up(&mut s, ada, at(tz, "2027-04-10 23:30"), None, t0);
    assert_eq!(
        names(&ring(&s, &loud(), at(tz, "2027-04-10 23:30"), tz)),
        ["Ada"]
    );

    let now = at(tz, "2027-04-10 23:31");
    let until = snooze_until(Snooze::Hour, now, tz, hm("09:00"));
    assert_eq!(until, at(tz, "2027-04-11 00:31"));
    s.write(|tx| followups::snooze(tx, id, until, now)).unwrap();
    let p = ring(&s, &loud(), now, tz);
    assert!(p.due.is_empty());
    assert_eq!(p.next, Some(until));
    assert_eq!(
        names(&ring(&s, &loud(), until, tz)),
        ["Ada"],
        "the snooze is a new occurrence"
    );

    // With the default quiet hours the same snooze waits for the morning.
    let (_d2, mut s) = store();
    let ada = person(&mut s, "Ada", t0, |_| {});
    let id = follow_up(&mut s, ada, at(tz, "2027-04-10 20:30"), None, t0);
    s.write(|tx| followups::snooze(tx, id, until, now)).unwrap();
    let quiet = Settings::default();
    let p = ring(&s, &quiet, until, tz);
    assert_eq!((p.due.len(), p.held), (0, 1));
    assert_eq!(p.next, Some(at(tz, "2027-04-11 08:00")));
    assert_eq!(
        names(&ring(&s, &quiet, at(tz, "2027-04-11 08:00"), tz)),
        ["Ada"]
    );
}

#[test]
fn tomorrow_morning_means_the_coming_morning() {
    let tz = BERLIN;
    let nine = hm("09:00");
    let cases = [
        ("2027-04-10 23:30", "2027-04-11 09:00"),
        ("2027-04-11 00:30", "2027-04-11 09:00"),
        ("2027-04-11 10:00", "2027-04-12 09:00"),
        ("2027-04-11 05:00", "2027-04-12 09:00"),
        // The night before spring forward: still 09:00 local.
        ("2027-03-27 22:00", "2027-03-28 09:00"),
    ];
    for (now, want) in cases {
        assert_eq!(
            snooze_until(Snooze::TomorrowMorning, at(tz, now), tz, nine),
            at(tz, want),
            "{now}"
        );
    }
}

#[test]
fn quiet_hours_hold_what_comes_due_until_they_end_and_a_pause_does_the_same() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-07-01 12:00");
    let ada = person(&mut s, "Ada", t0, |_| {});
    follow_up(&mut s, ada, at(tz, "2027-07-01 22:15"), None, t0);
    let quiet = Settings::default(); // 21:00-08:00

    let evening = ring(&s, &quiet, t0, tz);
    assert_eq!(evening.next, Some(at(tz, "2027-07-01 22:15")));
    let night = ring(&s, &quiet, at(tz, "2027-07-01 22:15"), tz);
    assert_eq!((night.due.len(), night.held), (0, 1));
    assert_eq!(night.next, Some(at(tz, "2027-07-02 08:00")));
    assert_eq!(
        names(&ring(&s, &quiet, at(tz, "2027-07-02 08:00"), tz)),
        ["Ada"]
    );

    // Paused for an hour at 10:00: the 10:30 follow-up waits for 11:00.
    follow_up(&mut s, ada, at(tz, "2027-07-02 10:30"), None, t0);
    let until = Some(at(tz, "2027-07-02 11:00"));
    let p = plan(s.conn(), &quiet, until, at(tz, "2027-07-02 10:30"), tz).unwrap();
    assert_eq!((p.due.len(), p.held, p.next), (0, 1, until));
    let p = plan(s.conn(), &quiet, until, at(tz, "2027-07-02 11:00"), tz).unwrap();
    assert_eq!(p.due.len(), 1);

    // A pause that ends inside quiet hours holds until they end.
    let late_pause = Some(at(tz, "2027-07-02 21:30"));
    let p = plan(s.conn(), &quiet, late_pause, at(tz, "2027-07-02 20:45"), tz).unwrap();
    assert_eq!(p.next, Some(at(tz, "2027-07-03 08:00")));

    // Stored pause, as the tray sets it.
    pause(&mut s, until).unwrap();
    assert_eq!(paused_until(&s).unwrap(), until);
    pause(&mut s, None).unwrap();
    assert_eq!(paused_until(&s).unwrap(), None);
}

#[test]
fn logging_an_interaction_resets_the_keep_in_touch_clock() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-01-04 18:00");
    let bob = person(&mut s, "Bob", t0, |c| c.keep_in_touch_days = Some(Some(7)));
    let due = at(tz, "2027-01-11 09:00");
    assert_eq!(ring(&s, &loud(), t0, tz).next, Some(due));
    let p = ring(&s, &loud(), due, tz);
    assert_eq!(names(&p), ["Bob"]);
    let What::KeepInTouch { days_since, .. } = p.due[0].what else {
        panic!("a keep-in-touch reminder")
    };
    assert_eq!(days_since, 7);
    assert_eq!(notices(&p.due, tz)[0].summary, "Reach out to Bob");
    assert_eq!(
        notices(&p.due, tz)[0].body,
        "Nothing logged since they were added 7 days ago"
    );

    // Not repeated while ignored…
    assert!(ring(&s, &loud(), at(tz, "2027-01-13 09:00"), tz)
        .due
        .is_empty());
    // …and a call on the 13th resets the clock: next due on the 20th.
    let call = at(tz, "2027-01-13 12:00");
    s.write(|tx| {
        interactions::create(
            tx,
            bob,
            InteractionChanges {
                kind: Some(InteractionKind::Call),
                occurred_at: Some(call),
                ..Default::default()
            },
            call,
        )
    })
    .unwrap();
    let p = ring(&s, &loud(), call, tz);
    assert!(p.due.is_empty());
    assert_eq!(p.next, Some(at(tz, "2027-01-20 09:00")));
    let p = ring(&s, &loud(), at(tz, "2027-01-20 09:00"), tz);
    assert_eq!(names(&p), ["Bob"]);
    assert_eq!(notices(&p.due, tz)[0].body, "Last contacted 7 days ago");
}

#[test]
fn leap_day_birthdays_ring_on_28_february_in_common_years_with_their_early_notice() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-02-01 12:00");
    person(&mut s, "Leap", t0, |c| {
        c.birthday = Some(Some(Birthday::parse("2000-02-29", "b").unwrap()))
    });
    person(&mut s, "Yearless", t0, |c| {
        c.birthday = Some(Some(Birthday::parse("--02-29", "b").unwrap()))
    });
    let settings = Settings {
        birthday_lead_days: 3,
        ..loud()
    };
    assert_eq!(
        ring(&s, &settings, t0, tz).next,
        Some(at(tz, "2027-02-25 09:00"))
    );
    let early = ring(&s, &settings, at(tz, "2027-02-25 09:00"), tz);
    assert_eq!(names(&early), ["Leap", "Yearless"]);
    assert_eq!(early.next, Some(at(tz, "2027-02-28 09:00")));
    let one = notices(&early.due[..1], tz);
    assert_eq!(one[0].summary, "Leap's birthday in 3 days");
    assert_eq!(one[0].body, "Turns 27 on Sunday 28 February");

    let day = ring(&s, &settings, at(tz, "2027-02-28 09:00"), tz);
    assert_eq!(names(&day), ["Leap", "Yearless"]);
    assert_eq!(
        notices(&day.due[1..], tz)[0].summary,
        "Yearless's birthday today"
    );
    // Nothing on 1 March; next year is a leap year, so the next is 29 February 2028 (early notice
    // on the 26th).
    let p = ring(&s, &settings, at(tz, "2027-03-01 09:00"), tz);
    assert!(p.due.is_empty());
    assert_eq!(p.next, Some(at(tz, "2028-02-26 09:00")));
}

#[test]
fn each_kind_can_be_turned_off_and_done_or_deleted_follow_ups_never_ring() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-05-01 08:00");
    let ada = person(&mut s, "Ada", t0, |c| {
        c.keep_in_touch_days = Some(Some(1));
        c.birthday = Some(Some(Birthday::parse("--05-02", "b").unwrap()));
    });
    let done = follow_up(&mut s, ada, at(tz, "2027-05-01 10:00"), None, t0);
    let gone = follow_up(&mut s, ada, at(tz, "2027-05-01 11:00"), None, t0);
    follow_up(&mut s, ada, at(tz, "2027-05-01 12:00"), None, t0);
    s.write(|tx| followups::complete(tx, done, t0, tz)).unwrap();
    s.write(|tx| followups::delete(tx, gone, t0)).unwrap();

    let later = at(tz, "2027-05-02 10:00");
    let all = plan(s.conn(), &loud(), None, later, tz).unwrap();
    assert_eq!(
        all.due.len(),
        3,
        "the open follow-up, the cadence and the birthday"
    );
    for (off, left) in [
        (
            Settings {
                remind_follow_ups: false,
                ..loud()
            },
            2,
        ),
        (
            Settings {
                remind_keep_in_touch: false,
                ..loud()
            },
            2,
        ),
        (
            Settings {
                remind_birthdays: false,
                ..loud()
            },
            2,
        ),
        (
            Settings {
                remind_follow_ups: false,
                remind_keep_in_touch: false,
                remind_birthdays: false,
                ..loud()
            },
            0,
        ),
    ] {
        assert_eq!(
            plan(s.conn(), &off, None, later, tz).unwrap().due.len(),
            left,
            "{off:?}"
        );
    }
}

#[test]
fn one_follow_up_gets_its_own_notice_and_several_are_grouped() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-05-03 08:00");
    let names_ = ["Ada", "Bob", "Cy", "Di", "Ed", "Flo"];
    for n in names_ {
        let id = person(&mut s, n, t0, |_| {});
        follow_up(&mut s, id, at(tz, "2027-05-03 09:00"), None, t0);
    }
    let p = plan(s.conn(), &loud(), None, at(tz, "2027-05-03 09:00"), tz).unwrap();
    let one = notices(&p.due[..1], tz);
    assert_eq!(
        one[0].summary,
        format!("Follow up with {}", p.due[0].contact_name)
    );
    assert_eq!(one[0].body, "Send the quote\nDue Mon 3 May 09:00");
    assert!(one[0].follow_up.is_some());
    assert_eq!(one[0].route, format!("/contact?id={}", p.due[0].contact_id));

    let all = notices(&p.due, tz);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].summary, "6 follow-ups due");
    assert_eq!(
        all[0].body.lines().count(),
        5,
        "four names and 'and 2 more'"
    );
    assert!(all[0].body.ends_with("and 2 more"));
    assert_eq!(all[0].follow_up, None);
}

#[test]
fn the_tray_counts_what_wants_attention_today() {
    let (_d, mut s) = store();
    let tz = BERLIN;
    let t0 = at(tz, "2027-05-01 08:00");
    let ada = person(&mut s, "Ada", t0, |c| c.keep_in_touch_days = Some(Some(1)));
    follow_up(&mut s, ada, at(tz, "2027-05-02 09:00"), None, t0);
    follow_up(&mut s, ada, at(tz, "2027-05-02 17:00"), None, t0);
    follow_up(&mut s, ada, at(tz, "2027-05-03 09:00"), None, t0);
    let status = tray_status(s.conn(), at(tz, "2027-05-02 10:00"), tz, 1).unwrap();
    assert_eq!(status.follow_ups.len(), 1, "listed up to the limit");
    assert_eq!(status.follow_ups_total, 2, "tomorrow's is not today's");
    assert_eq!(status.total(), 3);
    assert_eq!(
        status.tooltip(),
        "Kith — 2 follow-ups due, 1 person to reach out to"
    );
    assert_eq!(TrayStatus::default().tooltip(), "Kith — nothing due");
}

#[test]
fn a_follow_up_done_on_another_device_is_not_shown_after_sync() {
    use crate::store::RemoteChange;
    let remote = |s: &Store| -> Vec<RemoteChange> {
        s.changes_after(0, 10_000)
            .unwrap()
            .into_iter()
            .map(RemoteChange::from)
            .collect()
    };
    let tz = BERLIN;
    let t0 = at(tz, "2027-05-03 08:00");
    let (_da, mut laptop) = store();
    let (_db, mut phone) = store();
    let ada = person(&mut laptop, "Ada", t0, |_| {});
    let id = follow_up(&mut laptop, ada, at(tz, "2027-05-03 09:00"), None, t0);
    phone.apply_remote(&remote(&laptop), t0).unwrap();

    // The laptop sleeps through 09:00; the phone shows it and the user does it there.
    assert_eq!(
        names(&ring(&phone, &loud(), at(tz, "2027-05-03 09:00"), tz)),
        ["Ada"]
    );
    let done = at(tz, "2027-05-03 09:05");
    phone
        .write(|tx| followups::complete(tx, id, done, tz))
        .unwrap();

    // The laptop wakes and syncs before it plans: nothing to show.
    laptop.apply_remote(&remote(&phone), done).unwrap();
    assert!(ring(&laptop, &loud(), at(tz, "2027-05-03 10:00"), tz)
        .due
        .is_empty());
}
