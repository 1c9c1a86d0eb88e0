//! Reading back Kith's own CSV ([`crate::export::csv`]), recognised by its exact header.
//!
//! Cells are taken as written (not trimmed), JSON columns are parsed with the model types, and a
//! cell that does not read (broken JSON after an edit in a spreadsheet, a `vip` of "maybe") is
//! a [`RowError`] naming the row and column: the file says it is Kith's, so a guess would be
//! worse than asking the user to fix the cell.
//!
//! Every column has a [`Draft`] field (the id, status, VIP flag, cadence, preferred channel and
//! the whole background included; `notes` stays empty, `background_misc` is the background's)
//! except the four times, `created_at`, `updated_at`, `last_contacted_at` and `deleted_at`,
//! which are the exporting database's bookkeeping: they are checked and not imported, so an
//! export read back is the same contact (and reading it into its own database changes nothing).

use super::input::Cells;
use crate::birthday::Birthday;
use crate::contacts::{ContactStatus, CustomField};
use crate::export::csv::HEADER;
use crate::ids::ContactId;
use crate::import::model::{Draft, RowError, SourceRecord};
use crate::time::Timestamp;

#[derive(Debug)]
pub(super) struct KithPlan {
    /// Per column: its index in [`HEADER`], or `None` for a column Kith does not write.
    columns: Vec<Option<usize>>,
    headers: Vec<String>,
}

impl KithPlan {
    /// The plan, when `headers` holds every column of Kith's CSV exactly once.
    pub(super) fn new(headers: &[String]) -> Option<Self> {
        let columns: Vec<Option<usize>> = headers
            .iter()
            .map(|h| HEADER.iter().position(|k| k == h))
            .collect();
        let all = (0..HEADER.len()).all(|k| columns.iter().filter(|c| **c == Some(k)).count() == 1);
        all.then(|| KithPlan {
            columns,
            headers: headers.to_vec(),
        })
    }

    pub(super) fn record(&self, cells: &Cells, row: usize) -> Result<SourceRecord, RowError> {
        let mut d = Draft::default();
        for i in 0..cells.len().max(self.columns.len()) {
            let v = cells.get(i);
            if v.is_empty() {
                continue;
            }
            let Some(Some(k)) = self.columns.get(i) else {
                let key = self
                    .headers
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("Column {}", i + 1));
                d.custom_fields.push(CustomField {
                    key,
                    value: v.to_string(),
                });
                continue;
            };
            let column = HEADER[*k];
            let bad = |what: &str| RowError {
                row,
                column: Some(column.to_string()),
                message: format!("row {row}, column {column}: '{v}' is not {what}"),
            };
            let json = |e: serde_json::Error| RowError {
                row,
                column: Some(column.to_string()),
                message: format!("row {row}, column {column}: the JSON does not read ({e})"),
            };
            let text = Some(v.to_string());
            match column {
                "id" => d.id = Some(ContactId::parse(v, column).map_err(|_| bad("a contact id"))?),
                "name" => d.name = text,
                "relationship" => d.relationship = text,
                "industry" => d.industry = text,
                "location" => d.location = text,
                "company" => d.company = text,
                "title" => d.title = text,
                "preferred_channel" => d.preferred_channel = text,
                "birthday" => {
                    d.birthday = Some(
                        Birthday::parse(v, column)
                            .map_err(|_| bad("a birthday (YYYY-MM-DD or --MM-DD)"))?,
                    )
                }
                "status" => {
                    d.status = Some(
                        ContactStatus::parse(v, column)
                            .map_err(|_| bad("a status (active, inactive or archived)"))?,
                    )
                }
                "vip" => {
                    d.vip = Some(match v {
                        "true" => true,
                        "false" => false,
                        _ => return Err(bad("true or false")),
                    })
                }
                "keep_in_touch_days" => {
                    d.keep_in_touch_days =
                        Some(v.parse().map_err(|_| bad("a whole number of days"))?)
                }
                "emails" => d.emails = serde_json::from_str(v).map_err(json)?,
                "phones" => d.phones = serde_json::from_str(v).map_err(json)?,
                "social_links" => d.social_links = serde_json::from_str(v).map_err(json)?,
                "addresses" => d.addresses = serde_json::from_str(v).map_err(json)?,
                "tags" => d.tags = serde_json::from_str(v).map_err(json)?,
                "custom_fields" => {
                    let mut own: Vec<CustomField> = serde_json::from_str(v).map_err(json)?;
                    own.append(&mut d.custom_fields);
                    d.custom_fields = own;
                }
                "background_family" => d.background.family = v.to_string(),
                "background_company" => d.background.company = v.to_string(),
                "background_likes" => d.background.likes = v.to_string(),
                "background_dislikes" => d.background.dislikes = v.to_string(),
                "background_misc" => d.background.misc = v.to_string(),
                // The times (created, updated, last contacted, deleted) are the database's
                // bookkeeping, not what the user wrote: the importing database stamps its own,
                // derives last-contacted from its interactions, and exports only live contacts.
                // They are checked, so a damaged file is still reported.
                _ => {
                    if Timestamp::parse_rfc3339(v).is_none() {
                        return Err(bad("an RFC 3339 time"));
                    }
                }
            }
        }
        Ok(SourceRecord {
            row,
            people: vec![d],
            linked: false,
            warnings: Vec::new(),
        })
    }
}
