//! Deterministic, realistic records for the benchmark: names, companies, emails, phones, tags,
//! birthdays (some without a year, some on 29 February), cadences, VIPs and interaction notes.

use chrono::NaiveDate;
use kith_core::birthday::Birthday;
use kith_core::contacts::{BackgroundChanges, ContactChanges, ContactStatus, Email, Phone};
use kith_core::interactions::InteractionKind;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

#[rustfmt::skip]
pub const FIRST: &[&str] = &[
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sarah",
    "William", "Elizabeth", "Richard", "Barbara", "Joseph", "Susan", "Thomas", "Jessica", "Chris",
    "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Margaret", "Steven",
    "Sandra", "Paul", "Ashley", "Andrew", "Emily", "Joshua", "Michelle", "Kevin", "Amanda", "Brian",
    "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason", "Laura",
    "Ryan", "Helen", "Jacob", "Sharon", "Gary", "Cynthia", "Nicholas", "Kathleen", "Eric", "Amy",
    "Jonathan", "Angela", "Larry", "Anna", "Justin", "Brenda", "Scott", "Emma", "Aisha", "Olivia",
    "Wei", "Priya", "Mateo", "Sofia", "Hiroshi", "Yuki", "Olusegun", "Chioma", "Lars", "Ingrid",
    "Rafael", "Lucía", "José", "Zoë", "Noah", "Liam", "Ava", "Mia", "Ethan", "Chloé", "Arjun", "Fatima",
    "Omar", "Leila", "Sam", "Alex", "Jordan", "Taylor", "Morgan", "Casey", "Jamie", "Sarita", "Micah",
];
#[rustfmt::skip]
pub const LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
    "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
    "Carter", "Roberts", "Chen", "Wang", "Kim", "Patel", "Shah", "Singh", "Kumar", "Okafor", "Mensah",
    "Müller", "Schmidt", "Johansson", "Nilsson", "Rossi", "Bianchi", "Dubois", "Moreau", "Tanaka",
    "Sato", "Suzuki", "Kowalski", "Novak", "O'Brien", "Murphy", "Kelly", "MacDonald", "Fraser",
    "Cohen", "Levi", "Haddad", "Khan", "Ali", "Ivanova", "Petrov", "Silva", "Santos", "Costa",
    "Ferreira", "Jensen", "Larsen", "Van der Berg", "De Vries", "Sarkar", "Mickelson", "Jovanović",
];
#[rustfmt::skip]
pub const COMPANIES: &[&str] = &[
    "Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Stark Industries", "Wayne Enterprises",
    "Acme Logistics", "Wonka Foods", "Tyrell Systems", "Cyberdyne", "Soylent", "Vandelay Industries",
    "Pied Piper", "Aviato", "Massive Dynamic", "Oscorp", "Nakatomi Trading", "Gringotts Bank",
    "Monarch Solutions", "Blue Sun", "Dunder Mifflin", "Sterling Cooper", "Prestige Worldwide",
    "Acme Health", "Northwind Traders", "Contoso", "Fabrikam", "Tailspin Toys", "Litware", "Adatum",
    "Bluth Company", "Los Pollos Hermanos", "Gekko & Co", "Rekall", "Virtucon", "Zorg Industries",
    "Ollivanders", "Krusty Krab", "Planet Express", "MomCorp", "Sirius Cybernetics", "Yoyodyne",
    "Spacely Sprockets", "Cogswell Cogs", "Bubba Gump", "Duff Brewing", "Big Kahuna", "Ghostwood",
    "Rich Industries", "Axiom Labs", "Brightpath Consulting", "Copperline Studio", "Driftwood Design",
    "Evergreen Capital", "Fieldstone Partners", "Granite Ventures", "Harborview Legal", "Ironwood HVAC",
    "Juniper Plumbing", "Keystone Roofing", "Lakeside Dental", "Meridian Analytics", "Nimbus Cloud",
];
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "CEO", "CTO", "Founder", "Engineer", "Senior Engineer", "Product Manager", "Designer", "Sales Lead",
    "Account Executive", "Recruiter", "Partner", "Director of Operations", "VP Marketing", "Consultant",
    "Office Manager", "Technician", "Owner", "Analyst", "Head of Growth", "Investor",
];
#[rustfmt::skip]
const INDUSTRIES: &[&str] = &[
    "Software", "Finance", "Healthcare", "Construction", "Retail", "Education", "Media", "Legal",
    "Manufacturing", "Hospitality", "Real estate", "Energy", "Non-profit", "Government",
];
#[rustfmt::skip]
const CITIES: &[&str] = &[
    "New York", "San Francisco", "Chicago", "Boston", "Seattle", "Austin", "Denver", "London",
    "Berlin", "Paris", "Toronto", "Lagos", "Bangalore", "Tokyo", "São Paulo", "Sydney", "Portland",
];
#[rustfmt::skip]
const TAGS: &[&str] = &[
    "client", "prospect", "investor", "friend", "family", "colleague", "vendor", "mentor", "press",
    "conference-2024", "conference-2025", "alumni", "neighbor", "board", "advisor", "recruiting",
    "partner", "supplier", "lead", "former-client", "angel", "community", "podcast", "speaker",
];
const RELATIONSHIPS: &[&str] = &[
    "client",
    "colleague",
    "friend",
    "investor",
    "vendor",
    "mentor",
    "family",
];
const MAIL_HOSTS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "icloud.com",
    "yahoo.com",
    "proton.me",
    "fastmail.com",
];
const AREAS: &[&str] = &[
    "212", "415", "312", "617", "206", "512", "303", "646", "310", "404", "503", "718",
];
const CADENCES: &[u32] = &[7, 14, 30, 30, 30, 60, 90, 90, 180, 365];
/// Note words, most frequent first (picked with a skew, so "the" and "meeting" are everywhere).
#[rustfmt::skip]
const VOCAB: &[&str] = &[
    "the", "and", "to", "we", "about", "a", "of", "for", "on", "with", "in", "is", "it", "that", "they",
    "meeting", "call", "project", "next", "week", "will", "need", "follow", "up", "discussed", "send",
    "proposal", "team", "budget", "timeline", "update", "coffee", "lunch", "contract", "review", "intro",
    "demo", "pricing", "launch", "hiring", "product", "design", "quarter", "plan", "feedback", "deal",
    "renewal", "invoice", "roadmap", "partnership", "conference", "kids", "vacation", "travel",
    "birthday", "dinner", "office", "remote", "interview", "reference", "investor", "funding", "board",
    "strategy", "marketing", "sales", "support", "onboarding", "migration", "integration", "security",
    "compliance", "analytics", "dashboard", "mobile", "api", "cloud", "data", "report", "workshop",
    "training", "offsite", "podcast", "article", "book", "recommendation", "golf", "tennis", "running",
    "marathon", "wedding", "baby", "moved", "promotion", "new", "role", "startup", "acquisition",
    "shared", "notes", "agreed", "asked", "mentioned", "wants", "thinks", "excited", "concerned",
    "worried", "happy", "busy", "soon", "later", "tomorrow", "friday", "monday", "morning", "slides",
    "deck", "draft", "signed", "paid", "overdue", "quote", "estimate", "scope", "milestone", "deadline",
    "blocked", "shipping", "beta", "pilot", "trial", "furnace", "boiler", "inspection", "permit",
    "warranty", "kitchen", "renovation", "квартал", "über", "café", "naïve", "résumé",
];
pub const TODO: &[&str] = &[
    "Send the proposal",
    "Check in about the project",
    "Ask about the renewal",
    "Share the deck",
    "Schedule a coffee",
    "Congratulate on the launch",
    "Chase the invoice",
    "Intro to the design team",
];

