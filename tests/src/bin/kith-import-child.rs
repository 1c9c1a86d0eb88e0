//! `kith-import-child DB FILE [FORMAT] [--dry-run]`: imports FILE into the Kith database DB
//! through the library (`kith_core::import::import_file`), for the import crash test.
//!
//! After each chunk the engine reports, the program prints `progress ROWS` and flushes, so the
//! test knows the import is under way (and how far) before it SIGKILLs the process. When the
//! import returns it prints `done ` followed by the report as JSON. FORMAT is `auto` (the
//! default) or any `--format` value the CLI takes.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use kith_core::import::{self, model::Format};
use kith_core::store::Store;
use kith_core::time::Timestamp;

#[global_allocator]
static ALLOCATOR: kith_core::Allocator = kith_core::Allocator;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dry_run = args.iter().any(|a| a == "--dry-run");
    let plain: Vec<&String> = args.iter().filter(|a| *a != "--dry-run").collect();
    let (db, file, format) = match plain.as_slice() {
        [db, file] => (PathBuf::from(db), PathBuf::from(file), None),
        [db, file, format] => (
            PathBuf::from(db),
            PathBuf::from(file),
            Format::parse(format, "FORMAT")?,
        ),
        _ => bail!("usage: kith-import-child DB FILE [FORMAT] [--dry-run]"),
    };
    let mut store = Store::open(&db, "US").with_context(|| format!("open {}", db.display()))?;
    let stdout = std::io::stdout();
    let mut progress = |p: import::Progress| {
        let mut out = stdout.lock();
        // A closed pipe only means nobody is listening any more; the import carries on.
        let _ = writeln!(out, "progress {}", p.rows);
        let _ = out.flush();
    };
    let report = import::import_file(
        &mut store,
        &file,
        format,
        None,
        dry_run,
        &mut progress,
        Timestamp::now(),
    )
    .with_context(|| format!("import {}", file.display()))?;
    let mut out = stdout.lock();
    writeln!(out, "done {}", serde_json::to_string(&report)?)?;
    out.flush()?;
    Ok(())
}
