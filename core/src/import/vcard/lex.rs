//! Physical lines to logical lines.
//!
//! A vCard property may span several physical lines: RFC 2425/6350 folding (a line break
//! followed by a space or tab), vCard 2.1 quoted-printable soft line breaks (a value ending in
//! `=` continues on the next line, whatever that line starts with) and vCard 2.1 base64 values,
//! whose continuation lines some writers do not indent and end with a blank line. The lexer
//! undoes all three, one line of lookahead at a time, so the reader never holds more than the
//! current card. Lines stay bytes here: their character set is only known once the property's
//! parameters are read.

use std::io::{self, BufRead};

/// One property after unfolding, still raw bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Line {
    /// The 1-based number of the physical line the property starts on.
    pub no: usize,
    pub bytes: Vec<u8>,
}

impl Line {
    /// Whether this is `BEGIN:VCARD` (`name` = `BEGIN`) or `END:VCARD` (`name` = `END`).
    pub fn is(&self, name: &str) -> bool {
        is_marker(&self.bytes, name)
    }
}

fn is_marker(bytes: &[u8], name: &str) -> bool {
    let Some(colon) = bytes.iter().position(|&b| b == b':') else {
        return false;
    };
    let (head, value) = (&bytes[..colon], &bytes[colon + 1..]);
    let head = match head.iter().position(|&b| b == b'.') {
        Some(dot) => &head[dot + 1..],
        None => head,
    };
    head.trim_ascii().eq_ignore_ascii_case(name.as_bytes())
        && value.trim_ascii().eq_ignore_ascii_case(b"VCARD")
}

/// How a line's value is transfer-encoded, as far as line continuation is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transfer {
    Plain,
    QuotedPrintable,
    Base64,
}

/// Reads logical lines from `input`, skipping blank lines between properties.
pub(super) struct Lexer<R> {
    input: R,
    /// Physical lines read so far.
    read: usize,
    peeked: Option<(usize, Vec<u8>)>,
    pushed: Option<Line>,
    eof: bool,
}

impl<R: BufRead> Lexer<R> {
    pub fn new(input: R) -> Self {
        Lexer {
            input,
            read: 0,
            peeked: None,
            pushed: None,
            eof: false,
        }
    }

    /// The number of the last physical line read (for error messages).
    pub fn lines_read(&self) -> usize {
        self.read
    }

    /// Gives a line back; the next call to [`Lexer::next_line`] returns it again.
    pub fn push_back(&mut self, line: Line) {
        self.pushed = Some(line);
    }

