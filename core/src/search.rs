//! Search as you type over names, companies, emails, phones, tags and interaction notes.
//!
//! Ranking every match with bm25 costs 75–158 ms on 100k contacts when a one-letter prefix
//! matches most of them, far too slow for a keystroke. Instead results come in tiers, each read
//! in index order and cut at the limit, so the cost follows the page size, not the match count:
//! 1. contacts whose name matches every word,
//! 2. contacts whose fields together match (company, email, phone, tag),
//! 3. contacts with an interaction whose notes match.
//!
//! Each word is a prefix (`jo` finds John), and the FTS5 prefix indexes make one- to
//! three-letter prefixes a single lookup.

use std::collections::HashSet;

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::contacts::{query::from_row, Contact};
use crate::error::Result;

/// Where a result matched, so a screen can say why it is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedIn {
    /// The name.
    Name,
    /// Another of the contact's searchable fields.
    Details,
    /// The text of one of their interactions.
    Notes,
}

/// One contact a search found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    /// The contact.
    pub contact: Contact,
    /// Where the query matched it (the first of name, details, interactions).
    pub matched_in: MatchedIn,
}

/// The FTS5 query for what a person typed: every word a quoted prefix, all required. Quoting
/// means nothing typed can be read as FTS5 syntax.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Live contacts matching `input`, best tier first, at most `limit`.
pub fn search(conn: &Connection, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(q) = fts_query(input) else {
        return Ok(Vec::new());
    };
    let tiers = [
        (
            MatchedIn::Name,
            "SELECT c.record, c.last_contacted_at, c.id FROM contacts_fts f JOIN contacts c ON c.pk = f.rowid
             WHERE contacts_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2",
            format!("{{name}} : ({q})"),
        ),
        (
            MatchedIn::Details,
            "SELECT c.record, c.last_contacted_at, c.id FROM contacts_fts f JOIN contacts c ON c.pk = f.rowid
             WHERE contacts_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2",
            q.clone(),
        ),
        (
            MatchedIn::Notes,
            "SELECT c.record, c.last_contacted_at, c.id FROM contacts c WHERE c.pk IN (
                SELECT c2.pk FROM interactions_fts f
                JOIN interactions i ON i.pk = f.rowid
                JOIN contacts c2 ON c2.id = i.contact_id
                WHERE interactions_fts MATCH ?1 AND c2.deleted_at IS NULL
                ORDER BY f.rowid DESC LIMIT ?2)",
            q,
        ),
    ];
    let mut seen = HashSet::new();
    let mut hits = Vec::new();
    for (matched_in, sql, fts) in tiers {
        let want = limit as usize - hits.len();
        if want == 0 {
            break;
        }
        // Over-fetch by what earlier tiers already found, so duplicates do not shorten the page.
        let fetch = (want + seen.len()) as i64;
        let mut stmt = conn.prepare_cached(sql)?;
        let mut tier: Vec<Contact> = stmt
            .query_map(params![fts, fetch], |r| {
                let id: String = r.get(2)?;
                Ok((id, from_row(r)?))
            })?
            .filter_map(|row| match row {
                Ok((id, c)) => seen.insert(id).then_some(Ok(c)),
                Err(e) => Some(Err(e)),
            })
            .take(want)
            .collect::<rusqlite::Result<_>>()?;
        tier.sort_by_cached_key(|c| c.name.to_lowercase());
        hits.extend(tier.into_iter().map(|contact| SearchHit {
            contact,
            matched_in,
        }));
    }
    Ok(hits)
}

/// The best `limit` live contacts matching `input` that also pass `filter`'s conditions, in
/// rank order (the filter's own order, limit and offset are not used).
pub fn search_filtered(
    conn: &Connection,
    input: &str,
    filter: &crate::contacts::ContactFilter,
    limit: u32,
) -> Result<Vec<Contact>> {
    Ok(search(conn, input, limit)?
        .into_iter()
        .map(|h| h.contact)
        .filter(|c| filter.matches(c))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn typed_syntax_is_quoted_not_interpreted() {
        assert_eq!(fts_query("jo sm").as_deref(), Some("\"jo\"* \"sm\"*"));
        assert_eq!(
            fts_query("a\" OR name:*").as_deref(),
            Some("\"a\"* \"OR\"* \"name\"*")
        );
        assert_eq!(fts_query("  -- "), None);
    }
}
