//! The live channel inside one server process: per workspace, the newest cursor its streams have
//! been told about, and a broadcast of revoked devices so their streams close at once.
//!
//! Stores feed it: SQLite after its push transaction commits, PostgreSQL from the connection that
//! `LISTEN`s, so a push to another instance reaches this one's streams too.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::{broadcast, watch};

/// The live channels: the newest sequence number of each followed workspace, device
/// revocations, and shutdown, broadcast to the open event streams.
pub struct Hub {
    workspaces: Mutex<HashMap<String, watch::Sender<i64>>>,
    revoked: broadcast::Sender<String>,
    closing: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            workspaces: Mutex::new(HashMap::new()),
            revoked: broadcast::channel(256).0,
            closing: watch::channel(false).0,
        }
    }
}

impl Hub {
    /// Follows a workspace's cursor. Subscribe before reading the cursor from the database and
    /// then [`publish`](Self::publish) what was read: no move can fall between the two.
    pub fn subscribe(&self, workspace_id: &str) -> watch::Receiver<i64> {
        let mut map = self.workspaces.lock().unwrap_or_else(|e| e.into_inner());
        // Forget workspaces nobody follows any more, so the map only holds live ones.
        map.retain(|_, sender| sender.receiver_count() > 0);
        map.entry(workspace_id.to_owned())
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    /// Tells the workspace's streams that its cursor reached `cursor`. A cursor never goes back,
    /// so an older or repeated value (a late notification) wakes nobody.
    pub fn publish(&self, workspace_id: &str, cursor: i64) {
        let map = self.workspaces.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = map.get(workspace_id) {
            sender.send_if_modified(|current| {
                if cursor > *current {
                    *current = cursor;
                    true
                } else {
                    false
                }
            });
        }
    }

    /// Workspaces that have live streams in this process.
    pub fn followed(&self) -> Vec<String> {
        let map = self.workspaces.lock().unwrap_or_else(|e| e.into_inner());
        map.iter()
            .filter(|(_, sender)| sender.receiver_count() > 0)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Tells the streams that `device_id` was revoked, so its stream ends.
    pub fn publish_revoked(&self, device_id: &str) {
        // An error only means no stream is open: nobody to tell.
        let _ = self.revoked.send(device_id.to_owned());
    }

    /// The revoked device ids, from now on.
    pub fn revocations(&self) -> broadcast::Receiver<String> {
        self.revoked.subscribe()
    }

    /// Ends every stream: the server is shutting down.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Becomes true when the server shuts down.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_only_moves_forward() {
        let hub = Hub::default();
        let mut rx = hub.subscribe("w");
        hub.publish("w", 3);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), 3);
        hub.publish("w", 2);
        hub.publish("w", 3);
        assert!(!rx.has_changed().unwrap());
        hub.publish("other", 9);
        assert!(!rx.has_changed().unwrap());
    }

    #[test]
    fn workspaces_without_streams_are_forgotten() {
        let hub = Hub::default();
        let rx = hub.subscribe("a");
        assert_eq!(hub.followed(), vec!["a".to_owned()]);
        drop(rx);
        let _b = hub.subscribe("b");
        assert_eq!(hub.followed(), vec!["b".to_owned()]);
    }
}
