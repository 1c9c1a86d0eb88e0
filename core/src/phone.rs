//! Phone numbers are kept as the user typed them, with an E.164 form beside when the number can
//! be read (numbers without a country code are read in the database's default region).

use phonenumber::{country, Mode};

/// The E.164 form of `raw` (`+15551234567`), or `None` when it is not a valid number.
pub fn to_e164(raw: &str, default_region: &str) -> Option<String> {
    let region: Option<country::Id> = default_region.parse().ok();
    let number = phonenumber::parse(region, raw).ok()?;
    phonenumber::is_valid(&number).then(|| number.format().mode(Mode::E164).to_string())
}

/// The digits of a phone number, for search ("555 12" finds "+1 (555) 123-4567").
pub fn digits(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

/// The region implied by the locale (`en_GB.UTF-8` gives `GB`), else `US`.
pub fn region_from_locale(lang: Option<&str>) -> String {
    lang.and_then(|l| l.split(['.', '@']).next())
        .and_then(|l| l.split_once('_'))
        .map(|(_, r)| r.to_ascii_uppercase())
        .filter(|r| r.len() == 2 && r.parse::<country::Id>().is_ok())
        .unwrap_or_else(|| "US".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_use_the_default_region() {
        assert_eq!(
            to_e164("(415) 555-2671", "US").as_deref(),
            Some("+14155552671")
        );
        assert_eq!(
            to_e164("020 7946 0958", "GB").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            to_e164("+49 30 901820", "US").as_deref(),
            Some("+4930901820")
        );
        assert_eq!(to_e164("not a phone", "US"), None);
    }

    #[test]
    fn region_comes_from_the_locale() {
        assert_eq!(region_from_locale(Some("en_GB.UTF-8")), "GB");
        assert_eq!(region_from_locale(Some("C")), "US");
        assert_eq!(region_from_locale(None), "US");
    }
}
