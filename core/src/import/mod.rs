//! Bringing contacts in from other tools without losing anything.
//!
//! Parsers (`csv`, `vcard`) stream [`model::SourceRecord`]s; the engine matches each person
//! against the database by email or phone, merges or creates, and reports every row.

pub mod csv;
mod engine;
mod file;
mod merge;
pub mod model;
mod placement;
pub mod vcard;

pub use engine::{run, ImportReport};
pub use file::{detect, import_file, preview, ImportPreview, PreviewRow, Progress};
