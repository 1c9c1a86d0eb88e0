//! What an imported person changes: everything, for a new contact; for an existing one, only
//! additions. New emails, phones, tags, addresses, links and custom fields are added, empty
//! fields are filled, and a value that differs from one already there is kept beside it as a
//! custom field named "`field` (imported)". Nothing the file says is dropped, and nothing the
//! contact had is discarded.

use std::fmt::Write as _;

use crate::contacts::{
    Background, BackgroundChanges, Contact, ContactChanges, CustomField, Email, Phone,
};
use crate::import::model::Draft;
use crate::phone::{digits, to_e164};

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Makes a draft storable: emails that are not addresses and phones without digits move to
/// custom fields as written, phones get their E.164 form, and a person known only by an email
/// or phone is named by it (a contact needs a name).
pub fn sanitise(mut d: Draft, region: &str) -> Draft {
    let mut moved = Vec::new();
    d.emails.retain(|e| {
        let v = e.value.trim();
        let ok = v
            .split_once('@')
            .is_some_and(|(u, h)| !u.is_empty() && !h.is_empty())
            && !v.contains(char::is_whitespace);
        if !ok && !v.is_empty() {
            moved.push(CustomField {
                key: label_key("email", &e.label),
                value: e.value.clone(),
            });
        }
        ok
    });
    d.phones.retain(|p| {
        let ok = p.value.chars().any(|c| c.is_ascii_digit());
        if !ok && !p.value.trim().is_empty() {
            moved.push(CustomField {
                key: label_key("phone", &p.label),
                value: p.value.clone(),
            });
        }
        ok
    });
    for p in &mut d.phones {
        if p.e164.is_none() {
            p.e164 = to_e164(&p.value, region);
        }
    }
    d.custom_fields.extend(moved);
    d.tags.retain(|t| !t.trim().is_empty());
    for fields in [&mut d.custom_fields, &mut d.record_fields] {
        fields.retain(|f| !f.key.trim().is_empty() || !f.value.trim().is_empty());
        for f in fields.iter_mut() {
            if f.key.trim().is_empty() {
                f.key = "field".into();
            }
        }
    }
    if non_empty(&d.name).is_none() {
        d.name = d
            .emails
            .first()
            .map(|e| e.value.clone())
            .or_else(|| d.phones.first().map(|p| p.value.clone()));
    }
    d
}

fn label_key(field: &str, label: &str) -> String {
    if label.trim().is_empty() {
        field.to_string()
    } else {
        format!("{field} ({})", label.trim())
    }
}

fn background_of(d: &Draft) -> Background {
    let mut b = d.background.clone();
    if let Some(notes) = non_empty(&d.notes) {
        if b.misc.trim().is_empty() {
            b.misc = notes;
        } else if !b.misc.contains(&notes) {
            let _ = write!(b.misc, "\n\n{notes}");
        }
    }
    b
}

/// The edit that creates a contact from a sanitised draft.
pub fn creation(d: &Draft, import_key: &str) -> ContactChanges {
    let bg = background_of(d);
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    ContactChanges {
        name: non_empty(&d.name),
        relationship: non_empty(&d.relationship),
        birthday: d.birthday.map(Some),
        industry: non_empty(&d.industry),
        location: non_empty(&d.location),
        company: non_empty(&d.company),
        title: non_empty(&d.title),
        status: d.status,
        vip: d.vip,
        emails: Some(d.emails.clone()),
        phones: Some(d.phones.clone()),
        social_links: Some(d.social_links.clone()),
        preferred_channel: non_empty(&d.preferred_channel),
        addresses: Some(d.addresses.clone()),
        tags: Some(d.tags.iter().map(|t| t.trim().to_string()).collect()),
        keep_in_touch_days: d.keep_in_touch_days.map(Some),
        background: BackgroundChanges {
            family: text(&bg.family),
            company: text(&bg.company),
            likes: text(&bg.likes),
            dislikes: text(&bg.dislikes),
            misc: text(&bg.misc),
        },
        custom_fields: Some(
            d.record_fields
                .iter()
                .chain(&d.custom_fields)
                .cloned()
                .collect(),
        ),
        add_import_keys: vec![import_key.to_string()],
        ..Default::default()
    }
}

