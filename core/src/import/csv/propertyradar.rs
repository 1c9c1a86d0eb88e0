//! PropertyRadar list exports: one row per property, naming up to two owners.
//!
//! The 39-column export this was built against (as real-estate users' tooling describes it):
//!
//! ```text
//! Type, Address, City, ZIP, Subdivision, Longitude, Latitude, APN, Yr Built, Purchase Date,
//! Purchase Mos Since, Sq Ft, Beds, Baths, Est Value, Est Equity $, Owner, Mail Address,
//! Mail City, Mail State, Mail ZIP, Owner Occ?, Listed for Sale?, Listing Status,
//! Foreclosure?, Est Equity %, High Equity?,
//! Primary Name, Primary Mobile Phone1, Primary Mobile 1 Status, Primary Email1,
//! Primary Email 1 Status, Primary Email1 Hash,
//! Secondary Name, Secondary Mobile Phone1, Secondary Mobile 1 Status, Secondary Email1,
//! Secondary Email 1 Status, Secondary Email1 Hash
//! ```
//!
//! Columns are matched by name, so exports with more or fewer columns read the same way.
//! Each row becomes one linked [`SourceRecord`](crate::import::model::SourceRecord) whose people
//! are the primary and the secondary owner (the secondary left out when all its columns are
//! empty; a row with no owner at all still yields one record, carrying the property, for the
//! engine to report). Each owner gets:
//! - from their own `Primary …`/`Secondary …` columns: the name, the phones (`Mobile Phone1` →
//!   label `mobile`, as written: the engine computes E.164) and emails; statuses and hashes are
//!   custom fields named by their column;
//! - the property's `Address`, `City`, (`State`), `ZIP` as an address labelled `property`, and
//!   the owner's `Mail Address`, `Mail City`, `Mail State`, `Mail ZIP` as one labelled
//!   `mailing`;
//! - every other column of the row (APN, Est Value, Yr Built, Owner Occ?, Owner, listing and
//!   foreclosure flags ...) as a custom field named by its column, as written.
//!
//! The same owner on two rows (two properties) gives two records; the engine merges them.

use super::generic;
use super::input::Cells;
use super::plan::{Col, Part, PersonPlan};
use crate::import::model::SourceRecord;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Property,
    Owner(usize),
}

fn classify(header: &str, role: Role) -> Col {
    let lower = header.trim().to_lowercase();
    let owner = if lower.starts_with("primary ") {
        Some(0)
    } else if lower.starts_with("secondary ") {
        Some(1)
    } else {
        None
    };
    match (owner, role) {
        (Some(o), Role::Owner(r)) if o == r => {
            let rest = generic::key(lower.split_once(' ').map_or("", |(_, rest)| rest));
            if rest == "name" {
                Col::Name
            } else if rest.contains("status") || rest.contains("hash") {
                Col::Custom
            } else if rest.ends_with("phone") {
                let label = if rest.contains("mobile") {
                    "mobile"
                } else {
                    ""
                };
                Col::Phone {
                    label: label.into(),
                }
            } else if rest == "email" {
                Col::Email {
                    label: String::new(),
                    sep: super::values::Sep::Any,
                }
            } else {
                Col::Custom
            }
        }
        (Some(_), _) | (None, Role::Owner(_)) => Col::Skip,
        (None, Role::Property) => {
            let (group, part) = match generic::key(&lower).as_str() {
                "address" => ("property", Part::Street),
                "city" => ("property", Part::City),
                "state" => ("property", Part::Region),
                "zip" | "zipcode" => ("property", Part::Postal),
                "mailaddress" => ("mailing", Part::Street),
                "mailcity" => ("mailing", Part::City),
                "mailstate" => ("mailing", Part::Region),
                "mailzip" | "mailzipcode" => ("mailing", Part::Postal),
                _ => return Col::Custom,
            };
            Col::Addr {
                group: group.into(),
                part,
            }
        }
    }
}

/// The three readings of a PropertyRadar row: the property, and each owner.
#[derive(Debug)]
pub(super) struct PropertyPlan {
    property: PersonPlan,
    owners: [PersonPlan; 2],
}

impl PropertyPlan {
    pub(super) fn new(headers: &[String]) -> Self {
        let plan = |role, extras| {
            let cols = headers.iter().map(|h| classify(h, role)).collect();
            PersonPlan::new(headers, cols, extras)
        };
        PropertyPlan {
            property: plan(Role::Property, true),
            owners: [plan(Role::Owner(0), false), plan(Role::Owner(1), false)],
        }
    }

    pub(super) fn identifies(&self) -> bool {
        self.owners.iter().any(PersonPlan::identifies)
    }

    pub(super) fn record(&self, cells: &Cells, row: usize) -> SourceRecord {
        let property = self.property.person(cells);
        let mut people = Vec::with_capacity(2);
        for plan in &self.owners {
            let mut owner = plan.person(cells);
            if owner.is_empty() {
                continue;
            }
            let mut addresses = property.addresses.clone();
            addresses.append(&mut owner.addresses);
            owner.addresses = addresses;
            owner.record_fields = property.custom_fields.clone();
            people.push(owner);
        }
        if people.is_empty() {
            people.push(property);
        }
        SourceRecord {
            row,
            people,
            linked: true,
            warnings: Vec::new(),
        }
    }
}
