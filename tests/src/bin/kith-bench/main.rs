//! kith-bench: how fast Kith is on a big file. It prints figures next to their goals and never
//! asserts on time; it is a program to run by hand, not a test.
//!
//! ```text
//! cargo run --release -p kith-tests --bin kith-bench -- [--contacts 100000] [--interactions 500000]
//!     [--followups 20000] [--db PATH] [--reseed]
//! ```
//!
//! The database is seeded once through kith-core's real write path (see `seed.rs`) and reused
//! by later runs while it holds the requested counts. Timed runs write after the seed clock
//! ([`seed::NOW`]), so each run adds about 1,000 contacts and 1,000 interactions that the
//! reuse check ignores.

mod data;
mod report;
mod seed;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chrono_tz::Tz;
use kith_core::contacts::{self, ContactChanges, ContactFilter};
use kith_core::interactions::{self, InteractionChanges};
use kith_core::store::Store;
use kith_core::time::Timestamp;
use kith_core::{rules, search};

use data::Gen;
use report::{file_size, machine, timed, Pct, Report, Stats};
use seed::{seeded_contact, Counts, NOW};

const USAGE: &str =
    "usage: kith-bench [--contacts N] [--interactions N] [--followups N] [--db PATH] [--reseed]";
/// Samples per write figure, rounds over each search query list, runs of the read figures.
const WRITES: usize = 1_000;
const SEARCH_ROUNDS: usize = 8;
const NAIVE_ROUNDS: usize = 2;
const RUNS: usize = 100;
const PAGE: u32 = 50;

struct Args {
    want: Counts,
    db: PathBuf,
    reseed: bool,
    raw: Vec<String>,
}

