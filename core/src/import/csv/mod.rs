//! CSV import: generic spreadsheets, and the exports of Google Contacts, Outlook, LinkedIn,
//! PropertyRadar and Kith itself, streamed row by row.
//!
//! # Why it is built this way
//!
//! Files can hold a hundred thousand rows, so nothing holds the whole file: a `csv::Reader`
//! streams records into one reused buffer (`input::Cells`), and the header is turned once into
//! a column plan (`plan::PersonPlan`) that each row is walked by. The flavours only differ in
//! how they classify header names (modules `generic`, `google`, `outlook`, `linkedin`,
//! `propertyradar`, `kith`); the rules that keep an import lossless are shared:
//!
//! - every non-empty cell lands in a [`Draft`](crate::import::model::Draft) field or in its
//!   custom fields under the column's header; cells and headers are trimmed of surrounding
//!   spaces and otherwise kept as written (phones are not normalised);
//! - a cell that does not read for its field is kept as a custom field, as written: a birthday
//!   of "sometime in May", an email column holding "n/a", a phone column holding "unknown";
//! - a second value for a single field (two company columns) is a custom field, not a
//!   replacement;
//! - cells past the header's last column are custom fields named `Column N` (N the 1-based
//!   position of the cell); missing cells at the end of a short row are empty;
//! - a row whose cells are all empty or spaces is blank, and so are Outlook rows holding only
//!   its "not set" values: blank rows are skipped and not counted;
//! - a row with content but no name, email or phone is still returned: the engine reports it.
//!
//! # Rows
//!
//! [`SourceRecord::row`](crate::import::model::SourceRecord::row) counts data rows from 1:
//! the header, a preamble before it (LinkedIn's `Notes:`) and blank lines are not counted, so
//! row 3 is the third row that holds anything. Problems with the header (an empty file, no
//! column that can name a person) fail the whole read; problems with one row (a broken JSON
//! cell in Kith's CSV, an I/O error) are [`RowError`] items and reading goes on, except after
//! an I/O error, which ends the stream.
//!
//! # Encodings and delimiters
//!
//! UTF-8 with or without BOM, Windows-1252 (cells that are not UTF-8), UTF-16 with BOM; comma,
//! semicolon or tab, chosen from the header line; CRLF or LF; quoted delimiters, newlines and
//! doubled quotes.

mod cols;
mod detect;
mod generic;
mod google;
mod input;
mod kith;
mod linkedin;
mod outlook;
mod plan;
mod propertyradar;
mod values;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_formats;
#[cfg(test)]
mod tests_kith;

use std::io::Read;

use csv::ByteRecord;

pub use detect::detect;
pub(crate) use input::head_text;
use input::{Cells, Source};
use plan::{Col, PersonPlan};
use propertyradar::PropertyPlan;

use crate::import::model::{Format, RowError, SourceRecord};
use crate::Error;

/// Reads `input` as CSV of the given flavour, streaming: the header is read now (and its
/// problems returned as the error), the rows as the returned iterator is pulled. With a
/// `map`, the columns mean what it says instead of what the header says (see [`ColumnMap`]).
pub fn read<'a>(
    input: impl Read + Send + 'a,
    format: Format,
    map: Option<&ColumnMap>,
) -> crate::Result<crate::import::model::Records<'a>> {
    if format == Format::Vcard {
        return Err(Error::invalid(
            "format",
            "vcard is not a csv format; use the vcard reader",
        ));
    }
    let mut reader = open_reader(input, format)?;
    let mut record = ByteRecord::new();
    let mut cells = Cells::default();
    if let Some(map) = map.filter(|m| !m.header) {
        let plan = Plan::mapped(format, map, &[])?;
        return Ok(Box::new(Rows {
            reader,
            record,
            cells,
            plan,
            row: 0,
            done: false,
        }));
    }
    find_header(&mut reader, &mut record, &mut cells, format)?;
    let headers: Vec<String> = (0..cells.len())
        .map(
            |i| match cells.get(i).trim().trim_start_matches('\u{feff}').trim() {
                "" => format!("Column {}", i + 1),
                h => h.to_string(),
            },
        )
        .collect();
    let plan = match map {
        Some(map) => Plan::mapped(format, map, &headers)?,
        None => Plan::new(format, &headers)?,
    };
    Ok(Box::new(Rows {
        reader,
        record,
        cells,
        plan,
        row: 0,
        done: false,
    }))
}

/// A CSV reader over `input`, its encoding and delimiter chosen from the first bytes.
fn open_reader<'a>(
    input: impl Read + Send + 'a,
    format: Format,
) -> crate::Result<csv::Reader<Source<'a>>> {
    let (head, source) = input::open(input)?;
    let linkedin = format == Format::Linkedin;
    let delimiter = input::delimiter(&head, linkedin.then_some(linkedin::HEADER_START));
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(source))
}

