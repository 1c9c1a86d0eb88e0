//! A contact as an Automerge document, and back.

use automerge::{AutoCommit, ROOT};

use super::model::{Background, Contact, ContactChanges, ContactStatus};
use crate::am;
use crate::am::field::{Field, Str};
use crate::birthday::Birthday;
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::phone::to_e164;
use crate::store::RecordKind;

/// The fields of a contact's document: the one place their keys and shapes are spelled.
pub mod fields {
    use crate::am::field::{Field, Flag, Int, Records, Set, Str, Text};
    use crate::contacts::model::{Address, CustomField, Email, Phone, SocialLink};

    pub use crate::am::field::common::{CREATED_AT, DELETED_AT, KIND, UPDATED_AT};
    /// The display name.
    pub const NAME: Field<Str> = Field::new("name");
    /// How the user knows them.
    pub const RELATIONSHIP: Field<Str> = Field::new("relationship");
    /// A birthday, as [`crate::birthday::Birthday`] writes it.
    pub const BIRTHDAY: Field<Str> = Field::new("birthday");
    /// Their industry.
    pub const INDUSTRY: Field<Str> = Field::new("industry");
    /// Where they are.
    pub const LOCATION: Field<Str> = Field::new("location");
    /// Their company.
    pub const COMPANY: Field<Str> = Field::new("company");
    /// Their job title.
    pub const TITLE: Field<Str> = Field::new("title");
    /// active, inactive or archived.
    pub const STATUS: Field<Str> = Field::new("status");
    /// Whether they are a VIP.
    pub const VIP: Field<Flag> = Field::new("vip");
    /// The keep-in-touch cadence, in days.
    pub const KEEP_IN_TOUCH_DAYS: Field<Int> = Field::new("keep_in_touch_days");
    /// How they like to be reached.
    pub const PREFERRED_CHANNEL: Field<Str> = Field::new("preferred_channel");
    /// Email addresses.
    pub const EMAILS: Field<Records<Email>> = Field::new("emails");
    /// Phone numbers.
    pub const PHONES: Field<Records<Phone>> = Field::new("phones");
    /// Links to their profiles.
    pub const SOCIAL_LINKS: Field<Records<SocialLink>> = Field::new("social_links");
    /// Postal addresses.
    pub const ADDRESSES: Field<Records<Address>> = Field::new("addresses");
    /// Anything else, as key and value.
    pub const CUSTOM_FIELDS: Field<Records<CustomField>> = Field::new("custom_fields");
    /// Tags.
    pub const TAGS: Field<Set> = Field::new("tags");
    /// Fingerprints of the imported rows merged into the contact (never shown).
    pub const IMPORT_KEYS: Field<Set> = Field::new("import_keys");
    /// The VIP background: a map of Texts, one per [`crate::contacts::Background::FIELDS`].
    pub const BACKGROUND: &str = "background";
    /// One text of the background map.
    pub const fn background(field: &'static str) -> Field<Text> {
        Field::new(field)
    }
}

use fields::*;

/// Reads the contact a document holds. Pure: the projection and `show` agree because both
/// come from here.
pub fn read(doc: &AutoCommit, id: ContactId) -> Result<Contact> {
    read_root(&am::View::new(&am::View::root(doc)?), id)
}

/// Reads the contact from its document's hydrated root.
pub(crate) fn read_root(v: &am::View<'_>, id: ContactId) -> Result<Contact> {
    let mut background = Background::default();
    if let Some(bg) = v.map(BACKGROUND) {
        for f in Background::FIELDS {
            *background.get_mut(f) = background_field(f).get(&bg);
        }
    }
    Ok(Contact {
        id,
        name: NAME.get(v).unwrap_or_default(),
        relationship: RELATIONSHIP.get(v),
        // A birthday another version wrote in a form we do not read is shown as absent rather
        // than failing the whole record.
        birthday: BIRTHDAY
            .get(v)
            .and_then(|b| Birthday::parse(&b, "birthday").ok()),
        industry: INDUSTRY.get(v),
        location: LOCATION.get(v),
        company: COMPANY.get(v),
        title: TITLE.get(v),
        status: STATUS
            .get(v)
            .and_then(|v| ContactStatus::parse(&v, "status").ok())
            .unwrap_or_default(),
        vip: VIP.get(v),
        emails: EMAILS.get(v)?,
        phones: PHONES.get(v)?,
        social_links: SOCIAL_LINKS.get(v)?,
        preferred_channel: PREFERRED_CHANNEL.get(v),
        addresses: ADDRESSES.get(v)?,
        tags: TAGS.get(v),
        keep_in_touch_days: KEEP_IN_TOUCH_DAYS
            .get(v)
            .and_then(|d| u32::try_from(d).ok())
            .filter(|d| *d > 0),
        background,
        custom_fields: CUSTOM_FIELDS.get(v)?,
        created_at: CREATED_AT.require(v)?,
        updated_at: UPDATED_AT.require(v)?,
        last_contacted_at: None,
        deleted_at: DELETED_AT.get(v),
    })
}

