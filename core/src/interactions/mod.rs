//! Interactions: what happened with a person (a call, a meeting, a note). Notes are Automerge
//! Text, so two devices editing the same note offline both keep their words.

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

pub mod project;
pub mod query;

use automerge::{transaction::Transactable, AutoCommit, ObjType, ROOT};
use serde::{Deserialize, Serialize};

pub use project::{for_contact, get, recent, resolve, Interactions};
pub use query::{list, InteractionFilter};

use crate::am;
use crate::error::{Error, Result};
use crate::ids::{ContactId, InteractionId};
use crate::store::Tx;
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum InteractionKind {
    Call,
    Meeting,
    Email,
    Message,
    Note,
    Other,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 6] = [
        InteractionKind::Call,
        InteractionKind::Meeting,
        InteractionKind::Email,
        InteractionKind::Message,
        InteractionKind::Note,
        InteractionKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Email => "email",
            InteractionKind::Message => "message",
            InteractionKind::Note => "note",
            InteractionKind::Other => "other",
        }
    }

    pub fn parse(s: &str, what: &str) -> Result<Self> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    what,
                    format!(
                        "'{s}' is not a kind; use call, meeting, email, message, note or other"
                    ),
                )
            })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Interaction {
    pub id: InteractionId,
    pub contact_id: ContactId,
    pub kind: InteractionKind,
    pub occurred_at: Timestamp,
    pub notes: String,
    pub transcript_source: Option<String>,
    pub ai_suggestions: Option<String>,
    pub confidence: Option<u8>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

/// An edit to an interaction; `None` leaves a field alone.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct InteractionChanges {
    pub kind: Option<InteractionKind>,
    pub occurred_at: Option<Timestamp>,
    pub notes: Option<String>,
    pub transcript_source: Option<String>,
    pub ai_suggestions: Option<String>,
    /// `Some(None)` clears it.
    #[cfg_attr(feature = "ts", ts(as = "Option<u8>"))]
    pub confidence: Option<Option<u8>>,
}

/// The fields of an interaction's document: the one place their keys and shapes are spelled.
pub mod fields {
    use crate::am::field::{Field, Instant, Int, Str, Text};

    pub use crate::am::field::common::{CREATED_AT, DELETED_AT, KIND, UPDATED_AT};
    /// The contact it happened with.
    pub const CONTACT_ID: Field<Str> = Field::new("contact_id");
    /// call, meeting, email, message, note or other (`kind` names the record kind).
    pub const TYPE: Field<Str> = Field::new("type");
    /// When it happened.
    pub const OCCURRED_AT: Field<Instant> = Field::new("occurred_at");
    /// What was said or done.
    pub const NOTES: Field<Text> = Field::new("notes");
    /// Where the notes came from when they were transcribed.
    pub const TRANSCRIPT_SOURCE: Field<Str> = Field::new("transcript_source");
    /// What an assistant proposed from the notes.
    pub const AI_SUGGESTIONS: Field<Text> = Field::new("ai_suggestions");
    /// How sure the assistant was, 0–100.
    pub const CONFIDENCE: Field<Int> = Field::new("confidence");
}

use fields::*;

/// Reads the interaction a document holds.
pub fn read(doc: &AutoCommit, id: InteractionId) -> Result<Interaction> {
    read_root(&am::View::new(&am::View::root(doc)?), id)
}

