//! The shared rules, on generic files: encodings, delimiters, line ends, quoting, blank, short
//! and long rows, the lossless rule, row numbers and header errors.

use std::io::Cursor;

use super::*;
use crate::contacts::{Address, Email, Phone, SocialLink};
use crate::import::model::Draft;

pub(super) fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(super) fn records(bytes: &[u8], format: Format) -> Vec<SourceRecord> {
    read(Cursor::new(bytes.to_vec()), format, None)
        .expect("header reads")
        .map(|r| r.expect("row reads"))
        .collect()
}

/// The only person of each record, with its row.
pub(super) fn people(bytes: &[u8], format: Format) -> Vec<(usize, Draft)> {
    records(bytes, format)
        .into_iter()
        .map(|r| {
            assert_eq!(r.people.len(), 1, "row {}", r.row);
            (r.row, r.people.into_iter().next().unwrap_or_default())
        })
        .collect()
}

/// A custom field of the person or of their record (a property's columns).
pub(super) fn custom<'d>(d: &'d Draft, key: &str) -> Option<&'d str> {
    d.record_fields
        .iter()
        .chain(&d.custom_fields)
        .find(|f| f.key == key)
        .map(|f| f.value.as_str())
}

fn header_error(bytes: &[u8], format: Format) -> String {
    match read(Cursor::new(bytes.to_vec()), format, None) {
        Err(e) => e.to_string(),
        Ok(_) => panic!(
            "expected a header error for {:?}",
            String::from_utf8_lossy(bytes)
        ),
    }
}

#[test]
fn a_semicolon_file_with_a_bom_reads_every_cell() {
    let bytes = fixture("generic_semicolon.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(detect(&bytes), Some(Format::Csv));
    let rows = people(&bytes, Format::Csv);
    assert_eq!(
        rows.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
        [1, 2, 3, 4],
        "the blank line is not a row"
    );
    let zola = &rows[0].1;
    assert_eq!(zola.name.as_deref(), Some("Émile Zola"));
    assert_eq!(
        zola.emails,
        [
            Email {
                label: String::new(),
                value: "emile@example.fr".into()
            },
            Email {
                label: "work".into(),
                value: "ez@work.example.fr".into()
            }
        ]
    );
    assert_eq!(
        zola.phones,
        [Phone {
            label: "mobile".into(),
            value: "+33 1 23 45 67 89".into(),
            e164: None
        }]
    );
    assert_eq!(
        (zola.company.as_deref(), zola.title.as_deref()),
        (Some("L'Aurore"), Some("Writer"))
    );
    assert_eq!(
        zola.birthday.map(|b| b.to_string()).as_deref(),
        Some("1840-04-02")
    );
    assert_eq!(zola.tags, ["novelists", "french"]);
    assert_eq!(
        zola.notes.as_deref(),
        Some("He said \"J'accuse\"\nTwice"),
        "quoted newline and doubled quotes"
    );
    assert_eq!(
        zola.addresses,
        [Address {
            street: Some("1 Rue X".into()),
            city: Some("Paris".into()),
            postal_code: Some("75001".into()),
            country: Some("FR".into()),
            ..Default::default()
        }]
    );
    assert_eq!(
        zola.social_links,
        [SocialLink {
            label: "linkedin".into(),
            url: "https://linkedin.com/in/zola-example".into()
        }]
    );
    assert_eq!(custom(zola, "Favourite Colour"), Some("blue"));
    assert_eq!(zola.custom_fields.len(), 1);

    let curie = &rows[1].1;
    assert_eq!(
        (curie.name.as_deref(), curie.emails.len()),
        (Some("Marie Curie"), 1),
        "a short row"
    );

    let meitner = &rows[2].1;
    assert_eq!(meitner.birthday, None);
    assert_eq!(
        custom(meitner, "Date of Birth"),
        Some("sometime in May"),
        "an unreadable date is kept"
    );
    assert_eq!(
        custom(meitner, "Column 16"),
        Some("extra-one"),
        "a long row"
    );
    assert_eq!(custom(meitner, "Column 18"), Some("extra-three"));
    assert_eq!(meitner.custom_fields.len(), 3);

    let nameless = &rows[3].1;
    assert!(
        !nameless.is_identifiable(),
        "returned for the engine to report"
    );
    assert_eq!(custom(nameless, "Favourite Colour"), Some("green"));
}

#[test]
fn a_tab_file_splits_names_and_reads_us_dates_and_right_to_left_text() {
    let bytes = fixture("generic.tsv");
    let rows = people(&bytes, Format::Csv);
    assert_eq!(rows.len(), 2, "the row of bare tabs is blank");
    let franklin = &rows[0].1;
    assert_eq!(franklin.name.as_deref(), Some("Rosalind Franklin"));
    assert_eq!(
        franklin.birthday.map(|b| b.to_string()).as_deref(),
        Some("1920-07-25")
    );
    assert_eq!(franklin.tags, ["chemists", "x-ray"]);
    assert_eq!(
        rows[1],
        (
            2,
            Draft {
                name: Some("محمد الخوارزمي".into()),
                emails: vec![Email {
                    label: String::new(),
                    value: "khwarizmi@example.com".into()
                }],
                ..Default::default()
            }
        )
    );
}

#[test]
fn crlf_lf_and_windows_1252_all_read() {
    let lf = b"Name,Email\nRen\xE9e,renee@example.com\n";
    let crlf = b"Name,Email\r\nRen\xE9e,renee@example.com\r\n";
    for bytes in [&lf[..], &crlf[..]] {
        let rows = people(bytes, Format::Csv);
        assert_eq!(rows[0].1.name.as_deref(), Some("Renée"));
        assert_eq!(rows[0].1.emails[0].value, "renee@example.com");
    }
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Name\tPhone\r\nZoë\t555-0100\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let rows = people(&utf16, Format::Csv);
    assert_eq!(
        (
            rows[0].1.name.as_deref(),
            rows[0].1.phones[0].value.as_str()
        ),
        (Some("Zoë"), "555-0100")
    );
}

#[test]
fn full_names_keep_parts_they_do_not_contain() {
    let rows = people(
        b"Name,First Name,Last Name\nAda Lovelace,Ada,Lovelace\nThe Countess,Ada,Lovelace\n",
        Format::Csv,
    );
    assert!(rows[0].1.custom_fields.is_empty());
    assert_eq!(custom(&rows[1].1, "First Name"), Some("Ada"));
    assert_eq!(custom(&rows[1].1, "Last Name"), Some("Lovelace"));
}

#[test]
fn a_second_value_for_a_single_field_is_kept_not_replaced() {
    let rows = people(
        b"Name,Company,Employer,Birthday,DOB\nAda,Engines,Looms,1815-12-10,12/10/1815\n",
        Format::Csv,
    );
    let ada = &rows[0].1;
    assert_eq!(ada.company.as_deref(), Some("Engines"));
    assert_eq!(custom(ada, "Employer"), Some("Looms"));
    assert!(
        ada.custom_fields.iter().all(|f| f.key != "DOB"),
        "the same date twice says nothing new"
    );
}

#[test]
fn header_problems_fail_the_read() {
    assert!(header_error(b"", Format::Csv).starts_with("header: the file is empty"));
    assert!(header_error(b"\n\n,,\n", Format::Csv).starts_with("header: the file is empty"));
    let msg = header_error(b"Favourite Colour,Shoe Size\nblue,9\n", Format::Csv);
    assert!(msg.contains("no column names a person"), "{msg}");
    let msg = header_error(b"Ada Lovelace,ada@example.com\n", Format::Csv);
    assert!(msg.contains("looks like data"), "{msg}");
    assert!(header_error(b"Name\n", Format::Vcard).contains("not a csv format"));
}

#[test]
fn an_io_error_ends_the_stream_as_a_row_error() {
    struct Failing(Cursor<Vec<u8>>);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("disk went away")),
                n => Ok(n),
            }
        }
    }
    // The head is read up front, so the failure must come after it.
    let mut bytes = b"Name\n".to_vec();
    for i in 0..20_000 {
        bytes.extend(format!("Person {i}\n").as_bytes());
    }
    let items: Vec<_> = read(Failing(Cursor::new(bytes)), Format::Csv, None)
        .map(Iterator::collect::<Vec<_>>)
        .unwrap_or_default();
    assert_eq!(items.iter().filter(|r| r.is_ok()).count(), 20_000);
    let Some(Err(last)) = items.last() else {
        panic!("no error at the end")
    };
    assert_eq!(last.row, 20_001);
    assert!(last.message.contains("disk went away"), "{}", last.message);
}

