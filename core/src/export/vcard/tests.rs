//! The writer's contract: what [`write`] produces, [`crate::import::vcard::read`] maps back to
//! the same names, emails, phones, birthday, company, title, tags, addresses, social links,
//! notes and custom fields, and Kith's own fields (id, status, VIP, cadence, preferred channel,
//! background).

use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

use super::write;
use crate::birthday::Birthday;
use crate::contacts::{
    Address, Background, Contact, ContactStatus, CustomField, Email, Phone, SocialLink,
};
use crate::ids::ContactId;
use crate::import::model::Draft;
use crate::import::vcard::read;
use crate::time::Timestamp;

fn contact() -> Contact {
    Contact {
        id: ContactId(Uuid::from_u128(7)),
        name: String::new(),
        relationship: None,
        birthday: None,
        industry: None,
        location: None,
        company: None,
        title: None,
        status: ContactStatus::Active,
        vip: false,
        emails: Vec::new(),
        phones: Vec::new(),
        social_links: Vec::new(),
        preferred_channel: None,
        addresses: Vec::new(),
        tags: Vec::new(),
        keep_in_touch_days: None,
        background: Background::default(),
        custom_fields: Vec::new(),
        created_at: Timestamp(0),
        updated_at: Timestamp(1),
        last_contacted_at: None,
        deleted_at: None,
    }
}

fn card(c: &Contact) -> String {
    let mut out = Vec::new();
    write(&mut out, c).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("the writer writes UTF-8")
}

fn read_back(card: &str) -> Draft {
    let mut records: Vec<_> = read(card.as_bytes()).collect();
    assert_eq!(records.len(), 1, "{card}");
    let mut record = records
        .remove(0)
        .unwrap_or_else(|e| panic!("{e:?} in\n{card}"));
    assert_eq!(record.people.len(), 1);
    record.people.remove(0)
}

/// vCard has no way to carry a bare carriage return: every line break comes back as `\n`.
fn lines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(|s| lines(s.trim()))
        .filter(|s| !s.trim().is_empty())
}

