//! The command line: bad flags exit 2, an unusable database exits 1 with a clear message.

use std::process::{Command, Output};

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith-sync-server"));
    command
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("KITH_SYNC_DATABASE_URL");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn bad_flags_exit_2_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["--no-such-flag"], "--no-such-flag"),
        (&["--database-url", "mysql://localhost/kith"], "postgres://"),
        (&["--tls-cert", "cert.pem"], "--tls-key"),
        (
            &["--data", &data, "--database-url", "postgres://localhost/x"],
            "cannot be used with",
        ),
    ];
    for (args, expected) in cases {
        let output = run(args, &[]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn an_unreachable_database_exits_1_with_a_clear_message() {
    let output = run(
        &[
            "--database-url",
            "postgres://kith:secret-pw@127.0.0.1:1/kith",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("could not use PostgreSQL at 127.0.0.1:1/kith"),
        "{message}"
    );
    assert!(!message.contains("secret-pw"), "{message}");
    assert!(output.stdout.is_empty(), "nothing was announced");
}

#[test]
fn the_database_url_can_come_from_the_environment() {
    let output = run(
        &[],
        &[(
            "KITH_SYNC_DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/from_env",
        )],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("127.0.0.1:1/from_env"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_tls_file_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing-cert.pem");
    let output = run(
        &[
            "--data",
            &dir.path().display().to_string(),
            "--tls-cert",
            &missing.display().to_string(),
            "--tls-key",
            &missing.display().to_string(),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("missing-cert.pem"),
        "{}",
        stderr(&output)
    );
}