/// Reads the interaction from its document's hydrated root.
pub(crate) fn read_root(v: &am::View<'_>, id: InteractionId) -> Result<Interaction> {
    let contact = CONTACT_ID.get(v).unwrap_or_default();
    Ok(Interaction {
        id,
        contact_id: ContactId::parse(&contact, "contact_id")
            .map_err(|e| Error::Corrupt(e.to_string()))?,
        kind: TYPE
            .get(v)
            .and_then(|k| InteractionKind::parse(&k, "kind").ok())
            .unwrap_or(InteractionKind::Other),
        occurred_at: OCCURRED_AT.require(v)?,
        notes: NOTES.get(v),
        transcript_source: TRANSCRIPT_SOURCE.get(v),
        ai_suggestions: Some(AI_SUGGESTIONS.get(v)).filter(|s| !s.is_empty()),
        confidence: CONFIDENCE.get(v).and_then(|c| u8::try_from(c).ok()),
        created_at: CREATED_AT.require(v)?,
        updated_at: UPDATED_AT.require(v)?,
        deleted_at: DELETED_AT.get(v),
    })
}

fn apply(doc: &mut AutoCommit, c: &InteractionChanges) -> Result<()> {
    if let Some(Some(conf)) = c.confidence {
        if conf > 100 {
            return Err(Error::invalid(
                "confidence",
                format!("{conf} is not between 0 and 100"),
            ));
        }
    }
    if let Some(k) = c.kind {
        TYPE.put(doc, Some(k.as_str()))?;
    }
    if let Some(t) = c.occurred_at {
        OCCURRED_AT.put(doc, Some(t))?;
    }
    if let Some(n) = &c.notes {
        NOTES.put(doc, n)?;
    }
    if let Some(s) = &c.transcript_source {
        TRANSCRIPT_SOURCE.put(doc, Some(s.trim()))?;
    }
    if let Some(s) = &c.ai_suggestions {
        AI_SUGGESTIONS.put(doc, s)?;
    }
    if let Some(conf) = c.confidence {
        CONFIDENCE.put(doc, conf.map(i64::from))?;
    }
    Ok(())
}

/// Logs an interaction with a live contact. `changes.kind` and `changes.occurred_at` default to
/// a note, now.
pub fn create(
    tx: &mut Tx<'_>,
    contact: ContactId,
    changes: InteractionChanges,
    now: Timestamp,
) -> Result<Interaction> {
    let person = crate::contacts::get(tx.conn(), contact)?;
    if person.deleted_at.is_some() {
        return Err(Error::invalid(
            "contact",
            format!("{contact} is deleted; restore it first"),
        ));
    }
    let id = InteractionId::new();
    let mut d = tx.new_doc::<Interactions>(id)?;
    CONTACT_ID.put(&mut d.am, Some(&contact.to_string()))?;
    CREATED_AT.put(&mut d.am, Some(now))?;
    // Both Texts exist from birth, so two devices never create competing ones.
    d.am.put_object(&ROOT, NOTES.key(), ObjType::Text)?;
    d.am.put_object(&ROOT, AI_SUGGESTIONS.key(), ObjType::Text)?;
    let changes = InteractionChanges {
        kind: Some(changes.kind.unwrap_or(InteractionKind::Note)),
        occurred_at: Some(changes.occurred_at.unwrap_or(now)),
        ..changes
    };
    apply(&mut d.am, &changes)?;
    tx.save_or::<Interactions>(&mut d, now, |c| get(c, id))
}

/// Edits an interaction (the desktop app saves a note being typed through this).
pub fn update(
    tx: &mut Tx<'_>,
    id: InteractionId,
    changes: InteractionChanges,
    now: Timestamp,
) -> Result<Interaction> {
    let mut d = tx.open::<Interactions>(id)?;
    apply(&mut d.am, &changes)?;
    tx.save_or::<Interactions>(&mut d, now, |c| get(c, id))
}

/// Soft-deletes an interaction: it leaves the timeline and search and can be restored.
pub fn delete(tx: &mut Tx<'_>, id: InteractionId, now: Timestamp) -> Result<Interaction> {
    tx.set_deleted::<Interactions>(id, Some(now), now)
}

/// Brings a deleted interaction back.
pub fn restore(tx: &mut Tx<'_>, id: InteractionId, now: Timestamp) -> Result<Interaction> {
    tx.set_deleted::<Interactions>(id, None, now)
}
