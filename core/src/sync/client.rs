//! The HTTP calls to `kith-sync-server`, one method per route of `super::protocol`.
//!
//! Network failures and 5xx answers are retried with backoff and then reported as
//! [`Error::Offline`], which callers treat as the normal state of a laptop on a train.

use std::io::{BufRead, BufReader};
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::protocol::{self as p, ErrorBody};
use crate::error::{Error, Result};

/// How often a failed request is tried again, and how long to wait before each try.
const BACKOFF_MS: [u64; 4] = [200, 500, 1_000, 2_000];

/// The server URL as given, checked and without a trailing slash.
pub fn server_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| Error::invalid("--server", "must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(Error::invalid("--server", "has no host"));
    }
    Ok(url.to_string())
}

/// An HTTP connection to one server, as one device (or as nobody, to sign in).
pub struct Client {
    agent: ureq::Agent,
    base: String,
    token: Option<String>,
}

impl Client {
    pub fn new(server: &str, token: Option<String>) -> Result<Client> {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("kith/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Client {
            agent,
            base: server_url(server)?,
            token,
        })
    }

    /// The server's URL, as checked by [`server_url`].
    pub fn server(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}{path}", self.base, p::API_PREFIX)
    }

    fn auth(&self) -> Result<String> {
        self.token
            .as_ref()
            .map(|t| format!("Bearer {t}"))
            .ok_or(Error::NotSignedIn)
    }

    /// Sends a request (again, after a network failure or a 5xx, with backoff) and reads the
    /// answer: the JSON body on success, the server's reason otherwise.
    fn call<T: DeserializeOwned>(
        &self,
        send: impl Fn(
            &ureq::Agent,
        ) -> std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Option<T>> {
        let mut last = String::new();
        for (attempt, wait) in std::iter::once(0).chain(BACKOFF_MS).enumerate() {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(wait));
            }
            let mut resp = match send(&self.agent) {
                Ok(r) => r,
                Err(e) => {
                    last = network_error(&e);
                    continue;
                }
            };
            let status = resp.status().as_u16();
            if status >= 500 {
                last = format!("the server answered {status}");
                continue;
            }
            let body = resp
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_string();
            let body = match body {
                Ok(b) => b,
                Err(e) => {
                    last = network_error(&e);
                    continue;
                }
            };
            if (200..300).contains(&status) {
                if status == 204 || body.is_empty() {
                    return Ok(None);
                }
                return serde_json::from_str(&body)
                    .map(Some)
                    .map_err(|e| Error::Server {
                        status,
                        code: "bad_response".into(),
                        message: format!("the answer is not what kith expects: {e}"),
                    });
            }
            let err: ErrorBody = serde_json::from_str(&body).unwrap_or(ErrorBody {
                code: "unknown".into(),
                message: format!("HTTP {status}"),
            });
            return Err(Error::Server {
                status,
                code: err.code,
                message: err.message,
            });
        }
        Err(Error::Offline(format!(
            "could not reach {}: {last}",
            self.base
        )))
    }

    fn expect<T: DeserializeOwned>(&self, v: Option<T>) -> Result<T> {
        v.ok_or_else(|| Error::Server {
            status: 204,
            code: "bad_response".into(),
            message: "the answer has no body".into(),
        })
    }

    pub fn create_account(&self, req: &p::CreateAccount) -> Result<p::Session> {
        let url = self.url("/accounts");
        let v = self.call(|a| a.post(&url).send_json(req))?;
        self.expect(v)
    }

    pub fn login(&self, req: &p::Login) -> Result<p::Session> {
        let url = self.url("/login");
        let v = self.call(|a| a.post(&url).send_json(req))?;
        self.expect(v)
    }

    pub fn logout(&self) -> Result<()> {
        let (url, auth) = (self.url("/logout"), self.auth()?);
        self.call::<serde_json::Value>(|a| {
            a.post(&url).header("Authorization", &auth).send_empty()
        })?;
        Ok(())
    }

    pub fn devices(&self) -> Result<Vec<p::DeviceInfo>> {
        let (url, auth) = (self.url("/devices"), self.auth()?);
        let v = self.call(|a| a.get(&url).header("Authorization", &auth).call())?;
        self.expect(v)
    }

    pub fn revoke(&self, device_id: &str) -> Result<()> {
        let (url, auth) = (self.url(&format!("/devices/{device_id}")), self.auth()?);
        self.call::<serde_json::Value>(|a| a.delete(&url).header("Authorization", &auth).call())?;
        Ok(())
    }

    pub fn push(&self, workspace: &str, req: &p::PushRequest) -> Result<p::PushResponse> {
        let (url, auth) = (
            self.url(&format!("/workspaces/{workspace}/changes")),
            self.auth()?,
        );
        let v = self.call(|a| a.post(&url).header("Authorization", &auth).send_json(req))?;
        self.expect(v)
    }

    pub fn pull(&self, workspace: &str, after: i64, limit: u32) -> Result<p::PullResponse> {
        let (url, auth) = (
            self.url(&format!("/workspaces/{workspace}/changes")),
            self.auth()?,
        );
        let v = self.call(|a| {
            a.get(&url)
                .header("Authorization", &auth)
                .query("after", after.to_string())
                .query("limit", limit.to_string())
                .call()
        })?;
        self.expect(v)
    }

    /// Follows the workspace's live channel, calling `moved` with the server's newest sequence
    /// number at once and whenever it grows, until `moved` returns false or the connection
    /// ends (an error then, so the caller can reconnect).
    pub fn follow(&self, workspace: &str, mut moved: impl FnMut(i64) -> bool) -> Result<()> {
        let (url, auth) = (
            self.url(&format!("/workspaces/{workspace}/events")),
            self.auth()?,
        );
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .build()
            .into();
        let resp = agent
            .get(&url)
            .header("Authorization", &auth)
            .header("Accept", "text/event-stream")
            .call()
            .map_err(|e| {
                Error::Offline(format!(
                    "could not reach {}: {}",
                    self.base,
                    network_error(&e)
                ))
            })?;
        let status = resp.status().as_u16();
        if status != 200 {
            return Err(Error::Server {
                status,
                code: "events".into(),
                message: "the server refused the live channel".into(),
            });
        }
        let reader = BufReader::new(resp.into_body().into_reader());
        let mut event = String::new();
        for line in reader.lines() {
            let line = line.map_err(|e| Error::Offline(format!("the live channel closed: {e}")))?;
            if let Some(name) = line.strip_prefix("event:") {
                event = name.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:") {
                if event == p::EVENT_MOVED {
                    if let Ok(m) = serde_json::from_str::<p::Moved>(data.trim()) {
                        if !moved(m.cursor) {
                            return Ok(());
                        }
                    }
                }
            } else if line.is_empty() {
                event.clear();
            }
        }
        Err(Error::Offline("the live channel closed".into()))
    }
}

fn network_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => io.to_string(),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::HostNotFound => "host not found".into(),
        other => other.to_string(),
    }
}
