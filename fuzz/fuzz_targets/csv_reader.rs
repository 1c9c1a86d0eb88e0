//! Any bytes, read as a CSV file of each flavour (and with a column map): reading never
//! panics, and every record either reads or is refused with a row error.
#![no_main]

use std::io::Cursor;

use kith_core::import::csv::{self, ColumnMap};
use kith_core::import::model::Format;
use libfuzzer_sys::fuzz_target;

const FORMATS: [Format; 5] = [
    Format::Csv,
    Format::Google,
    Format::Outlook,
    Format::Linkedin,
    Format::Propertyradar,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let _ = kith_core::import::detect(bytes);
    let format = FORMATS[usize::from(selector) % FORMATS.len()];
    let map = (selector & 0x80 != 0).then(|| ColumnMap {
        columns: ["name", "email", "-", "work phone", "birthday", "tags"]
            .map(String::from)
            .to_vec(),
        header: selector & 0x40 != 0,
    });
    let map = map.filter(|_| format != Format::Propertyradar);
    let Ok(records) = csv::read(Cursor::new(bytes.to_vec()), format, map.as_ref()) else {
        return;
    };
    let mut last = 0;
    for record in records {
        let row = match record {
            Ok(r) => r.row,
            Err(e) => e.row,
        };
        assert!(row >= last, "rows go forward: {row} after {last}");
        last = row;
    }
    if format != Format::Propertyradar {
        let _ = csv::first_row(Cursor::new(bytes.to_vec()), format);
    }
});
