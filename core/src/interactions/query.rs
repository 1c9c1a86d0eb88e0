//! Listing interactions by contact, kind and time: the timeline's filter bar and `kith log list`.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::{Interaction, InteractionKind};
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::time::Timestamp;

/// How many interactions a list holds when the caller names no limit.
pub const DEFAULT_LIMIT: u32 = 100;
/// The most a single list returns, whatever the caller asks.
pub const MAX_LIMIT: u32 = 10_000;

/// Which interactions [`list`] returns: every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct InteractionFilter {
    /// Only this contact's (its timeline); otherwise only live contacts' interactions.
    pub contact: Option<ContactId>,
    /// Only this kind.
    pub kind: Option<InteractionKind>,
    /// Only those that happened at or after this time.
    pub from: Option<Timestamp>,
    /// Only those that happened at or before this time.
    pub to: Option<Timestamp>,
    /// At most this many, newest first ([`DEFAULT_LIMIT`] when absent, at most [`MAX_LIMIT`]).
    pub limit: Option<u32>,
}

/// Live interactions matching `filter`, newest first.
pub fn list(conn: &rusqlite::Connection, filter: &InteractionFilter) -> Result<Vec<Interaction>> {
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if to < from {
            return Err(Error::invalid(
                "to",
                "the range ends before it starts; give a --to later than --from",
            ));
        }
    }
    let mut sql = String::from(
        "SELECT i.record FROM interactions i JOIN contacts c ON c.id = i.contact_id
         WHERE i.deleted_at IS NULL",
    );
    let mut args: Vec<Value> = Vec::new();
    let mut cond = |sql: &mut String, clause: &str, v: Value| {
        args.push(v);
        sql.push_str(&format!(" AND {clause} ?{}", args.len()));
    };
    match filter.contact {
        Some(c) => cond(&mut sql, "i.contact_id =", Value::Text(c.to_string())),
        None => sql.push_str(" AND c.deleted_at IS NULL"),
    }
    if let Some(k) = filter.kind {
        cond(&mut sql, "i.kind =", Value::Text(k.as_str().to_string()));
    }
    if let Some(from) = filter.from {
        cond(&mut sql, "i.occurred_at >=", Value::Integer(from.0));
    }
    if let Some(to) = filter.to {
        cond(&mut sql, "i.occurred_at <=", Value::Integer(to.0));
    }
    let limit = filter.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    sql.push_str(&format!(
        " ORDER BY i.occurred_at DESC, i.id DESC LIMIT {limit}"
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), super::project::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