fn dedup_emails(existing: &[Email], new: &[Email]) -> Vec<Email> {
    let mut out: Vec<Email> = existing.to_vec();
    for e in new {
        if !out
            .iter()
            .any(|o| o.value.eq_ignore_ascii_case(e.value.trim()))
        {
            out.push(Email {
                label: e.label.trim().to_string(),
                value: e.value.trim().to_string(),
            });
        }
    }
    out
}

fn same_phone(a: &Phone, b: &Phone) -> bool {
    match (&a.e164, &b.e164) {
        (Some(x), Some(y)) => x == y,
        _ => digits(&a.value) == digits(&b.value),
    }
}

fn dedup_phones(existing: &[Phone], new: &[Phone]) -> Vec<Phone> {
    let mut out: Vec<Phone> = existing.to_vec();
    for p in new {
        if !out.iter().any(|o| same_phone(o, p)) {
            out.push(Phone {
                label: p.label.trim().to_string(),
                value: p.value.trim().to_string(),
                e164: p.e164.clone(),
            });
        }
    }
    out
}

/// Appends what `extra` has that `list` lacks; `Some` only when something was added.
fn added<T: Clone + PartialEq>(list: &[T], extra: &[T]) -> Option<Vec<T>> {
    let mut out = list.to_vec();
    for x in extra {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    (out.len() > list.len()).then_some(out)
}

/// The edit that merges a sanitised draft into an existing contact: additions only. The import
/// key is only recorded when something else changes, so a row that adds nothing leaves the
/// contact untouched (and reports as unchanged).
pub fn merge(c: &Contact, d: &Draft, import_key: &str) -> ContactChanges {
    let mut ch = ContactChanges::default();
    let mut custom = c.custom_fields.clone();
    let mut keep_beside = |field: &str, value: &str| {
        let f = CustomField {
            key: format!("{field} (imported)"),
            value: value.to_string(),
        };
        if !custom.contains(&f) {
            custom.push(f);
        }
    };
    let mut fill = |field: &str,
                    current: &Option<String>,
                    incoming: &Option<String>,
                    slot: &mut Option<String>| {
        if let Some(v) = non_empty(incoming) {
            match non_empty(current) {
                None => *slot = Some(v),
                Some(cur) if !cur.eq_ignore_ascii_case(&v) => keep_beside(field, &v),
                Some(_) => {}
            }
        }
    };
    fill("name", &Some(c.name.clone()), &d.name, &mut ch.name);
    fill(
        "relationship",
        &c.relationship,
        &d.relationship,
        &mut ch.relationship,
    );
    fill("industry", &c.industry, &d.industry, &mut ch.industry);
    fill("location", &c.location, &d.location, &mut ch.location);
    fill("company", &c.company, &d.company, &mut ch.company);
    fill("title", &c.title, &d.title, &mut ch.title);
    fill(
        "preferred channel",
        &c.preferred_channel,
        &d.preferred_channel,
        &mut ch.preferred_channel,
    );
    match (c.birthday, d.birthday) {
        (None, Some(b)) => ch.birthday = Some(Some(b)),
        (Some(cur), Some(b)) if cur != b => keep_beside("birthday", &b.to_string()),
        _ => {}
    }
    if d.vip == Some(true) && !c.vip {
        ch.vip = Some(true);
    }
    if let (None, Some(days)) = (c.keep_in_touch_days, d.keep_in_touch_days) {
        ch.keep_in_touch_days = Some(Some(days));
    }
    if let Some(status) = d.status.filter(|s| *s != c.status) {
        keep_beside("status", status.as_str());
    }
    let emails = dedup_emails(&c.emails, &d.emails);
    if emails.len() > c.emails.len() {
        ch.emails = Some(emails);
    }
    let phones = dedup_phones(&c.phones, &d.phones);
    if phones.len() > c.phones.len() {
        ch.phones = Some(phones);
    }
    ch.social_links = added(&c.social_links, &d.social_links);
    ch.addresses = added(&c.addresses, &d.addresses);
    ch.add_tags = d
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !c.tags.contains(t))
        .collect();
    let bg = background_of(d);
    for f in Background::FIELDS {
        let (cur, new) = (c.background.get(f), bg.get(f).trim());
        if new.is_empty() || cur.contains(new) {
            continue;
        }
        let merged = if cur.trim().is_empty() {
            new.to_string()
        } else {
            format!("{cur}\n\n{new}")
        };
        match f {
            "family" => ch.background.family = Some(merged),
            "company" => ch.background.company = Some(merged),
            "likes" => ch.background.likes = Some(merged),
            "dislikes" => ch.background.dislikes = Some(merged),
            _ => ch.background.misc = Some(merged),
        }
    }
    // The record's columns are one block (a property's): added unless the contact already
    // holds that very block, so a second property of the same type keeps its own "Type: SFR".
    let block = &d.record_fields;
    if !block.is_empty() && !custom.windows(block.len()).any(|w| w == block.as_slice()) {
        custom.extend(block.iter().cloned());
    }
    for f in &d.custom_fields {
        if !custom.contains(f) {
            custom.push(f.clone());
        }
    }
    if custom.len() > c.custom_fields.len() {
        ch.custom_fields = Some(custom);
    }
    if ch != ContactChanges::default() {
        ch.add_import_keys = vec![import_key.to_string()];
    }
    ch
}

