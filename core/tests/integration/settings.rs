//! `kith settings` through the real binary: values round-trip in normalised form, and bad
//! values and unknown keys exit 2, name the problem and write nothing.

use serde_json::{json, Value};

use crate::cli::Cli;

/// The settings rows of `meta`, read straight from the file.
fn stored(k: &Cli) -> Vec<(String, String)> {
    let c = rusqlite::Connection::open(k.db()).unwrap();
    let mut stmt = c
        .prepare("SELECT key, value FROM meta WHERE key LIKE 'setting.%' ORDER BY key")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows
}

fn value_of<'v>(list: &'v Value, key: &str) -> &'v Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("{key} missing from {list}"))
}

#[test]
fn set_get_and_list_round_trip_normalised_values() {
    let k = Cli::new();
    let fresh = k.json(&["settings", "list"]);
    let keys: Vec<&str> = fresh
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "quiet_hours",
            "reminders.followups",
            "reminders.keep_in_touch",
            "reminders.birthdays",
            "birthday_lead_days",
            "birthday_time",
            "snooze_tomorrow_time",
            "theme"
        ]
    );
    let quiet = value_of(&fresh, "quiet_hours");
    assert_eq!(quiet["value"], "21:00-08:00");
    assert_eq!(quiet["default"], "21:00-08:00");
    assert!(quiet["description"]
        .as_str()
        .unwrap()
        .contains("HH:MM-HH:MM"));
    let mut entry_keys: Vec<&str> = quiet
        .as_object()
        .unwrap()
        .keys()
        .map(|s| s.as_str())
        .collect();
    entry_keys.sort();
    assert_eq!(entry_keys, ["default", "description", "key", "value"]);
    assert!(stored(&k).is_empty(), "listing writes nothing");

    assert_eq!(
        k.json(&["settings", "set", "quiet_hours", "22:00-07:30"]),
        json!({"key": "quiet_hours", "value": "22:00-07:30"})
    );
    assert_eq!(
        k.json(&["settings", "get", "quiet_hours"]),
        json!({"key": "quiet_hours", "value": "22:00-07:30"})
    );
    assert_eq!(
        k.json(&["settings", "set", "reminders.birthdays", "YES"])["value"],
        "on"
    );
    assert_eq!(
        k.json(&["settings", "set", "reminders.followups", "0"])["value"],
        "off"
    );
    assert_eq!(
        k.json(&["settings", "set", "birthday_lead_days", " 3 "])["value"],
        "3"
    );
    assert_eq!(
        k.json(&["settings", "set", "snooze_tomorrow_time", "7:30"])["value"],
        "07:30"
    );
    let list = k.json(&["settings", "list"]);
    assert_eq!(value_of(&list, "quiet_hours")["value"], "22:00-07:30");
    assert_eq!(value_of(&list, "quiet_hours")["default"], "21:00-08:00");
    assert_eq!(value_of(&list, "reminders.followups")["value"], "off");
    assert_eq!(value_of(&list, "birthday_lead_days")["value"], "3");
    assert_eq!(value_of(&list, "snooze_tomorrow_time")["value"], "07:30");
    assert_eq!(value_of(&list, "birthday_time")["value"], "09:00");

    // `off` turns quiet hours off, however it is spelled.
    assert_eq!(
        k.json(&["settings", "set", "quiet_hours", " OFF "]),
        json!({"key": "quiet_hours", "value": "off"})
    );
    assert_eq!(k.json(&["settings", "get", "quiet_hours"])["value"], "off");
    assert!(stored(&k).contains(&("setting.quiet_hours".into(), "off".into())));

    // Without --json: the bare value, and a readable table.
    let out = k.run(&["settings", "get", "birthday_lead_days"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "3\n");
    let table = String::from_utf8(k.run(&["settings", "list"]).stdout).unwrap();
    assert!(table.starts_with("KEY"), "{table}");
    let row = table
        .lines()
        .find(|l| l.starts_with("snooze_tomorrow_time "))
        .unwrap_or_else(|| panic!("{table}"));
    assert_eq!(
        row.split_whitespace().take(3).collect::<Vec<_>>(),
        ["snooze_tomorrow_time", "07:30", "09:00"]
    );
    let set =
        String::from_utf8(k.run(&["settings", "set", "birthday_time", "8:05"]).stdout).unwrap();
    assert_eq!(set, "birthday_time = 08:05\n");
}

#[test]
fn bad_values_and_unknown_keys_exit_2_and_change_nothing() {
    let k = Cli::new();
    k.json(&["contact", "add", "--name", "Keep"]);
    k.json(&["settings", "set", "quiet_hours", "23:00-06:00"]);
    let (before, dump) = (stored(&k), k.dump());
    let cases: &[(&[&str], &str)] = &[
        (&["settings", "set", "quiet_hours", "22:00"], "quiet_hours: '22:00' is not a time window; use HH:MM-HH:MM"),
        (&["settings", "set", "quiet_hours", "25:00-07:00"], "HH:MM-HH:MM"),
        (&["settings", "set", "quiet_hours", "-"], "quiet_hours"),
        (&["settings", "set", "quiet_hours", "07:00-07:00"], "or off"),
        (&["settings", "set", "reminders.birthdays", "sometimes"], "reminders.birthdays: 'sometimes' is not on or off"),
        (&["settings", "set", "birthday_lead_days", "31"], "birthday_lead_days: '31' is not a number of days; use a whole number from 0 to 30"),
        (&["settings", "set", "birthday_lead_days", "-1"], "0 to 30"),
        (&["settings", "set", "birthday_time", "9am"], "birthday_time: '9am' is not a time of day; use HH:MM"),
        (&["settings", "set", "snooze_tomorrow_time", "24:00"], "snooze_tomorrow_time"),
        (&["settings", "set", "quiet", "off"], "setting: unknown setting 'quiet'; known: quiet_hours, reminders.followups, reminders.keep_in_touch"),
        (&["settings", "get", "volume"], "unknown setting 'volume'"),
        (&["settings", "set", "quiet_hours"], "VALUE"),
    ];
    crate::cli::assert_bad_input(&k, cases);
    assert_eq!(stored(&k), before);
    assert_eq!(k.dump(), dump);
    assert_eq!(
        k.json(&["settings", "get", "quiet_hours"])["value"],
        "23:00-06:00"
    );
}
