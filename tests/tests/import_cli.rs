//! `kith import` and `kith export` through the real binary, on every fixture file: the CSV and
//! vCard fixtures of kith-core and the vCards real address books wrote
//! (`shared/fixtures/vcard-clients`).
//!
//! The `kith` binary belongs to kith-cli, so the first test to need it builds it
//! ([`kith_tests::workspace_bin`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use kith_core::phone::{digits, to_e164};
use kith_core::store::Store;
use serde_json::Value;

const NOW: &str = "2026-03-10T15:00:00Z";

/// The `kith` binary, built once per test run.
fn kith() -> &'static Path {
    static KITH: OnceLock<PathBuf> = OnceLock::new();
    KITH.get_or_init(|| kith_tests::workspace_bin("kith-cli", "kith"))
}

/// A fresh database in its own directory and the environment every run gets: a pinned clock
/// and a US locale (so national numbers are read as US numbers).
struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kith.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(kith())
            .args(args)
            .env("KITH_DB", self.db())
            .env("KITH_NOW", NOW)
            .env("TZ", "Europe/London")
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .output()
            .unwrap()
    }

    /// Runs with `--json`, expects exit 0 and exactly one JSON value on stdout.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "{args:?} exited {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: stdout is not one JSON value ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    fn import(&self, file: &Path, extra: &[&str]) -> Report {
        let mut args = vec!["import", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        Report::of(self.json(&args), file)
    }

    /// Every contact, as `export --format json` prints them.
    fn contacts(&self) -> Vec<Value> {
        match self.json(&["export", "--format", "json"]) {
            Value::Array(all) => all,
            other => panic!("export --format json printed {other}"),
        }
    }

    /// `kith export --format vcard` to `out.vcf` in the test's directory.
    fn export_vcard(&self) -> PathBuf {
        let out = self.path("out.vcf");
        self.json(&[
            "export",
            "--format",
            "vcard",
            "--out",
            out.to_str().unwrap(),
        ]);
        out
    }

    /// The projection and the number of changes in the log: what "nothing was written" means.
    fn state(&self) -> (Vec<String>, i64) {
        let store = Store::open(&self.db(), "US").unwrap();
        let changes = store
            .conn()
            .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
            .unwrap();
        (store.projection_dump().unwrap(), changes)
    }
}

/// `import --json`'s report, checked for shape on the way in.
#[derive(Debug, PartialEq)]
struct Report {
    format: String,
    rows: u64,
    created: u64,
    updated: u64,
    unchanged: u64,
    errors: Vec<(u64, Option<String>, String)>,
    warnings: Vec<(u64, Option<String>, String)>,
    /// (row, earlier row, what they share): the contact ids differ from run to run.
    duplicates: Vec<(u64, u64, String)>,
}

impl Report {
    fn of(v: Value, file: &Path) -> Report {
        let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "format",
                "rows",
                "created",
                "updated",
                "unchanged",
                "errors",
                "warnings",
                "possible_duplicates",
                "duration_ms"
            ]),
            "{}: {v}",
            file.display()
        );
        assert!(v["duration_ms"].is_u64(), "{v}");
        let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
        let problems = |key: &str| -> Vec<(u64, Option<String>, String)> {
            v[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let keys: BTreeSet<&str> =
                        e.as_object().unwrap().keys().map(String::as_str).collect();
                    assert_eq!(keys, BTreeSet::from(["row", "column", "message"]), "{e}");
                    let row = e["row"].as_u64().unwrap();
                    let message = e["message"].as_str().unwrap().to_string();
                    assert!(
                        !message.trim().is_empty(),
                        "a {key} item without a reason: {e}"
                    );
                    (row, e["column"].as_str().map(str::to_string), message)
                })
                .collect()
        };
        let errors = problems("errors");
        let warnings = problems("warnings");
        let duplicates = v["possible_duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let keys: BTreeSet<&str> =
                    d.as_object().unwrap().keys().map(String::as_str).collect();
                let expected = [
                    "row",
                    "name",
                    "contact",
                    "other_row",
                    "other_name",
                    "other_contact",
                    "shared",
                ];
                assert_eq!(keys, BTreeSet::from(expected), "{d}");
                let n = |k: &str| d[k].as_u64().unwrap();
                (
                    n("row"),
                    n("other_row"),
                    d["shared"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let r = Report {
            format: v["format"].as_str().unwrap().to_string(),
            rows: n("rows"),
            created: n("created"),
            updated: n("updated"),
            unchanged: n("unchanged"),
            errors,
            warnings,
            duplicates,
        };
        assert_eq!(
            r.rows,
            r.created + r.updated + r.unchanged + r.errors.len() as u64,
            "{}: every row is counted once: {v}",
            file.display()
        );
        let rows: BTreeSet<u64> = r.errors.iter().map(|e| e.0).collect();
        assert_eq!(rows.len(), r.errors.len(), "one error per row: {v}");
        assert!(
            rows.iter().all(|row| (1..=r.rows).contains(row)),
            "error rows are data rows: {v}"
        );
        r
    }
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| ext.iter().any(|e| x.eq_ignore_ascii_case(e)))
        })
        .collect();
    out.sort();
    out
}

