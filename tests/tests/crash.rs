//! Design rule 2: a write is doc → change → `changes` row → projection inside one SQLite
//! transaction, so killing the process at any moment leaves all of a write or none of it.
//!
//! `kith-write-burst` writes to a real file as fast as it can and reports each committed change
//! on stdout; this test SIGKILLs it at arbitrary moments, several times on the same file, and
//! after every kill checks that the file is sound, holds every change it reported, has no
//! half-written record, and that its projection is exactly what a rebuild from the log gives.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use kith_core::store::Store;
use rusqlite::{Connection, OpenFlags};

const BURST: &str = env!("CARGO_BIN_EXE_kith-write-burst");

/// A change the burst said it had committed: `(seq, doc_id)`.
type Reported = (i64, String);

/// Runs the burst on `db` until it has reported `kill_after` committed writes, SIGKILLs it, and
/// returns every write it reported before it died (including lines still in the pipe).
fn burst_then_kill(db: &Path, kill_after: usize, seed: u64) -> Vec<Reported> {
    let mut child = Command::new(BURST)
        .arg(db)
        .arg("1000000")
        .arg(seed.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kith-write-burst");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut reported = Vec::new();
    let mut line = String::new();
    let parse = |line: &str| -> Reported {
        let (seq, doc) = line
            .trim_end()
            .split_once(' ')
            .unwrap_or_else(|| panic!("bad line {line:?}"));
        (
            seq.parse()
                .unwrap_or_else(|_| panic!("bad seq in {line:?}")),
            doc.to_string(),
        )
    };
    while reported.len() < kill_after {
        line.clear();
        if out.read_line(&mut line).expect("read burst stdout") == 0 {
            let status = child.wait().unwrap();
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!(
                "kith-write-burst stopped by itself ({status}) after {} writes: {err}",
                reported.len()
            );
        }
        reported.push(parse(&line));
    }
    child.kill().expect("SIGKILL the burst");
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the burst ended by SIGKILL, not by itself: {status}"
    );
    // What it printed before dying was committed before it was printed, so it counts too; a
    // last line cut short by the kill does not.
    loop {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if line.ends_with('\n') {
            reported.push(parse(&line));
        }
    }
    reported
}

fn assert_none(conn: &Connection, what: &str, sql: &str) {
    let rows = kith_tests::sql_rows(conn, sql);
    assert!(
        rows.is_empty(),
        "{what}: {} rows, first {:?}",
        rows.len(),
        &rows[..rows.len().min(5)]
    );
}

