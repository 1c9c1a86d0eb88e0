//! The `kith` binary's contract: commands, `--json` shapes, exit codes, and the database path.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kith_core::store::Store;
use serde_json::Value;

pub(crate) const NOW: &str = "2026-03-10T15:00:00Z";

/// The `kith` binary of the kith-cli package, in the target folder of this test. Cargo gives
/// `CARGO_BIN_EXE_*` only for a package's own binaries, so this builds it with the same command
/// as `cargo test --workspace` (a no-op check there; another feature set would rebuild half the
/// dependency graph).
pub(crate) fn kith_bin() -> &'static Path {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test's own path");
        let mut profile = exe.parent().expect("target/debug/deps").to_path_buf();
        if profile.file_name().is_some_and(|n| n == "deps") {
            profile.pop();
        }
        let status = Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--workspace", "--all-targets"])
            .status()
            .expect("run cargo build");
        assert!(status.success(), "cargo build --workspace: {status}");
        let bin = profile.join(format!("kith{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} was not built", bin.display());
        bin
    })
}

/// The real `kith` binary over a database file of its own, with a pinned clock and zone.
pub(crate) struct Cli {
    pub(crate) dir: tempfile::TempDir,
}

impl Cli {
    pub(crate) fn new() -> Self {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.dir.path().join("kith.db")
    }

    pub(crate) fn cmd(&self) -> Command {
        let mut c = Command::new(kith_bin());
        c.env("KITH_DB", self.db())
            .env("KITH_NOW", NOW)
            .env("TZ", "Europe/London")
            .env("LANG", "en_GB.UTF-8");
        c
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Runs with `--json`, expects success and exactly one JSON value on stdout.
    pub(crate) fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not one JSON value: {e}"))
    }

