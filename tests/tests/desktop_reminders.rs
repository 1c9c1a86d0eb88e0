//! Reminders reaching the user for real: the `kith-desktop` binary under Xvfb sends its
//! notifications over a private D-Bus session to a notification service the test owns
//! (`kith_tests::notify_server`). The test checks what arrived, presses Done and Snooze the way
//! a click would, and reads the database file to see the follow-ups change; then it restarts the
//! app and checks nothing shown before is shown again.

use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::{ensure, Context, Result};
use kith_core::contacts::{self, ContactChanges};
use kith_core::followups::{self, FollowUpStatus};
use kith_core::ids::{ContactId, FollowUpId};
use kith_core::settings;
use kith_core::store::Store;
use kith_core::time::Timestamp;
use kith_tests::desktop::{display_or_skip, RunningApp};
use kith_tests::notify_server::NotifyServer;

const ARRIVES: Duration = Duration::from_secs(30);

fn person(store: &mut Store, name: &str) -> ContactId {
    let c = ContactChanges {
        name: Some(name.into()),
        ..Default::default()
    };
    store
        .write(|tx| contacts::create(tx, c, Timestamp::now()))
        .unwrap()
        .id
}

fn follow_up(store: &mut Store, who: ContactId, due: Timestamp, note: &str) -> FollowUpId {
    store
        .write(|tx| followups::create(tx, who, due, Some(note), None, Timestamp::now()))
        .unwrap()
        .id
}

fn in_secs(s: i64) -> Timestamp {
    Timestamp::now().plus_ms(s * 1000)
}

/// Reads a follow-up from the app's file, as another process.
fn read(db: &Path, id: FollowUpId) -> followups::FollowUp {
    let store = Store::open(db, "US").unwrap();
    followups::get(store.conn(), id).unwrap()
}

/// Waits until the app has recorded follow-up `id`'s notice as shown. The app records a notice
/// just after the notification service took it (a crash in between shows it again rather than
/// never), so a test that stops the app right after a notice arrives must wait for this first.
fn wait_recorded(db: &Path, id: FollowUpId) -> Result<()> {
    let store = Store::open(db, "US")?;
    let pattern = format!("f:{id}:%");
    for _ in 0..100 {
        let recorded: bool = store.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM notified WHERE key LIKE ?1)",
            [&pattern],
            |r| r.get(0),
        )?;
        if recorded {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    anyhow::bail!("the app never recorded follow-up {id}'s notice as shown")
}

/// Invokes `action` until `changed` holds: the app listens for the action just after it has
/// shown the notice, so the first press may come before it listens, as no real click can.
fn press_until(
    server: &NotifyServer,
    id: u32,
    action: &str,
    mut changed: impl FnMut() -> bool,
) -> Result<()> {
    for _ in 0..40 {
        server.invoke(id, action)?;
        std::thread::sleep(Duration::from_millis(250));
        if changed() {
            return Ok(());
        }
    }
    anyhow::bail!("pressing {action} on notification {id} changed nothing")
}

#[test]
fn due_follow_ups_reach_the_notification_service_once_and_its_buttons_work() -> Result<()> {
    let Some(()) = display_or_skip("due_follow_ups_reach_the_notification_service") else {
        return Ok(());
    };
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("kith.db");
    let mut store = Store::open(&db, "US")?;
    // The test may run at night: no quiet hours.
    settings::set(&mut store, "quiet_hours", "off")?;
    let ada = person(&mut store, "Ada Lovelace");
    let bob = person(&mut store, "Bob Marley");
    let cy = person(&mut store, "Cy Twombly");
    let overdue = follow_up(&mut store, ada, in_secs(-60), "Send the signed lease");

    let server = NotifyServer::start()?;
    let app = RunningApp::start(&db, &server.address, dir.path())?;

    // Overdue when the app starts: shown at once, alone, with its buttons.
    let first = server.next(ARRIVES).context("the overdue follow-up")?;
    assert_eq!(first.app_name, "Kith");
    assert_eq!(first.summary, "Follow up with Ada Lovelace");
    assert!(
        first.body.starts_with("Send the signed lease\nDue "),
        "{}",
        first.body
    );
    assert_eq!(
        first.action_keys(),
        ["default", "done", "snooze-hour", "snooze-morning", "open"]
    );
    let labels: Vec<&str> = first.actions.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["Open", "Done", "Snooze 1 hour", "Tomorrow morning", "Open"]
    );
    press_until(&server, first.id, "done", || {
        read(&db, overdue).status == FollowUpStatus::Done
    })?;

    // Due while the app runs (written by another process, as the CLI does): shown at its
    // moment; Snooze puts it off an hour.
    let soon = follow_up(&mut store, bob, in_secs(3), "Call about the roof");
    let second = server
        .next(ARRIVES)
        .context("the follow-up due while running")?;
    assert_eq!(second.summary, "Follow up with Bob Marley");
    let pressed = Timestamp::now();
    press_until(&server, second.id, "snooze-hour", || {
        read(&db, soon).snoozed_until.is_some()
    })?;
    let until = read(&db, soon).snoozed_until.unwrap();
    let ahead = until.0 - pressed.0;
    ensure!(
        (3_590_000..=3_640_000).contains(&ahead),
        "snoozed {ahead} ms ahead, not an hour"
    );
    assert_eq!(read(&db, soon).status, FollowUpStatus::Open);

    let later = follow_up(&mut store, cy, in_secs(2), "Return the ladder");
    let third = server.next(ARRIVES).context("the third follow-up")?;
    assert_eq!(third.summary, "Follow up with Cy Twombly");
    assert_eq!(read(&db, later).status, FollowUpStatus::Open, "left alone");

    // A restart shows none of them again: Ada's is done, Bob's snoozed, Cy's already shown.
    // (Should one come again after these few seconds, it arrives instead of Di's below.)
    wait_recorded(&db, later)?;
    drop(store);
    drop(app);
    let app = RunningApp::start(&db, &server.address, dir.path())?;
    if let Some(again) = server.quiet_for(Duration::from_secs(6)) {
        panic!("shown again after a restart: {:?}", again.summary);
    }

    // The restarted app still listens: a follow-up written meanwhile rings at its moment, and
    // several falling due together come as one notice.
    let mut store = Store::open(&db, "US")?;
    let di = person(&mut store, "Di Fosse");
    follow_up(&mut store, di, in_secs(2), "Lunch");
    let fourth = server
        .next(ARRIVES)
        .context("a follow-up written while running")?;
    assert_eq!(fourth.summary, "Follow up with Di Fosse");
    let due = in_secs(3);
    for name in ["Ed", "Flo", "Gus"] {
        let id = person(&mut store, name);
        follow_up(&mut store, id, due, "Invoice");
    }
    let grouped = server.next(ARRIVES).context("the grouped notice")?;
    assert_eq!(grouped.summary, "3 follow-ups due");
    assert_eq!(
        grouped.body,
        "Follow up with Ed\nFollow up with Flo\nFollow up with Gus"
    );
    assert_eq!(
        grouped.action_keys(),
        ["default", "open"],
        "no Done on a group"
    );
    assert!(
        grouped.at >= SystemTime::UNIX_EPOCH + Duration::from_millis(due.0 as u64),
        "not before its moment"
    );
    drop(app);
    Ok(())
}
