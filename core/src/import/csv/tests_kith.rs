//! Kith's own CSV: what the exporter writes reads back without loss, for any contact.

use std::io::Cursor;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::{detect, read};
use crate::export::csv::{write_header, write_row, HEADER};

use crate::birthday::Birthday;
use crate::contacts::{
    Address, Background, Contact, ContactStatus, CustomField, Email, Phone, SocialLink,
};
use crate::ids::ContactId;
use crate::import::model::{Draft, Format};
use crate::time::Timestamp;

fn write(contacts: &[Contact]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    write_header(&mut w).expect("header");
    for c in contacts {
        write_row(&mut w, c).expect("row");
    }
    w.into_inner().expect("flush")
}

fn read_back(bytes: &[u8]) -> Vec<Draft> {
    assert_eq!(detect(bytes), Some(Format::Csv));
    read(Cursor::new(bytes.to_vec()), Format::Csv, None)
        .expect("header")
        .map(|r| {
            let mut r = r.expect("row");
            assert_eq!(r.people.len(), 1);
            r.people.remove(0)
        })
        .collect()
}

/// Text that CSV and JSON must both carry: delimiters, quotes, line ends, right-to-left
/// scripts, emoji (with joiners), Google's separator.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(";".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just(" ::: ".to_string()),
        Just("שלום".to_string()),
        Just("مرحبا".to_string()),
        Just("\u{202E}abc".to_string()),
        Just("😀".to_string()),
        Just("👨‍👩‍👧".to_string()),
        "[a-zA-Z0-9@.+-]{1,8}",
        "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

fn some_text() -> impl Strategy<Value = String> {
    text().prop_filter("not empty", |s| !s.is_empty())
}

fn opt() -> impl Strategy<Value = Option<String>> {
    prop::option::of(some_text())
}

fn contact() -> impl Strategy<Value = Contact> {
    let birthday = prop_oneof![
        (1900i32..2100, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).map(Birthday::Full)),
        (1u32..13, 1u32..29).prop_map(|(month, day)| Some(Birthday::Yearless { month, day })),
        Just(None),
    ];
    let email = (text(), some_text()).prop_map(|(label, value)| Email { label, value });
    let phone =
        (text(), some_text(), opt()).prop_map(|(label, value, e164)| Phone { label, value, e164 });
    let link = (text(), some_text()).prop_map(|(label, url)| SocialLink { label, url });
    let address = (text(), opt(), opt(), opt(), opt(), opt()).prop_map(
        |(label, street, city, region, postal_code, country)| Address {
            label,
            street,
            city,
            region,
            postal_code,
            country,
        },
    );
    let field = (some_text(), text()).prop_map(|(key, value)| CustomField { key, value });
    let background = (text(), text(), text(), text(), text()).prop_map(
        |(family, company, likes, dislikes, misc)| Background {
            family,
            company,
            likes,
            dislikes,
            misc,
        },
    );
    let time = 0i64..4_000_000_000_000;
    let lists = (
        prop::collection::vec(email, 0..3),
        prop::collection::vec(phone, 0..3),
        prop::collection::vec(link, 0..3),
        prop::collection::vec(address, 0..3),
        prop::collection::vec(some_text(), 0..4),
        prop::collection::vec(field, 0..4),
    );
    let scalars = (
        any::<u128>(),
        some_text(),
        opt(),
        birthday,
        (opt(), opt(), opt(), opt()),
        0usize..3,
        any::<bool>(),
        opt(),
        prop::option::of(1u32..400),
    );
    let times = (
        time.clone(),
        time.clone(),
        prop::option::of(time.clone()),
        prop::option::of(time),
    );
    (scalars, lists, background, times).prop_map(
        |(
            (
                id,
                name,
                relationship,
                birthday,
                (industry, location, company, title),
                status,
                vip,
                preferred_channel,
                keep,
            ),
            lists,
            background,
            times,
        )| Contact {
            id: ContactId(uuid::Uuid::from_u128(id)),
            name,
            relationship,
            birthday,
            industry,
            location,
            company,
            title,
            status: [
                ContactStatus::Active,
                ContactStatus::Inactive,
                ContactStatus::Archived,
            ][status],
            vip,
            emails: lists.0,
            phones: lists.1,
            social_links: lists.2,
            preferred_channel,
            addresses: lists.3,
            tags: lists.4,
            keep_in_touch_days: keep,
            background,
            custom_fields: lists.5,
            created_at: Timestamp(times.0),
            updated_at: Timestamp(times.1),
            last_contacted_at: times.2.map(Timestamp),
            deleted_at: times.3.map(Timestamp),
        },
    )
}

