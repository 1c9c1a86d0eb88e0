//! Starting the server: open the store, bind, announce the address on stdout, serve plain HTTP
//! or TLS (rustls with the ring provider) until SIGINT or SIGTERM.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::serve::Listener;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::http::{self, AppState, PeerAddr};
use crate::live::Hub;
use crate::relay::Relay;
use crate::store::{postgres_url_described, PostgresStore, SqliteStore, Store};

/// How long a client has to finish its TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the server keeps its data.
#[derive(Clone, Debug)]
pub enum Storage {
    /// A directory holding `server.db`; created when missing.
    Sqlite {
        /// The directory.
        dir: PathBuf,
    },
    /// A PostgreSQL database, shared by every instance pointed at it.
    Postgres {
        /// `postgres://user@host:port/database`.
        url: String,
    },
}

/// The PEM files of the certificate the server presents.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    /// The certificate chain.
    pub cert: PathBuf,
    /// Its private key.
    pub key: PathBuf,
}

/// How to run a server, as the command line gives it.
#[derive(Clone, Debug)]
pub struct Config {
    /// The address to listen on (`127.0.0.1:0` picks a free port).
    pub listen: String,
    /// Where the data lives.
    pub storage: Storage,
    /// HTTPS with these files; plain HTTP without.
    pub tls: Option<TlsFiles>,
    /// Take the client address from `X-Forwarded-For` (behind a load balancer).
    pub trust_forwarded_for: bool,
}

async fn open_store(storage: &Storage, hub: Arc<Hub>) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match storage {
        Storage::Sqlite { dir } => {
            std::fs::create_dir_all(dir).with_context(|| {
                format!("could not create the data directory {}", dir.display())
            })?;
            let path = dir.join("server.db");
            let store = SqliteStore::open(&path, hub)
                .with_context(|| format!("could not open the database {}", path.display()))?;
            Arc::new(store)
        }
        Storage::Postgres { url } => {
            let store = PostgresStore::connect(url, hub).await.with_context(|| {
                format!(
                    "could not use PostgreSQL at {}; check --database-url (or KITH_SYNC_DATABASE_URL) and that the database server is running",
                    postgres_url_described(url)
                )
            })?;
            Arc::new(store)
        }
    })
}

fn tls_acceptor(files: &TlsFiles) -> anyhow::Result<TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let certs = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("could not read certificates from {}", files.cert.display()))?;
    if certs.is_empty() {
        anyhow::bail!("{} holds no PEM certificate", files.cert.display());
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .with_context(|| format!("could not read a private key from {}", files.key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("the TLS provider offers no safe protocol version")?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("the TLS certificate and key do not make a usable pair")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Runs the server until SIGINT or SIGTERM. Prints `listening on http(s)://HOST:PORT` as the
/// first line on stdout once the port is bound and the store is ready.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let tls = config.tls.as_ref().map(tls_acceptor).transpose()?;
    let hub = Arc::new(Hub::default());
    let store = open_store(&config.storage, hub.clone()).await?;
    let relay = tokio::task::block_in_place(|| Relay::new(store, hub.clone(), &mut rand::rng()));
    let app = http::router(AppState {
        relay: Arc::new(relay),
        trust_forwarded_for: config.trust_forwarded_for,
    });
    let tcp = TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("could not listen on {}", config.listen))?;
    let address = tcp.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {scheme}://{address}")?;
    stdout.flush()?;
    let backend = match config.storage {
        Storage::Sqlite { .. } => "sqlite",
        Storage::Postgres { .. } => "postgres",
    };
    tracing::info!(%address, scheme, backend, "listening");
    let shutdown = shutdown_signal(hub);
    match tls {
        None => {
            axum::serve(
                PlainListener(tcp),
                app.into_make_service_with_connect_info::<PeerAddr>(),
            )
            .with_graceful_shutdown(shutdown)
            .await?;
        }
        Some(acceptor) => {
            axum::serve(
                TlsListener::new(tcp, acceptor)?,
                app.into_make_service_with_connect_info::<PeerAddr>(),
            )
            .with_graceful_shutdown(shutdown)
            .await?;
        }
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal(hub: Arc<Hub>) {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
    // Event streams never end by themselves; end them so the graceful shutdown can finish.
    hub.close();
}

/// Plain TCP with Nagle's algorithm off: answers are small, and waiting to batch them with the
/// next write only adds latency.
pub struct PlainListener(pub TcpListener);

impl Listener for PlainListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, peer) = Listener::accept(&mut self.0).await;
        let _ = stream.set_nodelay(true);
        (stream, peer)
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A listener that hands axum connections whose TLS handshake is done. Handshakes run in their
/// own tasks, so a slow client cannot hold up the others.
pub struct TlsListener {
    local: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl TlsListener {
    /// Accepts TLS connections on `tcp` through `acceptor`.
    pub fn new(tcp: TcpListener, acceptor: TlsAcceptor) -> std::io::Result<Self> {
        let local = tcp.local_addr()?;
        let (sender, ready) = mpsc::channel(64);
        let accepting = tokio::spawn(async move {
            loop {
                let (stream, peer) = match tcp.accept().await {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = sender.send((tls, peer)).await;
                        }
                        Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener {
            local,
            ready,
            accepting,
        })
    }
}

impl Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The accept task is gone: no connection will ever come.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
