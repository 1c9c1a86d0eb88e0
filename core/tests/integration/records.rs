//! Create, edit, delete and restore each record kind through a real file.

use kith_core::{
    birthday::Birthday,
    contacts::{
        self, BackgroundChanges, ContactChanges, ContactFilter, ContactStatus, CustomField, Email,
        Phone,
    },
    followups::{self, FollowUpStatus},
    interactions::{self, InteractionChanges, InteractionKind},
    store::Store,
    time::Timestamp,
    Error,
};

use crate::{add, fresh, named, T0};

#[test]
fn a_contact_keeps_every_field_it_was_given() {
    let (_d, mut s) = fresh();
    let c = add(
        &mut s,
        ContactChanges {
            name: Some("  Ada Lovelace ".into()),
            relationship: Some("mentor".into()),
            birthday: Some(Some(Birthday::parse("--12-10", "t").unwrap())),
            company: Some("Analytical Engines".into()),
            title: Some("Countess".into()),
            industry: Some("computing".into()),
            location: Some("London".into()),
            vip: Some(true),
            emails: Some(vec![Email {
                label: "work".into(),
                value: "Ada@Example.com".into(),
            }]),
            phones: Some(vec![Phone {
                label: "mobile".into(),
                value: "(415) 555-2671".into(),
                e164: None,
            }]),
            tags: Some(vec!["math".into(), "poetry".into(), "math".into()]),
            keep_in_touch_days: Some(Some(30)),
            background: BackgroundChanges {
                likes: Some("poetical science".into()),
                ..Default::default()
            },
            custom_fields: Some(vec![
                CustomField {
                    key: "Zeta".into(),
                    value: "last".into(),
                },
                CustomField {
                    key: "Alpha".into(),
                    value: "first".into(),
                },
            ]),
            preferred_channel: Some("letters".into()),
            ..Default::default()
        },
        T0,
    );
    let back = contacts::get(s.conn(), c.id).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.name, "Ada Lovelace");
    assert_eq!(back.phones[0].e164.as_deref(), Some("+14155552671"));
    assert_eq!(
        back.phones[0].value, "(415) 555-2671",
        "the phone is kept as typed"
    );
    assert_eq!(back.tags, vec!["math", "poetry"]);
    assert_eq!(
        back.custom_fields[0].key, "Zeta",
        "custom fields keep their order"
    );
    assert_eq!(back.background.likes, "poetical science");
    assert_eq!(back.status, ContactStatus::Active);
    assert_eq!((back.created_at, back.updated_at), (T0, T0));

    // The same record survives closing and reopening the file.
    drop(s);
    let s = Store::open(&_d.path().join("kith.db"), "US").unwrap();
    assert_eq!(contacts::get(s.conn(), c.id).unwrap(), c);
}

#[test]
fn editing_changes_only_what_was_asked_and_records_one_change() {
    let (_d, mut s) = fresh();
    let c = add(
        &mut s,
        ContactChanges {
            tags: Some(vec!["a".into(), "b".into()]),
            ..named("Grace")
        },
        T0,
    );
    let later = Timestamp(T0.0 + 60_000);
    let edited = s
        .write(|tx| {
            contacts::update(
                tx,
                c.id,
                ContactChanges {
                    company: Some("Navy".into()),
                    add_tags: vec!["c".into()],
                    remove_tags: vec!["a".into()],
                    ..Default::default()
                },
                later,
            )
        })
        .unwrap();
    assert_eq!(edited.company.as_deref(), Some("Navy"));
    assert_eq!(edited.name, "Grace");
    assert_eq!(edited.tags, vec!["b", "c"]);
    assert_eq!(edited.updated_at, later);
    let h = s.history(c.id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action, "created");
    assert_eq!(h[1].fields, vec!["company", "tags"]);
    assert!(h[1].this_device);

    // An edit that changes nothing records nothing.
    s.write(|tx| {
        contacts::update(
            tx,
            c.id,
            ContactChanges {
                company: Some("Navy".into()),
                ..Default::default()
            },
            later,
        )
    })
    .unwrap();
    assert_eq!(s.history(c.id).unwrap().len(), 2);
    // An empty text clears the field.
    let cleared = s
        .write(|tx| {
            contacts::update(
                tx,
                c.id,
                ContactChanges {
                    company: Some(String::new()),
                    ..Default::default()
                },
                later,
            )
        })
        .unwrap();
    assert_eq!(cleared.company, None);
}

