//! Export → import → export, through real database files, for random contacts.
//!
//! Contacts are made with `kith_core::contacts::create` in database A (names, emails, phones,
//! tags, addresses, links, custom fields and the background, in text full of commas, quotes,
//! line breaks, emoji and right-to-left script; full and yearless birthdays), exported with
//! `kith_core::export::write`, and imported with `kith_core::import::import_file` into fresh
//! databases.
//!
//! What is proven, and what is not:
//!
//! - **CSV**: B's export equals A's column for column, except the record's own times.
//!   `created_at` and `updated_at` are the import's (the engine stamps the time it writes), and
//!   the reader keeps the file's `created_at`/`updated_at` as two custom fields appended after
//!   the contact's own (documented in `kith_core::import::csv::kith`). That is the only
//!   difference, and the property checks exactly it. It means export → import → export is not
//!   the identity the issue asks for: `csv_export_import_export_is_the_identity` pins that.
//! - **vCard**: every name, email and phone (value and label) comes back on the contact with
//!   the same id, and so does every other field but the times, with what vCard cannot say
//!   (a carriage return, surrounding spaces, an empty value) tidied on both sides.
//! - **Idempotent**: importing the same export again reports every row unchanged and leaves
//!   the projection as it was, for CSV and vCard.
//!
//! The generated emails and phones are unique to each contact and within it, because the
//! import collapses what shares one; the tests after the property pin those losses:
//! `distinct_contacts_sharing_an_email_or_a_phone_stay_distinct_through_export_and_import`,
//! `one_contact_s_emails_differing_in_case_and_phones_sharing_a_number_all_come_back`, and
//! for the times `csv_export_import_export_is_the_identity` and
//! `importing_a_database_s_own_csv_export_into_it_changes_nothing`.

use std::path::Path;

use chrono::NaiveDate;
use kith_core::birthday::Birthday;
use kith_core::contacts::{
    self, Address, Background, BackgroundChanges, Contact, ContactChanges, ContactFilter,
    ContactStatus, CustomField, Email, Phone, SocialLink,
};
use kith_core::export::{self, ExportFormat};
use kith_core::import::{self, ImportReport};
use kith_core::store::Store;
use kith_core::time::Timestamp;
use proptest::prelude::*;

/// When A's contacts were made, and when each import runs.
const T0: Timestamp = Timestamp(1_772_366_400_000);
const T1: Timestamp = Timestamp(1_772_452_800_000);
const T2: Timestamp = Timestamp(1_772_539_200_000);

/// Text that CSV, JSON and vCard must all carry.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just(";".to_string()),
        Just("\\".to_string()),
        Just(":".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("שלום".to_string()),
        Just("مرحبا".to_string()),
        Just("\u{200F}\u{202B}rtl\u{202C}".to_string()),
        Just("😀".to_string()),
        Just("👨‍👩‍👧".to_string()),
        Just("Zoë Brontë".to_string()),
        "[a-zA-Z0-9@.+-]{1,8}",
        "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

/// Text that is not blank: names, tags and custom-field keys must have some.
fn word_text() -> impl Strategy<Value = String> {
    (text(), "[\\p{L}\\p{So}]{1,3}", text()).prop_map(|(a, w, b)| format!("{a}{w}{b}"))
}

fn opt() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// A label as people write them: empty, a plain type, or anything.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("work".to_string()),
        Just("home".to_string()),
        Just("mobile".to_string()),
        Just("home fax".to_string()),
        Just("Grandma's cell".to_string()),
        Just("Büro".to_string()),
        text(),
    ]
}

/// What the test makes in A: `ContactChanges` without the emails and phones, which are
/// numbered so no two share one (see the module documentation).
#[derive(Clone, Debug)]
struct Person {
    changes: ContactChanges,
    emails: Vec<(String, String, String)>,
    phones: Vec<(String, String, String)>,
}

