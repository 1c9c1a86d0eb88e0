//! Sync between devices, measured end to end through the real `kith-sync-server` (release
//! build, SQLite backend, 127.0.0.1) and two database files:
//!
//! 1. a fresh device bootstrapping a workspace of N contacts (default 100,000; goal ≤ 10 s);
//! 2. two devices with M offline edits each (default 10,000; goal ≤ 5 s to converge: A pushes,
//!    B pushes and pulls, A pulls), checked equal afterwards.
//!
//! cargo run --release -p kith-tests --bin kith-sync-devices-bench -- [--contacts N] [--edits M]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use kith_core::contacts::{self, ContactChanges};
use kith_core::ids::ContactId;
use kith_core::import::import_file;
use kith_core::store::Store;
use kith_core::sync::{account, run};
use kith_core::time::Timestamp;

#[global_allocator]
static ALLOCATOR: kith_core::Allocator = kith_core::Allocator;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server binary beside this one, built (release) when missing.
fn server_bin() -> Result<PathBuf> {
    let dir = std::env::current_exe()?
        .parent()
        .context("no directory")?
        .to_path_buf();
    let bin = dir.join("kith-sync-server");
    if !bin.exists() {
        let mut build = Command::new("cargo");
        build.args([
            "build",
            "-p",
            "kith-sync-server",
            "--bin",
            "kith-sync-server",
        ]);
        if dir.ends_with("release") {
            build.arg("--release");
        }
        if !build.status()?.success() {
            bail!("cargo build -p kith-sync-server failed");
        }
    }
    Ok(bin)
}

fn start_server(data: &Path) -> Result<(Server, String)> {
    let mut child = Command::new(server_bin()?)
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut first = String::new();
    BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut first)?;
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .context("unexpected first line")?
        .to_string();
    Ok((Server(child), url))
}

fn arg(name: &str, default: usize) -> Result<usize> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == name) {
        Some(i) => Ok(args
            .get(i + 1)
            .with_context(|| format!("{name} needs a number"))?
            .replace('_', "")
            .parse()?),
        None => Ok(default),
    }
}

fn ids(store: &Store) -> Result<Vec<ContactId>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id FROM contacts ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for r in rows {
        out.push(ContactId::parse(&r?, "id")?);
    }
    Ok(out)
}

/// A digest of every projected contact, to check two devices agree.
fn digest(store: &Store) -> Result<String> {
    let rows = kith_tests::sql_rows(
        store.conn(),
        "SELECT id, record, deleted_at FROM contacts ORDER BY id",
    );
    Ok(format!("{} rows, {:x}", rows.len(), {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        rows.hash(&mut h);
        h.finish()
    }))
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "MISS"
    }
}

fn main() -> Result<()> {
    let contacts_n = arg("--contacts", 100_000)?;
    let edits = arg("--edits", 10_000)?;
    // SAFETY: set before any other thread exists.
    unsafe { std::env::set_var("KITH_KEYRING", "file") };
    let dir = tempfile::tempdir()?;
    let (_server, url) = start_server(&dir.path().join("server"))?;
    let now = Timestamp::now();
    let password = "benchmark password";

    let mut a = Store::open(&dir.path().join("a.db"), "US")?;
    let csv = dir.path().join("people.csv");
    kith_tests::write_people_csv(&csv, contacts_n)?;
    let t = Instant::now();
    import_file(&mut a, &csv, None, None, false, &mut |_| {}, now)?;
    println!(
        "device A imported {contacts_n} contacts in {:.1} s (setup)",
        t.elapsed().as_secs_f64()
    );
    let signed = account::create_account(&mut a, &url, "bench@example.com", password, "A")?;
    let key = signed.recovery_key.context("a recovery key")?;
    let t = Instant::now();
    let pushed = run::sync(&mut a, &mut |_| {})?;
    let push_s = t.elapsed().as_secs_f64();
    println!("device A pushed {} changes in {push_s:.2} s", pushed.pushed);

    let mut b = Store::open(&dir.path().join("b.db"), "US")?;
    account::login(&mut b, &url, "bench@example.com", password, &key, "B")?;
    let t = Instant::now();
    let pulled = run::sync(&mut b, &mut |_| {})?;
    let boot_s = t.elapsed().as_secs_f64();
    if digest(&a)? != digest(&b)? {
        bail!("after bootstrap the devices differ");
    }

    // Offline edits on both devices, overlapping on half of them.
    let all = ids(&a)?;
    let edits = edits.min(all.len());
    let (a_ids, b_ids) = (
        &all[..edits],
        &all[edits / 2..edits / 2 + edits.min(all.len() - edits / 2)],
    );
    a.write(|tx| {
        for (i, id) in a_ids.iter().enumerate() {
            contacts::update(
                tx,
                *id,
                ContactChanges {
                    company: Some(format!("A company {i}")),
                    ..Default::default()
                },
                now,
            )?;
        }
        Ok(())
    })?;
    b.write(|tx| {
        for (i, id) in b_ids.iter().enumerate() {
            contacts::update(
                tx,
                *id,
                ContactChanges {
                    title: Some(format!("B title {i}")),
                    ..Default::default()
                },
                now,
            )?;
        }
        Ok(())
    })?;
    let t = Instant::now();
    let r1 = run::sync(&mut a, &mut |_| {})?;
    let r2 = run::sync(&mut b, &mut |_| {})?;
    let r3 = run::sync(&mut a, &mut |_| {})?;
    let conv_s = t.elapsed().as_secs_f64();
    let same = digest(&a)? == digest(&b)?;
    if !same {
        bail!("after converging the devices differ");
    }

    println!("---- summary (paste into a note) ----");
    println!(
        "kith-sync-devices-bench {}, kith-core {}, SQLite server backend on 127.0.0.1, {} CPUs",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        kith_tests::core_version(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "bootstrap: a fresh device pulled {} changes ({} contacts) in {boot_s:.2} s goal ≤ 10 s {}",
        pulled.pulled,
        contacts_n,
        verdict(boot_s <= 10.0)
    );
    println!(
        "converge: {} + {} offline edits (A pushed {}, B pushed {} pulled {}, A pulled {}) in {conv_s:.2} s goal ≤ 5 s {}; projections equal: {}",
        a_ids.len(),
        b_ids.len(),
        r1.pushed,
        r2.pushed,
        r2.pulled,
        r3.pulled,
        verdict(conv_s <= 5.0),
        verdict(same)
    );
    println!("(first push of the {contacts_n}-contact workspace: {push_s:.2} s)");
    println!("command: cargo run --release -p kith-tests --bin kith-sync-devices-bench -- --contacts {contacts_n} --edits {edits}");
    println!("-------------------------------------");
    Ok(())
}
