//! The real desktop app in its real webview, driven through WebDriver: an X server (Xvfb) and a
//! D-Bus session of its own unless the environment has them, `tauri-driver` in front of
//! WebKitWebDriver, and the `kith-desktop` binary on a database file of the test's.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// Whether this machine can run the desktop tests; `Err` says what is missing. Under `CI=true`
/// a missing piece is a failure, not a skip.
pub fn available() -> std::result::Result<PathBuf, String> {
    let driver = which("tauri-driver").ok_or(
        "tauri-driver is not installed (cargo install tauri-driver --version '^2' --locked)",
    )?;
    if !Path::new(WEBKIT_DRIVER).exists() {
        return Err(format!(
            "{WEBKIT_DRIVER} is missing (Debian package webkit2gtk-driver)"
        ));
    }
    if std::env::var_os("DISPLAY").is_none() && which("Xvfb").is_none() {
        return Err("no DISPLAY and no Xvfb (Debian package xvfb)".into());
    }
    Ok(driver)
}

/// Skips (returns `None`) when the desktop pieces are missing, except under CI where it panics.
pub fn driver_or_skip(test: &str) -> Option<PathBuf> {
    match available() {
        Ok(d) => Some(d),
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{test}: the desktop end-to-end tests cannot run: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED {test}: {why}");
            None
        }
    }
}

/// Skips (returns `None`) when there is no X display to be had or no `dbus-daemon`, except
/// under CI where it panics: for tests that run the app binary without WebDriver.
pub fn display_or_skip(test: &str) -> Option<()> {
    let missing = if std::env::var_os("DISPLAY").is_none() && which("Xvfb").is_none() {
        Some("no DISPLAY and no Xvfb (Debian package xvfb)")
    } else if which("dbus-daemon").is_none() {
        Some("no dbus-daemon (Debian package dbus)")
    } else {
        None
    };
    match missing {
        None => Some(()),
        Some(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{test}: the desktop tests cannot run: {why}")
        }
        Some(why) => {
            eprintln!("SKIPPED {test}: {why}");
            None
        }
    }
}

/// The `kith-desktop` binary running on its own (no WebDriver) on `db`, its notifications
/// going to the session bus at `bus`. Killed when dropped; its stderr is kept in `dir`.
pub struct RunningApp {
    app: Guard,
    _session: Session,
}

impl RunningApp {
    pub fn start(db: &Path, bus: &str, dir: &Path) -> Result<RunningApp> {
        Self::start_with(db, bus, dir, &[])
    }

    pub fn start_with(db: &Path, bus: &str, dir: &Path, args: &[&str]) -> Result<RunningApp> {
        let session = Session::start()?;
        let home = dir.join("home");
        std::fs::create_dir_all(&home)?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("kith-desktop.log"))?;
        let child = Command::new(crate::workspace_bin("kith-desktop", "kith-desktop"))
            .args(args)
            .envs(session.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .env("KITH_DB", db)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("KITH_KEYRING", "file")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("start kith-desktop")?;
        Ok(RunningApp {
            app: Guard(child),
            _session: session,
        })
    }

    /// The app's process id.
    pub fn pid(&self) -> u32 {
        self.app.0.id()
    }
}

const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";

