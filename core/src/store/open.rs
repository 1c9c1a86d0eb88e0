//! Opening a file: connection pragmas, migrations, and the device identity kept in `meta`.

use std::path::Path;
use std::time::Duration;

use automerge::ActorId;
use rusqlite::{Connection, OptionalExtension};

use super::{Registry, Store};
use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this build writes: the number of migrations.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

impl Store {
    /// Opens (creating when missing) the database at `path` holding the record kinds `kinds`,
    /// brings its schema up to date, and gives this file a device identity on first use.
    /// `default_region` is recorded on creation only; later opens keep the file's own.
    /// (`Store::open` opens it with every kind Kith has: `crate::kinds`.)
    pub fn open_with(path: &Path, default_region: &str, kinds: &'static Registry) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&mut conn, kinds)?;
        let (actor, region) = identity(&conn, default_region)?;
        let data_version = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let seen_seq = max_seq(&conn)?;
        let checkpointer = super::checkpoint::Checkpointer::start(path, &mut conn)?;
        Ok(Store {
            _checkpointer: checkpointer,
            conn,
            actor,
            region,
            kinds,
            data_version,
            seen_seq,
        })
    }
}

/// How long a connection waits for another one's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A read-only connection to an open store's file, for work beside its writer: in WAL mode it
/// reads the last committed state, however long the writer's transaction runs.
pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Connection settings live here, not in migrations: they belong to each connection.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Applying a page of remote changes runs more distinct statements than rusqlite's default
    // cache of 16 holds, and a bootstrap spent 6% of its time parsing SQL again.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
fn migrate(conn: &mut Connection, kinds: &Registry) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found: current,
            known: SCHEMA_VERSION,
        });
    }
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        for kind in kinds.kinds() {
            kind.after_migration(&tx, i + 1)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn identity(conn: &Connection, default_region: &str) -> Result<(ActorId, String)> {
    let get = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    };
    // INSERT OR IGNORE: two processes opening a new file at once agree on one identity.
    let fresh = ActorId::random().to_hex_string();
    conn.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('actor_id', ?1)",
        [&fresh],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('default_region', ?1)",
        [default_region],
    )?;
    let hex = get("actor_id")?.ok_or_else(|| Error::Corrupt("meta has no actor_id".into()))?;
    let actor = ActorId::from(
        decode_hex(&hex).ok_or_else(|| Error::Corrupt("meta actor_id is not hex".into()))?,
    );
    let region = get("default_region")?.unwrap_or_else(|| default_region.to_string());
    Ok((actor, region))
}

pub(super) fn max_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
    )
}

pub(crate) fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, (name, sql)) in MIGRATIONS.iter().enumerate() {
            let number: usize = name[..4]
                .parse()
                .expect("migration names start with 4 digits");
            assert_eq!(number, i + 1, "{name} is out of sequence");
            assert!(!sql.trim().is_empty(), "{name} is empty");
        }
    }

    #[test]
    fn opening_twice_keeps_the_schema_and_the_device() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let first = Store::open(&path, "US").unwrap().device_id();
        let again = Store::open(&path, "GB").unwrap();
        assert_eq!(again.device_id(), first);
        assert_eq!(again.default_region(), "US");
        let v: i64 = again
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }

    #[test]
    fn a_newer_schema_is_refused_not_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        drop(Store::open(&path, "US").unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(c);
        assert!(matches!(
            Store::open(&path, "US"),
            Err(Error::SchemaTooNew { .. })
        ));
    }

    #[test]
    fn a_version_7_file_keeps_its_lookup_rows_in_the_lean_child_tables() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let mut c = Connection::open(&path).unwrap();
        for (_, sql) in &MIGRATIONS[..7] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 7).unwrap();
        let tx = c.transaction().unwrap();
        tx.execute_batch(
            "INSERT INTO contacts(pk, id, name, status, vip, created_at, updated_at, record)
                VALUES (1, 'a', 'Ada', 'active', 0, 0, 0, '{}');
             INSERT INTO contact_emails VALUES (1, 0, 'work', 'Ada@Example.com', 'ada@example.com'),
                (1, 1, 'home', 'ADA@example.com', 'ada@example.com');
             INSERT INTO contact_phones VALUES (1, 0, '', '+1 212 555 0100', '+12125550100'),
                (1, 1, '', 'ext. 12', NULL);
             INSERT INTO contact_tags VALUES (1, 'client'), (1, 'friend');
             INSERT INTO contact_import_keys VALUES (1, 'row1-abc');",
        )
        .unwrap();
        tx.commit().unwrap();
        drop(c);

        let store = Store::open(&path, "US").unwrap();
        let rows = |sql: &str| -> Vec<String> {
            let mut stmt = store.conn().prepare(sql).unwrap();
            let out = stmt
                .query_map([], |r| {
                    Ok(format!(
                        "{} {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?
                    ))
                })
                .unwrap();
            out.map(|r| r.unwrap()).collect()
        };
        // The same address twice is one row; a phone without an E.164 form is in the record only.
        assert_eq!(
            rows("SELECT email_key, contact_pk FROM contact_emails"),
            ["ada@example.com 1"]
        );
        assert_eq!(
            rows("SELECT e164, contact_pk FROM contact_phones"),
            ["+12125550100 1"]
        );
        assert_eq!(
            rows("SELECT tag, contact_pk FROM contact_tags"),
            ["client 1", "friend 1"]
        );
        assert_eq!(
            rows("SELECT key, contact_pk FROM contact_import_keys"),
            ["row1-abc 1"]
        );
    }
}
