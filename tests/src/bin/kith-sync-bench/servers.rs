//! The servers a run measures: the release `kith-sync-server` binary, and for PostgreSQL a
//! schema of its own, dropped afterwards.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context};

use super::random_hex;

pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    pub fn start(binary: &PathBuf, storage_args: &[String]) -> anyhow::Result<Server> {
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0"])
            .args(storage_args)
            .env("KITH_SYNC_LOG", "warn")
            .env_remove("KITH_SYNC_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line)?;
        let Some(url) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            bail!("the server did not start (first line {line:?})");
        };
        Ok(Server {
            url: url.to_owned(),
            child,
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A PostgreSQL schema for one run, dropped afterwards.
pub struct BenchSchema {
    runtime: tokio::runtime::Runtime,
    url: String,
    name: String,
}

impl BenchSchema {
    pub fn create(url: &str) -> anyhow::Result<BenchSchema> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let name = format!("kith_bench_{}", random_hex(&mut rand::rng(), 6));
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
            let driver = tokio::spawn(connection);
            client
                .batch_execute(&format!("CREATE SCHEMA {name}"))
                .await?;
            drop(client);
            let _ = driver.await;
            anyhow::Ok(())
        })?;
        Ok(BenchSchema {
            runtime,
            url: url.to_owned(),
            name,
        })
    }

    pub fn server_url(&self) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}options=-csearch_path%3D{}",
            self.url, self.name
        )
    }
}

impl Drop for BenchSchema {
    fn drop(&mut self) {
        let _ = self.runtime.block_on(async {
            let (client, connection) =
                tokio_postgres::connect(&self.url, tokio_postgres::NoTls).await?;
            tokio::spawn(connection);
            client
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
                .await
        });
    }
}
