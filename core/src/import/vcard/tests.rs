//! The reader against hand-written fixtures for each vCard version, malformed cards, and the
//! corpus of files real address books wrote (`shared/fixtures/vcard-clients`).

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::read;
use crate::birthday::Birthday;
use crate::contacts::{Address, CustomField, Email, Phone, SocialLink};
use crate::import::model::{Draft, Format, RowError};

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vcard");
const CLIENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/fixtures/vcard-clients"
);

fn read_bytes(bytes: &[u8]) -> Vec<Result<Draft, RowError>> {
    read(bytes)
        .map(|r| {
            r.map(|mut record| {
                assert_eq!(record.people.len(), 1);
                assert!(!record.linked);
                record.people.remove(0)
            })
        })
        .collect()
}

fn read_file(dir: &str, name: &str) -> Vec<Draft> {
    let path = Path::new(dir).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_bytes(&bytes)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e:?}")))
        .collect()
}

fn email(label: &str, value: &str) -> Email {
    Email {
        label: label.into(),
        value: value.into(),
    }
}

fn phone(label: &str, value: &str) -> Phone {
    Phone {
        label: label.into(),
        value: value.into(),
        e164: None,
    }
}

fn link(label: &str, url: &str) -> SocialLink {
    SocialLink {
        label: label.into(),
        url: url.into(),
    }
}

fn custom(d: &Draft, key: &str) -> Vec<String> {
    d.custom_fields
        .iter()
        .filter(|f| f.key == key)
        .map(|f| f.value.clone())
        .collect()
}

fn full(y: i32, m: u32, d: u32) -> Option<Birthday> {
    NaiveDate::from_ymd_opt(y, m, d).map(Birthday::Full)
}

#[test]
fn vcard_21_quoted_printable_charsets_and_bare_types() {
    let cards = read_file(OWN, "v21.vcf");
    assert_eq!(cards.len(), 2);
    let d = &cards[0];
    assert_eq!(d.name.as_deref(), Some("Dr. Jürgen Müller"));
    assert_eq!(d.company.as_deref(), Some("Acme GmbH"));
    assert_eq!(custom(d, "ORG-UNIT"), ["Research", "Lab 3"]);
    assert_eq!(d.title.as_deref(), Some("Head of R&D € budget"));
    assert_eq!(
        d.phones,
        [
            phone("work", "+49 30 1234567"),
            phone("mobile", "+49 170 7654321"),
            phone("home fax", "+49 30 7654321")
        ]
    );
    assert_eq!(d.emails, [email("", "juergen@example.de")]);
    assert_eq!(
        d.addresses,
        [Address {
            label: "work".into(),
            street: Some("Gebäude 2\nHauptstraße 1".into()),
            city: Some("Berlin".into()),
            region: None,
            postal_code: Some("10115".into()),
            country: Some("Deutschland".into()),
        }]
    );
    assert_eq!(
        d.notes.as_deref(),
        Some("First line\nSecond line is long and is broken with a soft line break\n")
    );
    assert_eq!(d.birthday, full(1985, 4, 12));
    assert_eq!(custom(d, "PHOTO"), ["(photo, 90 bytes, image/jpeg)"]);
    assert_eq!(custom(d, "X-MS-OL-DEFAULT-POSTAL-ADDRESS"), ["2"]);
    let jane = &cards[1];
    assert_eq!(jane.name.as_deref(), Some("Jane Doe"));
    assert_eq!(jane.emails, [email("home", "jane@example.com")]);
    assert_eq!(jane.social_links, [link("work", "http://example.com/jane")]);
}

