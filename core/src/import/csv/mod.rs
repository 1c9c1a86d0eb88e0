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
use input::{Cells, Source};
use plan::{Col, PersonPlan};
use propertyradar::PropertyPlan;

use crate::import::model::{Format, RowError, SourceRecord};
use crate::Error;

/// Reads `input` as CSV of the given flavour, streaming: the header is read now (and its
/// problems returned as the error), the rows as the returned iterator is pulled.
pub fn read<'a>(
    input: impl Read + Send + 'a,
    format: Format,
) -> crate::Result<crate::import::model::Records<'a>> {
    if format == Format::Vcard {
        return Err(Error::invalid(
            "format",
            "vcard is not a csv format; use the vcard reader",
        ));
    }
    let (head, source) = input::open(input)?;
    let linkedin = format == Format::Linkedin;
    let delimiter = input::delimiter(&head, linkedin.then_some(linkedin::HEADER_START));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(source);
    let mut record = ByteRecord::new();
    let mut cells = Cells::default();
    let mut preamble = 0;
    loop {
        if !reader.read_byte_record(&mut record).map_err(csv_error)? {
            let message = if preamble > 0 {
                "no LinkedIn connections header (First Name, Last Name, URL, ...) after the preamble"
            } else {
                "the file is empty; the first row should name the columns"
            };
            return Err(Error::invalid("header", message));
        }
        cells.load(&record);
        if cells.is_blank() {
            continue;
        }
        if linkedin && !linkedin::is_header(&cells) {
            preamble += 1;
            if preamble > linkedin::MAX_PREAMBLE {
                return Err(Error::invalid(
                    "header",
                    "no LinkedIn connections header (First Name, Last Name, URL, ...) in the first rows",
                ));
            }
            continue;
        }
        break;
    }
    let headers: Vec<String> = (0..cells.len())
        .map(
            |i| match cells.get(i).trim().trim_start_matches('\u{feff}').trim() {
                "" => format!("Column {}", i + 1),
                h => h.to_string(),
            },
        )
        .collect();
    let plan = Plan::new(format, &headers)?;
    Ok(Box::new(Rows {
        reader,
        record,
        cells,
        plan,
        row: 0,
        done: false,
    }))
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
            let classify: fn(&str) -> Col = match format {
                Format::Google => google::classify,
                Format::Outlook => outlook::classify,
                Format::Linkedin => linkedin::classify,
                _ => csv_classify,
            };
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
                format!("the first row ({}) looks like data, not a header; add a header row naming the columns (name, email, phone, ...)", headers.join(", "))
            } else {
                format!("no column names a person: expected a name, first/last name, email or phone column among {}", headers.join(", "))
            };
            return Err(Error::invalid("header", message));
        }
        Ok(plan)
    }

    fn record(&self, cells: &Cells, row: usize) -> Option<Result<SourceRecord, RowError>> {
        let record = match self {
            Plan::Kith(plan) => return Some(plan.record(cells, row)),
            Plan::Property(plan) => plan.record(cells, row),
            Plan::Person(plan) => SourceRecord {
                row,
                people: vec![plan.person(cells)],
                linked: false,
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
