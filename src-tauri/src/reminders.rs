//! The reminder clock: shows what falls due as native notifications, once per device, and
//! keeps the tray's list of today's follow-ups current.
//!
//! It asks [`kith_core::reminders::plan`] what is due, shows it, records it, and sleeps until
//! the next moment anything falls due (or quiet hours or a pause end, or local midnight, when
//! "today" in the tray changes). It does not poll: it wakes early only when
//!
//! - the database file changes (this window, the CLI, a sync run: [`Clock::wake`], called by
//!   the watcher),
//! - the machine resumes from sleep: on Linux, logind's `PrepareForSleep(false)` on the system
//!   bus wakes it at once ([`watch_resume`]);
//! - the wall clock jumps (a resume nobody announced, the clock set by hand) or the time zone
//!   changes. Neither raises an event the app can wait on everywhere, so the clock never sleeps
//!   longer than [`GUARD`] at a time and compares the wall clock and the zone when it wakes;
//!   those checks cost microseconds and plan nothing when nothing moved.
//!
//! What came due while the app was closed or the laptop slept is due at the first plan, and
//! grouped into one notification there.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::Duration as Days;
use chrono_tz::Tz;
use kith_core::reminders::{self, Notice, Snooze};
use kith_core::settings::Settings;
use kith_core::store::Store;
use kith_core::time::{start_of_day, Timestamp};
use kith_core::{followups, ids::FollowUpId};
use tauri::{AppHandle, Manager};

use crate::state::Shared;

/// The longest the clock sleeps before checking that the wall clock and the time zone are
/// where it left them.
pub const GUARD: Duration = Duration::from_secs(60);
/// A wall clock that moved this much more than the monotonic one slept or jumped.
const JUMP: Duration = Duration::from_secs(2);
/// After the notification service failed, how long until the next try.
const RETRY_MS: i64 = 5 * 60_000;
/// How many follow-ups the tray menu lists.
pub const TRAY_LIST: usize = 8;

/// Wakes the reminder clock to plan again at once.
#[derive(Clone)]
pub struct Clock(Sender<()>);

impl Clock {
    pub fn wake(&self) {
        let _ = self.0.send(());
    }
}

/// Starts the clock on its own connection to the app's database file.
pub fn spawn(app: AppHandle, shared: Shared) -> Clock {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("kith-reminders".into())
        .spawn(move || match crate::state::open_store(&shared.path) {
            Ok(store) => run(&app, &shared, &store, &rx),
            Err(e) => eprintln!("kith-desktop: reminders are off, the database did not open: {e}"),
        })
        .expect("spawn the reminder clock");
    Clock(tx)
}

/// Wakes `clock` whenever logind says the machine has resumed from sleep. Where there is no
/// system bus or no logind (containers, other systems) it does nothing; the guard still notices.
pub fn watch_resume(clock: Clock) {
    #[cfg(target_os = "linux")]
    {
        let _ = std::thread::Builder::new()
            .name("kith-resume".into())
            .spawn(move || {
                let Ok(bus) = zbus::blocking::Connection::system() else {
                    return;
                };
                let Ok(logind) = zbus::blocking::Proxy::new(
                    &bus,
                    "org.freedesktop.login1",
                    "/org/freedesktop/login1",
                    "org.freedesktop.login1.Manager",
                ) else {
                    return;
                };
                let Ok(signals) = logind.receive_signal("PrepareForSleep") else {
                    return;
                };
                for signal in signals {
                    // `true` is sent before sleeping, `false` after waking.
                    if signal
                        .body()
                        .deserialize::<bool>()
                        .is_ok_and(|going| !going)
                    {
                        clock.wake();
                    }
                }
            });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = clock;
}

fn run(app: &AppHandle, shared: &Shared, store: &Store, rx: &Receiver<()>) {
    let mut tz = shared.tz();
    loop {
        let now = shared.now();
        let next = match tick(app, shared, store, now, tz) {
            Ok(next) => next,
            Err(e) => {
                eprintln!("kith-desktop: planning reminders failed: {e}");
                Some(now.plus_ms(RETRY_MS))
            }
        };
        let midnight = start_of_day(now.local_date(tz) + Days::days(1), tz);
        let wake_at = next.map_or(midnight, |n| n.min(midnight));
        match sleep_until(shared, wake_at, &mut tz, rx) {
            Woke::Planned | Woke::Early => {}
            Woke::Gone => return,
        }
    }
}

enum Woke {
    /// The moment it slept for came.
    Planned,
    /// Data, the wall clock or the time zone changed.
    Early,
    /// The app is closing.
    Gone,
}

fn sleep_until(shared: &Shared, wake_at: Timestamp, tz: &mut Tz, rx: &Receiver<()>) -> Woke {
    loop {
        let wall = shared.now();
        if wall >= wake_at {
            return Woke::Planned;
        }
        let wait = Duration::from_millis((wake_at.0 - wall.0) as u64).min(GUARD);
        let slept = Instant::now();
        match rx.recv_timeout(wait) {
            Ok(()) => {
                // Several commits in a row are one reason to plan.
                while rx.try_recv().is_ok() {}
                return Woke::Early;
            }
            Err(RecvTimeoutError::Disconnected) => return Woke::Gone,
            Err(RecvTimeoutError::Timeout) => {
                let zone = shared.tz();
                if zone != *tz {
                    *tz = zone;
                    return Woke::Early;
                }
                let wall_moved = Duration::from_millis((shared.now().0 - wall.0).max(0) as u64);
                if wall_moved > slept.elapsed() + JUMP || shared.now() < wall {
                    return Woke::Early;
                }
            }
        }
    }
}

/// Plans, shows what is due, refreshes the tray; returns when to plan again.
fn tick(
    app: &AppHandle,
    shared: &Shared,
    store: &Store,
    now: Timestamp,
    tz: Tz,
) -> kith_core::Result<Option<Timestamp>> {
    let plan = reminders::plan_for(store, now, tz)?;
    let mut next = plan.next;
    for notice in reminders::notices(&plan.due, tz) {
        match show(app, shared, &notice) {
            Ok(()) => {
                let keys: Vec<&str> = notice.keys.iter().map(String::as_str).collect();
                reminders::mark_notified(store.conn(), &keys, now)?;
            }
            Err(e) => {
                // The error names the service, never the reminder.
                eprintln!("kith-desktop: the notification service did not answer: {e}");
                let retry = now.plus_ms(RETRY_MS);
                next = Some(next.map_or(retry, |n| n.min(retry)));
            }
        }
    }
    let status = reminders::tray_status(store.conn(), now, tz, TRAY_LIST)?;
    let paused = reminders::paused_until(store)?.filter(|p| *p > now);
    crate::tray::refresh(app, &status, paused, tz);
    Ok(next)
}

/// The notification's buttons: (action key, label). Clicking the notice itself is `default`.
fn actions(notice: &Notice) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![("default", "Open")];
    if notice.follow_up.is_some() {
        out.extend([
            (DONE, "Done"),
            (SNOOZE_HOUR, "Snooze 1 hour"),
            (SNOOZE_MORNING, "Tomorrow morning"),
        ]);
    }
    out.push((OPEN, "Open"));
    out
}

