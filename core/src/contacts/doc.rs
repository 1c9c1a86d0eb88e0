//! A contact as an Automerge document, and back.

use automerge::{AutoCommit, ROOT};

use super::model::{Background, Contact, ContactChanges, ContactStatus, Email, Phone};
use crate::am;
use crate::birthday::Birthday;
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::phone::to_e164;

/// Reads the contact a document holds. Pure: the projection and `show` agree because both
/// come from here.
pub fn read(doc: &AutoCommit, id: ContactId) -> Result<Contact> {
    read_root(&am::View::new(&am::View::root(doc)?), id)
}

/// Reads the contact from its document's hydrated root.
pub(crate) fn read_root(v: &am::View<'_>, id: ContactId) -> Result<Contact> {
    let s = |k: &str| v.opt_str(k);
    let mut background = Background::default();
    if let Some(bg) = v.map("background") {
        for f in Background::FIELDS {
            *background.get_mut(f) = bg.str(f).unwrap_or_default();
        }
    }
    Ok(Contact {
        id,
        name: s("name").unwrap_or_default(),
        relationship: s("relationship"),
        // A birthday another version wrote in a form we do not read is shown as absent rather
        // than failing the whole record.
        birthday: s("birthday").and_then(|b| Birthday::parse(&b, "birthday").ok()),
        industry: s("industry"),
        location: s("location"),
        company: s("company"),
        title: s("title"),
        status: s("status")
            .and_then(|v| ContactStatus::parse(&v, "status").ok())
            .unwrap_or_default(),
        vip: v.bool("vip"),
        emails: v.list("emails")?,
        phones: v.list("phones")?,
        social_links: v.list("social_links")?,
        preferred_channel: s("preferred_channel"),
        addresses: v.list("addresses")?,
        tags: v.set("tags"),
        keep_in_touch_days: v
            .i64("keep_in_touch_days")
            .and_then(|d| u32::try_from(d).ok())
            .filter(|d| *d > 0),
        background,
        custom_fields: v.list("custom_fields")?,
        created_at: v.require_ts("created_at")?,
        updated_at: v.require_ts("updated_at")?,
        last_contacted_at: None,
        deleted_at: v.ts("deleted_at"),
    })
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}

/// Checks and normalises an edit before anything is written: trims text, refuses a blank name,
/// malformed emails and phones without digits, and fills each phone's E.164 form.
pub fn validate(mut c: ContactChanges, region: &str) -> Result<ContactChanges> {
    if let Some(name) = &c.name {
        if name.trim().is_empty() {
            return Err(Error::invalid("name", "a contact needs a name"));
        }
        c.name = Some(clean(name));
    }
    if let Some(emails) = &mut c.emails {
        for (i, e) in emails.iter_mut().enumerate() {
            e.value = clean(&e.value);
            e.label = clean(&e.label);
            let ok = e.value.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && !host.is_empty() && !e.value.contains(char::is_whitespace)
            });
            if !ok {
                return Err(Error::invalid(
                    format!("email {}", i + 1),
                    format!("'{}' is not an email address", e.value),
                ));
            }
        }
    }
    if let Some(phones) = &mut c.phones {
        for (i, p) in phones.iter_mut().enumerate() {
            p.value = clean(&p.value);
            p.label = clean(&p.label);
            if !p.value.chars().any(|ch| ch.is_ascii_digit()) {
                return Err(Error::invalid(
                    format!("phone {}", i + 1),
                    format!("'{}' has no digits", p.value),
                ));
            }
            p.e164 = p.e164.take().or_else(|| to_e164(&p.value, region));
        }
    }
    for tags in [
        c.tags.as_mut(),
        Some(&mut c.add_tags),
        Some(&mut c.remove_tags),
    ]
    .into_iter()
    .flatten()
    {
        for t in tags.iter_mut() {
            *t = clean(t);
        }
        if tags.iter().any(String::is_empty) {
            return Err(Error::invalid("tag", "a tag cannot be empty"));
        }
        tags.sort();
        tags.dedup();
    }
    if let Some(Some(0)) = c.keep_in_touch_days {
        c.keep_in_touch_days = Some(None);
    }
    if let Some(fields) = &c.custom_fields {
        if let Some(i) = fields.iter().position(|f| f.key.trim().is_empty()) {
            return Err(Error::invalid(
                format!("custom field {}", i + 1),
                "a custom field needs a key",
            ));
        }
    }
    Ok(c)
}

