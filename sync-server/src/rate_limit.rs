//! Failed-login limits, per account (email) and per client address: at most `max_failures` in a
//! sliding `window` each. The counts live in this process's memory: every instance behind a load
//! balancer counts on its own, and a restart forgets them. Emails are kept only as SHA-256.
//!
//! `now` is a parameter so the window can be tested without sleeping.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// Failed logins allowed per account, and per address, within [`WINDOW`].
pub const MAX_FAILURES: usize = 10;
/// How long a failed login counts against the limit.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// How often expired entries are swept out of the maps.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account([u8; 32]),
    Address(IpAddr),
}

/// Counts failed logins per account (by a hash of the email) and per client address.
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    state: Mutex<State>,
}

struct State {
    failures: HashMap<Key, VecDeque<Instant>>,
    last_sweep: Option<Instant>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(MAX_FAILURES, WINDOW)
    }
}

fn account_key(email: &str) -> Key {
    Key::Account(Sha256::digest(email.as_bytes()).into())
}

impl LoginLimiter {
    /// A limiter allowing `max_failures` failures per `window`.
    pub fn new(max_failures: usize, window: Duration) -> Self {
        LoginLimiter {
            max_failures,
            window,
            state: Mutex::new(State {
                failures: HashMap::new(),
                last_sweep: None,
            }),
        }
    }

    /// `Err(wait)` when this email or this address already failed too often: how long until
    /// the oldest failure that counts leaves the window.
    pub fn check(&self, email: &str, address: IpAddr, now: Instant) -> Result<(), Duration> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let waits = [account_key(email), Key::Address(address)]
            .into_iter()
            .filter_map(|key| self.wait(&state, key, now));
        match waits.max() {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    fn wait(&self, state: &State, key: Key, now: Instant) -> Option<Duration> {
        let times = state.failures.get(&key)?;
        let recent: Vec<&Instant> = times
            .iter()
            .filter(|t| now.saturating_duration_since(**t) < self.window)
            .collect();
        if recent.len() < self.max_failures {
            return None;
        }
        // The failure whose expiry brings the count below the limit.
        let oldest_that_blocks = recent[recent.len() - self.max_failures];
        Some(self.window - now.saturating_duration_since(*oldest_that_blocks))
    }

    /// Counts a failed login for `email` and for `address` at `now`.
    pub fn record_failure(&self, email: &str, address: IpAddr, now: Instant) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.sweep(&mut state, now);
        for key in [account_key(email), Key::Address(address)] {
            let times = state.failures.entry(key).or_default();
            times.push_back(now);
            // Only the last `max_failures` can ever matter.
            while times.len() > self.max_failures {
                times.pop_front();
            }
        }
    }

    /// A right password clears the account's failures, not the address's: one good login must
    /// not let an address go on guessing other accounts' passwords.
    pub fn record_success(&self, email: &str) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.failures.remove(&account_key(email));
    }

    fn sweep(&self, state: &mut State, now: Instant) {
        if state
            .last_sweep
            .is_some_and(|t| now.saturating_duration_since(t) < SWEEP_EVERY)
        {
            return;
        }
        let window = self.window;
        state.failures.retain(|_, times| {
            times
                .back()
                .is_some_and(|t| now.saturating_duration_since(*t) < window)
        });
        state.last_sweep = Some(now);
    }

    /// How many emails and addresses have failures on record (for tests of the sweep).
    pub fn tracked(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .failures
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "a@example.com";
    const B: &str = "b@example.com";

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn the_eleventh_try_after_ten_failures_waits_for_the_window() {
        let limiter = LoginLimiter::new(10, Duration::from_secs(900));
        let t0 = Instant::now();
        for i in 0..10 {
            assert!(limiter.check(A, ip(1), t0).is_ok());
            limiter.record_failure(A, ip(1), t0 + Duration::from_secs(i));
        }
        let at = t0 + Duration::from_secs(20);
        assert_eq!(limiter.check(A, ip(1), at), Err(Duration::from_secs(880)));
        // The same account from another address is limited too.
        assert!(limiter.check(A, ip(2), at).is_err());
        // Once the first failure leaves the window, one more try is allowed.
        assert!(limiter
            .check(A, ip(2), t0 + Duration::from_secs(900))
            .is_ok());
    }

    #[test]
    fn one_address_guessing_many_accounts_is_limited() {
        let limiter = LoginLimiter::new(10, Duration::from_secs(900));
        let now = Instant::now();
        for i in 0..10 {
            limiter.record_failure(&format!("user{i}@example.com"), ip(9), now);
        }
        assert!(limiter.check("fresh@example.com", ip(9), now).is_err());
        assert!(limiter.check("fresh@example.com", ip(8), now).is_ok());
    }

    #[test]
    fn a_success_clears_the_account_but_not_the_address() {
        let limiter = LoginLimiter::new(3, Duration::from_secs(900));
        let now = Instant::now();
        for _ in 0..3 {
            limiter.record_failure(A, ip(1), now);
        }
        limiter.record_success(A);
        // The account is free again from another address...
        assert!(limiter.check(A, ip(2), now).is_ok());
        // ...but the address that failed three times is still limited, for every account.
        assert!(limiter.check(B, ip(1), now).is_err());
    }

    #[test]
    fn expired_failures_are_swept_away() {
        let limiter = LoginLimiter::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        limiter.record_failure(A, ip(1), t0);
        assert_eq!(limiter.tracked(), 2);
        limiter.record_failure(B, ip(2), t0 + Duration::from_secs(120));
        assert_eq!(limiter.tracked(), 2);
    }
}
