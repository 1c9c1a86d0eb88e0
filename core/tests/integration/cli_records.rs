//! What the CLI can set and find: interactions edited and filtered, every contact field the app
//! holds, and history with old → new values.

use serde_json::{json, Value};

use crate::cli::Cli;

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[test]
fn log_edit_changes_notes_kind_and_time_and_history_shows_old_and_new() {
    let k = Cli::new();
    let c = id_of(&k.json(&["contact", "add", "--name", "Ada"]));
    let i = k.json(&[
        "log",
        &c,
        "--kind",
        "call",
        "--notes",
        "Spoke about Ωmega",
        "--at",
        "2026-03-09T10:00",
    ]);
    let iid = id_of(&i);
    let e = k.json(&[
        "log",
        "edit",
        &iid[..8],
        "--notes",
        "Spoke about the engine",
        "--kind",
        "meeting",
        "--at",
        "2026-03-08T09:30",
    ]);
    assert_eq!(e["id"], iid.as_str());
    assert_eq!(e["kind"], "meeting");
    assert_eq!(e["notes"], "Spoke about the engine");
    assert_eq!(e["occurred_at"], "2026-03-08T09:30:00.000Z");
    // Search follows the new notes and forgets the old.
    assert_eq!(k.json(&["search", "engine"])[0]["id"], c.as_str());
    assert_eq!(k.json(&["search", "Ωmega"]), json!([]));

    let h = k.json(&["history", &iid]);
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0]["action"], "created");
    let edit = &h[1];
    assert_eq!(edit["fields"], json!(["notes", "occurred_at", "type"]));
    let changes = edit["changes"].as_array().unwrap();
    let by_field = |f: &str| changes.iter().find(|c| c["field"] == f).cloned().unwrap();
    assert_eq!(
        by_field("notes"),
        json!({"field": "notes", "old": "Spoke about Ωmega", "new": "Spoke about the engine"})
    );
    assert_eq!(by_field("type")["old"], "call");
    assert_eq!(by_field("type")["new"], "meeting");
    assert_eq!(by_field("occurred_at")["old"], "2026-03-09T10:00:00.000Z");
    assert_eq!(by_field("occurred_at")["new"], "2026-03-08T09:30:00.000Z");
    // The creation shows each value arriving from nothing.
    let created = h[0]["changes"].as_array().unwrap();
    assert!(created
        .iter()
        .any(|c| c["field"] == "type" && c["old"].is_null() && c["new"] == "call"));
    assert!(
        created.iter().all(|c| c["field"] != "ai_suggestions"),
        "an empty text made at creation is not listed as a change: {created:?}"
    );
    let text = String::from_utf8(k.run(&["history", &iid]).stdout).unwrap();
    assert!(
        text.contains("type: \"call\" → \"meeting\""),
        "history text shows old → new: {text}"
    );

    // Nothing to change, a bad kind and a bad time are refused with the flag named.
    for (args, flag) in [
        (vec!["log", "edit", iid.as_str()], "nothing to change"),
        (vec!["log", "edit", iid.as_str(), "--kind", "fax"], "--kind"),
        (vec!["log", "edit", iid.as_str(), "--at", "someday"], "--at"),
    ] {
        let before = k.dump();
        let out = k.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag), "{args:?}: {err}");
        assert_eq!(k.dump(), before, "{args:?} changed nothing");
    }
}

#[test]
fn log_list_filters_by_contact_kind_and_date_range() {
    let k = Cli::new();
    let ada = id_of(&k.json(&["contact", "add", "--name", "Ada"]));
    let bob = id_of(&k.json(&["contact", "add", "--name", "Bob"]));
    for (who, kind, at) in [
        (&ada, "call", "2026-03-01T09:00"),
        (&ada, "email", "2026-03-05T23:30"),
        (&bob, "call", "2026-03-06T08:00"),
        (&ada, "call", "2026-03-09T12:00"),
    ] {
        k.json(&["log", who, "--kind", kind, "--notes", "n", "--at", at]);
    }
    let when = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["occurred_at"].as_str().unwrap()[..10].to_string())
            .collect()
    };
    assert_eq!(
        when(k.json(&["log", "list"])),
        ["2026-03-09", "2026-03-06", "2026-03-05", "2026-03-01"],
        "newest first"
    );
    assert_eq!(
        when(k.json(&["log", "list", "--contact", &ada, "--kind", "call"])),
        ["2026-03-09", "2026-03-01"]
    );
    // A bare --to date holds the whole day (23:30 on the 5th is in).
    assert_eq!(
        when(k.json(&["log", "list", "--from", "2026-03-02", "--to", "2026-03-05"])),
        ["2026-03-05"]
    );
    assert_eq!(
        when(k.json(&["log", "list", "--limit", "1"])),
        ["2026-03-09"]
    );
    // Another contact's deletion hides its interactions from the unfiltered list.
    k.json(&["contact", "delete", &bob]);
    assert_eq!(when(k.json(&["log", "list", "--kind", "call"])).len(), 2);

    let text = String::from_utf8(k.run(&["log", "list", "--contact", &ada]).stdout).unwrap();
    assert!(text.contains("Ada") && text.contains("email"), "{text}");

    for (args, what) in [
        (
            vec!["log", "list", "--from", "2026-03-09", "--to", "2026-03-01"],
            "--to",
        ),
        (vec!["log", "list", "--kind", "fax"], "--kind"),
        (vec!["log", "list", "--from", "soon"], "--from"),
    ] {
        let out = k.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(what), "{args:?}: {err}");
    }
}