#[test]
fn a_hundred_thousand_rows_stream_quickly() {
    let mut bytes = b"First Name,Last Name,Email,Mobile,Company,Notes,Extra\n".to_vec();
    for i in 0..100_000 {
        bytes.extend(format!("Given{i},Family{i},p{i}@example.com,+1 555 010 {i:04},Company {i},\"note, {i}\",x\n").as_bytes());
    }
    let started = std::time::Instant::now();
    let n = read(Cursor::new(bytes), Format::Csv, None)
        .map(|r| r.filter(|r| r.is_ok()).count())
        .unwrap_or(0);
    assert_eq!(n, 100_000);
    // Generous for an unoptimised debug build on a busy machine; a release build takes ~0.1 s.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn cells_that_are_not_emails_or_phones_are_kept_as_written() {
    let rows = people(
        b"Name,Email,Phone\nAda,n/a,unknown\nBea,b@x.org; c@x.org,555 0100 ::: 555 0101\n",
        Format::Csv,
    );
    let ada = &rows[0].1;
    assert!(ada.emails.is_empty() && ada.phones.is_empty());
    assert_eq!(
        (custom(ada, "Email"), custom(ada, "Phone")),
        (Some("n/a"), Some("unknown"))
    );
    let bea = &rows[1].1;
    assert_eq!((bea.emails.len(), bea.phones.len()), (2, 2));
}

#[test]
fn a_google_file_read_as_generic_csv_keeps_its_numbered_groups() {
    let bytes = fixture("google.csv");
    let rows = people(&bytes, Format::Csv);
    assert_eq!(rows[0].1.emails.len(), 3);
    assert_eq!(rows[0].1.phones.len(), 3);
    assert_eq!(rows[0].1.addresses.len(), 1);
}
