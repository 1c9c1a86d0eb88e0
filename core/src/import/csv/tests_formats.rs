//! Each flavour on its own fixture.

use std::io::Cursor;

use super::tests::{custom, fixture, people, records};
use super::*;
use crate::contacts::{Address, Email, Phone, SocialLink};

#[test]
fn google_contacts_groups_labels_and_yearless_birthdays() {
    let bytes = fixture("google.csv");
    assert_eq!(detect(&bytes), Some(Format::Google));
    let rows = people(&bytes, Format::Google);
    assert_eq!(rows.iter().map(|(r, _)| *r).collect::<Vec<_>>(), [1, 2, 3]);
    let ada = &rows[0].1;
    assert_eq!(ada.name.as_deref(), Some("Ada King Lovelace"));
    assert_eq!(
        ada.birthday.map(|b| b.to_string()).as_deref(),
        Some("--12-10")
    );
    assert_eq!(
        (ada.company.as_deref(), ada.title.as_deref()),
        (Some("Analytical Engines Ltd"), Some("Mathematician"))
    );
    assert_eq!(ada.tags, ["Friends", "Math, Logic"]);
    assert_eq!(
        custom(ada, "Labels"),
        Some("* myContacts"),
        "the system label is kept, not a tag"
    );
    let email = |label: &str, value: &str| Email {
        label: label.into(),
        value: value.into(),
    };
    assert_eq!(
        ada.emails,
        [
            email("work", "ada@example.com"),
            email("work", "ada.l@example.org"),
            email("home", "ada.home@example.net")
        ]
    );
    let phone = |label: &str, value: &str| Phone {
        label: label.into(),
        value: value.into(),
        e164: None,
    };
    assert_eq!(
        ada.phones,
        [
            phone("mobile", "+44 20 7946 0958"),
            phone("work", "020 7946 0000"),
            phone("work", "020 7946 0001")
        ]
    );
    assert_eq!(
        ada.addresses,
        [Address {
            label: "home".into(),
            street: Some("12 St James's Square".into()),
            city: Some("London".into()),
            postal_code: Some("SW1Y 4JH".into()),
            country: Some("GB".into()),
            region: None,
        }]
    );
    assert_eq!(
        custom(ada, "Address 1 - Formatted"),
        None,
        "the formatted address says nothing more"
    );
    assert_eq!(
        ada.social_links,
        [SocialLink {
            label: "blog".into(),
            url: "https://ada.example.com".into()
        }]
    );
    assert_eq!(
        custom(ada, "Anniversary"),
        Some("1835-07-08"),
        "keyed by its label"
    );
    assert_eq!(custom(ada, "Favourite number"), Some("1.5"));
    assert_eq!(
        ada.notes.as_deref(),
        Some("Met at the \"engine\" demo,\nsecond line")
    );
    for (key, value) in [
        ("Name Prefix", "Dr."),
        ("Nickname", "Countess"),
        ("File As", "Lovelace, Ada"),
        ("Organization Department", "Research"),
    ] {
        assert_eq!(custom(ada, key), Some(value));
    }

    let charles = &rows[1].1;
    assert!(charles.tags.is_empty());
    assert_eq!(
        custom(charles, "Labels"),
        Some("* myContacts ::: * starred")
    );
    assert_eq!(
        charles.birthday.map(|b| b.to_string()).as_deref(),
        Some("1791-12-26")
    );
    assert_eq!(
        charles.addresses[0].street.as_deref(),
        Some("1 Dorset Street, London"),
        "formatted only: the street"
    );
    assert_eq!(charles.addresses[0].label, "work");
    assert_eq!(custom(charles, "Address 1 - PO Box"), Some("PO Box 7"));
    assert_eq!(
        custom(charles, "Custom Field 1 - Value"),
        Some("born in London"),
        "no label: keyed by the header"
    );
    assert_eq!(
        custom(charles, "Photo"),
        Some("https://photos.example.com/c.jpg")
    );

    assert!(!rows[2].1.is_identifiable());
    assert_eq!(custom(&rows[2].1, "Nickname"), Some("Nobody"));
}

