//! The import engine through a real file, with records made in the test (the parsers have
//! their own tests; the CLI tests run real files end to end).

use kith_core::{
    contacts::{self, ContactFilter, Email, Phone},
    import::{
        self,
        model::{Draft, Format, RowError, SourceRecord},
        ImportReport,
    },
    store::Store,
};

use crate::{fresh, T0};

fn person(name: &str, email: Option<&str>, phone: Option<&str>) -> Draft {
    Draft {
        name: (!name.is_empty()).then(|| name.to_string()),
        emails: email
            .map(|e| {
                vec![Email {
                    label: "work".into(),
                    value: e.into(),
                }]
            })
            .unwrap_or_default(),
        phones: phone
            .map(|p| {
                vec![Phone {
                    label: "mobile".into(),
                    value: p.into(),
                    e164: None,
                }]
            })
            .unwrap_or_default(),
        ..Default::default()
    }
}

fn records(people: Vec<Vec<Draft>>) -> Vec<Result<SourceRecord, RowError>> {
    people
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(SourceRecord {
                row: i + 1,
                linked: p.len() > 1,
                people: p,
                warnings: Vec::new(),
            })
        })
        .collect()
}

fn run(s: &mut Store, recs: Vec<Result<SourceRecord, RowError>>, dry_run: bool) -> ImportReport {
    let mut seen = Vec::new();
    let r = import::run(
        s,
        Box::new(recs.into_iter()),
        Format::Csv,
        dry_run,
        &mut |n| seen.push(n),
        T0,
    )
    .unwrap();
    assert_eq!(seen.last(), Some(&r.rows), "progress ends at the last row");
    r
}

fn counts(r: &ImportReport) -> (usize, usize, usize, usize, usize) {
    (r.rows, r.created, r.updated, r.unchanged, r.errors.len())
}

#[test]
fn importing_twice_creates_nothing_the_second_time() {
    let (_d, mut s) = fresh();
    let file = || {
        records(vec![
            vec![person("Ada Lovelace", Some("ada@example.com"), None)],
            vec![person("Only A Name", None, None)],
            vec![person("", None, Some("+44 20 7946 0958"))],
        ])
    };
    assert_eq!(counts(&run(&mut s, file(), false)), (3, 3, 0, 0, 0));
    let before = s.projection_dump().unwrap();
    assert_eq!(counts(&run(&mut s, file(), false)), (3, 0, 0, 3, 0));
    assert_eq!(s.projection_dump().unwrap(), before);
    let all = contacts::list(s.conn(), &ContactFilter::default()).unwrap();
    assert_eq!(all.len(), 3);
    assert!(
        all.iter().any(|c| c.name == "+44 20 7946 0958"),
        "a person known by a phone is named by it"
    );
    assert!(s.rebuild().unwrap().matched);
}

#[test]
fn a_matching_email_or_phone_merges_and_a_name_alone_never_does() {
    let (_d, mut s) = fresh();
    run(
        &mut s,
        records(vec![vec![person(
            "Grace Hopper",
            Some("grace@navy.mil"),
            Some("(415) 555-2671"),
        )]]),
        false,
    );
    let mut more = person("G. Hopper", Some("GRACE@NAVY.MIL"), Some("+1 212 555 0100"));
    more.tags = vec!["admiral".into()];
    more.company = Some("US Navy".into());
    let by_phone = person("Amazing Grace", None, Some("+1 415 555 2671"));
    let same_name = person("Grace Hopper", None, None);
    let r = run(
        &mut s,
        records(vec![vec![more], vec![by_phone], vec![same_name]]),
        false,
    );
    assert_eq!(counts(&r), (3, 1, 2, 0, 0));
    let all = contacts::list(s.conn(), &ContactFilter::default()).unwrap();
    assert_eq!(all.len(), 2, "the name-only row is a new person");
    let g = all.iter().find(|c| c.emails.len() == 1).unwrap();
    assert_eq!(g.name, "Grace Hopper");
    assert_eq!(g.phones.len(), 2);
    assert_eq!(g.tags, vec!["admiral"]);
    assert_eq!(g.company.as_deref(), Some("US Navy"));
    let kept: Vec<_> = g
        .custom_fields
        .iter()
        .map(|f| (f.key.as_str(), f.value.as_str()))
        .collect();
    assert!(kept.contains(&("name (imported)", "G. Hopper")), "{kept:?}");
    assert!(
        kept.contains(&("name (imported)", "Amazing Grace")),
        "{kept:?}"
    );
}

#[test]
fn rows_that_cannot_become_a_contact_are_errors_and_the_rest_import() {
    let (_d, mut s) = fresh();
    let mut nameless = Draft::default();
    nameless.custom_fields.push(contacts::CustomField {
        key: "Notes".into(),
        value: "no one".into(),
    });
    let mut recs = records(vec![vec![person("Fine", None, None)], vec![nameless]]);
    recs.push(Err(RowError {
        row: 3,
        column: Some("Birthday".into()),
        message: "broken quoting".into(),
    }));
    let r = run(&mut s, recs, false);
    assert_eq!(counts(&r), (3, 1, 0, 0, 2));
    assert_eq!(r.errors[0].row, 2);
    assert_eq!(r.errors[1].column.as_deref(), Some("Birthday"));
}

