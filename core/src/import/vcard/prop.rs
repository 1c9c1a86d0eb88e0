//! One logical line to a property: group, name, parameters and a decoded value.
//!
//! Parameters come in every historical form (`TYPE=WORK,VOICE`, `TYPE=work;TYPE=cell`,
//! `TYPE="work,voice"`, vCard 2.1's bare `WORK;VOICE;QUOTED-PRINTABLE`), and are normalised
//! here so the mapping in `card` sees one shape. Values are decoded (quoted-printable, then the
//! declared `CHARSET` through `encoding_rs`), but not unescaped: structured values (`N`, `ADR`)
//! must be split on unescaped `;` first, so unescaping is the caller's step.

use encoding_rs::{Encoding, WINDOWS_1252};

use super::lex::Line;

/// The vCard version of a card, which decides how values are escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Version {
    /// vCard 2.1: only `\;` is an escape.
    V21,
    /// vCard 3.0 and 4.0: `\\`, `\,`, `\;` and `\n` are escapes.
    V3,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Param {
    /// Upper-case; bare vCard 2.1 parameters are filed under `TYPE` or `ENCODING`.
    pub name: String,
    /// Unquoted and caret-decoded (RFC 6868).
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Prop {
    pub line: usize,
    /// Upper-case (`ITEM1`), when the property has one.
    pub group: Option<String>,
    /// Upper-case (`EMAIL`, `X-ABLABEL`).
    pub name: String,
    pub params: Vec<Param>,
    pub raw: Vec<u8>,
}

/// A decoded value: text, or a summary of inline binary data that is deliberately not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Value {
    Text(String),
    Binary { bytes: usize, media: Option<String> },
}

impl Prop {
    /// Splits a logical line; the error says what is wrong and on which line.
    pub fn parse(line: &Line) -> Result<Prop, String> {
        let bytes = &line.bytes;
        let colon = header_end(bytes).ok_or_else(|| {
            format!(
                "line {} is not a vCard property (expected NAME:value): '{}'",
                line.no,
                excerpt(bytes)
            )
        })?;
        let head = String::from_utf8_lossy(&bytes[..colon]);
        let mut parts = split_quoted(&head, ';').into_iter();
        let full_name = parts.next().unwrap_or_default().trim().to_string();
        let (group, name) = match full_name.split_once('.') {
            Some((g, n)) => (Some(g.to_ascii_uppercase()), n.to_ascii_uppercase()),
            None => (None, full_name.to_ascii_uppercase()),
        };
        let valid = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !valid(&name) || !group.as_deref().is_none_or(valid) {
            return Err(format!(
                "line {} has no valid property name before ':' (found '{}')",
                line.no,
                excerpt(full_name.as_bytes())
            ));
        }
        let params = parts
            .filter(|p| !p.trim().is_empty())
            .map(|p| match p.split_once('=') {
                Some((n, v)) => Param {
                    name: n.trim().to_ascii_uppercase(),
                    value: decode_param(v.trim()),
                },
                None => {
                    let bare = p.trim().to_ascii_uppercase();
                    let name = match bare.as_str() {
                        "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                        _ => "TYPE",
                    };
                    Param {
                        name: name.into(),
                        value: bare,
                    }
                }
            })
            .collect();
        Ok(Prop {
            line: line.no,
            group,
            name,
            params,
            raw: bytes[colon + 1..].to_vec(),
        })
    }

