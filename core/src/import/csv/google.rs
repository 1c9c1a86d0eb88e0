//! Google Contacts' "Google CSV" export.
//!
//! Its header names numbered groups, `<Kind> <N> - <Field>`: `E-mail 1 - Label`,
//! `E-mail 1 - Value`, `Phone 2 - Value`, `Address 1 - Street`, `Website 1 - Value`,
//! `Custom Field 1 - Label` ... The label cell labels the values of its group (`* Work`, the
//! star marking the primary one, becomes `work`), and a value cell may hold several values of
//! that label separated by ` ::: `. The current export starts `First Name,Middle Name,Last
//! Name,Phonetic First Name,...,Organization Name,Organization Title,Organization
//! Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,...`; the older one
//! (`Name,Given Name,Additional Name,Family Name,...,Group Membership,E-mail 1 - Type,...`)
//! reads the same way.
//!
//! - `Labels`/`Group Membership` become tags, except Google's system labels (`* myContacts`,
//!   which every contact has, and `* starred`): those are kept as written in a custom field
//!   "Labels" so nothing is dropped and no meaningless tag appears on every contact.
//! - Yearless birthdays (`--12-25`) are read as such.
//! - `Address N - Formatted` is the street when the group has no parts, else kept only when it
//!   says more than the parts; `PO Box` and `Extended Address` are custom fields.
//! - Other groups (`Custom Field`, `Event`, `Relation`, `IM`) become custom fields keyed by their
//!   label (`Anniversary`, `Spouse`), or by the header when the label is empty.
//! - Everything else (phonetic names, prefixes, nickname, file-as, department, photo) is a
//!   custom field named by its column.

use super::generic;
use super::plan::{Col, PairKind, Part};

pub(super) fn classify(header: &str) -> Col {
    if let Some(col) = pair_column(header) {
        return col;
    }
    match header.trim().to_lowercase().as_str() {
        "labels" | "group membership" => Col::GoogleLabels,
        _ => generic::classify(header),
    }
}

/// The meaning of a numbered-group column (`<Kind> <N> - <Field>`), if it is one.
pub(super) fn pair_column(header: &str) -> Option<Col> {
    let (left, field) = header.trim().split_once(" - ")?;
    let (kind, n) = left.trim().rsplit_once(' ')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pair(
        left.trim(),
        &kind.to_lowercase(),
        &field.trim().to_lowercase(),
    )
}

fn pair(pair: &str, kind: &str, field: &str) -> Option<Col> {
    let kind = match (kind, field) {
        (_, "label" | "type") => PairKind::Label,
        ("e-mail" | "email", "value") => PairKind::Email,
        ("phone", "value") => PairKind::Phone,
        ("website", "value") => PairKind::Web,
        ("address", f) => PairKind::Addr(match f {
            "formatted" => Part::Formatted,
            "street" => Part::Street,
            "city" => Part::City,
            "region" => Part::Region,
            "postal code" => Part::Postal,
            "country" => Part::Country,
            _ => return Some(Col::Custom),
        }),
        ("organization", "name") => return Some(Col::Company),
        ("organization", "title") => return Some(Col::Title),
        (_, "value") => PairKind::Custom,
        _ => return Some(Col::Custom),
    };
    Some(Col::Pair {
        pair: pair.to_string(),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_groups_pair_labels_with_values() {
        let p = |pair: &str, kind| Col::Pair {
            pair: pair.into(),
            kind,
        };
        assert_eq!(classify("E-mail 1 - Label"), p("E-mail 1", PairKind::Label));
        assert_eq!(classify("E-mail 2 - Value"), p("E-mail 2", PairKind::Email));
        assert_eq!(classify("Phone 1 - Type"), p("Phone 1", PairKind::Label));
        assert_eq!(
            classify("Address 1 - Postal Code"),
            p("Address 1", PairKind::Addr(Part::Postal))
        );
        assert_eq!(
            classify("Custom Field 1 - Value"),
            p("Custom Field 1", PairKind::Custom)
        );
        assert_eq!(classify("Address 1 - PO Box"), Col::Custom);
        assert_eq!(classify("Organization 1 - Name"), Col::Company);
        assert_eq!(classify("Labels"), Col::GoogleLabels);
        assert_eq!(classify("Organization Name"), Col::Company);
        assert_eq!(classify("Organization Title"), Col::Title);
        assert_eq!(classify("Phonetic First Name"), Col::Custom);
        assert_eq!(classify("Name Prefix"), Col::Custom);
    }
}
