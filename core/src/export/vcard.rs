//! One contact as a vCard 4.0 card (RFC 6350), readable by address books and by Kith's own
//! importer ([`crate::import::vcard::read`]), which maps it back without loss.
//!
//! Choices, each so that write → read keeps what the contact says:
//!
//! - **Labels.** A label that plain `TYPE`s express ("work", "home fax", "mobile" as
//!   `TYPE=cell`) is written as `TYPE`; any other label ("Work", "Grandma's cell", "") is
//!   written as an Apple-style group, `item1.EMAIL:…` plus `item1.X-ABLabel:Grandma's cell`,
//!   which Apple and Google address books show and the importer reads back as written. (The one
//!   label that cannot survive is Apple's own syntax, `_$!<…>!$_`, which is read as Apple's
//!   built-in label.)
//! - **Social links** whose label is a known network ("twitter") are `X-SOCIALPROFILE;TYPE=…`;
//!   the rest are `URL`, with no label meaning the default "url".
//! - **Custom fields** are `X-KITH-CUSTOM:key;value` (a structured value, so keys and values may
//!   hold any text), in order.
//! - **Kith fields vCard lacks** are Kith extensions the importer reads back into their fields:
//!   `X-KITH-STATUS` and `X-KITH-VIP` (always), `X-KITH-KEEP-IN-TOUCH-DAYS`,
//!   `X-KITH-PREFERRED-CHANNEL`, `X-KITH-RELATIONSHIP`, `X-KITH-INDUSTRY`, `X-KITH-LOCATION`,
//!   and the background: its misc notes are the card's `NOTE` (what other address books show),
//!   the rest `X-KITH-FAMILY`, `X-KITH-LIKES`, `X-KITH-DISLIKES` and
//!   `X-KITH-BACKGROUND-COMPANY`. The record's times are not written: an import stamps its own.
//! - **`UID`** is `urn:uuid:` + the contact id, and `PRODID` marks the card as Kith's, so the
//!   importer knows that `UID` is a Kith id (and matches the contact by it) rather than another
//!   address book's.
//! - **Text** is escaped (`\\`, `\n`, `\,`, `\;`), line breaks of any kind are written as `\n`
//!   (vCard cannot carry a bare carriage return), and lines are folded at 75 octets without
//!   splitting a UTF-8 character.

use std::io::{self, Write};

use super::content_line::{fold, text, uri};
use crate::birthday::Birthday;
use crate::contacts::Contact;
use crate::import::vcard::{label_from_types, KITH_PRODID};

/// Labels written as `X-SOCIALPROFILE;TYPE=<label>` rather than `URL`.
const NETWORKS: [&str; 14] = [
    "twitter",
    "x",
    "facebook",
    "linkedin",
    "instagram",
    "github",
    "mastodon",
    "bluesky",
    "threads",
    "youtube",
    "tiktok",
    "flickr",
    "myspace",
    "yelp",
];

/// Writes `contact` as one vCard 4.0 card, CRLF line endings.
pub fn write(out: &mut (impl Write + ?Sized), contact: &Contact) -> io::Result<()> {
    let mut card = Card { out, items: 0 };
    card.line("BEGIN", "VCARD")?;
    card.line("VERSION", "4.0")?;
    card.line("PRODID", KITH_PRODID)?;
    card.line("UID", &format!("urn:uuid:{}", contact.id))?;
    card.line("FN", &text(&contact.name))?;
    card.line("N", &structured_name(&contact.name))?;
    for e in &contact.emails {
        card.labelled("EMAIL", &e.label, "", &text(&e.value))?;
    }
    for p in &contact.phones {
        card.labelled("TEL", &p.label, "", &text(&p.value))?;
    }
    for a in &contact.addresses {
        let part = |p: &Option<String>| text(p.as_deref().unwrap_or(""));
        let value = format!(
            ";;{};{};{};{};{}",
            part(&a.street),
            part(&a.city),
            part(&a.region),
            part(&a.postal_code),
            part(&a.country)
        );
        card.labelled("ADR", &a.label, "", &value)?;
    }
    for s in &contact.social_links {
        if NETWORKS.contains(&s.label.as_str()) {
            card.line(&format!("X-SOCIALPROFILE;TYPE={}", s.label), &uri(&s.url))?;
        } else {
            card.labelled("URL", &s.label, "url", &uri(&s.url))?;
        }
    }
    if let Some(b) = &contact.birthday {
        let value = match b {
            Birthday::Full(d) => d.format("%Y%m%d").to_string(),
            Birthday::Yearless { month, day } => format!("--{month:02}{day:02}"),
        };
        card.line("BDAY", &value)?;
    }
    let optional = [
        ("ORG", &contact.company),
        ("TITLE", &contact.title),
        ("X-KITH-RELATIONSHIP", &contact.relationship),
        ("X-KITH-INDUSTRY", &contact.industry),
        ("X-KITH-LOCATION", &contact.location),
        ("X-KITH-PREFERRED-CHANNEL", &contact.preferred_channel),
    ];
    for (name, value) in optional {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            card.line(name, &text(v))?;
        }
    }
    let bg = &contact.background;
    let background = [
        ("NOTE", &bg.misc),
        ("X-KITH-FAMILY", &bg.family),
        ("X-KITH-LIKES", &bg.likes),
        ("X-KITH-DISLIKES", &bg.dislikes),
        ("X-KITH-BACKGROUND-COMPANY", &bg.company),
    ];
    for (name, value) in background {
        if !value.trim().is_empty() {
            card.line(name, &text(value))?;
        }
    }
    card.line("X-KITH-STATUS", contact.status.as_str())?;
    card.line("X-KITH-VIP", if contact.vip { "true" } else { "false" })?;
    if let Some(days) = contact.keep_in_touch_days {
        card.line("X-KITH-KEEP-IN-TOUCH-DAYS", &days.to_string())?;
    }
    let tags: Vec<String> = contact.tags.iter().map(|t| text(t)).collect();
    if !tags.is_empty() {
        card.line("CATEGORIES", &tags.join(","))?;
    }
    for f in &contact.custom_fields {
        card.line(
            "X-KITH-CUSTOM",
            &format!("{};{}", text(&f.key), text(&f.value)),
        )?;
    }
    card.line("END", "VCARD")
}