/// What reading the card back must give: the contact's fields, trimmed where the importer trims
/// (and the store would have trimmed them anyway).
fn expected(c: &Contact) -> Draft {
    let addresses = c
        .addresses
        .iter()
        .map(|a| Address {
            label: lines(a.label.trim()),
            street: trimmed(&a.street),
            city: trimmed(&a.city),
            region: trimmed(&a.region),
            postal_code: trimmed(&a.postal_code),
            country: trimmed(&a.country),
        })
        .filter(|a| {
            a.street.is_some()
                || a.city.is_some()
                || a.region.is_some()
                || a.postal_code.is_some()
                || a.country.is_some()
        })
        .collect();
    let mut tags: Vec<String> = Vec::new();
    for t in c
        .tags
        .iter()
        .map(|t| lines(t.trim()))
        .filter(|t| !t.is_empty())
    {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    Draft {
        record_fields: Vec::new(),
        name: Some(lines(c.name.trim())),
        relationship: trimmed(&c.relationship),
        birthday: c.birthday,
        industry: trimmed(&c.industry),
        location: trimmed(&c.location),
        company: trimmed(&c.company),
        title: trimmed(&c.title),
        emails: c
            .emails
            .iter()
            .map(|e| Email {
                label: lines(&e.label),
                value: e.value.clone(),
            })
            .collect(),
        phones: c
            .phones
            .iter()
            .map(|p| Phone {
                label: lines(&p.label),
                value: lines(&p.value),
                e164: None,
            })
            .collect(),
        social_links: c
            .social_links
            .iter()
            .map(|s| SocialLink {
                label: lines(&s.label),
                url: lines(s.url.trim()),
            })
            .collect(),
        addresses,
        tags,
        notes: Some(lines(&c.background.misc)).filter(|n| !n.trim().is_empty()),
        custom_fields: c
            .custom_fields
            .iter()
            .map(|f| CustomField {
                key: lines(&f.key),
                value: lines(&f.value),
            })
            .collect(),
        id: Some(c.id),
        status: Some(c.status),
        vip: Some(c.vip),
        keep_in_touch_days: c.keep_in_touch_days,
        preferred_channel: trimmed(&c.preferred_channel),
        background: Background {
            family: block(&c.background.family),
            company: block(&c.background.company),
            likes: block(&c.background.likes),
            dislikes: block(&c.background.dislikes),
            misc: String::new(),
        },
    }
}

/// Long free text: kept as written, line breaks aside; blank is nothing.
fn block(s: &str) -> String {
    if s.trim().is_empty() {
        String::new()
    } else {
        lines(s)
    }
}

fn assert_folded(card: &str) {
    assert!(card.ends_with("\r\n"), "{card:?}");
    for line in card.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
}

#[test]
fn a_contact_is_written_as_a_vcard_4_card() {
    let mut c = contact();
    c.name = "Ada Lovelace".into();
    c.birthday = Some(Birthday::Yearless { month: 12, day: 10 });
    c.company = Some("Analytical Engines; Ltd.".into());
    c.emails = vec![
        Email {
            label: "work".into(),
            value: "ada@example.com".into(),
        },
        Email {
            label: "Poetry, etc.".into(),
            value: "ada@verse.example".into(),
        },
    ];
    c.phones = vec![Phone {
        label: "mobile".into(),
        value: "+44 20 7946 0000".into(),
        e164: None,
    }];
    c.social_links = vec![
        SocialLink {
            label: "url".into(),
            url: "https://ada.example/a,b".into(),
        },
        SocialLink {
            label: "twitter".into(),
            url: "https://twitter.com/ada".into(),
        },
    ];
    c.tags = vec!["math".into(), "a, b".into()];
    c.background.misc = "Line one\nline two".into();
    c.custom_fields = vec![CustomField {
        key: "Favourite; number".into(),
        value: "1,2".into(),
    }];
    assert_eq!(
        card(&c),
        [
            "BEGIN:VCARD",
            "VERSION:4.0",
            "PRODID:-//Kith//kith-core//EN",
            "UID:urn:uuid:00000000-0000-0000-0000-000000000007",
            "FN:Ada Lovelace",
            "N:Lovelace;Ada;;;",
            "EMAIL;TYPE=work:ada@example.com",
            "item1.EMAIL:ada@verse.example",
            "item1.X-ABLabel:Poetry\\, etc.",
            "TEL;TYPE=cell:+44 20 7946 0000",
            "URL:https://ada.example/a,b",
            "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/ada",
            "BDAY:--1210",
            "ORG:Analytical Engines\\; Ltd.",
            "NOTE:Line one\\nline two",
            "X-KITH-STATUS:active",
            "X-KITH-VIP:false",
            "CATEGORIES:math,a\\, b",
            "X-KITH-CUSTOM:Favourite\\; number;1\\,2",
            "END:VCARD",
            "",
        ]
        .join("\r\n")
    );
    assert_eq!(read_back(&card(&c)), expected(&c));
}

#[test]
fn structured_names_are_a_best_effort_for_other_address_books() {
    let n = |name: &str| {
        let mut c = contact();
        c.name = name.into();
        card(&c)
            .lines()
            .find_map(|l| l.strip_prefix("N:").map(str::to_string))
            .unwrap_or_default()
    };
    assert_eq!(n("Ada Lovelace"), "Lovelace;Ada;;;");
    assert_eq!(
        n("Mr. John Richter, James Doe Sr."),
        "Doe;John Richter\\, James;;Mr.;Sr."
    );
    assert_eq!(n("Dummy, Dummy"), "Dummy;Dummy;;;");
    assert_eq!(n("Cher"), ";Cher;;;");
    assert_eq!(n("Dr. Who"), "Who;;;Dr.;");
    assert_eq!(n("שרה כהן"), "כהן;שרה;;;");
}

#[test]
fn labels_address_books_do_not_know_are_written_as_ab_labels() {
    let mut c = contact();
    c.name = "A".into();
    c.phones = vec![Phone {
        label: "assistant".into(),
        value: "1".into(),
        e164: None,
    }];
    let out = card(&c);
    assert!(
        out.contains("item1.TEL:1\r\nitem1.X-ABLabel:assistant\r\n"),
        "{out}"
    );
    assert_eq!(read_back(&out).phones[0].label, "assistant");
}

#[test]
fn long_lines_fold_at_75_octets_between_characters() {
    let mut c = contact();
    c.name = "Zoë".into();
    c.background.misc = "é😀שלום".repeat(40);
    let out = card(&c);
    assert_folded(&out);
    assert!(
        out.lines().filter(|l| l.starts_with(' ')).count() > 5,
        "{out}"
    );
    assert_eq!(read_back(&out).notes, Some(c.background.misc.clone()));
}

#[test]
fn fields_vcard_lacks_travel_as_kith_extensions() {
    let mut c = contact();
    c.name = "Grace Hopper".into();
    c.relationship = Some("mentor".into());
    c.industry = Some("Navy".into());
    c.location = Some("Arlington".into());
    c.status = ContactStatus::Archived;
    c.vip = true;
    c.keep_in_touch_days = Some(30);
    c.preferred_channel = Some("email".into());
    c.background.family = "Married; no children".into();
    c.background.likes = "COBOL,\nnanoseconds".into();
    let out = card(&c);
    let d = read_back(&out);
    assert_eq!(d.id, Some(c.id));
    assert_eq!(d.status, Some(ContactStatus::Archived));
    assert_eq!(d.vip, Some(true));
    assert_eq!(d.keep_in_touch_days, Some(30));
    assert_eq!(d.preferred_channel.as_deref(), Some("email"));
    assert_eq!(d.background.family, "Married; no children");
    assert!(d.custom_fields.is_empty(), "{:?}", d.custom_fields);
    assert_eq!(d, expected(&c));
}

#[test]
fn a_kith_extension_that_does_not_read_is_an_error_not_a_guess() {
    let c = {
        let mut c = contact();
        c.name = "Ada".into();
        c
    };
    for (from, to, column) in [
        ("X-KITH-VIP:false", "X-KITH-VIP:maybe", "X-KITH-VIP"),
        (
            "X-KITH-STATUS:active",
            "X-KITH-STATUS:gone",
            "X-KITH-STATUS",
        ),
        ("UID:urn:uuid:", "UID:urn:uuid:x", "UID"),
    ] {
        let out = card(&c).replace(from, to);
        let results: Vec<_> = read(out.as_bytes()).collect();
        let err = results[0].as_ref().expect_err(to);
        assert_eq!(
            (err.row, err.column.as_deref()),
            (1, Some(column)),
            "{err:?}"
        );
    }
    // Another address book's UID is not a Kith id: it is kept, not refused.
    let other = card(&c).replace("PRODID:-//Kith//kith-core//EN", "PRODID:-//Other//EN");
    let d = read_back(&other);
    assert_eq!(d.id, None);
    assert_eq!(d.custom_fields[0].key, "UID");
}

/// Text that vCard must carry: its separators and escapes, quotes, line breaks, right-to-left
/// scripts and controls, emoji with joiners.
fn text() -> impl Strategy<Value = String> {
    // '|' separates the pieces.
    let fixed = ",|;|:|\\|\\n|\"|'|^|=|\n|\r\n|\t| |שלום|مرحبا|\u{202E}abc|😀|👨‍👩‍👧|_$!<";
    let piece = prop_oneof![
        prop::sample::select(fixed.split('|').collect::<Vec<_>>()).prop_map(str::to_string),
        "[a-zA-Z0-9@.+-]{1,8}",
        "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Text as the store keeps a trimmed field: no surrounding space, not empty.
fn clean() -> impl Strategy<Value = String> {
    text()
        .prop_map(|s| s.trim().to_string())
        .prop_filter("not blank", |s| !s.is_empty())
}

fn opt() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn label() -> impl Strategy<Value = String> {
    let fixed = "|work|home fax|fax home|mobile|cell|Work|pref|url|twitter|assistant";
    let fixed = prop::sample::select(fixed.split('|').collect::<Vec<_>>());
    prop_oneof![fixed.prop_map(str::to_string), clean()]
}

fn any_contact() -> impl Strategy<Value = Contact> {
    let birthday = prop_oneof![
        (1900i32..2100, 1u32..13, 1u32..32)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).map(Birthday::Full)),
        (1u32..13, 1u32..30).prop_map(|(month, day)| {
            NaiveDate::from_ymd_opt(2000, month, day).map(|_| Birthday::Yearless { month, day })
        }),
        Just(None),
    ];
    let email = (
        label(),
        "[a-z0-9,;:\"\\\\^.+é😀שלום-]{1,8}",
        "[a-z0-9.,;é-]{1,8}",
    )
        .prop_map(|(label, user, host)| Email {
            label,
            value: format!("{user}@{host}"),
        });
    let phone = (label(), 0u8..10, text()).prop_map(|(label, digit, rest)| Phone {
        label,
        value: format!("{digit}{rest}").trim().to_string(),
        e164: None,
    });
    let link = (label(), clean()).prop_map(|(label, url)| SocialLink { label, url });
    let address = (label(), opt(), opt(), opt(), opt(), opt()).prop_map(
        |(label, street, city, region, postal_code, country)| Address {
            label,
            street,
            city,
            region,
            postal_code,
            country,
        },
    );
    let field = (clean(), text()).prop_map(|(key, value)| CustomField { key, value });
    let status = prop_oneof![
        Just(ContactStatus::Active),
        Just(ContactStatus::Inactive),
        Just(ContactStatus::Archived),
    ];
    let crm = (status, any::<bool>(), prop::option::of(1u32..3650), opt());
    let background = (text(), text(), text(), text());
    (
        (clean(), birthday, opt(), opt(), opt(), opt(), opt()),
        (
            prop::collection::vec(email, 0..4),
            prop::collection::vec(phone, 0..4),
            prop::collection::vec(link, 0..4),
            prop::collection::vec(address, 0..3),
            prop::collection::vec(clean(), 0..4),
            text(),
            prop::collection::vec(field, 0..5),
        ),
        (crm, background),
    )
        .prop_map(
            |(
                (name, birthday, company, title, relationship, industry, location),
                (emails, phones, social_links, addresses, tags, misc, custom_fields),
                (
                    (status, vip, keep_in_touch_days, preferred_channel),
                    (family, bg_company, likes, dislikes),
                ),
            )| {
                let mut c = contact();
                c.name = name;
                c.birthday = birthday;
                c.company = company;
                c.title = title;
                c.relationship = relationship;
                c.industry = industry;
                c.location = location;
                c.emails = emails;
                c.phones = phones;
                c.social_links = social_links;
                c.addresses = addresses;
                c.tags = tags;
                c.background.misc = misc;
                c.custom_fields = custom_fields;
                c.status = status;
                c.vip = vip;
                c.keep_in_touch_days = keep_in_touch_days;
                c.preferred_channel = preferred_channel;
                c.background.family = family;
                c.background.company = bg_company;
                c.background.likes = likes;
                c.background.dislikes = dislikes;
                c
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_contact_reads_back_without_loss(c in any_contact()) {
        let out = card(&c);
        assert_folded(&out);
        prop_assert_eq!(read_back(&out), expected(&c), "card:\n{}", out);
    }
}
