//! Content lines, the shape vCard (RFC 6350 §3.2, §3.4) and iCalendar (RFC 5545 §3.1, §3.3.11)
//! share: `NAME;PARAM=…:value`, text values escaped the same way, lines folded at 75 octets with
//! CRLF and a leading space. One implementation, so both writers escape and fold alike.

use std::io::{self, Write};

/// Escapes a text value: `\\`, `\n`, `\,`, `\;`. Line breaks of any kind (`\r\n`, `\r`, `\n`)
/// are written as `\n`, since neither format can carry a bare carriage return.
pub fn text(s: &str) -> String {
    escape(s, true)
}

/// Escapes a URI: only backslashes and line breaks, so commas in URLs stay readable elsewhere.
pub fn uri(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, separators: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            ',' | ';' if separators => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Writes a content line folded at 75 octets, never inside a UTF-8 character, ending in CRLF.
/// A continuation line starts with one space, which counts towards its 75.
pub fn fold(out: &mut (impl Write + ?Sized), line: &str) -> io::Result<()> {
    let (mut start, mut width) = (0, 75);
    loop {
        let mut end = (start + width).min(line.len());
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        if start > 0 {
            out.write_all(b" ")?;
        }
        out.write_all(&line.as_bytes()[start..end])?;
        out.write_all(b"\r\n")?;
        if end >= line.len() {
            return Ok(());
        }
        (start, width) = (end, 74);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = Vec::new();
        fold(&mut out, line).unwrap();
        String::from_utf8(out).expect("folding never splits a character")
    }

    #[test]
    fn folded_lines_are_at_most_75_octets_and_unfold_to_the_original() {
        for line in [
            String::new(),
            "x".repeat(75),
            "x".repeat(76),
            "é".repeat(80),
            format!("SUMMARY:{}", "🎂".repeat(40)),
            format!("A{}", "שלום ".repeat(30)),
        ] {
            let out = folded(&line);
            for l in out.split_terminator("\r\n") {
                assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
            }
            assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
        }
    }

    #[test]
    fn text_escapes_separators_and_every_kind_of_line_break() {
        assert_eq!(text("a\\b,c;d\ne\r\nf\rg"), "a\\\\b\\,c\\;d\\ne\\nf\\ng");
        assert_eq!(uri("https://x.test/a,b;c"), "https://x.test/a,b;c");
    }
}