/// The Text of background field `f` (one of [`Background::FIELDS`]).
fn background_field(f: &'static str) -> crate::am::field::Field<crate::am::field::Text> {
    fields::background(f)
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

/// The contact's short text fields with an edit's value for each: the one list [`apply`] and
/// [`initial`] both write.
fn short_texts(c: &ContactChanges) -> [(Field<Str>, &Option<String>); 7] {
    [
        (NAME, &c.name),
        (RELATIONSHIP, &c.relationship),
        (INDUSTRY, &c.industry),
        (LOCATION, &c.location),
        (COMPANY, &c.company),
        (TITLE, &c.title),
        (PREFERRED_CHANNEL, &c.preferred_channel),
    ]
}

/// Writes a validated edit into the document, touching only fields whose value changes.
pub fn apply(doc: &mut AutoCommit, c: &ContactChanges) -> Result<()> {
    for (field, value) in short_texts(c) {
        if let Some(v) = value {
            field.put(doc, Some(v.trim()))?;
        }
    }
    if let Some(b) = &c.birthday {
        BIRTHDAY.put(doc, b.map(|b| b.to_string()).as_deref())?;
    }
    if let Some(s) = c.status {
        STATUS.put(doc, Some(s.as_str()))?;
    }
    if let Some(v) = c.vip {
        VIP.put(doc, v)?;
    }
    if let Some(d) = c.keep_in_touch_days {
        KEEP_IN_TOUCH_DAYS.put(doc, d.map(i64::from))?;
    }
    if let Some(list) = &c.emails {
        EMAILS.put(doc, list)?;
    }
    if let Some(list) = &c.phones {
        PHONES.put(doc, list)?;
    }
    if let Some(list) = &c.social_links {
        SOCIAL_LINKS.put(doc, list)?;
    }
    if let Some(list) = &c.addresses {
        ADDRESSES.put(doc, list)?;
    }
    if let Some(list) = &c.custom_fields {
        CUSTOM_FIELDS.put(doc, list)?;
    }
    if let Some(tags) = &c.tags {
        TAGS.put(doc, tags)?;
    }
    TAGS.edit(doc, &c.add_tags, &c.remove_tags)?;
    IMPORT_KEYS.edit(doc, &c.add_import_keys, &[])?;
    if Background::FIELDS
        .iter()
        .any(|f| c.background.get(f).is_some())
    {
        let bg = am::map_at(doc, &ROOT, BACKGROUND)?;
        for f in Background::FIELDS {
            if let Some(v) = c.background.get(f) {
                am::put_text(doc, &bg, background_field(f).key(), v)?;
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
    KIND.init(&mut root, Some(super::Contacts::NAME));
    for (field, value) in short_texts(c) {
        field.init(&mut root, value.as_deref());
    }
    BIRTHDAY.init(
        &mut root,
        c.birthday.flatten().map(|b| b.to_string()).as_deref(),
    );
    STATUS.init(&mut root, Some(c.status.unwrap_or_default().as_str()));
    VIP.init(&mut root, c.vip.unwrap_or(false));
    KEEP_IN_TOUCH_DAYS.init(&mut root, c.keep_in_touch_days.flatten().map(i64::from));
    CREATED_AT.init(&mut root, Some(now));
    UPDATED_AT.init(&mut root, Some(now));
    EMAILS.init(&mut root, c.emails.as_deref().unwrap_or_default());
    PHONES.init(&mut root, c.phones.as_deref().unwrap_or_default());
    SOCIAL_LINKS.init(&mut root, c.social_links.as_deref().unwrap_or_default());
    ADDRESSES.init(&mut root, c.addresses.as_deref().unwrap_or_default());
    CUSTOM_FIELDS.init(&mut root, c.custom_fields.as_deref().unwrap_or_default());
    let mut tags: Vec<String> = c.tags.clone().unwrap_or_default();
    tags.extend(c.add_tags.iter().cloned());
    tags.retain(|t| !c.remove_tags.contains(t));
    TAGS.init(&mut root, &tags);
    IMPORT_KEYS.init(&mut root, &c.add_import_keys);
    let bg: Vec<(&str, &str)> = Background::FIELDS
        .iter()
        .map(|f| (*f, c.background.get(f).map(|s| s.as_str()).unwrap_or("")))
        .collect();
    root.texts(BACKGROUND, &bg);
    root.into_map()
}
