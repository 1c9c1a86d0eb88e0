//! The import is atomic: a SIGKILL in the middle of a 100,000-row import leaves the database
//! exactly as it was.
//!
//! `kith-import-child` opens a real file and runs `kith_core::import::import_file` on a
//! generated 100,000-row, 10-column CSV, printing `progress ROWS` after each 2,000-row chunk.
//! The file already holds a few contacts, three of which rows of the CSV merge into (in the
//! first, second and thirty-first chunks), so an import killed late has rewritten existing
//! documents as well as created new ones. This test SIGKILLs the child at three points (after
//! the first chunk, half way, and with only the last chunk to go) and after each kill checks the
//! file byte for byte where it matters: SQLite's integrity and foreign-key checks, the row
//! counts of every table, the whole change log and document table, and the projection, which
//! must also be exactly what a rebuild from the log gives. Then it lets an import finish and
//! checks that every row is accounted for.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kith_core::contacts::{self, ContactChanges, ContactFilter, Email};
use kith_core::interactions::{self, InteractionChanges, InteractionKind};
use kith_core::store::Store;
use kith_core::time::Timestamp;
use kith_tests::{person_row, write_people_csv};
use rusqlite::{Connection, OpenFlags};

const CHILD: &str = env!("CARGO_BIN_EXE_kith-import-child");
const ROWS: usize = 100_000;
const CHUNK: usize = 2_000;
/// Rows of the CSV whose email a contact already in the file has.
const MERGED_ROWS: [usize; 3] = [0, 3_000, 61_234];
const T0: Timestamp = Timestamp(1_772_366_400_000);

const TABLES: [&str; 11] = [
    "meta",
    "docs",
    "changes",
    "contacts",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "contact_import_keys",
    "interactions",
    "follow_ups",
    "contacts_fts",
];

/// Everything about the file an interrupted import must not have changed.
#[derive(Debug, PartialEq)]
struct State {
    integrity: Vec<String>,
    foreign_keys: Vec<String>,
    counts: Vec<(&'static str, i64)>,
    /// Every change row but its bytes (which the hash names), in order, and the next seq.
    log: Vec<String>,
    /// Every document row, its snapshot included.
    docs: Vec<String>,
    projection: Vec<String>,
}

impl State {
    fn of(db: &Path) -> State {
        // Raw SQLite first, read-only, before any Kith code opens (and recovers) the file.
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let integrity = kith_tests::sql_rows(&conn, "PRAGMA integrity_check");
        let foreign_keys = kith_tests::sql_rows(&conn, "PRAGMA foreign_key_check");
        let counts = TABLES
            .iter()
            .map(|t| {
                let n: i64 = conn
                    .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                    .unwrap();
                (*t, n)
            })
            .collect();
        let mut log = kith_tests::sql_rows(
            &conn,
            "SELECT seq, doc_id, hash, actor, at, message, local, pushed, applied, length(bytes)
             FROM changes ORDER BY seq",
        );
        log.extend(kith_tests::sql_rows(
            &conn,
            "SELECT name, seq FROM sqlite_sequence ORDER BY name",
        ));
        let docs = kith_tests::sql_rows(
            &conn,
            "SELECT id, kind, heads, updated_at, hex(snapshot) FROM docs ORDER BY id",
        );
        drop(conn);
        let store = Store::open(db, "US").unwrap();
        let projection = store.projection_dump().unwrap();
        State {
            integrity,
            foreign_keys,
            counts,
            log,
            docs,
            projection,
        }
    }