fn person() -> impl Strategy<Value = Person> {
    let birthday = prop_oneof![
        (1900i32..2030, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).map(Birthday::Full)),
        (1u32..13, 1u32..30).prop_map(|(month, day)| Some(Birthday::Yearless { month, day })),
        Just(None),
    ];
    let local = prop_oneof![
        "[a-z0-9._+-]{1,6}",
        Just("zoë".to_string()),
        Just("דוד".to_string())
    ];
    let email = (
        label(),
        local,
        prop_oneof![Just("example.com"), Just("例子.测试")],
    );
    let phone = (
        label(),
        prop_oneof![Just(""), Just("+1 "), Just("☎ "), Just("tel. ")],
        prop_oneof![Just(""), Just(" ext. 9"), Just(" (שלום)"), Just(" 😀")],
    );
    let link = (label(), text()).prop_map(|(label, url)| SocialLink {
        label,
        url: format!("https://example.com/{url}"),
    });
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
    let field = (word_text(), text()).prop_map(|(key, value)| CustomField { key, value });
    let background = (text(), text(), text(), text(), text()).prop_map(
        |(family, company, likes, dislikes, misc)| Background {
            family,
            company,
            likes,
            dislikes,
            misc,
        },
    );
    let scalars = (
        word_text(),
        birthday,
        (opt(), opt(), opt(), opt(), opt(), opt()),
        0usize..3,
        any::<bool>(),
        prop::option::of(1u32..400),
    );
    let lists = (
        prop::collection::vec(email, 0..3),
        prop::collection::vec(phone, 0..3),
        prop::collection::vec(link, 0..3),
        prop::collection::vec(address, 0..3),
        prop::collection::vec(word_text(), 0..4),
        prop::collection::vec(field, 0..4),
    );
    (scalars, lists, background).prop_map(
        |(
            (
                name,
                birthday,
                (relationship, industry, location, company, title, channel),
                status,
                vip,
                keep,
            ),
            (emails, phones, links, addresses, tags, fields),
            bg,
        )| Person {
            changes: ContactChanges {
                name: Some(name),
                relationship,
                birthday: Some(birthday),
                industry,
                location,
                company,
                title,
                status: Some(
                    [
                        ContactStatus::Active,
                        ContactStatus::Inactive,
                        ContactStatus::Archived,
                    ][status],
                ),
                vip: Some(vip),
                social_links: Some(links),
                preferred_channel: channel,
                addresses: Some(addresses),
                tags: Some(tags),
                keep_in_touch_days: Some(keep),
                background: BackgroundChanges {
                    family: Some(bg.family),
                    company: Some(bg.company),
                    likes: Some(bg.likes),
                    dislikes: Some(bg.dislikes),
                    misc: Some(bg.misc),
                },
                custom_fields: Some(fields),
                ..Default::default()
            },
            emails: emails
                .into_iter()
                .map(|(l, u, h)| (l, u, h.to_string()))
                .collect(),
            phones: phones
                .into_iter()
                .map(|(l, a, b)| (l, a.to_string(), b.to_string()))
                .collect(),
        },
    )
}

/// Makes `people` in the database at `db`; the n-th email and phone of the i-th person are
/// unique to them.
fn make(db: &Path, people: &[Person]) -> Vec<Contact> {
    let mut store = Store::open(db, "US").unwrap();
    store
        .write(|tx| {
            let mut made = Vec::new();
            for (i, p) in people.iter().enumerate() {
                let mut changes = p.changes.clone();
                changes.emails = Some(
                    p.emails
                        .iter()
                        .enumerate()
                        .map(|(j, (label, local, host))| Email {
                            label: label.clone(),
                            value: format!("{local}.{i}.{j}@{host}"),
                        })
                        .collect(),
                );
                changes.phones = Some(
                    p.phones
                        .iter()
                        .enumerate()
                        .map(|(j, (label, before, after))| Phone {
                            label: label.clone(),
                            value: format!("{before}(415) 555-{:04}{after}", 1000 + i * 10 + j),
                            e164: None,
                        })
                        .collect(),
                );
                made.push(contacts::create(tx, changes, T0)?);
            }
            Ok(made)
        })
        .unwrap()
}

fn export_bytes(db: &Path, format: ExportFormat) -> Vec<u8> {
    let store = Store::open(db, "US").unwrap();
    let mut out = Vec::new();
    export::write(store.conn(), format, &mut out).unwrap();
    out
}

