//! Helpers shared by kith-tests' tests and programs.

// Test support for this workspace's own tests and programs, not an API: exempt from
// `missing_docs` (the workspace lint); the helpers say what they do where it is not plain.
#![allow(missing_docs)]

pub mod desktop;
pub mod notify_server;

use std::io::{BufWriter, Write};
use std::path::Path;

/// The header of [`write_people_csv`]'s files: ten columns a generic CSV import recognises.
pub const PEOPLE_HEADER: [&str; 10] = [
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

const FIRST: [&str; 16] = [
    "Ada",
    "Grace",
    "Alan",
    "Émile",
    "Zoë",
    "Rosalind",
    "محمد",
    "Aiko",
    "Noam",
    "Lise",
    "Marie",
    "Charles",
    "Katherine",
    "Srinivasa",
    "Hedy",
    "Tim",
];
const LAST: [&str; 16] = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Zola",
    "Brontë",
    "Franklin",
    "الخوارزمي",
    "Nakamura",
    "Levi",
    "Meitner",
    "Curie",
    "Babbage",
    "Johnson",
    "Ramanujan",
    "Lamarr",
    "Berners-Lee",
];
const COMPANIES: [&str; 8] = [
    "Acme, Inc.",
    "Analytical Engines Ltd",
    "Initech",
    "Globex \"Global\" Corp",
    "Umbrella; Partners",
    "Hooli",
    "Café Crème SA",
    "Vandelay Industries",
];
const TITLES: [&str; 6] = [
    "Engineer",
    "Director of R&D",
    "CEO",
    "Analyst",
    "Chef",
    "Cryptanalyst",
];
const CITIES: [&str; 6] = [
    "London",
    "Paris",
    "Tokyo",
    "Tel Aviv",
    "Springfield",
    "Zürich",
];
const TAGS: [&str; 6] = [
    "client", "friend", "investor", "supplier", "press", "family",
];

/// The ten cells of data row `i` (0-based) of [`write_people_csv`]: every row names a different
/// person, with an email (`person{i}@example.com`) and a valid US phone no other row has.
pub fn person_row(i: usize) -> [String; 10] {
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / FIRST.len()) % LAST.len()];
    let tags = format!(
        "{}, {}",
        TAGS[i % TAGS.len()],
        TAGS[(i / TAGS.len() + 1) % TAGS.len()]
    );
    let birthday = match i % 3 {
        0 => format!("{}-{:02}-{:02}", 1940 + i % 60, 1 + i % 12, 1 + i % 28),
        1 => format!("--{:02}-{:02}", 1 + i % 12, 1 + i % 28),
        _ => String::new(),
    };
    let notes = match i % 4 {
        0 => format!("Met at \"event {}\",\nfollow up in spring", i % 97),
        1 => String::new(),
        2 => "Prefers email; likes chess".to_string(),
        _ => format!("Row {i} 😀"),
    };
    [
        first.to_string(),
        last.to_string(),
        format!("person{i}@example.com"),
        // Area codes 212, 213, ... and exchange 2xx: valid, and unique per row below 10^6.
        format!(
            "+1 ({}) {}-{:04}",
            212 + i / 100_000,
            200 + (i / 10_000) % 100,
            i % 10_000
        ),
        COMPANIES[i % COMPANIES.len()].to_string(),
        TITLES[i % TITLES.len()].to_string(),
        CITIES[i % CITIES.len()].to_string(),
        tags,
        birthday,
        notes,
    ]
}

/// Quotes a CSV cell when it needs it (RFC 4180).
fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// How the phone column of [`write_people_csv_with`] is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneStyle {
    /// Every phone `+1 (212) 2xx-NNNN`, as [`person_row`] writes it.
    Us,
    /// Phones as users' files hold them, five national styles in turn (see [`mixed_phone`]).
    Mixed,
}

/// Row `i`'s phone in one of five styles users' files mix, each unique per row below 10^6:
/// `(415) 5xx-NNNN`, `+44 20 7xxx NNNN`, `020 7xxx NNNN` (a UK number written nationally, which
/// a US-region import keeps as typed), `415NNNNNNN` and `+1-415-2xx-NNNN`.
pub fn mixed_phone(i: usize) -> String {
    let (hi, lo) = ((i / 10_000) % 100, i % 10_000);
    match i % 5 {
        0 => format!("(415) {}-{lo:04}", 500 + hi),
        1 => format!("+44 20 7{:03} {lo:04}", hi),
        2 => format!("020 7{:03} {lo:04}", hi),
        3 => format!("415{}{lo:04}", 300 + hi),
        _ => format!("+1-415-{}-{lo:04}", 200 + hi),
    }
}

