//! The column plan: what each column of a file means, worked out once from the header, and
//! the per-row walk that turns cells into a [`Draft`] by it.
//!
//! Every flavour (generic, Google, Outlook, LinkedIn, PropertyRadar) only classifies headers
//! into [`Col`]s; the plan resolves what needs the whole header (which label column belongs to
//! which value, which columns make up one address) and the walk applies the shared rules:
//! first value wins a single field and later ones become custom fields, unparseable birthdays
//! are kept as written, derived cells are kept unless their parts already say everything.

use std::collections::HashMap;

mod finish;

pub(super) use super::cols::{Col, PairKind, Part};
use super::input::Cells;
use super::values::{self, Sep};
use crate::contacts::{Address, CustomField, Email, Phone, SocialLink};
use crate::import::model::Draft;

/// Where a value's label comes from: the column's header, or a label cell in the same row.
#[derive(Clone, Debug)]
enum Label {
    Fixed(String),
    Column(Option<usize>),
}

#[derive(Clone, Copy, Debug)]
enum Text {
    Relationship,
    Industry,
    Location,
    Company,
    Title,
    Notes,
}

/// A [`Col`] resolved against the whole header.
#[derive(Clone, Debug)]
enum Slot {
    Skip,
    Custom,
    Name,
    /// First (0), middle (1) or last (2) name.
    Names(usize),
    Text(Text),
    Birthday,
    Tags(Sep),
    GoogleLabels,
    Email {
        label: Label,
        sep: Sep,
    },
    Phone {
        label: Label,
    },
    Social {
        label: Label,
    },
    /// A part of the row's address number `group` (`Part::Address` is resolved away).
    Addr {
        group: usize,
        part: Part,
    },
    /// A label cell: consumed by its values, kept as a custom field when they are all empty.
    LabelOf {
        values: Vec<usize>,
    },
    /// A custom field keyed by the label cell in column `label`.
    CustomKeyed {
        label: Option<usize>,
    },
    Placeholder(&'static [&'static str]),
    Derived,
}

/// How the columns of a file make up one person.
#[derive(Debug)]
pub(super) struct PersonPlan {
    headers: Vec<String>,
    slots: Vec<Slot>,
    groups: Vec<Label>,
    /// Whether cells past the header's last column land here (as "Column N").
    extras: bool,
}

