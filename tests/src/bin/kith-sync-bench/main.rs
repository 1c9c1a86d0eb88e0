//! `kith-sync-bench`: how fast the real `kith-sync-server` relays changes, on SQLite and (when it
//! answers) PostgreSQL, side by side. Prints figures; asserts nothing.
//!
//! Starts the real server binary (built by [`kith_tests::workspace_bin`] into this program's
//! target folder; `--server PATH` to pick another), creates one
//! account per `--per-account` devices (default 2: a user's laptop and second machine) and logs
//! the `--devices` devices in; then every device pushes `--changes` sealed changes of `--size`
//! random bytes, `--batch` per push, and pulls until it has caught up with its workspace.
//! Reports accepted changes per second and p50/p95/p99 latency of push and pull requests, for
//! devices starting one after another over a second (steady; what the goal is set for) and
//! all at the same instant (burst), unless `--spread-ms` picks one.
//!
//! ```text
//! cargo build --release -p kith-tests --bin kith-sync-bench
//! target/release/kith-sync-bench [--devices 200] [--per-account 2] [--changes 50] [--batch 10]
//!                                [--size 300] [--spread-ms MS]
//!                                [--database-url postgres://postgres@127.0.0.1:5432/test]
//! ```

use std::path::PathBuf;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use clap::Parser;
use kith_protocol::{
    CreateAccount, Login, PullResponse, PushRequest, PushResponse, SealedChange, Session,
};
use rand::RngCore;

mod servers;
use servers::{BenchSchema, Server};

/// The latency the sync server is built to stay under, at the 95th percentile.
const GOAL_P95: Duration = Duration::from_millis(50);
const PASSWORD: &str = "benchmark password";

#[derive(Parser, Debug)]
#[command(name = "kith-sync-bench")]
struct Args {
    /// The server binary (default: kith-sync-server, built beside this program).
    #[arg(long)]
    server: Option<PathBuf>,
    #[arg(long, default_value_t = 200)]
    devices: usize,
    /// Changes each device pushes.
    #[arg(long, default_value_t = 50)]
    changes: usize,
    /// Changes per push request.
    #[arg(long, default_value_t = 10)]
    batch: usize,
    /// Bytes of ciphertext per change.
    #[arg(long, default_value_t = 300)]
    size: usize,
    /// PostgreSQL to measure too (in a schema of its own, dropped afterwards).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    database_url: String,
    /// How many devices sync at the same moment (default: all of them). Lower it to see the
    /// latency of a server that is busy but not saturated.
    #[arg(long)]
    concurrent: Option<usize>,
    /// Measure SQLite only.
    #[arg(long)]
    sqlite_only: bool,
    /// Devices per account: each account is one workspace, whose devices pull each other's
    /// changes (a user's laptop and second machine: 2).
    #[arg(long, default_value_t = 2)]
    per_account: usize,
    /// Devices start their syncs at evenly spaced moments over this many milliseconds (0: all
    /// at the same instant). Default: two runs, over 1,000 ms (steady) and at once (burst).
    #[arg(long)]
    spread_ms: Option<u64>,
}

/// Latencies of one kind of request.
#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }
}

struct Figures {
    backend: &'static str,
    /// When the devices started: "over 1000 ms" or "at once".
    start: String,
    changes_per_second: f64,
    pulled_per_second: f64,
    push: Samples,
    pull: Samples,
    wall: Duration,
}

/// One HTTP client shared by every device thread (plain HTTP to 127.0.0.1).
fn agent() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        // reqwest needs a TLS setup even for plain HTTP; the sync client's will do.
        .tls_backend_preconfigured(
            kith_core::sync::client::tls_config(&[]).expect("the sync client's TLS setup"),
        )
        .pool_max_idle_per_host(1024)
        .timeout(Duration::from_secs(120))
        .build()
        .expect("an HTTP client without TLS builds")
}

fn post<T: serde::Serialize, R: serde::de::DeserializeOwned>(
    agent: &reqwest::blocking::Client,
    url: &str,
    token: Option<&str>,
    body: &T,
) -> anyhow::Result<R> {
    let mut request = agent.post(url);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let response = request.json(body).send()?;
    let status = response.status();
    let text = response.text()?;
    if !status.is_success() {
        bail!("POST {url}: {status}: {text}");
    }
    Ok(serde_json::from_str(&text)?)
}

