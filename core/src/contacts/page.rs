//! One page of the contact list, as a window shows it: a search or filters, an order, an
//! offset and a limit, answered with the rows and how many there are in all.
//!
//! Without search text the page is read from the projection in the filter's order; with it, the
//! search ranks at most [`SEARCH_LIMIT`] matches that pass the filters and the page is a slice
//! of those, so "1000" is the most the list ever counts for a search.

use serde::{Deserialize, Serialize};

use super::{count, list, Contact, ContactFilter, ContactSort, ContactStatus};
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::search;
use crate::time::Timestamp;

/// The most rows one page holds.
pub const PAGE_LIMIT: u32 = 500;
/// The most contacts a search ranks; the list says "1000" when there are more.
pub const SEARCH_LIMIT: u32 = 1000;

/// One page of the contact list: a search, filters and an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ContactQuery {
    /// What was typed in the search box; empty or null lists everyone.
    pub search: Option<String>,
    /// Only contacts with this tag.
    pub tag: Option<String>,
    /// Only contacts with this status.
    pub status: Option<ContactStatus>,
    /// Only VIPs.
    pub vip: bool,
    /// Only contacts in this industry.
    pub industry: Option<String>,
    /// The order (a search orders by relevance instead).
    pub sort: ContactSort,
    /// How many rows of the whole list come before this page.
    pub offset: u32,
    /// 1 to [`PAGE_LIMIT`].
    pub limit: u32,
}

/// A contact as a list row shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContactRow {
    /// The contact's id.
    pub id: ContactId,
    /// Its display name.
    pub name: String,
    /// Where they work.
    pub company: Option<String>,
    /// Their job title.
    pub title: Option<String>,
    /// Their industry.
    pub industry: Option<String>,
    /// Active, inactive or archived.
    pub status: ContactStatus,
    /// Whether they are a VIP.
    pub vip: bool,
    /// Their tags.
    pub tags: Vec<String>,
    /// The first email address.
    pub email: Option<String>,
    /// The first phone number.
    pub phone: Option<String>,
    /// The latest interaction's time.
    pub last_contacted_at: Option<Timestamp>,
}

impl From<Contact> for ContactRow {
    fn from(c: Contact) -> Self {
        ContactRow {
            id: c.id,
            email: c.emails.into_iter().next().map(|e| e.value),
            phone: c.phones.into_iter().next().map(|p| p.value),
            name: c.name,
            company: c.company,
            title: c.title,
            industry: c.industry,
            status: c.status,
            vip: c.vip,
            tags: c.tags,
            last_contacted_at: c.last_contacted_at,
        }
    }
}

/// One page of contacts, and how many the query selects in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContactPage {
    /// How many contacts the query selects in all (a search counts at most
    /// [`SEARCH_LIMIT`]).
    pub total: u32,
    /// The offset the page starts at.
    pub offset: u32,
    /// The page's rows, in the query's order.
    pub rows: Vec<ContactRow>,
}

/// The page `q` asks for: the filters over the projection, or over the search's best matches.
pub fn page(conn: &rusqlite::Connection, q: ContactQuery) -> Result<ContactPage> {
    if q.limit == 0 || q.limit > PAGE_LIMIT {
        return Err(Error::invalid(
            "limit",
            format!("{} is out of range; use 1 to {PAGE_LIMIT}", q.limit),
        ));
    }
    let filter = ContactFilter {
        tag: q.tag.filter(|t| !t.is_empty()),
        vip: q.vip,
        status: q.status,
        industry: q.industry.filter(|i| !i.is_empty()),
        sort: q.sort,
        limit: Some(q.limit),
        offset: q.offset,
        deleted: false,
    };
    let text = q.search.as_deref().map(str::trim).unwrap_or_default();
    let (total, rows) = if text.is_empty() {
        (count(conn, &filter)?, list(conn, &filter)?)
    } else {
        let hits = search::search_filtered(conn, text, &filter, SEARCH_LIMIT)?;
        let total = hits.len() as u32;
        let page = hits
            .into_iter()
            .skip(q.offset as usize)
            .take(q.limit as usize)
            .collect();
        (total, page)
    };
    Ok(ContactPage {
        total,
        offset: q.offset,
        rows: rows.into_iter().map(ContactRow::from).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::{create, ContactChanges, Email};
    use crate::store::Store;

    fn store_with(names: &[(&str, Option<&str>)]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("kith.db"), "US").unwrap();
        let now = Timestamp::parse_rfc3339("2026-01-05T10:00:00Z").unwrap();
        store
            .write(|tx| {
                for (name, tag) in names {
                    let changes = ContactChanges {
                        name: Some(name.to_string()),
                        emails: Some(vec![Email {
                            label: "work".into(),
                            value: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
                        }]),
                        add_tags: tag.map(|t| vec![t.to_string()]).unwrap_or_default(),
                        ..Default::default()
                    };
                    create(tx, changes, now)?;
                }
                Ok(())
            })
            .unwrap();
        (dir, store)
    }

    fn query(limit: u32) -> ContactQuery {
        ContactQuery {
            limit,
            ..Default::default()
        }
    }

    #[test]
    fn a_page_counts_everyone_and_holds_only_its_slice() {
        let (_d, s) = store_with(&[
            ("Ada Lovelace", None),
            ("Grace Hopper", Some("navy")),
            ("Alan Turing", None),
        ]);
        let p = page(
            s.conn(),
            ContactQuery {
                offset: 1,
                ..query(1)
            },
        )
        .unwrap();
        assert_eq!(p.total, 3);
        assert_eq!(p.offset, 1);
        let names: Vec<_> = p.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Alan Turing"]);
        assert_eq!(
            p.rows[0].email.as_deref(),
            Some("alan.turing@example.com"),
            "a row shows the first email"
        );
    }

    #[test]
    fn search_text_ranks_matches_and_the_filters_still_apply() {
        let (_d, s) = store_with(&[
            ("Ada Lovelace", None),
            ("Ada Byron", Some("family")),
            ("Grace Hopper", None),
        ]);
        let search = |text: &str, tag: Option<&str>| {
            page(
                s.conn(),
                ContactQuery {
                    search: Some(text.into()),
                    tag: tag.map(str::to_string),
                    ..query(50)
                },
            )
            .unwrap()
        };
        assert_eq!(search("ada", None).total, 2);
        let tagged = search("ada", Some("family"));
        assert_eq!(tagged.total, 1);
        assert_eq!(tagged.rows[0].name, "Ada Byron");
        // Blank search text and an empty tag are no condition at all.
        assert_eq!(search("   ", Some("")).total, 3);
    }

    #[test]
    fn a_limit_out_of_range_is_refused_naming_the_limit() {
        let (_d, s) = store_with(&[]);
        for limit in [0, PAGE_LIMIT + 1] {
            let e = page(s.conn(), query(limit)).unwrap_err();
            assert_eq!(e.code(), "invalid_input", "{e}");
            assert!(e.to_string().contains("limit"), "{e}");
        }
        assert_eq!(page(s.conn(), query(PAGE_LIMIT)).unwrap().total, 0);
    }
}