/// A stable fingerprint of what a file row says about a person, so the same row is recognised
/// when the file is imported again, by this version of Kith or a later one: FNV-1a over an
/// explicit rendering of the fields (not `Debug`, whose format may change).
pub fn fingerprint(d: &Draft) -> String {
    let mut s = String::new();
    let mut put = |k: &str, v: &str| {
        let _ = write!(s, "{k}\u{1f}{v}\u{1e}");
    };
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    put("n", &o(&d.name));
    put("r", &o(&d.relationship));
    put("b", &d.birthday.map(|b| b.to_string()).unwrap_or_default());
    put("i", &o(&d.industry));
    put("l", &o(&d.location));
    put("c", &o(&d.company));
    put("t", &o(&d.title));
    for e in &d.emails {
        put("e", &format!("{}={}", e.label, e.value));
    }
    for p in &d.phones {
        put("p", &format!("{}={}", p.label, p.value));
    }
    for l in &d.social_links {
        put("s", &format!("{}={}", l.label, l.url));
    }
    for a in &d.addresses {
        put("a", &serde_json::to_string(a).unwrap_or_default());
    }
    for t in &d.tags {
        put("g", t);
    }
    put("o", &o(&d.notes));
    for f in &d.custom_fields {
        put("f", &format!("{}={}", f.key, f.value));
    }
    for f in &d.record_fields {
        put("rf", &format!("{}={}", f.key, f.value));
    }
    put("id", &d.id.map(|i| i.to_string()).unwrap_or_default());
    put("st", d.status.map(|s| s.as_str()).unwrap_or(""));
    put("v", &d.vip.map(|v| v.to_string()).unwrap_or_default());
    put(
        "k",
        &d.keep_in_touch_days
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    put("pc", &o(&d.preferred_channel));
    for f in Background::FIELDS {
        put(f, d.background.get(f));
    }
    format!("row1-{:016x}-{}", fnv1a(&s), s.len())
}

/// The fingerprint of a person who shares the row with others (co-owners): the same person
/// on a row with different co-owners is a different row.
pub fn fingerprint_with(own: &str, others: &[&str]) -> String {
    if others.is_empty() {
        return own.to_string();
    }
    format!("{own}+{:016x}", fnv1a(&others.join(",")))
}

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