fn parse_args() -> Result<Args> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let mut want = Counts {
        contacts: 100_000,
        interactions: 500_000,
        followups: 20_000,
    };
    let (mut db, mut reseed) = (None, false);
    let mut it = raw.iter().cloned();
    while let Some(arg) = it.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        match key.as_str() {
            "--reseed" => reseed = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--contacts" | "--interactions" | "--followups" | "--db" => {
                let value = inline
                    .or_else(|| it.next())
                    .with_context(|| format!("{key} needs a value"))?;
                let count = || {
                    value
                        .replace(['_', ','], "")
                        .parse::<usize>()
                        .with_context(|| format!("{key}: '{value}' is not a count"))
                };
                match key.as_str() {
                    "--contacts" => want.contacts = count()?,
                    "--interactions" => want.interactions = count()?,
                    "--followups" => want.followups = count()?,
                    _ => db = Some(PathBuf::from(&value)),
                }
            }
            _ => bail!("unknown argument '{arg}'\n{USAGE}"),
        }
    }
    if want.contacts == 0 {
        bail!("--contacts must be at least 1");
    }
    let db = db.unwrap_or_else(|| {
        let name = format!("kith-bench-{}-{}.db", want.contacts, want.interactions);
        // The workspace's target directory, wherever the command is run from.
        let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
        tests.parent().unwrap_or(tests).join("target").join(name)
    });
    Ok(Args {
        want,
        db,
        reseed,
        raw,
    })
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let command = format!(
        "cargo run --release -p kith-tests --bin kith-bench --{}",
        args.raw.iter().map(|a| format!(" {a}")).collect::<String>()
    );
    let tz: Tz = chrono_tz::America::New_York;
    let sidecar = PathBuf::from(format!("{}.seeded", args.db.display()));
    if args.reseed {
        for suffix in ["", "-wal", "-shm", ".seeded"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", args.db.display()));
        }
    }
    println!("kith-bench: {}", args.db.display());
    let mut store = Store::open(&args.db, "US")?;
    let have = seed::existing(&store)?;
    let seeding = if have == args.want {
        let earlier = std::fs::read_to_string(&sidecar).unwrap_or_else(|_| "unknown seed".into());
        eprintln!("reusing {} ({})", args.db.display(), earlier.trim());
        if !earlier.starts_with(&format!("seed v{} ", seed::SEED_VERSION)) {
            eprintln!("warning: seeded by another version of the generator; pass --reseed for comparable figures");
        }
        format!("reused file; {}", earlier.trim())
    } else if have
        == (Counts {
            contacts: 0,
            interactions: 0,
            followups: 0,
        })
    {
        eprintln!(
            "seeding {:?} into {} ({} records per transaction)",
            args.want,
            args.db.display(),
            seed::BATCH
        );
        let t = Instant::now();
        let parts = seed::seed(&mut store, args.want, tz)?;
        let total = t.elapsed().as_secs_f64();
        let text = format!(
            "seed v{} {}: seeded in {total:.0} s (contacts {:.0} s, interactions {:.0} s, follow-ups {:.0} s)",
            seed::SEED_VERSION,
            chrono::Utc::now().format("%Y-%m-%d"),
            parts[0],
            parts[1],
            parts[2]
        );
        eprintln!("{text}");
        std::fs::write(&sidecar, &text)?;
        text
    } else {
        bail!(
            "{} holds {have:?} seeded records, not the requested {:?}; pass --reseed, delete it, or choose another --db",
            args.db.display(),
            args.want
        );
    };
    let conn_count =
        |sql: &str| -> Result<i64> { Ok(store.conn().query_row(sql, [], |r| r.get(0))?) };
    let extra = conn_count(&format!(
        "SELECT COUNT(*) FROM contacts WHERE created_at >= {}",
        NOW.0
    ))?;
    let max_pk = conn_count(&format!(
        "SELECT MAX(pk) FROM contacts WHERE created_at < {}",
        NOW.0
    ))?;
    let data = format!(
        "{} contacts, {} interactions, {} follow-ups (+{extra} contacts written by earlier bench runs); db {:.0} MB",
        args.want.contacts,
        args.want.interactions,
        args.want.followups,
        file_size(&args.db) as f64 / 1e6
    );
    let machine = machine();
    let version = format!(
        "kith-core {}, SQLite {}, {machine}",
        kith_tests::core_version(),
        rusqlite::version()
    );
    println!("data: {data}\n{version}\n");
    let mut report = Report::default();
    let nonce = Timestamp::now().0;

    println!("1. single writes: one store.write per sample, {WRITES} samples each");
    let mut g = Gen::new(nonce as u64);
    let (mut create, mut edit, mut log) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..WRITES {
        let (mut changes, _, _) = g.contact();
        changes.add_tags = vec!["bench-write".into()];
        let now = NOW.plus_ms(i as i64);
        timed(&mut create, || {
            Ok(store.write(|tx| contacts::create(tx, changes, now))?)
        })?;
    }
    report.figure(
        "contact create",
        &Stats::of(&create),
        &[(Pct::P50, 2.0), (Pct::P99, 10.0)],
        "",
    );
    for i in 0..WRITES {
        let id = seeded_contact(store.conn(), &mut g, max_pk)?;
        let changes = ContactChanges {
            title: Some(format!("Partner {nonce}-{i}")),
            ..Default::default()
        };
        let now = NOW.plus_ms((WRITES + i) as i64);
        timed(&mut edit, || {
            Ok(store.write(|tx| contacts::update(tx, id, changes, now))?)
        })?;
    }
    report.figure(
        "contact edit (update)",
        &Stats::of(&edit),
        &[(Pct::P50, 2.0), (Pct::P99, 10.0)],
        "",
    );
    for i in 0..WRITES {
        let id = seeded_contact(store.conn(), &mut g, max_pk)?;
        let note = g.note("Sam", Some("Acme Corp"));
        let now = NOW.plus_ms((2 * WRITES + i) as i64);
        let changes = InteractionChanges {
            notes: Some(note),
            occurred_at: Some(now),
            ..Default::default()
        };
        timed(&mut log, || {
            Ok(store.write(|tx| interactions::create(tx, id, changes, now))?)
        })?;
    }
    report.figure(
        "log interaction (extra)",
        &Stats::of(&log),
        &[],
        "  (no goal; reference)",
    );

    println!("\n2. search-as-you-type: search::search(conn, q, {PAGE}), {SEARCH_ROUNDS} rounds after one warm-up round");
    let conn = store.conn();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM contacts WHERE created_at < ?1 AND pk % ?2 = 7 % ?2 ORDER BY pk LIMIT 20")?
        .query_map([NOW.0, (max_pk / 20).max(1)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let list = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
    let groups: Vec<(&str, Vec<String>)> = vec![
        (
            "1-letter prefixes",
            list("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z"),
        ),
        (
            "2-letter prefixes",
            list("jo,ma,sa,mi,da,el,an,ch,ro,ka,li,be,st,th,re,co,de,wi,ja,pa"),
        ),
        (
            "3-letter prefixes",
            list("sar,mic,joh,dav,eli,and,chr,rob,kat,wil,jen,tho,ste,mar,pat,ash,ngu,gar,che,pri"),
        ),
        (
            "common words",
            list("meeting,call,project,acme,the,proposal,coffee,budget,follow up,acme corp"),
        ),
        (
            "email/phone/tag",
            list("gmail,415,212 555,investor,client,hooli.com,nimbus cloud,ironwood"),
        ),
        ("full names", names),
        ("no match", list("zzq,xylophone,qwfpgj,9999999")),
    ];
    let naive_sql =
        "SELECT c.record, c.last_contacted_at FROM contacts_fts f JOIN contacts c ON c.pk = f.rowid
                     WHERE contacts_fts MATCH ?1 ORDER BY rank LIMIT 50";
    let (mut all, mut all_naive) = (Vec::new(), Vec::new());
    let mut ratios = Vec::new();
    for (group, queries) in &groups {
        for q in queries {
            search::search(conn, q, PAGE)?;
        }
        let (mut samples, mut hits) = (Vec::new(), 0usize);
        for _ in 0..SEARCH_ROUNDS {
            for q in queries {
                hits += timed(&mut samples, || Ok(search::search(conn, q, PAGE)?))?.len();
            }
        }
        let mut naive = Vec::new();
        for _ in 0..NAIVE_ROUNDS {
            for q in queries.iter().filter_map(|q| search::fts_query(q)) {
                let mut stmt = conn.prepare_cached(naive_sql)?;
                timed(&mut naive, || {
                    let rows = stmt.query_map([&q], |r| r.get::<_, String>(0))?;
                    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
                })?;
            }
        }
        let (s, n) = (Stats::of(&samples), Stats::of(&naive));
        let ratio = n.p50 / s.p50.max(1e-6);
        ratios.push(ratio);
        let extra = format!(
            "  avg {:.0} hits; naive bm25 p50 {:.3} ms, naive/search {ratio:.1}x",
            hits as f64 / samples.len() as f64,
            n.p50
        );
        report.figure(&format!("search: {group}"), &s, &[(Pct::P95, 10.0)], &extra);
        all.extend(samples);
        all_naive.extend(naive);
    }
    let (s, n) = (Stats::of(&all), Stats::of(&all_naive));
    report.figure("search: all groups", &s, &[(Pct::P95, 10.0)], "");
    report.figure(
        "naive bm25 (contacts_fts only)",
        &n,
        &[],
        &format!(
            "  (reference; naive/search p50 {:.1}x)",
            n.p50 / s.p50.max(1e-6)
        ),
    );

    println!("\n3. dashboard: rules::dashboard(conn, now, America/New_York), {RUNS} runs after one warm-up");
    let d = rules::dashboard(conn, NOW, tz)?;
    let sizes = format!(
        "  overdue {}, due today {}, reach out {} of {}, birthdays {} of {}, recent {}, vips {}",
        d.overdue.len(),
        d.due_today.len(),
        d.reach_out.len(),
        d.reach_out_total,
        d.birthdays.len(),
        d.birthdays_total,
        d.recent_interactions.len(),
        d.vips.len()
    );
    let mut dash = Vec::new();
    for _ in 0..RUNS {
        timed(&mut dash, || Ok(rules::dashboard(conn, NOW, tz)?))?;
    }
    report.figure("dashboard", &Stats::of(&dash), &[(Pct::P95, 20.0)], "");
    println!("{sizes}");
    type Part<'a> = (&'a str, Box<dyn Fn() -> kith_core::Result<usize> + 'a>);
    let parts: Vec<Part> = vec![
        (
            "  part: due follow-ups",
            Box::new(|| rules::due(conn, NOW, tz).map(|d| d.overdue.len() + d.due_today.len())),
        ),
        (
            "  part: reach out (top 20 + count)",
            Box::new(|| {
                rules::reach_out_count(conn, NOW, tz)?;
                rules::reach_out(conn, NOW, tz, rules::DASHBOARD_LIST_LIMIT).map(|v| v.len())
            }),
        ),
        (
            "  part: birthdays (14 d, top 20 + count)",
            Box::new(|| {
                rules::upcoming_birthdays_count(conn, NOW, tz, 14)?;
                rules::upcoming_birthdays(conn, NOW, tz, 14, rules::DASHBOARD_LIST_LIMIT)
                    .map(|v| v.len())
            }),
        ),
        (
            "  part: recent interactions",
            Box::new(|| rules::recent_interactions(conn, NOW, 10).map(|v| v.len())),
        ),
        (
            "  part: vips",
            Box::new(|| rules::vips(conn, 20).map(|v| v.len())),
        ),
    ];
    for (label, f) in &parts {
        let mut samples = Vec::new();
        for _ in 0..RUNS {
            timed(&mut samples, || Ok(f()?))?;
        }
        report.figure(label, &Stats::of(&samples), &[], "");
    }

    println!("\n4. open + first page: Store::open(path, \"US\") then contacts::list(limit {PAGE}), fresh handle each of {RUNS} runs");
    drop(parts);
    drop(store);
    let (mut total, mut open, mut first) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let t = Instant::now();
        let s = timed(&mut open, || Ok(Store::open(&args.db, "US")?))?;
        let filter = ContactFilter {
            limit: Some(PAGE),
            ..Default::default()
        };
        let page = timed(&mut first, || Ok(contacts::list(s.conn(), &filter)?))?;
        total.push(t.elapsed());
        if page.len() != PAGE as usize {
            bail!("the first page has {} contacts, not {PAGE}", page.len());
        }
        drop(s);
    }
    report.figure(
        "open + list first page",
        &Stats::of(&total),
        &[(Pct::P95, 100.0)],
        "",
    );
    report.figure("  part: Store::open", &Stats::of(&open), &[], "");
    report.figure("  part: contacts::list", &Stats::of(&first), &[], "");

    let date = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    println!("\n---- summary (paste into a note) ----");
    println!("kith-bench {date}, {version} at start");
    println!("data: {data}");
    println!("seed: {seeding}");
    for l in &report.lines {
        println!("{l}");
    }
    println!("dashboard sizes:{sizes}");
    println!(
        "naive bm25 p50 / search p50, per group: {}",
        ratios
            .iter()
            .map(|r| format!("{r:.1}x"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("command: {command}");
    println!("-------------------------------------");
    Ok(())
}
