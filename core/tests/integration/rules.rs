//! The rules, with an injected clock and explicit time zones.

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use kith_core::{
    birthday::Birthday,
    contacts::{self, ContactChanges, ContactStatus},
    followups,
    interactions::{self, InteractionChanges},
    rules,
    time::{local_to_instant, Timestamp},
};

use crate::{add, fresh, named};

const NY: Tz = chrono_tz::America::New_York;

fn local(tz: Tz, s: &str) -> Timestamp {
    local_to_instant(
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
        tz,
    )
}

#[test]
fn due_splits_overdue_from_today_by_the_local_calendar_on_a_dst_day() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("Dee"), local(NY, "2026-03-01 09:00"));
    // 8 March 2026 is the day New York springs forward (23 hours long).
    let now = local(NY, "2026-03-08 10:00");
    let yesterday = local(NY, "2026-03-07 23:30");
    let tonight = local(NY, "2026-03-08 23:00");
    let tomorrow = local(NY, "2026-03-09 00:30");
    for due in [tomorrow, tonight, yesterday] {
        s.write(|tx| followups::create(tx, c.id, due, None, None, now))
            .unwrap();
    }
    let d = rules::due(s.conn(), now, NY).unwrap();
    assert_eq!(
        d.overdue
            .iter()
            .map(|f| f.follow_up.due_at)
            .collect::<Vec<_>>(),
        vec![yesterday]
    );
    assert_eq!(
        d.due_today
            .iter()
            .map(|f| f.follow_up.due_at)
            .collect::<Vec<_>>(),
        vec![tonight]
    );
    assert_eq!(d.overdue[0].contact_name, "Dee");

    // The same instants seen from Kiritimati (UTC+14), where it is already 04:00 on the 9th.
    let kiribati = rules::due(s.conn(), now, chrono_tz::Pacific::Kiritimati).unwrap();
    assert_eq!(kiribati.overdue.len(), 1);
    assert_eq!(kiribati.due_today.len(), 2);
}

#[test]
fn a_snooze_across_midnight_moves_a_follow_up_out_of_today() {
    let (_d, mut s) = fresh();
    let now = local(NY, "2026-05-04 22:00");
    let c = add(&mut s, named("Sam"), now);
    let f = s
        .write(|tx| followups::create(tx, c.id, local(NY, "2026-05-04 21:00"), None, None, now))
        .unwrap();
    assert_eq!(rules::due(s.conn(), now, NY).unwrap().due_today.len(), 1);
    s.write(|tx| followups::snooze(tx, f.id, local(NY, "2026-05-05 00:30"), now))
        .unwrap();
    let d = rules::due(s.conn(), now, NY).unwrap();
    assert!(d.due_today.is_empty() && d.overdue.is_empty());
    let after_midnight = local(NY, "2026-05-05 00:31");
    assert_eq!(
        rules::due(s.conn(), after_midnight, NY)
            .unwrap()
            .due_today
            .len(),
        1
    );
}

#[test]
fn a_daily_follow_up_keeps_its_wall_clock_time_across_dst_both_ways() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("Rita"), local(NY, "2026-03-01 09:00"));
    for (due, expected) in [
        ("2026-03-07 09:00", "2026-03-08 09:00"), // spring forward
        ("2026-10-31 09:00", "2026-11-01 09:00"), // fall back
    ] {
        let due = local(NY, due);
        let f = s
            .write(|tx| followups::create(tx, c.id, due, None, Some(1), due))
            .unwrap();
        let (_, next) = s
            .write(|tx| followups::complete(tx, f.id, due.plus_ms(60_000), NY))
            .unwrap();
        assert_eq!(next.unwrap().due_at, local(NY, expected));
    }
}

#[test]
fn a_repeating_follow_up_completed_late_keeps_its_rhythm() {
    let (_d, mut s) = fresh();
    let due = local(NY, "2026-03-02 09:00"); // a Monday
    let c = add(&mut s, named("Wes"), due);
    let f = s
        .write(|tx| followups::create(tx, c.id, due, None, Some(7), due))
        .unwrap();
    let late = local(NY, "2026-03-18 15:00"); // two and a half weeks later
    let (_, next) = s
        .write(|tx| followups::complete(tx, f.id, late, NY))
        .unwrap();
    assert_eq!(
        next.unwrap().due_at,
        local(NY, "2026-03-23 09:00"),
        "the next Monday after completion"
    );
}

