//! The settings' contract: values are validated and normalised before they are written, bad
//! ones write nothing, and quiet hours answer "is it quiet?" and "until when?" for windows that
//! wrap midnight, that do not, and for `off`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::*;

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn quiet(s: &str) -> QuietHours {
    QuietHours::parse(s).unwrap_or_else(|| panic!("{s:?} should parse"))
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
    (dir, store)
}

#[test]
fn values_are_normalised_to_one_spelling() {
    let n = |k: SettingKey, v: &str| k.normalise(v).unwrap();
    assert_eq!(n(SettingKey::QuietHours, "22:00-07:30"), "22:00-07:30");
    assert_eq!(n(SettingKey::QuietHours, " 7:05 - 9:00 "), "07:05-09:00");
    assert_eq!(n(SettingKey::QuietHours, " OFF "), "off");
    for on in ["on", "YES", "true", "1", " On "] {
        assert_eq!(n(SettingKey::RemindBirthdays, on), "on", "{on:?}");
    }
    for off in ["off", "no", "FALSE", "0"] {
        assert_eq!(n(SettingKey::RemindFollowUps, off), "off", "{off:?}");
    }
    assert_eq!(n(SettingKey::BirthdayLeadDays, " 07 "), "7");
    assert_eq!(n(SettingKey::BirthdayLeadDays, "30"), "30");
    assert_eq!(n(SettingKey::BirthdayTime, "8:15"), "08:15");
    assert_eq!(n(SettingKey::SnoozeTomorrowTime, "23:59"), "23:59");
    assert_eq!(n(SettingKey::Theme, " Dark "), "dark");
    for k in SettingKey::ALL {
        assert_eq!(n(k, k.default_value()), k.default_value(), "{k:?}");
        assert_eq!(SettingKey::parse(k.as_str()).unwrap(), k);
    }
}

#[test]
fn bad_values_name_the_setting_and_the_expected_form() {
    let cases: &[(SettingKey, &str, &str)] = &[
        (SettingKey::QuietHours, "22:00", "HH:MM-HH:MM"),
        (SettingKey::QuietHours, "22:00-24:00", "HH:MM-HH:MM"),
        (SettingKey::QuietHours, "08:00-08:00", "HH:MM-HH:MM"),
        (SettingKey::QuietHours, "10pm-7am", "HH:MM-HH:MM"),
        (SettingKey::QuietHours, "", "HH:MM-HH:MM"),
        (SettingKey::RemindKeepInTouch, "maybe", "on or off"),
        (SettingKey::BirthdayLeadDays, "31", "0 to 30"),
        (SettingKey::Theme, "blue", "one of: light, dark, system"),
        (SettingKey::BirthdayLeadDays, "-1", "0 to 30"),
        (SettingKey::BirthdayLeadDays, "2.5", "0 to 30"),
        (SettingKey::BirthdayTime, "9", "HH:MM"),
        (SettingKey::BirthdayTime, "09:00:00", "HH:MM"),
        (SettingKey::BirthdayTime, "09:5", "HH:MM"),
        (SettingKey::SnoozeTomorrowTime, "24:00", "HH:MM"),
        (SettingKey::SnoozeTomorrowTime, "+9:00", "HH:MM"),
    ];
    for (key, value, form) in cases {
        match key.normalise(value) {
            Err(Error::Invalid { what, message }) => {
                assert_eq!(what, key.as_str());
                assert!(message.contains(form), "{value:?}: {message}");
            }
            other => panic!("{key:?} {value:?} gave {other:?}"),
        }
    }
}

#[test]
fn a_window_within_one_day_holds_its_start_but_not_its_end() {
    let q = quiet("13:00-14:30");
    assert!(!q.contains(t("12:59")));
    assert!(q.contains(t("13:00")));
    assert!(q.contains(t("14:29")));
    assert!(!q.contains(t("14:30")));
    assert_eq!(q.end_after(at("2026-03-10 13:15")), at("2026-03-10 14:30"));
    assert_eq!(q.end_after(at("2026-03-10 15:00")), at("2026-03-10 15:00"));
}