struct Card<'o, W: ?Sized> {
    out: &'o mut W,
    /// `itemN` groups used so far.
    items: usize,
}

impl<W: Write + ?Sized> Card<'_, W> {
    /// `name` may carry parameters (`X-SOCIALPROFILE;TYPE=twitter`); `value` is escaped.
    fn line(&mut self, name: &str, value: &str) -> io::Result<()> {
        fold(self.out, &format!("{name}:{value}"))
    }

    /// A property with a label: `TYPE`s when they say it exactly, else an `X-ABLabel` group.
    fn labelled(&mut self, name: &str, label: &str, default: &str, value: &str) -> io::Result<()> {
        if label == default {
            return self.line(name, value);
        }
        if let Some(types) = types_for(label) {
            return self.line(&format!("{name};TYPE={types}"), value);
        }
        self.items += 1;
        let group = format!("item{}", self.items);
        self.line(&format!("{group}.{name}"), value)?;
        self.line(&format!("{group}.X-ABLabel"), &text(label))
    }
}

/// `TYPE` values address books know; a label made of others ("assistant", "homepage") is
/// written as an `X-ABLabel`, which they show as written.
const KNOWN_TYPES: [&str; 13] = [
    "home",
    "work",
    "other",
    "cell",
    "fax",
    "pager",
    "main",
    "iphone",
    "car",
    "isdn",
    "bbs",
    "modem",
    "textphone",
];

/// The `TYPE` list the importer turns back into exactly `label`, if there is one.
fn types_for(label: &str) -> Option<String> {
    let types: Vec<&str> = label
        .split(' ')
        .map(|word| if word == "mobile" { "cell" } else { word })
        .collect();
    let known = types.iter().all(|t| KNOWN_TYPES.contains(t));
    (known && label_from_types(&types) == label).then(|| types.join(","))
}

const PREFIXES: [&str; 10] = [
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev",
];
const SUFFIXES: [&str; 8] = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"];

/// `N` from a display name, best effort, for other address books (Kith reads `FN`): a leading
/// title and a trailing suffix are recognised, "Family, Given" is read as such, and otherwise
/// the last word is the family name.
fn structured_name(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let bare = |w: &str| w.trim_end_matches(['.', ',']).to_lowercase();
    let prefix = match words.first() {
        Some(w) if words.len() > 1 && PREFIXES.contains(&bare(w).as_str()) => words.remove(0),
        _ => "",
    };
    let suffix = match words.last() {
        Some(w) if words.len() > 1 && SUFFIXES.contains(&bare(w).as_str()) => {
            words.pop().unwrap_or_default()
        }
        _ => "",
    };
    let rest = words.join(" ");
    let rest = rest.trim_end_matches(',');
    let (family, given) = match rest.split_once(", ") {
        Some((family, given)) if !family.contains(' ') && !given.contains(',') => (family, given),
        _ => match rest.rsplit_once(' ') {
            Some((given, family)) => (family, given),
            // "Cher" is a given name; "Dr. Who" a family name.
            None if prefix.is_empty() => ("", rest),
            None => (rest, ""),
        },
    };
    let parts = [family, given, "", prefix, suffix].map(text);
    parts.join(";")
}

#[cfg(test)]
mod tests;