/// Every field of the contact is in the draft read back from its CSV row.
fn assert_lossless(c: &Contact, d: &Draft) {
    assert_eq!(d.name.as_deref(), Some(c.name.as_str()));
    assert_eq!(
        (&d.relationship, &d.industry, &d.location),
        (&c.relationship, &c.industry, &c.location)
    );
    assert_eq!(
        (&d.company, &d.title, d.birthday),
        (&c.company, &c.title, c.birthday)
    );
    assert_eq!(d.emails, c.emails);
    assert_eq!(d.phones, c.phones);
    assert_eq!(d.social_links, c.social_links);
    assert_eq!(d.addresses, c.addresses);
    assert_eq!(d.tags, c.tags);
    assert_eq!(d.notes, None, "the misc notes are the background's");
    assert_eq!(d.background, c.background);
    assert_eq!(d.id, Some(c.id));
    assert_eq!((d.status, d.vip), (Some(c.status), Some(c.vip)));
    assert_eq!(d.preferred_channel, c.preferred_channel);
    assert_eq!(d.keep_in_touch_days, c.keep_in_touch_days);
    // The exporting database's times are bookkeeping, not imported.
    assert_eq!(d.custom_fields, c.custom_fields);
}

#[test]
fn a_contact_is_written_readably_and_read_back() {
    let c = Contact {
        id: ContactId(uuid::Uuid::from_u128(7)),
        name: "Ada Lovelace".into(),
        relationship: None,
        birthday: Birthday::parse("--12-10", "b").ok(),
        industry: None,
        location: Some("London".into()),
        company: None,
        title: None,
        status: ContactStatus::Active,
        vip: true,
        emails: vec![Email {
            label: "work".into(),
            value: "ada@example.com".into(),
        }],
        phones: vec![],
        social_links: vec![],
        preferred_channel: None,
        addresses: vec![],
        tags: vec!["math".into(), "a, b".into()],
        keep_in_touch_days: Some(30),
        background: Background::default(),
        custom_fields: vec![],
        created_at: Timestamp(0),
        updated_at: Timestamp(1),
        last_contacted_at: None,
        deleted_at: None,
    };
    let bytes = write(std::slice::from_ref(&c));
    let text = String::from_utf8_lossy(&bytes);
    let row = text.lines().nth(1).unwrap_or_default();
    assert!(
        row.starts_with(
            "00000000-0000-0000-0000-000000000007,Ada Lovelace,,--12-10,,London,,,active,true,,30,"
        ),
        "{row}"
    );
    assert!(
        row.contains(r#""[{""label"":""work"",""value"":""ada@example.com""}]""#),
        "{row}"
    );
    assert!(row.contains(r#""[""math"",""a, b""]""#), "{row}");
    assert!(
        row.ends_with(",1970-01-01T00:00:00.000Z,1970-01-01T00:00:00.001Z,,"),
        "{row}"
    );
    assert_lossless(&c, &read_back(&bytes)[0]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_contacts_read_back_without_loss(contacts in prop::collection::vec(contact(), 1..4)) {
        let drafts = read_back(&write(&contacts));
        prop_assert_eq!(drafts.len(), contacts.len());
        for (c, d) in contacts.iter().zip(&drafts) {
            assert_lossless(c, d);
        }
    }
}

#[test]
fn kith_csv_with_a_broken_cell_is_a_row_error_and_reading_goes_on() {
    let mut file = HEADER.join(",") + "\n";
    let row = |emails: &str, vip: &str| {
        let mut cells = vec![String::new(); HEADER.len()];
        cells[0] = "0190a8e4-7a7e-7cc2-8b1e-3c1f0e4b5a6d".into();
        cells[1] = "Ada".into();
        cells[9] = vip.into();
        cells[12] = emails.into();
        cells.join(",") + "\n"
    };
    file += &row(
        "\"[{\"\"label\"\":\"\"\"\",\"\"value\"\":\"\"a@x.org\"\"}]\"",
        "true",
    );
    file += &row("[not json", "true");
    file += &row("", "maybe");
    file += &row("", "false");
    let items: Vec<_> = read(Cursor::new(file.into_bytes()), Format::Csv, None)
        .map(Iterator::collect::<Vec<_>>)
        .unwrap_or_default();
    assert_eq!(items.len(), 4);
    let ok = items[0].as_ref().ok().map(|r| &r.people[0]);
    assert_eq!(ok.map(|d| d.emails[0].value.as_str()), Some("a@x.org"));
    let errors: Vec<_> = items
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| (e.row, e.column.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (2, Some("emails".to_string())),
            (3, Some("vip".to_string()))
        ]
    );
    assert!(items[2]
        .as_ref()
        .err()
        .is_some_and(|e| e.message == "row 3, column vip: 'maybe' is not true or false"));
    assert!(items[3].is_ok());
}