fn csv_fixtures() -> Vec<PathBuf> {
    files(
        &manifest().join("../core/tests/fixtures/csv"),
        &["csv", "tsv"],
    )
}

fn vcard_fixtures() -> Vec<PathBuf> {
    files(&manifest().join("../core/tests/fixtures/vcard"), &["vcf"])
}

fn client_vcards() -> Vec<PathBuf> {
    files(
        &manifest().join("../../shared/fixtures/vcard-clients"),
        &["vcf"],
    )
}

fn fixture(name: &str) -> PathBuf {
    manifest().join("../core/tests/fixtures/csv").join(name)
}

/// The format `auto` must recognise in a fixture, from its name.
fn expected_format(file: &Path) -> &'static str {
    let name = file.file_name().unwrap().to_string_lossy().to_lowercase();
    if name.ends_with(".vcf") {
        "vcard"
    } else if name.starts_with("google") {
        "google"
    } else if name.starts_with("outlook") {
        "outlook"
    } else if name.starts_with("linkedin") {
        "linkedin"
    } else if name.starts_with("propertyradar") {
        "propertyradar"
    } else {
        "csv"
    }
}

/// Every string in a JSON value, keys included.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

fn custom(c: &Value, key: &str) -> Vec<String> {
    c["custom_fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["key"] == key)
        .map(|f| f["value"].as_str().unwrap().to_string())
        .collect()
}

fn named<'a>(all: &'a [Value], name: &str) -> &'a Value {
    all.iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no contact named {name}"))
}

#[test]
fn every_fixture_imports_with_a_full_report_and_a_second_import_changes_nothing() {
    let all: Vec<PathBuf> = csv_fixtures()
        .into_iter()
        .chain(vcard_fixtures())
        .chain(client_vcards())
        .collect();
    assert!(csv_fixtures().len() >= 6, "{:?}", csv_fixtures());
    assert!(vcard_fixtures().len() >= 4, "{:?}", vcard_fixtures());
    assert!(client_vcards().len() >= 18, "{:?}", client_vcards());
    let clients = client_vcards();
    for file in &all {
        let name = file.display();
        let cli = Cli::new();
        // A dry run on a fresh database reports what the real run will and writes nothing.
        let dry = cli.import(file, &["--dry-run"]);
        let (projection, changes) = cli.state();
        assert!(
            projection.is_empty(),
            "{name}: the dry run wrote {projection:?}"
        );
        assert_eq!(changes, 0, "{name}: the dry run logged changes");

        let first = cli.import(file, &[]);
        assert_eq!(first.format, expected_format(file), "{name}");
        assert!(first.rows > 0, "{name}: {first:?}");
        assert!(first.created > 0, "{name}: {first:?}");
        assert_eq!(dry, first, "{name}: the dry run reported differently");
        if clients.contains(file) {
            assert!(first.errors.is_empty(), "{name}: {:?}", first.errors);
        }
        let (after_first, changes) = cli.state();
        assert!(changes > 0);

        let again = cli.import(file, &[]);
        assert_eq!(again.format, first.format, "{name}");
        assert_eq!(again.rows, first.rows, "{name}");
        assert_eq!(
            (again.created, again.updated),
            (0, 0),
            "{name}: a second import changed something: {again:?}"
        );
        assert_eq!(
            again.unchanged,
            first.rows - first.errors.len() as u64,
            "{name}: {again:?}"
        );
        assert_eq!(again.errors, first.errors, "{name}");
        assert_eq!(
            cli.state(),
            (after_first, changes),
            "{name}: the database changed"
        );
    }
}