fn which(name: &str) -> Option<PathBuf> {
    let home_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(home_bin)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A child process killed (with its group) when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An X display and a session bus for the app: the environment's when it has them, else our own.
pub struct Session {
    pub env: Vec<(String, String)>,
    _children: Vec<Guard>,
}

impl Session {
    pub fn start() -> Result<Session> {
        let mut env = Vec::new();
        let mut children = Vec::new();
        if std::env::var_os("DISPLAY").is_none() {
            // `-displayfd` makes Xvfb pick a free display and print its number when ready.
            let mut x = Command::new("Xvfb")
                .args([
                    "-displayfd",
                    "1",
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .context("start Xvfb")?;
            let mut line = String::new();
            BufReader::new(x.stdout.take().unwrap()).read_line(&mut line)?;
            children.push(Guard(x));
            let n = line.trim();
            if n.is_empty() {
                bail!("Xvfb did not say which display it took");
            }
            env.push(("DISPLAY".into(), format!(":{n}")));
        }
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            let (bus, address) = crate::notify_server::dbus_session()?;
            children.push(Guard(bus));
            env.push(("DBUS_SESSION_BUS_ADDRESS".into(), address));
        }
        Ok(Session {
            env,
            _children: children,
        })
    }
}

/// The app under WebDriver, on `db`.
pub struct App {
    pub client: Client,
    pub shots: PathBuf,
    _driver: Guard,
    _session: Session,
}

impl App {
    /// Starts `kith-desktop` on `db` with `extra` environment (for example `KITH_NOW`).
    pub async fn launch(
        driver: &Path,
        binary: &Path,
        db: &Path,
        extra: &[(&str, &str)],
    ) -> Result<App> {
        let session = Session::start()?;
        let port = free_port();
        let native = free_port();
        let home = db.parent().unwrap_or(Path::new(".")).join("home");
        std::fs::create_dir_all(&home)?;
        let mut cmd = Command::new(driver);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
            "--native-driver",
            WEBKIT_DRIVER,
        ])
        .envs(session.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("KITH_DB", db)
        // Keep the app's caches, settings and login item out of the real home directory.
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("KITH_KEYRING", "file")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().context("start tauri-driver")?;
        let mut stderr = child.stderr.take();
        let driver_guard = Guard(child);
        wait_for_port(port, Duration::from_secs(20)).with_context(|| {
            let mut err = String::new();
            if let Some(s) = &mut stderr {
                let _ = s.read_to_string(&mut err);
            }
            format!("tauri-driver did not listen: {err}")
        })?;
        // The app inherits this pipe: keep reading it, or its first line on stderr would fail
        // with a broken pipe (and Rust's eprintln! panics on that).
        if let Some(mut s) = stderr {
            std::thread::spawn(move || std::io::copy(&mut s, &mut std::io::sink()));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary }),
        );
        // Plain HTTP to tauri-driver on loopback: no TLS connector (and no OpenSSL) needed.
        // tauri-driver listens before its WebKitWebDriver does; on a loaded machine the first
        // session request can find the native driver not yet up and be dropped, so a dropped
        // request is tried again (three times, a second apart) before the test fails.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(
                    fantoccini::error::NewSessionError::FailedC(_)
                    | fantoccini::error::NewSessionError::Failed(_)
                    | fantoccini::error::NewSessionError::Lost(_),
                ) if attempt < 3 => {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => return Err(e).context("open a WebDriver session on the app"),
            }
        };
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&shots)?;
        Ok(App {
            client,
            shots,
            _driver: driver_guard,
            _session: session,
        })
    }

    pub fn css(id: &str) -> String {
        format!("[data-testid=\"{id}\"]")
    }

    /// Waits (up to 10 s) for the element with `data-testid` `id`.
    pub async fn get(&self, id: &str) -> Result<Element> {
        self.wait_for(&Self::css(id), Duration::from_secs(10)).await
    }

    pub async fn wait_for(&self, css: &str, within: Duration) -> Result<Element> {
        let started = Instant::now();
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                return Ok(e);
            }
            if started.elapsed() > within {
                bail!("no element matches {css} after {within:?}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// All elements with `data-testid` `id` (possibly none).
    pub async fn all(&self, id: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&Self::css(id))).await?)
    }

    pub async fn click(&self, id: &str) -> Result<()> {
        self.get(id).await?.click().await?;
        Ok(())
    }

    /// Replaces the text of input `id` with `text`.
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let e = self.get(id).await?;
        e.clear().await?;
        if text.is_empty() {
            // Nothing to type: tell the page the field changed, as typing would.
            self.client
                .execute(
                    "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
                    vec![serde_json::to_value(&e)?],
                )
                .await?;
        } else {
            e.send_keys(text).await?;
        }
        Ok(())
    }

    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(content(&self.get(id).await?).await)
    }

    /// Waits (up to `within`) until the text of some `id` element contains `needle`.
    pub async fn wait_text(&self, id: &str, needle: &str, within: Duration) -> Result<Duration> {
        let started = Instant::now();
        loop {
            for e in self.all(id).await? {
                if content(&e).await.contains(needle) {
                    return Ok(started.elapsed());
                }
            }
            if started.elapsed() > within {
                let seen: Vec<String> = futures_text(self, id).await;
                bail!("no {id} shows {needle:?} after {within:?}; seen {seen:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until no `id` element contains `needle`.
    pub async fn wait_gone(&self, id: &str, needle: &str, within: Duration) -> Result<()> {
        let started = Instant::now();
        loop {
            let mut found = false;
            for e in self.all(id).await? {
                found |= content(&e).await.contains(needle);
            }
            if !found {
                return Ok(());
            }
            if started.elapsed() > within {
                bail!("{id} still shows {needle:?} after {within:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Saves a screenshot of the window as `target/screenshots/NAME.png`.
    pub async fn shot(&self, name: &str) -> Result<PathBuf> {
        // Let the last frame paint; WebKit may otherwise hand back the previous one.
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = self.client.screenshot().await?;
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

async fn futures_text(app: &App, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in app.all(id).await.unwrap_or_default() {
        out.push(content(&e).await);
    }
    out
}

/// The element's text as the DOM holds it (`textContent`, whitespace collapsed): what a row
/// says even where CSS truncates it on screen.
pub async fn content(e: &Element) -> String {
    e.prop("textContent")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn wait_for_port(port: u16, within: Duration) -> Result<()> {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > within {
            bail!("nothing listens on port {port} after {within:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// The fields of `/proc/PID/stat` after the command name (so index 0 is the state, 1 the
/// parent's pid, 11 and 12 the user and system CPU ticks, 19 the start time).
pub fn stat_fields(pid: u32) -> Result<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let after = stat.rsplit_once(')').context("stat")?.1;
    Ok(after.split_whitespace().map(str::to_string).collect())
}

/// CPU seconds (user + system) `pid` has used so far, and with its descendants (the webview's
/// helper processes) counted in.
pub fn cpu_seconds(pid: u32) -> Result<(f64, f64)> {
    let ticks = |p: u32| -> Result<u64> {
        let f = stat_fields(p)?;
        Ok(f[11].parse::<u64>()? + f[12].parse::<u64>()?)
    };
    let mut parents = std::collections::HashMap::new();
    for entry in std::fs::read_dir("/proc")? {
        let Ok(p) = entry?.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Ok(f) = stat_fields(p) {
            parents.insert(p, f[1].parse::<u32>().unwrap_or(0));
        }
    }
    let descends = |mut p: u32| {
        while p > 1 {
            if p == pid {
                return true;
            }
            p = parents.get(&p).copied().unwrap_or(0);
        }
        false
    };
    let own = ticks(pid)?;
    let mut all = 0;
    for p in parents.keys().copied().filter(|p| descends(*p)) {
        all += ticks(p).unwrap_or(0);
    }
    // USER_HZ is 100 on Linux.
    Ok((own as f64 / 100.0, all as f64 / 100.0))
}
