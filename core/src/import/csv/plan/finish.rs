//! The end of a row's walk: what can only be decided once every cell has been seen.

use super::PersonPlan;
use crate::contacts::{Address, CustomField};
use crate::import::csv::input::Cells;
use crate::import::csv::values;
use crate::import::model::Draft;

impl PersonPlan {
    /// First, middle and last name make the name when there is no full-name column; when there
    /// is one, a part it does not contain is kept as a custom field.
    pub(super) fn finish_names(&self, d: &mut Draft, names: [Option<usize>; 3], cells: &Cells) {
        let parts = names.map(|n| n.map(|i| (i, cells.get(i).trim())));
        match &d.name {
            None => {
                let joined: Vec<&str> = parts.iter().flatten().map(|(_, v)| *v).collect();
                if !joined.is_empty() {
                    d.name = Some(joined.join(" "));
                }
            }
            Some(name) => {
                let name = name.clone();
                for (i, v) in parts.into_iter().flatten() {
                    if !values::covered(v, &[&name]) {
                        self.custom(d, i, v);
                    }
                }
            }
        }
    }

    /// Each address that has any part; a formatted whole is the street of an address with no
    /// parts, and kept as a custom field when it says more than the parts.
    pub(super) fn finish_addresses(
        &self,
        d: &mut Draft,
        addrs: Vec<Address>,
        formatted: Vec<Option<usize>>,
        cells: &Cells,
    ) {
        for (g, (mut a, f)) in addrs.into_iter().zip(formatted).enumerate() {
            let parts: Vec<&str> = [&a.street, &a.city, &a.region, &a.postal_code, &a.country]
                .into_iter()
                .filter_map(|p| p.as_deref())
                .collect();
            if let Some(fi) = f {
                let text = cells.get(fi).trim();
                if parts.is_empty() {
                    a.street = Some(text.to_string());
                } else if !values::covered(text, &parts) {
                    self.custom(d, fi, text);
                }
            }
            if a != Address::default() {
                a.label = self.label(&self.groups[g], cells);
                d.addresses.push(a);
            }
        }
    }

    /// Derived cells (Outlook's e-mail display name) that say more than the name, emails and
    /// company are kept as custom fields.
    pub(super) fn finish_derived(&self, d: &mut Draft, derived: Vec<usize>, cells: &Cells) {
        for i in derived {
            let v = cells.get(i).trim();
            let mut parts: Vec<&str> = d.emails.iter().map(|e| e.value.as_str()).collect();
            parts.extend(d.name.as_deref());
            parts.extend(d.company.as_deref());
            if !values::covered(v, &parts) {
                self.custom(d, i, v);
            }
        }
    }

    /// Cells past the header's last column, as `Column N` (N the cell's 1-based position).
    pub(super) fn finish_extras(&self, d: &mut Draft, cells: &Cells) {
        if !self.extras {
            return;
        }
        for i in self.slots.len()..cells.len() {
            let v = cells.get(i).trim();
            if !v.is_empty() {
                d.custom_fields.push(CustomField {
                    key: format!("Column {}", i + 1),
                    value: v.to_string(),
                });
            }
        }
    }
}
