//! `kith`, the command line over kith-core and the same database file as the desktop app.
//!
//! The contract (commands, flags, `--json` shapes, exit codes) is what users script against:
//! 0 on success, 2 for bad input with a message naming what was wrong, 1 for anything else.

mod account;
mod args;
mod commands;
mod log;
mod render;
mod settings;
mod transfer;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use kith_core::{phone::region_from_locale, store::Store, time, Error};

use args::Cli;

#[global_allocator]
static ALLOCATOR: kith_core::Allocator = kith_core::Allocator;

/// Everything a command needs: the open store, the clock and the user's time zone.
pub struct Ctx {
    /// The database file, open.
    pub store: Store,
    /// The clock, read once (or `KITH_NOW`).
    pub now: time::Timestamp,
    /// The user's time zone.
    pub tz: chrono_tz::Tz,
    /// Whether `--json` was given.
    pub json: bool,
}

/// What a command prints: a JSON value under `--json`, readable text otherwise. `json` is
/// `None` when the command already wrote its output (an export to stdout).
pub struct Output {
    /// What `--json` prints.
    pub json: Option<serde_json::Value>,
    /// What is printed otherwise.
    pub text: String,
}

/// `KITH_NOW` pins the clock (RFC 3339) so scripts and tests get repeatable answers.
fn clock() -> Result<time::Timestamp, Error> {
    match std::env::var("KITH_NOW") {
        Ok(v) => time::Timestamp::parse_rfc3339(&v)
            .ok_or_else(|| Error::invalid("KITH_NOW", format!("'{v}' is not an RFC 3339 time"))),
        Err(_) => Ok(time::Timestamp::now()),
    }
}

fn run(cli: Cli) -> Result<Output, Error> {
    let path = cli
        .db
        .clone()
        .unwrap_or_else(kith_core::store::default_path);
    let lang = std::env::var("LC_ALL")
        .or_else(|_| std::env::var("LANG"))
        .ok();
    let store = Store::open(&path, &region_from_locale(lang.as_deref()))?;
    let mut ctx = Ctx {
        store,
        now: clock()?,
        tz: time::local_time_zone(),
        json: cli.json,
    };
    commands::dispatch(&mut ctx, cli.command)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // A mistyped flag under `--json` still answers with one JSON value on stdout.
            let asked_json = std::env::args_os().any(|a| a == "--json");
            if asked_json && e.use_stderr() {
                let message = e.kind().to_string();
                let detail = e.to_string();
                let detail = detail.lines().next().unwrap_or(&message);
                json_error("invalid_input", detail.trim_start_matches("error: "));
            }
            e.exit()
        }
    };
    let json = cli.json;
    match run(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            let written = if let (true, Some(value)) = (json, &out.json) {
                writeln!(
                    stdout,
                    "{}",
                    serde_json::to_string_pretty(value).expect("json output")
                )
            } else if out.text.is_empty() {
                Ok(())
            } else {
                writeln!(stdout, "{}", out.text.trim_end())
            };
            // A closed pipe (`kith contact list | head`) is not an error worth a message.
            let _ = written;
            ExitCode::SUCCESS
        }
        // The reader of our stdout went away (`kith export --format csv | head`): not an error.
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kith: {e}");
            // `--json` promises one JSON value on stdout, failures included.
            if json {
                json_error(e.code(), &e.to_string());
            }
            ExitCode::from(if e.is_bad_input() { 2 } else { 1 })
        }
    }
}

/// What `--json` prints on stdout when a command fails: `{"error": {"code", "message", "row",
/// "column"}}` (row and column are null when the failure is not about one row of a file).
fn json_error(code: &str, message: &str) {
    let body = serde_json::json!({ "error": {
        "code": code,
        "message": message,
        "row": serde_json::Value::Null,
        "column": serde_json::Value::Null,
    }});
    let _ = writeln!(std::io::stdout().lock(), "{body}");
}
