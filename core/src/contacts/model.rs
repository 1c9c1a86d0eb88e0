//! The contact record as the rest of Kith sees it.

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

use serde::{Deserialize, Serialize};

use crate::birthday::Birthday;
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ContactStatus {
    #[default]
    Active,
    Inactive,
    Archived,
}

impl ContactStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactStatus::Active => "active",
            ContactStatus::Inactive => "inactive",
            ContactStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str, what: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "active" => Ok(ContactStatus::Active),
            "inactive" => Ok(ContactStatus::Inactive),
            "archived" => Ok(ContactStatus::Archived),
            other => Err(Error::invalid(
                what,
                format!("'{other}' is not a status; use active, inactive or archived"),
            )),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Email {
    #[serde(default)]
    pub label: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Phone {
    #[serde(default)]
    pub label: String,
    /// As the user typed it.
    pub value: String,
    /// E.164, when the number could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub e164: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SocialLink {
    #[serde(default)]
    pub label: String,
    pub url: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct Address {
    #[serde(default)]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomField {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// The VIP background section: long free text, merged character by character.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Background {
    pub family: String,
    pub company: String,
    pub likes: String,
    pub dislikes: String,
    pub misc: String,
}

impl Background {
    pub const FIELDS: [&'static str; 5] = ["family", "company", "likes", "dislikes", "misc"];

    pub fn get(&self, field: &str) -> &str {
        match field {
            "family" => &self.family,
            "company" => &self.company,
            "likes" => &self.likes,
            "dislikes" => &self.dislikes,
            _ => &self.misc,
        }
    }

    pub fn get_mut(&mut self, field: &str) -> &mut String {
        match field {
            "family" => &mut self.family,
            "company" => &mut self.company,
            "likes" => &mut self.likes,
            "dislikes" => &mut self.dislikes,
            _ => &mut self.misc,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contact {
    pub id: ContactId,
    pub name: String,
    pub relationship: Option<String>,
    pub birthday: Option<Birthday>,
    pub industry: Option<String>,
    pub location: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub status: ContactStatus,
    pub vip: bool,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub social_links: Vec<SocialLink>,
    pub preferred_channel: Option<String>,
    pub addresses: Vec<Address>,
    pub tags: Vec<String>,
    pub keep_in_touch_days: Option<u32>,
    pub background: Background,
    pub custom_fields: Vec<CustomField>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Derived from interactions by the projection, never stored in the document.
    pub last_contacted_at: Option<Timestamp>,
    pub deleted_at: Option<Timestamp>,
}

/// An edit to a contact: `None` leaves a field alone. For text fields an empty string clears
/// the field. List fields replace the whole list; tags can also be added and removed one by one.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct ContactChanges {
    pub name: Option<String>,
    pub relationship: Option<String>,
    /// `Some(None)` clears the birthday.
    pub birthday: Option<Option<Birthday>>,
    pub industry: Option<String>,
    pub location: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub status: Option<ContactStatus>,
    pub vip: Option<bool>,
    pub emails: Option<Vec<Email>>,
    pub phones: Option<Vec<Phone>>,
    pub social_links: Option<Vec<SocialLink>>,
    pub preferred_channel: Option<String>,
    pub addresses: Option<Vec<Address>>,
    pub tags: Option<Vec<String>>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>"))]
    pub add_tags: Vec<String>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>"))]
    pub remove_tags: Vec<String>,
    /// `Some(None)` stops keeping in touch.
    pub keep_in_touch_days: Option<Option<u32>>,
    #[cfg_attr(feature = "ts", ts(as = "Option<BackgroundChanges>"))]
    pub background: BackgroundChanges,
    pub custom_fields: Option<Vec<CustomField>>,
    /// Fingerprints of imported file rows to remember on the contact (see `import`); not
    /// something a person or the window sets.
    #[serde(skip)]
    pub add_import_keys: Vec<String>,
}

impl ContactChanges {
    /// The edit that settles a field two devices set concurrently on one of its values (as
    /// [`super::FieldConflict`] lists them): writing the value again supersedes the others.
    pub fn keep_value(field: &str, value: &str) -> Result<ContactChanges> {
        let typed = match field {
            "vip" => serde_json::Value::Bool(value == "true"),
            "keep_in_touch_days" => value
                .parse::<u32>()
                .map(serde_json::Value::from)
                .unwrap_or(serde_json::Value::Null),
            _ => serde_json::Value::String(value.to_string()),
        };
        let mut edit = serde_json::Map::new();
        edit.insert(field.to_string(), typed);
        serde_json::from_value(serde_json::Value::Object(edit)).map_err(|e| {
            Error::invalid(
                field,
                format!("cannot be settled from here ({e}); edit the field instead"),
            )
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct BackgroundChanges {
    pub family: Option<String>,
    pub company: Option<String>,
    pub likes: Option<String>,
    pub dislikes: Option<String>,
    pub misc: Option<String>,
}

impl BackgroundChanges {
    pub fn get(&self, field: &str) -> Option<&String> {
        match field {
            "family" => self.family.as_ref(),
            "company" => self.company.as_ref(),
            "likes" => self.likes.as_ref(),
            "dislikes" => self.dislikes.as_ref(),
            _ => self.misc.as_ref(),
        }
    }
}
