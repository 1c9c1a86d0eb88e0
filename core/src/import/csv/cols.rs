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