impl PersonPlan {
    pub(super) fn new(headers: &[String], cols: Vec<Col>, extras: bool) -> Self {
        let mut pair_label = HashMap::new();
        let mut pair_values: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, col) in cols.iter().enumerate() {
            if let Col::Pair { pair, kind } = col {
                if *kind == PairKind::Label {
                    pair_label.entry(pair.as_str()).or_insert(i);
                } else {
                    pair_values.entry(pair.as_str()).or_default().push(i);
                }
            }
        }
        let mut group_keys: Vec<String> = Vec::new();
        let mut groups = Vec::new();
        let mut has_street = Vec::new();
        let mut group = |key: &str, label: Label, street: bool| {
            let g = group_keys.iter().position(|k| k == key).unwrap_or_else(|| {
                group_keys.push(key.to_string());
                groups.push(label);
                has_street.push(false);
                group_keys.len() - 1
            });
            has_street[g] |= street;
            g
        };
        let mut slots = Vec::with_capacity(cols.len());
        for col in &cols {
            let label_of = |pair: &str| Label::Column(pair_label.get(pair).copied());
            slots.push(match col {
                Col::Skip => Slot::Skip,
                Col::Custom => Slot::Custom,
                Col::Name => Slot::Name,
                Col::First => Slot::Names(0),
                Col::Middle => Slot::Names(1),
                Col::Last => Slot::Names(2),
                Col::Relationship => Slot::Text(Text::Relationship),
                Col::Industry => Slot::Text(Text::Industry),
                Col::Location => Slot::Text(Text::Location),
                Col::Company => Slot::Text(Text::Company),
                Col::Title => Slot::Text(Text::Title),
                Col::Notes => Slot::Text(Text::Notes),
                Col::Birthday => Slot::Birthday,
                Col::Tags(sep) => Slot::Tags(*sep),
                Col::GoogleLabels => Slot::GoogleLabels,
                Col::Email { label, sep } => Slot::Email {
                    label: Label::Fixed(label.clone()),
                    sep: *sep,
                },
                Col::Phone { label } => Slot::Phone {
                    label: Label::Fixed(label.clone()),
                },
                Col::Social { label } => Slot::Social {
                    label: Label::Fixed(label.clone()),
                },
                Col::Addr { group: key, part } => Slot::Addr {
                    group: group(key, Label::Fixed(key.clone()), *part == Part::Street),
                    part: *part,
                },
                Col::Pair { pair, kind } => match kind {
                    PairKind::Label => Slot::LabelOf {
                        values: pair_values.get(pair.as_str()).cloned().unwrap_or_default(),
                    },
                    PairKind::Email => Slot::Email {
                        label: label_of(pair),
                        sep: Sep::Google,
                    },
                    PairKind::Phone => Slot::Phone {
                        label: label_of(pair),
                    },
                    PairKind::Web => Slot::Social {
                        label: label_of(pair),
                    },
                    PairKind::Custom => Slot::CustomKeyed {
                        label: pair_label.get(pair.as_str()).copied(),
                    },
                    PairKind::Addr(part) => Slot::Addr {
                        group: group(pair, label_of(pair), *part == Part::Street),
                        part: *part,
                    },
                },
                Col::Placeholder(none) => Slot::Placeholder(none),
                Col::Derived => Slot::Derived,
            });
        }
        for slot in &mut slots {
            if let Slot::Addr {
                group,
                part: part @ Part::Address,
            } = slot
            {
                *part = if has_street[*group] {
                    Part::Formatted
                } else {
                    Part::Street
                };
            }
        }
        PersonPlan {
            headers: headers.to_vec(),
            slots,
            groups,
            extras,
        }
    }

    /// Whether some column can name a person (a name, an email or a phone).
    pub(super) fn identifies(&self) -> bool {
        self.slots.iter().any(|s| {
            matches!(
                s,
                Slot::Name | Slot::Names(_) | Slot::Email { .. } | Slot::Phone { .. }
            )
        })
    }

    fn custom(&self, d: &mut Draft, i: usize, value: &str) {
        d.custom_fields.push(CustomField {
            key: self.headers[i].clone(),
            value: value.to_string(),
        });
    }

    /// Whether a value's label cell carries Google's `* ` mark of the primary value.
    fn is_primary(&self, label: &Label, cells: &Cells) -> bool {
        matches!(label, Label::Column(Some(c)) if cells.get(*c).trim_start().starts_with('*'))
    }

    fn label(&self, label: &Label, cells: &Cells) -> String {
        match label {
            Label::Fixed(l) => l.clone(),
            Label::Column(Some(c)) => values::label(cells.get(*c)),
            Label::Column(None) => String::new(),
        }
    }

    /// The person this plan reads from one row.
    pub(super) fn person(&self, cells: &Cells) -> Draft {
        let mut d = Draft::default();
        let mut names: [Option<usize>; 3] = [None; 3];
        let mut addrs = vec![Address::default(); self.groups.len()];
        let mut formatted: Vec<Option<usize>> = vec![None; self.groups.len()];
        let mut derived = Vec::new();
        let (mut primary_emails, mut primary_phones) = (0, 0);
        for (i, slot) in self.slots.iter().enumerate() {
            let v = cells.get(i).trim();
            if v.is_empty() {
                continue;
            }
            match slot {
                Slot::Skip => {}
                Slot::Custom => self.custom(&mut d, i, v),
                Slot::Name if d.name.is_none() => d.name = Some(v.to_string()),
                Slot::Names(n) if names[*n].is_none() => names[*n] = Some(i),
                Slot::Text(t) => {
                    let field = match t {
                        Text::Relationship => &mut d.relationship,
                        Text::Industry => &mut d.industry,
                        Text::Location => &mut d.location,
                        Text::Company => &mut d.company,
                        Text::Title => &mut d.title,
                        Text::Notes => &mut d.notes,
                    };
                    match field {
                        None => *field = Some(v.to_string()),
                        Some(had) if had == v => {}
                        Some(_) => self.custom(&mut d, i, v),
                    }
                }
                Slot::Birthday if values::is_no_date(v) => {}
                Slot::Birthday => match values::birthday(v) {
                    Some(b) if d.birthday.is_none() => {
                        d.birthday = Some(b);
                        // Kept as written beside its ISO form when the two differ (7/25/1920).
                        if b.to_string() != v.trim() {
                            self.custom(&mut d, i, v);
                        }
                    }
                    Some(b) if d.birthday == Some(b) => {}
                    _ => self.custom(&mut d, i, v),
                },
                Slot::Tags(sep) => values::each_part(v, *sep, |t| values::push_tag(&mut d.tags, t)),
                Slot::GoogleLabels => {
                    let mut system = Vec::new();
                    values::each_part(v, Sep::Google, |t| {
                        if t.starts_with('*') {
                            system.push(t);
                        } else {
                            values::push_tag(&mut d.tags, t);
                        }
                    });
                    if !system.is_empty() {
                        self.custom(&mut d, i, &system.join(" ::: "));
                    }
                }
                // A cell that is not all emails (phones) is kept as written instead: the engine
                // would refuse the whole person for one "n/a".
                Slot::Email { label, sep } if values::all_parts(v, *sep, values::is_email) => {
                    // The primary value (Google's `* `) comes first: the contact's main email.
                    let primary = self.is_primary(label, cells);
                    let label = self.label(label, cells);
                    values::each_part(v, *sep, |e| {
                        let email = Email {
                            label: label.clone(),
                            value: e.to_string(),
                        };
                        add(&mut d.emails, &mut primary_emails, primary, email);
                    });
                }
                Slot::Phone { label } if values::all_parts(v, Sep::Google, values::is_phone) => {
                    let primary = self.is_primary(label, cells);
                    let label = self.label(label, cells);
                    values::each_part(v, Sep::Google, |p| {
                        let phone = Phone {
                            label: label.clone(),
                            value: p.to_string(),
                            e164: None,
                        };
                        add(&mut d.phones, &mut primary_phones, primary, phone);
                    });
                }
                Slot::Social { label } => {
                    let label = self.label(label, cells);
                    values::each_part(v, Sep::Google, |u| {
                        d.social_links.push(SocialLink {
                            label: label.clone(),
                            url: u.to_string(),
                        })
                    });
                }
                Slot::Addr { group, part } => {
                    let a = &mut addrs[*group];
                    let field = match part {
                        Part::Street | Part::Address => {
                            match &mut a.street {
                                Some(s) => {
                                    s.push('\n');
                                    s.push_str(v);
                                }
                                None => a.street = Some(v.to_string()),
                            }
                            continue;
                        }
                        Part::Formatted if formatted[*group].is_none() => {
                            formatted[*group] = Some(i);
                            continue;
                        }
                        Part::Formatted => None,
                        Part::City => Some(&mut a.city),
                        Part::Region => Some(&mut a.region),
                        Part::Postal => Some(&mut a.postal_code),
                        Part::Country => Some(&mut a.country),
                    };
                    match field {
                        Some(f @ None) => *f = Some(v.to_string()),
                        _ => self.custom(&mut d, i, v),
                    }
                }
                Slot::LabelOf { values } => {
                    if values.iter().all(|&c| cells.get(c).trim().is_empty()) {
                        self.custom(&mut d, i, v);
                    }
                }
                Slot::CustomKeyed { label } => {
                    let key = label
                        .map(|c| cells.get(c).trim().trim_start_matches('*').trim())
                        .unwrap_or("");
                    let key = if key.is_empty() {
                        self.headers[i].clone()
                    } else {
                        key.to_string()
                    };
                    d.custom_fields.push(CustomField {
                        key,
                        value: v.to_string(),
                    });
                }
                Slot::Placeholder(none) if none.iter().any(|n| v.eq_ignore_ascii_case(n)) => {}
                Slot::Derived => derived.push(i),
                Slot::Name
                | Slot::Names(_)
                | Slot::Placeholder(_)
                | Slot::Email { .. }
                | Slot::Phone { .. } => self.custom(&mut d, i, v),
            }
        }
        self.finish_names(&mut d, names, cells);
        self.finish_addresses(&mut d, addrs, formatted, cells);
        self.finish_derived(&mut d, derived, cells);
        self.finish_extras(&mut d, cells);
        d
    }
}

/// Adds `item` to `list`: after the primary values already there when it is `primary` (so the
/// contact's main email or phone comes first), else at the end.
fn add<T>(list: &mut Vec<T>, primaries: &mut usize, primary: bool, item: T) {
    if primary {
        list.insert(*primaries, item);
        *primaries += 1;
    } else {
        list.push(item);
    }
}
