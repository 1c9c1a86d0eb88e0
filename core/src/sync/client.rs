//! The HTTP calls to `kith-sync-server`, one method per route of `super::protocol`.
//!
//! Network failures and 5xx answers are retried with backoff and then reported as
//! [`Error::Offline`], which callers treat as the normal state of a laptop on a train.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::time::Duration;

use reqwest::blocking::{Client as Http, RequestBuilder, Response};

use serde::de::DeserializeOwned;

use super::protocol::{self as p, ErrorBody};
use crate::error::{Error, Result};

/// How often a failed request is tried again, and how long to wait before each try.
const BACKOFF_MS: [u64; 4] = [200, 500, 1_000, 2_000];
/// Largest answer body read, in bytes (a pulled page is at most a few MiB).
const MAX_ANSWER_BYTES: u64 = 64 << 20;
/// How long connecting may take, and how long a whole request may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The TLS setup of every client: rustls over ring (the one crypto provider the workspace
/// builds) trusting the bundled Mozilla roots, and `extra_roots` (DER certificates) besides.
pub fn tls_config(extra_roots: &[Vec<u8>]) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for der in extra_roots {
        roots
            .add(rustls::pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| Error::invalid("certificate", format!("is not usable: {e}")))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::invalid("tls", format!("cannot be set up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// An HTTP client with Kith's user agent, `connect` timeout and, if given, whole-request
/// `timeout`; answers of any status are returned, not turned into errors.
fn http(timeout: Option<Duration>) -> Result<Http> {
    // reqwest's blocking client has a 30 s timeout unless told otherwise; the live channel has
    // none (it stays open for hours).
    Http::builder()
        .tls_backend_preconfigured(tls_config(&[])?)
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(timeout)
        .user_agent(concat!("kith/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Offline(format!("could not set up HTTP: {}", network_error(&e))))
}

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
    agent: Http,
    base: String,
    token: Option<String>,
}

impl Client {
    /// A client of `server` (checked by [`server_url`]), signed in as the device whose token
    /// is `token`, or as nobody to create an account or log in.
    pub fn new(server: &str, token: Option<String>) -> Result<Client> {
        let base = server_url(server)?;
        Ok(Client {
            agent: http(Some(REQUEST_TIMEOUT))?,
            base,
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
        send: impl Fn(&Http) -> RequestBuilder,
    ) -> Result<Option<T>> {
        let mut last = String::new();
        for (attempt, wait) in std::iter::once(0).chain(BACKOFF_MS).enumerate() {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(wait));
            }
            let resp = match send(&self.agent).send() {
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
            let body = match read_body(resp) {
                Ok(b) => b,
                Err(e) => {
                    last = e;
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

    /// `POST /v1/accounts`: a new account, its workspace and this device's session.
    pub fn create_account(&self, req: &p::CreateAccount) -> Result<p::Session> {
        let url = self.url("/accounts");
        let v = self.call(|a| a.post(&url).json(req))?;
        self.expect(v)
    }

    /// `POST /v1/login`: a session for this device in an existing account.
    pub fn login(&self, req: &p::Login) -> Result<p::Session> {
        let url = self.url("/login");
        let v = self.call(|a| a.post(&url).json(req))?;
        self.expect(v)
    }

    /// `POST /v1/logout`: ends this device's session (its token stops working).
    pub fn logout(&self) -> Result<()> {
        let (url, auth) = (self.url("/logout"), self.auth()?);
        self.call::<serde_json::Value>(|a| a.post(&url).header("Authorization", &auth))?;
        Ok(())
    }

    /// `GET /v1/devices`: every device of the account.
    pub fn devices(&self) -> Result<Vec<p::DeviceInfo>> {
        let (url, auth) = (self.url("/devices"), self.auth()?);
        let v = self.call(|a| a.get(&url).header("Authorization", &auth))?;
        self.expect(v)
    }

    /// `DELETE /v1/devices/{device_id}`: signs another device out for good.
    pub fn revoke(&self, device_id: &str) -> Result<()> {
        let (url, auth) = (self.url(&format!("/devices/{device_id}")), self.auth()?);
        self.call::<serde_json::Value>(|a| a.delete(&url).header("Authorization", &auth))?;
        Ok(())
    }

    /// `POST /v1/workspaces/{workspace}/changes`: sends sealed changes.
    pub fn push(&self, workspace: &str, req: &p::PushRequest) -> Result<p::PushResponse> {
        let (url, auth) = (
            self.url(&format!("/workspaces/{workspace}/changes")),
            self.auth()?,
        );
        let v = self.call(|a| a.post(&url).header("Authorization", &auth).json(req))?;
        self.expect(v)
    }

    /// `GET /v1/workspaces/{workspace}/changes`: the page of at most `limit` changes after
    /// sequence number `after`.
    pub fn pull(&self, workspace: &str, after: i64, limit: u32) -> Result<p::PullResponse> {
        // Two integers: nothing in the query needs escaping.
        let (url, auth) = (
            self.url(&format!(
                "/workspaces/{workspace}/changes?after={after}&limit={limit}"
            )),
            self.auth()?,
        );
        let v = self.call(|a| a.get(&url).header("Authorization", &auth))?;
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
        let resp = http(None)?
            .get(&url)
            .header("Authorization", &auth)
            .header("Accept", "text/event-stream")
            .send()
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
        let reader = BufReader::new(resp);
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

/// The body of an answer as text, at most [`MAX_ANSWER_BYTES`] of it; a failure as the
/// network reason.
fn read_body(resp: Response) -> std::result::Result<String, String> {
    let mut body = String::new();
    resp.take(MAX_ANSWER_BYTES)
        .read_to_string(&mut body)
        .map_err(|e| {
            match e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
            {
                Some(inner) => network_error(inner),
                None => e.to_string(),
            }
        })?;
    Ok(body)
}

/// A network failure in a few plain words: what went wrong, then the deepest cause (reqwest's
/// own message is only "error sending request").
fn network_error(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let detail = cause.to_string();
    if e.is_timeout() {
        format!("timed out ({detail})")
    } else if is_host_not_found(e) {
        "host not found".into()
    } else {
        detail
    }
}

/// Whether resolving the host name failed, which reqwest reports only in the message.
fn is_host_not_found(e: &reqwest::Error) -> bool {
    let mut cause: Option<&dyn std::error::Error> = Some(e);
    while let Some(c) = cause {
        let text = c.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return true;
        }
        cause = c.source();
    }
    false
}
