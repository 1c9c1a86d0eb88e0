//! The registry: every record kind Kith has, in one list.
//!
//! A new kind is a folder of its own (its model, its document, its rows: see
//! `docs/adding-a-record-kind.md`) that implements [`RecordKind`], and one line here. The
//! store reads and writes every kind through this list, `kith rebuild` and the replica checks
//! walk the tables it names, and a test fails when a table of the schema belongs to no kind.

use crate::store::kind::{Entry, Registry};
#[cfg(doc)]
use crate::store::RecordKind;
use crate::store::{Received, RemoteChange, Store};
use crate::{contacts, followups, interactions};

/// Every record kind, in the order `rebuild` empties and the replica checks compare their
/// tables.
pub static KINDS: Registry = Registry(&[
    &Entry::<contacts::Contacts>::NEW,
    &Entry::<interactions::Interactions>::NEW,
    &Entry::<followups::FollowUps>::NEW,
]);

impl Store {
    /// Opens (creating when missing) the database at `path` with every record kind Kith has;
    /// see [`Store::open_with`].
    pub fn open(path: &std::path::Path, default_region: &str) -> crate::Result<Store> {
        Store::open_with(path, default_region, &KINDS)
    }
}

impl Received {
    /// Checks and reads `changes` from another replica on every core; see [`Received::read`].
    pub fn new(changes: Vec<RemoteChange>) -> crate::Result<Received> {
        Received::read(&KINDS, changes)
    }
}

/// Tables of the file that are not a record kind's projection: the change log, the documents'
/// snapshots, settings, and device-local state that never syncs. Every other table must belong
/// to a kind, or `rebuild` and the replica checks would silently leave it out.
pub const NOT_PROJECTION: &[&str] = &["meta", "docs", "changes", "notified"];

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The regression this registry exists for: a projection table left out of every kind's
    /// list is neither emptied by `rebuild` nor compared between replicas, and nothing says so.
    #[test]
    fn every_table_of_the_schema_belongs_to_exactly_one_kind() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), "US").unwrap();
        let tables: Vec<String> = store
            .conn()
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                 ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for kind in KINDS.kinds() {
            for t in kind.tables() {
                owners.entry(t.name).or_default().push(kind.name());
            }
        }
        let indexes: Vec<&str> = KINDS
            .tables()
            .filter(|t| t.search_index)
            .map(|t| t.name)
            .collect();
        for table in &tables {
            // FTS5 keeps each index in shadow tables of its own (`contacts_fts_data`, ...).
            if indexes
                .iter()
                .any(|i| table.strip_prefix(i).is_some_and(|r| r.starts_with('_')))
                || NOT_PROJECTION.contains(&table.as_str())
            {
                continue;
            }
            match owners.get(table.as_str()).map(Vec::as_slice) {
                Some([_]) => {}
                Some(many) => panic!("table {table} is listed by several kinds: {many:?}"),
                None => panic!(
                    "table {table} belongs to no record kind: list it in its kind's TABLES \
                     (see docs/adding-a-record-kind.md), or in kinds::NOT_PROJECTION if it is \
                     not projection"
                ),
            }
        }
        for name in owners.keys() {
            assert!(
                tables.iter().any(|t| t == name),
                "a kind lists table {name}, which the schema does not have"
            );
        }
    }

    #[test]
    fn kind_names_and_labels_are_unique() {
        let mut names: Vec<&str> = KINDS.kinds().map(|k| k.name()).collect();
        let mut labels: Vec<&str> = KINDS.kinds().map(|k| k.label()).collect();
        names.sort_unstable();
        labels.sort_unstable();
        let n = names.len();
        names.dedup();
        labels.dedup();
        assert_eq!((names.len(), labels.len()), (n, n));
    }

    /// A kind someone wrote but forgot to list.
    struct Unlisted;

    impl crate::store::RecordKind for Unlisted {
        const NAME: &'static str = "unlisted";
        const ID_TABLE: &'static str = "contacts";
        const TABLES: &'static [crate::store::kind::Table] = &[];
        type Id = crate::ids::ContactId;
        type Rows = ();
        fn read(_: Self::Id, _: &crate::am::View<'_>) -> crate::Result<()> {
            Ok(())
        }
        fn write(_: &mut (), _: &mut crate::store::kind::Writer<'_>) -> crate::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_kind_missing_from_the_registry_is_refused_at_its_first_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db"), "US").unwrap();
        let err = store
            .write(|tx| {
                let mut d = tx.new_doc::<Unlisted>(crate::ids::ContactId::new())?;
                crate::am::field::common::CREATED_AT
                    .put(&mut d.am, Some(crate::time::Timestamp(1)))?;
                tx.save::<Unlisted>(&mut d, crate::time::Timestamp(1))
            })
            .unwrap_err();
        assert!(err.to_string().contains("not in the registry"), "{err}");
        let changes: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(changes, 0, "nothing of the refused write stays");
    }
}
