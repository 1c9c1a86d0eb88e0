//! Single vCard values read into Kith's fields: `TYPE` lists and Apple labels into labels,
//! `N` into a display name, `ADR` into an address, `BDAY` in every form clients write.

use chrono::NaiveDate;

use super::prop::{split_escaped, unescape, Version};
use crate::birthday::Birthday;
use crate::contacts::Address;

/// `TYPE` values that say how a property is used, not which one it is: they make no label.
const NOT_LABELS: [&str; 11] = [
    "internet", "x400", "pref", "voice", "msg", "text", "video", "postal", "parcel", "dom", "intl",
];
/// `TYPE` values naming a place; they come first in a label ("work fax").
const PLACES: [&str; 3] = ["home", "work", "other"];

/// The label Kith gives a property's `TYPE`s: lower-case, `cell` as "mobile", places first,
/// usage-only types dropped; `""` when nothing is left.
pub(crate) fn label_from_types<S: AsRef<str>>(types: &[S]) -> String {
    let (mut places, mut rest): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for t in types {
        let t = t.as_ref().trim().to_ascii_lowercase();
        if t.is_empty() || NOT_LABELS.contains(&t.as_str()) {
            continue;
        }
        let t = if t == "cell" { "mobile".to_string() } else { t };
        if places.contains(&t) || rest.contains(&t) {
            continue;
        }
        if PLACES.contains(&t.as_str()) {
            places.push(t);
        } else {
            rest.push(t);
        }
    }
    places.extend(rest);
    places.join(" ")
}

/// An `X-ABLabel` value as a label: Apple's built-in `_$!<HomeFAX>!$_` become Kith's words,
/// anything the user typed is kept as typed.
pub(super) fn apple_label(value: &str) -> String {
    match value
        .strip_prefix("_$!<")
        .and_then(|v| v.strip_suffix(">!$_"))
    {
        Some(builtin) => match builtin {
            "HomeFAX" => "home fax".into(),
            "WorkFAX" => "work fax".into(),
            "OtherFAX" => "other fax".into(),
            "AssistantPhone" => "assistant".into(),
            other => other.to_lowercase(),
        },
        None => value.to_string(),
    }
}

pub(super) fn strip_scheme<'s>(value: &'s str, scheme: &str) -> &'s str {
    match value.get(..scheme.len()) {
        Some(head) if head.eq_ignore_ascii_case(scheme) => value[scheme.len()..].trim(),
        _ => value,
    }
}

/// `N` (family;given;additional;prefix;suffix) as a display name: "Mr. John Q Public Jr.".
pub(super) fn name_from_parts(raw: &str, v: Version) -> Option<String> {
    let parts: Vec<String> = split_escaped(raw, ';', usize::MAX)
        .into_iter()
        .map(|part| {
            // A component may list several values ("Richter,James").
            split_escaped(part, ',', usize::MAX)
                .into_iter()
                .map(|s| unescape(s, v).trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let at = |i: usize| parts.get(i).map(String::as_str).unwrap_or("");
    let name = [at(3), at(1), at(2), at(0), at(4)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(name).filter(|n| !n.is_empty())
}

/// `ADR` (po box;extended;street;locality;region;code;country); the first three become the
/// street, one per line, in that order (how a postal label reads: "Suite 4\n1 Main St").
pub(super) fn address(raw: &str, v: Version) -> Option<Address> {
    let parts: Vec<Option<String>> = split_escaped(raw, ';', 7)
        .into_iter()
        .map(|s| Some(unescape(s, v).trim().to_string()).filter(|s| !s.is_empty()))
        .collect();
    let at = |i: usize| parts.get(i).cloned().flatten();
    let street: Vec<String> = (0..3).filter_map(at).collect();
    let address = Address {
        label: String::new(),
        street: Some(street.join("\n")).filter(|s| !s.is_empty()),
        city: at(3),
        region: at(4),
        postal_code: at(5),
        country: at(6),
    };
    (address != Address::default()).then_some(address)
}

/// `BDAY` in the forms clients write: `1985-04-12`, `19850412`, `1985-04-12T00:00:00Z`,
/// `--0412`, `--04-12`; Apple marks a yearless birthday with `X-APPLE-OMIT-YEAR=1604`.
pub(super) fn birthday(s: &str, omit_year: Option<&str>) -> Option<Birthday> {
    let date = s.split('T').next().unwrap_or(s).trim();
    if let Some(md) = date.strip_prefix("--") {
        let md = md.replace('-', "");
        if md.len() != 4 || !md.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Birthday::parse(&format!("--{}-{}", &md[..2], &md[2..]), "BDAY").ok();
    }
    let digits = date.replace('-', "");
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()?;
    if omit_year.is_some_and(|y| y.trim() == &digits[..4]) {
        let (month, day) = (&digits[4..6], &digits[6..]);
        return Birthday::parse(&format!("--{month}-{day}"), "BDAY").ok();
    }
    Some(Birthday::Full(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_become_lower_case_labels_with_places_first() {
        let label = |t: &[&str]| label_from_types(t);
        assert_eq!(label(&["WORK", "VOICE"]), "work");
        assert_eq!(label(&["cell", "pref"]), "mobile");
        assert_eq!(label(&["FAX", "HOME"]), "home fax");
        assert_eq!(
            label(&["work", "cell", "voice", "video", "text"]),
            "work mobile"
        );
        assert_eq!(label(&["INTERNET", "PREF"]), "");
        assert_eq!(label(&["customtype"]), "customtype");
    }

    #[test]
    fn apple_labels_are_translated_and_custom_ones_kept() {
        assert_eq!(apple_label("_$!<Other>!$_"), "other");
        assert_eq!(apple_label("_$!<HomeFAX>!$_"), "home fax");
        assert_eq!(apple_label("CustomEmailCategory"), "CustomEmailCategory");
    }

    #[test]
    fn birthdays_are_read_in_every_form_clients_write() {
        let full = |y, m, d| Some(Birthday::Full(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
        let yearless = |month, day| Some(Birthday::Yearless { month, day });
        assert_eq!(birthday("1985-04-12", None), full(1985, 4, 12));
        assert_eq!(birthday("19850412", None), full(1985, 4, 12));
        assert_eq!(birthday("1985-04-12T00:00:00Z", None), full(1985, 4, 12));
        assert_eq!(birthday("--0412", None), yearless(4, 12));
        assert_eq!(birthday("--04-12", None), yearless(4, 12));
        assert_eq!(birthday("1604-04-12", Some("1604")), yearless(4, 12));
        for bad in ["sometime in May", "1985-13-01", "--1301", "--04", "1985"] {
            assert_eq!(birthday(bad, None), None, "{bad}");
        }
    }

    #[test]
    fn structured_names_and_addresses_are_joined() {
        assert_eq!(
            name_from_parts(r"Doe;John;Richter,James;Mr.;Sr.", Version::V3).as_deref(),
            Some("Mr. John Richter James Doe Sr.")
        );
        assert_eq!(name_from_parts(";;;;", Version::V3), None);
        let a = address(
            r"PO 7;Suite 4;1 Main St\, rear;Springfield;IL;62701;USA",
            Version::V3,
        )
        .expect("an address");
        assert_eq!(a.street.as_deref(), Some("PO 7\nSuite 4\n1 Main St, rear"));
        assert_eq!(a.city.as_deref(), Some("Springfield"));
        assert_eq!(a.country.as_deref(), Some("USA"));
        assert_eq!(address(";;;;;;", Version::V3), None);
    }
}