#[test]
fn vcard_30_item_groups_labels_and_folded_lines() {
    let cards = read_file(OWN, "v30.vcf");
    assert_eq!(cards.len(), 2);
    let d = &cards[0];
    assert_eq!(d.name.as_deref(), Some("Aiko Nakamura"));
    assert_eq!(d.company.as_deref(), Some("Example, Inc."));
    assert_eq!(d.title.as_deref(), Some("Principal Engineer"));
    assert_eq!(
        d.emails,
        [
            email("work", "aiko@example.com"),
            email("other", "aiko.side@example.org"),
            email("Chess club", "aiko@chess.example"),
        ]
    );
    assert_eq!(
        d.phones,
        [
            phone("mobile", "+81 90 1234 5678"),
            phone("work fax", "+81 3 1234 5678"),
            phone("Grandma's", "+81 3 8765 4321")
        ]
    );
    assert_eq!(d.addresses.len(), 1);
    assert_eq!(d.addresses[0].label, "home");
    assert_eq!(
        d.addresses[0].street.as_deref(),
        Some("1-2-3 Shibuya\nApt 4")
    );
    assert_eq!(d.addresses[0].postal_code.as_deref(), Some("150-0002"));
    assert_eq!(
        d.social_links,
        [
            link("homepage", "https://aiko.example"),
            link("twitter", "https://twitter.com/aiko"),
            link("github", "aikon"),
        ]
    );
    assert_eq!(d.birthday, Some(Birthday::Yearless { month: 4, day: 12 }));
    assert_eq!(
        d.notes.as_deref(),
        Some("Met at the 2019 conference, Kyoto.\nLikes go (the game); hates karaoke.")
    );
    assert_eq!(d.tags, ["Friends", "Work, past", "Chess"]);
    let keys: Vec<&str> = d.custom_fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "NICKNAME",
            "X-ABADR",
            "X-ABDATE (anniversary)",
            "X-ABRELATEDNAMES (spouse)",
            "PHOTO",
            "UID"
        ]
    );
    assert_eq!(custom(d, "X-ABRELATEDNAMES (spouse)"), ["Kenji"]);
    assert_eq!(custom(d, "PHOTO"), ["(photo, 90 bytes, image/jpeg)"]);
    assert_eq!(custom(d, "UID"), ["5D2C1F7E-3B8A-4E43-9B3E-0C2B1A6F9E11"]);
    assert_eq!(
        cards[1].birthday,
        Some(Birthday::Yearless { month: 4, day: 12 })
    );
    assert_eq!(cards[1].emails, [email("home", "noam@example.co.il")]);
}

#[test]
fn vcard_40_uris_quoted_types_and_right_to_left_text() {
    let cards = read_file(OWN, "v40.vcf");
    let d = &cards[0];
    assert_eq!(d.name.as_deref(), Some("שרה כהן 😀"));
    assert_eq!(d.birthday, full(1990, 2, 28));
    assert_eq!(
        d.phones,
        [
            phone("work", "+972-3-555-0101;ext=12"),
            phone("home mobile", "+972-50-555-0102")
        ]
    );
    assert_eq!(d.emails, [email("work", "sarah@example.co.il")]);
    assert_eq!(d.addresses[0].street.as_deref(), Some("Herzl 1"));
    assert_eq!(d.addresses[0].country.as_deref(), Some("Israel"));
    assert_eq!(d.company.as_deref(), Some("Example Ltd."));
    assert_eq!(
        d.title.as_deref(),
        Some("Researcher"),
        "ROLE stands in for a missing TITLE"
    );
    assert_eq!(
        d.social_links,
        [link("work", "https://example.co.il/sarah")]
    );
    assert_eq!(d.tags, ["משפחה", "🎾 tennis"]);
    assert_eq!(d.notes.as_deref(), Some("שלום, עולם 🌍"));
    assert_eq!(
        d.custom_fields,
        [
            ("KIND", "individual"),
            ("GENDER", "F"),
            ("ANNIVERSARY", "20150620"),
            ("PHOTO", "(photo, 70 bytes, image/png)"),
            ("IMPP", "xmpp:sarah@example.co.il"),
            ("BDAY", "circa 1990"),
        ]
        .map(|(key, value)| CustomField {
            key: key.into(),
            value: value.into()
        })
    );
}

