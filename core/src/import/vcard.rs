//! vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350) as written by real address books.
//!
//! [`read`] streams: it holds one card at a time, so a 50,000-contact export from a phone costs
//! the memory of its largest card. Each card becomes a [`SourceRecord`] numbered by its position
//! in the file; a card that cannot be read (no `END:VCARD`, a Kith extension with a value Kith
//! cannot read back) becomes a [`RowError`] with that number, and reading carries on with the
//! next card, because one bad card should not cost the user the other 49,999. Smaller trouble
//! costs nothing: a line that is not `NAME:value` is kept as written in the custom field
//! "unreadable vCard line", and a value in an undeclared non-UTF-8 encoding is read as
//! Windows-1252; each is a warning on the card's row.
//!
//! The work is split in three: `lex` turns physical lines into logical ones (folding,
//! quoted-printable soft breaks, unindented base64), `prop` splits a line into group, name,
//! parameters and decoded value, `card` maps a card's properties onto a
//! [`Draft`](crate::import::model::Draft), and `values` reads the single values it needs
//! (labels, `N`, `ADR`, `BDAY`).
//!
//! Inline binary data (`PHOTO`, `LOGO`, `KEY`, `SOUND` in base64 or as a `data:` URI) is not
//! kept: a photo can be larger than the rest of the contact a hundred times over, and Kith has
//! nowhere to show it. So that nothing disappears silently, the draft gets a custom field under
//! the property name with a marker such as `(photo, 12345 bytes, image/jpeg)`. A photo given as
//! a URL is kept as that URL.
//!
//! A `BEGIN:VCARD` inside a card is taken as the start of the next card (the usual cause is a
//! card cut short); the rare vCard 2.1 `AGENT` that embeds a whole card therefore reads as two
//! errors and the embedded card.
//!
//! A file that starts with a UTF-16 byte-order mark (some Windows exports) is transcoded to UTF-8
//! as it is read.

mod card;
mod lex;
mod prop;
mod values;

use std::io::{self, BufRead, BufReader, Read};

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE};

pub(crate) use card::KITH_PRODID;
use lex::{Lexer, Line};
use prop::Prop;
pub(crate) use values::label_from_types;

use crate::contacts::CustomField;
use crate::import::model::{Records, RowError, SourceRecord};

/// Reads every card of a vCard file, one at a time.
pub fn read<'a>(mut input: impl BufRead + Send + 'a) -> Records<'a> {
    let bom = match input.fill_buf() {
        Ok(start) => Encoding::for_bom(start),
        Err(e) => return Box::new(std::iter::once(Err(io_error(1, 0, &e)))),
    };
    let input: Box<dyn BufRead + Send + 'a> = match bom {
        Some((enc, len)) if enc == UTF_16LE || enc == UTF_16BE => {
            input.consume(len);
            Box::new(BufReader::new(Utf16 {
                input,
                decoder: enc.new_decoder_without_bom_handling(),
                out: Vec::new(),
                at: 0,
                done: false,
            }))
        }
        _ => Box::new(input),
    };
    Box::new(Cards {
        lines: Lexer::new(input),
        row: 0,
        done: false,
    })
}

struct Cards<R> {
    lines: Lexer<R>,
    /// Cards (and runs of stray lines) seen so far.
    row: usize,
    done: bool,
}

impl<R: BufRead> Iterator for Cards<R> {
    type Item = Result<SourceRecord, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let first = match self.lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => return Some(self.fail(self.row + 1, &e)),
        };
        self.row += 1;
        let row = self.row;
        if !first.is("BEGIN") {
            return Some(self.stray(first));
        }
        let mut lines = Vec::new();
        loop {
            match self.lines.next_line() {
                Ok(Some(line)) if line.is("END") => break,
                Ok(Some(line)) if line.is("BEGIN") => {
                    let message = format!(
                        "the card that begins on line {} has no END:VCARD before the next card on line {}",
                        first.no, line.no
                    );
                    self.lines.push_back(line);
                    return Some(Err(RowError {
                        row,
                        column: None,
                        message,
                    }));
                }
                Ok(Some(line)) => lines.push(line),
                Ok(None) => {
                    self.done = true;
                    let message = format!(
                        "the card that begins on line {} has no END:VCARD before the end of the file",
                        first.no
                    );
                    return Some(Err(RowError {
                        row,
                        column: None,
                        message,
                    }));
                }
                Err(e) => return Some(self.fail(row, &e)),
            }
        }
        Some(parse_card(row, &lines))
    }
}

