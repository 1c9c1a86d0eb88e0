//! Typed record ids. Every record is an Automerge document named by a UUIDv7, so ids sort by
//! creation time and two devices never mint the same one.
//!
//! Ids cross the store typed: each converts to and from SQLite (`ToSql`/`FromSql`) as the
//! hyphenated lower-case text the file has always held, so no query turns an id into a string
//! or parses one back by hand.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};

/// A typed record id: a UUIDv7 naming one document.
pub trait RecordId: Copy + Send + Sync + fmt::Display + ToSql + FromSql + 'static {
    /// How errors and the CLI name a record of this kind ("follow-up"): the one place each
    /// kind's label is spelled.
    const LABEL: &'static str;
    /// The id of document `uuid`.
    fn from_uuid(uuid: Uuid) -> Self;
    /// The UUID it wraps.
    fn uuid(self) -> Uuid;
    /// The document it names.
    fn doc(self) -> DocId {
        DocId(self.uuid())
    }
}

/// Writes `u` as the text the file holds ids in.
fn uuid_to_sql(u: &Uuid) -> ToSqlOutput<'static> {
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    ToSqlOutput::from(u.hyphenated().encode_lower(&mut buf).to_string())
}

/// Reads an id stored as text.
fn uuid_from_sql(v: ValueRef<'_>) -> FromSqlResult<Uuid> {
    Uuid::try_parse(v.as_str()?).map_err(|e| FromSqlError::Other(Box::new(e)))
}

macro_rules! uuid_sql {
    ($name:ident) => {
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(uuid_to_sql(&self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                uuid_from_sql(v).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

/// The id of any document, whatever its kind: what the change log and sync speak of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub Uuid);
uuid_sql!(DocId);

impl DocId {
    /// Parses a document id from the wire or the file; `what` names it in the error.
    pub fn parse(s: &str, what: &str) -> Result<DocId> {
        Uuid::try_parse(s)
            .map(DocId)
            .map_err(|_| Error::invalid(what, "the document id is not a uuid"))
    }
}

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);
        uuid_sql!($name);

        // By hand, so an id that is not one says which kind of id was expected (the window's
        // IPC reports "input.contact_id: 'x' is not a contact id").
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                if !d.is_human_readable() {
                    return Uuid::deserialize(d).map(Self);
                }
                let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
                Uuid::try_parse(&text).map(Self).map_err(|_| {
                    serde::de::Error::custom(format!("'{}' is not a {} id", text, $kind))
                })
            }
        }

        impl $name {
            /// A new id, unique across devices.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Parses a full id; `what` names the argument in the error.
            pub fn parse(s: &str, what: &str) -> Result<Self> {
                Uuid::try_parse(s.trim()).map(Self).map_err(|_| {
                    Error::invalid(what, format!("'{}' is not a {} id", s.trim(), $kind))
                })
            }
        }

        impl RecordId for $name {
            const LABEL: &'static str = $kind;
            fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<$name> for DocId {
            fn from(id: $name) -> DocId {
                DocId(id.0)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
}

record_id!(
    /// A contact's id.
    ContactId,
    "contact"
);
record_id!(
    /// An interaction's id.
    InteractionId,
    "interaction"
);
record_id!(
    /// A follow-up's id.
    FollowUpId,
    "follow-up"
);

/// The error for an id that names no record of its kind.
pub fn not_found<I: RecordId>(id: I) -> Error {
    Error::NotFound {
        kind: I::LABEL,
        id: id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_from_its_text_and_a_malformed_one_names_its_kind() {
        let id = ContactId::new();
        let back: ContactId = serde_json::from_value(serde_json::json!(id.to_string())).unwrap();
        assert_eq!(back, id);
        let e = serde_json::from_value::<FollowUpId>(serde_json::json!("0190")).unwrap_err();
        assert_eq!(e.to_string(), "'0190' is not a follow-up id");
        assert!(serde_json::from_value::<InteractionId>(serde_json::json!(7)).is_err());
    }
}
