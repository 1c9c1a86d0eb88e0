//! Starting the real `kith-sync-server` binary on fresh storage, and talking HTTP to it.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kith_protocol::{
    CreateAccount, ErrorBody, Login, PullResponse, PushRequest, PushResponse, SealedChange, Session,
};
use rand::RngCore;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
pub const PASSWORD: &str = "correct horse battery";

/// The PostgreSQL URL the tests use (`KITH_TEST_DATABASE_URL` overrides the default), or `None`
/// after saying plainly that the PostgreSQL tests are skipped, when nothing answers there. With
/// `CI=true` an unreachable server fails the test instead: CI must run the PostgreSQL suite.
pub fn postgres_or_skip() -> Option<String> {
    let url =
        std::env::var("KITH_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    match postgres::Client::connect(&url, postgres::NoTls) {
        Ok(_) => Some(url),
        Err(e) => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true and PostgreSQL is unreachable at {url}: {e}");
            }
            eprintln!(
                "SKIPPED: PostgreSQL suite (no server at {})",
                host_and_port(&url)
            );
            None
        }
    }
}

fn host_and_port(url: &str) -> String {
    let config: postgres::Config = url.parse().unwrap_or_default();
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

/// Which database a test's server uses.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    /// The URL of a database in which each test makes (and drops) its own schema.
    Postgres(String),
}

/// A PostgreSQL schema of one test's own, dropped at the end.
pub struct PgSchema {
    admin_url: String,
    pub name: String,
}

impl PgSchema {
    fn create(admin_url: &str) -> PgSchema {
        let name = format!("kith_test_{}", random_hex(8));
        let mut client = postgres::Client::connect(admin_url, postgres::NoTls).unwrap();
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap();
        PgSchema {
            admin_url: admin_url.to_owned(),
            name,
        }
    }

    /// The URL a server uses: the same database, with this schema first on the search path.
    pub fn url(&self) -> String {
        let separator = if self.admin_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{separator}options=-csearch_path%3D{}",
            self.admin_url, self.name
        )
    }

    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url(), postgres::NoTls).unwrap()
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

pub enum Storage {
    Sqlite(tempfile::TempDir),
    Postgres(PgSchema),
}

impl Storage {
    pub fn args(&self) -> Vec<String> {
        match self {
            // A directory that does not exist yet: the server creates it.
            Storage::Sqlite(dir) => vec![
                "--data".into(),
                dir.path().join("data").display().to_string(),
            ],
            Storage::Postgres(schema) => vec!["--database-url".into(), schema.url()],
        }
    }
}

/// A server and the storage it runs on. The server is declared first so it stops before its
/// storage is removed.
pub struct Env {
    pub server: Server,
    pub storage: Storage,
}

impl Backend {
    pub fn postgres() -> Option<Backend> {
        postgres_or_skip().map(Backend::Postgres)
    }

    pub fn storage(&self) -> Storage {
        match self {
            Backend::Sqlite => Storage::Sqlite(tempfile::tempdir().unwrap()),
            Backend::Postgres(url) => Storage::Postgres(PgSchema::create(url)),
        }
    }

    pub fn start(&self) -> Env {
        let storage = self.storage();
        let server = Server::start(&storage.args());
        Env { server, storage }
    }
}

impl Env {
    pub fn api(&self) -> Api {
        self.server.api()
    }

    /// Another server process on the same storage.
    pub fn start_another(&self) -> Server {
        Server::start(&self.storage.args())
    }
}

/// A running `kith-sync-server` process, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    logs: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(args: &[String]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kith-sync-server"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("KITH_SYNC_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let logs = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = logs.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut logs = sink.lock().unwrap();
                logs.push_str(&line);
                logs.push('\n');
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep draining so the server never blocks on a full pipe.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the server printed no first line in 60 s; stderr:\n{}",
                    logs.lock().unwrap()
                );
            }
        };
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                let _ = child.kill();
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "unexpected first line {line:?}; stderr:\n{}",
                    logs.lock().unwrap()
                )
            })
            .to_owned();
        Server { child, url, logs }
    }

    pub fn api(&self) -> Api {
        Api::new(&self.url, agent(None))
    }

    /// What the server wrote to stderr so far.
    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The tests' HTTP clients: one for requests (60 s each at most), one for event streams, which