fn random_hex(rng: &mut impl RngCore, bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// What one device (or one lane of devices) saw.
#[derive(Default)]
struct DeviceRun {
    pushes: Vec<Duration>,
    pulls: Vec<Duration>,
    pulled: usize,
    /// When its last push was answered.
    pushed: Option<Instant>,
}

/// One device's sync: push its changes in batches, then pull until caught up.
fn sync_one_device(
    agent: &reqwest::blocking::Client,
    base: &str,
    session: &Session,
    changes: usize,
    batch: usize,
    size: usize,
) -> anyhow::Result<DeviceRun> {
    let mut rng = rand::rng();
    let url = format!("{base}/v1/workspaces/{}/changes", session.workspace_id);
    let sealed: Vec<SealedChange> = (0..changes)
        .map(|_| {
            let mut data = vec![0u8; size];
            rng.fill_bytes(&mut data);
            SealedChange {
                id: random_hex(&mut rng, 32),
                data: STANDARD.encode(data),
            }
        })
        .collect();
    let mut run = DeviceRun::default();
    for chunk in sealed.chunks(batch.max(1)) {
        let began = Instant::now();
        let _: PushResponse = post(
            agent,
            &url,
            Some(&session.token),
            &PushRequest {
                changes: chunk.to_vec(),
            },
        )?;
        run.pushes.push(began.elapsed());
    }
    run.pushed = Some(Instant::now());
    let mut after = 0;
    loop {
        let began = Instant::now();
        let response = agent
            .get(format!("{url}?after={after}&limit=500"))
            .header("Authorization", format!("Bearer {}", session.token))
            .send()?;
        let text = response.text()?;
        run.pulls.push(began.elapsed());
        let page: PullResponse =
            serde_json::from_str(&text).with_context(|| format!("pull answered {text:.200}"))?;
        run.pulled += page.changes.len();
        after = page.cursor;
        if !page.more {
            return Ok(run);
        }
    }
}

fn measure(
    backend: &'static str,
    server: &Server,
    args: &Args,
    spread_ms: u64,
) -> anyhow::Result<Figures> {
    let agent = agent();
    let base = server.url.clone();
    let mut rng = rand::rng();
    let per_account = args.per_account.clamp(1, args.devices.max(1));
    let accounts = args.devices.div_ceil(per_account);
    // Each account's first device creates it; the others log in, a few at a time (each
    // creation and login is an argon2id hash on the server).
    let run = random_hex(&mut rng, 6);
    let email = move |account: usize| format!("bench-{run}-{account}@example.com");
    let lanes_for_setup = 4;
    let creators: Vec<_> = (0..lanes_for_setup)
        .map(|lane| {
            let (agent, base, email) = (agent.clone(), base.clone(), email.clone());
            std::thread::spawn(move || -> anyhow::Result<Vec<Session>> {
                (0..accounts)
                    .filter(|a| a % lanes_for_setup == lane)
                    .map(|a| {
                        post(
                            &agent,
                            &format!("{base}/v1/accounts"),
                            None,
                            &CreateAccount {
                                email: email(a),
                                password: PASSWORD.to_owned(),
                                device_name: "device 0".to_owned(),
                                key_check: STANDARD.encode(b"bench"),
                            },
                        )
                    })
                    .collect()
            })
        })
        .collect();
    let mut sessions = Vec::with_capacity(args.devices);
    for lane in creators {
        sessions.extend(lane.join().expect("account thread")?);
    }
    let logins: Vec<_> = (0..lanes_for_setup)
        .map(|lane| {
            let (agent, base, email) = (agent.clone(), base.clone(), email.clone());
            let devices = args.devices;
            std::thread::spawn(move || -> anyhow::Result<Vec<Session>> {
                (0..devices)
                    .filter(|d| d % per_account != 0 && d % lanes_for_setup == lane)
                    .map(|d| {
                        post(
                            &agent,
                            &format!("{base}/v1/login"),
                            None,
                            &Login {
                                email: email(d / per_account),
                                password: PASSWORD.to_owned(),
                                device_name: format!("device {}", d % per_account),
                            },
                        )
                    })
                    .collect()
            })
        })
        .collect();
    for lane in logins {
        sessions.extend(lane.join().expect("login thread")?);
    }

    let lanes = args
        .concurrent
        .unwrap_or(sessions.len())
        .clamp(1, sessions.len());
    let queue = Arc::new(std::sync::Mutex::new(sessions));
    let start = Arc::new(Barrier::new(lanes + 1));
    let workers: Vec<_> = (0..lanes)
        .map(|_| {
            let (agent, base, start, queue) =
                (agent.clone(), base.clone(), start.clone(), queue.clone());
            let (changes, batch, size) = (args.changes, args.batch, args.size);
            let (spread, devices) = (Duration::from_millis(spread_ms), args.devices.max(1));
            std::thread::spawn(move || -> anyhow::Result<DeviceRun> {
                start.wait();
                let began = Instant::now();
                let mut total = DeviceRun::default();
                loop {
                    let next = {
                        let mut queue = queue.lock().expect("queue");
                        queue.pop().map(|s| (queue.len(), s))
                    };
                    let Some((left, session)) = next else {
                        return Ok(total);
                    };
                    // Device k of n starts k/n of the way through the spread.
                    let due = spread.mul_f64((devices - 1 - left) as f64 / devices as f64);
                    if let Some(wait) = due.checked_sub(began.elapsed()) {
                        std::thread::sleep(wait);
                    }
                    let run = sync_one_device(&agent, &base, &session, changes, batch, size)?;
                    total.pushes.extend(run.pushes);
                    total.pulls.extend(run.pulls);
                    total.pulled += run.pulled;
                    total.pushed = total.pushed.max(run.pushed);
                }
            })
        })
        .collect();
    start.wait();
    let began = Instant::now();
    let (mut push, mut pull, mut pulled, mut last_push) =
        (Samples::default(), Samples::default(), 0, began);
    for worker in workers {
        let run = worker.join().expect("device thread")?;
        push.0.extend(run.pushes);
        pull.0.extend(run.pulls);
        pulled += run.pulled;
        if let Some(pushed) = run.pushed {
            last_push = last_push.max(pushed);
        }
    }
    let wall = began.elapsed();
    let accepted = (args.devices * args.changes) as f64;
    Ok(Figures {
        backend,
        start: if spread_ms == 0 {
            "at once".to_owned()
        } else {
            format!("over {spread_ms} ms")
        },
        changes_per_second: accepted / last_push.duration_since(began).as_secs_f64(),
        pulled_per_second: pulled as f64 / wall.as_secs_f64(),
        push,
        pull,
        wall,
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let binary = match &args.server {
        Some(path) => path.clone(),
        None => kith_tests::workspace_bin("kith-sync-server", "kith-sync-server"),
    };
    // Steady: the devices start one after another over a second (200 syncs a second, 10,000
    // changes offered a second), which is what the latency goal is about. Burst: all at the
    // same instant, which measures how the queue behaves on a saturated machine.
    let spreads = match args.spread_ms {
        Some(ms) => vec![ms],
        None => vec![1000, 0],
    };
    println!(
        "kith-sync-bench: {} devices ({} per account) x {} changes of {} bytes, {} per push, then pull until caught up; {} devices at a time",
        args.devices,
        args.per_account,
        args.changes,
        args.size,
        args.batch,
        args.concurrent.map_or("all".to_owned(), |n| n.to_string()),
    );
    let mut results = Vec::new();

    let dir = std::env::temp_dir().join(format!("kith-sync-bench-{}", std::process::id()));
    for &spread in &spreads {
        let server = Server::start(&binary, &["--data".to_owned(), dir.display().to_string()])?;
        results.push(measure("sqlite", &server, &args, spread)?);
    }
    let _ = std::fs::remove_dir_all(&dir);

    if !args.sqlite_only {
        for &spread in &spreads {
            match BenchSchema::create(&args.database_url) {
                Ok(schema) => {
                    let server = Server::start(
                        &binary,
                        &["--database-url".to_owned(), schema.server_url()],
                    )?;
                    results.push(measure("postgres", &server, &args, spread)?);
                }
                Err(e) => {
                    println!("postgres: skipped ({e:#})");
                    break;
                }
            }
        }
    }

    println!();
    println!(
        "{:<9} {:<13} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>7}",
        "backend",
        "devices start",
        "changes/s",
        "push p50",
        "push p95",
        "push p99",
        "pull p50",
        "pull p95",
        "pull p99",
        "pulled/s",
        "wall s"
    );
    for f in &results {
        println!(
            "{:<9} {:<13} {:>10.0} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10.0} {:>7.1}",
            f.backend,
            f.start,
            f.changes_per_second,
            ms(f.push.percentile(50.0)),
            ms(f.push.percentile(95.0)),
            ms(f.push.percentile(99.0)),
            ms(f.pull.percentile(50.0)),
            ms(f.pull.percentile(95.0)),
            ms(f.pull.percentile(99.0)),
            f.pulled_per_second,
            f.wall.as_secs_f64(),
        );
    }
    println!("(latencies in milliseconds, measured by the devices; server and devices share this machine's cores)");
    for f in &results {
        let worst = f.push.percentile(95.0).max(f.pull.percentile(95.0));
        println!(
            "{} ({}): p95 goal {} ms: {} (worst p95 {} ms over {} pushes and {} pulls)",
            f.backend,
            f.start,
            GOAL_P95.as_millis(),
            if worst <= GOAL_P95 { "met" } else { "NOT met" },
            ms(worst),
            f.push.0.len(),
            f.pull.0.len()
        );
    }
    Ok(())
}