    /// The first value of a parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    /// Every `TYPE` value, lower-case, from all the forms parameters take.
    pub fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|p| p.name == "TYPE")
            .flat_map(|p| p.value.split(','))
            .map(|t| t.trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The value after transfer and character-set decoding, with line breaks as `\n`, and a
    /// note when the text had to be guessed: bytes that are not UTF-8 with no `CHARSET` (vCard
    /// 2.1 from Outlook 2003, SAP, older phones), or a `CHARSET` Kith does not know, are read as
    /// Windows-1252, as the CSV reader reads such cells, rather than costing the whole card.
    pub fn value(&self) -> (Value, Option<String>) {
        let encoding = self.param("ENCODING").map(str::to_ascii_uppercase);
        match encoding.as_deref() {
            Some("B" | "BASE64") => {
                let value = Value::Binary {
                    bytes: base64_len(&self.raw),
                    media: self.media_type(),
                };
                return (value, None);
            }
            Some("QUOTED-PRINTABLE") => {
                let (text, guessed) = self.text(&quoted_printable(&self.raw));
                return (Value::Text(text), guessed);
            }
            _ => {}
        }
        let (text, guessed) = self.text(&self.raw);
        // vCard 4.0 inlines binary data as a data: URI.
        if let Some(rest) = text.trim().strip_prefix("data:") {
            if let Some((media, data)) = rest.split_once(";base64,") {
                let value = Value::Binary {
                    bytes: base64_len(data.as_bytes()),
                    media: Some(media.to_string()).filter(|m| !m.is_empty()),
                };
                return (value, guessed);
            }
        }
        (Value::Text(text), guessed)
    }

    fn text(&self, bytes: &[u8]) -> (String, Option<String>) {
        let declared = self.param("CHARSET").map(str::trim);
        let (text, guessed) = match declared.map(|l| (l, Encoding::for_label(l.as_bytes()))) {
            // A declared charset decodes like a browser would: bad sequences become U+FFFD.
            Some((_, Some(enc))) => (enc.decode_without_bom_handling(bytes).0.into_owned(), None),
            _ => match std::str::from_utf8(bytes) {
                Ok(s) => (s.to_string(), None),
                Err(_) => {
                    let why = match declared {
                        Some(label) => format!("its CHARSET '{label}' is not one Kith knows"),
                        None => "it names no CHARSET".to_string(),
                    };
                    let text = WINDOWS_1252
                        .decode_without_bom_handling(bytes)
                        .0
                        .into_owned();
                    let note = format!(
                        "the value of {} on line {} is not UTF-8 and {why}: read as Windows-1252",
                        self.name, self.line
                    );
                    (text, Some(note))
                }
            },
        };
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text
        };
        (text, guessed)
    }

    fn media_type(&self) -> Option<String> {
        if let Some(m) = self.param("MEDIATYPE") {
            return Some(m.to_ascii_lowercase());
        }
        let t = self
            .types()
            .into_iter()
            .find(|t| t != "pref" && !t.starts_with("x-"))?;
        if t.contains('/') {
            return Some(t);
        }
        Some(match self.name.as_str() {
            "PHOTO" | "LOGO" => format!("image/{t}"),
            "SOUND" => format!("audio/{t}"),
            _ => t,
        })
    }
}

/// Removes vCard escapes from one value (or one component of a structured value).
pub(super) fn unescape(s: &str, version: Version) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    if version == Version::V21 {
        return s.replace("\\;", ";");
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            // Clients also escape ':' and '"' although the RFCs do not ask them to.
            Some(e @ ('\\' | ',' | ';' | ':' | '"')) => out.push(e),
            // Not an escape: keep the backslash (a Windows path in a note).
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits on `sep` where it is not escaped by a backslash; at most `limit` parts.
pub(super) fn split_escaped(s: &str, sep: char, limit: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep && parts.len() + 1 < limit {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The position of the `:` that ends the name and parameters: the first one outside a quoted
/// parameter value, or failing that (an unbalanced quote) simply the first one.
fn header_end(bytes: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some(i),
            _ => {}
        }
    }
    bytes.iter().position(|&b| b == b':')
}

/// Splits on `sep` outside double quotes.
fn split_quoted(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&s[start..i]);
            start = i + 1;
        }
    }
    parts.push(&s[start..]);
    parts
}