#[test]
fn outlook_in_windows_1252_with_its_placeholders() {
    let bytes = fixture("outlook.csv");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is Windows-1252"
    );
    assert_eq!(detect(&bytes), Some(Format::Outlook));
    let rows = people(&bytes, Format::Outlook);
    assert_eq!(rows.len(), 2, "the empty Outlook contact is not a row");
    let zoe = &rows[0].1;
    assert_eq!(zoe.name.as_deref(), Some("Zoë Brontë"));
    assert_eq!(
        custom(zoe, "Title"),
        Some("Ms."),
        "Outlook's Title is the honorific"
    );
    assert_eq!(zoe.title.as_deref(), Some("Chef"));
    assert_eq!(zoe.company.as_deref(), Some("Café Crème SA"));
    assert_eq!(
        zoe.birthday.map(|b| b.to_string()).as_deref(),
        Some("1990-03-04")
    );
    assert_eq!(zoe.tags, ["Business", "Personal"]);
    assert_eq!(
        zoe.emails
            .iter()
            .map(|e| e.value.as_str())
            .collect::<Vec<_>>(),
        ["zoe@example.com", "zb@example.org"]
    );
    assert_eq!(
        zoe.phones
            .iter()
            .map(|p| (p.label.as_str(), p.value.as_str()))
            .collect::<Vec<_>>(),
        [("mobile", "(555) 010-2000"), ("work", "555-010-3000")]
    );
    assert_eq!(zoe.addresses.len(), 1);
    assert_eq!(
        (
            zoe.addresses[0].label.as_str(),
            zoe.addresses[0].city.as_deref()
        ),
        ("home", Some("Paris"))
    );
    assert_eq!(custom(zoe, "Home Address"), None);
    assert_eq!(
        custom(zoe, "Gender"),
        Some("Female"),
        "a set gender is kept"
    );
    assert_eq!(custom(zoe, "Spouse"), Some("René"));
    for placeholder in ["Sensitivity", "Priority", "Private", "Anniversary"] {
        assert_eq!(custom(zoe, placeholder), None, "{placeholder}");
    }
    assert_eq!(zoe.notes.as_deref(), Some("Likes crème brûlée"));

    let ralph = &rows[1].1;
    assert_eq!(ralph.birthday, None);
    assert_eq!(
        custom(ralph, "Birthday"),
        Some("25/12/1990"),
        "not a US date: kept as written"
    );
    assert_eq!(
        ralph.social_links,
        [SocialLink {
            label: "website".into(),
            url: "http://ralph.example.com".into()
        }]
    );
    assert_eq!(
        ralph
            .phones
            .iter()
            .map(|p| p.label.as_str())
            .collect::<Vec<_>>(),
        ["home", "car"]
    );
}

#[test]
fn linkedin_connections_skip_the_preamble() {
    let bytes = fixture("linkedin_connections.csv");
    assert_eq!(detect(&bytes), Some(Format::Linkedin));
    assert_eq!(
        detect(&bytes[..120]),
        Some(Format::Linkedin),
        "the header past the head"
    );
    let rows = people(&bytes, Format::Linkedin);
    assert_eq!(
        rows.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
        [1, 2],
        "the preamble is not counted"
    );
    let grace = &rows[0].1;
    assert_eq!(grace.name.as_deref(), Some("Grace Hopper"));
    assert_eq!(
        grace.social_links,
        [SocialLink {
            label: "linkedin".into(),
            url: "https://www.linkedin.com/in/grace-example".into()
        }]
    );
    assert_eq!(
        (grace.company.as_deref(), grace.title.as_deref()),
        (Some("Navy, US"), Some("Rear Admiral"))
    );
    assert_eq!(custom(grace, "Connected On"), Some("12 Mar 2024"));
    assert_eq!(grace.emails[0].value, "grace@example.com");
    assert!(rows[1].1.emails.is_empty());
    let err = read(
        Cursor::new(b"Notes:\nnothing here\n".to_vec()),
        Format::Linkedin,
        None,
    )
    .err()
    .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("no LinkedIn connections header")));
}

