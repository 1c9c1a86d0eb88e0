//! Sync across processes: the real `kith-sync-server` binary on 127.0.0.1:0 and `kith` CLIs on
//! separate database files (two devices of one account), talking HTTP.
//!
//! The keyring is the fallback file here (`KITH_KEYRING=file`): these tests are about sync, and
//! must not depend on a Secret Service; `sync_keyring.rs` covers the real keyring.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const PASSWORD: &str = "correct horse battery staple";

/// A running `kith-sync-server` over its own temporary data directory.
struct Server {
    server: kith_tests::SyncServer,
    url: String,
    data: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_path_buf();
        let mut s = Server::start_at(&data, "127.0.0.1:0");
        s._dir = Some(dir);
        s
    }

    fn start_at(data: &Path, listen: &str) -> Server {
        let server = kith_tests::SyncServer::start(data, listen);
        Server {
            url: server.url.clone(),
            data: data.to_path_buf(),
            server,
            _dir: None,
        }
    }

    fn stop(&mut self) {
        self.server.stop();
    }

    /// Every byte the server keeps on disk.
    fn stored_bytes(&self) -> Vec<u8> {
        let mut all = Vec::new();
        for e in std::fs::read_dir(&self.data).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                all.extend(std::fs::read(p).unwrap());
            }
        }
        all
    }
}

/// One device: a database file of its own, driven through the `kith` binary.
struct Device {
    dir: tempfile::TempDir,
    recovery: Option<String>,
}