#[test]
fn malformed_cards_are_reported_by_number_and_the_rest_still_import() {
    let bytes = std::fs::read(Path::new(OWN).join("malformed.vcf")).expect("fixture");
    let results = read_bytes(&bytes);
    let summary: Vec<(usize, Result<String, String>)> = results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r
                .as_ref()
                .map(|d| d.name.clone().unwrap_or_default())
                .map_err(|e| e.message.clone());
            (i + 1, r)
        })
        .collect();
    let ok = |row: usize, name: &str| (row, Ok(name.to_string()));
    assert_eq!(summary.len(), 9, "{summary:#?}");
    assert_eq!(summary[0], ok(1, "One Good"));
    assert_eq!(summary[2], ok(3, "Three Good"));
    assert_eq!(summary[5], ok(6, "Six Good"));
    assert_eq!(summary[7], ok(8, "Eight Good"));
    let err = |i: usize| results[i].as_ref().expect_err("a malformed card");
    assert_eq!(err(1).row, 2);
    assert!(
        err(1)
            .message
            .contains("begins on line 6 has no END:VCARD before the next card on line 9"),
        "{:?}",
        err(1)
    );
    // A line that is not a property costs that line, kept as written, not the card.
    assert_eq!(summary[3], ok(4, "Four Broken"));
    let four = results[3].as_ref().expect("card 4 reads");
    assert_eq!(
        custom(four, "unreadable vCard line"),
        vec!["this line is not a property"]
    );
    assert_eq!(err(4).row, 5);
    assert!(
        err(4).message.contains("line 18 is outside any card"),
        "{:?}",
        err(4)
    );
    // 8-bit text with no CHARSET is read as Windows-1252, not refused.
    assert_eq!(summary[6], ok(7, "Seven é"));
    let warnings: Vec<RowError> = read(&bytes[..])
        .filter_map(Result::ok)
        .flat_map(|r| r.warnings)
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert_eq!(warnings[0].row, 4);
    assert!(
        warnings[0]
            .message
            .contains("line 16 is not a vCard property")
            && warnings[0].message.contains("unreadable vCard line"),
        "{:?}",
        warnings[0]
    );
    assert_eq!(warnings[1].row, 7);
    assert_eq!(warnings[1].column.as_deref(), Some("FN"));
    assert!(
        warnings[1].message.contains("not UTF-8") && warnings[1].message.contains("Windows-1252"),
        "{:?}",
        warnings[1]
    );
    assert_eq!(err(8).row, 9);
    assert!(
        err(8)
            .message
            .contains("no END:VCARD before the end of the file"),
        "{:?}",
        err(8)
    );
    // Records carry their card number.
    let rows: Vec<usize> = read(&bytes[..])
        .map(|r| r.map_or_else(|e| e.row, |s| s.row))
        .collect();
    assert_eq!(rows, (1..=9).collect::<Vec<_>>());
}

#[test]
fn io_errors_and_utf16_files_do_not_panic() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let results: Vec<_> = read(std::io::BufReader::new(Failing)).collect();
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(e) if e.message.contains("disk on fire")));

    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ünal\r\nEND:VCARD\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let cards = read_bytes(&utf16);
    assert_eq!(cards.len(), 1);
    // Recognised as a vCard without --format, in either byte order.
    assert_eq!(crate::import::detect(&utf16), Some(Format::Vcard));
    let mut big_endian = vec![0xFE, 0xFF];
    big_endian.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(crate::import::detect(&big_endian), Some(Format::Vcard));
    assert_eq!(
        cards[0].as_ref().ok().and_then(|d| d.name.as_deref()),
        Some("Zoë Ünal")
    );
}

