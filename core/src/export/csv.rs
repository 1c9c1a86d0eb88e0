//! Kith's own CSV: one row per contact, every field of the [`Contact`] in a column, so a file
//! written here and read back by `kith import` (which recognises this exact header) loses
//! nothing. Plain fields stay plain so the file is useful in a spreadsheet; lists are JSON so
//! commas, quotes, newlines and labels survive.
//!
//! The header, in order, and how each column is written:
//!
//! | column | encoding |
//! |---|---|
//! | `id` | the contact's UUID |
//! | `name` | text as stored |
//! | `relationship`, `birthday`, `industry`, `location`, `company`, `title` | text; empty when not set; the birthday as `YYYY-MM-DD` or `--MM-DD` |
//! | `status` | `active`, `inactive` or `archived` |
//! | `vip` | `true` or `false` |
//! | `preferred_channel` | text; empty when not set |
//! | `keep_in_touch_days` | a whole number of days; empty when not keeping in touch |
//! | `emails` | JSON array of `{"label","value"}`; empty when there are none |
//! | `phones` | JSON array of `{"label","value","e164"}` (`e164` left out when unknown) |
//! | `social_links` | JSON array of `{"label","url"}` |
//! | `addresses` | JSON array of `{"label","street","city","region","postal_code","country"}` (absent parts left out) |
//! | `tags` | JSON array of strings |
//! | `custom_fields` | JSON array of `{"key","value"}`, in order |
//! | `background_family`, `background_company`, `background_likes`, `background_dislikes`, `background_misc` | text |
//! | `created_at`, `updated_at` | RFC 3339 in UTC with milliseconds (`2026-11-21T18:00:00.000Z`) |
//! | `last_contacted_at`, `deleted_at` | RFC 3339 as above; empty when not set |
//!
//! The JSON is `serde_json` of the model types ([`Email`](crate::contacts::Email),
//! [`Phone`](crate::contacts::Phone), ...), so it reads back with the same types.

use std::io::Write;

use serde::Serialize;

use crate::contacts::Contact;

/// Every column of Kith's CSV, in order.
pub const HEADER: [&str; 27] = [
    "id",
    "name",
    "relationship",
    "birthday",
    "industry",
    "location",
    "company",
    "title",
    "status",
    "vip",
    "preferred_channel",
    "keep_in_touch_days",
    "emails",
    "phones",
    "social_links",
    "addresses",
    "tags",
    "custom_fields",
    "background_family",
    "background_company",
    "background_likes",
    "background_dislikes",
    "background_misc",
    "created_at",
    "updated_at",
    "last_contacted_at",
    "deleted_at",
];

/// The columns of Kith's CSV, in order (see the module documentation for their encoding).
pub fn header() -> &'static [&'static str] {
    &HEADER
}

/// Writes the header row ([`header`]).
pub fn write_header(w: &mut csv::Writer<impl Write>) -> csv::Result<()> {
    w.write_record(HEADER)
}

/// Writes one contact as a row under [`header`].
pub fn write_row(w: &mut csv::Writer<impl Write>, c: &Contact) -> csv::Result<()> {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let time = |t: Option<crate::time::Timestamp>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    let b = &c.background;
    let row: [String; 27] = [
        c.id.to_string(),
        c.name.clone(),
        text(&c.relationship),
        c.birthday.map(|b| b.to_string()).unwrap_or_default(),
        text(&c.industry),
        text(&c.location),
        text(&c.company),
        text(&c.title),
        c.status.as_str().to_string(),
        c.vip.to_string(),
        text(&c.preferred_channel),
        c.keep_in_touch_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        json(&c.emails)?,
        json(&c.phones)?,
        json(&c.social_links)?,
        json(&c.addresses)?,
        json(&c.tags)?,
        json(&c.custom_fields)?,
        b.family.clone(),
        b.company.clone(),
        b.likes.clone(),
        b.dislikes.clone(),
        b.misc.clone(),
        c.created_at.to_rfc3339(),
        c.updated_at.to_rfc3339(),
        time(c.last_contacted_at),
        time(c.deleted_at),
    ];
    w.write_record(&row)
}

/// A list as JSON, or an empty cell for an empty list.
fn json<T: Serialize>(list: &[T]) -> csv::Result<String> {
    if list.is_empty() {
        return Ok(String::new());
    }
    serde_json::to_string(list)
        .map_err(|e| csv::Error::from(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

#[cfg(test)]
mod tests {
    // The lossless round trip (a proptest over random contacts) is in
    // `import::csv::tests_kith`, next to the reader it proves.
    use super::*;

    #[test]
    fn the_header_names_every_column_once() {
        let mut w = csv::Writer::from_writer(Vec::new());
        write_header(&mut w).expect("header");
        let bytes = w.into_inner().expect("flush");
        assert_eq!(String::from_utf8_lossy(&bytes).trim_end(), HEADER.join(","));
        let mut names = header().to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 27);
    }
}
