//! The measured work, each run in a child process of its own so each has its own peak memory.
//!
//! The parent re-executes this binary as `kith-import-bench child-import CSV DB` or
//! `kith-import-bench child-baseline CSV DB`; the child does the work, reads its own peak
//! resident set (`VmHWM` in `/proc/self/status`) just before it exits, and prints one JSON line.
//!
//! Why `VmHWM` and not `ru_maxrss`: Linux folds the address space a child had *before* `exec`
//! into its `ru_maxrss`, and that space is the parent's (shared by `vfork`/`posix_spawn`, or
//! copied by `fork`), so a child's `ru_maxrss` is never below the parent's own peak, and
//! `RUSAGE_CHILDREN` is a running maximum over all children. `VmHWM` belongs to the address space
//! `exec` created, so it is this child's alone.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use kith_core::import::import_file;
use kith_core::store::Store;
use kith_core::time::Timestamp;
use rusqlite::Connection;
use serde_json::{json, Value};

pub const IMPORT: &str = "child-import";
pub const BASELINE: &str = "child-baseline";

/// What one child measured.
pub struct Measured {
    /// Opening the database (Kith: `Store::open` with its migrations), not part of `secs`.
    pub open_ms: f64,
    /// Reading the whole file and committing every row.
    pub secs: f64,
    pub peak_mb: f64,
    pub db_mb: f64,
    /// The rest of the child's line (the Kith report and counts).
    pub extra: Value,
}

/// Runs `kind` on `csv` into a fresh database at `db` in a child process.
pub fn run(kind: &str, csv: &Path, db: &Path) -> Result<Measured> {
    let exe = std::env::current_exe().context("finding this program to re-run it")?;
    let out = Command::new(exe)
        .arg(kind)
        .arg(csv)
        .arg(db)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("starting {kind}"))?;
    if !out.status.success() {
        bail!("{kind} failed ({})", out.status);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or_default();
    let v: Value = serde_json::from_str(line)
        .with_context(|| format!("{kind} printed '{line}', not its figures"))?;
    let num = |k: &str| {
        v[k].as_f64()
            .with_context(|| format!("{kind}: no '{k}' in {v}"))
    };
    Ok(Measured {
        open_ms: num("open_ms")?,
        secs: num("secs")?,
        peak_mb: num("peak_kb")? / 1024.0,
        db_mb: num("db_bytes")? / 1e6,
        extra: v,
    })
}

/// The hidden subcommands; `None` when `args` is not one.
pub fn main(args: &[String]) -> Option<Result<()>> {
    let kind = args.first()?.as_str();
    if kind != IMPORT && kind != BASELINE {
        return None;
    }
    let [_, csv, db] = args else {
        return Some(Err(anyhow::anyhow!(
            "usage: kith-import-bench {kind} CSV DB"
        )));
    };
    let (csv, db) = (Path::new(csv), Path::new(db));
    let result = if kind == IMPORT {
        kith(csv, db)
    } else {
        baseline(csv, db)
    };
    Some(result.and_then(|mut v| {
        v["db_bytes"] = json!(db_bytes(db));
        // Last, after every handle is closed: the high-water mark of the whole run.
        v["peak_kb"] = json!(peak_kb()?);
        println!("{v}");
        Ok(())
    }))
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// `kith_core::import::import_file` into a fresh Kith file.
fn kith(csv: &Path, db: &Path) -> Result<Value> {
    let t = Instant::now();
    let mut store = Store::open(db, "US")?;
    let open_ms = ms(t);
    let t = Instant::now();
    let report = import_file(
        &mut store,
        csv,
        None,
        None,
        false,
        &mut |_| {},
        Timestamp::now(),
    )?;
    let secs = t.elapsed().as_secs_f64();
    let count = |sql: &str| -> Result<i64> { Ok(store.conn().query_row(sql, [], |r| r.get(0))?) };
    let changes = count("SELECT COUNT(*) FROM changes")?;
    let change_docs = count("SELECT COUNT(DISTINCT doc_id) FROM changes")?;
    let contacts = count("SELECT COUNT(*) FROM contacts")?;
    let first_error = report
        .errors
        .first()
        .map(|e| format!("row {}: {}", e.row, e.message));
    drop(store);
    Ok(json!({
        "open_ms": open_ms,
        "secs": secs,
        "format": report.format.as_str(),
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": report.errors.len(),
        "first_error": first_error,
        "duration_ms": report.duration_ms,
        "changes": changes,
        "change_docs": change_docs,
        "contacts": contacts,
    }))
}

/// The floor: the same file read with the `csv` crate into one plain table of ten TEXT columns,
/// one prepared INSERT per row, one transaction, on a connection set up as Kith sets up its own.
fn baseline(csv: &Path, db: &Path) -> Result<Value> {
    let t = Instant::now();
    let mut conn = Connection::open(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.execute_batch(
        "CREATE TABLE people (first_name TEXT, last_name TEXT, email TEXT, phone TEXT,
         company TEXT, title TEXT, city TEXT, tags TEXT, birthday TEXT, notes TEXT)",
    )?;
    let open_ms = ms(t);
    let t = Instant::now();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(csv)
        .with_context(|| format!("reading {}", csv.display()))?;
    let tx = conn.transaction()?;
    let mut rows = 0usize;
    {
        let mut insert =
            tx.prepare("INSERT INTO people VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record)? {
            let cell = |i: usize| record.get(i).unwrap_or_default();
            insert.execute(rusqlite::params_from_iter((0..10).map(cell)))?;
            rows += 1;
        }
    }
    tx.commit()?;
    let secs = t.elapsed().as_secs_f64();
    let stored: i64 = conn.query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))?;
    drop(conn);
    Ok(json!({ "open_ms": open_ms, "secs": secs, "rows": rows, "stored": stored }))
}

/// The file and its write-ahead log.
fn db_bytes(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum()
}

/// This process's peak resident set, in KiB (`VmHWM` in `/proc/self/status`).
fn peak_kb() -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")
        .context("reading /proc/self/status (the peak-memory figure needs Linux)")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM line in /proc/self/status")
}