/// stay open as long as a test reads them.
#[derive(Clone)]
pub struct Agent {
    pub requests: reqwest::blocking::Client,
    pub streams: reqwest::blocking::Client,
}

/// HTTP clients that trust, over HTTPS, the one certificate `trusted` (DER) and nothing else.
pub fn agent(trusted: Option<&[u8]>) -> Agent {
    let mut roots = rustls::RootCertStore::empty();
    if let Some(der) = trusted {
        roots
            .add(rustls::pki_types::CertificateDer::from(der.to_vec()))
            .expect("a usable certificate");
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let client = |timeout: Option<Duration>| {
        reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls.clone())
            .timeout(timeout)
            .build()
            .expect("an HTTP client")
    };
    Agent {
        requests: client(Some(Duration::from_secs(60))),
        streams: client(None),
    }
}

pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

pub fn random_hex(bytes: usize) -> String {
    hex::encode(random_bytes(bytes))
}

pub fn random_uuid() -> String {
    let bytes: [u8; 16] = random_bytes(16).try_into().unwrap();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

pub fn unique_email() -> String {
    format!("user-{}@example.com", random_hex(6))
}

/// A change of `size` random bytes with a random id: what a device sends, ciphertext and all.
pub fn sealed(size: usize) -> SealedChange {
    SealedChange {
        id: random_hex(32),
        data: STANDARD.encode(random_bytes(size)),
    }
}

pub fn batch(n: usize) -> Vec<SealedChange> {
    (0..n).map(|_| sealed(64)).collect()
}

/// An answer: status, headers that matter, and the body text.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub content_type: Option<String>,
    pub connection: Option<String>,
    pub body: String,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("status {}: body {:?}: {e}", self.status, self.body))
    }

    pub fn error(&self) -> ErrorBody {
        self.json()
    }

    /// Asserts the status and the error code, and returns the message.
    pub fn expect_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "body: {}", self.body);
        let error = self.error();
        assert_eq!(error.code, code, "body: {}", self.body);
        assert!(!error.message.is_empty());
        error.message
    }
}

fn answer(result: reqwest::Result<reqwest::blocking::Response>) -> Answer {
    let response = result.expect("the request reaches the server");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let retry_after = header("retry-after");
    let content_type = header("content-type");
    let connection = header("connection");
    let status = response.status().as_u16();
    let mut body = String::new();
    response
        .take(256 * 1024 * 1024)
        .read_to_string(&mut body)
        .unwrap();
    Answer {
        status,
        retry_after,
        content_type,
        connection,
        body,
    }
}

#[derive(Clone)]
pub struct Api {
    pub base: String,
    agent: Agent,
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

impl Api {
    pub fn new(base: &str, agent: Agent) -> Api {
        Api {
            base: base.to_owned(),
            agent,
        }
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Answer {
        let mut request = self.agent.requests.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.header("Authorization", bearer(token));
        }
        answer(request.send())
    }

    pub fn delete(&self, path: &str, token: Option<&str>) -> Answer {
        let mut request = self.agent.requests.delete(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.header("Authorization", bearer(token));
        }
        answer(request.send())
    }

    pub fn post_raw(&self, path: &str, token: Option<&str>, body: &[u8]) -> Answer {
        let mut request = self
            .agent
            .requests
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json");
        if let Some(token) = token {
            request = request.header("Authorization", bearer(token));
        }
        answer(request.body(body.to_vec()).send())
    }

    pub fn post<T: Serialize>(&self, path: &str, token: Option<&str>, body: &T) -> Answer {
        self.post_raw(path, token, &serde_json::to_vec(body).unwrap())
    }

    pub fn create_account(&self, email: &str, password: &str, device: &str) -> Answer {
        self.post(
            "/v1/accounts",
            None,
            &CreateAccount {
                email: email.to_owned(),
                password: password.to_owned(),
                device_name: device.to_owned(),
                key_check: STANDARD.encode(b"sealed check value"),
            },
        )
    }