#[test]
fn every_real_client_file_imports_without_errors() {
    let mut files: Vec<_> = std::fs::read_dir(CLIENTS)
        .unwrap_or_else(|e| panic!("{CLIENTS}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "vcf"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 18,
        "expected the whole corpus, found {files:?}"
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let results = read_bytes(&bytes);
        assert!(!results.is_empty(), "{}: no cards", path.display());
        for (i, r) in results.iter().enumerate() {
            match r {
                Ok(d) => assert!(
                    d.is_identifiable(),
                    "{} card {}: {d:?}",
                    path.display(),
                    i + 1
                ),
                Err(e) => panic!("{}: {e:?}", path.display()),
            }
        }
    }
}

#[test]
fn real_clients_specific_values() {
    let iphone = read_file(CLIENTS, "John_Doe_IPHONE.vcf");
    let d = &iphone[0];
    assert_eq!(d.name.as_deref(), Some("Mr. John Richter James Doe Sr."));
    assert_eq!(d.emails, [email("", "john.doe@ibm.com")]);
    assert_eq!(d.phones[0], phone("mobile", "905-555-1234"));
    assert_eq!(d.phones[3], phone("home fax", "905-888-1234"));
    assert_eq!(d.phones[6], phone("assistant", "905-222-1234"));
    assert_eq!(d.birthday, full(2012, 6, 6));
    assert_eq!(d.company.as_deref(), Some("IBM"));
    assert_eq!(d.social_links, [link("homepage", "http://www.ibm.com")]);
    assert_eq!(
        d.addresses[1].street.as_deref(),
        Some("Street4\nBuilding 6\nFloor 8")
    );
    assert!(
        custom(d, "PHOTO")[0].starts_with("(photo, "),
        "{:?}",
        custom(d, "PHOTO")
    );

    let gmail = read_file(CLIENTS, "gmail-single.vcf");
    let d = &gmail[0];
    assert_eq!(d.name.as_deref(), Some("Greg Dartmouth"));
    assert_eq!(d.emails, [email("", "gdartmouth@hotmail.com")]);
    assert_eq!(
        d.phones,
        [
            phone("mobile", "555 555 1111"),
            phone("GRAND_CENTRAL", "555 555 2222")
        ]
    );
    assert_eq!(d.birthday, full(1960, 9, 10));
    assert_eq!(
        d.addresses[0].street.as_deref(),
        Some("123 Home St\nHome City, HM 12345")
    );
    assert_eq!(d.addresses[1].label, "CustomAdrType");
    assert_eq!(d.social_links, [link("PROFILE", "http://TheProfile.com")]);
    assert_eq!(
        custom(d, "X-ABRELATEDNAMES (CustomRelationship)"),
        ["MyCustom"]
    );
    assert!(d
        .notes
        .as_deref()
        .is_some_and(|n| n.ends_with("ACustomField: CustomField")));

    let rfc = read_file(CLIENTS, "rfc6350-example.vcf");
    let d = &rfc[0];
    assert_eq!(d.name.as_deref(), Some("Simon Perreault"));
    assert_eq!(d.birthday, Some(Birthday::Yearless { month: 2, day: 3 }));
    assert_eq!(d.emails, [email("work", "simon.perreault@viagenie.ca")]);
    assert_eq!(
        d.phones,
        [
            phone("work", "+1-418-656-9254;ext=102"),
            phone("work mobile", "+1-418-262-6501")
        ]
    );
    assert_eq!(
        d.addresses[0].street.as_deref(),
        Some("Suite D2-630\n2875 Laurier")
    );
    assert_eq!(d.addresses[0].city.as_deref(), Some("Quebec"));
    assert_eq!(d.company.as_deref(), Some("Viagenie"));

    let rfc2426 = read_file(CLIENTS, "rfc2426-example.vcf");
    assert_eq!(rfc2426.len(), 2);
    assert_eq!(
        rfc2426[1].addresses[0].postal_code.as_deref(),
        Some("94043")
    );
    assert_eq!(rfc2426[0].emails[0], email("", "Frank_Dawson@Lotus.com"));

    let outlook = read_file(CLIENTS, "outlook-2003.vcf");
    let d = &outlook[0];
    assert_eq!(d.name.as_deref(), Some("John Doe III"));
    assert_eq!(d.birthday, full(1980, 3, 21));
    assert_eq!(d.title.as_deref(), Some("The Job Title"));
    assert_eq!(custom(d, "ROLE"), ["TheProfession"]);
    assert_eq!(
        d.notes.as_deref(),
        Some("This is the note field!!\nSecond line\n\nThird line is empty\n")
    );
    assert_eq!(
        custom(d, "TEL"),
        [
            "BusinessPhone",
            "HomePhone",
            "MobilePhone",
            "BusinessFaxPhone"
        ]
    );
    assert!(
        custom(d, "KEY")[0].starts_with("(key, "),
        "{:?}",
        custom(d, "KEY")
    );

    let android = read_file(CLIENTS, "John_Doe_ANDROID.vcf");
    assert_eq!(android[0].emails, [email("", "john.doe@company.com")]);
    assert_eq!(android[2].name.as_deref(), Some("Ñ Ñ Ñ Ñ Ñ"));
    assert_eq!(android[0].tags, ["My Contacts"]);
}

#[test]
fn a_nickname_or_an_im_handle_is_enough_to_be_a_person() {
    let cards = read_bytes(
        concat!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nNICKNAME:Bubbles,B\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\r\nVERSION:4.0\r\nIMPP;TYPE=home:xmpp:ada@jabber.example\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nX-SKYPE:ada.lovelace\r\nNOTE:hi\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:only a note\r\nEND:VCARD\r\n",
        )
        .as_bytes(),
    );
    let names: Vec<Option<&str>> = cards
        .iter()
        .map(|c| c.as_ref().expect("reads").name.as_deref())
        .collect();
    assert_eq!(
        names,
        [
            Some("Bubbles"),
            Some("ada@jabber.example"),
            Some("ada.lovelace"),
            None
        ]
    );
    // The handle itself is kept where it was.
    let nick = cards[0].as_ref().expect("reads");
    assert_eq!(custom(nick, "NICKNAME"), ["Bubbles,B"]);
    assert!(nick.is_identifiable());
    assert!(!cards[3].as_ref().expect("reads").is_identifiable());
}