/// Everything a killed writer must leave true of the file.
fn assert_file_is_whole(db: &Path, reported: &[Reported]) {
    // Raw SQLite first, read-only, before any Kith code touches the file.
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let integrity = kith_tests::sql_rows(&conn, "PRAGMA integrity_check");
    assert_eq!(
        integrity,
        vec![r#"Text("ok")"#.to_string()],
        "integrity_check"
    );
    assert_none(&conn, "foreign_key_check", "PRAGMA foreign_key_check");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    if version == 0 {
        // Killed before the first migration committed: the file must still be empty.
        assert_none(
            &conn,
            "tables of a half-made schema",
            "SELECT name FROM sqlite_schema",
        );
        assert!(reported.is_empty());
        return;
    }

    // No half-written record: the log, the snapshots and the projection agree on which
    // documents exist.
    assert_none(
        &conn,
        "docs rows without a change",
        "SELECT id FROM docs d WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.doc_id = d.id)",
    );
    assert_none(
        &conn,
        "changes without a docs row",
        "SELECT DISTINCT doc_id FROM changes c WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE d.id = c.doc_id)",
    );
    assert_none(
        &conn,
        "changes not applied (every change here is local)",
        "SELECT seq, doc_id FROM changes WHERE applied = 0 OR local = 0",
    );
    let known: Vec<String> = kith_core::kinds::KINDS
        .kinds()
        .map(|k| format!("'{}'", k.name()))
        .collect();
    assert_none(
        &conn,
        "docs of no known kind",
        &format!(
            "SELECT id, kind FROM docs WHERE kind IS NULL OR kind NOT IN ({})",
            known.join(", ")
        ),
    );
    // Each document was written by this one device, so its history is a line and its snapshot's
    // heads must be exactly the newest change: a snapshot older or newer than the log would be a
    // torn write.
    assert_none(
        &conn,
        "snapshots whose heads are not the newest change",
        "SELECT d.id, d.heads, c.hash FROM docs d JOIN changes c ON c.seq =
            (SELECT MAX(seq) FROM changes WHERE doc_id = d.id) WHERE d.heads <> c.hash",
    );
    for (kind, table) in kith_core::kinds::KINDS
        .kinds()
        .map(|k| (k.name(), k.id_table()))
    {
        assert_none(
            &conn,
            &format!("{kind} docs without a {table} row"),
            &format!(
                "SELECT id FROM docs d WHERE kind = '{kind}'
                 AND NOT EXISTS (SELECT 1 FROM {table} p WHERE p.id = d.id)"
            ),
        );
        assert_none(
            &conn,
            &format!("{table} rows without a {kind} doc"),
            &format!(
                "SELECT id FROM {table} p WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE d.id = p.id AND d.kind = '{kind}')"
            ),
        );
    }
    assert_none(
        &conn,
        "search entries of no contact",
        "SELECT rowid FROM contacts_fts WHERE rowid NOT IN (SELECT pk FROM contacts)",
    );
    assert_none(
        &conn,
        "live contacts missing from search",
        "SELECT id FROM contacts WHERE deleted_at IS NULL AND pk NOT IN (SELECT rowid FROM contacts_fts)",
    );
    assert_none(
        &conn,
        "search entries of no interaction",
        "SELECT rowid FROM interactions_fts WHERE rowid NOT IN (SELECT pk FROM interactions)",
    );

    // Every change the burst reported as committed is in the file, as reported.
    let stored: i64 = conn
        .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    assert!(
        reported.len() as i64 <= stored,
        "the burst reported {} committed writes but the file holds {stored} changes",
        reported.len()
    );
    let mut stmt = conn
        .prepare("SELECT doc_id FROM changes WHERE seq = ?1")
        .unwrap();
    for (seq, doc) in reported {
        let found: Option<String> = stmt.query_row([seq], |r| r.get(0)).ok();
        assert_eq!(
            found.as_deref(),
            Some(doc.as_str()),
            "reported change {seq} of {doc} is not in the file"
        );
    }
    drop(stmt);
    drop(conn);

    // The projection is exactly what the log says.
    let mut store = Store::open(db, "US").unwrap();
    let before = store.projection_dump().unwrap();
    let report = store.rebuild().unwrap();
    assert!(
        report.matched,
        "rebuild after a kill found a different projection"
    );
    let after = store.projection_dump().unwrap();
    assert_eq!(before.len(), after.len());
    assert!(before == after, "projection_dump changed across rebuild");
}

#[test]
fn sigkill_during_a_write_burst_leaves_every_reported_write_and_no_half_written_record() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut all: Vec<Reported> = Vec::new();
    // Kill while the file is being created, then after a handful, then after longer runs that
    // edit what the earlier runs left behind.
    let kills = [0usize, 1, 40, 150, 7, 300, 60];
    for (round, kill_after) in kills.into_iter().enumerate() {
        let got = burst_then_kill(&db, kill_after, 0x5eed_0000 + round as u64);
        assert!(got.len() >= kill_after);
        all.extend(got);
        if db.exists() {
            assert_file_is_whole(&db, &all);
        }
    }
    let seqs: BTreeSet<i64> = all.iter().map(|(s, _)| *s).collect();
    assert_eq!(seqs.len(), all.len(), "two reported writes share a change");
    let kinds: Vec<String> = {
        let conn = Connection::open(&db).unwrap();
        kith_tests::sql_rows(&conn, "SELECT DISTINCT kind FROM docs ORDER BY kind")
    };
    assert_eq!(
        kinds.len(),
        3,
        "the burst wrote every kind of record: {kinds:?}"
    );
    eprintln!(
        "{} reported writes over {} kills in {:?}",
        all.len(),
        kills.len(),
        started.elapsed()
    );
}
