//! Readings of single cells that every flavour shares: birthdays in the date forms people and
//! tools write, lists packed into one cell, labels, and the test that a derived column (a
//! formatted address, Outlook's e-mail display name) says nothing its parts do not.

use chrono::NaiveDate;

use crate::birthday::Birthday;

/// Cells that mean "no date" rather than a date: Outlook writes `0/0/00` (and in some versions
/// `1/1/4501`) in every empty date column.
pub(super) fn is_no_date(s: &str) -> bool {
    matches!(s, "0/0/00" | "0/0/0000" | "00/00/0000" | "1/1/4501")
}

/// A birthday from `YYYY-MM-DD`, `YYYY/MM/DD`, `--MM-DD` (yearless), `M/D/YYYY` (US order: a
/// slash date is never read day-first, so `03/04/1990` is 4 March, and `25/12/1990` is not a
/// date at all rather than a guess) or `D.M.YYYY` (dots are the day-first convention). Two-digit
/// years and everything else are not read: the caller keeps such a cell as written.
pub(super) fn birthday(s: &str) -> Option<Birthday> {
    let s = s.trim();
    if s.starts_with("--") {
        return Birthday::parse(s, "birthday").ok();
    }
    let (sep, order) = if s.contains('/') {
        ('/', if s.find('/') == Some(4) { "ymd" } else { "mdy" })
    } else if s.contains('.') {
        ('.', "dmy")
    } else {
        ('-', "ymd")
    };
    let mut parts = s.split(sep);
    let nums: [&str; 3] = [parts.next()?, parts.next()?, parts.next()?];
    if parts.next().is_some()
        || nums
            .iter()
            .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let pick = |c: char| nums[order.find(c).unwrap_or(0)];
    let year = pick('y');
    if year.len() != 4 || pick('m').len() > 2 || pick('d').len() > 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        year.parse().ok()?,
        pick('m').parse().ok()?,
        pick('d').parse().ok()?,
    )?;
    Some(Birthday::Full(date))
}

/// Whether `s` can be an email address (what the contact editor accepts: something on both
/// sides of an `@`, no spaces).
pub(super) fn is_email(s: &str) -> bool {
    s.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && !host.is_empty())
        && !s.contains(char::is_whitespace)
}

/// Whether `s` can be a phone number: it has a digit.
pub(super) fn is_phone(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// How a cell packs several values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sep {
    /// Google's ` ::: ` only (its labels and values may contain commas).
    Google,
    /// ` ::: ` or `;` (Outlook's categories).
    Semicolon,
    /// ` ::: `, `;` or `,`: generic tag and email cells.
    Any,
}

/// Calls `f` with each trimmed, non-empty part of `cell`.
pub(super) fn each_part<'c>(cell: &'c str, sep: Sep, mut f: impl FnMut(&'c str)) {
    for outer in cell.split(":::") {
        let mut emit = |p: &'c str| {
            let p = p.trim();
            if !p.is_empty() {
                f(p);
            }
        };
        match sep {
            Sep::Google => emit(outer),
            Sep::Semicolon => outer.split(';').for_each(&mut emit),
            Sep::Any => outer.split([';', ',']).for_each(&mut emit),
        }
    }
}

/// A label as Kith keeps them: trimmed, lower-case, without Google's `* ` mark of the primary
/// value (`* Work` → `work`).
pub(super) fn label(cell: &str) -> String {
    cell.trim().trim_start_matches('*').trim().to_lowercase()
}

/// Whether every word of `text` appears in one of `parts` (ignoring case and punctuation), so
/// dropping `text` loses nothing: "1 Main St, Springfield IL 62701" is covered by the street,
/// city, region and postal code it was formatted from.
pub(super) fn covered(text: &str, parts: &[&str]) -> bool {
    let hay = parts.join("\n").to_lowercase();
    text.split(|c: char| c.is_whitespace() || ",;()<>\"'".contains(c))
        .filter(|w| !w.is_empty())
        .all(|w| hay.contains(&w.to_lowercase()))
}

/// Whether every part of `cell` passes `ok`.
pub(super) fn all_parts(cell: &str, sep: Sep, ok: fn(&str) -> bool) -> bool {
    let mut all = true;
    each_part(cell, sep, |p| all &= ok(p));
    all
}

/// Adds a tag unless the list has it already.
pub(super) fn push_tag(tags: &mut Vec<String>, tag: &str) {
    if !tags.iter().any(|t| t == tag) {
        tags.push(tag.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Option<String> {
        birthday(s).map(|b| b.to_string())
    }

    #[test]
    fn birthdays_are_read_in_unambiguous_forms_only() {
        assert_eq!(b("1990-12-25").as_deref(), Some("1990-12-25"));
        assert_eq!(b("1990/12/25").as_deref(), Some("1990-12-25"));
        assert_eq!(b(" --02-29 ").as_deref(), Some("--02-29"));
        assert_eq!(b("3/4/1990").as_deref(), Some("1990-03-04"));
        assert_eq!(b("12/25/1990").as_deref(), Some("1990-12-25"));
        assert_eq!(b("25.12.1990").as_deref(), Some("1990-12-25"));
        for no in [
            "25/12/1990",
            "3/4/90",
            "0/0/00",
            "1990-02-30",
            "sometime in May",
            "12/25",
            "1/2/3/2000",
            "--13-01",
            "",
        ] {
            assert_eq!(b(no), None, "{no}");
        }
        assert!(is_no_date("0/0/00"));
    }

    #[test]
    fn lists_split_on_their_separators() {
        let parts = |s, sep| {
            let mut v = Vec::new();
            each_part(s, sep, |p| v.push(p));
            v
        };
        assert_eq!(
            parts("* myContacts ::: Friends, old", Sep::Google),
            ["* myContacts", "Friends, old"]
        );
        assert_eq!(
            parts("Business;Personal ; ", Sep::Semicolon),
            ["Business", "Personal"]
        );
        assert_eq!(parts("a, b;c ::: d", Sep::Any), ["a", "b", "c", "d"]);
        assert_eq!(label(" * Work "), "work");
    }

    #[test]
    fn a_derived_cell_is_covered_only_when_all_its_words_are() {
        assert!(covered(
            "1 Main St\nSpringfield, IL 62701",
            &["1 Main St", "Springfield", "IL", "62701"]
        ));
        assert!(!covered("1 Main St, Apt 4", &["1 Main St"]));
        assert!(covered(
            "Ada Lovelace (ada@example.com)",
            &["Ada Lovelace", "ada@example.com"]
        ));
    }
}
