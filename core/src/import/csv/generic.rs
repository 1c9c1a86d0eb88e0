//! What a column of an arbitrary CSV file means, from its header alone.
//!
//! Headers are compared as lower-case words with punctuation, spaces, underscores, hyphens and
//! digits removed, so `E-mail 2 Address`, `email_address` and `EmailAddress` all read as
//! "emailaddress". Label words in front (`Work Email`, `Home Street`, `Mobile Phone`) or behind
//! (`Email (work)`) become the value's label; the same word picks which address a part belongs
//! to. Anything not recognised is a custom field named by its header, so nothing is dropped.

use super::plan::{Col, Part};
use super::values::Sep;

/// Words that label a value (and the label Kith gives it). `postal` is not one: it starts
/// "Postal Code".
const LABELS: &[(&str, &str)] = &[
    ("home", "home"),
    ("work", "work"),
    ("business", "work"),
    ("office", "work"),
    ("personal", "personal"),
    ("private", "personal"),
    ("other", "other"),
    ("primary", "primary"),
    ("main", "main"),
    ("mobile", "mobile"),
    ("cell", "mobile"),
    ("cellular", "mobile"),
    ("mailing", "mailing"),
    ("mail", "mailing"),
    ("billing", "billing"),
    ("shipping", "shipping"),
];

const SOCIAL: &[&str] = &[
    "linkedin",
    "twitter",
    "facebook",
    "instagram",
    "github",
    "mastodon",
    "tiktok",
    "youtube",
    "bluesky",
];

/// Classifies one header of a generic CSV file.
pub(super) fn classify(header: &str) -> Col {
    let words = words(header);
    let key = words.concat();
    if let Some(col) = single(&key) {
        return col;
    }
    let (label, base) = split_label(&words);
    let base = base.concat();
    if matches!(
        key.as_str(),
        "email" | "emailaddress" | "mail" | "emails" | "emailaddresses"
    ) || (!label.is_empty() && matches!(base.as_str(), "email" | "emailaddress" | "mail"))
    {
        return Col::Email {
            label,
            sep: Sep::Any,
        };
    }
    if let Some(col) = phone(&key, &words, &label, &base) {
        return col;
    }
    if let Some(part) = address_part(&base) {
        return Col::Addr { group: label, part };
    }
    web(&key, &label, &base).unwrap_or(Col::Custom)
}

