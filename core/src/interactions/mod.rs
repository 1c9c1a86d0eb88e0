//! Interactions: what happened with a person (a call, a meeting, a note). Notes are Automerge
//! Text, so two devices editing the same note offline both keep their words.

pub mod project;

use automerge::{transaction::Transactable, AutoCommit, ObjType, ROOT};
use serde::{Deserialize, Serialize};

pub use project::{for_contact, get, recent, resolve};

use crate::am;
use crate::error::{Error, Result};
use crate::ids::{ContactId, InteractionId};
use crate::store::{DocKind, Tx};
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
pub struct InteractionChanges {
    pub kind: Option<InteractionKind>,
    pub occurred_at: Option<Timestamp>,
    pub notes: Option<String>,
    pub transcript_source: Option<String>,
    pub ai_suggestions: Option<String>,
    /// `Some(None)` clears it.
    pub confidence: Option<Option<u8>>,
}

/// Reads the interaction a document holds.
pub fn read(doc: &AutoCommit, id: InteractionId) -> Result<Interaction> {
    read_root(&am::View::new(&am::View::root(doc)?), id)
}

/// Reads the interaction from its document's hydrated root.
pub(crate) fn read_root(v: &am::View<'_>, id: InteractionId) -> Result<Interaction> {
    let contact = v.str("contact_id").unwrap_or_default();
    Ok(Interaction {
        id,
        contact_id: ContactId::parse(&contact, "contact_id")
            .map_err(|e| Error::Corrupt(e.to_string()))?,
        kind: v
            .str("type")
            .and_then(|k| InteractionKind::parse(&k, "kind").ok())
            .unwrap_or(InteractionKind::Other),
        occurred_at: v.require_ts("occurred_at")?,
        notes: v.str("notes").unwrap_or_default(),
        transcript_source: v.opt_str("transcript_source"),
        ai_suggestions: v.opt_str("ai_suggestions"),
        confidence: v.i64("confidence").and_then(|c| u8::try_from(c).ok()),
        created_at: v.require_ts("created_at")?,
        updated_at: v.require_ts("updated_at")?,
        deleted_at: v.ts("deleted_at"),
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
        am::put_str(doc, &ROOT, "type", Some(k.as_str()))?;
    }
    if let Some(t) = c.occurred_at {
        am::put_ts(doc, &ROOT, "occurred_at", Some(t))?;
    }
    if let Some(n) = &c.notes {
        am::put_text(doc, &ROOT, "notes", n)?;
    }
    if let Some(s) = &c.transcript_source {
        am::put_str(doc, &ROOT, "transcript_source", Some(s.trim()))?;
    }
    if let Some(s) = &c.ai_suggestions {
        am::put_text(doc, &ROOT, "ai_suggestions", s)?;
    }
    if let Some(conf) = c.confidence {
        am::put_i64(doc, &ROOT, "confidence", conf.map(i64::from))?;
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
    let mut d = tx.new_doc(&id.to_string(), DocKind::Interaction)?;
    am::put_str(&mut d.am, &ROOT, "contact_id", Some(&contact.to_string()))?;
    am::put_ts(&mut d.am, &ROOT, "created_at", Some(now))?;
    d.am.put_object(&ROOT, "notes", ObjType::Text)?;
    d.am.put_object(&ROOT, "ai_suggestions", ObjType::Text)?;
    let changes = InteractionChanges {
        kind: Some(changes.kind.unwrap_or(InteractionKind::Note)),
        occurred_at: Some(changes.occurred_at.unwrap_or(now)),
        ..changes
    };
    apply(&mut d.am, &changes)?;
    tx.save_doc(&mut d, now)?;
    get(tx.conn(), id)
}

/// Edits an interaction (the desktop app saves a note being typed through this).
pub fn update(
    tx: &mut Tx<'_>,
    id: InteractionId,
    changes: InteractionChanges,
    now: Timestamp,
) -> Result<Interaction> {
    let mut d = open(tx, id)?;
    apply(&mut d.am, &changes)?;
    tx.save_doc(&mut d, now)?;
    get(tx.conn(), id)
}

pub fn delete(tx: &mut Tx<'_>, id: InteractionId, now: Timestamp) -> Result<Interaction> {
    set_deleted(tx, id, Some(now), now)
}

pub fn restore(tx: &mut Tx<'_>, id: InteractionId, now: Timestamp) -> Result<Interaction> {
    set_deleted(tx, id, None, now)
}

fn set_deleted(
    tx: &mut Tx<'_>,
    id: InteractionId,
    at: Option<Timestamp>,
    now: Timestamp,
) -> Result<Interaction> {
    tx.set_deleted(&id.to_string(), DocKind::Interaction, at, now)?;
    get(tx.conn(), id)
}

fn open(tx: &Tx<'_>, id: InteractionId) -> Result<crate::store::Doc> {
    tx.open_record(&id.to_string(), DocKind::Interaction)
}