impl Device {
    fn new() -> Device {
        Device {
            dir: tempfile::tempdir().unwrap(),
            recovery: None,
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kith.db")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(kith_tests::workspace_bin("kith-cli", "kith"));
        c.args(args)
            .env("KITH_DB", self.db())
            .env("KITH_KEYRING", "file")
            .env("KITH_PASSWORD", PASSWORD)
            .env("LANG", "en_US.UTF-8")
            .env_remove("KITH_NOW")
            .stdin(Stdio::null());
        match &self.recovery {
            Some(k) => c.env("KITH_RECOVERY_KEY", k),
            None => c.env_remove("KITH_RECOVERY_KEY"),
        };
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs and expects success; the JSON it printed.
    fn ok(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "kith {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "kith {args:?}: {e}: {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    fn add(&self, name: &str, extra: &[&str]) -> String {
        let mut args = vec!["contact", "add", "--name", name];
        args.extend_from_slice(extra);
        self.ok(&args)["id"].as_str().unwrap().to_string()
    }

    fn sync(&self) -> Value {
        self.ok(&["sync"])
    }
}

/// An account on `server` with `a` as its first device and `b` logged in as the second.
fn two_devices(server: &Server) -> (Device, Device) {
    let a = Device::new();
    let created = a.ok(&[
        "account",
        "create",
        "--server",
        &server.url,
        "--email",
        "Ada@Example.com",
    ]);
    assert_eq!(created["email"], "ada@example.com");
    let key = created["recovery_key"].as_str().unwrap().to_string();
    assert!(key.starts_with("KITH-"), "{key}");
    let mut b = Device::new();
    b.recovery = Some(key);
    b.ok(&[
        "login",
        "--server",
        &server.url,
        "--email",
        "ada@example.com",
    ]);
    (a, b)
}

fn show(d: &Device, id: &str) -> Value {
    d.ok(&["contact", "show", id])
}

#[test]
fn two_devices_converge_after_offline_edits_and_the_server_sees_only_ciphertext() {
    let server = Server::start();
    let (a, b) = two_devices(&server);

    // Before anything syncs, each device has its own contacts.
    let same_fields = a.add(
        "Zephyrine Quillfeather",
        &[
            "--email",
            "zephyrine@quill.example",
            "--company",
            "Quill Ltd",
        ],
    );
    let same_field = a.add("Barnaby Thistlewood", &["--phone", "+1 212 555 0134"]);
    let deleted = a.add("Cordelia Marchbanks", &[]);
    let tagged = a.add("Dashiell Ravenscroft", &["--tag", "first"]);
    let from_b = b.add("Eulalie Fenwhistle", &["--email", "eulalie@fen.example"]);
    a.ok(&[
        "log",
        &same_fields,
        "--kind",
        "note",
        "--notes",
        "Discussed the Hollowmere orchard lease",
    ]);

    let pushed = a.sync();
    assert_eq!(
        pushed["pushed"], 5,
        "four contacts and an interaction: {pushed}"
    );
    let first = b.sync();
    assert_eq!(
        (&first["pushed"], &first["pulled"]),
        (&Value::from(1), &Value::from(5)),
        "{first}"
    );
    a.sync();
    assert_eq!(show(&b, &same_fields)["name"], "Zephyrine Quillfeather");
    assert_eq!(show(&a, &from_b)["name"], "Eulalie Fenwhistle");

    // Offline on both: the same contact, different fields; the same field; a delete against
    // an edit; tags added on both.
    a.ok(&[
        "contact",
        "edit",
        &same_fields,
        "--company",
        "Quill & Daughters",
    ]);
    b.ok(&["contact", "edit", &same_fields, "--title", "Archivist"]);
    a.ok(&["contact", "edit", &same_field, "--location", "Paris"]);
    b.ok(&["contact", "edit", &same_field, "--location", "Berlin"]);
    a.ok(&["contact", "delete", &deleted]);
    b.ok(&["contact", "edit", &deleted, "--company", "Marchbanks & Co"]);
    a.ok(&["contact", "edit", &tagged, "--add-tag", "from-a"]);
    b.ok(&["contact", "edit", &tagged, "--add-tag", "from-b"]);

    a.sync();
    b.sync();
    a.sync();

    for id in [&same_fields, &same_field, &deleted, &tagged, &from_b] {
        assert_eq!(
            show(&a, id),
            show(&b, id),
            "contact {id} differs between devices"
        );
    }
    let merged = show(&a, &same_fields);
    assert_eq!(merged["company"], "Quill & Daughters");
    assert_eq!(merged["title"], "Archivist");
    let location = show(&a, &same_field)["location"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(location == "Paris" || location == "Berlin", "{location}");
    assert!(
        !show(&a, &deleted)["deleted_at"].is_null(),
        "the delete holds"
    );
    assert_eq!(
        show(&a, &deleted)["company"],
        "Marchbanks & Co",
        "and so does the edit"
    );
    let shown = show(&a, &tagged);
    assert_eq!(merged_tags(&shown), ["first", "from-a", "from-b"]);
    assert_eq!(
        a.ok(&["contact", "list", "--deleted"]),
        b.ok(&["contact", "list", "--deleted"])
    );
    assert_eq!(a.ok(&["contact", "list"]), b.ok(&["contact", "list"]));

    // A second sync has nothing to do.
    let again = a.sync();
    assert_eq!(
        (again["pushed"].as_u64(), again["pulled"].as_u64()),
        (Some(0), Some(0))
    );

    // Nothing readable reached the server's storage.
    let stored = server.stored_bytes();
    assert!(!stored.is_empty());
    for secret in [
        "Zephyrine",
        "Quillfeather",
        "zephyrine@quill.example",
        "Thistlewood",
        "2125550134",
        "555 0134",
        "Hollowmere",
        "Marchbanks",
        "Archivist",
        "Eulalie",
        "from-b",
        "Paris",
        PASSWORD,
    ] {
        assert!(
            !contains(&stored, secret.as_bytes()),
            "the server stored {secret:?} in plain text"
        );
    }
    // The ids of documents do not reach the server either.
    assert!(!contains(&stored, same_fields.as_bytes()));
}

fn merged_tags(v: &Value) -> Vec<&str> {
    let mut t: Vec<&str> = v["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    t.sort();
    t
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_wrong_recovery_key_or_password_is_refused_and_stores_nothing() {
    let server = Server::start();
    let a = Device::new();
    a.ok(&[
        "account",
        "create",
        "--server",
        &server.url,
        "--email",
        "bo@example.com",
    ]);

    let mut b = Device::new();
    b.recovery = Some(kith_core::sync::crypto::WorkspaceKey::generate().recovery_key());
    let out = b.run(&[
        "login",
        "--server",
        &server.url,
        "--email",
        "bo@example.com",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("recovery key: does not belong to this account"));
    let out = b.run(&["sync"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not signed in"));

    // A typo in the key is caught before anything is sent.
    b.recovery = Some("KITH-AAAAA-AAAAA".into());
    let out = b.run(&[
        "login",
        "--server",
        &server.url,
        "--email",
        "bo@example.com",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("recovery key"));

    // A wrong password gets the same answer as an unknown email.
    b.recovery = Some(kith_core::sync::crypto::WorkspaceKey::generate().recovery_key());
    let mut c = b.command(&[
        "login",
        "--server",
        &server.url,
        "--email",
        "bo@example.com",
    ]);
    let wrong = c.env("KITH_PASSWORD", "not the password").output().unwrap();
    let mut c = b.command(&[
        "login",
        "--server",
        &server.url,
        "--email",
        "nobody@example.com",
    ]);
    let unknown = c.env("KITH_PASSWORD", "not the password").output().unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(wrong.stderr, unknown.stderr);
    assert!(!String::from_utf8_lossy(&wrong.stderr).contains("not the password"));

    // No password at all, and no terminal to ask on: a clear error.
    let out = b
        .command(&[
            "account",
            "create",
            "--server",
            &server.url,
            "--email",
            "cy@example.com",
        ])
        .env_remove("KITH_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KITH_PASSWORD"));

    // A bad server URL is bad input.
    let out = b.run(&["login", "--server", "ftp://x", "--email", "bo@example.com"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn devices_are_listed_and_a_revoked_device_is_refused_at_once() {
    let server = Server::start();
    let (a, b) = two_devices(&server);
    let list = a.ok(&["devices"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let theirs = list.iter().find(|d| d["current"] == false).unwrap()["device_id"]
        .as_str()
        .unwrap()
        .to_string();
    a.ok(&["devices", "revoke", &theirs]);
    let out = b.run(&["sync"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("401"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = a.run(&["devices", "revoke", "00000000-0000-4000-8000-000000000000"]);
    assert_eq!(out.status.code(), Some(2));

    // Logging out revokes this device and forgets its secrets.
    a.ok(&["logout"]);
    assert!(!kith_core::sync::secrets::fallback_path(&a.db()).exists());
    let out = a.run(&["sync"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not signed in"));
}

#[test]
fn offline_is_normal_and_the_outbox_waits_for_the_server() {
    let mut server = Server::start();
    let (a, b) = two_devices(&server);
    let port = server.url.rsplit(':').next().unwrap().to_string();
    server.stop();
    let id = a.add("Octavia Offline", &[]);
    let out = a.sync();
    assert_eq!(out["offline"], true, "{out}");
    assert!(out["waiting"].as_u64().unwrap() >= 1);

    let _again = Server::start_at(&server.data, &format!("127.0.0.1:{port}"));
    assert!(a.sync()["pushed"].as_u64().unwrap() >= 1);
    b.sync();
    assert_eq!(show(&b, &id)["name"], "Octavia Offline");
}

/// Whether `sync --watch --json` reports a sync with `field` ≥ 1 within 20 seconds.
fn await_report(lines: &mut impl Iterator<Item = std::io::Result<String>>, field: &str) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        let Some(Ok(line)) = lines.next() else {
            return false;
        };
        let v: Value = serde_json::from_str(&line).unwrap();
        if v[field].as_u64().unwrap_or(0) >= 1 {
            return true;
        }
    }
    false
}

#[test]
fn watch_pulls_another_devices_change_within_seconds() {
    let server = Server::start();
    let (a, b) = two_devices(&server);
    let mut watch = b
        .command(&["--json", "sync", "--watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watch.stdout.take().unwrap()).lines();
    // The first sync happens at once.
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert!(first["cursor"].is_i64(), "{first}");

    let id = a.add("Wilhelmina Watcher", &[]);
    a.sync();
    let seen = await_report(&mut lines, "pulled");
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(seen, "the watching device never pulled the change");
    assert_eq!(show(&b, &id)["name"], "Wilhelmina Watcher");

    // And a local write on the watching side goes out without being asked.
    let mut watch = a
        .command(&["--json", "sync", "--watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watch.stdout.take().unwrap()).lines();
    lines.next();
    let id = a.add("Leopold Local", &[]);
    let pushed = await_report(&mut lines, "pushed");
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(pushed, "the local write was not pushed");
    b.sync();
    assert_eq!(show(&b, &id)["name"], "Leopold Local");
}
