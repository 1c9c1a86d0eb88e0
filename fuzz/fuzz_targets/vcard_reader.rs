//! Any bytes, read as a vCard file: reading never panics, numbers its records 1, 2, 3… and
//! ends; every record that reads has a person in it.
#![no_main]

use kith_core::import::vcard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kith_core::import::detect(data);
    for (i, record) in vcard::read(data).enumerate() {
        match record {
            Ok(r) => {
                assert_eq!(r.row, i + 1);
                assert_eq!(r.people.len(), 1);
                for w in &r.warnings {
                    assert_eq!(w.row, r.row);
                }
            }
            Err(e) => assert_eq!(e.row, i + 1),
        }
    }
});