fn import_bytes(db: &Path, bytes: &[u8], name: &str, now: Timestamp) -> ImportReport {
    let file = db.with_file_name(name);
    std::fs::write(&file, bytes).unwrap();
    let mut store = Store::open(db, "US").unwrap();
    import::import_file(&mut store, &file, None, None, false, &mut |_| {}, now).unwrap()
}

fn all_contacts(db: &Path) -> Vec<Contact> {
    let store = Store::open(db, "US").unwrap();
    contacts::list(store.conn(), &ContactFilter::default()).unwrap()
}

fn dump(db: &Path) -> Vec<String> {
    Store::open(db, "US").unwrap().projection_dump().unwrap()
}

/// The rows of a CSV export, as cells.
fn rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Name, (label, email)s and (label, phone)s, what a vCard round trip must keep.
type Who = (String, Vec<(String, String)>, Vec<(String, String)>);

/// Who `c` is, as vCard can say it: vCard escapes a line break as `\n` and has no way to
/// write a carriage return (RFC 6350 §3.4), so `\r\n` and `\r` are compared as `\n`.
fn who(c: &Contact) -> (String, Who) {
    let lf = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
    (
        c.id.to_string(),
        (
            lf(&c.name),
            c.emails
                .iter()
                .map(|e| (lf(&e.label), e.value.clone()))
                .collect(),
            c.phones
                .iter()
                .map(|p| (lf(&p.label), lf(&p.value)))
                .collect(),
        ),
    )
}

/// Everything else a contact holds, as a vCard carries it: the times are not written (an import
/// stamps its own); line breaks are `\n` (see [`who`]); values are trimmed, empty address
/// parts left out and addresses with no part dropped (vCard has no empty-but-present value);
/// tags are a set.
fn vcard_view(c: &Contact) -> serde_json::Value {
    fn tidy(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                *s = s
                    .replace("\r\n", "\n")
                    .replace('\r', "\n")
                    .trim()
                    .to_string()
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(tidy),
            serde_json::Value::Object(m) => m.values_mut().for_each(tidy),
            _ => {}
        }
    }
    let mut c = c.clone();
    (c.created_at, c.updated_at) = (T0, T0);
    let mut v = serde_json::to_value(&c).unwrap();
    tidy(&mut v);
    let addresses = v["addresses"].as_array_mut().unwrap();
    for a in addresses.iter_mut() {
        a.as_object_mut()
            .unwrap()
            .retain(|k, part| k == "label" || part.as_str() != Some(""));
    }
    addresses.retain(|a| a.as_object().unwrap().len() > 1);
    v["tags"]
        .as_array_mut()
        .unwrap()
        .sort_by_key(|t| t.to_string());
    v
}