/// Splits a cell the way importers split lists: Google's ` ::: `, `;` and `,`.
fn pieces(cell: &str) -> Vec<&str> {
    cell.split(":::")
        .flat_map(|p| p.split([';', ',']))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Reads a fixture as text: UTF-8 (a BOM dropped), else Windows-1252 read as Latin-1 (the
/// same characters for everything the fixtures hold).
fn text_of(file: &Path) -> String {
    let bytes = std::fs::read(file).unwrap();
    match String::from_utf8(bytes.clone()) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => bytes.iter().map(|b| *b as char).collect(),
    }
}

/// The data rows of a CSV fixture (numbered as the importer numbers them: blank rows and the
/// header, and a LinkedIn preamble, not counted), with the header.
fn csv_rows(file: &Path) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
    let text = text_of(file);
    let delimiter = match file.extension().and_then(|e| e.to_str()) {
        Some("tsv") => b'\t',
        _ if text
            .lines()
            .next()
            .is_some_and(|l| l.contains(';') && !l.contains(',')) =>
        {
            b';'
        }
        _ => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let start = records
        .iter()
        .position(|r| expected_format(file) != "linkedin" || r[0] == "First Name")
        .unwrap();
    let rows = records[start + 1..]
        .iter()
        .enumerate()
        .map(|(i, r)| (i as u64 + 1, r.clone()))
        .collect();
    (records[start].clone(), rows)
}

/// Outlook writes these into every empty field; the importer treats them as "not set".
const OUTLOOK_NOT_SET: [&str; 5] = ["0/0/00", "Normal", "False", "Unspecified", "0"];

/// Lossless: every non-empty cell of a row that became a contact can be found in
/// `export --format json`, whole or (for list cells) piece by piece, as written.
fn cells_not_found(file: &Path) -> Vec<String> {
    let cli = Cli::new();
    let report = cli.import(file, &[]);
    let mut all = Vec::new();
    strings(&Value::Array(cli.contacts()), &mut all);
    // Labels are kept lower-case ("Work" → "work"), so compare without case; Google's "* "
    // marks its primary value and is not part of the label.
    let all: Vec<String> = all.iter().map(|s| s.to_lowercase()).collect();
    let found = |s: &str| {
        let s = s.to_lowercase();
        let s = s.trim_start_matches("* ");
        all.iter().any(|v| v.contains(s))
    };
    let errors: BTreeSet<u64> = report.errors.iter().map(|e| e.0).collect();
    let (header, rows) = csv_rows(file);
    let mut missing = Vec::new();
    for (row, cells) in rows {
        if errors.contains(&row) {
            continue;
        }
        for (i, cell) in cells.iter().enumerate() {
            let cell = cell.trim();
            if cell.is_empty()
                || (expected_format(file) == "outlook" && OUTLOOK_NOT_SET.contains(&cell))
            {
                continue;
            }
            // A formatted address (Google's "Address 1 - Formatted", Outlook's "Home Address")
            // is the same parts again on several lines: its words are in the address parts.
            let kept = found(cell)
                || pieces(cell).iter().all(|p| found(p))
                || cell.split_whitespace().all(|w| found(w.trim_matches(',')));
            if !kept {
                let column = header.get(i).map(String::as_str).unwrap_or("(extra)");
                missing.push(format!("row {row}, column {column:?}: {cell:?}"));
            }
        }
    }
    missing
}

#[test]
fn every_non_empty_csv_cell_lands_in_the_export_except_dates_written_otherwise() {
    // Dates read from another notation (Outlook's and a generic file's M/D/YYYY) are stored in
    // their ISO form only; the issue asks for the value "as written next to any normalised form
    // (a phone's E.164 form, a date's ISO form)". Those cells are listed here, and
    // `a_birthday_is_kept_as_written_beside_its_iso_form` pins the gap on its own.
    let dates_rewritten = [
        "generic.tsv: row 1, column \"birthday\": \"7/25/1920\"",
        "outlook.csv: row 1, column \"Birthday\": \"3/4/1990\"",
    ];
    let mut missing = Vec::new();
    for file in csv_fixtures() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        missing.extend(
            cells_not_found(&file)
                .into_iter()
                .map(|m| format!("{name}: {m}")),
        );
    }
    let unexpected: Vec<&String> = missing
        .iter()
        .filter(|m| !dates_rewritten.contains(&m.as_str()))
        .collect();
    assert!(unexpected.is_empty(), "cells lost: {unexpected:#?}");
}

#[test]
fn a_birthday_is_kept_as_written_beside_its_iso_form() {
    // The lossless rule keeps values as written next to their normalised form: a birthday
    // written 7/25/1920 is stored as 1920-07-25 and kept as written in a custom field named by
    // its column. (Regression: only the ISO form used to be kept.)
    for (file, written, iso) in [
        ("generic.tsv", "7/25/1920", "1920-07-25"),
        ("outlook.csv", "3/4/1990", "1990-03-04"),
    ] {
        let cli = Cli::new();
        cli.import(&fixture(file), &[]);
        let contacts = cli.contacts();
        let c = contacts
            .iter()
            .find(|c| c["birthday"] == iso)
            .unwrap_or_else(|| panic!("{file}: no contact born {iso}"));
        let mut all = Vec::new();
        strings(c, &mut all);
        assert!(
            all.iter().any(|s| s.contains(written)),
            "{file}: the birthday {written:?} is only kept as {iso}: {c}"
        );
    }
}

