//! Sync with other devices through `kith-sync-server`: the wire protocol shared with the server,
//! end-to-end encryption, where the device keeps its secrets, and the client.

pub mod account;
pub mod client;
pub mod crypto;
pub mod run;
pub mod secrets;
pub mod sign_in;

/// The wire types shared with the server, from the serde-only `kith-protocol` crate.
pub use kith_protocol as protocol;
