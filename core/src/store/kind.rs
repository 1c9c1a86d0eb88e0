//! What the store needs of a record kind, and the registry that lists the kinds.
//!
//! A record kind (a contact, an interaction, a follow-up, and whatever comes next) implements
//! [`RecordKind`] once: the `kind` its documents name, how the user hears of one, its typed id,
//! how its document's root reads into its projection rows (pure: no database, so an import or a
//! sync reads documents on every core), how those rows are written, and which tables it owns.
//!
//! The store is generic over kinds. It never names one: it reads and writes rows through the
//! [`Registry`] it was opened with (`crate::kinds::KINDS`), so local writes, imports, remote
//! changes and `rebuild` all produce a record's rows through the same two functions
//! ([`RecordKind::read`] then [`RecordKind::write`]).

use std::any::{Any, TypeId};
use std::marker::PhantomData;

use automerge::hydrate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::am::field::common::KIND;
use crate::am::View;
use crate::error::{Error, Result};
use crate::ids::{DocId, RecordId};

/// One kind of record. Implemented once per kind, in the kind's own folder; listed once in
/// `crate::kinds`.
pub trait RecordKind: Sized + Send + Sync + 'static {
    /// The `kind` its documents hold at their root, and the `docs.kind` column. Part of the
    /// file format: never change it.
    const NAME: &'static str;
    /// The table whose `id` column holds every record of this kind, live or deleted: where an
    /// id or its unique start is resolved.
    const ID_TABLE: &'static str;
    /// Every projection table the kind writes, in the order `rebuild` empties them.
    const TABLES: &'static [Table];
    /// Fields of its documents that are bookkeeping, not values the user set: the history
    /// leaves them out.
    const BOOKKEEPING: &'static [&'static str] = &["kind", "created_at", "updated_at"];

    /// Its typed id.
    type Id: RecordId;
    /// What one document projects to, made without the database.
    type Rows: Send + 'static;

    /// Reads the rows of the document whose hydrated root is `root`.
    fn read(id: Self::Id, root: &View<'_>) -> Result<Self::Rows>;

    /// Writes the rows (the only place this kind's projection rows are written).
    fn write(rows: &mut Self::Rows, w: &mut Writer<'_>) -> Result<()>;

    /// Work a migration needs done in Rust on this kind's tables, in the migration's
    /// transaction (such as filling a search index made anew). Most kinds need none.
    fn after_migration(_conn: &Connection, _version: usize) -> Result<()> {
        Ok(())
    }
}

/// A projection table a kind owns.
#[derive(Clone, Copy, Debug)]
pub struct Table {
    /// The table's name.
    pub name: &'static str,
    /// An FTS5 index, emptied with its `delete-all` command rather than `DELETE`.
    pub search_index: bool,
    /// The table in canonical order, one row per line, without the local row numbers that
    /// differ between replicas: two replicas that agree give the same rows. For a contentless
    /// search index, its terms through `temp.NAME_terms` (an `fts5vocab` table the check makes).
    pub canonical: &'static str,
}

impl Table {
    /// A plain table.
    pub const fn rows(name: &'static str, canonical: &'static str) -> Table {
        Table {
            name,
            search_index: false,
            canonical,
        }
    }

    /// A contentless FTS5 index.
    pub const fn search(name: &'static str, canonical: &'static str) -> Table {
        Table {
            name,
            search_index: true,
            canonical,
        }
    }
}

/// What the file may already hold of a record being written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// Nothing refers to it: a record an import has just made.
    Nothing,
    /// It has no rows yet, though other records may name it (a document new to this file,
    /// which sync may deliver after the records that point at it).
    NoRows,
    /// It may have rows.
    Maybe,
}

/// Rows gathered across the records of one batch and written together at its end (a search
/// index flushes a segment per statement, so one insert per record made thousands of tiny
/// segments).
pub trait Deferred: Any + Send {
    /// Writes what was gathered.
    fn flush(&mut self, conn: &Connection) -> Result<()>;
}

/// Where a kind writes its rows: the transaction's connection, what the file may hold of the
/// record, and the batch's deferred rows.
pub struct Writer<'a> {
    /// The write transaction's connection.
    pub conn: &'a Connection,
    /// What the file may already hold of this record.
    pub known: Known,
    batch: &'a mut Batch,
}

impl Writer<'_> {
    /// The batch's gathered rows of type `T`, made empty on first use.
    pub fn deferred<T: Deferred + Default>(&mut self) -> &mut T {
        self.batch.get::<T>()
    }
}

/// The deferred rows of one batch of writes, by type; [`Batch::flush`] writes them all.
#[derive(Default)]
pub struct Batch(Vec<(TypeId, Box<dyn Deferred>)>);

impl Batch {
    fn get<T: Deferred + Default>(&mut self) -> &mut T {
        let at = match self.0.iter().position(|(t, _)| *t == TypeId::of::<T>()) {
            Some(i) => i,
            None => {
                self.0.push((TypeId::of::<T>(), Box::new(T::default())));
                self.0.len() - 1
            }
        };
        let any: &mut dyn Any = self.0[at].1.as_mut();
        any.downcast_mut::<T>()
            .expect("batch entries are keyed by type")
    }

    /// Writes every gathered row.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        for (_, d) in &mut self.0 {
            d.flush(conn)?;
        }
        Ok(())
    }

    /// A writer of one record's rows into this batch.
    pub fn writer<'a>(&'a mut self, conn: &'a Connection, known: Known) -> Writer<'a> {
        Writer {
            conn,
            known,
            batch: self,
        }
    }
}