    /// A new account with its first device.
    pub fn signup(&self) -> (String, Session) {
        let email = unique_email();
        let answer = self.create_account(&email, PASSWORD, "laptop");
        assert_eq!(answer.status, 201, "{}", answer.body);
        (email, answer.json())
    }

    pub fn login(&self, email: &str, password: &str, device: &str) -> Answer {
        self.post(
            "/v1/login",
            None,
            &Login {
                email: email.to_owned(),
                password: password.to_owned(),
                device_name: device.to_owned(),
            },
        )
    }

    /// A second device of the account.
    pub fn login_ok(&self, email: &str, device: &str) -> Session {
        let answer = self.login(email, PASSWORD, device);
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.json()
    }

    pub fn changes_path(workspace_id: &str) -> String {
        format!("/v1/workspaces/{workspace_id}/changes")
    }

    pub fn push_answer(&self, session: &Session, changes: &[SealedChange]) -> Answer {
        self.post(
            &Self::changes_path(&session.workspace_id),
            Some(&session.token),
            &PushRequest {
                changes: changes.to_vec(),
            },
        )
    }

    pub fn push(&self, session: &Session, changes: &[SealedChange]) -> PushResponse {
        let answer = self.push_answer(session, changes);
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.json()
    }

    pub fn pull_answer(&self, session: &Session, query: &str) -> Answer {
        self.get(
            &format!("{}?{query}", Self::changes_path(&session.workspace_id)),
            Some(&session.token),
        )
    }

    pub fn pull(&self, session: &Session, after: i64, limit: u32) -> PullResponse {
        let answer = self.pull_answer(session, &format!("after={after}&limit={limit}"));
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.json()
    }

    /// Every change of the workspace, page by page.
    pub fn pull_all(&self, session: &Session) -> Vec<kith_protocol::PulledChange> {
        let mut all = Vec::new();
        let mut after = 0;
        loop {
            let page = self.pull(session, after, 1000);
            all.extend(page.changes);
            after = page.cursor;
            if !page.more {
                return all;
            }
        }
    }

    /// Opens the workspace's event stream.
    pub fn events(&self, session: &Session) -> EventStream {
        self.events_of(&session.workspace_id, &session.token)
    }

    pub fn events_of(&self, workspace_id: &str, token: &str) -> EventStream {
        let response = self
            .agent
            .streams
            .get(format!("{}/v1/workspaces/{workspace_id}/events", self.base))
            .header("Authorization", bearer(token))
            .send()
            .expect("the event stream opens");
        assert_eq!(response.status().as_u16(), 200);
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        let reader = response;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(None);
                        return;
                    }
                    Ok(_) => {
                        if tx.send(Some(line.trim_end().to_owned())).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        EventStream { lines: rx }
    }
}

/// The lines of a server-sent event stream, read on a thread of their own.
pub struct EventStream {
    lines: Receiver<Option<String>>,
}

impl EventStream {
    /// The cursor of the next `moved` event, or `None` if none comes within `wait`.
    pub fn next_moved(&self, wait: Duration) -> Option<i64> {
        let deadline = Instant::now() + wait;
        let mut event = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(Some(line)) => {
                    if let Some(name) = line.strip_prefix("event:") {
                        event = name.trim().to_owned();
                    } else if let Some(data) = line.strip_prefix("data:") {
                        if event == "moved" {
                            let moved: kith_protocol::Moved =
                                serde_json::from_str(data.trim()).unwrap();
                            return Some(moved.cursor);
                        }
                    }
                }
                Ok(None) | Err(_) => return None,
            }
        }
    }

    /// Whether the server ends the stream within `wait`.
    pub fn ends_within(&self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(Some(_)) => {}
                Ok(None) | Err(RecvTimeoutError::Disconnected) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
    }
}

/// Reads a whole file, or nothing when it does not exist.
pub fn read_if_exists(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        file.read_to_end(&mut bytes).unwrap();
    }
    bytes
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

impl Storage {
    fn sqlite_path(dir: &tempfile::TempDir) -> std::path::PathBuf {
        dir.path().join("data").join("server.db")
    }

