//! Importing a file from disk: recognising its format from the content, streaming it through
//! the right parser, and reporting progress by bytes read.

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::model::{Format, Records};
use super::{csv, engine, vcard, ImportReport};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::time::Timestamp;

/// How far an import has got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub rows: usize,
    pub bytes_read: u64,
    pub total_bytes: u64,
}

/// Counts the bytes the parser has pulled from the file.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The format a file's first bytes show, if any.
pub fn detect(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(head);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"))
    {
        return Some(Format::Vcard);
    }
    csv::detect(head)
}

fn open(path: &Path) -> Result<File> {
    File::open(path)
        .map_err(|e| Error::invalid(path.display().to_string(), format!("cannot be read: {e}")))
}

/// Opens `path` as `format` (or what its content shows), ready to stream.
pub fn records<'a>(
    path: &Path,
    format: Option<Format>,
    read: Arc<AtomicU64>,
) -> Result<(Format, Records<'a>)> {
    let format = match format {
        Some(f) => f,
        None => {
            let mut head = vec![0u8; 64 * 1024];
            let mut f = open(path)?;
            let mut n = 0;
            while n < head.len() {
                match f.read(&mut head[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            head.truncate(n);
            detect(&head).ok_or_else(|| {
                Error::invalid(
                    path.display().to_string(),
                    "is neither CSV nor vCard; name the format with --format",
                )
            })?
        }
    };
    let input = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: open(path)?,
            read,
        },
    );
    let records = match format {
        Format::Vcard => vcard::read(input),
        other => csv::read(input, other)?,
    };
    Ok((format, records))
}

/// Imports the file at `path` into `store` (see [`engine::run`]); `progress` hears how far it
/// has got after each chunk.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    format: Option<Format>,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
    now: Timestamp,
) -> Result<ImportReport> {
    let total_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let read = Arc::new(AtomicU64::new(0));
    let (format, records) = records(path, format, read.clone())?;
    let mut on_rows = |rows: usize| {
        progress(Progress {
            rows,
            bytes_read: read.load(Ordering::Relaxed),
            total_bytes,
        })
    };
    engine::run(store, records, format, dry_run, &mut on_rows, now)
}

/// One person as an import would read them, for a preview before anything is written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewRow {
    pub row: usize,
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: Option<String>,
    pub tags: Vec<String>,
    /// Every other value, under the field (or column) it lands in.
    pub other: Vec<crate::contacts::CustomField>,
}

/// The detected format and the first people of a file, as the import would read them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPreview {
    pub format: Format,
    pub rows: Vec<PreviewRow>,
    pub errors: Vec<super::model::RowError>,
}

/// Reads the first `limit` records of `path` without touching any database.
pub fn preview(path: &Path, format: Option<Format>, limit: usize) -> Result<ImportPreview> {
    let (format, records) = records(path, format, Arc::new(AtomicU64::new(0)))?;
    let mut out = ImportPreview {
        format,
        rows: Vec::new(),
        errors: Vec::new(),
    };
    for record in records.take(limit) {
        match record {
            Ok(r) => out.rows.extend(
                r.people
                    .into_iter()
                    .filter(|d| !d.is_empty())
                    .map(|d| preview_row(r.row, d)),
            ),
            Err(e) => out.errors.push(e),
        }
    }
    Ok(out)
}

fn preview_row(row: usize, d: super::model::Draft) -> PreviewRow {
    use crate::contacts::CustomField;
    let mut other = Vec::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            other.push(CustomField {
                key: key.to_string(),
                value,
            });
        }
    };
    put("title", d.title);
    put("industry", d.industry);
    put("location", d.location);
    put("relationship", d.relationship);
    put("birthday", d.birthday.map(|b| b.to_string()));
    put("notes", d.notes);
    for s in d.social_links {
        put("social link", Some(s.url));
    }
    for a in d.addresses {
        let parts = [a.street, a.city, a.region, a.postal_code, a.country];
        let text: Vec<String> = parts.into_iter().flatten().collect();
        put("address", Some(text.join(", ")));
    }
    other.extend(d.custom_fields);
    other.extend(d.record_fields);
    PreviewRow {
        row,
        name: d.name.unwrap_or_default(),
        emails: d.emails.into_iter().map(|e| e.value).collect(),
        phones: d.phones.into_iter().map(|p| p.value).collect(),
        company: d.company,
        tags: d.tags,
        other,
    }
}