/// What a document of any kind projects to; written with [`Projection::write`].
pub struct Projection {
    kind: &'static dyn Kind,
    rows: Box<dyn Any + Send>,
}

impl Projection {
    /// The rows of a record of kind `K`.
    pub fn of<K: RecordKind>(rows: K::Rows) -> Projection {
        Projection {
            kind: &Entry::<K>(PhantomData),
            rows: Box::new(rows),
        }
    }

    /// The `kind` of the record.
    pub fn kind(&self) -> &'static str {
        self.kind.name()
    }

    /// Writes the rows into `batch`.
    pub fn write(mut self, batch: &mut Batch, conn: &Connection, known: Known) -> Result<()> {
        self.kind
            .write(self.rows.as_mut(), &mut batch.writer(conn, known))
    }
}

/// A record kind seen through the registry: [`RecordKind`] without its types.
pub trait Kind: Sync {
    /// [`RecordKind::NAME`].
    fn name(&self) -> &'static str;
    /// [`RecordId::LABEL`] of its id.
    fn label(&self) -> &'static str;
    /// [`RecordKind::ID_TABLE`].
    fn id_table(&self) -> &'static str;
    /// [`RecordKind::TABLES`].
    fn tables(&self) -> &'static [Table];
    /// [`RecordKind::BOOKKEEPING`].
    fn bookkeeping(&self) -> &'static [&'static str];
    /// [`RecordKind::read`], of document `id`.
    fn read(&self, id: uuid::Uuid, root: &View<'_>) -> Result<Projection>;
    /// [`RecordKind::write`] of rows made by this kind's `read`.
    fn write(&self, rows: &mut (dyn Any + Send), w: &mut Writer<'_>) -> Result<()>;
    /// [`RecordKind::after_migration`].
    fn after_migration(&self, conn: &Connection, version: usize) -> Result<()>;
}

/// The registry's entry of kind `K`.
pub struct Entry<K>(pub PhantomData<K>);

impl<K: RecordKind> Entry<K> {
    /// The entry (for the registry's list).
    pub const NEW: Entry<K> = Entry(PhantomData);
}

impl<K: RecordKind> Kind for Entry<K> {
    fn name(&self) -> &'static str {
        K::NAME
    }
    fn label(&self) -> &'static str {
        K::Id::LABEL
    }
    fn id_table(&self) -> &'static str {
        K::ID_TABLE
    }
    fn tables(&self) -> &'static [Table] {
        K::TABLES
    }
    fn bookkeeping(&self) -> &'static [&'static str] {
        K::BOOKKEEPING
    }
    fn read(&self, id: uuid::Uuid, root: &View<'_>) -> Result<Projection> {
        Ok(Projection::of::<K>(K::read(K::Id::from_uuid(id), root)?))
    }
    fn write(&self, rows: &mut (dyn Any + Send), w: &mut Writer<'_>) -> Result<()> {
        let rows = rows
            .downcast_mut::<K::Rows>()
            .expect("a projection's rows are of its own kind");
        K::write(rows, w)
    }
    fn after_migration(&self, conn: &Connection, version: usize) -> Result<()> {
        K::after_migration(conn, version)
    }
}

/// Every record kind the file can hold.
pub struct Registry(pub &'static [&'static dyn Kind]);

impl Registry {
    /// The kind named `name`, when this build knows it.
    pub fn find(&self, name: &str) -> Option<&'static dyn Kind> {
        self.0.iter().copied().find(|k| k.name() == name)
    }

    /// The kinds, in registry order.
    pub fn kinds(&self) -> impl Iterator<Item = &'static dyn Kind> + '_ {
        self.0.iter().copied()
    }

    /// What the document `id` whose hydrated root is `root` projects to; `None` while its kind
    /// has not arrived (its first change is still in flight) or names no kind this build knows.
    pub fn read(&self, id: DocId, root: &hydrate::Map) -> Result<Option<Projection>> {
        let v = View::new(root);
        match KIND.get(&v).as_deref().and_then(|k| self.find(k)) {
            Some(kind) => kind.read(id.0, &v).map(Some),
            None => Ok(None),
        }
    }

    /// Every projection table, in the order `rebuild` empties them.
    pub fn tables(&self) -> impl Iterator<Item = &'static Table> + '_ {
        self.kinds().flat_map(|k| k.tables().iter())
    }
}

/// Turns what a person typed (a full id, or the unique start of one, at least 4 characters)
/// into the id of a record of kind `K`, live or deleted.
pub fn resolve<K: RecordKind>(conn: &Connection, input: &str) -> Result<K::Id> {
    let (table, label) = (K::ID_TABLE, K::Id::LABEL);
    let s = input.trim().to_ascii_lowercase();
    if let Ok(u) = uuid::Uuid::try_parse(&s) {
        let id = K::Id::from_uuid(u);
        let found: Option<i64> = conn
            .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
            .query_row([id.doc()], |r| r.get(0))
            .optional()?;
        return found
            .map(|_| id)
            .ok_or_else(|| Error::NotFound { kind: label, id: s });
    }
    if s.len() < 4 || !s.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Error::invalid(
            format!("{label} id"),
            format!("'{}' is not a {label} id", input.trim()),
        ));
    }
    let upper = format!("{s}\u{10ffff}");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE id >= ?1 AND id < ?2 LIMIT 2"
    ))?;
    let hits: Vec<DocId> = stmt
        .query_map(params![s, upper], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match hits.as_slice() {
        [one] => Ok(K::Id::from_uuid(one.0)),
        [] => Err(Error::NotFound { kind: label, id: s }),
        _ => Err(Error::invalid(
            format!("{label} id"),
            format!("'{s}' matches more than one {label}; type more of the id"),
        )),
    }
}
