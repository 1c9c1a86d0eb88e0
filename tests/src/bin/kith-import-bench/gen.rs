//! The CSV file the benchmark imports: ten columns of realistic, deterministic (seeded) values.
//!
//! Every row is a different person: emails are unique (they carry the row number) and so are
//! phones (a bijection of the row number), so a correct import creates one contact per row and
//! nothing merges. Values vary the way real exports do: unicode names, phones written four ways
//! (some missing), tags split on commas or semicolons, birthdays in every form the importer
//! reads plus some it keeps as written, and notes with commas, quotes and line breaks, which the
//! `csv` writer quotes.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::Result;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

pub const HEADER: [&str; 10] = [
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Company",
    "Title",
    "City",
    "Tags",
    "Birthday",
    "Notes",
];

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sarah",
    "William", "Elizabeth", "Richard", "Barbara", "Joseph", "Susan", "Thomas", "Jessica", "Chris",
    "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Emily", "Kevin", "Amanda", "Brian",
    "Aisha", "Olivia", "Wei", "Priya", "Mateo", "Sofia", "Hiroshi", "Yuki", "Olusegun", "Chioma",
    "Lars", "Ingrid", "Rafael", "Lucía", "José", "Zoë", "Noah", "Chloé", "Arjun", "Fatima", "Omar",
    "Leila", "Søren", "Łukasz", "Ngọc Anh", "Анна", "Дмитрий", "李娜", "佐藤", "Mary-Jane", "Renée",
    "François", "Björn", "Şebnem", "Ahmad", "Nadia", "Kwame", "Ama", "Siobhán", "Eoin", "Małgorzata",
];
#[rustfmt::skip]
const LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Lee",
    "Nguyen", "Chen", "Wang", "Kim", "Patel", "Shah", "Singh", "Okafor", "Mensah", "Müller",
    "Schmidt", "Johansson", "Rossi", "Dubois", "Tanaka", "Kowalski", "O'Brien", "MacDonald",
    "Cohen", "Haddad", "Khan", "Ivanova", "Silva", "Ferreira", "Van der Berg", "De Vries",
    "Jovanović", "Øverby", "Ærøe", "Straße", "Иванов", "王", "Nuñez", "Ó Súilleabháin", "Yılmaz",
];
#[rustfmt::skip]
const COMPANIES: &[&str] = &[
    "Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Stark Industries", "Pied Piper",
    "Vandelay Industries", "Massive Dynamic", "Dunder Mifflin", "Sterling Cooper", "Northwind Traders",
    "Contoso", "Fabrikam", "Gekko & Co", "Bluth Company", "Planet Express", "Nimbus Cloud",
    "Evergreen Capital", "Harborview Legal", "Ironwood HVAC", "Lakeside Dental", "Müller GmbH",
    "Société Générale", "Nakatomi Trading", "\"Best\" Bakery", "Smith, Jones & Partners", "",
];
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "CEO", "CTO", "Founder", "Engineer", "Senior Engineer", "Product Manager", "Designer",
    "Sales Lead", "Account Executive", "Recruiter", "Partner", "VP, Marketing", "Consultant",
    "Office Manager", "Owner", "Analyst", "Head of Growth", "Investor", "",
];
#[rustfmt::skip]
const CITIES: &[&str] = &[
    "New York", "San Francisco", "Austin", "Chicago", "Seattle", "Boston", "London", "Berlin",
    "München", "Zürich", "São Paulo", "Ciudad de México", "Kraków", "Reykjavík", "東京", "Москва",
    "Lagos", "Accra", "Mumbai", "Toronto", "Montréal", "Dublin", "İstanbul", "",
];
const TAGS: &[&str] = &[
    "client",
    "friend",
    "investor",
    "supplier",
    "press",
    "family",
    "lead",
    "vip",
    "conference",
];
const DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "proton.me",
    "example.org",
    "acme.io",
    "hooli.com",
    "fastmail.fm",
];
const AREAS: &[u32] = &[212, 415, 646, 312, 617, 206, 512, 303, 404, 718, 305, 213];
#[rustfmt::skip]
const NOTES: &[&str] = &[
    "Met at the conference, talked about pricing.",
    "Prefers email; call only if urgent.",
    "Intro via Sam. Wants a demo in Q3, maybe Q4.",
    "Said \"let's do lunch\" - follow up!",
    "Kids: Ana (7), Leo (4).\nWife works at the hospital.",
    "Allergic to nuts.\nLoves jazz, hates small talk.",
    "Moved from Berlin → Lisbon last year; café owner ☕.",
    "Owes me a book, \"Thinking, Fast and Slow\".",
    "Línea directa: pedir por María.",
];

