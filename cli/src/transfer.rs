//! `kith import`, `kith export` and `kith followup ics`: the core does the work; this draws
//! progress, writes files whole or not at all, and sums up.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use kith_core::{
    export::{self, ics, ExportFormat},
    import::{self, csv::ColumnMap, model::Format, Progress},
    Error, Result,
};

use crate::commands::out;
use crate::{Ctx, Output};

/// A one-line bar on stderr, redrawn in place; only on a terminal.
fn draw(p: Progress) {
    let pct = (p.bytes_read * 100)
        .checked_div(p.total_bytes)
        .unwrap_or(0)
        .min(100);
    let filled = (pct / 4) as usize;
    eprint!(
        "\r[{}{}] {pct:>3}%  {} rows",
        "#".repeat(filled),
        " ".repeat(25 - filled),
        p.rows
    );
    let _ = std::io::stderr().flush();
}

pub fn import(
    ctx: &mut Ctx,
    file: &Path,
    format: &str,
    map: Option<&ColumnMap>,
    dry_run: bool,
) -> Result<Output> {
    let format = Format::parse(format, "--format")?;
    let show = !ctx.json && std::io::stderr().is_terminal();
    let mut progress = |p: Progress| {
        if show {
            draw(p)
        }
    };
    let report = import::import_file(
        &mut ctx.store,
        file,
        format,
        map,
        dry_run,
        &mut progress,
        ctx.now,
    )?;
    if show {
        eprintln!();
    }
    let mut text = format!(
        "{}{} ({}): {} rows — {} created, {} updated, {} unchanged, {} with errors, in {:.1} s",
        if dry_run { "Dry run of " } else { "Imported " },
        file.display(),
        report.format.as_str(),
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        report.errors.len(),
        report.duration_ms as f64 / 1000.0
    );
    let column = |c: &Option<String>| {
        c.as_ref()
            .map(|c| format!(", column \"{c}\""))
            .unwrap_or_default()
    };
    for e in &report.errors {
        text.push_str(&format!(
            "\n  row {}{}: {}",
            e.row,
            column(&e.column),
            e.message
        ));
    }
    for w in &report.warnings {
        text.push_str(&format!(
            "\n  row {}{}: warning: {}",
            w.row,
            column(&w.column),
            w.message
        ));
    }
    if !report.possible_duplicates.is_empty() {
        text.push_str(&format!(
            "\n{} possible duplicates (different names, same email or phone; kept apart):",
            report.possible_duplicates.len()
        ));
    }
    for d in &report.possible_duplicates {
        text.push_str(&format!(
            "\n  row {} \"{}\" ({}) and row {} \"{}\" ({}) share {}",
            d.row,
            crate::render::clean(&d.name),
            d.contact,
            d.other_row,
            crate::render::clean(&d.other_name),
            d.other_contact,
            d.shared
        ));
    }
    if dry_run {
        text.push_str("\nNothing was written.");
    }
    out(&report, text)
}

pub fn export(ctx: &mut Ctx, format: &str, to: Option<&Path>) -> Result<Output> {
    let format = ExportFormat::parse(format, "--format")?;
    let conn = ctx.store.conn();
    let Some(path) = to else {
        if ctx.json && format != ExportFormat::Json {
            return Err(Error::invalid(
                "--json",
                "a csv or vcard export on stdout is not JSON; add --out FILE",
            ));
        }
        to_stdout(|w| export::write(conn, format, w))?;
        return Ok(Output {
            json: None,
            text: String::new(),
        });
    };
    let n = export::write_atomically(path, "--out", |w| export::write(conn, format, w))?;
    let summary = serde_json::json!({ "contacts": n, "out": path.display().to_string() });
    out(
        &summary,
        format!("Exported {n} contacts to {}", path.display()),
    )
}

/// `kith followup ics`: open follow-ups and birthdays for a calendar app.
pub fn followup_ics(ctx: &mut Ctx, to: Option<&Path>) -> Result<Output> {
    let (conn, now) = (ctx.store.conn(), ctx.now);
    let Some(path) = to else {
        if ctx.json {
            return Err(Error::invalid(
                "--json",
                "an iCalendar file on stdout is not JSON; add --out FILE",
            ));
        }
        to_stdout(|w| ics::write(conn, now, w))?;
        return Ok(Output {
            json: None,
            text: String::new(),
        });
    };
    let n = export::write_atomically(path, "--out", |w| ics::write(conn, now, w))?;
    let summary = serde_json::json!({ "events": n, "out": path.display().to_string() });
    out(
        &summary,
        format!(
            "Wrote {n} events (open follow-ups and birthdays) to {}",
            path.display()
        ),
    )
}

/// Runs `fill` over a buffered stdout.
fn to_stdout<T>(fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    let value = fill(&mut w)?;
    w.flush()?;
    Ok(value)
}