/// Writes a generic CSV file of `rows` people (see [`person_row`]) under [`PEOPLE_HEADER`],
/// CRLF line ends, streaming.
pub fn write_people_csv(path: &Path, rows: usize) -> std::io::Result<()> {
    write_people_csv_with(path, rows, PhoneStyle::Us)
}

/// [`write_people_csv`], with the phone column in `phones` style.
pub fn write_people_csv_with(path: &Path, rows: usize, phones: PhoneStyle) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    writeln!(w, "{}\r", PEOPLE_HEADER.join(","))?;
    for i in 0..rows {
        let mut row = person_row(i);
        if phones == PhoneStyle::Mixed {
            row[3] = mixed_phone(i);
        }
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        write!(w, "{}\r\n", cells.join(","))?;
    }
    w.flush()
}

/// The commit the benchmarks measure, and whether core had uncommitted changes, for their
/// printed figures.
pub fn core_version() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let head = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let dirty = git(&["status", "--porcelain", "--", "../core", "../migrations"])
        .is_some_and(|s| !s.is_empty());
    format!(
        "{head}{}",
        if dirty {
            " + uncommitted core changes"
        } else {
            ""
        }
    )
}

/// Every row `sql` returns, each rendered as its values joined by spaces: a plain way to compare
/// or show what a database holds.
pub fn sql_rows(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = stmt.column_count();
    let out = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| Ok(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?)))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map(|v| v.join(" "))
        })
        .unwrap();
    out.collect::<rusqlite::Result<_>>().unwrap()
}

/// A binary of another workspace package (`kith` of kith-cli, `kith-sync-server`), built once
/// per test process into the same target directory as the running test. Cargo builds only a
/// package's own binaries for its tests, so cross-package tests build the others themselves.
pub fn workspace_bin(package: &str, bin: &str) -> std::path::PathBuf {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<HashMap<String, std::path::PathBuf>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    if let Some(p) = built.get(bin) {
        return p.clone();
    }
    // target/debug/deps/TEST-… (a test) or target/release/BIN (a program) → the profile folder
    let exe = std::env::current_exe().expect("the test's own path");
    let mut profile_dir = exe.parent().unwrap().to_path_buf();
    if profile_dir.file_name().is_some_and(|n| n == "deps") {
        profile_dir.pop();
    }
    let mut build = std::process::Command::new(env!("CARGO"));
    build.current_dir(env!("CARGO_MANIFEST_DIR"));
    // The rustc beside this cargo, not rustup's proxy: run outside `cargo` (a benchmark started
    // from target/release), the proxy would obey a dependency's own rust-toolchain.toml
    // (urlpattern pins one that is not installed) when compiling it.
    let rustc = std::path::Path::new(env!("CARGO")).with_file_name("rustc");
    if rustc.exists() {
        build.env("RUSTC", rustc);
    }
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        // A benchmark program: just the one binary, optimised.
        build.args(["build", "--release", "-p", package, "--bin", bin]);
    } else {
        // Under `cargo test --workspace` every binary is already built with the workspace's
        // unified features; building one package alone would resolve other features and rebuild
        // (and overwrite) half the dependency graph, Tauri's included. The same command as the
        // test build is a no-op check instead.
        build.args(["build", "--workspace", "--all-targets"]);
    }
    let status = build.status().expect("run cargo build");
    assert!(
        status.success(),
        "cargo build -p {package} --bin {bin}: {status}"
    );
    let path = profile_dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} was not built", path.display());
    built.insert(bin.to_string(), path.clone());
    path
}

/// The real `kith-sync-server` (SQLite backend) over `data`, listening on `listen`
/// (`127.0.0.1:0` for any free port); stopped when dropped.
pub struct SyncServer {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`, from the server's first line.
    pub url: String,
    pub data: std::path::PathBuf,
}

impl SyncServer {
    pub fn start(data: &Path, listen: &str) -> SyncServer {
        use std::io::BufRead;
        let bin = workspace_bin("kith-sync-server", "kith-sync-server");
        let mut child = std::process::Command::new(bin)
            .args(["--listen", listen, "--data"])
            .arg(data)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start kith-sync-server");
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut first)
            .expect("the server's first line");
        let url = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_string();
        SyncServer {
            child,
            url,
            data: data.to_path_buf(),
        }
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        self.stop();
    }
}
