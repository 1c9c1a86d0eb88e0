//! kith-import-bench: how fast Kith imports a big CSV file, and how much memory it takes. It
//! prints figures next to their goals and never asserts on time; it is a program to run by
//! hand, not a test.
//!
//! ```text
//! cargo run --release -p kith-tests --bin kith-import-bench -- [--rows 100000] [--also 5000]
//! ```
//!
//! For each size (`--rows`, then `--also`; 0 skips it) it writes a ten-column CSV of distinct
//! people into a temporary directory (see `gen.rs`) and measures, each in a child process of its
//! own (see `child.rs`):
//! 1. the floor: plain rusqlite, the file read with the `csv` crate into one table of ten TEXT
//!    columns in one transaction, with Kith's pragmas (WAL, synchronous NORMAL);
//! 2. `kith_core::import::import_file` of the same file into a fresh Kith database, with the
//!    number of Automerge changes recorded in `changes` and the import report;
//! 3. the peak resident memory of each.

mod child;
#[global_allocator]
static ALLOCATOR: kith_core::Allocator = kith_core::Allocator;

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: kith-import-bench [--rows N] [--also N] [--phones us|mixed] [--keep]";
/// Goals: whole-file import wall time at the two sizes they are set for, and peak memory.
const TIME_GOALS: &[(usize, f64)] = &[(100_000, 5.0), (5_000, 0.5)];
const PEAK_GOAL_MB: f64 = 300.0;

struct Args {
    sizes: Vec<usize>,
    /// Leave the generated files and databases behind, to look at.
    keep: bool,
    /// How the phone column is written: `mixed` is how users' files look.
    phones: kith_tests::PhoneStyle,
    raw: Vec<String>,
}

fn parse_args(raw: Vec<String>) -> Result<Args> {
    let (mut rows, mut also, mut keep) = (100_000usize, 5_000usize, false);
    let mut phones = kith_tests::PhoneStyle::Us;
    let mut it = raw.iter().cloned();
    while let Some(arg) = it.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        match key.as_str() {
            "--keep" => keep = true,
            "--phones" => {
                phones = match inline.or_else(|| it.next()).as_deref() {
                    Some("us") => kith_tests::PhoneStyle::Us,
                    Some("mixed") => kith_tests::PhoneStyle::Mixed,
                    other => bail!("--phones: {other:?} is not us or mixed\n{USAGE}"),
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--rows" | "--also" => {
                let value = inline
                    .or_else(|| it.next())
                    .with_context(|| format!("{key} needs a value"))?;
                let n = value
                    .replace(['_', ','], "")
                    .parse::<usize>()
                    .with_context(|| format!("{key}: '{value}' is not a count"))?;
                if key == "--rows" {
                    rows = n;
                } else {
                    also = n;
                }
            }
            _ => bail!("unknown argument '{arg}'\n{USAGE}"),
        }
    }
    let sizes: Vec<usize> = [rows, also].into_iter().filter(|n| *n > 0).collect();
    if sizes.is_empty() {
        bail!("nothing to do: --rows and --also are both 0");
    }
    Ok(Args {
        sizes,
        keep,
        phones,
        raw,
    })
}

fn main() -> Result<()> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if let Some(done) = child::main(&raw) {
        return done;
    }
    let args = parse_args(raw)?;
    let command = format!(
        "cargo run --release -p kith-tests --bin kith-import-bench{}",
        if args.raw.is_empty() {
            String::new()
        } else {
            format!(" -- {}", args.raw.join(" "))
        }
    );
    let version = format!(
        "kith-core {}, SQLite {}, {}",
        kith_tests::core_version(),
        rusqlite::version(),
        machine()
    );
    let mut dir = tempfile::Builder::new()
        .prefix("kith-import-bench-")
        .tempdir()?;
    dir.disable_cleanup(args.keep);
    println!("kith-import-bench: {}\n{version}", dir.path().display());
    println!("goals: {}; peak memory ≤ {PEAK_GOAL_MB} MB\n", time_goals());
    let mut summary = Vec::new();
    for &rows in &args.sizes {
        summary.push(bench(dir.path(), rows, args.phones)?);
    }
    let date = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    println!("---- summary (paste into a note) ----");
    println!("kith-import-bench {date}, {version} at start");
    println!(
        "data: kith_tests::write_people_csv_with, 10 columns, one distinct person per row, phones {:?}",
        args.phones
    );
    for lines in &summary {
        for l in lines {
            println!("{l}");
        }
    }
    println!("peak RSS: VmHWM of a child process that does only that import; times exclude opening the database");
    println!("command: {command}");
    println!("-------------------------------------");
    Ok(())
}