/// Deterministic, realistic records.
pub struct Gen {
    pub rng: StdRng,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen {
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// An element of `items`, earlier ones more often (`power` > 1 skews harder).
    fn skew<T: Copy>(&mut self, items: &[T], power: f64) -> T {
        let u: f64 = self.rng.random();
        items[(u.powf(power) * items.len() as f64) as usize]
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items.choose(&mut self.rng).expect("non-empty list")
    }

    pub fn index(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n)
    }

    fn birthday(&mut self) -> Birthday {
        if self.rng.random_bool(0.01) {
            return if self.rng.random_bool(0.3) {
                Birthday::Yearless { month: 2, day: 29 }
            } else {
                Birthday::Full(
                    NaiveDate::from_ymd_opt(
                        *[1972, 1984, 1988, 1996, 2000]
                            .choose(&mut self.rng)
                            .unwrap(),
                        2,
                        29,
                    )
                    .unwrap(),
                )
            };
        }
        let (month, day) = loop {
            let (m, d) = (self.rng.random_range(1..=12), self.rng.random_range(1..=31));
            if NaiveDate::from_ymd_opt(2001, m, d).is_some() {
                break (m, d);
            }
        };
        if self.rng.random_bool(0.25) {
            Birthday::Yearless { month, day }
        } else {
            Birthday::Full(
                NaiveDate::from_ymd_opt(self.rng.random_range(1950..=2005), month, day).unwrap(),
            )
        }
    }

