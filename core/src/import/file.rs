//! Importing a file from disk: recognising its format from the content, streaming it through
//! the right parser, and reporting progress by bytes read.

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