/// Lower-case words of a header: `e-mail` joined to `email`, apostrophes dropped, digits gone.
pub(super) fn words(header: &str) -> Vec<String> {
    let lower = header
        .trim()
        .to_lowercase()
        .replace("e-mail", "email")
        .replace(['\'', '’'], "");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The lower-case key of a header (its words run together).
pub(super) fn key(header: &str) -> String {
    words(header).concat()
}

fn single(key: &str) -> Option<Col> {
    Some(match key {
        "name" | "fullname" | "displayname" | "contact" | "contactname" | "formattedname"
        | "personname" => Col::Name,
        "firstname" | "givenname" | "first" | "forename" | "fname" => Col::First,
        "middlename" | "additionalname" | "middle" | "middlenames" => Col::Middle,
        "lastname" | "surname" | "familyname" | "last" | "lname" => Col::Last,
        "company" | "companyname" | "organisation" | "organization" | "organisationname"
        | "organizationname" | "org" | "employer" | "business" | "employername" => Col::Company,
        "title" | "jobtitle" | "position" | "role" | "organizationtitle" | "organisationtitle"
        | "jobrole" | "jobposition" => Col::Title,
        "birthday" | "dateofbirth" | "dob" | "birthdate" | "bday" | "born" => Col::Birthday,
        "tags" | "tag" | "labels" | "label" | "categories" | "category" | "groups" | "group"
        | "groupmembership" => Col::Tags(Sep::Any),
        "notes" | "note" | "comments" | "comment" | "remarks" => Col::Notes,
        "relationship" | "relation" => Col::Relationship,
        "industry" | "sector" => Col::Industry,
        "location" => Col::Location,
        _ => return None,
    })
}

/// Leading and trailing label words, and what is left.
fn split_label(words: &[String]) -> (String, &[String]) {
    let find = |w: &str| LABELS.iter().find(|(k, _)| *k == w).map(|(_, l)| *l);
    let lead = words.iter().take_while(|w| find(w).is_some()).count();
    let rest = &words[lead..];
    let trail = rest.iter().rev().take_while(|w| find(w).is_some()).count();
    let (base, tail) = rest.split_at(rest.len() - trail);
    let mut labels: Vec<&str> = words[..lead]
        .iter()
        .chain(tail)
        .filter_map(|w| find(w))
        .collect();
    labels.dedup();
    (labels.join(" "), base)
}

fn phone(key: &str, words: &[String], label: &str, base: &str) -> Option<Col> {
    let whole = match key {
        "phone" | "telephone" | "tel" | "phonenumber" | "telephonenumber" | "phones" => "",
        "mobile" | "cell" | "cellphone" | "mobilephone" | "mobilenumber" | "cellnumber"
        | "mobilephonenumber" | "cellphonenumber" => "mobile",
        "fax" | "faxnumber" => "fax",
        "pager" => "pager",
        _ => {
            let label = match base {
                "phone" | "telephone" | "tel" | "phonenumber" | "number" => label.to_string(),
                "fax" | "faxnumber" => format!("{label} fax").trim().to_string(),
                "pager" => format!("{label} pager").trim().to_string(),
                // Outlook's "Assistant's Phone", "Car Phone", "Company Main Phone", ...
                _ if key.ends_with("phone") && words.len() > 1 => words[..words.len() - 1]
                    .iter()
                    .map(|w| {
                        if w == "assistants" {
                            "assistant"
                        } else {
                            w.as_str()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => return None,
            };
            return Some(Col::Phone { label });
        }
    };
    Some(Col::Phone {
        label: whole.to_string(),
    })
}

fn address_part(base: &str) -> Option<Part> {
    Some(match base {
        "address" => Part::Address,
        "street" | "streetaddress" | "addressline" | "streetline" | "addressstreet" => Part::Street,
        "city" | "town" | "locality" | "addresscity" | "suburb" => Part::City,
        "state" | "region" | "province" | "stateprovince" | "stateregion" | "addressstate"
        | "addressregion" => Part::Region,
        "zip" | "zipcode" | "postalcode" | "postcode" | "zippostalcode" | "addresszip"
        | "addresspostalcode" | "addresszipcode" => Part::Postal,
        "country" | "countryregion" | "addresscountry" => Part::Country,
        _ => return None,
    })
}

fn web(key: &str, label: &str, base: &str) -> Option<Col> {
    for s in SOCIAL {
        if let Some(rest) = key.strip_prefix(s) {
            if matches!(
                rest,
                "" | "url" | "profile" | "profileurl" | "handle" | "link" | "username"
            ) {
                return Some(Col::Social {
                    label: (*s).to_string(),
                });
            }
        }
    }
    if key == "x" {
        return Some(Col::Social {
            label: "twitter".into(),
        });
    }
    let label = match base {
        "website" | "web" | "url" | "homepage" | "webpage" | "site" | "websiteurl"
        | "webaddress" | "websites" => format!("{label} website"),
        "blog" => format!("{label} blog"),
        _ => return None,
    };
    Some(Col::Social {
        label: label.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(h: &str) -> Col {
        classify(h)
    }

    #[test]
    fn headers_are_read_with_their_synonyms_and_labels() {
        for h in ["Name", "full_name", "Display-Name", "CONTACT NAME"] {
            assert_eq!(c(h), Col::Name, "{h}");
        }
        assert_eq!(c("Given Name"), Col::First);
        assert_eq!(c("Surname"), Col::Last);
        assert_eq!(c("Job Title"), Col::Title);
        assert_eq!(c("Organisation"), Col::Company);
        assert_eq!(c("Date of Birth"), Col::Birthday);
        assert_eq!(c("Categories"), Col::Tags(Sep::Any));
        let email = |l: &str| Col::Email {
            label: l.into(),
            sep: Sep::Any,
        };
        assert_eq!(c("E-mail"), email(""));
        assert_eq!(c("Email 2"), email(""));
        assert_eq!(c("E-mail 2 Address"), email(""));
        assert_eq!(c("Work Email"), email("work"));
        assert_eq!(c("Email (Home)"), email("home"));
        let phone = |l: &str| Col::Phone { label: l.into() };
        assert_eq!(c("Tel"), phone(""));
        assert_eq!(c("Cell"), phone("mobile"));
        assert_eq!(c("Mobile Phone"), phone("mobile"));
        assert_eq!(c("Business Phone 2"), phone("work"));
        assert_eq!(c("Home Fax"), phone("home fax"));
        assert_eq!(c("Assistant's Phone"), phone("assistant"));
        assert_eq!(c("Company Main Phone"), phone("company main"));
        let addr = |g: &str, part| Col::Addr {
            group: g.into(),
            part,
        };
        assert_eq!(c("Street"), addr("", Part::Street));
        assert_eq!(c("Home Street 2"), addr("home", Part::Street));
        assert_eq!(c("Business Country/Region"), addr("work", Part::Country));
        assert_eq!(c("Postal Code"), addr("", Part::Postal));
        assert_eq!(c("Mail Address"), addr("mailing", Part::Address));
        assert_eq!(c("ZIP"), addr("", Part::Postal));
        let social = |l: &str| Col::Social { label: l.into() };
        assert_eq!(c("LinkedIn URL"), social("linkedin"));
        assert_eq!(c("Twitter"), social("twitter"));
        assert_eq!(c("Web Page"), social("website"));
        assert_eq!(c("Personal Website"), social("personal website"));
        for custom in [
            "Nickname",
            "Photo URL",
            "Phone Type",
            "Address PO Box",
            "IP Address",
            "Primary Name",
        ] {
            assert_eq!(c(custom), Col::Custom, "{custom}");
        }
    }
}