#[test]
fn property_radar_owners_become_contacts_linked_to_each_other_with_every_property_column() {
    let cli = Cli::new();
    let file = fixture("propertyradar.csv");
    let report = cli.import(&file, &[]);
    assert_eq!(report.format, "propertyradar");
    // Row 1 makes John and Jane, row 2 Richard, row 3 is John's second property.
    assert_eq!(
        (
            report.rows,
            report.created,
            report.updated,
            report.unchanged
        ),
        (3, 2, 1, 0)
    );
    let all = cli.contacts();
    assert_eq!(all.len(), 3, "the same owner across rows is one contact");
    let (john, jane, richard) = (
        named(&all, "JOHN DOE"),
        named(&all, "JANE DOE"),
        named(&all, "RICHARD ROE"),
    );
    // Co-owners name each other (with the other's id); a sole owner names no one.
    assert_eq!(
        custom(john, "co-owner"),
        vec![format!("JANE DOE ({})", jane["id"].as_str().unwrap())]
    );
    assert_eq!(
        custom(jane, "co-owner"),
        vec![format!("JOHN DOE ({})", john["id"].as_str().unwrap())]
    );
    assert!(custom(richard, "co-owner").is_empty());
    // John holds both his properties: both APNs, both values, both property addresses.
    assert_eq!(custom(john, "APN"), vec!["SPR-001-0001", "SPR-001-0002"]);
    assert_eq!(custom(john, "Est Value"), vec!["767509", "610000"]);
    assert_eq!(custom(john, "Yr Built"), vec!["1954", "1962"]);
    let streets: Vec<&str> = john["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["label"] == "property")
        .map(|a| a["street"].as_str().unwrap())
        .collect();
    assert_eq!(streets, vec!["100 Example Ave", "200 Example Ave"]);
    // Property, status and hash columns are kept on each owner.
    assert_eq!(custom(jane, "APN"), vec!["SPR-001-0001"]);
    assert_eq!(custom(jane, "Owner Occ?"), vec!["1"]);
    assert_eq!(custom(jane, "Secondary Mobile 1 Status"), vec!["Inactive"]);
    assert_eq!(custom(john, "Primary Email1 Hash"), vec!["a1b2c3"]);
    assert_eq!(custom(john, "Primary Email 1 Status"), vec!["Active"]);
    assert_eq!(custom(richard, "APN"), vec!["SHL-002-0002"]);
    assert_eq!(custom(richard, "Listing Status"), vec!["Active"]);
    assert_eq!(john["emails"][0]["value"], "john.doe@example.com");
    // Phones are kept as written, with their E.164 form whenever the number is a real one. (The
    // fixture's 555-010-xxxx numbers are not: a NANP exchange cannot start with 0, so they have
    // none; the next test uses valid numbers.)
    for c in [john, jane, richard] {
        let phones = c["phones"].as_array().unwrap();
        assert_eq!(phones.len(), 1, "{c}");
        let value = phones[0]["value"].as_str().unwrap();
        assert!(value.starts_with("555-010-"), "{c}");
        assert_eq!(
            phones[0]["e164"].as_str(),
            to_e164(value, "US").as_deref(),
            "{c}"
        );
    }
}

/// Writes a PropertyRadar export under the fixture's header (all 39 columns), one row per
/// list of `(column, value)`; columns not named are empty.
fn radar_file(file: &Path, rows: &[&[(&str, &str)]]) {
    let header = text_of(&fixture("propertyradar.csv"))
        .lines()
        .next()
        .unwrap()
        .to_string();
    let columns: Vec<&str> = header.split(',').collect();
    assert_eq!(columns.len(), 39);
    let mut lines = vec![header.clone()];
    for cells in rows {
        let line: Vec<String> = columns
            .iter()
            .map(|c| {
                cells
                    .iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            })
            .collect();
        lines.push(line.join(","));
    }
    std::fs::write(file, lines.join("\r\n")).unwrap();
}

#[test]
fn an_owner_of_several_properties_keeps_each_property_s_columns() {
    // An owner of several properties keeps every property's columns, even when a later
    // property's Type or Beds equals an earlier one's: a row's record columns merge as one block.
    // (Regression: they used to merge pair by pair, so the third property's SFR/3 vanished.)
    let cli = Cli::new();
    let file = cli.path("three.csv");
    let owner = [
        ("Primary Name", "ANA SILVA"),
        ("Primary Mobile Phone1", "(415) 555-2671"),
    ];
    let property = |apn: &'static str, kind: &'static str, beds: &'static str| {
        let mut cells = vec![("APN", apn), ("Type", kind), ("Beds", beds)];
        cells.extend(owner);
        cells
    };
    let rows = [
        property("APN-1", "SFR", "3"),
        property("APN-2", "CONDO", "2"),
        property("APN-3", "SFR", "3"),
    ];
    let rows: Vec<&[(&str, &str)]> = rows.iter().map(Vec::as_slice).collect();
    radar_file(&file, &rows);
    let report = cli.import(&file, &[]);
    assert_eq!((report.rows, report.created, report.updated), (3, 1, 2));
    let all = cli.contacts();
    assert_eq!(all.len(), 1);
    let ana = &all[0];
    assert_eq!(custom(ana, "APN"), vec!["APN-1", "APN-2", "APN-3"]);
    let count = |column: &str, value: &str| {
        ana["custom_fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["key"].as_str().unwrap().contains(column) && f["value"] == value)
            .count()
    };
    assert_eq!(
        (count("Type", "SFR"), count("Beds", "3")),
        (2, 2),
        "the third property's Type and Beds are not kept: {}",
        ana["custom_fields"]
    );
}

#[test]
fn property_radar_phones_are_normalised_to_e164() {
    // The fixture's header (all 39 columns) over rows with real-looking US numbers.
    let cli = Cli::new();
    let file = cli.path("radar.csv");
    radar_file(
        &file,
        &[
            &[
                ("Type", "SFR"),
                ("Address", "1 Market St"),
                ("City", "San Francisco"),
                ("ZIP", "94105"),
                ("APN", "3711-001"),
                ("Primary Name", "ANA SILVA"),
                ("Primary Mobile Phone1", "(415) 555-2671"),
                ("Primary Mobile 1 Status", "Active"),
                ("Secondary Name", "LUIS SILVA"),
                ("Secondary Mobile Phone1", "415.555.2672"),
            ],
            &[
                ("Type", "CONDO"),
                ("Address", "2 Market St"),
                ("APN", "3711-002"),
                ("Primary Name", "ANA SILVA"),
                ("Primary Mobile Phone1", "+1 415 555 2671"),
            ],
        ],
    );
    let report = cli.import(&file, &[]);
    assert_eq!(report.format, "propertyradar");
    assert_eq!((report.rows, report.created, report.updated), (2, 1, 1));
    let all = cli.contacts();
    assert_eq!(all.len(), 2, "the same phone across rows is one owner");
    let ana = named(&all, "ANA SILVA");
    let luis = named(&all, "LUIS SILVA");
    assert_eq!(ana["phones"][0]["value"], "(415) 555-2671");
    assert_eq!(ana["phones"][0]["e164"], "+14155552671");
    assert_eq!(ana["phones"].as_array().unwrap().len(), 1, "{ana}");
    assert_eq!(luis["phones"][0]["value"], "415.555.2672");
    assert_eq!(luis["phones"][0]["e164"], "+14155552672");
    assert_eq!(custom(ana, "APN"), vec!["3711-001", "3711-002"]);
    assert_eq!(
        custom(luis, "co-owner"),
        vec![format!("ANA SILVA ({})", ana["id"].as_str().unwrap())]
    );
}

#[test]
fn linkedin_urls_are_social_links_and_connected_on_is_kept() {
    let cli = Cli::new();
    let report = cli.import(&fixture("linkedin_connections.csv"), &[]);
    assert_eq!(report.format, "linkedin");
    assert_eq!((report.rows, report.created), (2, 2));
    let all = cli.contacts();
    let grace = named(&all, "Grace Hopper");
    assert_eq!(
        grace["social_links"],
        serde_json::json!([{"label": "linkedin", "url": "https://www.linkedin.com/in/grace-example"}])
    );
    assert_eq!(custom(grace, "Connected On"), vec!["12 Mar 2024"]);
    assert_eq!(grace["company"], "Navy, US");
    assert_eq!(grace["title"], "Rear Admiral");
    assert_eq!(grace["emails"][0]["value"], "grace@example.com");
    let alan = named(&all, "Alan Turing");
    assert_eq!(alan["social_links"][0]["label"], "linkedin");
    assert_eq!(custom(alan, "Connected On"), vec!["01 Jan 2023"]);
    // The preamble is not a contact and not a row.
    assert!(all
        .iter()
        .all(|c| !c.to_string().contains("When exporting")));
}

#[test]
fn google_labels_become_tags_and_its_groups_keep_their_labels() {
    let cli = Cli::new();
    let report = cli.import(&fixture("google.csv"), &[]);
    assert_eq!(report.format, "google");
    let all = cli.contacts();
    let ada = named(&all, "Ada King Lovelace");
    let tags: Vec<&str> = ada["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        tags.contains(&"Friends") && tags.contains(&"Math, Logic"),
        "{tags:?}"
    );
    assert_eq!(ada["birthday"], "--12-10", "a yearless birthday");
    let emails: Vec<(&str, &str)> = ada["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["label"].as_str().unwrap(), e["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        emails,
        vec![
            ("work", "ada@example.com"),
            ("work", "ada.l@example.org"),
            ("home", "ada.home@example.net")
        ]
    );
    assert_eq!(ada["phones"].as_array().unwrap().len(), 3);
    assert_eq!(ada["phones"][0]["e164"], "+442079460958");
    assert_eq!(ada["social_links"][0]["url"], "https://ada.example.com");
    assert_eq!(custom(ada, "Anniversary"), vec!["1835-07-08"]);
    assert_eq!(custom(ada, "Favourite number"), vec!["1.5"]);
    // The nickname-only row cannot become a contact: reported, not skipped.
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
}

/// A vCard file's content lines, unfolded (RFC 6350 folding, and vCard 2.1 quoted-printable
/// soft line breaks).
fn vcard_lines(file: &Path) -> Vec<String> {
    let text = text_of(file);
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match lines.last_mut() {
            Some(last) if raw.starts_with([' ', '\t']) => last.push_str(&raw[1..]),
            Some(last)
                if last.ends_with('=') && last.to_uppercase().contains("QUOTED-PRINTABLE") =>
            {
                last.pop();
                last.push_str(raw)
            }
            _ => lines.push(raw.to_string()),
        }
    }
    lines
}

