//! Sync with other devices through `kith-sync-server`: the wire protocol shared with the server.

pub mod protocol;
