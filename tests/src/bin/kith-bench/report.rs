//! Percentiles, figures next to their goals, and facts about the run for the summary.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;

#[derive(Clone, Copy)]
pub enum Pct {
    P50,
    P95,
    P99,
}

pub struct Stats {
    pub n: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl Stats {
    pub fn of(samples: &[Duration]) -> Stats {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let at =
            |p: f64| ms[((p / 100.0 * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
        Stats {
            n: ms.len(),
            p50: at(50.0),
            p95: at(95.0),
            p99: at(99.0),
            max: ms[ms.len() - 1],
        }
    }

    pub fn get(&self, p: Pct) -> f64 {
        match p {
            Pct::P50 => self.p50,
            Pct::P95 => self.p95,
            Pct::P99 => self.p99,
        }
    }
}

pub fn pct_name(p: Pct) -> &'static str {
    match p {
        Pct::P50 => "p50",
        Pct::P95 => "p95",
        Pct::P99 => "p99",
    }
}

/// Figures with a goal, kept for the summary.
#[derive(Default)]
pub struct Report {
    pub lines: Vec<String>,
}

impl Report {
    /// Prints one figure; with goals it gets PASS or MISS and goes into the summary.
    pub fn figure(&mut self, label: &str, s: &Stats, goals: &[(Pct, f64)], extra: &str) {
        let goal = goals
            .iter()
            .map(|(p, ms)| format!("{} ≤ {ms} ms", pct_name(*p)))
            .collect::<Vec<_>>()
            .join(", ");
        let verdict = match goals.iter().all(|(p, ms)| s.get(*p) <= *ms) {
            _ if goals.is_empty() => "",
            true => "PASS",
            false => "MISS",
        };
        println!(
            "  {label:<30} n={:<5} p50 {:>8.3}  p95 {:>8.3}  p99 {:>8.3}  max {:>8.3} ms  {}{verdict}{extra}",
            s.n,
            s.p50,
            s.p95,
            s.p99,
            s.max,
            if goal.is_empty() { String::new() } else { format!("goal {goal}  ") },
        );
        if !goals.is_empty() {
            let mut shown = vec![format!("p50 {:>7.3} ms", s.p50)];
            shown.extend(
                goals
                    .iter()
                    .filter(|(p, _)| !matches!(p, Pct::P50))
                    .map(|(p, _)| format!("{} {:>7.3} ms", pct_name(*p), s.get(*p))),
            );
            self.lines.push(format!(
                "{label:<30} {:<30} n={:<5} goal {goal:<26} {verdict}",
                shown.join("  "),
                s.n
            ));
        }
    }
}

pub fn timed<T>(samples: &mut Vec<Duration>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let t = Instant::now();
    let out = f()?;
    samples.push(t.elapsed());
    Ok(out)
}

pub fn file_size(db: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    [db.to_path_buf(), wal]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// The machine: CPUs, and the load average when the run started (other work on a 2-core
/// machine moves every figure).
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    format!("{cpus} CPUs, load {load}")
}
