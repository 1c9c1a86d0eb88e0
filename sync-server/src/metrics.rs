//! Counters for `GET /metrics`, rendered by hand in Prometheus' text format (version 0.0.4).
//! Routes are labelled by their template (`/v1/workspaces/{workspace_id}/changes`), never by a
//! raw path, so the label set stays small and carries no ids.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Upper bounds of the request duration histogram, in seconds.
pub const BUCKETS: [f64; 11] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The server's counters, rendered in the Prometheus text format by `/metrics`.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    durations: Mutex<BTreeMap<String, Histogram>>,
    /// Changes stored by pushes.
    pub changes_accepted: AtomicU64,
    /// Changes pushed again and skipped.
    pub changes_duplicate: AtomicU64,
    /// Logins refused for a wrong email or password.
    pub login_failures: AtomicU64,
    /// Logins refused by the rate limit.
    pub rate_limited: AtomicU64,
    /// Event streams open now.
    pub event_streams: AtomicI64,
}

#[derive(Default, Clone)]
struct Histogram {
    /// Cumulative counts per bucket of `BUCKETS`.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Keeps the open-streams gauge honest: counts up when made, down when dropped, however the
/// stream ends.
pub struct StreamGauge(Arc<Metrics>);

impl Drop for StreamGauge {
    fn drop(&mut self) {
        self.0.event_streams.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// Counts one answered request and its duration, by route template.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        *self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let seconds = elapsed.as_secs_f64();
        let mut durations = self.durations.lock().unwrap_or_else(|e| e.into_inner());
        let histogram = durations.entry(route.to_owned()).or_default();
        for (bucket, bound) in histogram.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    /// Counts an event stream as open until the returned gauge is dropped.
    pub fn stream_opened(self: &Arc<Self>) -> StreamGauge {
        self.event_streams.fetch_add(1, Ordering::Relaxed);
        StreamGauge(self.clone())
    }

    /// Adds `n` to one of the counters.
    pub fn count(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// Every metric in the Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP kith_http_requests_total HTTP requests answered, by route template and status.\n");
        out.push_str("# TYPE kith_http_requests_total counter\n");
        for ((method, route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "kith_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(method),
                escape(route)
            );
        }
        out.push_str("# HELP kith_http_request_duration_seconds Time to answer a request (for event streams: to open it).\n");
        out.push_str("# TYPE kith_http_request_duration_seconds histogram\n");
        for (route, h) in self
            .durations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(
                    out,
                    "kith_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "kith_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "kith_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "kith_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        let scalars: [(&str, &str, &str, i64); 5] = [
            (
                "kith_changes_accepted_total",
                "counter",
                "Changes stored by pushes.",
                self.changes_accepted.load(Ordering::Relaxed) as i64,
            ),
            (
                "kith_changes_duplicate_total",
                "counter",
                "Pushed changes the workspace already had.",
                self.changes_duplicate.load(Ordering::Relaxed) as i64,
            ),
            (
                "kith_login_failures_total",
                "counter",
                "Logins refused for a wrong email or password.",
                self.login_failures.load(Ordering::Relaxed) as i64,
            ),
            (
                "kith_rate_limited_total",
                "counter",
                "Logins refused by the failed-login limit.",
                self.rate_limited.load(Ordering::Relaxed) as i64,
            ),
            (
                "kith_event_streams_open",
                "gauge",
                "Live event streams open on this instance.",
                self.event_streams.load(Ordering::Relaxed),
            ),
        ];
        for (name, kind, help, value) in scalars {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}

/// Escapes a label value: backslash, double quote and newline.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_render_as_counters_and_a_cumulative_histogram() {
        let m = Metrics::default();
        m.observe("GET", "/healthz", 200, Duration::from_millis(3));
        m.observe("GET", "/healthz", 200, Duration::from_millis(30));
        m.observe("POST", "/v1/login", 401, Duration::from_millis(40));
        let text = m.render();
        assert!(text.contains(
            "kith_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2\n"
        ));
        assert!(text.contains(
            "kith_http_requests_total{method=\"POST\",route=\"/v1/login\",status=\"401\"} 1\n"
        ));
        assert!(text.contains(
            "kith_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.005\"} 1\n"
        ));
        assert!(text.contains(
            "kith_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.05\"} 2\n"
        ));
        assert!(text.contains(
            "kith_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 2\n"
        ));
        assert!(text.contains("kith_http_request_duration_seconds_count{route=\"/healthz\"} 2\n"));
    }

    #[test]
    fn counters_and_the_stream_gauge_render() {
        let m = Arc::new(Metrics::default());
        Metrics::count(&m.changes_accepted, 5);
        Metrics::count(&m.changes_duplicate, 2);
        let gauge = m.stream_opened();
        let text = m.render();
        assert!(text.contains(
            "# TYPE kith_changes_accepted_total counter\nkith_changes_accepted_total 5\n"
        ));
        assert!(text.contains("kith_changes_duplicate_total 2\n"));
        assert!(text.contains("# TYPE kith_event_streams_open gauge\nkith_event_streams_open 1\n"));
        drop(gauge);
        assert!(m.render().contains("kith_event_streams_open 0\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn every_sample_line_is_name_labels_value() {
        let m = Metrics::default();
        m.observe("GET", "/metrics", 200, Duration::from_millis(1));
        for line in m.render().lines().filter(|l| !l.starts_with('#')) {
            let (name_and_labels, value) = line.rsplit_once(' ').unwrap();
            assert!(value.parse::<f64>().is_ok(), "{line}");
            assert!(name_and_labels.starts_with("kith_"), "{line}");
        }
    }
}
