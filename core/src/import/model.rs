//! What every importer produces: records read from a file, each holding the people it names,
//! before any matching against the database. Parsers stream these; the engine decides what each
//! becomes (created, merged, unchanged, or an error row).

// Records and reports that cross the desktop's IPC: documented at the type level; their field
// docs would be copied into ui/src/lib/bindings.ts by ts-rs, so they come with the IPC rework.
#![allow(missing_docs)]

use serde::Serialize;

use crate::birthday::Birthday;
use crate::contacts::{Address, Background, ContactStatus, CustomField, Email, Phone, SocialLink};
use crate::ids::ContactId;

/// A person as one record of a file describes them. Every non-empty cell must land somewhere:
/// in a field here, or in `custom_fields` under its column name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    /// The display name ("Ada Lovelace"); parsers join first/middle/last when there is no
    /// full-name column.
    pub name: Option<String>,
    pub relationship: Option<String>,
    pub birthday: Option<Birthday>,
    pub industry: Option<String>,
    pub location: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    /// Phones as written (`e164` left empty: the engine normalises in the database's region).
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub social_links: Vec<SocialLink>,
    pub addresses: Vec<Address>,
    pub tags: Vec<String>,
    /// Free text about the person (a vCard `NOTE`, a CSV "Notes" column): lands in the VIP
    /// background's misc notes.
    pub notes: Option<String>,
    /// Everything with no field of its own, in file order, keyed by column (or property) name.
    /// A value that failed to parse for its field (a birthday of "sometime in May") is kept here
    /// too, as written.
    pub custom_fields: Vec<CustomField>,
    /// Columns that describe the record rather than the person (a PropertyRadar property's
    /// APN, type, value, ...). They become custom fields too, but merge as one block: an owner
    /// of two properties of the same type keeps both properties' columns.
    pub record_fields: Vec<CustomField>,
    /// Fields only Kith's own exports carry, so they read back without loss.
    pub id: Option<ContactId>,
    pub status: Option<ContactStatus>,
    pub vip: Option<bool>,
    pub keep_in_touch_days: Option<u32>,
    pub preferred_channel: Option<String>,
    /// The VIP background section; `notes` above is added to its misc notes.
    pub background: Background,
}

impl Draft {
    /// Whether the engine can make a contact of it: it needs a name, an email or a phone.
    pub fn is_identifiable(&self) -> bool {
        self.name.as_deref().is_some_and(|n| !n.trim().is_empty())
            || !self.emails.is_empty()
            || !self.phones.is_empty()
    }

    /// Whether the record said anything at all about this person (a PropertyRadar row often has
    /// no secondary owner).
    pub fn is_empty(&self) -> bool {
        *self == Draft::default()
    }
}

/// One data row of a CSV file, or one vCard.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceRecord {
    /// 1-based position among the file's data rows (the header is not counted) or cards.
    pub row: usize,
    /// Usually one person; a PropertyRadar row names up to two owners.
    pub people: Vec<Draft>,
    /// The people of this record are linked to each other (co-owners of one property).
    pub linked: bool,
    /// What the parser had to guess or set aside to keep this record (a line it could not read,
    /// kept as a custom field; a value decoded as Windows-1252): reported, never fatal.
    pub warnings: Vec<RowError>,
}

/// A problem with one row, reported back to the user; never a reason to drop the whole file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowError {
    pub row: usize,
    /// The column (or vCard property) at fault, when one is.
    pub column: Option<String>,
    pub message: String,
}

/// The file formats Kith reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ImportFormat"))]
pub enum Format {
    Csv,
    Google,
    Outlook,
    Linkedin,
    Propertyradar,
    Vcard,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Google => "google",
            Format::Outlook => "outlook",
            Format::Linkedin => "linkedin",
            Format::Propertyradar => "propertyradar",
            Format::Vcard => "vcard",
        }
    }

    pub fn parse(s: &str, what: &str) -> crate::Result<Option<Self>> {
        Ok(Some(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => return Ok(None),
            "csv" => Format::Csv,
            "google" => Format::Google,
            "outlook" => Format::Outlook,
            "linkedin" => Format::Linkedin,
            "propertyradar" => Format::Propertyradar,
            "vcard" | "vcf" => Format::Vcard,
            other => {
                return Err(crate::Error::invalid(
                    what,
                    format!("'{other}' is not a format; use auto, csv, google, outlook, linkedin, propertyradar or vcard"),
                ))
            }
        }))
    }
}

/// A parser: a stream of records, each either read or refused with a reason. Reading stops at
/// the end of the file; an I/O error is the last item.
pub type Records<'a> = Box<dyn Iterator<Item = Result<SourceRecord, RowError>> + Send + 'a>;