pub const DONE: &str = "done";
pub const SNOOZE_HOUR: &str = "snooze-hour";
pub const SNOOZE_MORNING: &str = "snooze-morning";
pub const OPEN: &str = "open";

/// Shows `notice` through the platform's notification service and, where it reports actions,
/// acts on the one the user picks.
fn show(app: &AppHandle, shared: &Shared, notice: &Notice) -> Result<(), String> {
    let mut n = notify_rust::Notification::new();
    n.appname("Kith")
        .summary(&notice.summary)
        .body(&notice.body);
    for (key, label) in actions(notice) {
        n.action(key, label);
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        n.icon("kith")
            .hint(notify_rust::Hint::Category("reminder".into()));
        let handle = n.show().map_err(|e| e.to_string())?;
        let (app, shared) = (app.clone(), shared.clone());
        let (route, follow_up) = (notice.route.clone(), notice.follow_up);
        std::thread::Builder::new()
            .name("kith-notification".into())
            .spawn(move || {
                handle.wait_for_action(|action| act(&app, &shared, action, &route, follow_up))
            })
            .map_err(|e| e.to_string())?;
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let _ = (app, shared);
        n.show().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// What the action the user picked on a notification does.
pub fn act(
    app: &AppHandle,
    shared: &Shared,
    action: &str,
    route: &str,
    follow_up: Option<FollowUpId>,
) {
    let result = match (action, follow_up) {
        ("default" | OPEN, _) => {
            crate::tray::show(app, Some(route));
            Ok(())
        }
        (DONE, Some(id)) => on_store(shared, |store, now, tz| {
            store
                .write(|tx| followups::complete(tx, id, now, tz))
                .map(drop)
        }),
        (SNOOZE_HOUR | SNOOZE_MORNING, Some(id)) => on_store(shared, |store, now, tz| {
            let choice = if action == SNOOZE_HOUR {
                Snooze::Hour
            } else {
                Snooze::TomorrowMorning
            };
            let morning = Settings::load(store)?.snooze_tomorrow_time;
            let until = reminders::snooze_until(choice, now, tz, morning);
            store
                .write(|tx| followups::snooze(tx, id, until, now))
                .map(drop)
        }),
        // Closed, or an action this notice did not offer.
        _ => Ok(()),
    };
    if let Err(e) = result {
        eprintln!("kith-desktop: the notification's {action} action failed: {e}");
    }
}

fn on_store(
    shared: &Shared,
    f: impl FnOnce(&mut Store, Timestamp, Tz) -> kith_core::Result<()>,
) -> kith_core::Result<()> {
    let mut store = shared
        .store
        .lock()
        .map_err(|_| kith_core::Error::Corrupt("the database handle was poisoned".into()))?;
    f(&mut store, shared.now(), shared.tz())
}

/// Pauses reminders for an hour from now (the tray's "Pause reminders for 1 hour"), or resumes
/// them, then has the clock plan again.
pub fn pause(app: &AppHandle, for_an_hour: bool) {
    let shared = app.state::<Shared>();
    let result = on_store(&shared, |store, now, _| {
        reminders::pause(store, for_an_hour.then(|| now.plus_ms(3_600_000)))
    });
    if let Err(e) = result {
        eprintln!("kith-desktop: pausing reminders failed: {e}");
    }
    app.state::<Clock>().wake();
}
