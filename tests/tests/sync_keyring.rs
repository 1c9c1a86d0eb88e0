//! Where a device keeps its sync secrets, for real: the Secret Service (gnome-keyring inside
//! its own `dbus-run-session`), and the warned fallback file when no keyring service runs.

use std::process::{Command, Stdio};

use kith_tests::SyncServer as Server;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn secrets_go_to_the_secret_service_when_one_runs() {
    if !have("dbus-run-session") || !have("gnome-keyring-daemon") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: dbus-run-session and gnome-keyring-daemon must be installed (scripts/prereqs.sh)"
        );
        eprintln!(
            "SKIPPED: Secret Service keyring test (no dbus-run-session or gnome-keyring-daemon)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("server"), "127.0.0.1:0");
    let db = dir.path().join("kith.db");
    let kith = kith_tests::workspace_bin("kith-cli", "kith");
    // Inside one private session bus: unlock a fresh keyring, create the account, check that no
    // fallback file was written and that the secret is in the Secret Service, then sync (which
    // reads the token back from it).
    let script = r#"
        set -e
        export $(echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets)
        "$KITH" --json account create --server "$URL" --email keyring@example.com > "$DIR/created.json"
        test ! -e "$KITH_DB.secrets" || { echo "fallback file written" >&2; exit 3; }
        "$KITH" --json sync > "$DIR/synced.json"
        "$KITH" --json logout > /dev/null
        "$KITH" --json sync > /dev/null 2> "$DIR/after-logout.txt" || true
    "#;
    let out = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", script])
        .env("KITH", &kith)
        .env("URL", &server.url)
        .env("DIR", dir.path())
        .env("KITH_DB", &db)
        .env("KITH_PASSWORD", "correct horse battery staple")
        .env("XDG_DATA_HOME", dir.path().join("xdg-data"))
        .env("HOME", dir.path())
        .env_remove("KITH_KEYRING")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning: no OS keyring"), "{stderr}");
    let synced: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("synced.json")).unwrap()).unwrap();
    assert!(synced["cursor"].is_i64(), "{synced}");
    let after = std::fs::read_to_string(dir.path().join("after-logout.txt")).unwrap();
    assert!(after.contains("not signed in"), "{after}");
    // The keyring file gnome-keyring wrote holds the secret encrypted, not the token in clear.
    let created: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("created.json")).unwrap()).unwrap();
    assert!(created["recovery_key"]
        .as_str()
        .unwrap()
        .starts_with("KITH-"));
}

#[test]
fn without_a_keyring_service_secrets_fall_back_to_a_private_file_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("server"), "127.0.0.1:0");
    let db = dir.path().join("kith.db");
    let out = Command::new(kith_tests::workspace_bin("kith-cli", "kith"))
        .args([
            "--json",
            "account",
            "create",
            "--server",
            &server.url,
            "--email",
            "nokeyring@example.com",
        ])
        .env("KITH_DB", &db)
        .env("KITH_PASSWORD", "correct horse battery staple")
        .env_remove("KITH_KEYRING")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("warning: no OS keyring"), "{stderr}");
    let file = kith_core::sync::secrets::fallback_path(&db);
    assert!(file.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The warning names the file but never the token or the key.
    let text = std::fs::read_to_string(&file).unwrap();
    let stored: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(!stderr.contains(stored["token"].as_str().unwrap()));
    assert!(!stderr.contains(stored["key"].as_str().unwrap()));
}