fn check(people: &[Person]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.db"),
        dir.path().join("b.db"),
        dir.path().join("c.db"),
    );
    let made = make(&a, people);
    let n = made.len();

    // CSV: A → B, and B's export is A's but for the times.
    let csv_a = export_bytes(&a, ExportFormat::Csv);
    let report = import_bytes(&b, &csv_a, "a.csv", T1);
    prop_assert_eq!(report.format.as_str(), "csv");
    prop_assert_eq!(
        (
            report.rows,
            report.created,
            report.updated,
            report.unchanged
        ),
        (n, n, 0, 0),
        "{:?}",
        report.errors
    );
    prop_assert!(report.errors.is_empty(), "{:?}", report.errors);
    let csv_b = export_bytes(&b, ExportFormat::Csv);
    let ((head_a, rows_a), (head_b, rows_b)) = (rows(&csv_a), rows(&csv_b));
    prop_assert_eq!(&head_a, &head_b);
    prop_assert_eq!(rows_a.len(), n);
    prop_assert_eq!(rows_b.len(), n);
    for (ra, rb) in rows_a.iter().zip(&rows_b) {
        for (i, h) in head_a.iter().enumerate() {
            match h.as_str() {
                "created_at" | "updated_at" => {
                    prop_assert_eq!(&ra[i], &T0.to_rfc3339(), "A's {}", h);
                    prop_assert_eq!(&rb[i], &T1.to_rfc3339(), "B's {}", h);
                }
                _ => prop_assert_eq!(&ra[i], &rb[i], "column {} of {}", h, &ra[0]),
            }
        }
    }

    // Idempotent: the same file again changes nothing.
    let before = dump(&b);
    let again = import_bytes(&b, &csv_a, "a.csv", T2);
    prop_assert_eq!(
        (again.rows, again.created, again.updated, again.unchanged),
        (n, 0, 0, n)
    );
    prop_assert!(again.errors.is_empty());
    prop_assert!(
        dump(&b) == before,
        "a second CSV import changed the projection"
    );

    // vCard: A → C keeps every name, email and phone on the contact with the same id.
    let vcf_a = export_bytes(&a, ExportFormat::Vcard);
    let report = import_bytes(&c, &vcf_a, "a.vcf", T1);
    prop_assert_eq!(report.format.as_str(), "vcard");
    prop_assert!(report.errors.is_empty(), "{:?}", report.errors);
    prop_assert_eq!((report.rows, report.created), (n, n));
    let mut want: Vec<(String, Who)> = made.iter().map(who).collect();
    let mut got: Vec<(String, Who)> = all_contacts(&c).iter().map(who).collect();
    want.sort();
    got.sort();
    prop_assert_eq!(got, want);
    // And, beyond what the issue asks of vCard, every other field too (see `vcard_view`).
    let back = all_contacts(&c);
    for m in &made {
        let b = back.iter().find(|b| b.id == m.id).unwrap();
        prop_assert_eq!(vcard_view(b), vcard_view(m));
    }
    let before = dump(&c);
    let again = import_bytes(&c, &vcf_a, "a.vcf", T2);
    prop_assert_eq!(
        (again.rows, again.created, again.updated, again.unchanged),
        (n, 0, 0, n)
    );
    prop_assert!(
        dump(&c) == before,
        "a second vCard import changed the projection"
    );
    Ok(())
}

/// 256 cases (about 15 s in a debug build), or `PROPTEST_CASES` for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn csv_and_vcard_round_trips_lose_nothing_and_importing_again_changes_nothing(
        people in prop::collection::vec(person(), 1..6)
    ) {
        check(&people)?;
    }
}

fn contact(name: &str, emails: &[&str], phones: &[&str]) -> Person {
    Person {
        changes: ContactChanges {
            name: Some(name.into()),
            ..Default::default()
        },
        emails: Vec::new(),
        phones: Vec::new(),
    }
    .with(emails, phones)
}

impl Person {
    /// Sets the contact's emails and phones as given (not numbered like the generated ones).
    fn with(mut self, emails: &[&str], phones: &[&str]) -> Person {
        self.changes.emails = Some(
            emails
                .iter()
                .map(|e| {
                    let (label, value) = e.split_once('=').unwrap_or(("", e));
                    Email {
                        label: label.into(),
                        value: value.into(),
                    }
                })
                .collect(),
        );
        self.changes.phones = Some(
            phones
                .iter()
                .map(|p| {
                    let (label, value) = p.split_once('=').unwrap_or(("", p));
                    Phone {
                        label: label.into(),
                        value: value.into(),
                        e164: None,
                    }
                })
                .collect(),
        );
        self
    }
}

/// Makes contacts exactly as given (emails and phones included) in a new database.
fn make_exact(db: &Path, people: &[Person]) -> Vec<Contact> {
    let mut store = Store::open(db, "US").unwrap();
    store
        .write(|tx| {
            people
                .iter()
                .map(|p| contacts::create(tx, p.changes.clone(), T0))
                .collect()
        })
        .unwrap()
}

fn sample() -> Vec<Person> {
    let mut ada = contact(
        "Ada Lovelace",
        &["work=ada@example.com"],
        &["mobile=+44 20 7946 0958"],
    );
    ada.changes.custom_fields = Some(vec![CustomField {
        key: "Favourite, \"number\"".into(),
        value: "1.5\nor π 🥧".into(),
    }]);
    ada.changes.tags = Some(vec!["math".into(), "שלום".into()]);
    vec![ada, contact("Grace Hopper", &["grace@example.com"], &[])]
}

