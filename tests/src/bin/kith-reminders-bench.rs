//! The reminder clock's figures, on the release app started as at login (`--hidden`: tray
//! only) under Xvfb, its notifications going to a notification service of our own on a private
//! D-Bus session:
//!
//! - CPU time the app uses over idle minutes with 1,000 future follow-ups (goal: under 1 s over
//!   10 minutes), for the app process and with its webview helpers counted in;
//! - the delay between a follow-up's due moment and its notification reaching the service
//!   (goal: under 1 s).
//!
//! `cargo run --release -p kith-tests --bin kith-reminders-bench [-- --idle-minutes 10 --window]`
//! (`--window` opens the window as a normal launch does).

use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context, Result};
use kith_core::contacts::{self, ContactChanges};
use kith_core::followups;
use kith_core::settings;
use kith_core::store::Store;
use kith_core::time::Timestamp;
use kith_tests::desktop::{cpu_seconds, RunningApp};
use kith_tests::notify_server::NotifyServer;

const FUTURE: usize = 1_000;
const DELAYS: usize = 5;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let minutes: u64 = match args.iter().position(|a| a == "--idle-minutes") {
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .context("--idle-minutes N")?,
        None => 10,
    };
    let window = args.iter().any(|a| a == "--window");
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("kith.db");
    let mut store = Store::open(&db, "US")?;
    settings::set(&mut store, "quiet_hours", "off")?;
    let now = Timestamp::now();
    store.write(|tx| {
        for i in 0..FUTURE {
            let c = contacts::create(
                tx,
                ContactChanges {
                    name: Some(format!("Person {i}")),
                    ..Default::default()
                },
                now,
            )?;
            // From tomorrow on, one every few hours: nothing falls due while we watch.
            let due = now.plus_ms(86_400_000 + i as i64 * 3 * 3_600_000);
            followups::create(tx, c.id, due, Some("Check in"), None, now)?;
        }
        Ok(())
    })?;

    let server = NotifyServer::start()?;
    let args: &[&str] = if window { &[] } else { &["--hidden"] };
    let app = RunningApp::start_with(&db, &server.address, dir.path(), args)?;
    // Let start-up (and the webview, with --window) settle before measuring.
    std::thread::sleep(Duration::from_secs(15));
    let (own0, all0) = cpu_seconds(app.pid())?;
    eprintln!("idle for {minutes} minutes with {FUTURE} future follow-ups…");
    std::thread::sleep(Duration::from_secs(minutes * 60));
    let (own1, all1) = cpu_seconds(app.pid())?;
    let (own, all) = (own1 - own0, all1 - all0);
    let per10 = |s: f64| s * 10.0 / minutes as f64;

    let mut delays = Vec::new();
    for i in 0..DELAYS {
        let c = store.write(|tx| {
            contacts::create(
                tx,
                ContactChanges {
                    name: Some(format!("Due {i}")),
                    ..Default::default()
                },
                Timestamp::now(),
            )
        })?;
        let due = Timestamp::now().plus_ms(3_000);
        store.write(|tx| followups::create(tx, c.id, due, None, None, Timestamp::now()))?;
        let got = server.next(Duration::from_secs(30))?;
        let at = got.at.duration_since(UNIX_EPOCH)?.as_millis() as i64;
        delays.push(at - due.0);
    }
    drop(app);
    delays.sort();
    let mode = if window {
        "window open"
    } else {
        "tray only (--hidden)"
    };
    println!("reminder clock, {mode}, {FUTURE} future follow-ups");
    println!(
        "idle CPU over {minutes} min: app {own:.2} s, with webview helpers {all:.2} s \
         (per 10 min: {:.2} s / {:.2} s; goal < 1 s) {}",
        per10(own),
        per10(all),
        if per10(own) < 1.0 { "PASS" } else { "MISS" }
    );
    println!(
        "due -> notification delay over {DELAYS}: median {} ms, max {} ms (goal < 1000 ms) {}",
        delays[DELAYS / 2],
        delays[DELAYS - 1],
        if delays[DELAYS - 1] < 1000 {
            "PASS"
        } else {
            "MISS"
        }
    );
    Ok(())
}
