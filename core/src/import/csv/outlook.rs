//! Outlook's contacts export ("Comma Separated Values"), from Outlook for Windows or
//! Outlook.com: `First Name,Middle Name,Last Name,Title,Suffix,...,E-mail Address,E-mail 2
//! Address,...,Mobile Phone,...,Home Street,Home City,...,Company,Job Title,...,Categories,...`
//! (the two write different orders and subsets; columns are matched by name). Outlook for
//! Windows writes Windows-1252, which the input layer decodes.
//!
//! Mostly generic headers, with these differences:
//! - `Title` is the honorific ("Dr."), a custom field; the job is `Job Title`.
//! - `Categories` are `;`-separated tags.
//! - Outlook fills empty columns with "not set" values: `0/0/00` (or `1/1/4501`) in date
//!   columns, `Unspecified` gender, `Normal` priority and sensitivity, `False` for private,
//!   `SMTP` as the e-mail type. Those say nothing and are not kept; any other value is.
//! - `E-mail Display Name` ("Ada Lovelace (ada@example.com)") is derived from the name and the
//!   address; it is kept only when it says more.
//! - `Home Address`/`Business Address`/`Other Address` hold the formatted whole of the address
//!   whose parts are in `Home Street`, `Home City` ...; kept only when they say more.
//! - `Callback`, `ISDN`, `Telex` are phones labelled by their column.
//! - `M/D/YYYY` birthdays.

use super::generic;
use super::plan::Col;
use super::values::Sep;

pub(super) fn classify(header: &str) -> Col {
    match generic::key(header).as_str() {
        "title" => Col::Custom,
        "categories" => Col::Tags(Sep::Semicolon),
        "callback" | "isdn" | "telex" => Col::Phone {
            label: header.trim().to_lowercase(),
        },
        "gender" => Col::Placeholder(&["Unspecified"]),
        "priority" | "sensitivity" => Col::Placeholder(&["Normal"]),
        "private" => Col::Placeholder(&["False"]),
        "emailtype" => Col::Placeholder(&["SMTP"]),
        "anniversary" => Col::Placeholder(&["0/0/00", "1/1/4501"]),
        "emaildisplayname" => Col::Derived,
        _ => generic::classify(header),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::csv::plan::Part;

    #[test]
    fn outlook_headers_mean_what_outlook_means() {
        assert_eq!(classify("Title"), Col::Custom);
        assert_eq!(classify("Job Title"), Col::Title);
        assert_eq!(classify("Categories"), Col::Tags(Sep::Semicolon));
        assert_eq!(classify("E-mail 2 Type"), Col::Placeholder(&["SMTP"]));
        assert_eq!(classify("E-mail Display Name"), Col::Derived);
        assert_eq!(
            classify("E-mail 3 Address"),
            Col::Email {
                label: String::new(),
                sep: Sep::Any
            }
        );
        assert_eq!(
            classify("Home Address"),
            Col::Addr {
                group: "home".into(),
                part: Part::Address
            }
        );
        assert_eq!(
            classify("ISDN"),
            Col::Phone {
                label: "isdn".into()
            }
        );
    }
}
