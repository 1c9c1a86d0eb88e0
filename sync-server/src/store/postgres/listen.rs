//! The connection every PostgreSQL instance keeps `LISTEN`ing on `kith_moved` and
//! `kith_revoked`, forwarding what it hears to the instance's [`Hub`].

use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::Pool;
use futures_util::StreamExt;
use tokio::sync::{mpsc, oneshot};
use tokio_postgres::{AsyncMessage, NoTls};

use crate::live::Hub;

/// `NOTIFY`ed by a push with `"{workspace_id} {cursor}"`.
pub const CHANNEL_MOVED: &str = "kith_moved";
/// `NOTIFY`ed by a revoke with the device id.
pub const CHANNEL_REVOKED: &str = "kith_revoked";

/// Keeps one connection `LISTEN`ing and forwards moves and revokes to the hub; reconnects when
/// the connection drops, and then republishes the cursors of followed workspaces, since a
/// notification sent while it was away is lost.
pub async fn listen(
    config: tokio_postgres::Config,
    pool: Pool,
    hub: Arc<Hub>,
    mut ready: Option<oneshot::Sender<()>>,
) {
    loop {
        match config.connect(NoTls).await {
            Ok((client, mut connection)) => {
                let (tx, mut rx) = mpsc::unbounded_channel();
                let driver = tokio::spawn(async move {
                    let mut messages =
                        futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                    while let Some(message) = messages.next().await {
                        match message {
                            Ok(AsyncMessage::Notification(n)) => {
                                if tx.send(n).is_err() {
                                    break;
                                }
                            }
                            Ok(_) => {}
                            Err(e) => {
                                tracing::warn!(error = %e, "the LISTEN connection failed");
                                break;
                            }
                        }
                    }
                });
                let listening = client
                    .batch_execute(&format!("LISTEN {CHANNEL_MOVED}; LISTEN {CHANNEL_REVOKED}"))
                    .await;
                match listening {
                    Ok(()) => {
                        if let Some(ready) = ready.take() {
                            let _ = ready.send(());
                        }
                        catch_up(&pool, &hub).await;
                        while let Some(n) = rx.recv().await {
                            forward(&hub, n.channel(), n.payload());
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "LISTEN failed"),
                }
                driver.abort();
            }
            Err(e) => tracing::warn!(error = %e, "could not open the LISTEN connection"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn catch_up(pool: &Pool, hub: &Hub) {
    let followed = hub.followed();
    if followed.is_empty() {
        return;
    }
    let Ok(client) = pool.get().await else {
        return;
    };
    if let Ok(rows) = client
        .query(
            "SELECT id, last_seq FROM workspaces WHERE id = ANY($1)",
            &[&followed],
        )
        .await
    {
        for row in rows {
            hub.publish(row.get::<_, &str>(0), row.get(1));
        }
    }
}

fn forward(hub: &Hub, channel: &str, payload: &str) {
    match channel {
        CHANNEL_MOVED => {
            if let Some((workspace_id, cursor)) = payload.split_once(' ') {
                if let Ok(cursor) = cursor.parse() {
                    hub.publish(workspace_id, cursor);
                }
            }
        }
        CHANNEL_REVOKED => hub.publish_revoked(payload),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_reach_the_hub() {
        let hub = Hub::default();
        let mut rx = hub.subscribe("w1");
        forward(&hub, CHANNEL_MOVED, "w1 7");
        assert_eq!(*rx.borrow_and_update(), 7);
        forward(&hub, CHANNEL_MOVED, "w1 not-a-number");
        assert!(!rx.has_changed().unwrap());
        let mut revoked = hub.revocations();
        forward(&hub, CHANNEL_REVOKED, "d1");
        assert_eq!(revoked.try_recv().unwrap(), "d1");
    }
}