/// Reads rows up to the header (skipping blank rows, and LinkedIn's preamble) into `cells`.
fn find_header(
    reader: &mut csv::Reader<Source<'_>>,
    record: &mut ByteRecord,
    cells: &mut Cells,
    format: Format,
) -> crate::Result<()> {
    let linkedin = format == Format::Linkedin;
    let mut preamble = 0;
    loop {
        if !reader.read_byte_record(record).map_err(csv_error)? {
            let message = if preamble > 0 {
                "no LinkedIn connections header (First Name, Last Name, URL, ...) after the preamble"
            } else {
                "the file is empty; the first row should name the columns"
            };
            return Err(Error::invalid("header", message));
        }
        cells.load(record);
        if cells.is_blank() {
            continue;
        }
        if linkedin && !linkedin::is_header(cells) {
            preamble += 1;
            if preamble > linkedin::MAX_PREAMBLE {
                return Err(Error::invalid(
                    "header",
                    "no LinkedIn connections header (First Name, Last Name, URL, ...) in the first rows",
                ));
            }
            continue;
        }
        return Ok(());
    }
}

/// The cells of the first row of a CSV file that holds anything (after LinkedIn's preamble),
/// trimmed: the header, or the first row of data when the file has no header.
pub fn first_row(input: impl Read + Send, format: Format) -> crate::Result<Vec<String>> {
    let mut reader = open_reader(input, format)?;
    let (mut record, mut cells) = (ByteRecord::new(), Cells::default());
    find_header(&mut reader, &mut record, &mut cells, format)?;
    Ok((0..cells.len())
        .map(|i| {
            cells
                .get(i)
                .trim()
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        })
        .collect())
}

/// Whether `row` reads as a header of a `format` file (some column names a person).
pub fn is_header(format: Format, row: &[String]) -> bool {
    Plan::new(format, row).is_ok()
}

/// Guesses for a file whose first row is data: an email column, a phone column, the first
/// other text as the name; anything else a custom field `Column N`.
pub fn guesses_from_data(row: &[String]) -> Vec<String> {
    let mut named = false;
    row.iter()
        .enumerate()
        .map(|(i, cell)| {
            let cell = cell.trim();
            if cell.contains('@') && values::is_email(cell) {
                "email".into()
            } else if cell.chars().filter(char::is_ascii_digit).count() >= 7
                && values::is_phone(cell)
            {
                "phone".into()
            } else if !named && cell.chars().any(char::is_alphabetic) {
                named = true;
                "name".into()
            } else {
                format!("Column {}", i + 1)
            }
        })
        .collect()
}

/// What a column map entry says to skip a column.
const SKIP: &str = "-";

/// The columns of a CSV file as the user names them, for a file without a header row or with
/// one Kith misread: `name,email,phone,-,company`. Each name is read as a header would be
/// (`work email`, `first name`, `mobile phone`, `birthday` ...); a name Kith has no field for
/// becomes a custom field of that name, and `-` skips the column. Columns past the list keep
/// the file's header, or become custom fields named `Column N`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnMap {
    /// One name per column, in file order.
    pub columns: Vec<String>,
    /// Whether the file's first row is a header (replaced by `columns`) rather than data.
    pub header: bool,
}

impl ColumnMap {
    /// Reads `--columns name,email,-,company`.
    pub fn parse(list: &str, header: bool) -> crate::Result<Self> {
        let map = ColumnMap {
            columns: list.split(',').map(|c| c.trim().to_string()).collect(),
            header,
        };
        map.names()?;
        Ok(map)
    }

    /// The names, checked: none empty, at most [`MAX_COLUMNS`].
    fn names(&self) -> crate::Result<&[String]> {
        if self.columns.len() > MAX_COLUMNS {
            return Err(Error::invalid(
                "--columns",
                format!(
                    "names {} columns; at most {MAX_COLUMNS}",
                    self.columns.len()
                ),
            ));
        }
        if let Some(i) = self.columns.iter().position(|c| c.trim().is_empty()) {
            return Err(Error::invalid(
                "--columns",
                format!("column {} has no name; write - to skip a column", i + 1),
            ));
        }
        Ok(&self.columns)
    }
}

/// The most columns a map may name: far more than any address book writes.
pub const MAX_COLUMNS: usize = 1_000;

/// Kith's reading of each header of a file, as the name a [`ColumnMap`] would give that column
/// (`email`, `first name`, `home phone` ...; the header itself when it is a custom field), for
/// a mapping step that starts from Kith's guesses.
pub fn guesses(format: Format, headers: &[String]) -> Vec<String> {
    let classify = classifier(format);
    headers
        .iter()
        .map(|h| cols::canonical(&classify(h)).unwrap_or_else(|| h.clone()))
        .collect()
}

/// How a row becomes a record.
#[derive(Debug)]
enum Plan {
    Person(PersonPlan),
    Property(PropertyPlan),
    Kith(kith::KithPlan),
}

