//! The vocabulary the flavours classify header names into: what a column means before the
//! plan has seen the rest of the header.

use super::values::Sep;

/// What one column means, as a flavour's classifier sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Col {
    /// Belongs to someone else in the row (the other PropertyRadar owner).
    Skip,
    /// A custom field named by the header.
    Custom,
    Name,
    First,
    Middle,
    Last,
    Relationship,
    Industry,
    Location,
    Company,
    Title,
    Birthday,
    Notes,
    Tags(Sep),
    /// Google's "Labels": user labels become tags; system labels (`* myContacts`, `* starred`)
    /// are kept as written in a custom field named by the header.
    GoogleLabels,
    Email {
        label: String,
        sep: Sep,
    },
    Phone {
        label: String,
    },
    Social {
        label: String,
    },
    /// A part of the address `group` (its label: "home", "work", "" ...).
    Addr {
        group: String,
        part: Part,
    },
    /// A column of a numbered Google group: `E-mail 1 - Value` is `pair: "E-mail 1"`.
    Pair {
        pair: String,
        kind: PairKind,
    },
    /// A custom field, except for the values that mean "not set" (Outlook's `Normal`).
    Placeholder(&'static [&'static str]),
    /// Text made from other columns (Outlook's "E-mail Display Name"): kept as a custom field
    /// only if it says something the name, emails and company do not.
    Derived,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    Street,
    City,
    Region,
    Postal,
    Country,
    /// "Address": the street when the address has no street column, else a formatted whole.
    Address,
    /// The whole address as one text: used when there are no parts, else kept only if it says
    /// more than they do.
    Formatted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PairKind {
    Label,
    Email,
    Phone,
    Web,
    Addr(Part),
    /// Any other value (`Custom Field 1 - Value`, `Event 1 - Value`): a custom field keyed by
    /// its label cell (`Anniversary`), or by the header when the label is empty.
    Custom,
}

/// The plain name a user would give a column of this meaning (`email`, `work phone`, `home
/// city`), which the generic classifier reads back as the same meaning; `None` when the best
/// name is the header itself (a custom field, a numbered Google column).
pub(super) fn canonical(col: &Col) -> Option<String> {
    let labelled = |label: &str, base: &str| format!("{label} {base}").trim().to_string();
    Some(match col {
        Col::Skip => "-".into(),
        Col::Name => "name".into(),
        Col::First => "first name".into(),
        Col::Middle => "middle name".into(),
        Col::Last => "last name".into(),
        Col::Relationship => "relationship".into(),
        Col::Industry => "industry".into(),
        Col::Location => "location".into(),
        Col::Company => "company".into(),
        Col::Title => "title".into(),
        Col::Birthday => "birthday".into(),
        Col::Notes => "notes".into(),
        Col::Tags(_) | Col::GoogleLabels => "tags".into(),
        Col::Email { label, .. } => labelled(label, "email"),
        Col::Phone { label } => match label.as_str() {
            "mobile" => "mobile".into(),
            l if l.ends_with("fax") || l.ends_with("pager") => l.to_string(),
            l => labelled(l, "phone"),
        },
        Col::Social { label } if label.is_empty() => "website".into(),
        Col::Social { label } => label.clone(),
        Col::Addr { group, part } => {
            let part = match part {
                Part::Street => "street",
                Part::City => "city",
                Part::Region => "region",
                Part::Postal => "postal code",
                Part::Country => "country",
                Part::Address => "address",
                Part::Formatted => return None,
            };
            labelled(group, part)
        }
        Col::Custom | Col::Pair { .. } | Col::Placeholder(_) | Col::Derived => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::generic::classify;
    use super::*;

    #[test]
    fn a_canonical_name_reads_back_as_the_same_meaning() {
        for header in [
            "Full Name",
            "Given Name",
            "Additional Name",
            "Surname",
            "Relation",
            "Sector",
            "Location",
            "Employer",
            "Job Title",
            "DOB",
            "Comments",
            "Categories",
            "E-mail",
            "Work Email",
            "Tel",
            "Cell",
            "Home Fax",
            "Business Phone 2",
            "Assistant's Phone",
            "Company Main Phone",
            "Pager",
            "LinkedIn URL",
            "Web Page",
            "Personal Website",
            "Home Street 2",
            "Business City",
            "State",
            "ZIP",
            "Business Country/Region",
            "Mail Address",
        ] {
            let col = classify(header);
            let name = canonical(&col).unwrap_or_else(|| panic!("{header}: {col:?}"));
            assert_eq!(classify(&name), col, "{header} → {name}");
        }
        assert_eq!(canonical(&classify("Favourite colour")), None);
    }
}
