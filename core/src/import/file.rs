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

use super::csv::ColumnMap;
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

/// The format a file's first bytes show, if any: UTF-8, UTF-16 with a byte-order mark (a
/// Windows "Unicode" export) and Windows-1252 are all recognised.
pub fn detect(head: &[u8]) -> Option<Format> {
    let text = csv::head_text(head);
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

/// The format of the file at `path`: `format` when given, else what its content shows.
fn format_of(path: &Path, format: Option<Format>) -> Result<Format> {
    if let Some(f) = format {
        return Ok(f);
    }
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
    })
}

/// Opens `path` as `format` (or what its content shows), ready to stream; a CSV file's
/// columns mean what `map` says, when there is one.
pub fn records<'a>(
    path: &Path,
    format: Option<Format>,
    map: Option<&ColumnMap>,
    read: Arc<AtomicU64>,
) -> Result<(Format, Records<'a>)> {
    let format = format_of(path, format)?;
    if map.is_some() && matches!(format, Format::Vcard | Format::Propertyradar) {
        return Err(Error::invalid(
            "--columns",
            format!(
                "names the columns of a csv, google, outlook or linkedin file, not of a {} file",
                format.as_str()
            ),
        ));
    }
    let input = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: open(path)?,
            read,
        },
    );
    let records = match format {
        Format::Vcard => vcard::read(input),
        other => csv::read(input, other, map)?,
    };
    Ok((format, records))
}

/// Imports the file at `path` into `store` (see [`engine::run`]); `progress` hears how far it
/// has got after each chunk.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    format: Option<Format>,
    map: Option<&ColumnMap>,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
    now: Timestamp,
) -> Result<ImportReport> {
    let total_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let read = Arc::new(AtomicU64::new(0));
    let (format, records) = records(path, format, map, read.clone())?;
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
    /// An earlier row of the preview with one of this row's emails or phones under another
    /// name: the import keeps them apart and lists them as possible duplicates.
    pub duplicate_of: Option<usize>,
}

/// The columns of a CSV file, for the mapping step of an import.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewColumns {
    /// The cells of the file's first row (its header, or its first data row).
    pub first_row: Vec<String>,
    /// Whether Kith reads that first row as a header.
    pub header: bool,
    /// What each column is read as, in [`ColumnMap`] names (`email`, `work phone`, `-` to
    /// skip, or a custom field's name): the map in use, or Kith's own guesses.
    pub columns: Vec<String>,
}

/// The detected format and the first people of a file, as the import would read them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPreview {
    pub format: Format,
    pub rows: Vec<PreviewRow>,
    pub errors: Vec<super::model::RowError>,
    pub warnings: Vec<super::model::RowError>,
    /// CSV files only: the columns and how they are read.
    pub columns: Option<PreviewColumns>,
    /// Why the file cannot be imported as it stands (a CSV whose first row looks like data):
    /// naming its columns is the way forward. `rows` is empty then.
    pub refused: Option<String>,
}

/// Reads the first `limit` records of `path` without touching any database; with `map`, its
/// columns mean what the map says.
pub fn preview(
    path: &Path,
    format: Option<Format>,
    map: Option<&ColumnMap>,
    limit: usize,
) -> Result<ImportPreview> {
    let format = format_of(path, format)?;
    let columns = match format {
        Format::Vcard | Format::Propertyradar => None,
        csv_format => Some(preview_columns(path, csv_format, map)?),
    };
    let mut out = ImportPreview {
        format,
        rows: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        columns,
        refused: None,
    };
    let records = match records(path, Some(format), map, Arc::new(AtomicU64::new(0))) {
        Ok((_, records)) => records,
        // A header Kith cannot read is what the mapping step is for.
        Err(Error::Invalid { what, message }) if what == "header" && out.columns.is_some() => {
            out.refused = Some(message);
            return Ok(out);
        }
        Err(e) => return Err(e),
    };
    for record in records.take(limit) {
        match record {
            Ok(mut r) => {
                out.warnings.append(&mut r.warnings);
                out.rows.extend(
                    r.people
                        .into_iter()
                        .filter(|d| !d.is_empty())
                        .map(|d| preview_row(r.row, d)),
                )
            }
            Err(e) => out.errors.push(e),
        }
    }
    mark_duplicates(&mut out.rows);
    Ok(out)
}

/// The first row of a CSV file and how each of its columns is read: the first
/// [`csv::MAX_COLUMNS`] columns, as many as a map can name (a window of a million selects
/// would not open).
fn preview_columns(path: &Path, format: Format, map: Option<&ColumnMap>) -> Result<PreviewColumns> {
    let mut first_row = csv::first_row(BufReader::new(open(path)?), format)?;
    let header = map.map_or_else(|| csv::is_header(format, &first_row), |m| m.header);
    first_row.truncate(csv::MAX_COLUMNS);
    let columns = match (map, header) {
        (Some(m), _) => m.columns.clone(),
        (None, true) => csv::guesses(format, &first_row),
        (None, false) => csv::guesses_from_data(&first_row),
    };
    Ok(PreviewColumns {
        first_row,
        header,
        columns,
    })
}

/// Sets [`PreviewRow::duplicate_of`]: rows with another name and an email or phone (its
/// digits) of an earlier row.
fn mark_duplicates(rows: &mut [PreviewRow]) {
    use std::collections::HashMap;
    let mut first: HashMap<String, (usize, String)> = HashMap::new();
    for r in rows.iter_mut() {
        let name = r.name.trim().to_lowercase();
        let handles = r.emails.iter().map(|e| e.trim().to_lowercase()).chain(
            r.phones
                .iter()
                .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>())
                .filter(|d| d.len() >= 5),
        );
        let handles: Vec<String> = handles.collect();
        r.duplicate_of = handles.iter().find_map(|h| match first.get(h) {
            Some((row, other)) if !name.is_empty() && !other.is_empty() && *other != name => {
                Some(*row)
            }
            _ => None,
        });
        for h in handles {
            first.entry(h).or_insert_with(|| (r.row, name.clone()));
        }
    }
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
        duplicate_of: None,
    }
}
