//! A record's fields, declared once per kind.
//!
//! A [`Field`] is a key and the shape of its value. The three places a kind touches its
//! document — reading the hydrated root ([`View`]), editing a stored document (an
//! [`AutoCommit`]) and building a new one in one go ([`Root`]) — all take the same declaration,
//! so a key cannot be spelled two ways, nor read as one shape and written as another.
//!
//! ```
//! use kith_core::am::field::{Field, Str};
//! const TITLE: Field<Str> = Field::new("title");
//! assert_eq!(TITLE.key(), "title");
//! ```

use std::marker::PhantomData;

use automerge::{AutoCommit, ROOT};
use serde::{de::DeserializeOwned, Serialize};

use super::build::Root;
use super::View;
use crate::error::Result;
use crate::time::Timestamp;

/// A field of a record's document at its root: key `key`, value of shape `S`.
pub struct Field<S> {
    key: &'static str,
    shape: PhantomData<fn() -> S>,
}

impl<S> Field<S> {
    /// The field stored under `key`. Keys are part of the file format: never rename one.
    pub const fn new(key: &'static str) -> Self {
        Field {
            key,
            shape: PhantomData,
        }
    }

    /// Its key in the document.
    pub const fn key(&self) -> &'static str {
        self.key
    }
}

/// A short string; empty or missing reads as `None`.
pub enum Str {}
/// An integer.
pub enum Int {}
/// A flag; missing reads as `false`.
pub enum Flag {}
/// An instant, as UTC milliseconds.
pub enum Instant {}
/// Long text as Automerge Text, so concurrent edits merge by character.
pub enum Text {}
/// A set: a map from member to `true`, so concurrent additions both stay.
pub enum Set {}
/// A list of small records of type `T`, each a map of strings.
pub struct Records<T>(PhantomData<fn() -> T>);

impl Field<Str> {
    /// Its value, `None` when empty or missing.
    pub fn get(&self, v: &View<'_>) -> Option<String> {
        v.opt_str(self.key)
    }

    /// Sets (or with `None`, removes) it, when the value differs.
    pub fn put(&self, doc: &mut AutoCommit, value: Option<&str>) -> Result<()> {
        super::put_str(doc, &ROOT, self.key, value)
    }

    /// Its first value in a new document (nothing when empty).
    pub fn init<'r>(&self, root: &'r mut Root, value: Option<&str>) -> &'r mut Root {
        root.str(self.key, value)
    }
}

impl Field<Int> {
    /// Its value.
    pub fn get(&self, v: &View<'_>) -> Option<i64> {
        v.i64(self.key)
    }

    /// Sets (or with `None`, removes) it, when the value differs.
    pub fn put(&self, doc: &mut AutoCommit, value: Option<i64>) -> Result<()> {
        super::put_i64(doc, &ROOT, self.key, value)
    }

    /// Its first value in a new document.
    pub fn init<'r>(&self, root: &'r mut Root, value: Option<i64>) -> &'r mut Root {
        root.int(self.key, value)
    }
}

impl Field<Flag> {
    /// Its value; missing is `false`.
    pub fn get(&self, v: &View<'_>) -> bool {
        v.bool(self.key)
    }

    /// Sets it, when the value differs.
    pub fn put(&self, doc: &mut AutoCommit, value: bool) -> Result<()> {
        super::put_bool(doc, &ROOT, self.key, value)
    }

    /// Its first value in a new document.
    pub fn init<'r>(&self, root: &'r mut Root, value: bool) -> &'r mut Root {
        root.bool(self.key, value)
    }
}

impl Field<Instant> {
    /// Its value.
    pub fn get(&self, v: &View<'_>) -> Option<Timestamp> {
        v.ts(self.key)
    }

    /// Its value, which every record of the kind has: a document without it is damaged.
    pub fn require(&self, v: &View<'_>) -> Result<Timestamp> {
        v.require_ts(self.key)
    }

    /// Sets (or with `None`, removes) it, when the value differs.
    pub fn put(&self, doc: &mut AutoCommit, value: Option<Timestamp>) -> Result<()> {
        super::put_ts(doc, &ROOT, self.key, value)
    }

    /// Its first value in a new document.
    pub fn init<'r>(&self, root: &'r mut Root, value: Option<Timestamp>) -> &'r mut Root {
        root.int(self.key, value.map(|t| t.0))
    }
}

impl Field<Text> {
    /// Its text; missing is empty.
    pub fn get(&self, v: &View<'_>) -> String {
        v.str(self.key).unwrap_or_default()
    }

    /// Edits the text into `value` by a character diff (see [`super::put_text`]).
    pub fn put(&self, doc: &mut AutoCommit, value: &str) -> Result<()> {
        super::put_text(doc, &ROOT, self.key, value)
    }

    /// Its first text in a new document, created even when empty so two devices never
    /// create competing Text objects.
    pub fn init<'r>(&self, root: &'r mut Root, value: &str) -> &'r mut Root {
        root.text(self.key, value)
    }
}

impl Field<Set> {
    /// Its members, sorted.
    pub fn get(&self, v: &View<'_>) -> Vec<String> {
        v.set(self.key)
    }

    /// Adds and removes members, leaving the others (and concurrent additions) alone.
    pub fn edit(&self, doc: &mut AutoCommit, add: &[String], remove: &[String]) -> Result<()> {
        super::edit_set(doc, &ROOT, self.key, add, remove)
    }

    /// Makes the set hold exactly `members`.
    pub fn put(&self, doc: &mut AutoCommit, members: &[String]) -> Result<()> {
        let remove: Vec<String> = super::get_set(doc, &ROOT, self.key)?
            .into_iter()
            .filter(|m| !members.contains(m))
            .collect();
        self.edit(doc, members, &remove)
    }

    /// Its first members in a new document, created even when empty.
    pub fn init<'r>(&self, root: &'r mut Root, members: &[String]) -> &'r mut Root {
        root.set(self.key, members)
    }
}

impl<T: Serialize + DeserializeOwned + PartialEq> Field<Records<T>> {
    /// Its records, in order.
    pub fn get(&self, v: &View<'_>) -> Result<Vec<T>> {
        v.list(self.key)
    }

    /// Replaces the list when it differs from what the document holds.
    pub fn put(&self, doc: &mut AutoCommit, items: &[T]) -> Result<()> {
        super::put_list(doc, &ROOT, self.key, items)
    }

    /// Its first records in a new document (nothing when there are none).
    pub fn init<'r>(&self, root: &'r mut Root, items: &[T]) -> &'r mut Root {
        root.list(self.key, items)
    }
}

/// The fields every record has, whatever its kind.
pub mod common {
    use super::{Field, Instant, Str};

    /// What the document records: its kind's [`crate::store::RecordKind::NAME`].
    pub const KIND: Field<Str> = Field::new("kind");
    /// When the record was made.
    pub const CREATED_AT: Field<Instant> = Field::new("created_at");
    /// When it last changed: every commit stamps it.
    pub const UPDATED_AT: Field<Instant> = Field::new("updated_at");
    /// When it was (soft-)deleted; restoring clears it.
    pub const DELETED_AT: Field<Instant> = Field::new("deleted_at");
}