#[test]
fn reach_out_follows_the_cadence_and_an_interaction_resets_it() {
    let (_d, mut s) = fresh();
    let start = local(NY, "2026-01-01 12:00");
    let c = add(
        &mut s,
        ContactChanges {
            keep_in_touch_days: Some(Some(10)),
            ..named("Kit")
        },
        start,
    );
    add(&mut s, named("No cadence"), start);
    let archived = add(
        &mut s,
        ContactChanges {
            keep_in_touch_days: Some(Some(1)),
            ..named("Old")
        },
        start,
    );
    s.write(|tx| {
        contacts::update(
            tx,
            archived.id,
            ContactChanges {
                status: Some(ContactStatus::Archived),
                ..Default::default()
            },
            start,
        )
    })
    .unwrap();
    let at = |d: &str| local(NY, d);
    assert!(rules::reach_out(s.conn(), at("2026-01-10 23:59"), NY, 50)
        .unwrap()
        .is_empty());
    let due = rules::reach_out(s.conn(), at("2026-01-11 00:01"), NY, 50).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].contact_id, due[0].days_since, due[0].days_overdue),
        (c.id, 10, 0)
    );
    assert_eq!(due[0].last_contacted_at, None);

    let talked = at("2026-01-12 08:00");
    s.write(|tx| {
        interactions::create(
            tx,
            c.id,
            InteractionChanges {
                occurred_at: Some(talked),
                ..Default::default()
            },
            talked,
        )
    })
    .unwrap();
    assert!(rules::reach_out(s.conn(), at("2026-01-12 09:00"), NY, 50)
        .unwrap()
        .is_empty());
    let again = rules::reach_out(s.conn(), at("2026-01-25 09:00"), NY, 50).unwrap();
    assert_eq!((again[0].days_since, again[0].days_overdue), (13, 3));
    assert_eq!(again[0].last_contacted_at, Some(talked));
}

fn born(s: &mut kith_core::store::Store, name: &str, b: &str) -> kith_core::ids::ContactId {
    let c = ContactChanges {
        birthday: Some(Some(Birthday::parse(b, "t").unwrap())),
        ..named(name)
    };
    add(s, c, Timestamp(0)).id
}

#[test]
fn leap_day_birthdays_fall_on_28_february_in_common_years() {
    let (_d, mut s) = fresh();
    born(&mut s, "Leapling", "2000-02-29");
    born(&mut s, "Yearless leapling", "--02-29");
    let utc = chrono_tz::UTC;
    let common =
        rules::upcoming_birthdays(s.conn(), local(utc, "2027-02-27 12:00"), utc, 3, 50).unwrap();
    assert_eq!(common.len(), 2);
    assert!(common
        .iter()
        .all(|b| b.date == NaiveDate::from_ymd_opt(2027, 2, 28).unwrap() && b.days_until == 1));
    assert_eq!(
        common
            .iter()
            .find(|b| b.name == "Leapling")
            .unwrap()
            .turning,
        Some(27)
    );
    assert_eq!(
        common
            .iter()
            .find(|b| b.name == "Yearless leapling")
            .unwrap()
            .turning,
        None
    );

    let leap =
        rules::upcoming_birthdays(s.conn(), local(utc, "2028-02-28 12:00"), utc, 3, 50).unwrap();
    assert!(leap
        .iter()
        .all(|b| b.date == NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()));
}

#[test]
fn upcoming_birthdays_wrap_past_new_year_and_use_the_local_date() {
    let (_d, mut s) = fresh();
    born(&mut s, "Jan", "--01-02");
    born(&mut s, "Dec", "1990-12-31");
    born(&mut s, "June", "--06-16");
    let utc = chrono_tz::UTC;
    let b =
        rules::upcoming_birthdays(s.conn(), local(utc, "2026-12-25 09:00"), utc, 14, 50).unwrap();
    assert_eq!(
        b.iter()
            .map(|b| (b.name.as_str(), b.days_until))
            .collect::<Vec<_>>(),
        vec![("Dec", 6), ("Jan", 8)]
    );
    assert_eq!(b[0].turning, Some(36));

    // 23:30 UTC on 15 June is already 16 June in Auckland: the birthday is today there.
    let now = local(utc, "2026-06-15 23:30");
    let nz = rules::upcoming_birthdays(s.conn(), now, chrono_tz::Pacific::Auckland, 0, 50).unwrap();
    assert_eq!(
        nz.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
        vec!["June"]
    );
    assert!(rules::upcoming_birthdays(s.conn(), now, utc, 0, 50)
        .unwrap()
        .is_empty());
}