#[test]
fn quoted_printable_notes_folded_after_a_soft_break_read_as_written() {
    let cards = read_bytes(
        concat!(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jo\r\n",
            "NOTE;ENCODING=QUOTED-PRINTABLE:Now is the time for all good men to come=\r\n",
            " to the aid of their country.\r\n",
            "END:VCARD\r\n"
        )
        .as_bytes(),
    );
    let jo = cards[0].as_ref().expect("reads");
    assert_eq!(
        jo.notes.as_deref(),
        Some("Now is the time for all good men to come to the aid of their country.")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the bytes, reading never panics, numbers records 1, 2, 3… and ends.
    #[test]
    fn any_bytes_read_without_panicking(pieces in prop::collection::vec(
        prop_oneof![
            Just(b"BEGIN:VCARD\r\n".to_vec()),
            Just(b"END:VCARD\r\n".to_vec()),
            Just(b"VERSION:2.1\n".to_vec()),
            Just(b"N;ENCODING=QUOTED-PRINTABLE;CHARSET=x:=C3=\r\n".to_vec()),
            Just(b"PHOTO;BASE64:\r\n QUJD\r\n\r\n".to_vec()),
            Just(b"item1.X-ABLabel:_$!<\r\n".to_vec()),
            Just(b"BDAY:--\r\n ".to_vec()),
            Just(b"ADR;TYPE=\"a:;\\".to_vec()),
            prop::collection::vec(any::<u8>(), 0..12),
        ],
        0..24,
    )) {
        let bytes = pieces.concat();
        let rows: Vec<usize> =
            read(&bytes[..]).map(|r| r.map_or_else(|e| e.row, |s| s.row)).collect();
        prop_assert_eq!(rows.clone(), (1..=rows.len()).collect::<Vec<_>>());
    }
}
