//! Bytes in, cells out: the encoding and delimiter questions every CSV flavour shares.
//!
//! Files arrive as UTF-8 (with or without a byte-order mark), as Windows-1252 (Outlook on
//! Windows writes its "ANSI" code page), or now and then as UTF-16 with a BOM (Excel's "Unicode
//! text"). UTF-16 is transcoded to UTF-8 as it streams. The other two are told apart one cell at
//! a time: a cell that is valid UTF-8 is UTF-8, anything else is Windows-1252. That needs no
//! look-ahead, never fails, and a genuine UTF-8 file is never touched (a Windows-1252 cell that
//! happens to be valid UTF-8 needs unusual letter pairs such as "Ã©", so the guess is safe).
//! Delimiters, quotes and line ends are ASCII in all three, so the CSV parser works on the raw
//! bytes either way.

use std::io::{self, Cursor, Read};

use csv::ByteRecord;
use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How much of the file is read up front to choose the encoding and the delimiter.
pub(super) const HEAD: usize = 64 * 1024;

/// The input as a byte stream in UTF-8 or Windows-1252, its first [`HEAD`] bytes (no BOM)
/// already read and kept in front of the rest.
pub(super) type Source<'a> = io::Chain<Cursor<Vec<u8>>, Box<dyn Read + Send + 'a>>;

/// Opens the input: reads the head, drops a UTF-8 BOM, and transcodes UTF-16.
pub(super) fn open<'a>(mut input: impl Read + Send + 'a) -> io::Result<(Vec<u8>, Source<'a>)> {
    let mut head = read_head(&mut input)?;
    if let Some(enc) = utf16(&head) {
        let whole = Cursor::new(std::mem::take(&mut head)).chain(input);
        let mut utf8: Box<dyn Read + Send + 'a> = Box::new(Transcode::new(whole, enc));
        let head = read_head(&mut utf8)?;
        return Ok((head.clone(), Cursor::new(head).chain(utf8)));
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    Ok((head.clone(), Cursor::new(head).chain(Box::new(input))))
}

fn read_head(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD);
    input.take(HEAD as u64).read_to_end(&mut head)?;
    Ok(head)
}

fn utf16(head: &[u8]) -> Option<&'static Encoding> {
    match head {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// The head of a file as text, for format detection: UTF-16 and BOMs handled, and Windows-1252
/// when the bytes are not UTF-8. A character cut off at the end of the head is dropped.
pub(crate) fn head_text(head: &[u8]) -> String {
    if let Some(enc) = utf16(head) {
        return enc.decode_with_bom_removal(head).0.into_owned();
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match std::str::from_utf8(head) {
        Ok(s) => s.to_string(),
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned()
        }
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(head)
            .0
            .into_owned(),
    }
}

/// The delimiter of the header line: whichever of comma, semicolon and tab it holds most often
/// outside quotes (comma on a tie or when there is none: a one-column file). `header_starts`
/// names how the header line begins when a preamble comes before it (LinkedIn's "Notes:").
pub(super) fn delimiter(head: &[u8], header_starts: Option<&[u8]>) -> u8 {
    let mut lines = Lines { rest: head };
    let line = loop {
        let Some(line) = lines.next() else {
            return b',';
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match header_starts {
            Some(start) if !starts_with_ignore_case(line, start) => continue,
            _ => break line,
        }
    };
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    [b',', b';', b'\t'][best]
}

pub(super) fn starts_with_ignore_case(line: &[u8], start: &[u8]) -> bool {
    line.len() >= start.len() && line[..start.len()].eq_ignore_ascii_case(start)
}

/// Lines of the head, a quoted newline kept inside its line.
struct Lines<'h> {
    rest: &'h [u8],
}

impl<'h> Iterator for Lines<'h> {
    type Item = &'h [u8];

    fn next(&mut self) -> Option<&'h [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let mut quoted = false;
        let end = self
            .rest
            .iter()
            .position(|&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                b == b'\n' && !quoted
            })
            .unwrap_or(self.rest.len());
        let line = &self.rest[..end];
        self.rest = self.rest.get(end + 1..).unwrap_or_default();
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    }
}

