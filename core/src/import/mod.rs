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
pub use file::{detect, import_file, preview, ImportPreview, PreviewColumns, PreviewRow, Progress};
pub use placement::PossibleDuplicate;

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::path::Path;

    use super::csv::{self, ColumnMap};
    use super::model::Format;

    /// The files of `core/tests/fixtures/fuzz-regressions/<target>` (none yet is fine).
    fn inputs(target: &str) -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz-regressions")
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        entries
            .map(|e| std::fs::read(e.expect("a directory entry").path()).expect("readable"))
            .collect()
    }

    /// What `fuzz/fuzz_targets/*.rs` do with one input, replayed on every input that once
    /// crashed them.
    #[test]
    fn fuzz_regressions_read_without_panicking() {
        const FORMATS: [Format; 5] = [
            Format::Csv,
            Format::Google,
            Format::Outlook,
            Format::Linkedin,
            Format::Propertyradar,
        ];
        for data in inputs("csv_reader") {
            let Some((&selector, bytes)) = data.split_first() else {
                continue;
            };
            let _ = super::detect(bytes);
            let format = FORMATS[usize::from(selector) % FORMATS.len()];
            let map =
                (selector & 0x80 != 0 && format != Format::Propertyradar).then(|| ColumnMap {
                    columns: ["name", "email", "-", "work phone", "birthday", "tags"]
                        .map(String::from)
                        .to_vec(),
                    header: selector & 0x40 != 0,
                });
            if let Ok(records) = csv::read(Cursor::new(bytes.to_vec()), format, map.as_ref()) {
                records.for_each(drop);
            }
        }
        for data in inputs("vcard_reader") {
            let _ = super::detect(&data);
            super::vcard::read(&data[..]).for_each(drop);
        }
    }
}