/// Removes the quotes around (each comma-separated part of) a parameter value and decodes
/// RFC 6868 caret escapes.
fn decode_param(v: &str) -> String {
    let unquoted: String = v.chars().filter(|&c| c != '"').collect();
    if !unquoted.contains('^') {
        return unquoted;
    }
    let mut out = String::with_capacity(unquoted.len());
    let mut chars = unquoted.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('^', Some('n')) => {
                out.push('\n');
                chars.next();
            }
            ('^', Some('\'')) => {
                out.push('"');
                chars.next();
            }
            ('^', Some('^')) => {
                out.push('^');
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Decodes `=XX` escapes; anything malformed is kept as written.
fn quoted_printable(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'=' {
            if let (Some(Some(h)), Some(Some(l))) = (
                raw.get(i + 1).map(|&b| hex(b)),
                raw.get(i + 2).map(|&b| hex(b)),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// The decoded size of base64 text, without decoding it.
fn base64_len(data: &[u8]) -> usize {
    let symbols = data
        .iter()
        .filter(|&&b| b.is_ascii_alphanumeric() || b"+/-_".contains(&b))
        .count();
    symbols * 3 / 4
}

fn excerpt(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prop(s: &str) -> Prop {
        Prop::parse(&Line {
            no: 3,
            bytes: s.as_bytes().to_vec(),
        })
        .expect("test lines are well formed")
    }

    fn text(p: &Prop) -> String {
        match p.value().0 {
            Value::Text(t) => t,
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn every_form_of_type_parameter_reads_the_same() {
        for line in [
            "TEL;TYPE=WORK,VOICE:1",
            "TEL;TYPE=work;TYPE=voice:1",
            "TEL;type=\"work,voice\":1",
            "TEL;WORK;VOICE:1",
        ] {
            let p = prop(line);
            assert_eq!(p.name, "TEL");
            assert_eq!(p.types(), vec!["work", "voice"], "{line}");
        }
    }

    #[test]
    fn groups_names_and_quoted_colons_are_split() {
        let p = prop("item1.X-ABLabel;X-NOTE=\"a:b\":_$!<Other>!$_");
        assert_eq!(p.group.as_deref(), Some("ITEM1"));
        assert_eq!(p.name, "X-ABLABEL");
        assert_eq!(p.param("X-NOTE"), Some("a:b"));
        assert_eq!(text(&p), "_$!<Other>!$_");
    }

    #[test]
    fn lines_without_a_property_name_are_refused_with_their_line_number() {
        for bad in ["no colon here", ":value", "two words:value", "a.b.c:x"] {
            let err = Prop::parse(&Line {
                no: 7,
                bytes: bad.as_bytes().to_vec(),
            })
            .expect_err(bad);
            assert!(err.contains("line 7"), "{err}");
        }
    }

    #[test]
    fn quoted_printable_and_charsets_are_decoded() {
        let p = prop("NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91a=0D=0Ab=3");
        assert_eq!(text(&p), "Ña\nb=3");
        let latin1 = Prop::parse(&Line {
            no: 1,
            bytes: b"FN;CHARSET=ISO-8859-1:M\xfcller".to_vec(),
        })
        .expect("well formed");
        assert_eq!(text(&latin1), "Müller");
        let undeclared = Prop::parse(&Line {
            no: 9,
            bytes: b"FN:M\xfcller".to_vec(),
        })
        .expect("well formed");
        let (value, note) = undeclared.value();
        assert_eq!(value, Value::Text("Müller".into()));
        let note = note.expect("a guess is reported");
        assert!(note.contains("FN on line 9"), "{note}");
        assert!(note.contains("Windows-1252"), "{note}");
        let unknown = Prop::parse(&Line {
            no: 2,
            bytes: b"FN;CHARSET=X-MAC-NOTHING:M\xfcller".to_vec(),
        })
        .expect("well formed");
        let (value, note) = unknown.value();
        assert_eq!(value, Value::Text("Müller".into()));
        assert!(note.is_some_and(|n| n.contains("X-MAC-NOTHING")));
    }

    #[test]
    fn base64_values_are_summarised_not_kept() {
        let p = prop("PHOTO;ENCODING=b;TYPE=JPEG:QUJDRA==");
        assert_eq!(
            p.value(),
            (
                Value::Binary {
                    bytes: 4,
                    media: Some("image/jpeg".into())
                },
                None
            )
        );
        let p = prop("PHOTO:data:image/png;base64,QUJD");
        assert_eq!(
            p.value(),
            (
                Value::Binary {
                    bytes: 3,
                    media: Some("image/png".into())
                },
                None
            )
        );
    }

    #[test]
    fn escapes_depend_on_the_version() {
        assert_eq!(
            unescape(r"a\,b\;c\nd\\e\:f\xg", Version::V3),
            "a,b;c\nd\\e:f\\xg"
        );
        assert_eq!(unescape(r"a\;b\,c", Version::V21), r"a;b\,c");
        assert_eq!(split_escaped(r"a\;b;c;d", ';', 9), vec![r"a\;b", "c", "d"]);
        assert_eq!(split_escaped(r"k\;;v;w", ';', 2), vec![r"k\;", "v;w"]);
        assert_eq!(split_escaped(r"a\\;b", ';', 9), vec![r"a\\", "b"]);
    }

    #[test]
    fn caret_escapes_in_parameters_are_decoded() {
        let p = prop("ADR;LABEL=\"1 Main St^nSpringfield ^'Home^' ^^\":;;1 Main St;;;;");
        assert_eq!(p.param("LABEL"), Some("1 Main St\nSpringfield \"Home\" ^"));
    }
}