    /// A contact: its changes, its first name and its company (for notes that mention them).
    pub fn contact(&mut self) -> (ContactChanges, &'static str, Option<&'static str>) {
        let first = self.skew(FIRST, 1.4);
        let last = self.skew(LAST, 1.4);
        let company = self
            .rng
            .random_bool(0.65)
            .then(|| self.skew(COMPANIES, 1.5));
        let mut emails = Vec::new();
        let slug = |s: &str| {
            s.to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        };
        if self.rng.random_bool(0.85) {
            let host = match company {
                Some(c) => format!("{}.com", slug(c)),
                None => self.pick(MAIL_HOSTS).to_string(),
            };
            emails.push(Email {
                label: "work".into(),
                value: format!("{}.{}@{host}", slug(first), slug(last)),
            });
            if self.rng.random_bool(0.2) {
                let n = self.rng.random_range(1..100);
                let host = self.pick(MAIL_HOSTS);
                emails.push(Email {
                    label: "home".into(),
                    value: format!("{}{}{n}@{host}", slug(first), slug(last)),
                });
            }
        }
        let mut phones = Vec::new();
        if self.rng.random_bool(0.7) {
            let (a, x, l) = (
                self.pick(AREAS),
                self.rng.random_range(200..999),
                self.rng.random_range(0..10_000),
            );
            let value = match self.rng.random_range(0..3) {
                0 => format!("({a}) {x}-{l:04}"),
                1 => format!("{a}-{x}-{l:04}"),
                _ => format!("+1 {a} {x} {l:04}"),
            };
            phones.push(Phone {
                label: "mobile".into(),
                value,
                e164: None,
            });
        }
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..*[0, 0, 0, 0, 1, 1, 1, 2, 2, 3]
            .choose(&mut self.rng)
            .unwrap()
        {
            let t = self.skew(TAGS, 1.6).to_string();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let vip = self.rng.random_bool(0.02);
        let background = if vip {
            BackgroundChanges {
                family: Some(format!(
                    "Married, two kids; partner works at {}.",
                    self.pick(COMPANIES)
                )),
                likes: Some(format!("{} and {}", self.pick(VOCAB), self.pick(VOCAB))),
                ..Default::default()
            }
        } else {
            BackgroundChanges::default()
        };
        let status = match self.rng.random_range(0..100) {
            0..90 => ContactStatus::Active,
            90..97 => ContactStatus::Inactive,
            _ => ContactStatus::Archived,
        };
        let changes = ContactChanges {
            name: Some(format!("{first} {last}")),
            company: company.map(str::to_string),
            title: self
                .rng
                .random_bool(0.5)
                .then(|| self.pick(TITLES).to_string()),
            industry: self
                .rng
                .random_bool(0.4)
                .then(|| self.pick(INDUSTRIES).to_string()),
            location: self
                .rng
                .random_bool(0.5)
                .then(|| self.pick(CITIES).to_string()),
            relationship: self
                .rng
                .random_bool(0.3)
                .then(|| self.pick(RELATIONSHIPS).to_string()),
            birthday: self.rng.random_bool(0.6).then(|| Some(self.birthday())),
            status: Some(status),
            vip: Some(vip),
            emails: Some(emails),
            phones: Some(phones),
            tags: Some(tags),
            keep_in_touch_days: self.rng.random_bool(0.1).then(|| Some(self.pick(CADENCES))),
            background,
            ..Default::default()
        };
        (changes, first, company)
    }

    /// Interaction notes of 10–60 words, sometimes naming the person or their company.
    pub fn note(&mut self, first: &str, company: Option<&str>) -> String {
        let n = self.rng.random_range(10..=60);
        let mut words: Vec<String> = Vec::with_capacity(n + 2);
        for i in 0..n {
            let mut w = self.skew(VOCAB, 2.2).to_string();
            if i == 0 || words.last().is_some_and(|p| p.ends_with('.')) {
                let mut cs = w.chars();
                w = cs
                    .next()
                    .map(|f| f.to_uppercase().chain(cs).collect())
                    .unwrap_or_default();
            }
            if i + 1 == n || self.rng.random_bool(0.08) {
                w.push('.');
            }
            words.push(w);
        }
        if self.rng.random_bool(0.15) {
            words.insert(self.rng.random_range(0..words.len()), first.to_string());
        }
        if let Some(c) = company.filter(|_| self.rng.random_bool(0.1)) {
            words.insert(self.rng.random_range(0..words.len()), c.to_string());
        }
        words.join(" ")
    }

    pub fn kind(&mut self) -> InteractionKind {
        use InteractionKind::*;
        self.pick(&[
            Call, Call, Call, Meeting, Meeting, Email, Email, Email, Message, Message, Note, Other,
        ])
    }

    pub fn jitter(&mut self, max_ms: i64) -> i64 {
        self.rng.random_range(-max_ms..=max_ms)
    }
}
