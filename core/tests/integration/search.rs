//! Search over names, companies, emails, phones, tags and interaction notes.

use kith_core::{
    contacts::{self, ContactChanges, Email, Phone},
    interactions::{self, InteractionChanges},
    search::{search, MatchedIn},
};

use crate::{add, fresh, named, T0};

fn names(s: &kith_core::store::Store, q: &str) -> Vec<String> {
    search(s.conn(), q, 50)
        .unwrap()
        .into_iter()
        .map(|h| h.contact.name)
        .collect()
}

#[test]
fn every_searchable_field_finds_its_contact() {
    let (_d, mut s) = fresh();
    let ada = add(
        &mut s,
        ContactChanges {
            company: Some("Analytical Engines".into()),
            emails: Some(vec![Email {
                label: String::new(),
                value: "countess@lovelace.example".into(),
            }]),
            phones: Some(vec![Phone {
                value: "(415) 555-2671".into(),
                ..Default::default()
            }]),
            tags: Some(vec!["mathematics".into()]),
            ..named("Ada Lovelace")
        },
        T0,
    );
    add(&mut s, named("Charles Babbage"), T0);
    for q in [
        "ada",
        "Love",
        "l",
        "analytical",
        "countess",
        "lovelace.example",
        "415",
        "555 2671",
        "4155552671",
        "+1 415 555",
        "+14155552671",
        "math",
        "ADA LOV",
        "Lovélace",
    ] {
        assert_eq!(names(&s, q), vec!["Ada Lovelace"], "query {q:?}");
    }
    s.write(|tx| {
        interactions::create(
            tx,
            ada.id,
            InteractionChanges {
                notes: Some("Discussed the Bernoulli numbers".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    let hits = search(s.conn(), "bernoulli", 10).unwrap();
    assert_eq!(
        (hits[0].contact.id, hits[0].matched_in),
        (ada.id, MatchedIn::Notes)
    );
    assert!(names(&s, "nobody").is_empty());
    assert!(
        names(&s, "\"*)(").is_empty(),
        "syntax characters are not an error"
    );
}

#[test]
fn name_matches_come_before_other_fields_and_notes() {
    let (_d, mut s) = fresh();
    let noted = add(&mut s, named("Zed"), T0);
    s.write(|tx| {
        interactions::create(
            tx,
            noted.id,
            InteractionChanges {
                notes: Some("met Jordan".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    add(
        &mut s,
        ContactChanges {
            company: Some("Jordan Ltd".into()),
            ..named("Amy")
        },
        T0,
    );
    add(&mut s, named("Jordan Smith"), T0);
    let hits = search(s.conn(), "jord", 10).unwrap();
    let got: Vec<_> = hits
        .iter()
        .map(|h| (h.contact.name.as_str(), h.matched_in))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Jordan Smith", MatchedIn::Name),
            ("Amy", MatchedIn::Details),
            ("Zed", MatchedIn::Notes)
        ]
    );
    assert_eq!(
        search(s.conn(), "jord", 2).unwrap().len(),
        2,
        "the limit holds across tiers"
    );
}

#[test]
fn edits_and_deleted_notes_update_the_index() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("Old Name"), T0);
    s.write(|tx| contacts::update(tx, c.id, named("New Name"), T0))
        .unwrap();
    assert!(names(&s, "old").is_empty());
    assert_eq!(names(&s, "new"), vec!["New Name"]);
    let i = s
        .write(|tx| {
            interactions::create(
                tx,
                c.id,
                InteractionChanges {
                    notes: Some("quokka".into()),
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
    assert_eq!(names(&s, "quokka").len(), 1);
    s.write(|tx| interactions::delete(tx, i.id, T0)).unwrap();
    assert!(names(&s, "quokka").is_empty());
}

/// The search entry follows every searched field through edits, deletes and restores, and is
/// left alone (no delete, no new segment) by edits of fields that are not searched.
#[test]
fn the_search_entry_is_rewritten_only_when_its_text_changes() {
    let (_d, mut s) = fresh();
    let ada = add(
        &mut s,
        ContactChanges {
            company: Some("Analytical Engines".into()),
            ..named("Ada Lovelace")
        },
        T0,
    );
    let segments = |s: &kith_core::store::Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM contacts_fts_data", [], |r| r.get(0))
            .unwrap()
    };
    let update = |s: &mut kith_core::store::Store, changes: ContactChanges| {
        s.write(|tx| contacts::update(tx, ada.id, changes, T0))
            .unwrap();
    };
    let before = segments(&s);
    update(
        &mut s,
        ContactChanges {
            title: Some("Countess".into()),
            ..Default::default()
        },
    );
    assert_eq!(segments(&s), before, "a title edit leaves the entry alone");
    assert_eq!(names(&s, "analytical"), vec!["Ada Lovelace"]);

    update(
        &mut s,
        ContactChanges {
            company: Some("Difference Works".into()),
            ..Default::default()
        },
    );
    assert!(segments(&s) > before, "a company edit rewrites the entry");
    assert_eq!(names(&s, "difference"), vec!["Ada Lovelace"]);
    assert!(names(&s, "analytical").is_empty(), "the old text is gone");

    s.write(|tx| contacts::delete(tx, ada.id, T0)).unwrap();
    assert!(
        names(&s, "difference").is_empty(),
        "a deleted contact is not found"
    );
    s.write(|tx| contacts::restore(tx, ada.id, T0)).unwrap();
    assert_eq!(
        names(&s, "difference"),
        vec!["Ada Lovelace"],
        "restored, found again"
    );
    update(
        &mut s,
        ContactChanges {
            title: Some("Mathematician".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        names(&s, "ada lov"),
        vec!["Ada Lovelace"],
        "found once, not twice"
    );
}