#[test]
fn propertyradar_rows_name_linked_owners_with_the_property() {
    let bytes = fixture("propertyradar.csv");
    let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    assert_eq!(header.split(|&b| b == b',').count(), 39);
    assert_eq!(detect(&bytes), Some(Format::Propertyradar));
    let recs = records(&bytes, Format::Propertyradar);
    assert_eq!(
        recs.iter()
            .map(|r| (r.row, r.people.len(), r.linked))
            .collect::<Vec<_>>(),
        [(1, 2, true), (2, 1, true), (3, 1, true)]
    );

    let [john, jane] = [&recs[0].people[0], &recs[0].people[1]];
    assert_eq!(
        (john.name.as_deref(), jane.name.as_deref()),
        (Some("JOHN DOE"), Some("JANE DOE"))
    );
    assert_eq!(
        john.phones,
        [Phone {
            label: "mobile".into(),
            value: "555-010-1001".into(),
            e164: None
        }]
    );
    assert_eq!(john.emails[0].value, "john.doe@example.com");
    assert!(jane.emails.is_empty());
    let property = Address {
        label: "property".into(),
        street: Some("100 Example Ave".into()),
        city: Some("Springfield".into()),
        postal_code: Some("01001".into()),
        region: None,
        country: None,
    };
    let mailing = Address {
        label: "mailing".into(),
        region: Some("MA".into()),
        ..property.clone()
    };
    assert_eq!(john.addresses, [property.clone(), mailing.clone()]);
    assert_eq!(jane.addresses, john.addresses);
    for who in [john, jane] {
        for (key, value) in [
            ("APN", "SPR-001-0001"),
            ("Est Value", "767509"),
            ("Yr Built", "1954"),
            ("Owner Occ?", "1"),
            ("Owner", "DOE,JOHN & JANE"),
            ("Est Equity $", "402357"),
        ] {
            assert_eq!(custom(who, key), Some(value), "{key}");
        }
    }
    assert_eq!(custom(john, "Primary Mobile 1 Status"), Some("Active"));
    assert_eq!(custom(john, "Primary Email1 Hash"), Some("a1b2c3"));
    assert_eq!(custom(jane, "Secondary Mobile 1 Status"), Some("Inactive"));
    assert_eq!(
        custom(jane, "Primary Mobile 1 Status"),
        None,
        "each owner only their own columns"
    );

    let richard = &recs[1].people[0];
    assert_eq!(richard.addresses[1].street.as_deref(), Some("PO Box 9"));
    assert_eq!(custom(richard, "Listing Status"), Some("Active"));

    let again = &recs[2].people[0];
    assert_eq!(
        (again.name.as_deref(), again.phones[0].value.as_str()),
        (Some("JOHN DOE"), "555-010-1001")
    );
    assert_eq!(
        custom(again, "APN"),
        Some("SPR-001-0002"),
        "the second property's columns"
    );
}

#[test]
fn googles_primary_mark_puts_that_email_and_phone_first() {
    let csv = concat!(
        "First Name,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,",
        "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n",
        "Ada,Home,a@home.example,* Work,a@work.example ::: b@work.example,",
        "Home,+1 555 0100,* Mobile,+1 555 0199\n"
    );
    let rows = people(csv.as_bytes(), Format::Google);
    let ada = &rows[0].1;
    let emails: Vec<(&str, &str)> = ada
        .emails
        .iter()
        .map(|e| (e.label.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        emails,
        [
            ("work", "a@work.example"),
            ("work", "b@work.example"),
            ("home", "a@home.example")
        ]
    );
    let phones: Vec<&str> = ada.phones.iter().map(|p| p.value.as_str()).collect();
    assert_eq!(phones, ["+1 555 0199", "+1 555 0100"]);
}