#[test]
fn deleting_hides_a_contact_from_lists_and_search_and_restoring_brings_it_back() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("Katherine Johnson"), T0);
    s.write(|tx| contacts::delete(tx, c.id, T0)).unwrap();
    assert!(contacts::list(s.conn(), &ContactFilter::default())
        .unwrap()
        .is_empty());
    assert!(kith_core::search::search(s.conn(), "kath", 10)
        .unwrap()
        .is_empty());
    let deleted = contacts::list(
        s.conn(),
        &ContactFilter {
            deleted: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(deleted[0].deleted_at, Some(T0));
    assert!(matches!(
        s.write(|tx| contacts::delete(tx, c.id, T0)),
        Err(Error::Invalid { .. })
    ));

    s.write(|tx| contacts::restore(tx, c.id, T0)).unwrap();
    assert_eq!(
        contacts::list(s.conn(), &ContactFilter::default())
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        kith_core::search::search(s.conn(), "kath", 10)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn list_filters_by_tag_vip_and_status_in_name_order() {
    let (_d, mut s) = fresh();
    add(
        &mut s,
        ContactChanges {
            tags: Some(vec!["x".into()]),
            ..named("bob")
        },
        T0,
    );
    add(
        &mut s,
        ContactChanges {
            vip: Some(true),
            ..named("Alice")
        },
        T0,
    );
    let carol = add(
        &mut s,
        ContactChanges {
            tags: Some(vec!["x".into()]),
            ..named("Carol")
        },
        T0,
    );
    s.write(|tx| {
        contacts::update(
            tx,
            carol.id,
            ContactChanges {
                status: Some(ContactStatus::Archived),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    let names = |f: ContactFilter| -> Vec<String> {
        contacts::list(s.conn(), &f)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    assert_eq!(
        names(ContactFilter::default()),
        vec!["Alice", "bob", "Carol"]
    );
    assert_eq!(
        names(ContactFilter {
            tag: Some("x".into()),
            ..Default::default()
        }),
        vec!["bob", "Carol"]
    );
    assert_eq!(
        names(ContactFilter {
            vip: true,
            ..Default::default()
        }),
        vec!["Alice"]
    );
    assert_eq!(
        names(ContactFilter {
            status: Some(ContactStatus::Archived),
            ..Default::default()
        }),
        vec!["Carol"]
    );
    assert_eq!(
        names(ContactFilter {
            limit: Some(1),
            ..Default::default()
        }),
        vec!["Alice"]
    );
}

#[test]
fn facets_count_live_contacts_by_tag_industry_status_and_vip() {
    let (_d, mut s) = fresh();
    let person = |name: &str, tags: &[&str], industry: Option<&str>, vip: bool| ContactChanges {
        tags: Some(tags.iter().map(|t| t.to_string()).collect()),
        industry: industry.map(str::to_string),
        vip: Some(vip),
        ..named(name)
    };
    add(
        &mut s,
        person("Ann", &["golf", "board"], Some("Law"), true),
        T0,
    );
    add(&mut s, person("Bob", &["golf"], Some("Law"), false), T0);
    add(&mut s, person("Cy", &[], Some(""), false), T0);
    let dora = add(
        &mut s,
        person("Dora", &["board"], Some("Retail"), false),
        T0,
    );
    s.write(|tx| {
        contacts::update(
            tx,
            dora.id,
            ContactChanges {
                status: Some(ContactStatus::Archived),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    // A deleted contact counts nowhere.
    let gone = add(
        &mut s,
        person("Eve", &["golf", "board"], Some("Law"), true),
        T0,
    );
    s.write(|tx| contacts::delete(tx, gone.id, T0)).unwrap();

    let f = contacts::facets(s.conn()).unwrap();
    let pairs = |v: &[contacts::Count]| -> Vec<(String, u32)> {
        v.iter().map(|c| (c.name.clone(), c.count)).collect()
    };
    assert_eq!(f.total, 4);
    assert_eq!(f.vips, 1);
    assert_eq!(
        pairs(&f.tags),
        vec![("board".into(), 2), ("golf".into(), 2)]
    );
    assert_eq!(
        pairs(&f.industries),
        vec![("Law".into(), 2), ("Retail".into(), 1)]
    );
    assert_eq!(
        pairs(&f.statuses),
        vec![("active".into(), 3), ("archived".into(), 1)]
    );
}

#[test]
fn an_edit_leaves_exactly_the_new_emails_phones_and_tags_to_look_up() {
    let (_d, mut s) = fresh();
    let email = |v: &str| Email {
        label: String::new(),
        value: v.into(),
    };
    let phone = |v: &str| Phone {
        label: String::new(),
        value: v.into(),
        e164: None,
    };
    let ada = add(
        &mut s,
        ContactChanges {
            emails: Some(vec![email("Ada@Example.com"), email("ada@work.example")]),
            phones: Some(vec![phone("+1 212 555 0100"), phone("555 0199")]),
            tags: Some(vec!["client".into(), "golf".into()]),
            ..named("Ada")
        },
        T0,
    );
    let lookups = |s: &Store| -> Vec<String> {
        first_column(
            s,
            "SELECT 'email ' || email_key FROM contact_emails
             UNION ALL SELECT 'phone ' || e164 FROM contact_phones
             UNION ALL SELECT 'tag ' || tag FROM contact_tags ORDER BY 1",
        )
    };
    assert_eq!(
        lookups(&s),
        [
            "email ada@example.com",
            "email ada@work.example",
            "phone +12125550100",
            "tag client",
            "tag golf"
        ]
    );
    // Emails and tags partly replaced, the phone changed; a title edit touches none of them.
    s.write(|tx| {
        contacts::update(
            tx,
            ada.id,
            ContactChanges {
                emails: Some(vec![email("ada@work.example"), email("ada@home.example")]),
                phones: Some(vec![phone("+44 20 7946 0958")]),
                add_tags: vec!["board".into()],
                remove_tags: vec!["golf".into()],
                ..Default::default()
            },
            T0,
        )?;
        contacts::update(
            tx,
            ada.id,
            ContactChanges {
                title: Some("Countess".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(
        lookups(&s),
        [
            "email ada@home.example",
            "email ada@work.example",
            "phone +442079460958",
            "tag board",
            "tag client"
        ]
    );
    let tagged = |tag: &str| {
        contacts::list(
            s.conn(),
            &ContactFilter {
                tag: Some(tag.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .len()
    };
    assert_eq!((tagged("golf"), tagged("board")), (0, 1));
    assert!(s.rebuild().unwrap().matched);
}

#[test]
fn interactions_are_logged_edited_deleted_and_set_last_contacted() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("Linus"), T0);
    let at = Timestamp(T0.0 - 3_600_000);
    let i = s
        .write(|tx| {
            interactions::create(
                tx,
                c.id,
                InteractionChanges {
                    kind: Some(InteractionKind::Call),
                    occurred_at: Some(at),
                    notes: Some("talked about git".into()),
                    confidence: Some(Some(80)),
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
    assert_eq!(interactions::get(s.conn(), i.id).unwrap(), i);
    assert_eq!(
        contacts::get(s.conn(), c.id).unwrap().last_contacted_at,
        Some(at)
    );

    let edited = s
        .write(|tx| {
            interactions::update(
                tx,
                i.id,
                InteractionChanges {
                    notes: Some("talked about git and email".into()),
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
    assert_eq!(edited.notes, "talked about git and email");
    assert_eq!(edited.kind, InteractionKind::Call);
    assert_eq!(
        interactions::for_contact(s.conn(), c.id, 10).unwrap(),
        vec![edited.clone()]
    );

    s.write(|tx| interactions::delete(tx, i.id, T0)).unwrap();
    assert_eq!(
        contacts::get(s.conn(), c.id).unwrap().last_contacted_at,
        None
    );
    assert!(interactions::for_contact(s.conn(), c.id, 10)
        .unwrap()
        .is_empty());
    s.write(|tx| interactions::restore(tx, i.id, T0)).unwrap();
    assert_eq!(
        contacts::get(s.conn(), c.id).unwrap().last_contacted_at,
        Some(at)
    );

    let bad = s.write(|tx| {
        interactions::update(
            tx,
            i.id,
            InteractionChanges {
                confidence: Some(Some(101)),
                ..Default::default()
            },
            T0,
        )
    });
    assert!(matches!(bad, Err(Error::Invalid { .. })));
}

#[test]
fn follow_ups_are_completed_snoozed_dismissed_and_repeat() {
    let (_d, mut s) = fresh();
    let tz = chrono_tz::UTC;
    let c = add(&mut s, named("Margaret"), T0);
    let due = Timestamp(T0.0 + 86_400_000);
    let f = s
        .write(|tx| followups::create(tx, c.id, due, Some("call back"), Some(7), T0))
        .unwrap();
    assert_eq!(f.status, FollowUpStatus::Open);

    let until = Timestamp(due.0 + 3_600_000);
    let snoozed = s
        .write(|tx| followups::snooze(tx, f.id, until, T0))
        .unwrap();
    assert_eq!(snoozed.effective_at(), until);

    let (done, next) = s
        .write(|tx| followups::complete(tx, f.id, due, tz))
        .unwrap();
    assert_eq!(done.status, FollowUpStatus::Done);
    assert_eq!(done.completed_at, Some(due));
    let next = next.expect("a repeating follow-up schedules the next one");
    assert_eq!(next.due_at, Timestamp(due.0 + 7 * 86_400_000));
    assert_eq!(next.previous_id, Some(f.id));
    assert_eq!(next.note.as_deref(), Some("call back"));
    assert!(matches!(
        s.write(|tx| followups::complete(tx, f.id, due, tz)),
        Err(Error::Invalid { .. })
    ));

    let dismissed = s.write(|tx| followups::dismiss(tx, next.id, due)).unwrap();
    assert_eq!(dismissed.status, FollowUpStatus::Dismissed);
    s.write(|tx| followups::delete(tx, next.id, due)).unwrap();
    assert_eq!(followups::list_all(s.conn()).unwrap().len(), 1);
    s.write(|tx| followups::restore(tx, next.id, due)).unwrap();
    assert_eq!(followups::list_all(s.conn()).unwrap().len(), 2);
}

#[test]
fn unknown_ids_are_not_found_and_leave_the_file_untouched() {
    let (_d, mut s) = fresh();
    let c = add(&mut s, named("Real"), T0);
    let before = s.projection_dump().unwrap();
    let ghost = kith_core::ids::ContactId::new();
    let r = s.write(|tx| contacts::update(tx, ghost, named("x"), T0));
    assert!(matches!(
        r,
        Err(Error::NotFound {
            kind: "contact",
            ..
        })
    ));
    let r = s.write(|tx| interactions::create(tx, ghost, InteractionChanges::default(), T0));
    assert!(matches!(r, Err(Error::NotFound { .. })));
    let r = s.write(|tx| followups::create(tx, ghost, T0, None, None, T0));
    assert!(matches!(r, Err(Error::NotFound { .. })));
    assert!(matches!(
        contacts::resolve(s.conn(), "zzzz"),
        Err(Error::Invalid { .. })
    ));
    // The contact's id is not a follow-up's.
    assert!(matches!(
        followups::resolve(s.conn(), &c.id.to_string()),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(s.projection_dump().unwrap(), before);
}

#[test]
fn bad_input_in_the_middle_of_a_write_rolls_all_of_it_back() {
    let (_d, mut s) = fresh();
    let before = s.projection_dump().unwrap();
    let changes_before = s.changes_after(0, 1000).unwrap().len();
    let r = s.write(|tx| {
        contacts::create(tx, named("first, committed only if all succeed"), T0)?;
        contacts::create(
            tx,
            ContactChanges {
                emails: Some(vec![Email {
                    label: String::new(),
                    value: "not-an-email".into(),
                }]),
                ..named("second")
            },
            T0,
        )
    });
    match r {
        Err(Error::Invalid { what, message }) => {
            assert_eq!(what, "email 1");
            assert!(message.contains("not-an-email"), "{message}");
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
    assert_eq!(s.projection_dump().unwrap(), before);
    assert_eq!(s.changes_after(0, 1000).unwrap().len(), changes_before);
    for bad in [
        ContactChanges {
            name: Some("   ".into()),
            ..Default::default()
        },
        ContactChanges {
            phones: Some(vec![Phone {
                value: "call me".into(),
                ..Default::default()
            }]),
            ..named("p")
        },
        ContactChanges {
            tags: Some(vec![" ".into()]),
            ..named("t")
        },
        ContactChanges {
            custom_fields: Some(vec![CustomField {
                key: " ".into(),
                value: "v".into(),
            }]),
            ..named("c")
        },
    ] {
        assert!(
            matches!(
                s.write(|tx| contacts::create(tx, bad.clone(), T0)),
                Err(Error::Invalid { .. })
            ),
            "{bad:?}"
        );
    }
    assert_eq!(s.projection_dump().unwrap(), before);
}

/// Each row `sql` returns, its first column as text.
fn first_column(s: &Store, sql: &str) -> Vec<String> {
    let mut stmt = s.conn().prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}
