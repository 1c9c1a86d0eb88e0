//! A notification service of the test's own: it claims `org.freedesktop.Notifications` on a
//! private D-Bus session, records every `Notify` call it answers, and can invoke an action on a
//! notification the way a click on its button would (`ActionInvoked`).
//!
//! The app talks to it exactly as to a desktop's notification daemon, so what the tests see is
//! what the app really sent and what a real service really answered.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use anyhow::{anyhow, Context, Result};
use zbus::zvariant::OwnedValue;

const PATH: &str = "/org/freedesktop/Notifications";
const INTERFACE: &str = "org.freedesktop.Notifications";

/// One notification the app sent.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    /// (key, label) pairs, in the order sent.
    pub actions: Vec<(String, String)>,
    pub at: SystemTime,
}

impl Received {
    pub fn action_keys(&self) -> Vec<&str> {
        self.actions.iter().map(|(k, _)| k.as_str()).collect()
    }
}

struct Service {
    next_id: Mutex<u32>,
    sent: Sender<Received>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Service {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut next = self.next_id.lock().unwrap();
        *next += 1;
        let pairs = actions
            .chunks(2)
            .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
            .collect();
        let _ = self.sent.send(Received {
            id: *next,
            app_name,
            summary,
            body,
            actions: pairs,
            at: SystemTime::now(),
        });
        *next
    }

    fn get_capabilities(&self) -> Vec<String> {
        ["actions", "body", "body-markup"]
            .map(String::from)
            .to_vec()
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "kith-test-notifications".into(),
            "kith".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

/// A private session bus with the test's notification service on it. Dropping it stops both.
pub struct NotifyServer {
    /// `DBUS_SESSION_BUS_ADDRESS` for the app.
    pub address: String,
    conn: zbus::blocking::Connection,
    received: Receiver<Received>,
    bus: Child,
}

/// A private D-Bus session daemon and its address; the caller owns (and ends) the process.
pub fn dbus_session() -> Result<(Child, String)> {
    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("start a private D-Bus session (dbus-daemon)")?;
    let mut line = String::new();
    BufReader::new(bus.stdout.take().expect("stdout is piped")).read_line(&mut line)?;
    Ok((bus, line.trim().to_string()))
}

impl NotifyServer {
    pub fn start() -> Result<NotifyServer> {
        let (bus, address) = dbus_session()?;
        let (sent, received) = mpsc::channel();
        let service = Service {
            next_id: Mutex::new(0),
            sent,
        };
        let conn = zbus::blocking::connection::Builder::address(address.as_str())?
            .name(INTERFACE)?
            .serve_at(PATH, service)?
            .build()
            .context("claim org.freedesktop.Notifications on the private bus")?;
        Ok(NotifyServer {
            address,
            conn,
            received,
            bus,
        })
    }

    /// The next notification, waiting up to `within`.
    pub fn next(&self, within: Duration) -> Result<Received> {
        self.received
            .recv_timeout(within)
            .map_err(|_| anyhow!("no notification arrived within {within:?}"))
    }

    /// Any notification arriving within `within`, or `None`.
    pub fn quiet_for(&self, within: Duration) -> Option<Received> {
        self.received.recv_timeout(within).ok()
    }

    /// Invokes `action` on notification `id`, as a click on its button does.
    pub fn invoke(&self, id: u32, action: &str) -> Result<()> {
        self.conn
            .emit_signal(None::<()>, PATH, INTERFACE, "ActionInvoked", &(id, action))
            .context("emit ActionInvoked")
    }
}

impl Drop for NotifyServer {
    fn drop(&mut self) {
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}
