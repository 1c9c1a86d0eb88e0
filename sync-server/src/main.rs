//! `kith-sync-server`: parse the flags, start logging, run. Everything else is in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use kith_sync_server::serve::{self, Config, Storage, TlsFiles};

/// mimalloc, as in every Kith binary: the server answers many small JSON requests on every core,
/// and needs no part of kith-core to choose it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Kith's sync server: accounts, device tokens and an end-to-end encrypted change relay.
#[derive(Parser, Debug)]
#[command(name = "kith-sync-server", version)]
struct Cli {
    /// Address to listen on (port 0 picks a free port; the first line on stdout tells which).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    listen: String,

    /// Directory for the SQLite database (server.db); created if missing. Default: the
    /// platform data directory's kith-sync-server/.
    #[arg(long, value_name = "DIR", conflicts_with = "database_url")]
    data: Option<PathBuf>,

    /// Use PostgreSQL instead of SQLite (several instances may share one database).
    #[arg(
        long,
        value_name = "postgres://...",
        env = "KITH_SYNC_DATABASE_URL",
        hide_env_values = true,
        value_parser = postgres_url
    )]
    database_url: Option<String>,

    /// PEM certificate chain: serve HTTPS (needs --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,

    /// PEM private key for --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,

    /// Count failed logins against the last X-Forwarded-For address instead of the TCP peer.
    /// Only behind a load balancer that sets that header.
    #[arg(long)]
    trust_forwarded_for: bool,
}

fn postgres_url(value: &str) -> Result<String, String> {
    if value.starts_with("postgres://") || value.starts_with("postgresql://") {
        Ok(value.to_owned())
    } else {
        Err("expected a URL starting with postgres:// or postgresql://".to_owned())
    }
}

fn default_data_dir() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kith-sync-server")
        .context("could not find the platform data directory; pass --data DIR")?;
    Ok(dirs.data_dir().to_path_buf())
}

fn config(cli: Cli) -> anyhow::Result<Config> {
    let storage = match (cli.database_url, cli.data) {
        (Some(url), _) => Storage::Postgres { url },
        (None, Some(dir)) => Storage::Sqlite { dir },
        (None, None) => Storage::Sqlite {
            dir: default_data_dir()?,
        },
    };
    let tls = match (cli.tls_cert, cli.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        _ => None,
    };
    Ok(Config {
        listen: cli.listen,
        storage,
        tls,
        trust_forwarded_for: cli.trust_forwarded_for,
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KITH_SYNC_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let result = config(cli).and_then(|config| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("could not start the async runtime")?
            .block_on(serve::run(config))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kith-sync-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}