    pub(crate) fn dump(&self) -> Vec<String> {
        Store::open(&self.db(), "US")
            .unwrap()
            .projection_dump()
            .unwrap()
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn a_contact_prints_every_field_in_snake_case_with_a_string_id() {
    let k = Cli::new();
    let c = k.json(&[
        "contact",
        "add",
        "--name",
        "Ada",
        "--email",
        "work=ada@example.com",
        "--phone",
        "020 7946 0958",
        "--company",
        "AE",
        "--title",
        "Countess",
        "--tag",
        "math",
        "--birthday",
        "--12-10",
        "--vip",
        "--keep-in-touch",
        "30",
    ]);
    assert_eq!(
        keys(&c),
        vec![
            "addresses",
            "background",
            "birthday",
            "company",
            "created_at",
            "custom_fields",
            "deleted_at",
            "emails",
            "id",
            "industry",
            "keep_in_touch_days",
            "last_contacted_at",
            "location",
            "name",
            "phones",
            "preferred_channel",
            "relationship",
            "social_links",
            "status",
            "tags",
            "title",
            "updated_at",
            "vip"
        ]
    );
    assert!(uuid::Uuid::parse_str(c["id"].as_str().unwrap()).is_ok());
    assert_eq!(c["birthday"], "--12-10");
    assert_eq!(
        c["emails"][0],
        serde_json::json!({"label": "work", "value": "ada@example.com"})
    );
    assert_eq!(
        c["phones"][0]["e164"], "+442079460958",
        "numbers without a country code use the locale's region"
    );
    assert_eq!(c["created_at"], "2026-03-10T15:00:00.000Z");
    assert_eq!(c["vip"], true);
    let id = c["id"].as_str().unwrap();
    assert_eq!(k.json(&["contact", "show", id]), c);
    assert_eq!(
        k.json(&["contact", "show", &id[..13]])["id"],
        id,
        "a unique start of an id is enough"
    );
    let list = k.json(&[
        "contact", "list", "--vip", "--tag", "math", "--status", "active", "--limit", "5",
    ]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(k.json(&["search", "ada", "math"])[0]["id"], id);
}

#[test]
fn edit_delete_restore_log_and_history_round_trip() {
    let k = Cli::new();
    let id = k.json(&[
        "contact", "add", "--name", "Grace", "--tag", "a", "--tag", "b",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let e = k.json(&[
        "contact",
        "edit",
        &id,
        "--company",
        "Navy",
        "--add-tag",
        "c",
        "--remove-tag",
        "a",
        "--no-vip",
    ]);
    assert_eq!(e["tags"], serde_json::json!(["b", "c"]));
    assert_eq!(e["company"], "Navy");
    assert!(k.json(&["contact", "delete", &id])["deleted_at"].is_string());
    assert_eq!(k.json(&["contact", "list"]), serde_json::json!([]));
    assert!(k.json(&["contact", "restore", &id])["deleted_at"].is_null());

    let i = k.json(&[
        "log",
        &id,
        "--kind",
        "meeting",
        "--notes",
        "Compilers and nanoseconds",
        "--at",
        "2026-03-09T10:00",
    ]);
    assert_eq!(i["kind"], "meeting");
    assert_eq!(i["contact_id"], id.as_str());
    assert_eq!(
        i["occurred_at"], "2026-03-09T10:00:00.000Z",
        "a local time in London in March is UTC"
    );
    assert_eq!(
        k.json(&["contact", "show", &id])["last_contacted_at"],
        "2026-03-09T10:00:00.000Z"
    );
    assert_eq!(k.json(&["search", "nanosec"])[0]["id"], id.as_str());

    let h = k.json(&["history", &id]);
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 4);
    assert_eq!(h[0]["action"], "created");
    assert_eq!(h[1]["fields"], serde_json::json!(["company", "tags"]));
    assert_eq!(h[2]["fields"], serde_json::json!(["deleted_at"]));
    assert_eq!(h[1]["this_device"], true);
    let text = String::from_utf8(k.run(&["history", &id]).stdout).unwrap();
    assert!(
        text.contains("this device") && text.contains("company, tags"),
        "{text}"
    );
}

#[test]
fn follow_ups_list_overdue_first_and_accept_relative_times() {
    let k = Cli::new();
    let id = k.json(&["contact", "add", "--name", "Fu"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let later = k.json(&["followup", "add", &id, "--due", "+3d", "--note", "later"]);
    assert_eq!(later["due_at"], "2026-03-13T15:00:00.000Z");
    let today = k.json(&["followup", "add", &id, "--due", "+2h", "--note", "today"]);
    let overdue = k.json(&[
        "followup",
        "add",
        &id,
        "--due",
        "2026-03-01",
        "--note",
        "overdue",
    ]);
    assert_eq!(overdue["due_at"], "2026-03-01T00:00:00.000Z");
    let tomorrow = k.json(&["followup", "add", &id, "--due", "tomorrow", "--every", "7"]);
    assert_eq!(tomorrow["due_at"], "2026-03-11T15:00:00.000Z");
    assert_eq!(tomorrow["repeat_every_days"], 7);
    assert_eq!(tomorrow["status"], "open");

    let due = k.json(&["followup", "list"]);
    let notes: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, vec!["overdue", "today"]);
    assert_eq!(
        k.json(&["followup", "list", "--all"])
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let snoozed = k.json(&[
        "followup",
        "snooze",
        today["id"].as_str().unwrap(),
        "--until",
        "+1d",
    ]);
    assert_eq!(snoozed["snoozed_until"], "2026-03-11T15:00:00.000Z");
    let done = k.json(&["followup", "done", overdue["id"].as_str().unwrap()]);
    assert_eq!(
        (done["status"].as_str(), done["completed_at"].as_str()),
        (Some("done"), Some("2026-03-10T15:00:00.000Z"))
    );
    assert_eq!(k.json(&["followup", "list"]), serde_json::json!([]));
    let _ = later;

    let d = k.json(&["dashboard"]);
    assert_eq!(
        keys(&d),
        vec![
            "birthdays",
            "birthdays_total",
            "due_today",
            "overdue",
            "reach_out",
            "reach_out_total",
            "recent_interactions",
            "vips"
        ]
    );
}

#[test]
fn rebuild_prints_documents_and_matched() {
    let k = Cli::new();
    k.json(&["contact", "add", "--name", "R"]);
    assert_eq!(
        k.json(&["rebuild"]),
        serde_json::json!({"documents": 1, "matched": true})
    );
    let text = String::from_utf8(k.run(&["rebuild"]).stdout).unwrap();
    assert!(text.contains("matched"), "{text}");
}

#[test]
fn bad_input_exits_2_names_the_problem_and_changes_nothing() {
    let k = Cli::new();
    let id = k.json(&[
        "contact",
        "add",
        "--name",
        "Keep",
        "--email",
        "k@example.com",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    k.json(&["followup", "add", &id, "--due", "today"]);
    let before = k.dump();
    let cases: &[(&[&str], &str)] = &[
        (&["contact", "add", "--email", "x@example.com"], "--name"),
        (
            &["contact", "add", "--name", "X", "--email", "nope"],
            "not an email",
        ),
        (
            &["contact", "add", "--name", "X", "--birthday", "1990-02-30"],
            "--birthday",
        ),
        (
            &["contact", "add", "--name", "X", "--keep-in-touch", "soon"],
            "--keep-in-touch",
        ),
        (
            &["contact", "add", "--name", "X", "--status", "married"],
            "--status",
        ),
        (
            &["contact", "show", "0190e8a0-0000-7000-8000-000000000000"],
            "no contact",
        ),
        (&["contact", "show", "zz"], "not a contact id"),
        (&["contact", "edit", &id], "nothing to change"),
        (&["contact", "restore", &id], "not deleted"),
        (&["log", &id, "--kind", "dance", "--notes", "x"], "--kind"),
        (
            &[
                "log", &id, "--kind", "call", "--notes", "x", "--at", "someday",
            ],
            "--at",
        ),
        (&["followup", "add", &id, "--due", "+3x"], "--due"),
        (
            &["followup", "add", &id, "--due", "today", "--every", "0"],
            "every",
        ),
        (&["followup", "done", &id], "no follow-up"),
        (
            &["history", "0190e8a0-0000-7000-8000-000000000000"],
            "no record",
        ),
        (&["frobnicate"], "frobnicate"),
    ];
    assert_bad_input(&k, cases);
    assert_eq!(k.dump(), before);
}

/// Under `--json`, a failure prints exactly one JSON value on stdout:
/// `{"error": {"code", "message", "row", "column"}}`; without it, nothing.
pub(crate) fn assert_error_stdout(json: bool, stdout: &[u8], codes: &[&str]) {
    if !json {
        assert!(
            stdout.is_empty(),
            "printed on stdout: {}",
            String::from_utf8_lossy(stdout)
        );
        return;
    }
    let v: serde_json::Value = serde_json::from_slice(stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}): {}",
            String::from_utf8_lossy(stdout)
        )
    });
    let keys: Vec<&str> = v["error"]
        .as_object()
        .unwrap_or_else(|| panic!("no error object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "column", "message", "row"], "{v}");
    let code = v["error"]["code"].as_str().unwrap_or("");
    assert!(codes.contains(&code), "{v}: expected one of {codes:?}");
    assert!(
        !v["error"]["message"].as_str().unwrap_or("").is_empty(),
        "{v}"
    );
}

/// Each command, with and without `--json`, exits 2 with its needle on stderr, and under
/// `--json` the error as JSON on stdout.
pub(crate) fn assert_bad_input(k: &Cli, cases: &[(&[&str], &str)]) {
    for (args, needle) in cases {
        for json in [false, true] {
            let mut all: Vec<&str> = if json { vec!["--json"] } else { vec![] };
            all.extend_from_slice(args);
            let out = k.run(&all);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
            assert!(
                err.contains(needle),
                "{all:?}: stderr {err:?} should name {needle:?}"
            );
            assert_error_stdout(json, &out.stdout, &["invalid_input", "not_found"]);
        }
    }
}

#[test]
fn a_newer_database_exits_1_without_touching_it() {
    let k = Cli::new();
    k.json(&["contact", "add", "--name", "N"]);
    let c = rusqlite::Connection::open(k.db()).unwrap();
    c.pragma_update(None, "user_version", 999).unwrap();
    drop(c);
    let out = k.run(&["contact", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("upgrade kith"));
}

#[test]
fn the_database_path_comes_from_db_then_kith_db_then_the_data_dir() {
    let k = Cli::new();
    let home = k.dir.path().join("home");
    let run = |extra: &[&str], env_db: Option<&Path>| {
        let mut c = Command::new(kith_bin());
        c.env_remove("KITH_DB")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", &home)
            .env("KITH_NOW", NOW);
        if let Some(p) = env_db {
            c.env("KITH_DB", p);
        }
        let out = c
            .args(extra)
            .args(["--json", "contact", "add", "--name", "P"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[], None);
    assert!(home.join(".local/share/kith/kith.db").exists());
    let from_env = k.dir.path().join("env.db");
    run(&[], Some(&from_env));
    assert!(from_env.exists());
    let from_flag = k.dir.path().join("flag.db");
    run(&["--db", from_flag.to_str().unwrap()], Some(&from_env));
    assert!(from_flag.exists());
    assert_eq!(
        kith_core::contacts::list(
            Store::open(&from_env, "US").unwrap().conn(),
            &Default::default()
        )
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn an_open_store_notices_what_the_cli_process_wrote() {
    let k = Cli::new();
    k.json(&["contact", "add", "--name", "Before"]);
    let mut app = Store::open(&k.db(), "US").unwrap();
    assert!(app.external_changes().unwrap().is_empty());
    let id = k.json(&["contact", "add", "--name", "From the terminal"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(app.external_changes().unwrap(), vec![id]);
}

#[test]
fn human_output_is_readable_text() {
    let k = Cli::new();
    let out = k.run(&["contact", "add", "--name", "Text Person", "--company", "Co"]);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("Added Text Person"));
    let list = String::from_utf8(k.run(&["contact", "list"]).stdout).unwrap();
    assert!(
        list.contains("NAME") && list.contains("Text Person"),
        "{list}"
    );
    let dash = String::from_utf8(k.run(&["dashboard"]).stdout).unwrap();
    assert!(
        dash.contains("Overdue follow-ups") && dash.contains("Upcoming birthdays"),
        "{dash}"
    );
}

#[test]
fn two_processes_editing_one_contact_at_once_lose_nothing() {
    let k = Cli::new();
    let id = k.json(&["contact", "add", "--name", "Busy"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    std::thread::scope(|s| {
        for side in ["a", "b"] {
            let (k, id) = (&k, &id);
            s.spawn(move || {
                for n in 0..12 {
                    let tag = format!("{side}{n}");
                    let out = k.run(&["contact", "edit", id, "--add-tag", &tag]);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let out = k.run(&["contact", "add", "--name", &format!("{side} person {n}")]);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let c = k.json(&["contact", "show", &id]);
    assert_eq!(
        c["tags"].as_array().unwrap().len(),
        24,
        "every tag from both processes: {c}"
    );
    assert_eq!(k.json(&["contact", "list"]).as_array().unwrap().len(), 25);
    assert_eq!(k.json(&["rebuild"])["matched"], true);
}
