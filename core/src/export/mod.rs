//! Writing contacts out: JSON at full fidelity, a documented CSV that `kith import` reads back,
//! and vCard 4.0. Every writer streams the live contacts in name order, so exporting 100,000
//! contacts holds one at a time. For calendars, [`ics`] writes open follow-ups and birthdays as
//! iCalendar.

pub mod content_line;
pub mod csv;
pub mod ics;
pub mod vcard;

use std::io::Write;

use rusqlite::Connection;
use serde::Serialize;

use crate::contacts::{query::from_row, Contact};
use crate::error::{Error, Result};
use crate::followups::{self, FollowUp};
use crate::interactions::{self, Interaction};

/// The formats Kith writes.
// IPC type: ts-rs copies doc comments into ui/src/lib/bindings.ts; its docs come with the IPC
// rework (see the desktop's bindings).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Json,
    Csv,
    Vcard,
}

impl ExportFormat {
    /// `json`, `csv` or `vcard` (`vcf` too), any case; `what` names the input in the error.
    pub fn parse(s: &str, what: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            "vcard" | "vcf" => Ok(ExportFormat::Vcard),
            other => Err(Error::invalid(
                what,
                format!("'{other}' is not an export format; use json, csv or vcard"),
            )),
        }
    }
}

/// A contact with its timeline, as `export --format json` writes it.
#[derive(Serialize)]
struct FullContact<'a> {
    #[serde(flatten)]
    contact: &'a Contact,
    interactions: Vec<Interaction>,
    follow_ups: Vec<FollowUp>,
}

/// Calls `each` with every live contact, in name order, without holding them all.
pub fn for_each_contact(
    conn: &Connection,
    mut each: impl FnMut(&Contact) -> Result<()>,
) -> Result<usize> {
    let mut stmt = conn.prepare(
        "SELECT record, last_contacted_at FROM contacts WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        each(&from_row(row)?)?;
        n += 1;
    }
    Ok(n)
}

fn io(e: std::io::Error) -> Error {
    Error::Io(e)
}

/// Writes every live contact in `format` to `out`; returns how many.
pub fn write(conn: &Connection, format: ExportFormat, out: &mut dyn Write) -> Result<usize> {
    match format {
        ExportFormat::Json => {
            out.write_all(b"[").map_err(io)?;
            let mut first = true;
            let n = for_each_contact(conn, |c| {
                let full = FullContact {
                    contact: c,
                    interactions: interactions::for_contact(conn, c.id, u32::MAX)?,
                    follow_ups: followups::for_contact(conn, c.id)?,
                };
                out.write_all(if std::mem::take(&mut first) {
                    b"\n"
                } else {
                    b",\n"
                })
                .map_err(io)?;
                serde_json::to_writer_pretty(&mut *out, &full).map_err(|e| Error::Io(e.into()))
            })?;
            out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })
                .map_err(io)?;
            Ok(n)
        }
        ExportFormat::Csv => {
            let mut w = ::csv::Writer::from_writer(&mut *out);
            csv::write_header(&mut w).map_err(csv_error)?;
            let n = for_each_contact(conn, |c| csv::write_row(&mut w, c).map_err(csv_error))?;
            w.flush().map_err(io)?;
            Ok(n)
        }
        ExportFormat::Vcard => {
            for_each_contact(conn, |c| vcard::write(&mut &mut *out, c).map_err(io))
        }
    }
}

fn csv_error(e: ::csv::Error) -> Error {
    Error::Io(std::io::Error::other(e))
}

/// Writes `path` with what `fill` writes, beside the target and renamed into place, so an
/// interrupted export never leaves a half-written file where a complete one was.
pub fn write_atomically<T>(
    path: &std::path::Path,
    what: &str,
    fill: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid(what, "names no file"))?;
    let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let file = std::fs::File::create(&tmp)
        .map_err(|e| Error::invalid(what, format!("{}: {e}", tmp.display())))?;
    let mut w = std::io::BufWriter::new(file);
    let written = fill(&mut w).and_then(|value| {
        w.flush()?;
        w.get_ref().sync_all()?;
        Ok(value)
    });
    let value = match written {
        Ok(value) => value,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, path)
        .map_err(|e| Error::invalid(what, format!("{}: {e}", path.display())))?;
    Ok(value)
}