    fn count(&self, table: &str) -> i64 {
        self.counts.iter().find(|(t, _)| *t == table).unwrap().1
    }
}

/// Asserts `after` is `before`, naming the first part that differs (the states are large).
fn assert_same(before: &State, after: &State, when: &str) {
    assert_eq!(
        after.integrity,
        vec![r#"Text("ok")"#],
        "{when}: integrity_check"
    );
    assert!(
        after.foreign_keys.is_empty(),
        "{when}: foreign_key_check: {:?}",
        &after.foreign_keys[..after.foreign_keys.len().min(5)]
    );
    assert_eq!(after.counts, before.counts, "{when}: row counts");
    assert!(after.log == before.log, "{when}: the change log differs");
    assert!(after.docs == before.docs, "{when}: the docs table differs");
    assert_eq!(
        after.projection.len(),
        before.projection.len(),
        "{when}: projection lines"
    );
    if let Some(i) =
        (0..before.projection.len()).find(|&i| before.projection[i] != after.projection[i])
    {
        panic!(
            "{when}: projection line {i} differs:\n before {}\n after  {}",
            before.projection[i], after.projection[i]
        );
    }
}

/// A few contacts (three sharing an email with a CSV row), an interaction and nothing else.
fn seed(db: &Path) {
    let mut store = Store::open(db, "US").unwrap();
    store
        .write(|tx| {
            for (n, row) in MERGED_ROWS.iter().enumerate() {
                contacts::create(
                    tx,
                    ContactChanges {
                        name: Some(format!("Already Here {n}")),
                        emails: Some(vec![Email {
                            label: "work".into(),
                            // Upper case: the import matches emails case-insensitively.
                            value: format!("Person{row}@Example.com"),
                        }]),
                        tags: Some(vec!["seeded".into()]),
                        ..Default::default()
                    },
                    T0,
                )?;
            }
            let other = contacts::create(
                tx,
                ContactChanges {
                    name: Some("Nobody In The File".into()),
                    company: Some("Elsewhere".into()),
                    ..Default::default()
                },
                T0,
            )?;
            interactions::create(
                tx,
                other.id,
                InteractionChanges {
                    kind: Some(InteractionKind::Call),
                    occurred_at: Some(T0),
                    notes: Some("before the import".into()),
                    ..Default::default()
                },
                T0,
            )?;
            Ok(())
        })
        .unwrap();
    assert!(store.rebuild().unwrap().matched);
}

fn spawn(db: &Path, csv: &Path) -> Child {
    Command::new(CHILD)
        .arg(db)
        .arg(csv)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kith-import-child")
}

fn stderr_of(child: &mut Child) -> String {
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    err
}

/// Runs the import in a child and SIGKILLs it as soon as it reports at least `kill_at` rows
/// done; returns the rows it had reported and how long it had run.
fn import_then_kill(db: &Path, csv: &Path, kill_at: usize) -> (usize, Duration) {
    let started = Instant::now();
    let mut child = spawn(db, csv);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let reported = loop {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 {
            let status = child.wait().unwrap();
            panic!(
                "the import stopped by itself ({status}) before {kill_at} rows: {}",
                stderr_of(&mut child)
            );
        }
        let rows: usize = match line.trim_end().strip_prefix("progress ") {
            Some(n) => n.parse().unwrap(),
            None => panic!("the import ended before it was killed: {line}"),
        };
        assert!(
            rows < ROWS,
            "the import reported all {ROWS} rows before the kill at {kill_at}"
        );
        if rows >= kill_at {
            break rows;
        }
    };
    child.kill().expect("SIGKILL the import");
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the import ended by SIGKILL, not by itself: {status}"
    );
    // Nothing after the kill point may claim the import finished.
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(
        !rest.contains("done"),
        "a killed import reported done: {rest}"
    );
    (reported, started.elapsed())
}

fn wal_size(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn sigkill_during_a_100k_row_import_leaves_the_database_exactly_as_before() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let (db, csv) = (dir.path().join("kith.db"), dir.path().join("people.csv"));
    write_people_csv(&csv, ROWS).unwrap();
    seed(&db);
    let before = State::of(&db);
    assert_eq!(before.integrity, vec![r#"Text("ok")"#]);
    assert!(before.foreign_keys.is_empty());
    assert_eq!(before.count("contacts"), 4);
    assert_eq!(before.count("interactions"), 1);
    eprintln!("set up in {:?}", started.elapsed());

    // After the first chunk; half way (the first and second merges made); with only the last
    // chunk and the commit to go (all three merges made).
    for kill_at in [CHUNK, ROWS / 2, ROWS - CHUNK] {
        let wal_before = wal_size(&db);
        let (reported, ran) = import_then_kill(&db, &csv, kill_at);
        let wal_at_kill = wal_size(&db);
        let after = State::of(&db);
        assert_same(&before, &after, &format!("killed after {reported} rows"));
        let mut store = Store::open(&db, "US").unwrap();
        let rebuilt = store.rebuild().unwrap();
        assert!(
            rebuilt.matched,
            "killed after {reported} rows: rebuild did not match"
        );
        assert_eq!(rebuilt.documents, 5);
        assert_eq!(store.projection_dump().unwrap(), before.projection);
        drop(store);
        eprintln!(
            "killed after {reported} rows ({ran:?} in); WAL {wal_before} -> {wal_at_kill} bytes; file as before"
        );
    }

    // And an import left alone finishes and accounts for every row.
    let finished = Instant::now();
    let mut child = spawn(&db, &csv);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}: {}", stderr_of(&mut child));
    let imported = finished.elapsed();
    let progress: Vec<usize> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("progress "))
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(
        progress.len() >= ROWS / CHUNK,
        "{} progress lines",
        progress.len()
    );
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "progress went back"
    );
    assert_eq!(progress.last(), Some(&ROWS));
    let done = stdout
        .lines()
        .find_map(|l| l.strip_prefix("done "))
        .expect("a report");
    let report: serde_json::Value = serde_json::from_str(done).unwrap();
    let n = |k: &str| report[k].as_u64().unwrap() as usize;
    let errors = report["errors"].as_array().unwrap().len();
    assert_eq!(n("rows"), ROWS);
    assert_eq!(n("created") + n("updated") + n("unchanged") + errors, ROWS);
    assert_eq!(
        (n("created"), n("updated"), n("unchanged"), errors),
        (ROWS - MERGED_ROWS.len(), MERGED_ROWS.len(), 0, 0),
        "{report}"
    );
    let after = State::of(&db);
    assert_eq!(after.integrity, vec![r#"Text("ok")"#]);
    assert!(after.foreign_keys.is_empty());
    assert_eq!(
        after.count("contacts"),
        before.count("contacts") + (ROWS - MERGED_ROWS.len()) as i64
    );
    assert_eq!(after.count("contact_emails"), ROWS as i64);
    assert_eq!(after.count("contact_phones"), ROWS as i64);
    // One change per new contact and one per merge, on top of what was there.
    assert_eq!(
        after.count("changes"),
        before.count("changes") + ROWS as i64
    );
    let checked = Instant::now();
    let mut store = Store::open(&db, "US").unwrap();
    let rebuilt = store.rebuild().unwrap();
    assert!(
        rebuilt.matched,
        "the projection the import wrote is not what its log gives"
    );
    assert_eq!(rebuilt.documents, 5 + ROWS - MERGED_ROWS.len());
    let rebuild_took = checked.elapsed();
    let seeded = contacts::list(
        store.conn(),
        &ContactFilter {
            tag: Some("seeded".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(seeded.len(), MERGED_ROWS.len());
    for (n, row) in MERGED_ROWS.iter().enumerate() {
        let c = seeded
            .iter()
            .find(|c| c.name == format!("Already Here {n}"))
            .unwrap();
        assert_eq!(c.emails.len(), 1, "{c:?}");
        assert!(c.emails[0]
            .value
            .eq_ignore_ascii_case(&format!("person{row}@example.com")));
        assert_eq!(c.phones.len(), 1, "the row's phone was added: {c:?}");
        assert_eq!(c.company.as_deref(), Some(person_row(*row)[4].as_str()));
    }
    eprintln!(
        "full import in {imported:?} ({}), checks {:?} of which rebuild {rebuild_took:?}; whole test {:?}",
        done,
        checked.elapsed(),
        started.elapsed()
    );
}