    /// `(seq, id as hex, data)` of every stored change, in sequence order.
    pub fn stored_changes(&self) -> Vec<(i64, String, Vec<u8>)> {
        match self {
            Storage::Sqlite(dir) => {
                let conn = rusqlite::Connection::open_with_flags(
                    Self::sqlite_path(dir),
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .unwrap();
                let mut stmt = conn
                    .prepare("SELECT seq, id, data, size FROM changes ORDER BY workspace_id, seq")
                    .unwrap();
                stmt.query_map([], |row| {
                    let data: Vec<u8> = row.get(2)?;
                    assert_eq!(row.get::<_, i64>(3)?, data.len() as i64);
                    Ok((row.get(0)?, hex::encode(row.get::<_, Vec<u8>>(1)?), data))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect()
            }
            Storage::Postgres(schema) => schema
                .client()
                .query(
                    "SELECT seq, id, data, size FROM changes ORDER BY workspace_id, seq",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|row| {
                    let data: Vec<u8> = row.get(2);
                    assert_eq!(row.get::<_, i32>(3) as usize, data.len());
                    (row.get(0), hex::encode(row.get::<_, Vec<u8>>(1)), data)
                })
                .collect(),
        }
    }

    /// `(email, password_hash)` of every account.
    pub fn stored_accounts(&self) -> Vec<(String, String)> {
        match self {
            Storage::Sqlite(dir) => {
                let conn = rusqlite::Connection::open_with_flags(
                    Self::sqlite_path(dir),
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .unwrap();
                let mut stmt = conn
                    .prepare("SELECT email, password_hash FROM accounts")
                    .unwrap();
                stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Storage::Postgres(schema) => schema
                .client()
                .query("SELECT email, password_hash FROM accounts", &[])
                .unwrap()
                .iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect(),
        }
    }

    /// Everything the storage holds, as bytes to search: for SQLite the database file and its
    /// write-ahead log as they are on disk; for PostgreSQL every row of every table as text,
    /// with binary columns in hex.
    pub fn everything(&self) -> Vec<u8> {
        match self {
            Storage::Sqlite(dir) => {
                let path = Self::sqlite_path(dir);
                let mut bytes = read_if_exists(&path);
                bytes.extend(read_if_exists(&path.with_extension("db-wal")));
                bytes
            }
            Storage::Postgres(schema) => {
                let mut client = schema.client();
                let mut text = String::new();
                for table in ["accounts", "workspaces", "devices", "changes"] {
                    for row in client
                        .query(&format!("SELECT t::text FROM {table} t"), &[])
                        .unwrap()
                    {
                        text.push_str(row.get::<_, &str>(0));
                        text.push('\n');
                    }
                }
                text.into_bytes()
            }
        }
    }
}

fn raw_connection(base: &str) -> std::net::TcpStream {
    let address = base.strip_prefix("http://").expect("a plain HTTP server");
    let stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

/// Reads a whole HTTP/1.1 answer with a Content-Length: status and body.
fn read_answer(stream: std::net::TcpStream) -> (u16, String) {
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Posts headers announcing a `length`-byte body and asking `Expect: 100-continue`, as curl does
/// for large bodies; the body is only sent if the server asks for it.
pub fn post_announcing_length(base: &str, path: &str, token: &str, length: usize) -> (u16, String) {
    use std::io::Write;
    let mut stream = raw_connection(base);
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n"
    )
    .unwrap();
    read_answer(stream)
}

/// Streams a `length`-byte body in chunks (no Content-Length) from another thread, and reads the
/// answer: the server must stop reading at its limit.
pub fn post_chunked(base: &str, path: &str, token: &str, length: usize) -> (u16, String) {
    use std::io::Write;
    let mut stream = raw_connection(base);
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let chunk = vec![b' '; 64 * 1024];
        let mut sent = 0;
        while sent < length {
            let n = chunk.len().min(length - sent);
            // The server may close once it has seen enough: stop quietly then.
            if write!(writer, "{n:x}\r\n").is_err()
                || writer.write_all(&chunk[..n]).is_err()
                || writer.write_all(b"\r\n").is_err()
            {
                return;
            }
            sent += n;
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    });
    let answer = read_answer(stream);
    let _ = sender.join();
    answer
}