impl<R: BufRead> Cards<R> {
    /// Lines outside any card (text before the first `BEGIN:VCARD`, a file that is not a vCard
    /// at all): one error for the whole run, counted as a card so later numbers stay right.
    fn stray(&mut self, first: Line) -> Result<SourceRecord, RowError> {
        let mut last = first.no;
        loop {
            match self.lines.next_line() {
                Ok(Some(line)) if line.is("BEGIN") => {
                    self.lines.push_back(line);
                    break;
                }
                Ok(Some(line)) => last = line.no,
                Ok(None) => break,
                Err(e) => return self.fail(self.row, &e),
            }
        }
        let what = String::from_utf8_lossy(&first.bytes);
        let what: String = what.chars().take(60).collect();
        let lines = match last > first.no {
            true => format!("lines {}-{last} are", first.no),
            false => format!("line {} is", first.no),
        };
        Err(RowError {
            row: self.row,
            column: None,
            message: format!("{lines} outside any card (expected BEGIN:VCARD, found '{what}')"),
        })
    }

    fn fail(&mut self, row: usize, e: &io::Error) -> Result<SourceRecord, RowError> {
        self.done = true;
        Err(io_error(row, self.lines.lines_read(), e))
    }
}

fn io_error(row: usize, after_line: usize, e: &io::Error) -> RowError {
    let message = match e.kind() {
        io::ErrorKind::InvalidData => format!("the file is not text after line {after_line}: {e}"),
        _ => format!("could not read the file after line {after_line}: {e}"),
    };
    RowError {
        row,
        column: None,
        message,
    }
}

/// The custom field a line that is not a vCard property is kept in, as written.
const UNREADABLE: &str = "unreadable vCard line";

fn parse_card(row: usize, lines: &[Line]) -> Result<SourceRecord, RowError> {
    let note = |column: Option<String>, message: String| RowError {
        row,
        column,
        message,
    };
    let mut props = Vec::with_capacity(lines.len());
    let mut unreadable = Vec::new();
    let mut warnings = Vec::new();
    // One line that is not a property (a `# comment`, an address continued on an unindented
    // line, KDE's `X-KADDRESSBOOK-X-IM/...`) costs that line, kept as written, not the card.
    for line in lines {
        match Prop::parse(line) {
            Ok(p) => props.push(p),
            Err(why) => {
                let kept = String::from_utf8_lossy(&line.bytes).into_owned();
                warnings.push(note(
                    None,
                    format!("{why}; kept as written in the custom field \"{UNREADABLE}\""),
                ));
                unreadable.push(kept);
            }
        }
    }
    let mut notes = Vec::new();
    let mut draft = card::draft(&props, &mut notes).map_err(|(column, m)| note(column, m))?;
    warnings.extend(notes.into_iter().map(|(column, m)| note(column, m)));
    draft
        .custom_fields
        .extend(unreadable.into_iter().map(|value| CustomField {
            key: UNREADABLE.into(),
            value,
        }));
    Ok(SourceRecord {
        row,
        people: vec![draft],
        linked: false,
        warnings,
    })
}

/// Transcodes a UTF-16 stream to UTF-8 as it is read.
struct Utf16<R> {
    input: R,
    decoder: Decoder,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: BufRead> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() && !self.done {
            let chunk = self.input.fill_buf()?;
            let last = chunk.is_empty();
            let room = self
                .decoder
                .max_utf8_buffer_length(chunk.len())
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        "a UTF-16 chunk too large to transcode",
                    )
                })?;
            self.out.resize(room, 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(chunk, &mut self.out, last);
            self.out.truncate(written);
            self.at = 0;
            self.input.consume(read);
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests;