#[test]
fn co_owners_count_once_and_name_each_other() {
    let (_d, mut s) = fresh();
    let r = run(
        &mut s,
        records(vec![
            vec![
                person("Owner One", None, Some("+1 415 555 0101")),
                person("Owner Two", None, Some("+1 415 555 0102")),
            ],
            vec![
                person("Owner One", None, Some("+1 415 555 0101")),
                person("Someone Else", None, Some("+1 415 555 0103")),
            ],
        ]),
        false,
    );
    assert_eq!(counts(&r), (2, 2, 0, 0, 0));
    let all = contacts::list(s.conn(), &ContactFilter::default()).unwrap();
    assert_eq!(all.len(), 3, "the same owner across rows is one contact");
    let one = all.iter().find(|c| c.name == "Owner One").unwrap();
    let co: Vec<_> = one
        .custom_fields
        .iter()
        .filter(|f| f.key == "co-owner")
        .map(|f| f.value.clone())
        .collect();
    assert_eq!(co.len(), 2, "{co:?}");
    assert!(
        co[0].starts_with("Owner Two (") && co[1].starts_with("Someone Else ("),
        "{co:?}"
    );
}

#[test]
fn a_dry_run_reports_the_same_and_writes_nothing() {
    let (_d, mut s) = fresh();
    let file = || {
        records(
            (0..5000)
                .map(|i| vec![person(&format!("P{i}"), Some(&format!("p{i}@x.org")), None)])
                .collect(),
        )
    };
    let dry = run(&mut s, file(), true);
    assert_eq!(counts(&dry), (5000, 5000, 0, 0, 0));
    assert!(s.projection_dump().unwrap().is_empty());
    assert!(s.changes_after(0, 10).unwrap().is_empty());
    let real = run(&mut s, file(), false);
    assert_eq!(counts(&real), counts(&dry));
    assert_eq!(
        contacts::list(s.conn(), &ContactFilter::default())
            .unwrap()
            .len(),
        5000
    );
    assert!(s.rebuild().unwrap().matched);
}

#[test]
fn the_same_person_twice_in_one_file_is_one_contact() {
    let (_d, mut s) = fresh();
    let mut second = person("Dup", Some("dup@example.com"), None);
    second.tags = vec!["again".into()];
    let r = run(
        &mut s,
        records(vec![
            vec![person("Dup", Some("dup@example.com"), None)],
            vec![second],
        ]),
        false,
    );
    assert_eq!(counts(&r), (2, 1, 1, 0, 0));
    let all = contacts::list(s.conn(), &ContactFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].tags, vec!["again"]);
    assert_eq!(s.history(all[0].id).unwrap().len(), 2);
}

#[test]
fn two_names_on_one_email_in_one_file_are_two_people_and_each_keeps_their_later_rows() {
    let (_d, mut s) = fresh();
    let mut bob_again = person("bob  carter", Some("Team@Studio.example"), None);
    bob_again.tags = vec!["client".into()];
    let r = run(
        &mut s,
        records(vec![
            vec![person(
                "Ann Lee",
                Some("team@studio.example"),
                Some("+1 415 555 2671"),
            )],
            vec![person("Bob Carter", Some("team@studio.example"), None)],
            vec![bob_again],
            vec![person("", None, Some("(415) 555-2671"))],
        ]),
        false,
    );
    assert_eq!(counts(&r), (4, 2, 2, 0, 0), "{:?}", r.possible_duplicates);
    let dups: Vec<(usize, usize, &str, &str, &str)> = r
        .possible_duplicates
        .iter()
        .map(|d| {
            (
                d.row,
                d.other_row,
                d.name.as_str(),
                d.other_name.as_str(),
                d.shared.as_str(),
            )
        })
        .collect();
    assert_eq!(
        dups,
        [(2, 1, "Bob Carter", "Ann Lee", "team@studio.example")]
    );
    let all = contacts::list(s.conn(), &ContactFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    let bob = all.iter().find(|c| c.name == "Bob Carter").unwrap();
    assert_eq!(bob.id, r.possible_duplicates[0].contact);
    assert_eq!(bob.tags, ["client"], "Bob's second row merged into Bob");
    let ann = all.iter().find(|c| c.name == "Ann Lee").unwrap();
    assert_eq!(ann.id, r.possible_duplicates[0].other_contact);
    assert!(ann.tags.is_empty());
    // A nameless row merges by phone as before.
    assert_eq!(ann.phones.len(), 1);
    assert!(s.rebuild().unwrap().matched);
}