#[test]
fn contact_add_and_edit_set_links_addresses_fields_and_background() {
    let k = Cli::new();
    let c = k.json(&[
        "contact",
        "add",
        "--name",
        "Zoë",
        "--link",
        "github=https://github.com/zoe",
        "--link",
        "https://example.com/?a=b",
        "--address",
        "home=1 Main St, Springfield, IL, 62701, US",
        "--address",
        "Rue de Rivoli 5, Paris, , 75001",
        "--field",
        "shoe size=44",
        "--field",
        "formula=a=b",
        "--background-family",
        "Two kids",
        "--background-likes",
        "Jazz",
    ]);
    let id = id_of(&c);
    assert_eq!(
        c["social_links"],
        json!([
            {"label": "github", "url": "https://github.com/zoe"},
            {"label": "", "url": "https://example.com/?a=b"}
        ])
    );
    assert_eq!(
        c["addresses"],
        json!([
            {"label": "home", "street": "1 Main St", "city": "Springfield", "region": "IL",
             "postal_code": "62701", "country": "US"},
            {"label": "", "street": "Rue de Rivoli 5", "city": "Paris", "postal_code": "75001"}
        ])
    );
    assert_eq!(
        c["custom_fields"],
        json!([{"key": "shoe size", "value": "44"}, {"key": "formula", "value": "a=b"}])
    );
    assert_eq!(c["background"]["family"], "Two kids");
    assert_eq!(c["background"]["likes"], "Jazz");

    let e = k.json(&[
        "contact",
        "edit",
        &id,
        "--background-misc",
        "Met at RustConf",
        "--clear",
        "links",
        "--field",
        "team=blue",
    ]);
    assert_eq!(e["social_links"], json!([]));
    assert_eq!(
        e["custom_fields"],
        json!([{"key": "team", "value": "blue"}])
    );
    assert_eq!(e["addresses"].as_array().unwrap().len(), 2, "untouched");
    assert_eq!(e["background"]["family"], "Two kids", "untouched");
    assert_eq!(e["background"]["misc"], "Met at RustConf");
    let shown = String::from_utf8(k.run(&["contact", "show", &id]).stdout).unwrap();
    assert!(
        shown.contains("Met at RustConf") && shown.contains("team"),
        "{shown}"
    );

    let h = k.json(&["history", &id]);
    let last = h.as_array().unwrap().last().unwrap().clone();
    let misc = last["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "background")
        .cloned()
        .expect("the background change is listed");
    assert_eq!(misc["new"]["misc"], "Met at RustConf");

    for (args, what) in [
        (
            vec!["contact", "edit", id.as_str(), "--field", "=x"],
            "--field",
        ),
        (
            vec![
                "contact",
                "edit",
                id.as_str(),
                "--address",
                "a, b, c, d, e, f",
            ],
            "--address",
        ),
        (
            vec!["contact", "edit", id.as_str(), "--address", " , ,"],
            "--address",
        ),
        (
            vec![
                "contact",
                "edit",
                id.as_str(),
                "--clear",
                "tags",
                "--tag",
                "x",
            ],
            "--clear",
        ),
        (
            vec!["contact", "edit", id.as_str(), "--clear", "everything"],
            "--clear",
        ),
    ] {
        let before = k.dump();
        let out = k.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(what), "{args:?}: {err}");
        assert_eq!(k.dump(), before, "{args:?} changed nothing");
    }
}