/// Writes a validated edit into the document, touching only fields whose value changes.
pub fn apply(doc: &mut AutoCommit, c: &ContactChanges) -> Result<()> {
    let text = |doc: &mut AutoCommit, key: &str, v: &Option<String>| -> Result<()> {
        match v {
            Some(v) => am::put_str(doc, &ROOT, key, Some(v.trim())),
            None => Ok(()),
        }
    };
    text(doc, "name", &c.name)?;
    text(doc, "relationship", &c.relationship)?;
    text(doc, "industry", &c.industry)?;
    text(doc, "location", &c.location)?;
    text(doc, "company", &c.company)?;
    text(doc, "title", &c.title)?;
    text(doc, "preferred_channel", &c.preferred_channel)?;
    if let Some(b) = &c.birthday {
        am::put_str(doc, &ROOT, "birthday", b.map(|b| b.to_string()).as_deref())?;
    }
    if let Some(s) = c.status {
        am::put_str(doc, &ROOT, "status", Some(s.as_str()))?;
    }
    if let Some(v) = c.vip {
        am::put_bool(doc, &ROOT, "vip", v)?;
    }
    if let Some(d) = c.keep_in_touch_days {
        am::put_i64(doc, &ROOT, "keep_in_touch_days", d.map(i64::from))?;
    }
    if let Some(list) = &c.emails {
        am::put_list::<Email>(doc, &ROOT, "emails", list)?;
    }
    if let Some(list) = &c.phones {
        am::put_list::<Phone>(doc, &ROOT, "phones", list)?;
    }
    if let Some(list) = &c.social_links {
        am::put_list(doc, &ROOT, "social_links", list)?;
    }
    if let Some(list) = &c.addresses {
        am::put_list(doc, &ROOT, "addresses", list)?;
    }
    if let Some(list) = &c.custom_fields {
        am::put_list(doc, &ROOT, "custom_fields", list)?;
    }
    if let Some(tags) = &c.tags {
        let current = am::get_set(doc, &ROOT, "tags")?;
        let remove: Vec<String> = current
            .iter()
            .filter(|t| !tags.contains(t))
            .cloned()
            .collect();
        am::edit_set(doc, &ROOT, "tags", tags, &remove)?;
    }
    am::edit_set(doc, &ROOT, "tags", &c.add_tags, &c.remove_tags)?;
    if !c.add_import_keys.is_empty() {
        am::edit_set(doc, &ROOT, "import_keys", &c.add_import_keys, &[])?;
    }
    if Background::FIELDS
        .iter()
        .any(|f| c.background.get(f).is_some())
    {
        let bg = am::map_at(doc, &ROOT, "background")?;
        for f in Background::FIELDS {
            if let Some(v) = c.background.get(f) {
                am::put_text(doc, &bg, f, v)?;
            }
        }
    }
    Ok(())
}

/// The whole first state of a new contact from a validated edit, built in one go (see
/// [`am::build`]). Holds the same fields [`apply`] would write on an empty document, plus the
/// containers (tags, background texts, import keys) every contact has from birth, so two
/// devices never create competing copies of them.
pub fn initial(c: &ContactChanges, now: crate::time::Timestamp) -> automerge::hydrate::Map {
    let mut root = am::build::Root::default();
    root.str("kind", Some("contact"))
        .str("name", c.name.as_deref())
        .str("relationship", c.relationship.as_deref())
        .str("industry", c.industry.as_deref())
        .str("location", c.location.as_deref())
        .str("company", c.company.as_deref())
        .str("title", c.title.as_deref())
        .str("preferred_channel", c.preferred_channel.as_deref())
        .str(
            "birthday",
            c.birthday.flatten().map(|b| b.to_string()).as_deref(),
        )
        .str("status", Some(c.status.unwrap_or_default().as_str()))
        .bool("vip", c.vip.unwrap_or(false))
        .int(
            "keep_in_touch_days",
            c.keep_in_touch_days.flatten().map(i64::from),
        )
        .int("created_at", Some(now.0))
        .int("updated_at", Some(now.0))
        .list("emails", c.emails.as_deref().unwrap_or_default())
        .list("phones", c.phones.as_deref().unwrap_or_default())
        .list(
            "social_links",
            c.social_links.as_deref().unwrap_or_default(),
        )
        .list("addresses", c.addresses.as_deref().unwrap_or_default())
        .list(
            "custom_fields",
            c.custom_fields.as_deref().unwrap_or_default(),
        );
    let mut tags: Vec<String> = c.tags.clone().unwrap_or_default();
    tags.extend(c.add_tags.iter().cloned());
    tags.retain(|t| !c.remove_tags.contains(t));
    root.set("tags", &tags)
        .set("import_keys", &c.add_import_keys);
    let bg: Vec<(&str, &str)> = Background::FIELDS
        .iter()
        .map(|f| (*f, c.background.get(f).map(|s| s.as_str()).unwrap_or("")))
        .collect();
    root.texts("background", &bg);
    root.into_map()
}

/// The contact [`initial`] creates, without reading it back from the document: what an import
/// of 100,000 rows projects. Kept beside `initial` so the two change together; the import
/// tests check that a rebuild from the documents gives the same rows.
pub fn created(id: ContactId, c: &ContactChanges, now: crate::time::Timestamp) -> Contact {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let mut tags: Vec<String> = c.tags.clone().unwrap_or_default();
    tags.extend(c.add_tags.iter().cloned());
    tags.retain(|t| !c.remove_tags.contains(t));
    tags.sort();
    tags.dedup();
    let mut background = Background::default();
    for f in Background::FIELDS {
        if let Some(v) = c.background.get(f) {
            *background.get_mut(f) = v.clone();
        }
    }
    Contact {
        id,
        name: text(&c.name).unwrap_or_default(),
        relationship: text(&c.relationship),
        birthday: c.birthday.flatten(),
        industry: text(&c.industry),
        location: text(&c.location),
        company: text(&c.company),
        title: text(&c.title),
        status: c.status.unwrap_or_default(),
        vip: c.vip.unwrap_or(false),
        emails: c.emails.clone().unwrap_or_default(),
        phones: c.phones.clone().unwrap_or_default(),
        social_links: c.social_links.clone().unwrap_or_default(),
        preferred_channel: text(&c.preferred_channel),
        addresses: c.addresses.clone().unwrap_or_default(),
        tags,
        keep_in_touch_days: c.keep_in_touch_days.flatten().filter(|d| *d > 0),
        background,
        custom_fields: c.custom_fields.clone().unwrap_or_default(),
        created_at: now,
        updated_at: now,
        last_contacted_at: None,
        deleted_at: None,
    }
}