#[test]
fn a_window_wrapping_midnight_ends_the_next_morning_when_entered_in_the_evening() {
    let q = quiet("21:00-08:00");
    for quiet_time in ["21:00", "23:59", "00:00", "07:59"] {
        assert!(q.contains(t(quiet_time)), "{quiet_time}");
    }
    for loud in ["08:00", "12:00", "20:59"] {
        assert!(!q.contains(t(loud)), "{loud}");
    }
    assert_eq!(q.end_after(at("2026-03-10 22:30")), at("2026-03-11 08:00"));
    assert_eq!(q.end_after(at("2026-03-10 21:00")), at("2026-03-11 08:00"));
    assert_eq!(q.end_after(at("2026-03-11 00:10")), at("2026-03-11 08:00"));
    assert_eq!(q.end_after(at("2026-03-11 08:00")), at("2026-03-11 08:00"));
    // New Year's Eve rolls into the next year.
    assert_eq!(q.end_after(at("2026-12-31 23:00")), at("2027-01-01 08:00"));
}

#[test]
fn quiet_hours_off_is_never_quiet() {
    let q = quiet("off");
    assert_eq!(q, QuietHours::Off);
    let midnight = NaiveDate::from_ymd_opt(2026, 3, 10)
        .unwrap()
        .and_time(NaiveTime::MIN);
    for h in 0..24 {
        let moment = midnight + chrono::Duration::hours(h);
        assert!(!q.contains(moment.time()));
        assert_eq!(q.end_after(moment), moment);
    }
}

#[test]
fn set_get_list_and_load_round_trip_through_the_file() {
    let (_dir, mut s) = store();
    assert_eq!(Settings::load(&s).unwrap(), Settings::default());
    let fresh = list(&s).unwrap();
    assert_eq!(fresh.len(), SettingKey::ALL.len());
    assert!(fresh.iter().all(|e| e.value == e.default));

    assert_eq!(
        set(&mut s, "quiet_hours", "22:00 - 7:30").unwrap(),
        Setting {
            key: "quiet_hours",
            value: "22:00-07:30".into()
        }
    );
    set(&mut s, "reminders.keep_in_touch", "no").unwrap();
    set(&mut s, "birthday_lead_days", "3").unwrap();
    set(&mut s, "birthday_time", "7:45").unwrap();
    assert_eq!(get(&s, "quiet_hours").unwrap().value, "22:00-07:30");
    assert_eq!(get(&s, "Reminders.Keep_In_Touch").unwrap().value, "off");

    let loaded = Settings::load(&s).unwrap();
    assert_eq!(loaded.quiet_hours, quiet("22:00-07:30"));
    assert!(!loaded.remind_keep_in_touch);
    assert!(loaded.remind_follow_ups && loaded.remind_birthdays);
    assert_eq!(loaded.birthday_lead_days, 3);
    assert_eq!(loaded.birthday_time, t("07:45"));
    assert_eq!(loaded.snooze_tomorrow_time, t("09:00"));

    set(&mut s, "quiet_hours", "off").unwrap();
    assert_eq!(Settings::load(&s).unwrap().quiet_hours, QuietHours::Off);
    assert_eq!(
        s.meta("setting.quiet_hours").unwrap().as_deref(),
        Some("off")
    );
}

#[test]
fn unknown_keys_and_bad_values_write_nothing() {
    let (_dir, mut s) = store();
    set(&mut s, "birthday_time", "10:00").unwrap();
    let before = list(&s).unwrap();
    match set(&mut s, "quiet", "off") {
        Err(Error::Invalid { what, message }) => {
            assert_eq!(what, "setting");
            assert!(message.contains("unknown setting 'quiet'"), "{message}");
            assert!(
                message.contains("quiet_hours, reminders.followups"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(get(&s, "nope").is_err());
    assert!(set(&mut s, "birthday_time", "25:00").is_err());
    assert!(set(&mut s, "birthday_lead_days", "99").is_err());
    assert_eq!(list(&s).unwrap(), before);
}

#[test]
fn a_stored_value_this_kith_cannot_read_says_how_to_reset_it() {
    let (_dir, mut s) = store();
    s.set_meta(&[("setting.birthday_lead_days", Some("a fortnight"))])
        .unwrap();
    for err in [
        Settings::load(&s).unwrap_err(),
        get(&s, "birthday_lead_days").unwrap_err(),
        list(&s).unwrap_err(),
    ] {
        assert!(matches!(err, Error::Corrupt(_)), "{err:?}");
        assert!(
            err.to_string()
                .contains("kith settings set birthday_lead_days 0"),
            "{err}"
        );
    }
    set(&mut s, "birthday_lead_days", "0").unwrap();
    assert_eq!(Settings::load(&s).unwrap(), Settings::default());
}