fn time_goals() -> String {
    TIME_GOALS
        .iter()
        .map(|(n, s)| format!("{} rows ≤ {s} s", thousands(*n as u64)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "MISS"
    }
}

/// One size: generate, measure the floor and the import, print, and return the summary lines.
fn bench(dir: &Path, rows: usize, phones: kith_tests::PhoneStyle) -> Result<Vec<String>> {
    let csv = dir.join(format!("people-{rows}.csv"));
    let t = Instant::now();
    // The same people the import tests use (one generator for both).
    kith_tests::write_people_csv_with(&csv, rows, phones)?;
    let bytes = std::fs::metadata(&csv)?.len();
    println!(
        "{} rows: {} ({:.1} MB) generated in {:.2} s",
        thousands(rows as u64),
        csv.display(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let base = child::run(
        child::BASELINE,
        &csv,
        &dir.join(format!("baseline-{rows}.db")),
    )?;
    let kith = child::run(child::IMPORT, &csv, &dir.join(format!("kith-{rows}.db")))?;
    let (k, b) = (&kith.extra, &base.extra);
    let n = |v: &serde_json::Value, key: &str| v[key].as_u64().unwrap_or(0);
    let (created, updated, unchanged, errors) = (
        n(k, "created"),
        n(k, "updated"),
        n(k, "unchanged"),
        n(k, "errors"),
    );
    let changes = n(k, "changes");
    let rate = |secs: f64| thousands((rows as f64 / secs.max(1e-9)).round() as u64);
    let goal = TIME_GOALS.iter().find(|(n, _)| *n == rows).map(|(_, s)| *s);
    let (time_goal, time_verdict) = match goal {
        Some(s) => (format!("goal ≤ {s} s"), verdict(kith.secs <= s)),
        None => ("(no time goal at this size)".to_string(), "-"),
    };
    let mem_verdict = verdict(kith.peak_mb <= PEAK_GOAL_MB);
    let docs = n(k, "change_docs");
    let changes_ok = changes == created + updated && docs == created + updated;
    let counts_ok = created == rows as u64 && updated + unchanged + errors == 0;
    let ratio = kith.secs / base.secs.max(1e-9);
    let mem_goal = format!("goal ≤ {PEAK_GOAL_MB} MB");
    println!(
        "  kith import          {:>10}  {:>9} rows/s  {time_goal:<28} {time_verdict}",
        dur(kith.secs),
        rate(kith.secs)
    );
    println!(
        "  kith peak RSS        {:>10}                    {mem_goal:<28} {mem_verdict}",
        format!("{:.1} MB", kith.peak_mb)
    );
    println!(
        "  baseline (rusqlite)  {:>10}  {:>9} rows/s  peak RSS {:.1} MB, {} rows stored",
        dur(base.secs),
        rate(base.secs),
        base.peak_mb,
        n(b, "stored")
    );
    println!("  kith / baseline      {:>10}", format!("{ratio:.1}x"));
    println!(
        "  changes recorded     {changes:>10}  in {docs} documents; goal = created + updated = {:<6} {}",
        created + updated,
        verdict(changes_ok)
    );
    println!(
        "  report               created {created}, updated {updated}, unchanged {unchanged}, errors {errors} (of {} records); goal: {rows} created, nothing else  {}",
        n(k, "rows"),
        verdict(counts_ok)
    );
    if let Some(e) = k["first_error"].as_str() {
        println!("  first error          {e}");
    }
    println!(
        "  also                 format {}, {} contacts; Store::open {:.0} ms (not timed); report.duration_ms {}; db {:.1} MB (baseline {:.1} MB)\n",
        k["format"].as_str().unwrap_or("?"),
        n(k, "contacts"),
        kith.open_ms,
        n(k, "duration_ms"),
        kith.db_mb,
        base.db_mb
    );
    Ok(vec![
        format!(
            "{:>7} rows: kith import {} ({} rows/s) {time_goal} {time_verdict}; peak RSS {:.1} MB {mem_goal} {mem_verdict}",
            thousands(rows as u64),
            dur(kith.secs),
            rate(kith.secs),
            kith.peak_mb
        ),
        format!(
            "{:>7}       baseline {} (peak RSS {:.1} MB), kith/baseline {ratio:.1}x; changes recorded {changes} {}; created {created} updated {updated} unchanged {unchanged} errors {errors} {}",
            "",
            dur(base.secs),
            base.peak_mb,
            verdict(changes_ok),
            verdict(counts_ok)
        ),
    ])
}

/// Seconds, or milliseconds under one second.
fn dur(secs: f64) -> String {
    if secs < 1.0 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{secs:.3} s")
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// CPUs and the load average when the run started: other work on a 2-core machine moves every
/// figure.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    format!("{cpus} CPUs, load {load}")
}