/// One record's cells as text, decoded into one reused buffer so a row costs no allocation.
#[derive(Default)]
pub(super) struct Cells {
    text: String,
    ends: Vec<usize>,
}

impl Cells {
    pub(super) fn load(&mut self, record: &ByteRecord) {
        self.text.clear();
        self.ends.clear();
        for field in record {
            match std::str::from_utf8(field) {
                Ok(s) => self.text.push_str(s),
                Err(_) => self
                    .text
                    .push_str(&WINDOWS_1252.decode_without_bom_handling(field).0),
            }
            self.ends.push(self.text.len());
        }
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The cell at `i` as written (empty past the end of the record).
    pub(super) fn get(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..end]
    }

    /// Whether every cell is empty or spaces: a blank line, or a row of bare delimiters.
    pub(super) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Streams UTF-16 as UTF-8.
struct Transcode<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    eof: bool,
    /// The decoder was told the input ended; it must not be called again.
    finished: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
}

impl<R: Read> Transcode<R> {
    fn new(inner: R, enc: &'static Encoding) -> Self {
        Transcode {
            inner,
            decoder: enc.new_decoder_with_bom_removal(),
            input: vec![0; 8192],
            in_start: 0,
            in_end: 0,
            eof: false,
            finished: false,
            output: vec![0; 3 * 8192 + 16],
            out_start: 0,
            out_end: 0,
        }
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_start == self.out_end {
            if self.finished {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                self.in_start = 0;
                self.in_end = self.inner.read(&mut self.input)?;
                self.eof = self.in_end == 0;
            }
            let src = &self.input[self.in_start..self.in_end];
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(src, &mut self.output, self.eof);
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            self.finished = self.eof && result == CoderResult::InputEmpty;
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_read_from_the_header_line_outside_quotes() {
        assert_eq!(delimiter(b"Name;Email;\"a,b,c\"\n1,2,3,4,5", None), b';');
        assert_eq!(delimiter(b"\n\nName\tEmail\tPhone\n", None), b'\t');
        assert_eq!(delimiter(b"Name,Email\n", None), b',');
        assert_eq!(delimiter(b"Name\n", None), b',');
        assert_eq!(delimiter(b"", None), b',');
        let linkedin = b"Notes:\n\"a; b; c\"\n\nFirst Name,Last Name,URL\n";
        assert_eq!(delimiter(linkedin, Some(b"first name")), b',');
    }

    #[test]
    fn utf16_streams_as_utf8_and_boms_are_dropped() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Name,Email\r\nZoë,z@example.com\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let (head, mut rest) = open(Cursor::new(bytes.clone())).unwrap();
        let mut all = String::new();
        rest.read_to_string(&mut all).unwrap();
        assert_eq!(all, "Name,Email\r\nZoë,z@example.com\r\n");
        assert_eq!(head, all.as_bytes());
        assert_eq!(head_text(&bytes), all);
        let (head, _) = open(Cursor::new(b"\xEF\xBB\xBFName\n".to_vec())).unwrap();
        assert_eq!(head, b"Name\n");
    }

    #[test]
    fn a_cell_that_is_not_utf8_is_read_as_windows_1252() {
        let record = ByteRecord::from(vec![&b"Zo\xEB"[..], "Zoë".as_bytes(), b""]);
        let mut cells = Cells::default();
        cells.load(&record);
        assert_eq!(
            (cells.get(0), cells.get(1), cells.get(2)),
            ("Zoë", "Zoë", "")
        );
        assert_eq!(cells.get(7), "");
        assert_eq!(head_text(b"Name\nRen\xE9e\n"), "Name\nRenée\n");
    }
}