#[test]
fn csv_export_import_export_is_the_identity() {
    // Export → import → export is the identity. The exporting database's times are bookkeeping
    // and are not imported (regression: they used to be appended as two custom fields on every
    // round trip); the record's own created/updated times are the importing database's, so those
    // two columns are not compared.
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.db"),
        dir.path().join("b.db"),
        dir.path().join("c.db"),
    );
    make_exact(&a, &sample());
    let csv_a = export_bytes(&a, ExportFormat::Csv);
    import_bytes(&b, &csv_a, "a.csv", T1);
    let csv_b = export_bytes(&b, ExportFormat::Csv);
    import_bytes(&c, &csv_b, "b.csv", T2);
    let csv_c = export_bytes(&c, ExportFormat::Csv);
    let without_times = |bytes: &[u8]| {
        let (header, rows) = rows(bytes);
        let keep: Vec<usize> = (0..header.len())
            .filter(|i| !matches!(header[*i].as_str(), "created_at" | "updated_at"))
            .collect();
        rows.into_iter()
            .map(|r| {
                keep.iter()
                    .map(|i| format!("{}={}", header[*i], r[*i]))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        without_times(&csv_b),
        without_times(&csv_a),
        "A → B: export, import, export is not the identity"
    );
    assert_eq!(
        without_times(&csv_c),
        without_times(&csv_a),
        "A → B → C: a second round trip changed the contacts again"
    );
}

#[test]
fn importing_a_database_s_own_csv_export_into_it_changes_nothing() {
    // Restoring a backup over the database it came from changes nothing. (Regression: the
    // file's times used to be added as custom fields, so every contact came back "updated".)
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let n = make_exact(&a, &sample()).len();
    let before = dump(&a);
    let csv_a = export_bytes(&a, ExportFormat::Csv);
    let report = import_bytes(&a, &csv_a, "a.csv", T1);
    let changed: Vec<_> = all_contacts(&a)
        .into_iter()
        .map(|c| (c.name, c.custom_fields))
        .collect();
    assert_eq!(
        (
            report.rows,
            report.created,
            report.updated,
            report.unchanged
        ),
        (n, 0, 0, n),
        "{changed:?}"
    );
    assert!(dump(&a) == before);
}

#[test]
fn distinct_contacts_sharing_an_email_or_a_phone_stay_distinct_through_export_and_import() {
    // Two colleagues on one office address and a couple on one landline are four people with
    // their own ids in Kith's CSV and vCard: a row that names its own id is that person, never
    // merged by email or phone into someone else. (Regression: they used to collapse into two.)
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let people = vec![
        contact("Ana Silva", &["work=office@acme.example"], &[]),
        contact("Bo Chen", &["work=office@acme.example"], &[]),
        contact("Cy Young", &[], &["home=(415) 555-2671"]),
        contact("Di Young", &[], &["home=+1 415 555 2671"]),
    ];
    let made = make_exact(&a, &people);
    let mut want: Vec<(String, Who)> = made.iter().map(who).collect();
    want.sort();
    for (format, name) in [(ExportFormat::Csv, "a.csv"), (ExportFormat::Vcard, "a.vcf")] {
        let b = dir.path().join(format!("{name}.db"));
        let report = import_bytes(&b, &export_bytes(&a, format), name, T1);
        let mut got: Vec<(String, Who)> = all_contacts(&b).iter().map(who).collect();
        got.sort();
        assert_eq!(got, want, "{name}: {report:?}");
    }
}

#[test]
fn one_contact_s_emails_differing_in_case_and_phones_sharing_a_number_all_come_back() {
    // A contact's emails that differ only in case, and phones with the same number, all come
    // back with their labels. (Regression: creation used to keep only the first of each.)
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let made = make_exact(
        &a,
        &[contact(
            "Ada Lovelace",
            &["work=Ada@Example.com", "home=ada@example.com"],
            &["work=+1 415 555 2671", "mobile=(415) 555-2671"],
        )],
    );
    for (format, name) in [(ExportFormat::Csv, "a.csv"), (ExportFormat::Vcard, "a.vcf")] {
        let b = dir.path().join(format!("{name}.db"));
        import_bytes(&b, &export_bytes(&a, format), name, T1);
        let got: Vec<(String, Who)> = all_contacts(&b).iter().map(who).collect();
        assert_eq!(got, vec![who(&made[0])], "{name}");
    }
}