/// Writes `rows` data rows (and the header) to `path`; returns the file's size in bytes.
pub fn write_csv(path: &Path, rows: usize, seed: u64) -> Result<u64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out =
        csv::Writer::from_writer(BufWriter::with_capacity(256 * 1024, File::create(path)?));
    out.write_record(HEADER)?;
    for i in 0..rows {
        out.write_record(row(&mut rng, i))?;
    }
    out.into_inner()
        .map_err(|e| anyhow::anyhow!("writing {}: {}", path.display(), e.error()))?
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing {}: {}", path.display(), e.error()))?
        .sync_all()?;
    Ok(std::fs::metadata(path)?.len())
}

fn pick(rng: &mut StdRng, list: &[&'static str]) -> &'static str {
    list.choose(rng).copied().unwrap_or_default()
}

/// The ASCII letters of a name, lower-cased, for an email's local part.
fn slug(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn row(rng: &mut StdRng, i: usize) -> [String; 10] {
    let first = pick(rng, FIRST);
    let last = pick(rng, LAST);
    let email = {
        let (f, l) = (slug(first), slug(last));
        let domain = pick(rng, DOMAINS);
        let local = match (f.is_empty(), l.is_empty(), rng.random_range(0..3)) {
            (true, true, _) => format!("user{i}"),
            (false, false, 0) => format!("{f}.{l}.{i}"),
            (false, false, 1) => format!("{}{l}{i}", &f[..1]),
            (false, _, _) => format!("{f}{i}"),
            (true, false, _) => format!("{l}.{i}"),
        };
        // Some exports shout; the importer matches emails case-insensitively.
        if rng.random_bool(0.05) {
            format!("{local}@{domain}").to_uppercase()
        } else {
            format!("{local}@{domain}")
        }
    };
    let phone = phone(rng, i);
    let tags = {
        let n = rng.random_range(0..4);
        let chosen: Vec<&str> = TAGS.choose_multiple(rng, n).copied().collect();
        chosen.join(if rng.random_bool(0.5) { ", " } else { ";" })
    };
    let birthday = birthday(rng);
    let notes = match rng.random_range(0..10) {
        0..=3 => String::new(),
        4..=7 => pick(rng, NOTES).to_string(),
        _ => format!(
            "{}\n{}\nLast seen in {}, {}.",
            pick(rng, NOTES),
            pick(rng, NOTES),
            pick(rng, CITIES),
            1990 + rng.random_range(0..35)
        ),
    };
    [
        first.to_string(),
        last.to_string(),
        email,
        phone,
        pick(rng, COMPANIES).to_string(),
        pick(rng, TITLES).to_string(),
        pick(rng, CITIES).to_string(),
        tags,
        birthday,
        notes,
    ]
}

/// A phone nobody else in the file has: seven digits from a bijection of the row number
/// (multiplying by a number coprime to 8,000,000), written in one of several styles.
fn phone(rng: &mut StdRng, i: usize) -> String {
    let style = rng.random_range(0..10);
    let area = AREAS[rng.random_range(0..AREAS.len())];
    let k = (i as u64 * 7_919_243 + 1_234_567) % 8_000_000;
    let (exchange, line) = (200 + k / 10_000, k % 10_000);
    match style {
        0 => String::new(),
        1..=3 => format!("({area}) {exchange}-{line:04}"),
        4 | 5 => format!("+1 {area}-{exchange}-{line:04}"),
        6 => format!("{area}.{exchange}.{line:04}"),
        7 => format!("{area}{exchange}{line:04}"),
        // London numbers, 020 then 3, 7 or 8 and seven digits.
        _ => format!("+44 20 {}{:03} {:04}", [3, 7, 8][i % 3], k / 10_000, line),
    }
}

fn birthday(rng: &mut StdRng) -> String {
    let (y, m, d) = (
        1940 + rng.random_range(0..65),
        rng.random_range(1..=12u32),
        rng.random_range(1..=28u32),
    );
    match rng.random_range(0..20) {
        0..=7 => String::new(),
        8..=11 => format!("{y}-{m:02}-{d:02}"),
        12..=14 => format!("{m}/{d}/{y}"),
        15 => format!("--{m:02}-{d:02}"),
        16 => format!("{d}.{m}.{y}"),
        17 => "--02-29".into(),
        18 => format!("{y}/{m:02}/{d:02}"),
        // Not a date the importer reads: kept as written in a custom field.
        _ => "sometime in May".into(),
    }
}
