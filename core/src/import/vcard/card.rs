//! One card's properties to a [`Draft`].
//!
//! Every value lands somewhere: in a field of the draft, or in `custom_fields` under its
//! property name (`"X-ABRELATEDNAMES (spouse)"` when an Apple `itemN.X-ABLabel` names it). The
//! exceptions, each because the information is elsewhere or is not about the person:
//! `BEGIN`/`END`/`VERSION` (envelope), `PRODID` (which program wrote the file), `REV` (when the
//! card last changed: keeping it would make every re-import look like an edit), `N` when `FN`
//! is present (the same name in parts), `X-ABLabel` (it becomes its property's label), and a
//! second `BDAY` with the same date (vCard 4.0 `ALTID` alternatives). Other programs' `UID`s are
//! kept as custom fields, as they identify the card in its source address book; on a card Kith
//! wrote (its `PRODID`), `UID` is the Kith contact id and becomes [`Draft::id`].
//!
//! Judgement calls: `ROLE` becomes the title when the card has no `TITLE`; the first `ORG`
//! unit is the company and further units are `ORG-UNIT` custom fields; an `EMAIL` without an
//! `@` or a `TEL` without a digit (Outlook's template "BusinessPhone") is kept as a custom field,
//! since the store would refuse the whole contact over it; several `NOTE`s are joined by line
//! breaks; `CATEGORIES` follows the RFC, so `a\, b` is one tag "a, b" (a Thunderbird add-on
//! writes escaped commas between categories; they come in as one tag, nothing lost).
//!
//! Kith's own extensions ([`crate::export::vcard`]) map back to their fields: `X-KITH-STATUS`,
//! `X-KITH-VIP`, `X-KITH-KEEP-IN-TOUCH-DAYS`, `X-KITH-PREFERRED-CHANNEL`, `X-KITH-RELATIONSHIP`,
//! `X-KITH-INDUSTRY`, `X-KITH-LOCATION`, the background (`X-KITH-FAMILY`, `X-KITH-LIKES`,
//! `X-KITH-DISLIKES`, `X-KITH-BACKGROUND-COMPANY`) and `X-KITH-CUSTOM` (`key;value`). As with
//! Kith's CSV, one of these that does not read (a VIP of "maybe") makes the card an error rather
//! than a guess.

use std::collections::{HashMap, HashSet};

use super::prop::{split_escaped, unescape, Prop, Value, Version};
use super::values::{
    address, apple_label, birthday, label_from_types, name_from_parts, strip_scheme,
};
use crate::contacts::{ContactStatus, CustomField, Email, Phone, SocialLink};
use crate::ids::ContactId;
use crate::import::model::Draft;

/// The `PRODID` Kith writes; a card carrying it has Kith's contact id as its `UID`.
pub(crate) const KITH_PRODID: &str = "-//Kith//kith-core//EN";

/// Properties that hold an instant-messaging handle: RFC 4770's `IMPP` and the `X-` forms
/// address books wrote before it.
const IM_PROPERTIES: [&str; 14] = [
    "IMPP",
    "X-AIM",
    "X-ICQ",
    "X-JABBER",
    "X-MSN",
    "X-YAHOO",
    "X-SKYPE",
    "X-SKYPE-USERNAME",
    "X-GOOGLE-TALK",
    "X-GTALK",
    "X-QQ",
    "X-GADUGADU",
    "X-TWITTER",
    "X-MATRIX",
];

/// A note about one property of a card: the property's name, and what was guessed.
pub(super) type Note = (Option<String>, String);

/// Maps a card's properties; an error names the property at fault. Values whose character set
/// had to be guessed are read, and each guess is one note in `notes`.
pub(super) fn draft(props: &[Prop], notes: &mut Vec<Note>) -> Result<Draft, Note> {
    let version = match props.iter().find(|p| p.name == "VERSION") {
        Some(p) if p.raw.trim_ascii() == b"2.1" => Version::V21,
        _ => Version::V3,
    };
    let text = |p: &Prop| match p.value().0 {
        Value::Text(t) => Some(t),
        Value::Binary { .. } => None,
    };
    let mut labels = HashMap::new();
    for p in props.iter().filter(|p| p.name == "X-ABLABEL") {
        if let (Some(group), Some(t)) = (&p.group, text(p)) {
            labels.insert(group.clone(), apple_label(&unescape(&t, version)));
        }
    }
    let has = |name: &str| {
        props
            .iter()
            .any(|p| p.name == name && !p.raw.trim_ascii().is_empty())
    };
    let labelled: HashSet<&String> = props
        .iter()
        .filter(|p| p.name != "X-ABLABEL")
        .filter_map(|p| p.group.as_ref())
        .collect();
    let mut card = Card {
        version,
        labels,
        has_fn: has("FN"),
        has_title: has("TITLE"),
        from_kith: props
            .iter()
            .any(|p| p.name == "PRODID" && p.raw.trim_ascii() == KITH_PRODID.as_bytes()),
        draft: Draft::default(),
    };
    for p in props {
        if matches!(
            p.name.as_str(),
            "BEGIN" | "END" | "VERSION" | "PRODID" | "REV"
        ) {
            continue;
        }
        // An X-ABLabel is kept only when no property of its group took it as a label.
        if p.name == "X-ABLABEL" && p.group.as_ref().is_some_and(|g| labelled.contains(g)) {
            continue;
        }
        let (value, guessed) = p.value();
        if let Some(note) = guessed {
            notes.push((Some(p.name.clone()), note));
        }
        match value {
            Value::Binary { bytes, media } => {
                let media = media.map(|m| format!(", {m}")).unwrap_or_default();
                let marker = format!("({}, {bytes} bytes{media})", p.name.to_lowercase());
                card.custom(p, marker);
            }
            Value::Text(t) if t.trim().is_empty() => {}
            Value::Text(t) => card.take(p, &t).map_err(|m| (Some(p.name.clone()), m))?,
        }
    }
    card.name_from_handles();
    Ok(card.draft)
}