    /// The next logical line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        if let Some(line) = self.pushed.take() {
            return Ok(Some(line));
        }
        let (no, mut bytes) = loop {
            match self.physical()? {
                None => return Ok(None),
                Some((_, b)) if b.iter().all(u8::is_ascii_whitespace) => continue,
                Some(line) => break line,
            }
        };
        // A quoted-printable value is read before unfolding: its soft line break (`=` at the
        // end of a line) joins the next line as it is, space and all, while a fold drops the
        // one space it added. Unfolding first would read "come=" + " to the aid" as a fold
        // and leave "come=to the aid".
        if transfer(&bytes) == Transfer::QuotedPrintable {
            self.soft_breaks(&mut bytes)?;
            return Ok(Some(Line { no, bytes }));
        }
        self.unfold(&mut bytes)?;
        match transfer(&bytes) {
            Transfer::QuotedPrintable => self.soft_breaks(&mut bytes)?,
            Transfer::Base64 => {
                // Unindented continuation lines: base64 text has no ':', every property has one.
                while let Some(next) = self.peek()? {
                    let is_data = next.iter().any(|b| !b.is_ascii_whitespace())
                        && next
                            .iter()
                            .all(|&b| b.is_ascii_alphanumeric() || b"+/=-_ \t".contains(&b));
                    if !is_data {
                        break;
                    }
                    if let Some((_, next)) = self.physical()? {
                        bytes.extend(next.iter().filter(|b| !b.is_ascii_whitespace()));
                    }
                }
            }
            Transfer::Plain => {}
        }
        Ok(Some(Line { no, bytes }))
    }

    /// Appends the continuation lines of a quoted-printable value: after a soft line break (a
    /// line ending in `=`, perhaps followed by spaces a mailer added) the next line as it is,
    /// unless it ends the card; after any other line, a folded continuation.
    fn soft_breaks(&mut self, bytes: &mut Vec<u8>) -> io::Result<()> {
        loop {
            let trimmed = bytes.trim_ascii_end().len();
            if bytes[..trimmed].ends_with(b"=") {
                let ends_card = match self.peek()? {
                    None => true,
                    Some(next) => is_marker(next, "END"),
                };
                if ends_card {
                    return Ok(());
                }
                bytes.truncate(trimmed - 1);
                if let Some((_, next)) = self.physical()? {
                    bytes.extend_from_slice(&next);
                }
                continue;
            }
            match self.peek()? {
                Some(next) if matches!(next.first(), Some(b' ' | b'\t')) => {
                    if let Some((_, next)) = self.physical()? {
                        bytes.extend_from_slice(&next[1..]);
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Appends the continuation lines (starting with a space or tab) of a folded line.
    fn unfold(&mut self, bytes: &mut Vec<u8>) -> io::Result<()> {
        while let Some(next) = self.peek()? {
            if !matches!(next.first(), Some(b' ' | b'\t')) {
                break;
            }
            if let Some((_, next)) = self.physical()? {
                bytes.extend_from_slice(&next[1..]);
            }
        }
        Ok(())
    }

    fn physical(&mut self) -> io::Result<Option<(usize, Vec<u8>)>> {
        match self.peeked.take() {
            Some(line) => Ok(Some(line)),
            None => self.read_physical(),
        }
    }

    fn peek(&mut self) -> io::Result<Option<&[u8]>> {
        if self.peeked.is_none() {
            self.peeked = self.read_physical()?;
        }
        Ok(self.peeked.as_ref().map(|(_, b)| b.as_slice()))
    }

    fn read_physical(&mut self) -> io::Result<Option<(usize, Vec<u8>)>> {
        if self.eof {
            return Ok(None);
        }
        let mut buf = Vec::new();
        if self.input.read_until(b'\n', &mut buf)? == 0 {
            self.eof = true;
            return Ok(None);
        }
        self.read += 1;
        // LF, CRLF, and the CR CR LF some iPhone exports write.
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        if self.read == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        Ok(Some((self.read, buf)))
    }
}

/// Sniffs the transfer encoding from the parameters (the part before the first `:`).
fn transfer(line: &[u8]) -> Transfer {
    let head = match line.iter().position(|&b| b == b':') {
        Some(colon) => &line[..colon],
        None => line,
    };
    let mut result = Transfer::Plain;
    for param in head.split(|&b| b == b';').skip(1) {
        let value = match param.iter().position(|&b| b == b'=') {
            Some(eq) if param[..eq].trim_ascii().eq_ignore_ascii_case(b"ENCODING") => {
                &param[eq + 1..]
            }
            Some(_) => continue,
            None => param,
        };
        let value = value.trim_ascii();
        if value.eq_ignore_ascii_case(b"QUOTED-PRINTABLE") {
            result = Transfer::QuotedPrintable;
        } else if value.eq_ignore_ascii_case(b"BASE64") || value.eq_ignore_ascii_case(b"B") {
            result = Transfer::Base64;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str) -> Vec<(usize, String)> {
        let mut lexer = Lexer::new(input.as_bytes());
        let mut out = Vec::new();
        while let Some(line) = lexer.next_line().expect("reading a string cannot fail") {
            out.push((line.no, String::from_utf8_lossy(&line.bytes).into_owned()));
        }
        out
    }

    #[test]
    fn folded_lines_are_joined_with_crlf_lf_and_tabs() {
        let got = lines("BEGIN:VCARD\r\nNOTE:one\r\n  two\r\n\tthree\nFN:x\r\r\n y\n\nEND:VCARD");
        assert_eq!(
            got,
            vec![
                (1, "BEGIN:VCARD".into()),
                (2, "NOTE:one twothree".into()),
                (5, "FN:xy".into()),
                (8, "END:VCARD".into()),
            ]
        );
    }

    #[test]
    fn quoted_printable_soft_breaks_continue_on_unindented_lines() {
        let got = lines(
            "NOTE;ENCODING=QUOTED-PRINTABLE:a=0D=\r\n=0Ab=\r\n\r\nFN:x\r\nN;QUOTED-PRINTABLE:c=\r\nEND:VCARD\r\n",
        );
        assert_eq!(
            got,
            vec![
                (1, "NOTE;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab".into()),
                (4, "FN:x".into()),
                (5, "N;QUOTED-PRINTABLE:c=".into()),
                (6, "END:VCARD".into()),
            ]
        );
    }

    #[test]
    fn a_soft_break_before_an_indented_line_keeps_the_space_and_leaves_no_equals_sign() {
        let got = lines(concat!(
            "NOTE;ENCODING=QUOTED-PRINTABLE:Now is the time for all good men to come=\r\n",
            " to the aid of their country.=0D=0A=  \r\n",
            "And then=\r\n",
            "\tsome.\r\n",
            " folded\r\n",
            "FN:x\r\n"
        ));
        assert_eq!(
            got,
            vec![
                (
                    1,
                    "NOTE;ENCODING=QUOTED-PRINTABLE:Now is the time for all good men to come to the aid of their country.=0D=0AAnd then\tsome.folded".into()
                ),
                (6, "FN:x".into())
            ]
        );
    }

    #[test]
    fn base64_continuations_end_at_a_blank_line_or_the_next_property() {
        let got = lines("PHOTO;ENCODING=BASE64;JPEG:QUJD\r\nREVG\r\n  R0hJ\r\n\r\nFN:x\r\n");
        assert_eq!(
            got,
            vec![
                (1, "PHOTO;ENCODING=BASE64;JPEG:QUJDREVGR0hJ".into()),
                (5, "FN:x".into())
            ]
        );
    }

    #[test]
    fn begin_and_end_are_recognised_in_any_case() {
        let line = |s: &str| Line {
            no: 1,
            bytes: s.as_bytes().to_vec(),
        };
        assert!(line("begin:vCard").is("BEGIN"));
        assert!(line("END: VCARD ").is("END"));
        assert!(!line("BEGIN:VCALENDAR").is("BEGIN"));
        assert!(!line("NOTE:BEGIN").is("BEGIN"));
    }
}