#[test]
fn the_dashboard_gathers_every_rule_and_ignores_the_future_and_the_deleted() {
    let (_d, mut s) = fresh();
    let now = local(NY, "2026-04-10 12:00");
    let vip = add(
        &mut s,
        ContactChanges {
            vip: Some(true),
            ..named("Vera")
        },
        now,
    );
    let gone = add(
        &mut s,
        ContactChanges {
            vip: Some(true),
            ..named("Gone")
        },
        now,
    );
    s.write(|tx| followups::create(tx, gone.id, now, None, None, now))
        .unwrap();
    s.write(|tx| contacts::delete(tx, gone.id, now)).unwrap();
    let past = local(NY, "2026-04-09 12:00");
    let future = local(NY, "2026-04-20 12:00");
    for at in [past, future] {
        s.write(|tx| {
            interactions::create(
                tx,
                vip.id,
                InteractionChanges {
                    occurred_at: Some(at),
                    ..Default::default()
                },
                now,
            )
        })
        .unwrap();
    }
    let d = rules::dashboard(s.conn(), now, NY).unwrap();
    assert_eq!(
        d.vips.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["Vera"]
    );
    assert_eq!(
        d.recent_interactions
            .iter()
            .map(|i| i.interaction.occurred_at)
            .collect::<Vec<_>>(),
        vec![past]
    );
    assert!(
        d.overdue.is_empty() && d.due_today.is_empty(),
        "follow-ups of deleted contacts are not due"
    );
}

#[test]
fn a_window_ending_on_28_february_in_a_common_year_includes_leap_day_birthdays() {
    let (_d, mut s) = fresh();
    born(&mut s, "Leapling", "--02-29");
    born(&mut s, "March", "--03-01");
    let utc = chrono_tz::UTC;
    let now = local(utc, "2027-02-27 12:00");
    let b = rules::upcoming_birthdays(s.conn(), now, utc, 1, 50).unwrap();
    assert_eq!(
        b.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
        vec!["Leapling"]
    );
    assert_eq!(
        rules::upcoming_birthdays_count(s.conn(), now, utc, 1).unwrap(),
        1
    );
    // On 1 March the leap-day birthday of a common year has passed.
    let march = local(utc, "2027-03-01 12:00");
    let b = rules::upcoming_birthdays(s.conn(), march, utc, 30, 50).unwrap();
    assert_eq!(
        b.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
        vec!["March"]
    );
}

#[test]
fn the_dashboard_shows_the_most_pressing_people_and_counts_the_rest() {
    let (_d, mut s) = fresh();
    let start = local(NY, "2026-01-01 12:00");
    for cadence in 1..=30u32 {
        let c = ContactChanges {
            keep_in_touch_days: Some(Some(cadence)),
            birthday: Some(Some(Birthday::parse("--02-15", "t").unwrap())),
            ..named(&format!("Person {cadence:02}"))
        };
        add(&mut s, c, start);
    }
    let now = local(NY, "2026-02-10 12:00"); // 40 days later
    let top = rules::reach_out(s.conn(), now, NY, 5).unwrap();
    assert_eq!(
        top.iter().map(|r| r.keep_in_touch_days).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5],
        "the most overdue first"
    );
    assert_eq!(rules::reach_out_count(s.conn(), now, NY).unwrap(), 30);
    let d = rules::dashboard(s.conn(), now, NY).unwrap();
    assert_eq!((d.reach_out.len(), d.reach_out_total), (20, 30));
    assert_eq!((d.birthdays.len(), d.birthdays_total), (20, 30));
    assert!(d.birthdays.iter().all(|b| b.days_until == 5));
}
