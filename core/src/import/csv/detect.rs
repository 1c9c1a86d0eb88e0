//! Telling the CSV flavours apart from the first few kilobytes of a file.
//!
//! Each flavour has header columns no other writes: Google its numbered groups
//! (`E-mail 1 - Value`) or `Group Membership`, Outlook `E-mail Address` with its address and
//! phone columns, LinkedIn the `Notes:` preamble or `Connected On`, PropertyRadar its
//! `Primary Name` with `APN` or the secondary owner. Kith's own export is plain CSV to the
//! caller (`Format::Csv`); `read` recognises its exact header. Anything else that reads as a
//! header row is generic CSV; text that does not (a vCard, JSON, binary) is not CSV at all.

use super::input::{self, starts_with_ignore_case};
use super::{generic, linkedin};
use crate::export::csv::HEADER as KITH;
use crate::import::model::Format;

/// The CSV flavour of a file from its first bytes, or `None` when it is not CSV.
pub fn detect(head: &[u8]) -> Option<Format> {
    let text = input::head_text(head);
    if text.contains('\0') || text.trim().is_empty() {
        return None;
    }
    let start = text.trim_start();
    if starts_with_ignore_case(start.as_bytes(), b"begin:vcard")
        || start.starts_with(['{', '[', '<'])
    {
        return None;
    }
    if starts_with_ignore_case(start.as_bytes(), b"notes:") {
        let header = text
            .lines()
            .find(|l| starts_with_ignore_case(l.as_bytes(), linkedin::HEADER_START));
        // The preamble can fill a short head before the header comes.
        if header.is_some_and(|l| generic::key(l).contains("url"))
            || text.to_lowercase().contains("connection")
        {
            return Some(Format::Linkedin);
        }
    }
    let delimiter = input::delimiter(text.as_bytes(), None);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header = reader
        .records()
        .find_map(|r| r.ok().filter(|r| r.iter().any(|c| !c.trim().is_empty())))?;
    let cols: Vec<&str> = header.iter().map(str::trim).collect();
    let has = |name: &str| cols.iter().any(|c| c.eq_ignore_ascii_case(name));
    if KITH.iter().all(|k| cols.contains(k)) {
        return Some(Format::Csv);
    }
    if has("Primary Name") && (has("APN") || has("Secondary Name") || has("Primary Mobile Phone1"))
    {
        return Some(Format::Propertyradar);
    }
    let google_pair = cols.iter().any(|c| {
        [
            "E-mail 1 - Value",
            "Phone 1 - Value",
            "Address 1 - Formatted",
            "Website 1 - Value",
        ]
        .iter()
        .any(|g| c.eq_ignore_ascii_case(g))
    });
    if google_pair || has("Group Membership") || (has("Labels") && has("File As")) {
        return Some(Format::Google);
    }
    let outlook = [
        "E-mail Display Name",
        "E-mail 2 Address",
        "Business Street",
        "Home Street",
        "Mobile Phone",
        "Business Phone",
        "Home Phone",
        "Primary Phone",
        "Categories",
        "Web Page",
        "Internet Free Busy",
    ];
    if has("E-mail Address") && outlook.iter().filter(|o| has(o)).count() >= 3 {
        return Some(Format::Outlook);
    }
    if has("First Name") && has("URL") && has("Connected On") {
        return Some(Format::Linkedin);
    }
    let known = cols
        .iter()
        .any(|c| generic::classify(c) != super::plan::Col::Custom);
    let header_like = cols.len() >= 2
        && cols
            .iter()
            .all(|c| c.chars().count() <= 64 && !c.contains(['{', '}']))
        && cols.iter().any(|c| c.chars().any(char::is_alphabetic));
    (known || header_like).then_some(Format::Csv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_flavour_is_told_from_its_header() {
        let d = |s: &str| detect(s.as_bytes());
        assert_eq!(
            d("First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"),
            Some(Format::Google)
        );
        assert_eq!(
            d("Name,Given Name,Family Name,Group Membership\n"),
            Some(Format::Google)
        );
        assert_eq!(
            d("First Name,Last Name,Title,E-mail Address,E-mail 2 Address,Mobile Phone,Home Street,Categories\n"),
            Some(Format::Outlook)
        );
        assert_eq!(
            d("Notes:\n\"When exporting, some emails may be missing, see the help center.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"),
            Some(Format::Linkedin)
        );
        assert_eq!(
            d("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"),
            Some(Format::Linkedin)
        );
        assert_eq!(
            d("Type,Address,City,ZIP,APN,Primary Name,Primary Mobile Phone1,Secondary Name\n"),
            Some(Format::Propertyradar)
        );
        assert_eq!(d(&format!("{}\n", KITH.join(","))), Some(Format::Csv));
        assert_eq!(d("name;email;phone\nAda;a@x.org;1\n"), Some(Format::Csv));
        assert_eq!(d("\u{feff}Email\nada@example.com\n"), Some(Format::Csv));
        assert_eq!(d("foo,bar\n1,2\n"), Some(Format::Csv));
    }

    #[test]
    fn what_is_not_csv_is_refused() {
        for not in [
            "",
            "   \n",
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n",
            "{\"name\": \"Ada\"}",
            "[1,2]",
            "<?xml version=\"1.0\"?>",
            "just some words in a text file\n",
        ] {
            assert_eq!(detect(not.as_bytes()), None, "{not:?}");
        }
        assert_eq!(detect(b"PK\x03\x04\x00\x00binary"), None);
    }
}