struct Card {
    version: Version,
    /// `X-ABLabel` values by group.
    labels: HashMap<String, String>,
    has_fn: bool,
    has_title: bool,
    from_kith: bool,
    draft: Draft,
}

impl Card {
    fn take(&mut self, p: &Prop, raw: &str) -> Result<(), String> {
        let v = self.version;
        let value = || unescape(raw, v);
        let clean = || unescape(raw, v).trim().to_string();
        let some = || Some(clean()).filter(|s| !s.is_empty());
        let d = &mut self.draft;
        match p.name.as_str() {
            "FN" if d.name.is_none() => d.name = some(),
            "N" if !self.has_fn => {
                if d.name.is_none() {
                    d.name = name_from_parts(raw, v);
                }
            }
            "N" => {}
            "ORG" if d.company.is_none() => {
                let mut units = split_escaped(raw, ';', usize::MAX)
                    .into_iter()
                    .map(|u| unescape(u, v).trim().to_string());
                d.company = units.next().filter(|c| !c.is_empty());
                for unit in units.filter(|u| !u.is_empty()) {
                    self.push("ORG-UNIT".into(), unit);
                }
            }
            "ORG" => {
                let units: Vec<String> = split_escaped(raw, ';', usize::MAX)
                    .into_iter()
                    .map(|u| unescape(u, v).trim().to_string())
                    .filter(|u| !u.is_empty())
                    .collect();
                self.custom(p, units.join("; "));
            }
            "TITLE" if d.title.is_none() => d.title = some(),
            "ROLE" if !self.has_title && d.title.is_none() => d.title = some(),
            "X-KITH-RELATIONSHIP" if d.relationship.is_none() => d.relationship = some(),
            "X-KITH-INDUSTRY" if d.industry.is_none() => d.industry = some(),
            "X-KITH-LOCATION" if d.location.is_none() => d.location = some(),
            "EMAIL" => {
                let email = clean();
                let email = strip_scheme(&email, "mailto:");
                let valid = email.split_once('@').is_some_and(|(user, host)| {
                    !user.is_empty() && !host.is_empty() && !email.contains(char::is_whitespace)
                });
                if valid {
                    let label = self.label(p, "");
                    self.draft.emails.push(Email {
                        label,
                        value: email.to_string(),
                    });
                } else {
                    self.custom(p, value());
                }
            }
            "TEL" => {
                let phone = clean();
                let phone = strip_scheme(&phone, "tel:");
                if phone.chars().any(|c| c.is_ascii_digit()) {
                    let label = self.label(p, "");
                    self.draft.phones.push(Phone {
                        label,
                        value: phone.to_string(),
                        e164: None,
                    });
                } else {
                    self.custom(p, value());
                }
            }
            "ADR" => {
                if let Some(mut address) = address(raw, v) {
                    address.label = self.label(p, "");
                    self.draft.addresses.push(address);
                }
            }
            "URL" => {
                let label = self.label(p, "url");
                self.draft.social_links.push(SocialLink {
                    label,
                    url: clean(),
                });
            }
            "X-SOCIALPROFILE" => {
                let service = p.param("X-SERVICE-TYPE").unwrap_or("social").to_lowercase();
                let label = self.label(p, &service);
                let url = match (clean(), p.param("X-USER")) {
                    (url, Some(user)) if !url.contains("://") => user.trim().to_string(),
                    (url, _) => url,
                };
                self.draft.social_links.push(SocialLink { label, url });
            }
            "NOTE" => {
                let note = value();
                d.notes = Some(match d.notes.take() {
                    Some(before) => format!("{before}\n{note}"),
                    None => note,
                });
            }
            "CATEGORIES" => {
                for tag in split_escaped(raw, ',', usize::MAX) {
                    let tag = unescape(tag, v).trim().to_string();
                    if !tag.is_empty() && !d.tags.contains(&tag) {
                        d.tags.push(tag);
                    }
                }
            }
            "BDAY" => match birthday(&clean(), p.param("X-APPLE-OMIT-YEAR")) {
                Some(b) if d.birthday.is_none() => d.birthday = Some(b),
                Some(b) if d.birthday == Some(b) => {}
                _ => self.custom(p, value()),
            },
            "UID" if self.from_kith && d.id.is_none() => {
                let uid = clean();
                let id = strip_scheme(&uid, "urn:uuid:");
                d.id = Some(ContactId::parse(id, "UID").map_err(|_| {
                    format!("UID on line {} is not a Kith contact id: '{uid}'", p.line)
                })?);
            }
            "X-KITH-STATUS" if d.status.is_none() => {
                let status = clean();
                d.status = Some(ContactStatus::parse(&status, "status").map_err(|_| {
                    format!(
                        "X-KITH-STATUS on line {} is '{status}'; use active, inactive or archived",
                        p.line
                    )
                })?);
            }
            "X-KITH-VIP" if d.vip.is_none() => {
                d.vip = Some(match clean().as_str() {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(format!(
                            "X-KITH-VIP on line {} is '{other}'; use true or false",
                            p.line
                        ))
                    }
                });
            }
            "X-KITH-KEEP-IN-TOUCH-DAYS" if d.keep_in_touch_days.is_none() => {
                let days = clean();
                d.keep_in_touch_days = Some(days.parse().map_err(|_| {
                    format!(
                        "X-KITH-KEEP-IN-TOUCH-DAYS on line {} is '{days}', not a whole number of days",
                        p.line
                    )
                })?);
            }
            "X-KITH-PREFERRED-CHANNEL" if d.preferred_channel.is_none() => {
                d.preferred_channel = some();
            }
            "X-KITH-FAMILY" if d.background.family.is_empty() => d.background.family = value(),
            "X-KITH-LIKES" if d.background.likes.is_empty() => d.background.likes = value(),
            "X-KITH-DISLIKES" if d.background.dislikes.is_empty() => {
                d.background.dislikes = value();
            }
            "X-KITH-BACKGROUND-COMPANY" if d.background.company.is_empty() => {
                d.background.company = value();
            }
            "X-KITH-CUSTOM" => {
                let mut parts = split_escaped(raw, ';', 2).into_iter();
                let key = unescape(parts.next().unwrap_or_default(), v);
                let value = unescape(parts.next().unwrap_or_default(), v);
                let key = if key.trim().is_empty() {
                    p.name.clone()
                } else {
                    key
                };
                self.push(key, value);
            }
            _ => self.custom(p, value()),
        }
        Ok(())
    }

    /// A card with no name, email or phone is still a person when it has a nickname or an
    /// instant-messaging handle: the first of those (in that order) becomes the display name.
    /// The property itself stays a custom field, so a round trip keeps it.
    fn name_from_handles(&mut self) {
        let d = &mut self.draft;
        if d.is_identifiable() {
            return;
        }
        let pick = |keys: &[&str]| {
            d.custom_fields.iter().find_map(|f| {
                let key = f.key.split(" (").next().unwrap_or(&f.key);
                keys.contains(&key)
                    .then(|| f.value.trim())
                    .filter(|v| !v.is_empty())
            })
        };
        let handle = pick(&["NICKNAME", "X-KITH-NICKNAME"]).or_else(|| pick(&IM_PROPERTIES));
        if let Some(handle) = handle {
            // `xmpp:ada@example.org`, `skype:ada.l`: the handle without its scheme.
            let bare = match handle.split_once(':') {
                Some((scheme, rest)) if !scheme.contains(['/', '@', ' ']) && !rest.is_empty() => {
                    rest.trim_start_matches("//")
                }
                _ => handle,
            };
            d.name = Some(bare.split(',').next().unwrap_or(bare).trim().to_string());
        }
    }

    /// The label of a property: its `X-ABLabel`, else its `TYPE`s, else `default`.
    fn label(&self, p: &Prop, default: &str) -> String {
        if let Some(label) = p.group.as_ref().and_then(|g| self.labels.get(g)) {
            return label.trim().to_string();
        }
        match label_from_types(&p.types()) {
            l if l.is_empty() => default.to_string(),
            l => l,
        }
    }

    /// Keeps a value under its property name (and its `X-ABLabel`, if it has one).
    fn custom(&mut self, p: &Prop, value: String) {
        let key = match p.group.as_ref().and_then(|g| self.labels.get(g)) {
            Some(label) if p.name != "X-ABLABEL" && !label.is_empty() => {
                format!("{} ({label})", p.name)
            }
            _ => p.name.clone(),
        };
        self.push(key, value);
    }

    fn push(&mut self, key: String, value: String) {
        self.draft.custom_fields.push(CustomField { key, value });
    }
}
