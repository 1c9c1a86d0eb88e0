//! LinkedIn's `Connections.csv` (Settings → Data privacy → Get a copy of your data).
//!
//! The file opens with a preamble, `Notes:` and a quoted paragraph about missing email
//! addresses, then a blank line, before the real header `First Name,Last Name,URL,Email
//! Address,Company,Position,Connected On`. The preamble is skipped and not counted as rows.
//! `URL` is the profile, a social link labelled `linkedin`; `Connected On` (`12 Mar 2024`) is
//! kept as written in a custom field; the rest are generic headers.

use super::generic;
use super::input::Cells;
use super::plan::Col;

/// How the header line starts, for finding the delimiter past the preamble.
pub(super) const HEADER_START: &[u8] = b"first name";

/// At most this many records of preamble before the header.
pub(super) const MAX_PREAMBLE: usize = 20;

/// Whether a record is the connections header rather than preamble.
pub(super) fn is_header(cells: &Cells) -> bool {
    let keys: Vec<String> = (0..cells.len())
        .map(|i| generic::key(cells.get(i)))
        .collect();
    keys.iter().any(|k| k == "firstname") && keys.iter().any(|k| k == "url" || k == "connectedon")
}

pub(super) fn classify(header: &str) -> Col {
    match generic::key(header).as_str() {
        "url" | "profileurl" => Col::Social {
            label: "linkedin".into(),
        },
        "connectedon" => Col::Custom,
        _ => generic::classify(header),
    }
}