impl Plan {
    fn new(format: Format, headers: &[String]) -> crate::Result<Self> {
        if format == Format::Csv {
            if let Some(kith) = kith::KithPlan::new(headers) {
                return Ok(Plan::Kith(kith));
            }
        }
        let (plan, identifies) = if format == Format::Propertyradar {
            let plan = PropertyPlan::new(headers);
            let identifies = plan.identifies();
            (Plan::Property(plan), identifies)
        } else {
            let classify = classifier(format);
            let plan =
                PersonPlan::new(headers, headers.iter().map(|h| classify(h)).collect(), true);
            let identifies = plan.identifies();
            (Plan::Person(plan), identifies)
        };
        if !identifies {
            let looks_like_data = headers
                .iter()
                .any(|h| h.contains('@') || h.chars().filter(char::is_ascii_digit).count() >= 7);
            let message = if looks_like_data {
                format!("the first row ({}) looks like data, not a header; name the columns with --columns (for example --columns name,email,phone,-,company), or add a header row", headers.join(", "))
            } else {
                format!("no column names a person: expected a name, first/last name, email or phone column among {}", headers.join(", "))
            };
            return Err(Error::invalid("header", message));
        }
        Ok(plan)
    }

    /// The plan of a file whose columns the user named: `map`'s names stand for the first
    /// headers (`-` skips a column), the file's own `headers` (if it has a header row) for the
    /// rest, and cells past both are custom fields named `Column N`.
    fn mapped(format: Format, map: &ColumnMap, headers: &[String]) -> crate::Result<Self> {
        let classify = classifier(format);
        let names = map.names()?;
        let count = names.len().max(headers.len());
        let mut named = Vec::with_capacity(count);
        let mut cols = Vec::with_capacity(count);
        for i in 0..count {
            let own = headers.get(i).map(String::as_str);
            let (header, col) = match (names.get(i).map(String::as_str), own) {
                (Some(SKIP), _) => (format!("Column {}", i + 1), Col::Skip),
                (Some(name), _) | (None, Some(name)) => (name.to_string(), classify(name)),
                (None, None) => break,
            };
            named.push(header);
            cols.push(col);
        }
        let plan = PersonPlan::new(&named, cols, true);
        if !plan.identifies() {
            return Err(Error::invalid(
                "--columns",
                format!("no column names a person: name one column name, first name, last name, email or phone (got {})", names.join(",")),
            ));
        }
        Ok(Plan::Person(plan))
    }

    fn record(&self, cells: &Cells, row: usize) -> Option<Result<SourceRecord, RowError>> {
        let record = match self {
            Plan::Kith(plan) => return Some(plan.record(cells, row)),
            Plan::Property(plan) => plan.record(cells, row),
            Plan::Person(plan) => SourceRecord {
                row,
                people: vec![plan.person(cells)],
                linked: false,
                warnings: Vec::new(),
            },
        };
        // Only "not set" placeholders (an empty Outlook contact): nothing to import or report.
        (!record.people.iter().all(|p| p.is_empty())).then_some(Ok(record))
    }
}

struct Rows<'a> {
    reader: csv::Reader<Source<'a>>,
    record: ByteRecord,
    cells: Cells,
    plan: Plan,
    row: usize,
    done: bool,
}

impl Iterator for Rows<'_> {
    type Item = Result<SourceRecord, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => self.done = true,
                Err(e) => {
                    self.done = true;
                    let row = self.row + 1;
                    return Some(Err(RowError {
                        row,
                        column: None,
                        message: format!("row {row}: {}", csv_error(e)),
                    }));
                }
                Ok(true) => {
                    self.cells.load(&self.record);
                    if self.cells.is_blank() {
                        continue;
                    }
                    if let Some(item) = self.plan.record(&self.cells, self.row + 1) {
                        self.row += 1;
                        return Some(item);
                    }
                }
            }
        }
        None
    }
}

/// How a flavour reads a header.
fn classifier(format: Format) -> fn(&str) -> Col {
    match format {
        Format::Google => google::classify,
        Format::Outlook => outlook::classify,
        Format::Linkedin => linkedin::classify,
        _ => csv_classify,
    }
}

/// Generic CSV, which also understands Google's numbered groups (`E-mail 1 - Value`): a file
/// forced to `csv` or re-saved from a Google export keeps its emails and phones.
fn csv_classify(header: &str) -> Col {
    google::pair_column(header).unwrap_or_else(|| generic::classify(header))
}

fn csv_error(e: csv::Error) -> Error {
    if e.is_io_error() {
        if let csv::ErrorKind::Io(io) = e.into_kind() {
            return Error::Io(io);
        }
        return Error::invalid("file", "could not be read");
    }
    Error::invalid("file", format!("not readable as csv: {e}"))
}