/// The plain (not encoded) values of property `name` in a vCard file, any group.
fn vcard_values(file: &Path, name: &str) -> Vec<String> {
    vcard_lines(file)
        .into_iter()
        .filter_map(|l| {
            let (head, value) = l.split_once(':')?;
            let prop = head.split(';').next()?;
            let prop = prop.rsplit('.').next()?;
            (prop.eq_ignore_ascii_case(name) && !head.to_uppercase().contains("ENCODING"))
                .then(|| value.trim().to_string())
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// Every contact's name, emails (lower-cased) and phone digits, sorted.
fn people(contacts: &[Value]) -> BTreeSet<(String, Vec<String>, Vec<String>)> {
    contacts
        .iter()
        .map(|c| {
            let list = |k: &str, f: &dyn Fn(&str) -> String| {
                let mut v: Vec<String> = c[k]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| f(x["value"].as_str().unwrap()))
                    .collect();
                v.sort();
                v
            };
            (
                c["name"].as_str().unwrap().to_string(),
                list("emails", &|s| s.to_lowercase()),
                list("phones", &|s| s.to_string()),
            )
        })
        .collect()
}

#[test]
fn client_vcards_keep_every_email_and_phone_and_survive_export_then_import() {
    for file in client_vcards() {
        let name = file.display();
        let cli = Cli::new();
        cli.import(&file, &[]);
        let contacts = cli.contacts();
        let mut all = Vec::new();
        strings(&Value::Array(contacts.clone()), &mut all);
        // Every plain EMAIL is an email of some contact (or, when it is not an address, kept
        // as written in a custom field); every TEL's digits are some phone's.
        for email in vcard_values(&file, "EMAIL") {
            assert!(
                all.iter().any(|s| s.eq_ignore_ascii_case(&email)),
                "{name}: EMAIL {email:?} is not in the export"
            );
        }
        let phone_digits: Vec<String> = contacts
            .iter()
            .flat_map(|c| c["phones"].as_array().unwrap().clone())
            .map(|p| digits(p["value"].as_str().unwrap()))
            .collect();
        for tel in vcard_values(&file, "TEL") {
            let want = digits(tel.split(";ext=").next().unwrap());
            if want.is_empty() {
                // Outlook 2003 writes "BusinessPhone" where a number goes: kept as written.
                assert!(
                    all.contains(&tel),
                    "{name}: TEL {tel:?} without digits is not in the export"
                );
                continue;
            }
            assert!(
                phone_digits.iter().any(|d| d.contains(&want)),
                "{name}: TEL {tel:?} is not a phone of any contact: {phone_digits:?}"
            );
        }
        // Kith's vCard export read back into a fresh file keeps every name, email and phone.
        let out = cli.export_vcard();
        let back = Cli::new();
        let report = back.import(&out, &[]);
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        assert_eq!(report.rows as usize, contacts.len(), "{name}");
        assert_eq!(
            people(&back.contacts()),
            people(&contacts),
            "{name}: names, emails or phones changed through vCard"
        );
    }
}

#[test]
fn export_writes_each_format_to_stdout_or_a_file_and_json_mode_refuses_text_on_stdout() {
    let cli = Cli::new();
    cli.import(&fixture("google.csv"), &[]);
    cli.import(&fixture("propertyradar.csv"), &[]);
    cli.import(
        &manifest().join("../core/tests/fixtures/vcard/v40.vcf"),
        &[],
    );
    let n = cli.contacts().len();
    assert_eq!(n, 6);
    for format in ["json", "csv", "vcard"] {
        // To stdout (plain mode: the export is the output).
        let stdout = cli.run(&["export", "--format", format]);
        assert!(stdout.status.success(), "{format}: {stdout:?}");
        assert!(stdout.stderr.is_empty(), "{format}: {stdout:?}");
        // To a file: the same bytes, a summary on stdout, no partial file left behind.
        let path = cli.path(&format!("out.{format}"));
        let to_file = cli.run(&[
            "export",
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(to_file.status.success(), "{format}: {to_file:?}");
        let text = String::from_utf8(to_file.stdout).unwrap();
        assert!(
            text.contains(&format!("Exported {n} contacts")),
            "{format}: {text}"
        );
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written, stdout.stdout, "{format}: --out and stdout differ");
        let summary = cli.json(&[
            "export",
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
        ]);
        assert_eq!(summary["contacts"], n as u64);
        assert_eq!(summary["out"], path.to_str().unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), written);
        let leftovers: Vec<_> = std::fs::read_dir(cli.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|f| f.contains("partial"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        let text = String::from_utf8(written).unwrap();
        match format {
            "json" => {
                let v: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(v.as_array().unwrap().len(), n);
                // `--json` with a JSON export to stdout prints the array, once.
                assert_eq!(cli.json(&["export", "--format", "json"]), v);
            }
            "csv" => {
                let header = text.lines().next().unwrap();
                assert_eq!(header, kith_core::export::csv::header().join(","));
                let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
                assert_eq!(rows, n);
            }
            _ => {
                assert_eq!(text.matches("BEGIN:VCARD\r\n").count(), n);
                assert_eq!(text.matches("END:VCARD\r\n").count(), n);
                assert!(text.contains("VERSION:4.0\r\n"));
            }
        }
        // Each export reads back into a fresh file as the same contacts (JSON is written for
        // people and programs, not read back: the importer refuses it by name).
        let back = Cli::new();
        if format == "json" {
            let out = back.run(&["import", path.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(2), "{out:?}");
            continue;
        }
        let report = back.import(&path, &[]);
        assert_eq!(report.format, if format == "csv" { "csv" } else { "vcard" });
        assert_eq!(
            (report.created as usize, report.errors.len()),
            (n, 0),
            "{format}"
        );
        assert_eq!(
            people(&back.contacts()),
            people(&cli.contacts()),
            "{format}"
        );
    }
    // Under --json, stdout must hold one JSON value: a CSV or vCard export there is refused.
    let before = cli.state();
    for format in ["csv", "vcard"] {
        let out = cli.run(&["--json", "export", "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}: {out:?}");
        assert_json_error(&out.stdout, "invalid_input");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--out"), "{format}: {err}");
    }
    let out = cli.run(&["export", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("'xml' is not an export format"));
    assert_eq!(cli.state(), before);
}

#[test]
fn bad_input_exits_2_names_the_problem_and_leaves_the_database_untouched() {
    let cli = Cli::new();
    cli.import(&fixture("linkedin_connections.csv"), &[]);
    let before = cli.state();
    assert!(!before.0.is_empty());
    let good = fixture("google.csv");
    let binary = cli.path("photo.png");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(&binary, png).unwrap();
    let no_header = cli.path("numbers.csv");
    std::fs::write(&no_header, "colour,size\nred,10\nblue,12\n").unwrap();
    let data_first = cli.path("data-first.csv");
    std::fs::write(
        &data_first,
        "ada@example.com,+1 415 555 2671\ngrace@example.com,+1 415 555 2672\n",
    )
    .unwrap();
    let empty = cli.path("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let missing = cli.path("no-such-file.csv");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["import", missing.to_str().unwrap()],
            "no-such-file.csv",
        ),
        (
            vec!["import", missing.to_str().unwrap(), "--format", "csv"],
            "no-such-file.csv",
        ),
        (
            vec!["import", binary.to_str().unwrap()],
            "neither CSV nor vCard",
        ),
        (
            vec!["import", good.to_str().unwrap(), "--format", "bogus"],
            "'bogus' is not a format",
        ),
        (
            vec!["import", no_header.to_str().unwrap()],
            "no column names a person",
        ),
        (
            vec!["import", no_header.to_str().unwrap(), "--format", "csv"],
            "no column names a person",
        ),
        (
            vec!["import", data_first.to_str().unwrap()],
            "looks like data",
        ),
        (vec!["import", empty.to_str().unwrap()], "empty.csv"),
    ];
    for (args, problem) in cases {
        for json in [false, true] {
            let mut all = if json { vec!["--json"] } else { vec![] };
            all.extend(&args);
            let out = cli.run(&all);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{all:?}: {out:?}");
            assert!(
                err.contains(problem),
                "{all:?}: stderr does not name {problem:?}: {err}"
            );
            if json {
                assert_json_error(&out.stdout, "invalid_input");
            } else {
                assert!(out.stdout.is_empty(), "{all:?}: {out:?}");
            }
            assert_eq!(cli.state(), before, "{all:?} changed the database");
        }
    }
}

/// Stdout of a failed `--json` run: exactly `{"error": {"code", "message", "row", "column"}}`.
fn assert_json_error(stdout: &[u8], code: &str) -> Value {
    let v: Value = serde_json::from_slice(stdout).unwrap_or_else(|e| {
        panic!(
            "a failure under --json still prints one JSON value ({e}): {}",
            String::from_utf8_lossy(stdout)
        )
    });
    let keys: BTreeSet<&str> = v["error"]
        .as_object()
        .unwrap_or_else(|| panic!("no error object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["code", "message", "row", "column"]),
        "{v}"
    );
    assert_eq!(v["error"]["code"], code, "{v}");
    v
}

/// A fixture of `core/tests/fixtures/fidelity`: one per class of file that used to lose data.
fn fidelity(name: &str) -> PathBuf {
    manifest()
        .join("../core/tests/fixtures/fidelity")
        .join(name)
}

/// Imports a fidelity fixture into a fresh database: the report, and every contact after it.
fn import_fidelity(name: &str, extra: &[&str]) -> (Cli, Report, Vec<Value>) {
    let cli = Cli::new();
    let report = cli.import(&fidelity(name), extra);
    let contacts = cli.contacts();
    (cli, report, contacts)
}

#[test]
fn a_quoted_printable_note_folded_after_a_soft_break_keeps_no_stray_equals_sign() {
    let (_, report, all) = import_fidelity("qp-soft-breaks.vcf", &[]);
    assert_eq!((report.created, report.errors.len()), (1, 0), "{report:?}");
    let note = all[0]["background"]["misc"].as_str().unwrap();
    assert_eq!(
        note,
        "Prefers calls before noon; her dog is called Björn and she wants us to come by the workshop in spring.\nSecond line  of the note."
    );
}

#[test]
fn eight_bit_cards_without_a_charset_are_read_as_windows_1252_and_reported() {
    let (_, report, all) = import_fidelity("outlook-8bit.vcf", &[]);
    assert_eq!((report.created, report.errors.len()), (2, 0), "{report:?}");
    let jurgen = named(&all, "Jürgen Großmann");
    assert_eq!(jurgen["company"], "Bäckerei Müller");
    assert_eq!(jurgen["background"]["misc"], "Café au lait, € 20 per box");
    named(&all, "Ana María Peña");
    let guessed: Vec<(u64, Option<&str>)> = report
        .warnings
        .iter()
        .map(|(row, column, message)| {
            assert!(message.contains("Windows-1252"), "{message}");
            (*row, column.as_deref())
        })
        .collect();
    assert_eq!(
        guessed,
        [
            (1, Some("N")),
            (1, Some("FN")),
            (1, Some("ORG")),
            (1, Some("NOTE")),
            (2, Some("FN"))
        ]
    );
}

#[test]
fn a_line_that_is_not_a_property_is_kept_and_reported_and_the_card_imports() {
    let (cli, report, all) = import_fidelity("unreadable-lines.vcf", &[]);
    assert_eq!((report.created, report.errors.len()), (2, 0), "{report:?}");
    let ilse = named(&all, "Ilse Brandt");
    assert_eq!(ilse["emails"][0]["value"], "ilse@example.de");
    assert_eq!(
        custom(ilse, "unreadable vCard line"),
        [
            "# exported by an address book sync tool",
            "Oberdorf;BY;83001;Germany",
            "X-KADDRESSBOOK-X-IMAddress/jabber:ilse@jabber.example"
        ]
    );
    let lines: Vec<String> = report
        .warnings
        .iter()
        .map(|(row, _, message)| {
            assert_eq!(*row, 1);
            message.split(" is not").next().unwrap_or("").to_string()
        })
        .collect();
    assert_eq!(lines.len(), 3, "{:?}", report.warnings);
    assert!(lines[0].starts_with("line 4"), "{lines:?}");
    // What was kept goes back out with the card.
    let out = cli.export_vcard();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(r"Oberdorf\;BY\;83001\;Germany"), "{text}");
}

#[test]
fn a_card_with_only_a_nickname_or_an_im_handle_is_a_person() {
    let (_, report, all) = import_fidelity("nickname-im-only.vcf", &[]);
    assert_eq!((report.created, report.errors.len()), (3, 0), "{report:?}");
    let sparky = named(&all, "Sparky");
    assert_eq!(custom(sparky, "NICKNAME"), ["Sparky"]);
    assert_eq!(sparky["background"]["misc"], "Met at the climbing gym");
    named(&all, "kofi@chat.example");
    assert_eq!(named(&all, "mei.lin.design")["tags"][0], "design");
}

#[test]
fn a_utf16_vcard_with_a_byte_order_mark_is_recognised_without_format() {
    let (_, report, all) = import_fidelity("utf16-bom.vcf", &[]);
    assert_eq!(report.format, "vcard");
    assert_eq!(report.created, 1, "{report:?}");
    named(&all, "Zoë Άλφα 山田");
}

#[test]
fn googles_primary_email_and_phone_come_first() {
    let (_, report, all) = import_fidelity("google-primary.csv", &[]);
    assert_eq!(report.format, "google");
    let noor = named(&all, "Noor Haddad");
    assert_eq!(noor["emails"][0]["value"], "noor@work.example");
    assert_eq!(noor["emails"][0]["label"], "work");
    assert_eq!(noor["emails"][1]["value"], "noor.home@example.com");
    assert_eq!(noor["phones"][0]["value"], "+1 415 555 0199");
}

#[test]
fn a_csv_without_a_header_is_refused_with_a_json_error_then_read_with_columns() {
    let cli = Cli::new();
    let file = fidelity("no-header.csv");
    let out = cli.run(&["--json", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let error = assert_json_error(&out.stdout, "invalid_input");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--columns"),
        "{error}"
    );
    assert_eq!(cli.state().1, 0, "nothing was written");

    let report = cli.import(&file, &["--columns", "name,email,phone,tags,company"]);
    assert_eq!((report.rows, report.created), (3, 3), "{report:?}");
    let all = cli.contacts();
    let priya = named(&all, "Priya Natarajan");
    assert_eq!(priya["emails"][0]["value"], "priya@example.in");
    assert_eq!(priya["phones"][0]["value"], "+91 98765 43210");
    assert_eq!(priya["tags"][0], "vip");
    assert_eq!(priya["company"], "Natarajan Tiles");

    // "-" skips a column; a name Kith has no field for is a custom field of that name.
    let other = Cli::new();
    other.import(&file, &["--columns", "name,-,mobile,segment"]);
    let all = other.contacts();
    let lukas = named(&all, "Lukas Wagner");
    assert!(lukas["emails"].as_array().unwrap().is_empty(), "{lukas}");
    assert_eq!(lukas["phones"][0]["label"], "mobile");
    assert_eq!(custom(lukas, "Column 5"), ["Wagner Bau"]);
    assert_eq!(custom(named(&all, "Priya Natarajan"), "segment"), ["vip"]);

    // A bad map is refused before anything is read.
    let out = cli.run(&["import", file.to_str().unwrap(), "--columns", "name,,email"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--columns: column 2 has no name"),
        "{stderr}"
    );
}

#[test]
fn different_people_sharing_one_email_stay_apart_and_are_listed_as_possible_duplicates() {
    let (cli, report, all) = import_fidelity("linkedin-shared-email.csv", &[]);
    assert_eq!(report.format, "linkedin");
    assert_eq!(
        (report.rows, report.created, report.updated),
        (7, 6, 1),
        "{report:?}"
    );
    assert_eq!(all.len(), 6);
    let dups: Vec<(u64, u64)> = report.duplicates.iter().map(|d| (d.0, d.1)).collect();
    assert_eq!(dups, [(2, 1), (3, 1), (4, 1), (5, 1), (6, 1)]);
    assert!(report
        .duplicates
        .iter()
        .all(|d| d.2 == "team@studio.example"));
    // The seventh row is Amara again (a new position): merged into her, as before.
    let amara = named(&all, "Amara Okafor");
    assert_eq!(amara["title"], "Designer");
    assert_eq!(custom(amara, "title (imported)"), ["Lead Designer"]);
    for c in &all {
        assert!(custom(c, "name (imported)").is_empty(), "{c}");
    }
    // Importing the file again changes nothing and finds no new duplicates.
    let again = cli.import(&fidelity("linkedin-shared-email.csv"), &[]);
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 7));
    assert!(again.duplicates.is_empty(), "{again:?}");
}
